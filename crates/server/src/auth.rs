//! Who is calling: a session cookie (browsers) or a personal API token
//! (programs, `Authorization: Bearer hvn_…`). Login and logout live here too.

use crate::client_address::ClientAddress;
use crate::error::ApiError;
use crate::extract::Json as JsonBody;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use haven_store::UserAccount;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const SESSION_COOKIE: &str = "haven_session";

/// The logged-in user, put in the request by [`require_login`].
pub type CurrentUser = Extension<UserAccount>;

pub fn public_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login, logout))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    /// The authenticator app's current code, or a recovery code, for users with a second factor.
    #[serde(default)]
    pub code: Option<String>,
}

/// Checks credentials and starts a session; the answer never says whether
/// the username exists. Repeated failures lock the account name and the
/// address for a while, whether or not the account exists.
pub async fn start_session(
    state: &AppState,
    credentials: &Credentials,
    address: &str,
) -> Result<(UserAccount, Cookie<'static>), ApiError> {
    let username = credentials.username.trim();
    // Counted before the password is checked: parallel guesses cannot outrun the lock.
    if let Some(until) = state
        .store
        .begin_login_attempt(username, address, state.settings.throttle)
        .await?
    {
        return Err(ApiError::locked_out(until));
    }
    let Some(user) = state
        .store
        .check_login(username, &credentials.password)
        .await?
    else {
        tracing::info!("failed login");
        return Err(ApiError::bad_login());
    };
    if state.store.second_factor_enabled(user.id).await? {
        let code = credentials
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let Some(code) = code else {
            return Err(ApiError::second_factor_required());
        };
        if !state
            .store
            .check_second_factor(user.id, &user.username, code)
            .await?
        {
            tracing::info!(user_id = user.id, "wrong second factor");
            return Err(ApiError::bad_second_factor());
        }
    }
    state
        .store
        .settle_login_attempt(username, address, true)
        .await?;
    let secret = state
        .store
        .start_session(user.id, state.settings.session)
        .await?;
    tracing::info!(user_id = user.id, "login");
    Ok((user, session_cookie(state, secret)))
}

/// A user's own password change, throttled like a login: a stolen session
/// must not become a way to guess the password, so wrong current passwords
/// count as failed logins. Every other session of the user ends; the one
/// the request came with (`jar`) stays.
pub async fn change_own_password(
    state: &AppState,
    user: &UserAccount,
    address: &str,
    jar: &CookieJar,
    current_password: &str,
    new_password: &str,
) -> Result<(), ApiError> {
    if let Some(until) = state
        .store
        .begin_login_attempt(&user.username, address, state.settings.throttle)
        .await?
    {
        return Err(ApiError::locked_out(until));
    }
    let this_session = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let changed = state
        .store
        .change_own_password(
            user.id,
            current_password,
            new_password,
            this_session.as_deref(),
        )
        .await;
    // Only a wrong current password stays counted as a failed attempt.
    let wrong_password = matches!(&changed, Err(haven_store::StoreError::Invalid(violations))
        if violations.0.iter().any(|v| v.field == "current_password"));
    state
        .store
        .settle_login_attempt(&user.username, address, !wrong_password)
        .await?;
    changed?;
    tracing::info!(user_id = user.id, "password changed");
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = Credentials, responses((status = 200, description = "Logged in; sets the session cookie", body = UserAccount), (status = 401, body = crate::error::ErrorBody), (status = 429, description = "Too many failed attempts; retry later", body = crate::error::ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    jar: CookieJar,
    JsonBody(credentials): JsonBody<Credentials>,
) -> Result<Response, ApiError> {
    let (user, cookie) = start_session(&state, &credentials, &address).await?;
    let token = crate::csrf::token_for(cookie.value());
    Ok((jar.add(cookie), [(crate::csrf::HEADER, token)], Json(user)).into_response())
}

#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204, description = "Logged out")))]
async fn logout(State(state): State<AppState>, jar: CookieJar) -> Result<Response, ApiError> {
    let jar = end_session(&state, jar).await?;
    Ok((jar, StatusCode::NO_CONTENT).into_response())
}

pub async fn end_session(state: &AppState, jar: CookieJar) -> Result<CookieJar, ApiError> {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        state.store.end_session(cookie.value()).await?;
    }
    Ok(jar.remove(Cookie::build(SESSION_COOKIE).path("/")))
}

fn session_cookie(state: &AppState, secret: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, secret))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies())
        .path("/")
        .build()
}

