//! A plan's budget over JSON: the year's execution table with the estimates,
//! and the writes of the issuing agency's finance staff (see
//! `views::programme::budget`).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path, Query};
use crate::views::programme::budget::{self, BudgetEntryView, BudgetLineView, BudgetView};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_domain::ids::{BudgetEntryId, BudgetLineId, PlanId};
use haven_domain::programme::{BudgetEntryDraft, BudgetLineDraft};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(read_budget))
        .routes(routes!(add_line))
        .routes(routes!(change_line))
        .routes(routes!(record_entry))
        .routes(routes!(change_entry))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct YearQuery {
    /// A year of the plan; this year (or the plan's first) when absent.
    year: Option<i32>,
}

#[derive(Deserialize, ToSchema)]
struct LineChange {
    version: i64,
    line: BudgetLineDraft,
}

#[derive(Deserialize, ToSchema)]
struct EntryChange {
    version: i64,
    entry: BudgetEntryDraft,
}

/// The plan's budget for a year: estimated, allocated, spent and remaining
/// by funding source and by kind, with the execution rate; the support
/// amounts recorded on the area's cases count as spending of their source.
#[utoipa::path(get, path = "/api/v1/plans/{id}/budget", tag = "programme", params(("id" = i64, Path), YearQuery), responses((status = 200, body = BudgetView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn read_budget(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<YearQuery>,
) -> Result<Json<BudgetView>, ApiError> {
    Ok(Json(
        budget::read(&state, &user, PlanId(id), query.year).await?,
    ))
}

/// Adds an estimate (dự toán) to the plan's budget.
#[utoipa::path(post, path = "/api/v1/plans/{id}/budget/lines", tag = "programme", params(("id" = i64, Path)), request_body = BudgetLineDraft, responses((status = 201, body = BudgetLineView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_line(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(draft): JsonBody<BudgetLineDraft>,
) -> Result<(StatusCode, Json<BudgetLineView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(budget::add_line(&state, &user, PlanId(id), &draft).await?),
    ))
}

/// Changes an estimate, on its version.
#[utoipa::path(put, path = "/api/v1/plans/{id}/budget/lines/{line_id}", tag = "programme", params(("id" = i64, Path), ("line_id" = i64, Path)), request_body = LineChange, responses((status = 200, body = BudgetLineView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_line(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, line_id)): Path<(i64, i64)>,
    JsonBody(change): JsonBody<LineChange>,
) -> Result<Json<BudgetLineView>, ApiError> {
    Ok(Json(
        budget::change_line(
            &state,
            &user,
            PlanId(id),
            BudgetLineId(line_id),
            change.version,
            &change.line,
        )
        .await?,
    ))
}

/// Records an allocation or spending against an estimate; spending never
/// passes what was allocated to it.
#[utoipa::path(post, path = "/api/v1/plans/{id}/budget/lines/{line_id}/entries", tag = "programme", params(("id" = i64, Path), ("line_id" = i64, Path)), request_body = BudgetEntryDraft, responses((status = 201, body = BudgetEntryView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn record_entry(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, line_id)): Path<(i64, i64)>,
    JsonBody(draft): JsonBody<BudgetEntryDraft>,
) -> Result<(StatusCode, Json<BudgetEntryView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(budget::record_entry(&state, &user, PlanId(id), BudgetLineId(line_id), &draft).await?),
    ))
}

/// Corrects an allocation or spending, on its version.
#[utoipa::path(put, path = "/api/v1/plans/{id}/budget/entries/{entry_id}", tag = "programme", params(("id" = i64, Path), ("entry_id" = i64, Path)), request_body = EntryChange, responses((status = 200, body = BudgetEntryView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_entry(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, entry_id)): Path<(i64, i64)>,
    JsonBody(change): JsonBody<EntryChange>,
) -> Result<Json<BudgetEntryView>, ApiError> {
    Ok(Json(
        budget::change_entry(
            &state,
            &user,
            PlanId(id),
            BudgetEntryId(entry_id),
            change.version,
            &change.entry,
        )
        .await?,
    ))
}
