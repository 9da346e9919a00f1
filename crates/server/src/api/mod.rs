//! The JSON API under `/api/v1`. Everything here is behind the login layer.

mod cases;
mod me;
mod organisation;
mod reference;

use crate::AppState;
use axum::Router;

pub fn protected_routes() -> Router<AppState> {
    Router::new()
        .merge(cases::routes())
        .merge(me::routes())
        .merge(organisation::routes())
        .merge(reference::routes())
}
