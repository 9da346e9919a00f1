//! What every page needs to know about the request: the user (behind the
//! login layer), the language, the session's CSRF token for its forms, and
//! where it is (for the language switch to come back to).

use crate::i18n::Lang;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use haven_access::{Permission, PermissionTable};
use haven_store::UserAccount;
use std::collections::BTreeSet;

/// A logged-in user's page.
pub struct Page {
    pub user: UserAccount,
    pub lang: Lang,
    pub csrf: String,
    /// Path and query of this page, to come back to after switching language.
    pub here: String,
    pub permissions: BTreeSet<Permission>,
    /// The agency that runs this installation, for the footer.
    pub operator: String,
    /// Seconds of inactivity after which the session ends.
    pub idle_seconds: i64,
    /// Notices not read yet, shown beside the inbox in the header.
    pub unread_notices: u64,
}

impl Page {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

impl FromRequestParts<crate::AppState> for Page {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(user) = parts.extensions.get::<UserAccount>().cloned() else {
            return Err(Redirect::to("/login").into_response());
        };
        let jar = CookieJar::from_headers(&parts.headers);
        let table: &PermissionTable = &state.settings.permissions;
        let unread_notices = match crate::views::notices::unread(state, &user).await {
            Ok(count) => count,
            Err(_) => {
                // The page still works; the header just shows no count.
                tracing::warn!("the unread notices could not be counted");
                0
            }
        };
        Ok(Page {
            unread_notices,
            operator: state.settings.operator.clone(),
            idle_seconds: state.settings.session.idle_timeout.num_seconds(),
            permissions: table.permissions_of(&user.roles),
            user,
            lang: Lang::of(&jar),
            csrf: crate::csrf::token_of(&parts.headers).unwrap_or_default(),
            here: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
        })
    }
}

/// The language of a page anyone may see (the login page).
pub struct PublicPage {
    pub lang: Lang,
    pub here: String,
    /// The agency that runs this installation, for the footer.
    pub operator: String,
    /// The token of a session cookie the browser still holds (an ended
    /// session): the login form carries it, so its post is not refused.
    pub csrf: Option<String>,
}

impl FromRequestParts<crate::AppState> for PublicPage {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(PublicPage {
            csrf: crate::csrf::token_of(&parts.headers),
            operator: state.settings.operator.clone(),
            lang: Lang::of(&CookieJar::from_headers(&parts.headers)),
            here: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
        })
    }
}
