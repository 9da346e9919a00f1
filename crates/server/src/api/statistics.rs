//! Statistics over JSON: the indicator catalogue, and a report for a
//! period and an area (see `views::statistics`).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Query;
use crate::files::{self, ExportedFile, ReportFormat};
use crate::views::microdata::{self, MicrodataQuery, StatementView};
use crate::views::statistics::{self, ReportQuery};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use haven_access::StatisticsScope;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(catalogue))
        .routes(routes!(report))
        .routes(routes!(report_xlsx))
        .routes(routes!(report_csv))
        .routes(routes!(report_pdf))
        .routes(routes!(microdata_statement))
        .routes(routes!(microdata_csv))
}

/// What the anonymised victim-level export of a period would hold: its k,
/// what was generalised, how many persons were suppressed. National
/// statistics readers only.
#[utoipa::path(get, path = "/api/v1/statistics/microdata", tag = "statistics", params(MicrodataQuery), responses((status = 200, body = StatementView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn microdata_statement(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<MicrodataQuery>,
) -> Result<Json<StatementView>, ApiError> {
    let microdata = microdata::microdata(&state, &user, &query).await?;
    Ok(Json(StatementView::of(&microdata)))
}

/// The anonymised victim-level export as CSV in the layout of CTDC's Global
/// Synthetic Dataset (27 variables, one row per identified or presumed
/// victim registered in the period), k-anonymous; the statement is in the
/// `Haven-Anonymity` header. National statistics readers only.
#[utoipa::path(get, path = "/api/v1/statistics/microdata.csv", tag = "statistics", params(MicrodataQuery), responses((status = 200, description = "The rows", content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn microdata_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<MicrodataQuery>,
) -> Result<Response, ApiError> {
    sent(files::microdata_csv(&state, &user, &query).await?)
}

/// Every indicator and target with its definition, in Vietnamese and English.
#[utoipa::path(get, path = "/api/v1/statistics/catalogue", tag = "statistics", responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
async fn catalogue(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Value>, ApiError> {
    if statistics::scope_of(&state, &user) == StatisticsScope::None {
        return Err(ApiError::forbidden());
    }
    serde_json::to_value(&*state.settings.catalogue)
        .map(Json)
        .map_err(|_| ApiError::forbidden())
}

/// A report computed from the records now: each indicator by province and
/// by its breakdowns, and the targets; small figures hidden below national level.
#[utoipa::path(get, path = "/api/v1/statistics/report", tag = "statistics", params(ReportQuery), responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ReportQuery>,
) -> Result<Json<Value>, ApiError> {
    let report = statistics::report(&state, &user, &query).await?;
    serde_json::to_value(report)
        .map(Json)
        .map_err(|_| ApiError::forbidden())
}

/// The report as an XLSX workbook in the official layout (Vietnamese).
#[utoipa::path(get, path = "/api/v1/statistics/report.xlsx", tag = "statistics", params(ReportQuery), responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn report_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    sent(files::report(&state, &user, &query, ReportFormat::Xlsx).await?)
}

/// The report as PDF in the official layout (Vietnamese, fonts embedded).
#[utoipa::path(get, path = "/api/v1/statistics/report.pdf", tag = "statistics", params(ReportQuery), responses((status = 200, description = "The report", content_type = "application/pdf"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn report_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    sent(files::report(&state, &user, &query, ReportFormat::Pdf).await?)
}

/// The report as CSV: one line per figure, hidden ones empty and marked.
#[utoipa::path(get, path = "/api/v1/statistics/report.csv", tag = "statistics", params(ReportQuery), responses((status = 200, description = "One line per figure", content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn report_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    sent(files::report(&state, &user, &query, ReportFormat::Csv).await?)
}

/// A file as an attachment; a microdata file's statement in `Haven-Anonymity`.
fn sent(exported: ExportedFile) -> Result<Response, ApiError> {
    let mut response = file(exported.bytes, exported.media_type, &exported.name);
    if let Some(statement) = exported.statement {
        if let Ok(value) = HeaderValue::from_str(&statement) {
            response.headers_mut().insert("haven-anonymity", value);
        }
    }
    Ok(response)
}

fn file(bytes: Vec<u8>, media_type: &str, name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    for (header, value) in [
        (header::CONTENT_TYPE, media_type.to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(header, value);
        }
    }
    response
}
