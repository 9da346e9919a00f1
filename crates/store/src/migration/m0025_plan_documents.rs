//! Documents attached to a plan (the signed plan, its decision, an annex of
//! targets): kept as the case attachments are — sealed in the attachment
//! directory under a random name, with their SHA-256 — and listed here,
//! one row each, withdrawn rather than deleted.

use super::id_column;
use super::m0003_organisation::Users;
use super::m0019_programme::{index, stamp, Plans};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlanDocuments {
    Table,
    Id,
    PlanId,
    FileId,
    FileName,
    MediaType,
    SizeBytes,
    Sha256,
    Description,
    AttachedBy,
    AttachedAt,
    WithdrawnAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PlanDocuments as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(id_column(D::Id))
                    .col(ColumnDef::new(D::PlanId).big_integer().not_null())
                    .col(ColumnDef::new(D::FileId).string_len(80).not_null())
                    .col(ColumnDef::new(D::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(D::MediaType).string_len(100).not_null())
                    .col(ColumnDef::new(D::SizeBytes).big_integer().not_null())
                    .col(ColumnDef::new(D::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(D::Description).text().null())
                    .col(ColumnDef::new(D::AttachedBy).big_integer().not_null())
                    .col(stamp(D::AttachedAt))
                    .col(
                        ColumnDef::new(D::WithdrawnAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::PlanId)
                            .to(Plans::Table, Plans::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::AttachedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_plan_documents_plan", D::Table, &["plan_id"]))
            .await?;
        manager
            .create_index(
                index("idx_plan_documents_file", D::Table, &["file_id"])
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlanDocuments::Table).to_owned())
            .await
    }
}
