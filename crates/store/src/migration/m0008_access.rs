//! The access log (every read of a case, every emergency access, every
//! denial), break-the-glass grants, and the notifications they send the
//! lead agency.

use super::id_column;
use super::m0003_organisation::{Agencies, Users};
use super::m0005_cases::Cases;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AccessLog {
    Table,
    Id,
    At,
    UserId,
    AgencyId,
    Action,
    CaseNumber,
    Outcome,
    Detail,
}

#[derive(DeriveIden)]
enum EmergencyGrants {
    Table,
    Id,
    UserId,
    CaseId,
    Reason,
    GrantedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    AgencyId,
    Kind,
    CaseId,
    FromUserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AccessLog::Table)
                    .col(id_column(AccessLog::Id))
                    .col(
                        ColumnDef::new(AccessLog::At)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(AccessLog::UserId).big_integer().not_null())
                    .col(ColumnDef::new(AccessLog::AgencyId).big_integer().not_null())
                    .col(ColumnDef::new(AccessLog::Action).string_len(40).not_null())
                    .col(ColumnDef::new(AccessLog::CaseNumber).string_len(20).null())
                    .col(ColumnDef::new(AccessLog::Outcome).string_len(10).not_null())
                    .col(ColumnDef::new(AccessLog::Detail).string_len(40).null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccessLog::Table, AccessLog::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_access_log_case", AccessLog::CaseNumber),
            ("idx_access_log_user", AccessLog::UserId),
            ("idx_access_log_at", AccessLog::At),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AccessLog::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(EmergencyGrants::Table)
                    .col(id_column(EmergencyGrants::Id))
                    .col(
                        ColumnDef::new(EmergencyGrants::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(EmergencyGrants::CaseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(EmergencyGrants::Reason).text().not_null())
                    .col(
                        ColumnDef::new(EmergencyGrants::GrantedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(EmergencyGrants::ExpiresAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmergencyGrants::Table, EmergencyGrants::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmergencyGrants::Table, EmergencyGrants::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_emergency_grants_user_case")
                    .table(EmergencyGrants::Table)
                    .col(EmergencyGrants::UserId)
                    .col(EmergencyGrants::CaseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(id_column(Notifications::Id))
                    .col(
                        ColumnDef::new(Notifications::AgencyId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Notifications::Kind)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Notifications::CaseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Notifications::FromUserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Notifications::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notifications::Table, Notifications::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_agency")
                    .table(Notifications::Table)
                    .col(Notifications::AgencyId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notifications::Table.into_iden(),
            EmergencyGrants::Table.into_iden(),
            AccessLog::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
