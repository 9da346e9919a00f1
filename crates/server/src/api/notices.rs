//! The caller's notices and email choices over JSON (see `views::notices`).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path, Query};
use crate::views::notices::{
    self, EmailSettingsChange, EmailSettingsView, InboxQuery, InboxView, NoticeView, ReadAllQuery,
};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haven_domain::ids::NoticeId;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(mark_read))
        .routes(routes!(mark_all_read))
        .routes(routes!(email_settings, save_email_settings))
}

/// The caller's notices, newest first: those for them, and their agency's of the kinds their role acts on.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(InboxQuery), responses((status = 200, body = InboxView), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn inbox(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<InboxQuery>,
) -> Result<Json<InboxView>, ApiError> {
    Ok(Json(notices::inbox(&state, &user, &query).await?))
}

/// Marks one notice read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications", params(("id" = i64, Path)), responses((status = 200, body = NoticeView), (status = 404, body = ErrorBody)))]
async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<NoticeView>, ApiError> {
    Ok(Json(notices::mark_read(&state, &user, NoticeId(id)).await?))
}

#[derive(Serialize, ToSchema)]
struct MarkedRead {
    /// How many were unread.
    marked: usize,
}

/// Marks the caller's inbox read, up to `through` (the `newest` the caller saw) when given.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notifications", params(ReadAllQuery), responses((status = 200, body = MarkedRead), (status = 400, body = ErrorBody)))]
async fn mark_all_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ReadAllQuery>,
) -> Result<Json<MarkedRead>, ApiError> {
    Ok(Json(MarkedRead {
        marked: notices::mark_all_read(&state, &user, query.through.map(NoticeId)).await?,
    }))
}

/// Where the caller's emails go and which kinds come by email (each, or daily for deadlines).
#[utoipa::path(get, path = "/api/v1/me/notification-settings", tag = "notifications", responses((status = 200, body = EmailSettingsView)))]
async fn email_settings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<EmailSettingsView>, ApiError> {
    Ok(Json(notices::email_settings(&state, &user).await?))
}

/// Changes the caller's email settings, on the version they saw.
#[utoipa::path(put, path = "/api/v1/me/notification-settings", tag = "notifications", request_body = EmailSettingsChange, responses((status = 200, body = EmailSettingsView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn save_email_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(change): JsonBody<EmailSettingsChange>,
) -> Result<Json<EmailSettingsView>, ApiError> {
    Ok(Json(
        notices::save_email_settings(&state, &user, &change).await?,
    ))
}
