//! The caller's own account and personal API tokens.

use crate::auth::CurrentUser;
use crate::client_address::ClientAddress;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json as JsonBody;
use crate::extract::Path;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
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
        .routes(routes!(begin_second_factor))
        .routes(routes!(confirm_second_factor))
        .routes(routes!(change_password))
}

#[utoipa::path(get, path = "/api/v1/me", tag = "account", responses((status = 200, body = UserAccount)))]
async fn me(user: CurrentUser, headers: axum::http::HeaderMap) -> Response {
    let mut response = Json(user.0).into_response();
    // Pages and scripts send it back with form-like posts (see `csrf`).
    if let Some(token) = crate::csrf::token_of(&headers) {
        if let Ok(value) = axum::http::HeaderValue::from_str(&token) {
            response.headers_mut().insert(crate::csrf::HEADER, value);
        }
    }
    response
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

/// Starts two-factor enrolment: a new secret for the authenticator app,
/// in force once [`confirm_second_factor`] receives a first code.
#[utoipa::path(post, path = "/api/v1/me/second-factor", tag = "account", responses((status = 201, body = haven_store::second_factor::Enrollment), (status = 409, body = ErrorBody)))]
async fn begin_second_factor(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<(StatusCode, Json<haven_store::second_factor::Enrollment>), ApiError> {
    let enrollment = state
        .store
        .begin_second_factor(user.id, &user.username)
        .await?;
    Ok((StatusCode::CREATED, Json(enrollment)))
}

#[derive(Deserialize, ToSchema)]
struct FirstCode {
    code: String,
}

#[derive(Serialize, ToSchema)]
struct RecoveryCodes {
    /// Shown once: each logs in once if the phone is lost.
    recovery_codes: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/me/second-factor/confirm", tag = "account", request_body = FirstCode, responses((status = 200, body = RecoveryCodes), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn confirm_second_factor(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(first): JsonBody<FirstCode>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    let recovery_codes = state
        .store
        .confirm_second_factor(user.id, &user.username, &first.code)
        .await?;
    tracing::info!(user_id = user.id, "second factor enabled");
    Ok(Json(RecoveryCodes { recovery_codes }))
}

#[derive(Deserialize, ToSchema)]
struct PasswordChange {
    current_password: String,
    new_password: String,
}

/// Changes one's own password; every other session of the user ends, this one stays.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "account", request_body = PasswordChange, responses((status = 204), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientAddress(address): ClientAddress,
    jar: axum_extra::extract::cookie::CookieJar,
    JsonBody(change): JsonBody<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    crate::auth::change_own_password(
        &state,
        &user,
        &address,
        &jar,
        &change.current_password,
        &change.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
