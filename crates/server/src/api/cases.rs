//! Cases over JSON: open one at reception, read it with its entitlements and
//! deadlines, record each step as a command with the version it was based on,
//! read its history. Every handler asks the access policy first.

use crate::auth::CurrentUser;
use crate::case_access::{actor, case_for, today};
use crate::error::ApiError;
use crate::extract::Json as JsonBody;
use crate::extract::{Path, Query};
use crate::views;
use crate::views::cases::{CaseList, CaseView, HistoryView, ListFilter, NewCase};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_access::Action;
use haven_domain::case::Command;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, open))
        .routes(routes!(search))
        .routes(routes!(read))
        .routes(routes!(record))
        .routes(routes!(history))
}

#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = NewCase, responses((status = 201, body = CaseView), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new): JsonBody<NewCase>,
) -> Result<(StatusCode, Json<CaseView>), ApiError> {
    let case = views::cases::open_case(&state, &user, new).await?;
    Ok((
        StatusCode::CREATED,
        Json(views::cases::view_after_write(&state, &user, case).await?),
    ))
}

/// The caller's cases, filtered. A search by name or number (`q`) goes by
/// `POST /api/v1/cases/search`: names never travel in an address, where
/// proxies and browsers keep them.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(ListFilter), responses((status = 200, body = CaseList), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filter): Query<ListFilter>,
) -> Result<Json<CaseList>, ApiError> {
    if filter.q.is_some() {
        return Err(ApiError::invalid(haven_domain::Violations(vec![
            haven_domain::Violation::new(
                "q",
                "not_in_address",
                "Tìm theo tên hoặc số hồ sơ bằng POST /api/v1/cases/search: tên người không được nằm trong địa chỉ.",
                "Search by name or number with POST /api/v1/cases/search: names must not travel in an address.",
            ),
        ])));
    }
    Ok(Json(views::cases::case_list(&state, &user, filter).await?))
}

/// The caller's cases matching a search by case number or, for roles that
/// see identities, by name (without diacritics if you like) in the cases the
/// caller's agency leads; the other filters as in the list.
#[utoipa::path(post, path = "/api/v1/cases/search", tag = "cases", request_body = ListFilter, responses((status = 200, body = CaseList), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(filter): JsonBody<ListFilter>,
) -> Result<Json<CaseList>, ApiError> {
    Ok(Json(views::cases::case_list(&state, &user, filter).await?))
}

#[utoipa::path(get, path = "/api/v1/cases/{number}", tag = "cases", params(("number" = String, Path)), responses((status = 200, body = CaseView), (status = 404, body = crate::error::ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(views::cases::case_view(&state, &user, &number).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Recorded {
    /// The case version the change was based on.
    version: i64,
    command: Command,
    reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cases/{number}/commands", tag = "cases", params(("number" = String, Path)), request_body = Recorded, responses((status = 200, body = CaseView), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(input): JsonBody<Recorded>,
) -> Result<Json<CaseView>, ApiError> {
    case_for(&state, &user, &number, Action::Record(&input.command)).await?;
    crate::case_access::check_step_policy(&state, &user, &input.command).await?;
    let case = state
        .store
        .execute(
            actor(&user),
            &number,
            input.version,
            &input.command,
            input.reason.as_deref(),
            today(),
        )
        .await?;
    Ok(Json(
        views::cases::view_after_write(&state, &user, case).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/cases/{number}/history", tag = "cases", params(("number" = String, Path)), responses((status = 200, body = Vec<HistoryView>), (status = 404, body = crate::error::ErrorBody)))]
async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<Vec<HistoryView>>, ApiError> {
    Ok(Json(
        views::cases::case_history(&state, &user, &number).await?,
    ))
}
