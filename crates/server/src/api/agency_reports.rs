//! Member agencies' periodic reports over JSON (see `views::agency_reports`):
//! one's own agency's report and its steps, the authority's overview of its
//! area, one report, and its review.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path, Query};
use crate::views::agency_reports::{self, AgencyReportView, AreaOverview};
use crate::views::narrative::NarrativeInput;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haven_report::submission::Action;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(own_report))
        .routes(routes!(file_own_report))
        .routes(routes!(area_overview))
        .routes(routes!(read_report))
        .routes(routes!(review_report))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PeriodQuery {
    /// `2026`, `2026-H1`, `2026-Q3`; this year when absent.
    period: Option<String>,
}

/// A step of one's own agency's report.
#[derive(Deserialize, ToSchema)]
struct FileStep {
    period: Option<String>,
    /// The version seen; absent before the first draft.
    version: Option<i64>,
    #[serde(default)]
    narrative: NarrativeInput,
}

/// The authority's step on a report sent up.
#[derive(Deserialize, ToSchema)]
struct ReviewStep {
    version: i64,
    /// Required to return it.
    #[serde(default)]
    comment: String,
}

fn filing_action(action: &str) -> Result<Action, ApiError> {
    match action {
        "draft" => Ok(Action::Draft),
        "submit" => Ok(Action::Submit),
        _ => Err(ApiError::not_found()),
    }
}

fn review_action(action: &str) -> Result<Action, ApiError> {
    match action {
        "approve" => Ok(Action::Approve),
        "return" => Ok(Action::Return),
        _ => Err(ApiError::not_found()),
    }
}

/// One's own agency's report for the period: figures computed now until it
/// is sent up, what the agency wrote, where it stands.
#[utoipa::path(get, path = "/api/v1/agency-reports/own", tag = "statistics", params(PeriodQuery), responses((status = 200, body = AgencyReportView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn own_report(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<PeriodQuery>,
) -> Result<Json<AgencyReportView>, ApiError> {
    Ok(Json(
        agency_reports::own(&state, &user, query.period.as_deref()).await?,
    ))
}

/// Drafts (`draft`) or sends up (`submit`) one's own agency's report; to
/// send it up, every part of the narrative is written.
#[utoipa::path(post, path = "/api/v1/agency-reports/own/{action}", tag = "statistics", params(("action" = String, Path, description = "`draft` or `submit`")), request_body = FileStep, responses((status = 200, body = AgencyReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn file_own_report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(action): Path<String>,
    JsonBody(step): JsonBody<FileStep>,
) -> Result<Json<AgencyReportView>, ApiError> {
    let action = filing_action(&action)?;
    Ok(Json(
        agency_reports::file(
            &state,
            &user,
            step.period.as_deref(),
            action,
            step.version,
            step.narrative,
        )
        .await?,
    ))
}

/// The member agencies of the caller's area and where each one's report stands.
#[utoipa::path(get, path = "/api/v1/agency-reports", tag = "statistics", params(PeriodQuery), responses((status = 200, body = AreaOverview), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn area_overview(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<PeriodQuery>,
) -> Result<Json<AreaOverview>, ApiError> {
    Ok(Json(
        agency_reports::overview(&state, &user, query.period.as_deref()).await?,
    ))
}

/// One report: for its agency, and for the authority it is filed to.
#[utoipa::path(get, path = "/api/v1/agency-reports/{id}", tag = "statistics", params(("id" = i64, Path)), responses((status = 200, body = AgencyReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<AgencyReportView>, ApiError> {
    Ok(Json(agency_reports::read(&state, &user, id).await?))
}

/// Approves (`approve`) or returns (`return`, with the reason) a report sent up.
#[utoipa::path(post, path = "/api/v1/agency-reports/{id}/{action}", tag = "statistics", params(("id" = i64, Path), ("action" = String, Path, description = "`approve` or `return`")), request_body = ReviewStep, responses((status = 200, body = AgencyReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn review_report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, action)): Path<(i64, String)>,
    JsonBody(step): JsonBody<ReviewStep>,
) -> Result<Json<AgencyReportView>, ApiError> {
    let action = review_action(&action)?;
    Ok(Json(
        agency_reports::review(&state, &user, id, action, step.version, &step.comment).await?,
    ))
}
