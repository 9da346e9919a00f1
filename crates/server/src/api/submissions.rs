//! Report submission over JSON: a unit's report for a period (read, draft,
//! submit), the level above's review (approve, return), and the
//! completeness and timeliness of the units below (see `views::submissions`).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path, Query};
use crate::views::submissions::{self, SubmissionQuery, SubmissionStep};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haven_report::submission::Action;
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(read_submission))
        .routes(routes!(take_step))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
struct PeriodQuery {
    /// `2026-Q1`, `2026-H1`, `2026`, …; this year by default.
    period: Option<String>,
}

fn json<T: serde::Serialize>(value: T) -> Result<Json<Value>, ApiError> {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|_| haven_store::StoreError::Internal("unserialisable view".into()).into())
}

/// The caller's own report for the period and, for the level above, the
/// units below with status, due date and timeliness, and their completeness.
#[utoipa::path(get, path = "/api/v1/statistics/submissions", tag = "statistics", params(PeriodQuery), responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn overview(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<PeriodQuery>,
) -> Result<Json<Value>, ApiError> {
    json(submissions::overview(&state, &user, query.period.as_deref()).await?)
}

/// One unit's report for a period: status, due date, narrative, the frozen
/// figures and whether the live ones changed since, the trail, the steps open.
#[utoipa::path(get, path = "/api/v1/statistics/submission", tag = "statistics", params(SubmissionQuery), responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn read_submission(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<SubmissionQuery>,
) -> Result<Json<Value>, ApiError> {
    json(submissions::view(&state, &user, &query).await?)
}

/// A step on a unit's report: `draft` and `submit` (the unit), `approve`
/// and `return` (the level above), on the version seen.
#[utoipa::path(post, path = "/api/v1/statistics/submission/{action}", tag = "statistics", params(("action" = String, Path, description = "draft, submit, approve or return"), SubmissionQuery), request_body = SubmissionStep, responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn take_step(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(action): Path<Action>,
    Query(query): Query<SubmissionQuery>,
    JsonBody(step): JsonBody<SubmissionStep>,
) -> Result<Json<Value>, ApiError> {
    json(submissions::act(&state, &user, &query, action, &step).await?)
}
