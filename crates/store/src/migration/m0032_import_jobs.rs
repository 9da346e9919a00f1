//! Imports done from the page: each upload is a job the user takes from
//! columns to check to confirmation, kept so it can be followed while it
//! runs, finished after an interruption and looked back on; and the
//! column mappings an agency confirmed, for the next file of the same shape.

use super::id_column;
use super::m0003_organisation::{Agencies, Users};
use super::m0019_programme::stamp;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    Id,
    AgencyId,
    UserId,
    FileName,
    FileId,
    FileSha256,
    ShapeKey,
    Mapping,
    Decisions,
    Status,
    RowsReady,
    RowsDone,
    Created,
    Linked,
    Skipped,
    AlreadyImported,
    Failure,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ImportMappings {
    Table,
    Id,
    AgencyId,
    ShapeKey,
    Mapping,
    SavedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ImportJobs as J;
        let count = |name: ImportJobs| {
            ColumnDef::new(name)
                .big_integer()
                .not_null()
                .default(0)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(J::Table)
                    .col(id_column(J::Id))
                    .col(ColumnDef::new(J::AgencyId).big_integer().not_null())
                    .col(ColumnDef::new(J::UserId).big_integer().not_null())
                    .col(ColumnDef::new(J::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(J::FileId).string_len(64).not_null())
                    .col(ColumnDef::new(J::FileSha256).string_len(64).not_null())
                    .col(ColumnDef::new(J::ShapeKey).string_len(64).not_null())
                    .col(ColumnDef::new(J::Mapping).text().null())
                    .col(ColumnDef::new(J::Decisions).text().not_null())
                    .col(ColumnDef::new(J::Status).string_len(16).not_null())
                    .col(count(J::RowsReady))
                    .col(count(J::RowsDone))
                    .col(count(J::Created))
                    .col(count(J::Linked))
                    .col(count(J::Skipped))
                    .col(count(J::AlreadyImported))
                    .col(ColumnDef::new(J::Failure).text().null())
                    .col(ColumnDef::new(J::Version).big_integer().not_null())
                    .col(stamp(J::CreatedAt))
                    .col(stamp(J::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(J::Table, J::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(J::Table, J::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_import_jobs_agency")
                    .table(J::Table)
                    .col(J::AgencyId)
                    .col(J::CreatedAt)
                    .to_owned(),
            )
            .await?;
        use ImportMappings as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(id_column(M::Id))
                    .col(ColumnDef::new(M::AgencyId).big_integer().not_null())
                    .col(ColumnDef::new(M::ShapeKey).string_len(64).not_null())
                    .col(ColumnDef::new(M::Mapping).text().not_null())
                    .col(stamp(M::SavedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(M::Table, M::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_import_mappings_shape")
                    .table(M::Table)
                    .col(M::AgencyId)
                    .col(M::ShapeKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportMappings::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ImportJobs::Table).to_owned())
            .await
    }
}
