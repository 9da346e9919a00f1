//! The worker that carries webhook deliveries out: it claims what is due
//! from the store's outbox, posts each signed body to its endpoint, and
//! records the outcome — delivered on a 2xx answer, else tried again with
//! backoff until the last attempt. Redirects are not followed: an endpoint
//! answers where it was registered or not at all.

pub mod delivery;

use chrono::{DateTime, Duration, Utc};
use haven_store::error::StoreResult;
use haven_store::webhooks::{DeliveryFailure, OutgoingDelivery};
use haven_store::Store;

/// How often the worker looks for deliveries due.
const EVERY: std::time::Duration = std::time::Duration::from_secs(10);
/// How long a worker holds what it claimed before another may take it.
const HOLD_MINUTES: i64 = 2;
/// Deliveries claimed per round, sent side by side.
const PER_ROUND: u64 = 50;
/// How long an endpoint may take to answer.
const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(10);
const CONNECT_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

/// What one round did, for the log and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebhookRound {
    pub delivered: usize,
    pub failed: usize,
}

pub struct Dispatcher {
    store: Store,
    client: reqwest::Client,
    public_url: String,
}

impl Dispatcher {
    pub fn new(store: Store, public_url: String) -> Result<Dispatcher, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(ANSWER_WITHIN)
            .connect_timeout(CONNECT_WITHIN)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Haven-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Dispatcher {
            store,
            client,
            public_url,
        })
    }

    /// Sends what is due at `now`.
    pub async fn round(&self, now: DateTime<Utc>) -> StoreResult<WebhookRound> {
        let webhooks = self.store.webhooks();
        let claimed = webhooks
            .claim(now, Duration::minutes(HOLD_MINUTES), PER_ROUND)
            .await?;
        let outcomes =
            futures::future::join_all(claimed.iter().map(|delivery| self.send(delivery))).await;
        let mut round = WebhookRound::default();
        for (delivery, outcome) in claimed.iter().zip(outcomes) {
            match outcome {
                Ok(status) => {
                    webhooks.delivered(delivery.id, status, now).await?;
                    round.delivered += 1;
                }
                Err(failure) => {
                    webhooks.failed(delivery.id, failure, now).await?;
                    round.failed += 1;
                }
            }
        }
        Ok(round)
    }

    async fn send(&self, delivery: &OutgoingDelivery) -> Result<u16, DeliveryFailure> {
        let body = delivery::body(delivery, &self.public_url);
        let signature = delivery::signature(&delivery.secret, Utc::now(), &body);
        let answer = self
            .client
            .post(&delivery.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(delivery::SIGNATURE_HEADER, signature)
            .header(delivery::EVENT_HEADER, delivery.event.code())
            .body(body)
            .send()
            .await
            .map_err(|error| {
                if error.is_timeout() {
                    DeliveryFailure::Timeout
                } else {
                    DeliveryFailure::Unreachable
                }
            })?;
        let status = answer.status();
        if status.is_success() {
            Ok(status.as_u16())
        } else {
            Err(DeliveryFailure::Status(status.as_u16()))
        }
    }
}

/// Runs rounds while Haven serves.
pub async fn run(dispatcher: Dispatcher) {
    let mut ticks = tokio::time::interval(EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match dispatcher.round(Utc::now()).await {
            Ok(round) if round != WebhookRound::default() => tracing::info!(
                delivered = round.delivered,
                failed = round.failed,
                "webhook deliveries carried out"
            ),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "a round of webhooks failed; tried again shortly"),
        }
    }
}
