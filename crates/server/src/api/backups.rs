//! The scheduled backups' status over JSON, for the system's administrators.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::views::backups::{self, BackupStatus};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(status))
}

/// The backup schedule configured and the latest runs: when, which file, how large, or why it failed.
#[utoipa::path(get, path = "/api/v1/admin/backups", tag = "backups", responses((status = 200, body = BackupStatus), (status = 403, body = ErrorBody)))]
async fn status(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<BackupStatus>, ApiError> {
    Ok(Json(backups::status(&state, &user).await?))
}
