//! Webhooks: other systems told when something happens. Administrators
//! register endpoints for kinds of event; each event is written to an
//! outbox of deliveries in its own transaction (one per endpoint that wants
//! it), and a worker sends them, each claimed by one worker at a time and
//! tried again with backoff, as the email outbox does. A delivery holds the
//! kind, a number, agency codes and a time: never personal data.
//!
//! `store.webhooks()` gives a [`Webhooks`], whose methods are all there is.

mod endpoints;
mod outbox;
mod raise;

use crate::store::Store;
use chrono::{DateTime, Utc};
use haven_domain::ids::{WebhookDeliveryId, WebhookEndpointId};
use haven_domain::webhook::WebhookEvent;
use serde::Serialize;

pub use outbox::{DeliveryFailure, DeliveryFilter, OutgoingDelivery};
pub(crate) use raise::{raise, raise_for_step, NewEvent};

/// The webhook endpoints and their outbox in one store.
pub struct Webhooks<'a> {
    store: &'a Store,
}

impl Store {
    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks { store: self }
    }
}

/// An endpoint as administrators see it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Endpoint {
    pub id: WebhookEndpointId,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub active: bool,
    pub version: i64,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub deactivated_at: Option<DateTime<Utc>>,
    /// Deliveries waiting to be sent or tried again.
    pub pending: u64,
    /// Deliveries given up.
    pub failed: u64,
}

/// A new endpoint and its signing secret, which is shown this once.
#[derive(Clone, PartialEq, Eq)]
pub struct Registered {
    pub endpoint: Endpoint,
    pub secret: String,
}

impl std::fmt::Debug for Registered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registered")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    /// Given up after the last attempt.
    Failed,
}

impl DeliveryStatus {
    pub fn code(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    fn from_code(code: &str) -> Option<DeliveryStatus> {
        [
            DeliveryStatus::Pending,
            DeliveryStatus::Delivered,
            DeliveryStatus::Failed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// One delivery as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    pub id: WebhookDeliveryId,
    pub endpoint_id: WebhookEndpointId,
    pub event_id: String,
    pub event: WebhookEvent,
    pub subject_ref: String,
    pub agency_codes: Vec<String>,
    pub occurred_at: DateTime<Utc>,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// What went wrong last, as a class: `unreachable`, `timeout`, `status`.
    pub last_error: Option<String>,
    /// The HTTP status the endpoint answered last.
    pub last_status: Option<i32>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl Delivery {
    fn from_row(row: crate::entities::webhook_delivery::Model) -> Option<Delivery> {
        let status = DeliveryStatus::from_code(&row.status)?;
        Some(Delivery {
            id: WebhookDeliveryId(row.id),
            endpoint_id: WebhookEndpointId(row.endpoint_id),
            event_id: row.event_id,
            event: WebhookEvent::from_code(&row.event)?,
            subject_ref: row.subject_ref,
            agency_codes: split_codes(&row.agency_codes),
            occurred_at: row.occurred_at,
            status,
            attempts: row.attempts,
            next_attempt_at: (status == DeliveryStatus::Pending).then_some(row.next_attempt_at),
            last_error: row.last_error,
            last_status: row.last_status,
            delivered_at: row.delivered_at,
        })
    }
}

fn split_codes(joined: &str) -> Vec<String> {
    joined
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}
