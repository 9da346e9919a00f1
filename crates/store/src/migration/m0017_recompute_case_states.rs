//! Case states learn consents (a referral shares identity only on consent to
//! share with that agency, and says why not) and the latest risk level: the
//! states stored before are recomputed from their histories.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::cases::recompute_states(manager.get_connection()).await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The states stay as recomputed: the older derivation is gone with the older binary.
        Ok(())
    }
}
