//! Back-pressure: under more load than the machine can serve, requests
//! wait their turn for a bounded time and are then answered 503 with
//! `Retry-After`, never an internal error; requests slower than
//! [`SLOW_REQUEST`] are logged with their route (never their path or values).

use crate::error::ApiError;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// A request slower than this is logged.
pub const SLOW_REQUEST: Duration = Duration::from_millis(500);

/// Seconds a client is told to wait before trying again.
const RETRY_AFTER_SECONDS: &str = "2";

/// How many requests are served at once and how long one waits for a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoadLimits {
    /// Requests served at once; the others wait.
    pub max_in_flight: u32,
    /// Milliseconds a request waits for its turn before it is answered 503.
    pub queue_wait_ms: u64,
}

impl Default for LoadLimits {
    fn default() -> Self {
        Self {
            // Enough to keep the database pool and both cores busy while
            // pages render; beyond it, waiting in line costs less than
            // contending for connections.
            max_in_flight: 64,
            queue_wait_ms: 5_000,
        }
    }
}

/// The turns requests wait for.
#[derive(Clone)]
pub struct Turns {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl Turns {
    pub fn new(limits: LoadLimits) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(limits.max_in_flight.max(1) as usize)),
            wait: Duration::from_millis(limits.queue_wait_ms),
        }
    }
}

/// Serves the request when its turn comes within the wait; else 503.
/// Health checks never wait: a load balancer must see the instance alive.
pub async fn take_turn(State(turns): State<Turns>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path == "/healthz" || path == "/readyz" {
        return next.run(request).await;
    }
    match tokio::time::timeout(turns.wait, turns.permits.clone().acquire_owned()).await {
        Ok(Ok(_permit)) => next.run(request).await,
        Ok(Err(_)) | Err(_) => {
            tracing::warn!("busy: a request waited its whole turn and was answered 503");
            ApiError::busy().into_response()
        }
    }
}

/// Logs slow requests by route, and tells every 503 when to come back.
pub async fn watch(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let method = request.method().clone();
    let started = Instant::now();
    let mut response = next.run(request).await;
    let elapsed = started.elapsed();
    if elapsed > SLOW_REQUEST {
        tracing::warn!(
            %method,
            route = route.as_deref().unwrap_or("unmatched"),
            elapsed_ms = elapsed.as_millis() as u64,
            status = response.status().as_u16(),
            "slow request"
        );
    }
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .entry(header::RETRY_AFTER)
            .or_insert(HeaderValue::from_static(RETRY_AFTER_SECONDS));
    }
    response
}
