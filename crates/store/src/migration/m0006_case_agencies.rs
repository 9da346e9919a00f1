//! Which agencies are involved in each case (the lead, and those referred it
//! and not declining), kept by the write path so "my agency's cases" is one
//! indexed query on both backends.

use super::m0003_organisation::Agencies;
use super::m0005_cases::Cases;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum CaseAgencies {
    Table,
    CaseId,
    AgencyId,
    Relation,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseAgencies::Table)
                    .col(
                        ColumnDef::new(CaseAgencies::CaseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CaseAgencies::AgencyId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CaseAgencies::Relation)
                            .string_len(20)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(CaseAgencies::CaseId)
                            .col(CaseAgencies::AgencyId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseAgencies::Table, CaseAgencies::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseAgencies::Table, CaseAgencies::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_agencies_agency")
                    .table(CaseAgencies::Table)
                    .col(CaseAgencies::AgencyId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseAgencies::Table).to_owned())
            .await
    }
}
