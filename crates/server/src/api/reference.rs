//! Reference data for forms: administrative units, ethnic groups, countries, code lists.

use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haven_domain::Violation;
use haven_store::reference::{AdminUnit, CodeListItem, Country, EthnicGroup};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin_units))
        .routes(routes!(ethnic_groups))
        .routes(routes!(countries))
        .routes(routes!(code_list))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct UnitQuery {
    /// `2025` (default) or `legacy`.
    generation: Option<String>,
    /// The parent unit; the provinces when absent.
    parent: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/reference/admin-units", tag = "reference", params(UnitQuery), responses((status = 200, body = Vec<AdminUnit>), (status = 422, body = crate::error::ErrorBody)))]
async fn admin_units(
    State(state): State<AppState>,
    Query(q): Query<UnitQuery>,
) -> Result<Json<Vec<AdminUnit>>, ApiError> {
    let generation = q.generation.as_deref().unwrap_or("2025");
    if !matches!(generation, "2025" | "legacy") {
        return Err(ApiError::invalid(haven_domain::Violations(vec![
            Violation::new(
                "generation",
                "one_of",
                "Thế hệ đơn vị hành chính là «2025» hoặc «legacy».",
                "The unit generation is “2025” or “legacy”.",
            ),
        ])));
    }
    Ok(Json(
        state
            .store
            .admin_units_under(generation, q.parent.as_deref())
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/reference/ethnic-groups", tag = "reference", responses((status = 200, body = Vec<EthnicGroup>)))]
async fn ethnic_groups(State(state): State<AppState>) -> Result<Json<Vec<EthnicGroup>>, ApiError> {
    Ok(Json(state.store.ethnic_groups().await?))
}

#[utoipa::path(get, path = "/api/v1/reference/countries", tag = "reference", responses((status = 200, body = Vec<Country>)))]
async fn countries(State(state): State<AppState>) -> Result<Json<Vec<Country>>, ApiError> {
    Ok(Json(state.store.countries().await?))
}

#[utoipa::path(get, path = "/api/v1/reference/code-lists/{list}", tag = "reference", params(("list" = String, Path)), responses((status = 200, body = Vec<CodeListItem>), (status = 404, body = crate::error::ErrorBody)))]
async fn code_list(
    State(state): State<AppState>,
    Path(list): Path<String>,
) -> Result<Json<Vec<CodeListItem>>, ApiError> {
    let items = state.store.code_list(&list).await?;
    if items.is_empty() {
        return Err(ApiError::not_found());
    }
    Ok(Json(items))
}
