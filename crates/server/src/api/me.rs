//! The caller's own account and personal API tokens.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json as JsonBody;
use crate::extract::Path;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_store::sessions::ApiTokenInfo;
use haven_store::UserAccount;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

#[utoipa::path(get, path = "/api/v1/me", tag = "account", responses((status = 200, body = UserAccount)))]
async fn me(user: CurrentUser) -> Json<UserAccount> {
    Json(user.0)
}

#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "account", responses((status = 200, body = Vec<ApiTokenInfo>)))]
async fn list_tokens(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<ApiTokenInfo>>, ApiError> {
    Ok(Json(state.store.api_tokens_of(user.id).await?))
}

#[derive(Deserialize, ToSchema)]
struct NewToken {
    name: String,
}

#[derive(Serialize, ToSchema)]
struct CreatedToken {
    #[serde(flatten)]
    info: ApiTokenInfo,
    /// Shown once; Haven keeps only its digest.
    token: String,
}

#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "account", request_body = NewToken, responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new): JsonBody<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let (info, token) = state.store.create_api_token(user.id, &new.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { info, token })))
}

#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "account", params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.revoke_api_token(user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
