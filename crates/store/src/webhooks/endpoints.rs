//! Registering and retiring endpoints. The secret deliveries are signed
//! with is made here, returned once, and never read out again: a lost
//! secret means a new endpoint.

use super::{split_codes, Endpoint, Registered, Webhooks};
use crate::entities::{webhook_delivery, webhook_endpoint};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use haven_domain::ids::WebhookEndpointId;
use haven_domain::webhook::{NewEndpoint, WebhookEvent};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

/// Bytes of a signing secret (written as 64 hex digits).
const SECRET_BYTES: usize = 32;

impl Webhooks<'_> {
    /// Registers an endpoint for the kinds it wants, from now on.
    pub async fn register(
        &self,
        new: &NewEndpoint,
        by_user_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Registered> {
        let new = new.normalised();
        new.check()?;
        let secret = hex::encode(rand::random::<[u8; SECRET_BYTES]>());
        let txn = self.store.begin_write().await?;
        // Two active endpoints at one address would receive everything twice.
        let taken = webhook_endpoint::Entity::find()
            .filter(webhook_endpoint::Column::Url.eq(new.url.as_str()))
            .filter(webhook_endpoint::Column::Active.eq(true))
            .count(&*txn)
            .await?;
        if taken > 0 {
            return Err(StoreError::Invalid(haven_domain::Violations(vec![
                haven_domain::Violation::new(
                    "url",
                    "already_registered",
                    "Địa chỉ này đã được đăng ký và đang nhận: hãy chọn thêm loại sự kiện bằng cách ngừng rồi đăng ký lại.",
                    "This address is already registered and receiving: to change its kinds of event, stop it and register it again.",
                ),
            ])));
        }
        let row = webhook_endpoint::ActiveModel {
            url: Set(new.url.clone()),
            events: Set(join_events(&new.events)),
            secret: Set(secret.clone()),
            active: Set(true),
            version: Set(1),
            created_by: Set(by_user_id),
            created_at: Set(now),
            deactivated_at: Set(None),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        tracing::info!(endpoint_id = row.id, "webhook endpoint registered");
        Ok(Registered {
            endpoint: endpoint_of(row, 0, 0),
            secret,
        })
    }

    /// Every endpoint, newest first, with its pending and failed deliveries.
    pub async fn endpoints(&self) -> StoreResult<Vec<Endpoint>> {
        let rows = webhook_endpoint::Entity::find()
            .order_by_desc(webhook_endpoint::Column::Id)
            .all(self.store.db())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let pending = self.count(row.id, "pending").await?;
            let failed = self.count(row.id, "failed").await?;
            out.push(endpoint_of(row, pending, failed));
        }
        Ok(out)
    }

    pub async fn endpoint(&self, id: WebhookEndpointId) -> StoreResult<Option<Endpoint>> {
        let Some(row) = webhook_endpoint::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
        else {
            return Ok(None);
        };
        let pending = self.count(row.id, "pending").await?;
        let failed = self.count(row.id, "failed").await?;
        Ok(Some(endpoint_of(row, pending, failed)))
    }

    /// Stops sending to an endpoint: nothing new is queued for it, and what
    /// waits is given up. For good: an endpoint is not switched back on.
    pub async fn deactivate(
        &self,
        id: WebhookEndpointId,
        expected_version: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Endpoint> {
        let txn = self.store.begin_write().await?;
        let row = webhook_endpoint::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound {
                what: "webhook endpoint",
            })?;
        if row.version != expected_version {
            return Err(StoreError::StaleVersion {
                expected: expected_version,
                current: row.version,
            });
        }
        if !row.active {
            return Err(StoreError::Rejected(haven_domain::case::Rejection::new(
                "already_stopped",
                "Địa chỉ này đã ngừng nhận rồi.",
                "Sending to this address was already stopped.",
            )));
        }
        let updated = webhook_endpoint::Entity::update_many()
            .col_expr(webhook_endpoint::Column::Active, Expr::value(false))
            .col_expr(webhook_endpoint::Column::DeactivatedAt, Expr::value(now))
            .col_expr(
                webhook_endpoint::Column::Version,
                Expr::value(row.version.saturating_add(1)),
            )
            .filter(webhook_endpoint::Column::Id.eq(row.id))
            .filter(webhook_endpoint::Column::Version.eq(row.version))
            .exec(&*txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::StaleVersion {
                expected: expected_version,
                current: row.version.saturating_add(1),
            });
        }
        webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::Status, Expr::value("failed"))
            .col_expr(
                webhook_delivery::Column::LastError,
                Expr::value("deactivated"),
            )
            .filter(webhook_delivery::Column::EndpointId.eq(row.id))
            .filter(webhook_delivery::Column::Status.eq("pending"))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        tracing::info!(endpoint_id = row.id, "webhook endpoint deactivated");
        self.endpoint(id).await?.ok_or(StoreError::NotFound {
            what: "webhook endpoint",
        })
    }

    async fn count(&self, endpoint_id: i64, status: &str) -> StoreResult<u64> {
        Ok(webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
            .filter(webhook_delivery::Column::Status.eq(status))
            .count(self.store.db())
            .await?)
    }
}

pub(super) fn join_events(events: &[WebhookEvent]) -> String {
    events
        .iter()
        .map(|e| e.code())
        .collect::<Vec<_>>()
        .join(",")
}

pub(super) fn events_of(joined: &str) -> Vec<WebhookEvent> {
    split_codes(joined)
        .iter()
        .filter_map(|code| WebhookEvent::from_code(code))
        .collect()
}

fn endpoint_of(row: webhook_endpoint::Model, pending: u64, failed: u64) -> Endpoint {
    Endpoint {
        id: WebhookEndpointId(row.id),
        events: events_of(&row.events),
        url: row.url,
        active: row.active,
        version: row.version,
        created_by: row.created_by,
        created_at: row.created_at,
        deactivated_at: row.deactivated_at,
        pending,
        failed,
    }
}
