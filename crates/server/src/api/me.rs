//! The caller's own account and personal API tokens.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::Json as JsonBody;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use haven_store::sessions::ApiTokenInfo;
use haven_store::UserAccount;
use serde::{Deserialize, Serialize};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/tokens", get(list_tokens).post(create_token))
        .route("/api/v1/me/tokens/{id}", delete(revoke_token))
}

async fn me(user: CurrentUser) -> Json<UserAccount> {
    Json(user.0)
}

async fn list_tokens(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<ApiTokenInfo>>, ApiError> {
    Ok(Json(state.store.api_tokens_of(user.id).await?))
}

#[derive(Deserialize)]
struct NewToken {
    name: String,
}

#[derive(Serialize)]
struct CreatedToken {
    #[serde(flatten)]
    info: ApiTokenInfo,
    /// Shown once; Haven keeps only its digest.
    token: String,
}

async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new): JsonBody<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let (info, token) = state.store.create_api_token(user.id, &new.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { info, token })))
}

async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.revoke_api_token(user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
