//! The hotline's pages: the contacts list (and, for an agency asked to
//! act, the dispatches waiting for its answer), the contact form an
//! operator fills in with the keyboard alone, and one contact with what
//! its reader may do next — dispatch, answer, open a case from it, attach
//! it to a case, mark the call back made.

mod contact_form;
mod contact_page;
mod contacts;
pub(crate) mod dashboard;

use crate::i18n::Lang;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, NaiveDateTime, Utc};

pub fn routes() -> Router<crate::AppState> {
    Router::new()
        .route("/contacts", get(contacts::page).post(contact_form::create))
        .route("/contacts/new", get(contact_form::new_contact))
        .route(
            "/contacts/{number}",
            get(contact_page::page).post(contact_form::correct),
        )
        .route("/contacts/{number}/edit", get(contact_form::edit))
        .route("/contacts/{number}/dispatch", post(contact_page::dispatch))
        .route("/contacts/{number}/answer", post(contact_page::answer))
        .route("/contacts/{number}/case", post(contact_page::attach))
        .route(
            "/contacts/{number}/call-back-made",
            post(contact_page::call_back_made),
        )
}

/// A code of one of the hotline's lists in words: `contact-<list>-<code>`.
pub(crate) fn code_label(lang: Lang, list: &str, code: &str) -> String {
    lang.t(&format!("contact-{list}-{}", code.replace('_', "-")))
}

/// A moment as people in Vietnam read it: `30/11/2026 14:05`.
pub(crate) fn moment(at: DateTime<Utc>) -> String {
    at.with_timezone(&crate::case_access::vietnam())
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// A moment as a `datetime-local` field holds it, in Vietnamese time.
fn local_input(at: DateTime<Utc>) -> String {
    at.with_timezone(&crate::case_access::vietnam())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A `datetime-local` value (Vietnamese time) as a moment.
fn parse_local(raw: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    naive
        .and_local_timezone(crate::case_access::vietnam())
        .single()
        .map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_moments_read_back_as_written() {
        let at = parse_local("2026-11-30T14:05").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-30T07:05:00+00:00");
        assert_eq!(local_input(at), "2026-11-30T14:05");
        assert_eq!(moment(at), "30/11/2026 14:05");
        assert_eq!(parse_local("30/11/2026"), None);
    }
}
