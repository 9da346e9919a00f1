//! The programme over JSON: plans, their targets and tasks, and the
//! activities agencies held (see `views::programme`).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path, Query};
use crate::views::programme::activities::{self, ActivityPage, ActivityQuery, ActivityView};
use crate::views::programme::plans::{self, PlanSummary, PlanView, TargetView, TaskView};
use crate::views::programme::ChangeView;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_domain::ids::{ActivityId, PlanId, TargetId, TaskId};
use haven_domain::programme::{ActivityDraft, PlanDraft, TargetDraft, TaskDraft};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(read_plan, change_plan))
        .routes(routes!(copy_plan))
        .routes(routes!(plan_history))
        .routes(routes!(plan_review))
        .routes(routes!(plan_review_xlsx))
        .routes(routes!(add_target))
        .routes(routes!(change_target))
        .routes(routes!(add_task))
        .routes(routes!(change_task))
        .routes(routes!(list_activities, record_activity))
        .routes(routes!(read_activity, change_activity))
        .routes(routes!(activity_history))
}

/// A plan's new text, on the version the writer saw.
#[derive(Deserialize, ToSchema)]
struct PlanChange {
    version: i64,
    plan: PlanDraft,
}

#[derive(Deserialize, ToSchema)]
struct TargetChange {
    version: i64,
    target: TargetDraft,
}

#[derive(Deserialize, ToSchema)]
struct TaskChange {
    version: i64,
    task: TaskDraft,
}

#[derive(Deserialize, ToSchema)]
struct ActivityChange {
    version: i64,
    activity: ActivityDraft,
}

/// Every plan: national, provincial and communal, with the issuing agency.
#[utoipa::path(get, path = "/api/v1/plans", tag = "programme", responses((status = 200, body = Vec<PlanSummary>), (status = 403, body = ErrorBody)))]
async fn list_plans(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<PlanSummary>>, ApiError> {
    Ok(Json(plans::list(&state, &user).await?))
}

/// Issues a plan for the caller's agency (its area is the agency's).
#[utoipa::path(post, path = "/api/v1/plans", tag = "programme", request_body = PlanDraft, responses((status = 201, body = PlanView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(draft): JsonBody<PlanDraft>,
) -> Result<(StatusCode, Json<PlanView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(plans::create(&state, &user, &draft).await?),
    ))
}

/// A plan with each target's progress per year and over the plan
/// (computed from the records now), and its tasks, late ones first.
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<PlanView>, ApiError> {
    Ok(Json(plans::read(&state, &user, PlanId(id)).await?))
}

/// Changes a plan: the issuing agency's planners, on the plan's version.
#[utoipa::path(put, path = "/api/v1/plans/{id}", tag = "programme", params(("id" = i64, Path)), request_body = PlanChange, responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<PlanChange>,
) -> Result<Json<PlanView>, ApiError> {
    Ok(Json(
        plans::change(&state, &user, PlanId(id), change.version, &change.plan).await?,
    ))
}

/// Starts the caller's agency's plan from this one: the same targets
/// (their values to be set to the area's own), no tasks; it implements this
/// plan unless `parent_plan_id` names another.
#[utoipa::path(post, path = "/api/v1/plans/{id}/copies", tag = "programme", params(("id" = i64, Path)), request_body = PlanDraft, responses((status = 201, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn copy_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(draft): JsonBody<PlanDraft>,
) -> Result<(StatusCode, Json<PlanView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(plans::copy(&state, &user, PlanId(id), &draft).await?),
    ))
}

/// Every change to the plan, its targets and tasks: who, when, before and after.
#[utoipa::path(get, path = "/api/v1/plans/{id}/history", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = Vec<ChangeView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn plan_history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ChangeView>>, ApiError> {
    Ok(Json(plans::history(&state, &user, PlanId(id)).await?))
}

/// The plan's review (sơ kết while it runs, tổng kết after): each target
/// year by year against the plan, the tasks by status, the activities of
/// each year in the plan's area.
#[utoipa::path(get, path = "/api/v1/plans/{id}/review", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn plan_review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (_, review) = plans::review(&state, &user, PlanId(id)).await?;
    serde_json::to_value(review)
        .map(Json)
        .map_err(|_| ApiError::export_failed())
}

