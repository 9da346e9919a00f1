//! Link requests between a new case and a person known to another agency
//! (the receiving agency asks, the agency leading that person's case
//! answers and chooses what to share), and the write gate: an empty table
//! every SQLite write transaction touches first, so it takes the write lock
//! before it reads anything (see `Store::begin_write`).

use super::id_column;
use super::m0003_organisation::{Agencies, Users};
use super::m0005_cases::{Cases, Persons};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PersonLinkRequests {
    Table,
    Id,
    RequestingCaseId,
    RequestingAgencyId,
    RequestedBy,
    KnownPersonId,
    AnsweringCaseId,
    Reason,
    Status,
    SharedFields,
    AnswerComment,
    AnsweredBy,
    AnsweredAt,
    CreatedAt,
    Version,
}

#[derive(DeriveIden)]
enum WriteGate {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PersonLinkRequests as L;
        let fk = |column: L, table: DynIden, to: DynIden| {
            ForeignKey::create()
                .from(L::Table, column)
                .to(table, to)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(id_column(L::Id))
                    .col(ColumnDef::new(L::RequestingCaseId).big_integer().not_null())
                    .col(
                        ColumnDef::new(L::RequestingAgencyId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(L::RequestedBy).big_integer().not_null())
                    .col(ColumnDef::new(L::KnownPersonId).big_integer().not_null())
                    .col(ColumnDef::new(L::AnsweringCaseId).big_integer().not_null())
                    .col(ColumnDef::new(L::Reason).text().not_null())
                    .col(ColumnDef::new(L::Status).string_len(20).not_null())
                    .col(ColumnDef::new(L::SharedFields).text().null())
                    .col(ColumnDef::new(L::AnswerComment).text().null())
                    .col(ColumnDef::new(L::AnsweredBy).big_integer().null())
                    .col(
                        ColumnDef::new(L::AnsweredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(L::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(L::Version).big_integer().not_null())
                    .foreign_key(&mut fk(
                        L::RequestingCaseId,
                        Cases::Table.into_iden(),
                        Cases::Id.into_iden(),
                    ))
                    .foreign_key(&mut fk(
                        L::AnsweringCaseId,
                        Cases::Table.into_iden(),
                        Cases::Id.into_iden(),
                    ))
                    .foreign_key(&mut fk(
                        L::RequestingAgencyId,
                        Agencies::Table.into_iden(),
                        Agencies::Id.into_iden(),
                    ))
                    .foreign_key(&mut fk(
                        L::RequestedBy,
                        Users::Table.into_iden(),
                        Users::Id.into_iden(),
                    ))
                    .foreign_key(&mut fk(
                        L::AnsweredBy,
                        Users::Table.into_iden(),
                        Users::Id.into_iden(),
                    ))
                    .foreign_key(&mut fk(
                        L::KnownPersonId,
                        Persons::Table.into_iden(),
                        Persons::Id.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_person_link_requests_requesting", L::RequestingCaseId),
            ("idx_person_link_requests_answering", L::AnsweringCaseId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(L::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(WriteGate::Table)
                    .col(
                        ColumnDef::new(WriteGate::Id)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WriteGate::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PersonLinkRequests::Table).to_owned())
            .await
    }
}
