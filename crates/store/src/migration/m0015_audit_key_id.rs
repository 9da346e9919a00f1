//! The database records which audit key sealed its history chains (a short
//! fingerprint, never the key): a wrong key file is named at start-up, and
//! an interrupted key rotation is finished by the key the database names.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditChainState {
    Table,
    KeyId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditChainState::Table)
                    .add_column(ColumnDef::new(AuditChainState::KeyId).string_len(16).null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditChainState::Table)
                    .drop_column(AuditChainState::KeyId)
                    .to_owned(),
            )
            .await
    }
}
