//! Rows imported from lists, by fingerprint: a row an agency imported once
//! is recognised when the same list (or a copy retyped without diacritics)
//! is imported again, and creates nothing new.

use super::id_column;
use super::m0003_organisation::Agencies;
use super::m0019_programme::stamp;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportFingerprints {
    Table,
    Id,
    AgencyId,
    Fingerprint,
    CaseId,
    FileName,
    Line,
    ImportedAt,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ImportFingerprints as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(id_column(F::Id))
                    .col(ColumnDef::new(F::AgencyId).big_integer().not_null())
                    .col(ColumnDef::new(F::Fingerprint).string_len(64).not_null())
                    .col(ColumnDef::new(F::CaseId).big_integer().not_null())
                    .col(ColumnDef::new(F::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(F::Line).integer().not_null())
                    .col(stamp(F::ImportedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(F::Table, F::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(F::Table, F::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_import_fingerprints_once")
                    .table(F::Table)
                    .col(F::AgencyId)
                    .col(F::Fingerprint)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportFingerprints::Table).to_owned())
            .await
    }
}
