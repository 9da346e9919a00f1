//! The register of labour-export companies over JSON (see
//! `views::programme::companies`); their inspections are activities of the
//! kind `inspection` naming them.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path};
use crate::views::programme::companies::{self, CompanySummary, CompanyView};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_domain::ids::CompanyId;
use haven_domain::programme::CompanyDraft;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_companies, register_company))
        .routes(routes!(read_company, change_company))
}

#[derive(Deserialize, ToSchema)]
struct CompanyChange {
    version: i64,
    company: CompanyDraft,
}

/// Every company of the register, by name.
#[utoipa::path(get, path = "/api/v1/companies", tag = "programme", responses((status = 200, body = Vec<CompanySummary>), (status = 403, body = ErrorBody)))]
async fn list_companies(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<CompanySummary>>, ApiError> {
    Ok(Json(companies::list(&state, &user).await?))
}

/// Adds a licensed company to the register: whoever inspects.
#[utoipa::path(post, path = "/api/v1/companies", tag = "programme", request_body = CompanyDraft, responses((status = 201, body = CompanySummary), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn register_company(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(draft): JsonBody<CompanyDraft>,
) -> Result<(StatusCode, Json<CompanySummary>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(companies::register(&state, &user, &draft).await?),
    ))
}

/// A company with its inspections over time, latest first.
#[utoipa::path(get, path = "/api/v1/companies/{id}", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = CompanyView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_company(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<CompanyView>, ApiError> {
    Ok(Json(companies::read(&state, &user, CompanyId(id)).await?))
}

/// Changes a company's record (its licence's status, its address), on its version.
#[utoipa::path(put, path = "/api/v1/companies/{id}", tag = "programme", params(("id" = i64, Path)), request_body = CompanyChange, responses((status = 200, body = CompanySummary), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_company(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<CompanyChange>,
) -> Result<Json<CompanySummary>, ApiError> {
    Ok(Json(
        companies::change(
            &state,
            &user,
            CompanyId(id),
            change.version,
            &change.company,
        )
        .await?,
    ))
}
