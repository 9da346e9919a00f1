//! The hotline's contacts, each a conversation kept by the hotline that
//! took it (the body is the operator's draft, as JSON; the columns beside
//! it are what lists, searches and figures filter on), the dispatches of
//! urgent ones to the agency of the place, and each contact's history.
//! The history is the contact's own, not the programme's: it may name a
//! caller, so it is read under the contact's policy.

use super::id_column;
use super::m0003_organisation::{Agencies, Users};
use super::m0005_cases::Cases;
use super::m0019_programme::{body, index, stamp};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Contacts {
    Table,
    Id,
    ContactNumber,
    KeeperAgencyId,
    OperatorUserId,
    Channel,
    Urgency,
    StartedAt,
    CallerNumber,
    PlaceUnitId,
    CaseId,
    FollowUpAt,
    FollowUpDoneAt,
    Body,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ContactDispatches {
    Table,
    Id,
    ContactId,
    AgencyId,
    Note,
    DispatchedAt,
    DispatchedBy,
    DueAt,
    EscalatedFromId,
    EscalatedAt,
    AnsweredAt,
    AnsweredBy,
    Answer,
}

#[derive(DeriveIden)]
enum ContactHistory {
    Table,
    Id,
    ContactId,
    Action,
    UserId,
    At,
    Before,
    After,
}

pub(super) fn optional_stamp(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

pub(super) fn to_users(
    table: impl IntoIden + 'static,
    column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Users::Table, Users::Id)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Contacts as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(id_column(C::Id))
                    .col(ColumnDef::new(C::ContactNumber).string_len(40).not_null())
                    .col(ColumnDef::new(C::KeeperAgencyId).big_integer().not_null())
                    .col(ColumnDef::new(C::OperatorUserId).big_integer().not_null())
                    .col(ColumnDef::new(C::Channel).string_len(30).not_null())
                    .col(ColumnDef::new(C::Urgency).string_len(30).not_null())
                    .col(stamp(C::StartedAt))
                    .col(ColumnDef::new(C::CallerNumber).string_len(20).null())
                    .col(ColumnDef::new(C::PlaceUnitId).string_len(40).null())
                    .col(ColumnDef::new(C::CaseId).big_integer().null())
                    .col(optional_stamp(C::FollowUpAt))
                    .col(optional_stamp(C::FollowUpDoneAt))
                    .col(body(C::Body))
                    .col(ColumnDef::new(C::Version).big_integer().not_null())
                    .col(stamp(C::CreatedAt))
                    .col(stamp(C::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::KeeperAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(&mut to_users(C::Table, C::OperatorUserId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            ("idx_contacts_number", &["contact_number"][..], true),
            (
                "idx_contacts_keeper_started",
                &["keeper_agency_id", "started_at"][..],
                false,
            ),
            ("idx_contacts_caller_number", &["caller_number"][..], false),
            ("idx_contacts_case", &["case_id"][..], false),
            (
                "idx_contacts_follow_up",
                &["operator_user_id", "follow_up_at"][..],
                false,
            ),
        ] {
            let mut statement = index(name, C::Table, columns);
            if unique {
                statement.unique();
            }
            manager.create_index(statement).await?;
        }

        use ContactDispatches as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(id_column(D::Id))
                    .col(ColumnDef::new(D::ContactId).big_integer().not_null())
                    .col(ColumnDef::new(D::AgencyId).big_integer().not_null())
                    .col(ColumnDef::new(D::Note).text().not_null())
                    .col(stamp(D::DispatchedAt))
                    .col(ColumnDef::new(D::DispatchedBy).big_integer().null())
                    .col(stamp(D::DueAt))
                    .col(ColumnDef::new(D::EscalatedFromId).big_integer().null())
                    .col(optional_stamp(D::EscalatedAt))
                    .col(optional_stamp(D::AnsweredAt))
                    .col(ColumnDef::new(D::AnsweredBy).big_integer().null())
                    .col(ColumnDef::new(D::Answer).text().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::ContactId)
                            .to(C::Table, C::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(&mut to_users(D::Table, D::DispatchedBy))
                    .foreign_key(&mut to_users(D::Table, D::AnsweredBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_contact_dispatches_contact",
                D::Table,
                &["contact_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_contact_dispatches_agency",
                D::Table,
                &["agency_id", "answered_at"],
            ))
            .await?;
        manager
            .create_index(index("idx_contact_dispatches_due", D::Table, &["due_at"]))
            .await?;

        use ContactHistory as H;
        manager
            .create_table(
                Table::create()
                    .table(H::Table)
                    .col(id_column(H::Id))
                    .col(ColumnDef::new(H::ContactId).big_integer().not_null())
                    .col(ColumnDef::new(H::Action).string_len(30).not_null())
                    .col(ColumnDef::new(H::UserId).big_integer().null())
                    .col(stamp(H::At))
                    .col(ColumnDef::new(H::Before).text().null())
                    .col(body(H::After))
                    .foreign_key(
                        ForeignKey::create()
                            .from(H::Table, H::ContactId)
                            .to(C::Table, C::Id),
                    )
                    .foreign_key(&mut to_users(H::Table, H::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_contact_history_contact",
                H::Table,
                &["contact_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ContactHistory::Table.into_iden(),
            ContactDispatches::Table.into_iden(),
            Contacts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
