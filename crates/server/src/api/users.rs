//! Account administration over JSON; the rules and the access log are in
//! `views::accounts`, shared with the administration pages.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path};
use crate::views::accounts;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_store::accounts::{AccountChange, AccountStanding, NewAccount, Revoked};
use haven_store::UserAccount;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(read_user, change_user))
        .routes(routes!(reset_password))
        .routes(routes!(revoke_access))
        .routes(routes!(remove_second_factor))
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses((status = 200, body = Vec<UserAccount>), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<UserAccount>>, ApiError> {
    Ok(Json(accounts::list_accounts(&state, &user).await?))
}

#[derive(Serialize, ToSchema)]
struct CreatedAccount {
    #[serde(flatten)]
    account: UserAccount,
    /// Shown once; the user must change it at the first login.
    temporary_password: String,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewAccount, responses((status = 201, body = CreatedAccount), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new): JsonBody<NewAccount>,
) -> Result<(StatusCode, Json<CreatedAccount>), ApiError> {
    let (account, temporary_password) = accounts::create_account(&state, &user, &new).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedAccount {
            account,
            temporary_password,
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), responses((status = 200, body = AccountStanding), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<AccountStanding>, ApiError> {
    Ok(Json(accounts::read_account(&state, &user, id).await?))
}

/// Changes the display name, roles or standing, based on `version`; a
/// deactivation ends every session and token of the user.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), request_body = AccountChange, responses((status = 200, body = UserAccount), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<AccountChange>,
) -> Result<Json<UserAccount>, ApiError> {
    Ok(Json(
        accounts::change_account(&state, &user, id, &change).await?,
    ))
}

#[derive(Serialize, ToSchema)]
struct TemporaryPassword {
    /// Shown once; the user must change it at the next login.
    temporary_password: String,
}

/// A temporary password for a user who forgot theirs; every session and
/// token of the user ends.
#[utoipa::path(post, path = "/api/v1/users/{id}/password-reset", tag = "users", params(("id" = i64, Path)), responses((status = 200, body = TemporaryPassword), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<TemporaryPassword>, ApiError> {
    let temporary_password = accounts::reset_password(&state, &user, id).await?;
    Ok(Json(TemporaryPassword { temporary_password }))
}

/// Ends every session and revokes every API token of the user (a lost
/// laptop, a suspected leak); the password stays.
#[utoipa::path(delete, path = "/api/v1/users/{id}/sessions", tag = "users", params(("id" = i64, Path)), responses((status = 200, body = Revoked), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_access(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Revoked>, ApiError> {
    Ok(Json(accounts::revoke_access(&state, &user, id).await?))
}

/// For a user who lost phone and recovery codes: the next login asks for a
/// new enrolment where the role requires one.
#[utoipa::path(delete, path = "/api/v1/users/{id}/second-factor", tag = "users", params(("id" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_second_factor(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    accounts::remove_second_factor(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
