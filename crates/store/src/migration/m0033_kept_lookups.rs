//! Lookups the write path keeps, so that a search, a duplicate check or an
//! "overdue" filter reads an index instead of every person or case:
//! - `case_name_tokens`: each word of the names of a case's person, filed
//!   under the agency leading the case (names are searched only there);
//! - `person_match_keys`: the blocking keys of each person, as keyed hashes
//!   (the identity numbers among them are no longer kept in clear, so the
//!   clear-text `person_identity_numbers` index goes);
//! - `cases.next_due_on`: the earliest open deadline of the case;
//! - `kept_derivations`: what each kept lookup was last built with (the
//!   deadline rules, the key), so a change rebuilds it.
//!
//! The rows are filled by `Store::refresh_kept_lookups`, which `serve` runs
//! before it answers: the keys need the audit key, the deadlines the
//! configured rules, and a migration has neither.

use super::m0005_cases::Cases;
use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseNameTokens {
    Table,
    AgencyId,
    Token,
    CaseId,
}

#[derive(DeriveIden)]
enum PersonMatchKeys {
    Table,
    MatchKey,
    PersonId,
}

#[derive(DeriveIden)]
enum KeptDerivations {
    Table,
    Name,
    Fingerprint,
}

#[derive(DeriveIden)]
enum PersonIdentityNumbers {
    Table,
}

#[derive(DeriveIden)]
enum NextDueOn {
    NextDueOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Prefix searches are ranges over the tokens: on PostgreSQL the
        // column compares byte by byte, as SQLite's does by default, so a
        // range is the same on both whatever the database's locale.
        let mut token = ColumnDef::new(CaseNameTokens::Token);
        token.string_len(80).not_null();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            token.extra("COLLATE \"C\"");
        }
        manager
            .create_table(
                Table::create()
                    .table(CaseNameTokens::Table)
                    .col(
                        ColumnDef::new(CaseNameTokens::AgencyId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(token)
                    .col(
                        ColumnDef::new(CaseNameTokens::CaseId)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(CaseNameTokens::AgencyId)
                            .col(CaseNameTokens::Token)
                            .col(CaseNameTokens::CaseId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseNameTokens::Table, CaseNameTokens::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_name_tokens_case")
                    .table(CaseNameTokens::Table)
                    .col(CaseNameTokens::CaseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PersonMatchKeys::Table)
                    .col(
                        ColumnDef::new(PersonMatchKeys::MatchKey)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PersonMatchKeys::PersonId)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(PersonMatchKeys::MatchKey)
                            .col(PersonMatchKeys::PersonId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_person_match_keys_person")
                    .table(PersonMatchKeys::Table)
                    .col(PersonMatchKeys::PersonId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KeptDerivations::Table)
                    .col(
                        ColumnDef::new(KeptDerivations::Name)
                            .string_len(40)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(KeptDerivations::Fingerprint)
                            .string_len(64)
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(ColumnDef::new(NextDueOn::NextDueOn).date().null())
                    .to_owned(),
            )
            .await?;
        // The list's sort within an agency, and the overdue range.
        for (name, columns) in [
            (
                "idx_cases_lead_received",
                vec![Cases::LeadAgencyId, Cases::ReceivedOn],
            ),
            ("idx_cases_received", vec![Cases::ReceivedOn]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Cases::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_cases_next_due")
                    .table(Cases::Table)
                    .col(NextDueOn::NextDueOn)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(PersonIdentityNumbers::Table).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the kept lookups are not undone: restore a backup taken before".into(),
        ))
    }
}
