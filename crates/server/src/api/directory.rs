//! The directory of services over JSON (see `views::directory`).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path, Query};
use crate::views::directory::{self, DirectoryQuery, ProviderRef, ServiceEntryView};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_domain::directory::ServiceEntryDraft;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search_directory, add_entry))
        .routes(routes!(read_entry, change_entry))
}

#[derive(Deserialize, ToSchema)]
struct NewEntry {
    provider: ProviderRef,
    entry: ServiceEntryDraft,
}

#[derive(Deserialize, ToSchema)]
struct EntryChange {
    version: i64,
    entry: ServiceEntryDraft,
    /// False withdraws the entry; true brings it back.
    #[serde(default = "active")]
    active: bool,
}

fn active() -> bool {
    true
}

/// Providers serving a place, offering a service, taking children, men or foreigners.
#[utoipa::path(get, path = "/api/v1/directory", tag = "directory", params(DirectoryQuery), responses((status = 200, body = Vec<ServiceEntryView>)))]
async fn search_directory(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<DirectoryQuery>,
) -> Result<Json<Vec<ServiceEntryView>>, ApiError> {
    Ok(Json(directory::search(&state, &user, &query).await?))
}

/// Adds the entry of an agency (its administrators), a facility (its operator's) or a provider outside Haven (the system's administrators).
#[utoipa::path(post, path = "/api/v1/directory", tag = "directory", request_body = NewEntry, responses((status = 201, body = ServiceEntryView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_entry(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new): JsonBody<NewEntry>,
) -> Result<(StatusCode, Json<ServiceEntryView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(directory::add(&state, &user, new.provider, &new.entry).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/directory/{id}", tag = "directory", params(("id" = i64, Path)), responses((status = 200, body = ServiceEntryView), (status = 404, body = ErrorBody)))]
async fn read_entry(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<ServiceEntryView>, ApiError> {
    Ok(Json(directory::entry(&state, &user, id).await?))
}

/// Corrects or withdraws an entry, on its version.
#[utoipa::path(put, path = "/api/v1/directory/{id}", tag = "directory", params(("id" = i64, Path)), request_body = EntryChange, responses((status = 200, body = ServiceEntryView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_entry(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<EntryChange>,
) -> Result<Json<ServiceEntryView>, ApiError> {
    Ok(Json(
        directory::change(
            &state,
            &user,
            id,
            change.version,
            &change.entry,
            change.active,
        )
        .await?,
    ))
}
