//! Agencies and facilities: the organisation Haven's users work in. Not
//! personal data, so every logged-in user may read them.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use haven_store::organisation::{Agency, Facility};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/agencies", get(agencies))
        .route("/api/v1/facilities", get(facilities))
}

async fn agencies(State(state): State<AppState>) -> Result<Json<Vec<Agency>>, ApiError> {
    Ok(Json(state.store.agencies().await?))
}

async fn facilities(State(state): State<AppState>) -> Result<Json<Vec<Facility>>, ApiError> {
    Ok(Json(state.store.facilities().await?))
}
