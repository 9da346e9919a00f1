//! The language switch: a cookie, then back to the page the user was on.

use crate::extract::{Path, Query};
use crate::i18n::{Lang, LANG_COOKIE};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Back {
    next: Option<String>,
}

pub async fn switch(
    jar: CookieJar,
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let cookie = Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .permanent()
        .build();
    // Only a path of this site: never an open redirect.
    let next = back
        .next
        .filter(|n| is_local_path(n))
        .unwrap_or_else(|| "/".into());
    (jar.add(cookie), Redirect::to(&next)).into_response()
}

/// A path of this site, fit for a `Location` header: never another site
/// (an open redirect), never a character a header cannot carry.
pub(crate) fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.bytes().all(|b| b.is_ascii_graphic())
}
