//! Server-rendered pages. The full agency UI comes with its own issue; these
//! are the login flow and a start page, in Vietnamese with English alongside.

mod home;
mod layout;
mod login;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/static/haven.css", get(layout::stylesheet))
}

pub fn protected_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/logout", post(login::logout))
}
