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
use crate::pages::degraded::OrShown;
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

/// Agencies to dispatch to, by id and name: those serving the place, and the others.
pub(crate) type DispatchChoices = (Vec<(i64, String)>, Vec<(i64, String)>);

/// The agencies a contact may be dispatched to: first those of the place
/// itself — placed in the person's commune, then in her province, the
/// police, border guard and commune that answer for it — then those whose
/// entry in the directory serves the place; after them every other active
/// agency; never the user's own.
pub(crate) async fn dispatch_choices(
    state: &crate::AppState,
    own_agency: i64,
    place: Option<&str>,
) -> DispatchChoices {
    let agencies: Vec<(i64, String, String)> = state
        .store
        .agencies()
        .await
        .or_shown("agencies")
        .into_iter()
        .filter(|a| a.active && a.id != own_agency)
        .map(|a| (a.id, a.name, a.admin_unit_id))
        .collect();
    let Some(place) = place.filter(|p| !p.is_empty()) else {
        return (
            Vec::new(),
            agencies
                .into_iter()
                .map(|(id, name, _)| (id, name))
                .collect(),
        );
    };
    let province: String = place.split('/').take(2).collect::<Vec<_>>().join("/");
    let search = haven_store::directory::DirectorySearch {
        place: Some(place.to_owned()),
        ..Default::default()
    };
    let in_directory: Vec<i64> = state
        .store
        .directory()
        .search(&search)
        .await
        .or_shown("directory")
        .into_iter()
        .filter_map(|e| match e.provider {
            haven_store::directory::Provider::Agency(id) => Some(id.get()),
            haven_store::directory::Provider::Facility(_)
            | haven_store::directory::Provider::Outside => None,
        })
        .collect();
    // Closest first: the commune's own, the province's, the directory's.
    let rank = |unit: &str, id: i64| -> Option<u8> {
        if unit == place {
            Some(0)
        } else if unit == province {
            Some(1)
        } else if in_directory.contains(&id) {
            Some(2)
        } else {
            None
        }
    };
    let mut serving = Vec::new();
    let mut others = Vec::new();
    for (id, name, unit) in agencies {
        match rank(&unit, id) {
            Some(r) => serving.push((r, id, name)),
            None => others.push((id, name)),
        }
    }
    serving.sort_by_key(|(r, _, _)| *r);
    (
        serving
            .into_iter()
            .map(|(_, id, name)| (id, name))
            .collect(),
        others,
    )
}

/// The options of a dispatch's agency: those serving the place first.
pub(crate) fn dispatch_options(
    lang: Lang,
    (serving, others): &DispatchChoices,
    chosen: &str,
) -> maud::Markup {
    maud::html! {
        @if !serving.is_empty() {
            optgroup label=(lang.t("contact-dispatch-serving")) {
                @for (id, name) in serving { option value=(id) selected[chosen == id.to_string()] { (name) } }
            }
            optgroup label=(lang.t("contact-dispatch-others")) {
                @for (id, name) in others { option value=(id) selected[chosen == id.to_string()] { (name) } }
            }
        } @else {
            @for (id, name) in others { option value=(id) selected[chosen == id.to_string()] { (name) } }
        }
    }
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
