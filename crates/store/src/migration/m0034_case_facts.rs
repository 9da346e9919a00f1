//! `case_facts`: each case's statistical facts (name-free, folded from its
//! history by the domain), kept by the write path in the transaction of
//! the step they follow from. A report reads the facts of the cases that
//! can count in its period and area — by the span's index — instead of
//! folding every history of the installation.
//!
//! The rows are filled by `Store::refresh_kept_lookups` (the span needs
//! the configured follow-up schedule, which a migration does not have).

use super::m0005_cases::Cases;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseFacts {
    Table,
    CaseId,
    LeadAgencyId,
    ProvinceCode,
    FirstOn,
    LastOn,
    Facts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseFacts::Table)
                    .col(
                        ColumnDef::new(CaseFacts::CaseId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(CaseFacts::LeadAgencyId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CaseFacts::ProvinceCode)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(ColumnDef::new(CaseFacts::FirstOn).date().not_null())
                    .col(ColumnDef::new(CaseFacts::LastOn).date().not_null())
                    .col(ColumnDef::new(CaseFacts::Facts).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseFacts::Table, CaseFacts::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // A period's cases are those whose span reaches into it: most
        // reports are of recent periods, so the last day leads.
        for (name, columns) in [
            ("idx_case_facts_last", vec![CaseFacts::LastOn]),
            (
                "idx_case_facts_province_last",
                vec![CaseFacts::ProvinceCode, CaseFacts::LastOn],
            ),
            (
                "idx_case_facts_lead_last",
                vec![CaseFacts::LeadAgencyId, CaseFacts::LastOn],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CaseFacts::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseFacts::Table).to_owned())
            .await
    }
}
