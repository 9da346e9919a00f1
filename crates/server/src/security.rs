//! Response headers every page and API answer carries.

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

pub fn with_headers<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let router = if https {
        // Browsers that once reached Haven over https never fall back to http.
        router.layer(if_missing(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        router
    };
    router
        .layer(if_missing(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(if_missing(header::REFERRER_POLICY, "no-referrer"))
        .layer(if_missing(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(if_missing(header::X_FRAME_OPTIONS, "DENY"))
        .layer(if_missing(header::CACHE_CONTROL, "no-store"))
}

fn if_missing(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}
