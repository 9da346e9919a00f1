//! Webhooks: the endpoints administrators register (`webhook_endpoints`)
//! and an outbox of deliveries (`webhook_deliveries`), written in the
//! transaction of the event they tell of and sent by a worker, tried again
//! with backoff. A delivery holds codes and numbers only: no personal data.

use super::id_column;
use super::m0019_programme::{body, index, stamp};
use super::m0026_contacts::{optional_stamp, to_users};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    Url,
    Events,
    Secret,
    Active,
    Version,
    CreatedBy,
    CreatedAt,
    DeactivatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    EndpointId,
    EventId,
    Event,
    SubjectRef,
    AgencyCodes,
    OccurredAt,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    LastStatus,
    CreatedAt,
    DeliveredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use WebhookEndpoints as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(id_column(E::Id))
                    .col(ColumnDef::new(E::Url).string_len(500).not_null())
                    .col(body(E::Events))
                    .col(ColumnDef::new(E::Secret).string_len(64).not_null())
                    .col(ColumnDef::new(E::Active).boolean().not_null())
                    .col(ColumnDef::new(E::Version).big_integer().not_null())
                    .col(ColumnDef::new(E::CreatedBy).big_integer().not_null())
                    .col(stamp(E::CreatedAt))
                    .col(optional_stamp(E::DeactivatedAt))
                    .foreign_key(&mut to_users(E::Table, E::CreatedBy))
                    .to_owned(),
            )
            .await?;
        use WebhookDeliveries as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(id_column(D::Id))
                    .col(ColumnDef::new(D::EndpointId).big_integer().not_null())
                    .col(ColumnDef::new(D::EventId).string_len(32).not_null())
                    .col(ColumnDef::new(D::Event).string_len(40).not_null())
                    .col(ColumnDef::new(D::SubjectRef).string_len(80).not_null())
                    .col(body(D::AgencyCodes))
                    .col(stamp(D::OccurredAt))
                    .col(ColumnDef::new(D::Status).string_len(20).not_null())
                    .col(ColumnDef::new(D::Attempts).integer().not_null())
                    .col(stamp(D::NextAttemptAt))
                    .col(optional_stamp(D::ClaimedUntil))
                    .col(ColumnDef::new(D::LastError).string_len(40).null())
                    .col(ColumnDef::new(D::LastStatus).integer().null())
                    .col(stamp(D::CreatedAt))
                    .col(optional_stamp(D::DeliveredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::EndpointId)
                            .to(E::Table, E::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_webhook_deliveries_due",
                &["status", "next_attempt_at"][..],
            ),
            (
                "idx_webhook_deliveries_endpoint",
                &["endpoint_id", "id"][..],
            ),
        ] {
            manager.create_index(index(name, D::Table, columns)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WebhookDeliveries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(WebhookEndpoints::Table).to_owned())
            .await
    }
}
