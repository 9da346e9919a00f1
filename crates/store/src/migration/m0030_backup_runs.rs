//! Scheduled backups: one row a day (`day` is unique), claimed by the first
//! Haven process to get there, so several processes on one database make
//! one backup a day; the outcome is kept for the administrators.

use super::id_column;
use super::m0019_programme::{index, stamp};
use super::m0026_contacts::optional_stamp;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BackupRuns {
    Table,
    Id,
    Day,
    StartedAt,
    FinishedAt,
    Status,
    File,
    Bytes,
    Error,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use BackupRuns as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(id_column(B::Id))
                    .col(ColumnDef::new(B::Day).date().not_null().unique_key())
                    .col(stamp(B::StartedAt))
                    .col(optional_stamp(B::FinishedAt))
                    .col(ColumnDef::new(B::Status).string_len(20).not_null())
                    .col(ColumnDef::new(B::File).string_len(500).null())
                    .col(ColumnDef::new(B::Bytes).big_integer().null())
                    .col(ColumnDef::new(B::Error).string_len(500).null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_backup_runs_started", B::Table, &["started_at"]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BackupRuns::Table).to_owned())
            .await
    }
}