/// The user behind the request, if any: a bearer token wins over a cookie.
pub async fn identify(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<UserAccount>, ApiError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(ApiError::unauthenticated)?;
        return Ok(state.store.api_token_user(token.trim()).await?);
    }
    let jar = CookieJar::from_headers(headers);
    match jar.get(SESSION_COOKIE) {
        Some(cookie) => Ok(state
            .store
            .session_user(cookie.value(), state.settings.session)
            .await?),
        None => Ok(None),
    }
}

/// The login layer: API routes answer 401, pages redirect to the login form.
pub async fn require_login(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // Whose session a page's post was sent with, read before an ended
    // session is removed: its form is carried through the login for that
    // user only.
    let page_post =
        request.method() == axum::http::Method::POST && !request.uri().path().starts_with("/api/");
    let owner = match CookieJar::from_headers(request.headers()).get(SESSION_COOKIE) {
        Some(cookie) if page_post => state
            .store
            .session_owner(cookie.value())
            .await
            .ok()
            .flatten(),
        Some(_) | None => None,
    };
    match identify(&state, request.headers()).await {
        Ok(Some(user)) => {
            let path = request.uri().path();
            let is_api = path.starts_with("/api/");
            if user.must_change_password && !PASSWORD_CHANGE_PATHS.contains(&path) {
                return if is_api {
                    ApiError::password_change_required().into_response()
                } else {
                    axum::response::Redirect::to("/profile").into_response()
                };
            }
            match second_factor_missing(&state, &user, path).await {
                Ok(false) => {}
                Ok(true) if is_api => {
                    return ApiError::second_factor_enrollment_required().into_response()
                }
                Ok(true) => return axum::response::Redirect::to("/profile").into_response(),
                Err(e) => return e.into_response(),
            }
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        Ok(None) if request.uri().path().starts_with("/api/") => {
            ApiError::unauthenticated().into_response()
        }
        Ok(None) => {
            // The ended session's cookie goes: the login form's post must not
            // be held to its token.
            let jar = CookieJar::from_headers(request.headers());
            let page = crate::pages::context::PublicPage {
                lang: crate::i18n::Lang::of(&jar),
                here: "/login".into(),
                operator: state.settings.operator.clone(),
                csrf: None,
            };
            let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
            // A form sent after the session ended keeps what was typed.
            let resume = match owner {
                Some(owner) => crate::pages::resume::Resume::of_expired_post(request, owner).await,
                None => None,
            };
            match resume {
                Some(resume) => {
                    (jar, crate::pages::login::expired(&state, &page, &resume)).into_response()
                }
                None => (jar, axum::response::Redirect::to("/login")).into_response(),
            }
        }
        Err(e) => e.into_response(),
    }
}

/// Where a user whose password was reset may still go: to change it.
const PASSWORD_CHANGE_PATHS: &[&str] = &[
    "/logout",
    "/profile",
    "/profile/password",
    "/api/v1/me",
    "/api/v1/me/password",
];

/// Where a user who must enrol a second factor may still go: to enrol (or
/// to change a reset password first).
const ENROLMENT_PATHS: &[&str] = &[
    "/logout",
    "/profile",
    "/profile/password",
    "/profile/second-factor",
    "/profile/second-factor/confirm",
    "/api/v1/me",
    "/api/v1/me/password",
    "/api/v1/me/second-factor",
    "/api/v1/me/second-factor/confirm",
];

/// True when the user's roles may see identities, the configuration requires
/// a second factor for them, they have none yet, and the path is not enrolment.
async fn second_factor_missing(
    state: &AppState,
    user: &UserAccount,
    path: &str,
) -> Result<bool, ApiError> {
    if !state.settings.require_second_factor || ENROLMENT_PATHS.contains(&path) {
        return Ok(false);
    }
    let may_see_identities = state
        .settings
        .permissions
        .permissions_of(&user.roles)
        .contains(&haven_access::Permission::ViewIdentity);
    Ok(may_see_identities && !state.store.second_factor_enabled(user.id).await?)
}
