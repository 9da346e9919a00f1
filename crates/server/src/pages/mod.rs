//! The web pages for the agencies: server-rendered (maud), Vietnamese by
//! default with English on a switch (Fluent, see `crate::i18n`), no script,
//! built from the same views as the JSON API so they show exactly what the
//! access policy allows.

mod actions;
mod admin;
mod attachments;
mod case_list;
mod case_page;
mod context;
mod degraded;
mod facilities;
mod home;
mod labels;
mod lang;
mod layout;
mod login;
mod person_links;
mod profile;
mod reception;
mod referrals;
mod statistics;
mod submissions;

use crate::error::ApiError;
use crate::i18n::Lang;
use crate::AppState;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use context::Page;
use haven_domain::Violation;
use maud::html;

pub fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/lang/{code}", get(lang::switch))
        .route("/static/haven.css", get(layout::stylesheet))
}

pub fn protected_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/logout", post(login::logout))
        .route("/cases", get(case_list::page).post(case_list::search))
        .route("/cases/new", get(reception::form).post(reception::submit))
        .route("/cases/{number}", get(case_page::page))
        .route("/cases/{number}/actions/{action}", post(actions::record))
        .route(
            "/cases/{number}/documents",
            post(attachments::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/referrals", get(referrals::page))
        .route("/person-links/{id}/answer", post(person_links::answer))
        .route("/reports", get(statistics::page))
        .route("/reports/submissions", get(submissions::overview))
        .route("/reports/submission", get(submissions::report))
        .route("/reports/submission/step", post(submissions::step))
        .route("/facilities", get(facilities::page))
        .route("/facilities/{id}", get(facilities::facility))
        .route("/profile", get(profile::page))
        .route("/profile/password", post(profile::change_password))
        .route("/profile/second-factor", post(profile::begin_second_factor))
        .route(
            "/profile/second-factor/confirm",
            post(profile::confirm_second_factor),
        )
        .merge(admin::routes())
        .layer(axum::middleware::from_fn(degraded::track))
}

/// A refusal or failure as a page in the user's language, with its status.
fn error_page(page: &Page, error: ApiError) -> Response {
    let lang = page.lang;
    let message = match lang {
        Lang::Vi => error.body.message_vi.clone(),
        Lang::En => error.body.message_en.clone(),
    };
    let title = lang.t(match error.status.as_u16() {
        403 => "error-forbidden",
        404 => "error-not-found",
        _ => "error-title",
    });
    (
        error.status,
        layout::page(
            page,
            &title,
            html! {
                p.error role="alert" { (message) }
                p { a href="/" { (lang.t("error-back")) } }
            },
        ),
    )
        .into_response()
}

/// A validation message in the user's language.
fn violation_text(lang: Lang, violation: &Violation) -> String {
    match lang {
        Lang::Vi => violation.message_vi.clone(),
        Lang::En => violation.message_en.clone(),
    }
}
