//! Agencies and facilities: the organisation Haven's users work in. Not
//! personal data, so every logged-in user may read them.

use crate::error::ApiError;
use crate::extract::Query;
use crate::views::agencies::AgencySearch;
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

/// Every agency; or, searched (`q`, `province`, `limit`), the active ones
/// that match, by name, 50 at most — what the pages' type-ahead asks.
#[utoipa::path(get, path = "/api/v1/agencies", tag = "organisation", params(AgencySearch), responses((status = 200, body = Vec<Agency>), (status = 400, body = crate::error::ErrorBody)))]
async fn agencies(
    State(state): State<AppState>,
    Query(search): Query<AgencySearch>,
) -> Result<Json<Vec<Agency>>, ApiError> {
    if search.is_search() {
        return Ok(Json(crate::views::agencies::find(&state, &search).await?));
    }
    Ok(Json(state.store.agencies().await?))
}

#[utoipa::path(get, path = "/api/v1/facilities", tag = "organisation", responses((status = 200, body = Vec<Facility>)))]
async fn facilities(State(state): State<AppState>) -> Result<Json<Vec<Facility>>, ApiError> {
    Ok(Json(state.store.facilities().await?))
}
