//! Working groups and follow-up actions over JSON (see
//! `views::programme::working_groups`); a group's meetings are activities
//! of the kind `meeting` naming it.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path};
use crate::views::programme::working_groups::{
    self, ActionView, WorkingGroupSummary, WorkingGroupView,
};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_domain::ids::{ActionId, ActivityId, WorkingGroupId};
use haven_domain::programme::{TaskStatus, WorkingGroupDraft};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_groups, create_group))
        .routes(routes!(read_group, change_group))
        .routes(routes!(meeting_actions))
        .routes(routes!(change_action))
}

#[derive(Deserialize, ToSchema)]
struct GroupChange {
    version: i64,
    group: WorkingGroupDraft,
}

/// An action's progress, on its version.
#[derive(Deserialize, ToSchema)]
struct ActionProgress {
    version: i64,
    status: TaskStatus,
    #[serde(default)]
    status_reason: String,
}

#[utoipa::path(get, path = "/api/v1/working-groups", tag = "programme", responses((status = 200, body = Vec<WorkingGroupSummary>), (status = 403, body = ErrorBody)))]
async fn list_groups(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<WorkingGroupSummary>>, ApiError> {
    Ok(Json(working_groups::list(&state, &user).await?))
}

/// Establishes a working group hosted by the caller's agency.
#[utoipa::path(post, path = "/api/v1/working-groups", tag = "programme", request_body = WorkingGroupDraft, responses((status = 201, body = WorkingGroupView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_group(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(draft): JsonBody<WorkingGroupDraft>,
) -> Result<(StatusCode, Json<WorkingGroupView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(working_groups::create(&state, &user, &draft).await?),
    ))
}

/// A group with its members, its meetings and the actions decided there, late ones first.
#[utoipa::path(get, path = "/api/v1/working-groups/{id}", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = WorkingGroupView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_group(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<WorkingGroupView>, ApiError> {
    Ok(Json(
        working_groups::read(&state, &user, WorkingGroupId(id)).await?,
    ))
}

/// Changes the group's record: its host's planners, on its version.
#[utoipa::path(put, path = "/api/v1/working-groups/{id}", tag = "programme", params(("id" = i64, Path)), request_body = GroupChange, responses((status = 200, body = WorkingGroupView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_group(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<GroupChange>,
) -> Result<Json<WorkingGroupView>, ApiError> {
    Ok(Json(
        working_groups::change(
            &state,
            &user,
            WorkingGroupId(id),
            change.version,
            &change.group,
        )
        .await?,
    ))
}

/// The actions decided at a meeting.
#[utoipa::path(get, path = "/api/v1/activities/{id}/actions", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = Vec<ActionView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn meeting_actions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ActionView>>, ApiError> {
    Ok(Json(
        working_groups::of_meeting(&state, &user, ActivityId(id)).await?,
    ))
}

/// Records an action's progress: its owner agency, or the group's host.
#[utoipa::path(put, path = "/api/v1/actions/{id}", tag = "programme", params(("id" = i64, Path)), request_body = ActionProgress, responses((status = 200, body = ActionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_action(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<ActionProgress>,
) -> Result<Json<ActionView>, ApiError> {
    Ok(Json(
        working_groups::update_action(
            &state,
            &user,
            ActionId(id),
            change.version,
            change.status,
            &change.status_reason,
        )
        .await?,
    ))
}
