//! Statistics over JSON: the indicator catalogue, and a report for a
//! period and an area (see `views::statistics`).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Query;
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
    official_file(
        &state,
        &user,
        &query,
        XLSX,
        "xlsx",
        |report, head, names| {
            haven_report::export::xlsx::write(report, &state.settings.catalogue, head, names)
                .map_err(|_| export_failed())
        },
    )
    .await
}

/// A report in an official layout: computed, headed by the caller's
/// agency, categories named in Vietnamese, written by `write`.
async fn official_file(
    state: &AppState,
    user: &CurrentUser,
    query: &ReportQuery,
    media_type: &str,
    extension: &str,
    write: impl FnOnce(
        &haven_report::Report,
        &haven_report::export::Letterhead,
        &statistics::CategoryNames,
    ) -> Result<Vec<u8>, ApiError>,
) -> Result<Response, ApiError> {
    let report = statistics::report(state, user, query).await?;
    let head = statistics::letterhead(state, user, &report).await?;
    let names = statistics::CategoryNames::load(state, crate::i18n::Lang::Vi, &report.area).await?;
    let bytes = write(&report, &head, &names)?;
    Ok(file(bytes, media_type, &file_name(&report, extension)))
}

/// The report as PDF in the official layout (Vietnamese, fonts embedded).
#[utoipa::path(get, path = "/api/v1/statistics/report.pdf", tag = "statistics", params(ReportQuery), responses((status = 200, description = "The report", content_type = "application/pdf"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn report_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    official_file(
        &state,
        &user,
        &query,
        "application/pdf",
        "pdf",
        |report, head, names| {
            haven_report::export::pdf::write(report, &state.settings.catalogue, head, names)
                .map_err(|_| export_failed())
        },
    )
    .await
}

/// The report as CSV: one line per figure, hidden ones empty and marked.
#[utoipa::path(get, path = "/api/v1/statistics/report.csv", tag = "statistics", params(ReportQuery), responses((status = 200, description = "One line per figure", content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn report_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let report = statistics::report(&state, &user, &query).await?;
    let names =
        statistics::CategoryNames::load(&state, crate::i18n::Lang::Vi, &report.area).await?;
    let bytes = haven_report::export::csv::write(&report, &names).map_err(|_| export_failed())?;
    Ok(file(
        bytes,
        "text/csv; charset=utf-8",
        &file_name(&report, "csv"),
    ))
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn file_name(report: &haven_report::Report, extension: &str) -> String {
    format!(
        "bao-cao-{}-{}.{extension}",
        report.period_code.replace("..", "_"),
        report.area.code().replace('/', "-")
    )
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

pub(crate) fn export_failed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "export_failed",
        "Không tạo được tệp báo cáo.",
        "The report file could not be made.",
    )
}
