//! `/healthz` says the process is up; `/readyz` that the database answers and
//! its schema is current — what a load balancer should route on.

use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.store.ping().await;
    let pending = state.store.pending_migrations().await;
    match (database, pending) {
        (Ok(()), Ok(0)) => (
            StatusCode::OK,
            Json(json!({"status": "ready", "database": "ok", "pending_migrations": 0})),
        ),
        (Ok(()), Ok(n)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "not_ready", "database": "ok", "pending_migrations": n})),
        ),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "not_ready", "database": "unreachable"})),
            )
        }
    }
}