/// The review as an XLSX workbook (Vietnamese).
#[utoipa::path(get, path = "/api/v1/plans/{id}/review.xlsx", tag = "programme", params(("id" = i64, Path)), responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn plan_review_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let (plan, review) = plans::review(&state, &user, PlanId(id)).await?;
    let bytes = haven_report::programme_review::write_xlsx(
        &review,
        &haven_report::programme_review::ReviewHead {
            issuing_body: &plan.summary.issuer.name,
            plan_number: &plan.summary.number,
            plan_title: &plan.summary.title,
        },
    )
    .map_err(|_| ApiError::export_failed())?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"review-plan-{id}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Adds a target to the plan.
#[utoipa::path(post, path = "/api/v1/plans/{id}/targets", tag = "programme", params(("id" = i64, Path)), request_body = TargetDraft, responses((status = 201, body = TargetView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_target(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(draft): JsonBody<TargetDraft>,
) -> Result<(StatusCode, Json<TargetView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(plans::add_target(&state, &user, PlanId(id), &draft).await?),
    ))
}

/// Changes a target (e.g. enters a year's figure of a target kept by hand).
#[utoipa::path(put, path = "/api/v1/plans/{id}/targets/{target_id}", tag = "programme", params(("id" = i64, Path), ("target_id" = i64, Path)), request_body = TargetChange, responses((status = 200, body = TargetView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_target(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, target_id)): Path<(i64, i64)>,
    JsonBody(change): JsonBody<TargetChange>,
) -> Result<Json<TargetView>, ApiError> {
    Ok(Json(
        plans::change_target(
            &state,
            &user,
            PlanId(id),
            TargetId(target_id),
            change.version,
            &change.target,
        )
        .await?,
    ))
}

/// Adds a task to the plan, with its lead and cooperating agencies.
#[utoipa::path(post, path = "/api/v1/plans/{id}/tasks", tag = "programme", params(("id" = i64, Path)), request_body = TaskDraft, responses((status = 201, body = TaskView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_task(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(draft): JsonBody<TaskDraft>,
) -> Result<(StatusCode, Json<TaskView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(plans::add_task(&state, &user, PlanId(id), &draft).await?),
    ))
}

/// Changes a task: the plan's issuer changes anything; the lead agency
/// records the status and its reason.
#[utoipa::path(put, path = "/api/v1/plans/{id}/tasks/{task_id}", tag = "programme", params(("id" = i64, Path), ("task_id" = i64, Path)), request_body = TaskChange, responses((status = 200, body = TaskView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_task(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, task_id)): Path<(i64, i64)>,
    JsonBody(change): JsonBody<TaskChange>,
) -> Result<Json<TaskView>, ApiError> {
    Ok(Json(
        plans::change_task(
            &state,
            &user,
            PlanId(id),
            TaskId(task_id),
            change.version,
            &change.task,
        )
        .await?,
    ))
}

/// Activities held, latest first, by kind, agency, area, period, task or plan.
#[utoipa::path(get, path = "/api/v1/activities", tag = "programme", params(ActivityQuery), responses((status = 200, body = ActivityPage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_activities(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ActivityQuery>,
) -> Result<Json<ActivityPage>, ApiError> {
    Ok(Json(activities::list(&state, &user, &query).await?))
}

/// Records an activity the caller's agency held; against a plan task, the
/// task's lead or a cooperating agency (or the plan's issuer) records it.
#[utoipa::path(post, path = "/api/v1/activities", tag = "programme", request_body = ActivityDraft, responses((status = 201, body = ActivityView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn record_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(draft): JsonBody<ActivityDraft>,
) -> Result<(StatusCode, Json<ActivityView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(activities::record(&state, &user, &draft).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = ActivityView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ActivityView>, ApiError> {
    Ok(Json(activities::read(&state, &user, ActivityId(id)).await?))
}

/// Corrects an activity: the agency that recorded it, on its version.
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "programme", params(("id" = i64, Path)), request_body = ActivityChange, responses((status = 200, body = ActivityView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<ActivityChange>,
) -> Result<Json<ActivityView>, ApiError> {
    Ok(Json(
        activities::change(
            &state,
            &user,
            ActivityId(id),
            change.version,
            &change.activity,
        )
        .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}/history", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = Vec<ChangeView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn activity_history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ChangeView>>, ApiError> {
    Ok(Json(
        activities::history(&state, &user, ActivityId(id)).await?,
    ))
}
