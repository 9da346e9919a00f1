//! The deliveries waiting to be sent: claimed by one worker at a time
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL; one writer on SQLite), marked
//! delivered, or tried again with the email outbox's backoff until the
//! last attempt.

use super::{split_codes, Delivery, DeliveryStatus, Webhooks};
use crate::entities::{webhook_delivery, webhook_endpoint};
use crate::error::StoreResult;
use chrono::{DateTime, Duration, Utc};
use haven_domain::ids::{WebhookDeliveryId, WebhookEndpointId};
use haven_domain::notice::retry_delay;
use haven_domain::webhook::{WebhookEvent, MAX_DELIVERY_ATTEMPTS};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// The most deliveries a listing shows.
const LISTED_AT_MOST: u64 = 200;

/// A delivery a worker holds to send, with where to and the key to sign with.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingDelivery {
    pub id: WebhookDeliveryId,
    pub url: String,
    pub secret: String,
    pub event_id: String,
    pub event: WebhookEvent,
    pub subject_ref: String,
    pub agency_codes: Vec<String>,
    pub occurred_at: DateTime<Utc>,
    pub attempts: i32,
}

impl std::fmt::Debug for OutgoingDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingDelivery")
            .field("id", &self.id)
            .field("event", &self.event)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// Why an attempt failed, as a class: an endpoint's own answer is not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryFailure {
    /// No connection, or it broke.
    Unreachable,
    /// No answer in time.
    Timeout,
    /// The endpoint answered with a status other than 2xx.
    Status(u16),
}

impl DeliveryFailure {
    fn code(self) -> &'static str {
        match self {
            DeliveryFailure::Unreachable => "unreachable",
            DeliveryFailure::Timeout => "timeout",
            DeliveryFailure::Status(_) => "status",
        }
    }
}

/// Which deliveries a listing shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryFilter {
    pub endpoint: Option<WebhookEndpointId>,
    pub status: Option<DeliveryStatus>,
}

impl Webhooks<'_> {
    /// Claims up to `limit` deliveries due at `now` for `hold`; a worker
    /// that dies holding some lets them go when the hold ends.
    pub async fn claim(
        &self,
        now: DateTime<Utc>,
        hold: Duration,
        limit: u64,
    ) -> StoreResult<Vec<OutgoingDelivery>> {
        let txn = self.store.begin_write().await?;
        let mut due = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::Status.eq("pending"))
            .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
            .filter(
                Condition::any()
                    .add(webhook_delivery::Column::ClaimedUntil.is_null())
                    .add(webhook_delivery::Column::ClaimedUntil.lt(now)),
            )
            .order_by_asc(webhook_delivery::Column::Id)
            .limit(limit.clamp(1, 100));
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let rows = due.all(&*txn).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let endpoints: HashMap<i64, webhook_endpoint::Model> = webhook_endpoint::Entity::find()
            .filter(webhook_endpoint::Column::Id.is_in(rows.iter().map(|r| r.endpoint_id)))
            .filter(webhook_endpoint::Column::Active.eq(true))
            .all(&*txn)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        webhook_delivery::Entity::update_many()
            .col_expr(
                webhook_delivery::Column::ClaimedUntil,
                Expr::value(now + hold),
            )
            .filter(webhook_delivery::Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let endpoint = endpoints.get(&r.endpoint_id)?;
                Some(OutgoingDelivery {
                    id: WebhookDeliveryId(r.id),
                    url: endpoint.url.clone(),
                    secret: endpoint.secret.clone(),
                    event_id: r.event_id,
                    event: WebhookEvent::from_code(&r.event)?,
                    subject_ref: r.subject_ref,
                    agency_codes: split_codes(&r.agency_codes),
                    occurred_at: r.occurred_at,
                    attempts: r.attempts,
                })
            })
            .collect())
    }

    /// The endpoint took it (answered 2xx).
    pub async fn delivered(
        &self,
        id: WebhookDeliveryId,
        status: u16,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::Status, Expr::value("delivered"))
            .col_expr(webhook_delivery::Column::DeliveredAt, Expr::value(now))
            .col_expr(
                webhook_delivery::Column::LastStatus,
                Expr::value(i32::from(status)),
            )
            .col_expr(
                webhook_delivery::Column::LastError,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                webhook_delivery::Column::ClaimedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                webhook_delivery::Column::Attempts,
                Expr::col(webhook_delivery::Column::Attempts).add(1),
            )
            .filter(webhook_delivery::Column::Id.eq(id.get()))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// An attempt failed: tried again after the backoff, or given up after
    /// the last attempt.
    pub async fn failed(
        &self,
        id: WebhookDeliveryId,
        failure: DeliveryFailure,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        let Some(row) = webhook_delivery::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
        else {
            return Ok(());
        };
        let attempts = row.attempts.saturating_add(1);
        let gives_up = attempts >= MAX_DELIVERY_ATTEMPTS;
        let mut active: webhook_delivery::ActiveModel = row.into();
        active.attempts = Set(attempts);
        active.claimed_until = Set(None);
        active.last_error = Set(Some(failure.code().to_owned()));
        active.last_status = Set(match failure {
            DeliveryFailure::Status(status) => Some(i32::from(status)),
            DeliveryFailure::Unreachable | DeliveryFailure::Timeout => None,
        });
        if gives_up {
            active.status = Set("failed".into());
        } else {
            active.next_attempt_at = Set(now + retry_delay(attempts));
        }
        active.update(&*txn).await?;
        txn.commit().await?;
        tracing::warn!(
            delivery_id = id.get(),
            attempts,
            failure = failure.code(),
            given_up = gives_up,
            "a webhook endpoint did not take a delivery"
        );
        Ok(())
    }

    /// The latest deliveries the filter selects, newest first.
    pub async fn deliveries(&self, filter: DeliveryFilter) -> StoreResult<Vec<Delivery>> {
        let mut select = webhook_delivery::Entity::find()
            .order_by_desc(webhook_delivery::Column::Id)
            .limit(LISTED_AT_MOST);
        if let Some(endpoint) = filter.endpoint {
            select = select.filter(webhook_delivery::Column::EndpointId.eq(endpoint.get()));
        }
        if let Some(status) = filter.status {
            select = select.filter(webhook_delivery::Column::Status.eq(status.code()));
        }
        Ok(select
            .all(self.store.db())
            .await?
            .into_iter()
            .filter_map(Delivery::from_row)
            .collect())
    }
}
