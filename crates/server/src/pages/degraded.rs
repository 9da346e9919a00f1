//! A page drawn while part of its data could not be read says so at its top,
//! instead of showing an empty list as if there were nothing: the failure is
//! logged, the request marked, and the layout shows the warning.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use haven_store::StoreResult;
use std::cell::Cell;

tokio::task_local! {
    static DEGRADED: Cell<bool>;
}

/// Middleware: every page request starts whole.
pub async fn track(request: Request, next: Next) -> Response {
    DEGRADED.scope(Cell::new(false), next.run(request)).await
}

/// Whether something this request needed could not be read.
pub fn is_degraded() -> bool {
    DEGRADED.try_with(Cell::get).unwrap_or(false)
}

/// A store answer for a page: the value, or — logged, and the page marked so
/// its reader is told — an empty one.
pub trait OrShown<T> {
    fn or_shown(self, what: &'static str) -> T;
}

impl<T: Default> OrShown<T> for StoreResult<T> {
    fn or_shown(self, what: &'static str) -> T {
        match self {
            Ok(value) => value,
            Err(error) => {
                tracing::error!(error = %error, what, "a page's data could not be read");
                let _ = DEGRADED.try_with(|degraded| degraded.set(true));
                T::default()
            }
        }
    }
}

/// A view for part of a page: `None` when the policy refuses it (the page
/// leaves that part out, as it should), and `None` marked as a failure —
/// logged, and the page warns its reader — when it could not be read.
pub fn permitted_part<T>(
    result: Result<T, crate::error::ApiError>,
    what: &'static str,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) if error.status.is_server_error() => {
            tracing::error!(status = %error.status, what, "part of a page could not be read");
            let _ = DEGRADED.try_with(|degraded| degraded.set(true));
            None
        }
        Err(_) => None,
    }
}
