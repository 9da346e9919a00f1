//! Cross-site request forgery. A session cookie is SameSite=Strict, and on
//! top of that every state-changing request is checked here:
//!
//! - an `Origin` header, when sent, must name this server (the `Host`);
//! - a request a plain HTML form could send cross-site (POST as
//!   `application/x-www-form-urlencoded`, `multipart/form-data`,
//!   `text/plain` or no type) with a session cookie must carry the session's
//!   CSRF token, in the `X-CSRF-Token` header or a `csrf` form field (in a
//!   multipart upload, its first field, so that only the body's start is
//!   read before the file streams on).
//!   JSON requests cannot be sent cross-site without a CORS preflight, which
//!   Haven never grants, and bearer tokens are not ambient credentials.

use crate::auth::SESSION_COOKIE;
use crate::error::ApiError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use sha2::{Digest, Sha256};

pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "csrf";
/// Forms Haven serves are small; a bigger urlencoded body is refused rather than buffered.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The token of a session: derived from its secret, so nothing more is stored.
pub fn token_for(session_secret: &str) -> String {
    hex::encode(Sha256::digest(format!("haven-csrf\0{session_secret}")))
}

/// The token of the session the request carries, if any.
pub fn token_of(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|c| token_for(c.value()))
}

/// Compares a sent token with the session's in constant time, so the time an
/// answer takes says nothing about how much of a guess was right.
fn same_token(sent: &str, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    sent.len() == expected.len() && bool::from(sent.as_bytes().ct_eq(expected.as_bytes()))
}

/// The refusal: JSON for the API; for a page's form, a page a person can
/// read (in both languages: the session's language is not known here).
fn refused(code: &'static str, page: bool) -> Response {
    const VI: &str =
        "Yêu cầu bị từ chối vì không đến từ trang của Haven; hãy tải lại trang rồi thử lại.";
    const EN: &str = "The request was refused because it did not come from Haven's own pages; reload the page and try again.";
    if page {
        let body = maud::html! {
            (maud::DOCTYPE)
            html lang="vi" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { "Yêu cầu bị từ chối · Request refused" }
                    link rel="stylesheet" href="/static/haven.css";
                }
                body {
                    main {
                        h1 { "Yêu cầu bị từ chối" }
                        p.error role="alert" { (VI) }
                        p lang="en" { (EN) }
                        p { a href="/" { "Về trang chủ" } " · " a href="/" lang="en" { "Back to the start" } }
                    }
                }
            }
        };
        return (
            StatusCode::FORBIDDEN,
            [(header::CACHE_CONTROL, "no-store")],
            body,
        )
            .into_response();
    }
    ApiError::new(StatusCode::FORBIDDEN, code, VI, EN).into_response()
}

fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    // Under `Referrer-Policy: no-referrer` browsers send `Origin: null` with
    // their own form posts; the fetch metadata then says where the post came
    // from (and the session's token is still required below).
    if origin == "null" {
        let site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        return !matches!(site, "cross-site" | "same-site");
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority == host)
}

fn form_like(headers: &HeaderMap) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    content_type.is_empty()
        || content_type.starts_with("application/x-www-form-urlencoded")
        || content_type.starts_with("multipart/form-data")
        || content_type.starts_with("text/plain")
}

pub async fn check(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe {
        return next.run(request).await;
    }
    let page = !request.uri().path().starts_with("/api/");
    let headers = request.headers();
    if !same_origin(headers) {
        return refused("cross_origin", page);
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes().starts_with(b"Bearer "));
    let Some(expected) = token_of(headers).filter(|_| !bearer) else {
        return next.run(request).await;
    };
    if *request.method() != Method::POST || !form_like(headers) {
        return next.run(request).await;
    }
    let in_header = headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| same_token(t, &expected));
    if in_header {
        return next.run(request).await;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        return match multipart_with_token(request, &content_type, &expected).await {
            Some(request) => next.run(request).await,
            None => refused("csrf", page),
        };
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return refused("csrf", page);
    }
    // A page's form: the token is a field; read the (small) body and put it back.
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        // No page's form is this long: it is refused for its size, as such.
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "Nội dung gửi lên quá dài; hãy rút ngắn rồi gửi lại.",
            "What was sent is too long; shorten it and send it again.",
        )
        .into_response();
    };
    let in_field =
        url::form_urlencoded::parse(&bytes).any(|(k, v)| k == FIELD && same_token(&v, &expected));
    if !in_field {
        return refused("csrf", page);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// A page's file upload: the token must be the form's first field (the
/// pages put it first, and browsers send fields in order), so only the
/// start of the body is read here; the request goes on with it put back
/// in front of the rest, still streaming.
async fn multipart_with_token(
    request: Request,
    content_type: &str,
    expected: &str,
) -> Option<Request> {
    use futures::StreamExt;
    let boundary = multer::parse_boundary(content_type).ok()?;
    let (parts, body) = request.into_parts();
    let mut rest = body.into_data_stream();
    let mut start = bytes::BytesMut::new();
    while start.len() < MAX_FORM_BYTES {
        match rest.next().await {
            Some(Ok(chunk)) => start.extend_from_slice(&chunk),
            Some(Err(_)) => return None,
            None => break,
        }
    }
    let start = start.freeze();
    let head = start.clone();
    let mut fields = multer::Multipart::new(
        futures::stream::once(async move { Ok::<_, std::convert::Infallible>(head) }),
        boundary,
    );
    let first = fields.next_field().await.ok()??;
    if first.name() != Some(FIELD) || !same_token(&first.text().await.ok()?, expected) {
        return None;
    }
    let body = futures::stream::once(async move { Ok::<_, axum::Error>(start) }).chain(rest);
    Some(Request::from_parts(parts, Body::from_stream(body)))
}
