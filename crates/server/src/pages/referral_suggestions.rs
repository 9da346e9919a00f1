//! On a case page, beside the referral form: the providers of the directory
//! of services that serve where the person lives (else the user's province)
//! and take someone like her — a child, a man, a foreigner — each one a
//! click away from the referral form with it chosen. Providers outside
//! Haven are listed with their phones: they cannot be sent a case, but the
//! worker can give the person the number.

use super::context::Page;
use super::directory::kind_label;
use crate::pages::degraded::OrShown;
use crate::views::cases::CaseView;
use crate::AppState;
use haven_access::{Action, Seen};
use haven_domain::case::command::Command;
use haven_domain::case::person::Sex;
use haven_store::directory::{DirectorySearch, Provider, ServiceEntryRecord};
use maud::{html, Markup};
use std::collections::HashMap;

/// Entries shown at most: the page stays small.
const SHOWN: usize = 8;

/// Where she lives (her current residence, else her permanent one) when
/// the viewer sees it — `true` — else the user's province — `false`.
fn place(page: &Page, view: &CaseView) -> (Option<String>, bool) {
    let unit = |seen: &Seen<haven_domain::case::person::Residence>| match seen {
        Seen::Shown(residence) => residence
            .admin_unit_id
            .clone()
            .filter(|u| u.starts_with("2025/")),
        Seen::Hidden => None,
    };
    let home = view.person.as_ref().and_then(|p| {
        unit(&p.person.current_residence).or_else(|| unit(&p.person.permanent_residence))
    });
    match home {
        Some(home) => (Some(home), true),
        None => (
            page.user
                .agency_unit_today
                .as_deref()
                .map(|u| u.split('/').take(2).collect::<Vec<_>>().join("/")),
            false,
        ),
    }
}

/// The agency a referral to this entry goes to: the agency itself, or the
/// facility's operator.
fn target(entry: &ServiceEntryRecord, facilities: &HashMap<i64, i64>) -> Option<i64> {
    match entry.provider {
        Provider::Agency(id) => Some(id.get()),
        Provider::Facility(id) => facilities.get(&id).copied(),
        Provider::Outside => None,
    }
}

pub async fn section(state: &AppState, page: &Page, view: &CaseView) -> Markup {
    let case = &view.case.state;
    // Shown to whoever the referral form is for: a referral the policy allows.
    let sample = Command::SendReferral {
        to_agency_id: 0,
        to_facility_id: None,
        reason: String::new(),
        shared_fields: Vec::new(),
        shared_with_roles: Vec::new(),
        best_interest_reason: None,
        transfer_lead: false,
        sent_on: case.received_on,
    };
    if !crate::views::cases::allowed_on(state, &page.user, view, Action::Record(&sample))
        || case.phase == haven_domain::case::status::Phase::Closed
    {
        return html! {};
    }
    let man = view
        .person
        .as_ref()
        .is_some_and(|p| matches!(p.person.sex, Seen::Shown(Sex::Male)));
    let (place, where_she_lives) = place(page, view);
    let search = DirectorySearch {
        place,
        takes_children: case.child,
        takes_men: man,
        takes_foreigners: case.foreign_national,
        ..Default::default()
    };
    let found: Vec<ServiceEntryRecord> = state
        .store
        .directory()
        .search(&search)
        .await
        .or_shown("directory")
        .into_iter()
        // Not a referral to oneself: the user's own agency and the lead's.
        .filter(|e| match e.provider {
            Provider::Agency(id) => {
                id.get() != case.lead_agency_id && id.get() != page.user.agency_id
            }
            Provider::Facility(_) | Provider::Outside => true,
        })
        .take(SHOWN)
        .collect();
    if found.is_empty() {
        return html! {};
    }
    let facilities: HashMap<i64, i64> = state
        .store
        .facilities()
        .await
        .or_shown("facilities")
        .into_iter()
        .map(|f| (f.id, f.operator_agency_id))
        .collect();
    let services: HashMap<String, String> = state
        .store
        .code_list("support_service_type")
        .await
        .or_shown("support service types")
        .into_iter()
        .map(|i| {
            let label = match page.lang {
                crate::i18n::Lang::Vi => i.label_vi,
                crate::i18n::Lang::En => i.label_en,
            };
            (i.code, label)
        })
        .collect();
    let lang = page.lang;
    let number = &view.case.case_number;
    html! {
        details.card #referral-suggestions {
            summary { (lang.t("referral-suggestions-title")) }
            p.hint { (lang.t("referral-suggestions-hint")) }
            @if !where_she_lives { p.hint { (lang.t("referral-suggestions-province")) } }
            ul {
                @for entry in &found {
                    li {
                        strong { (entry.entry.name) } " · " (kind_label(lang, entry.entry.kind))
                        @if !entry.entry.services.is_empty() {
                            br;
                            span { (entry.entry.services.iter().map(|s| services.get(s).cloned().unwrap_or_else(|| s.clone())).collect::<Vec<_>>().join(", ")) }
                        }
                        @if !entry.entry.phones.is_empty() {
                            br;
                            span { (lang.t("referral-suggestions-phones")) ": " (entry.entry.phones.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")) }
                        }
                        @if let Some(agency) = target(entry, &facilities) {
                            br;
                            a href={ "/cases/" (number) "?pick=" (agency) "&pick_for=send_referral#action-send_referral" } { (lang.t("referral-suggestions-pick")) }
                        }
                    }
                }
            }
            p { a href="/directory" { (lang.t("referral-suggestions-more")) } }
        }
    }
}
