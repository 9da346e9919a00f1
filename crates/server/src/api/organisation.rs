//! Agencies and facilities: the organisation Haven's users work in. Not
//! personal data, so every logged-in user may read them.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haven_store::organisation::{Agency, Facility};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(agencies))
        .routes(routes!(facilities))
}

#[utoipa::path(get, path = "/api/v1/agencies", tag = "organisation", responses((status = 200, body = Vec<Agency>)))]
async fn agencies(State(state): State<AppState>) -> Result<Json<Vec<Agency>>, ApiError> {
    Ok(Json(state.store.agencies().await?))
}

#[utoipa::path(get, path = "/api/v1/facilities", tag = "organisation", responses((status = 200, body = Vec<Facility>)))]
async fn facilities(State(state): State<AppState>) -> Result<Json<Vec<Facility>>, ApiError> {
    Ok(Json(state.store.facilities().await?))
}
