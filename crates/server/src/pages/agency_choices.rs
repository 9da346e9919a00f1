//! Which agencies a case page's forms offer, and a page to find any other.
//! A national installation registers every commune's People's Committee —
//! thousands of agencies — so a form lists only the likely ones: those
//! already part of the case, the user's own, the province-level offices of
//! the user's province and any the user just looked up. The picker page
//! searches the rest by name within a province and comes back with one.

use super::context::Page;
use super::extract::Query;
use super::layout;
use crate::pages::degraded::OrShown;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_domain::case::command::ConsentScope;
use haven_domain::case::Case;
use maud::html;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;
use std::collections::BTreeSet;

/// What a case number may keep as it is in an address (`HNI-2025-000001`).
const CASE_NUMBER: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-');

use crate::views::agencies::{within, MAX_FOUND};

/// Whether the form `action` sends the case to another agency (its agency
/// field is `to_agency_id`): one's own agency is no choice there.
pub fn sends_away(action: &str) -> bool {
    super::actions::spec::spec_of(action).is_some_and(|spec| {
        spec.fields
            .iter()
            .any(|f| f.kind == super::actions::spec::Kind::Agency && f.name == "to_agency_id")
    })
}

/// The agencies the case's forms offer, by name.
pub async fn short_list(
    state: &AppState,
    page: &Page,
    case: &Case,
    picked: &[i64],
) -> Vec<(i64, String)> {
    let mut wanted: BTreeSet<i64> = involved(case);
    wanted.insert(page.user.agency_id);
    wanted.extend(picked.iter().copied());
    let province = page
        .user
        .agency_unit_today
        .as_deref()
        .map(province_of)
        .unwrap_or_default();
    let mut list: Vec<(i64, String)> = state
        .store
        .agency_list()
        .await
        .or_shown("agencies")
        .iter()
        .filter(|a| {
            wanted.contains(&a.id)
                || (a.active
                    && !province.is_empty()
                    && within(&a.admin_unit_id, &province)
                    && a.sector != MANY_PER_PROVINCE)
        })
        .map(|a| (a.id, a.name.clone()))
        .collect();
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list
}

/// Agencies the case already names: its lead, referrals both ways,
/// verification requests, consents to share, the hardship application.
fn involved(case: &Case) -> BTreeSet<i64> {
    let mut ids = BTreeSet::from([case.lead_agency_id]);
    for referral in &case.referrals {
        ids.insert(referral.from_agency_id);
        ids.insert(referral.to_agency_id);
    }
    ids.extend(
        case.verification_requests
            .iter()
            .filter_map(|r| r.to_agency_id),
    );
    ids.extend(case.consents.iter().filter_map(|c| match c.scope {
        ConsentScope::ShareWith { agency_id } => Some(agency_id),
        ConsentScope::ReceiveServices => None,
    }));
    ids.extend(
        case.hardship_application
            .as_ref()
            .map(|h| h.received_by_agency_id),
    );
    ids
}

/// The sector every commune has an agency of (its People's Committee):
/// thousands nationally, so offered only when part of the case or looked up.
const MANY_PER_PROVINCE: &str = "peoples_committee";

/// A 2025 unit's province: `2025/01/00070` → `2025/01`.
fn province_of(unit: &str) -> String {
    unit.split('/').take(2).collect::<Vec<_>>().join("/")
}

/// The picker's question: a name, a province, and where to go back to.
#[derive(Debug, Default, Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
    #[serde(default)]
    province: String,
    /// The case number to go back to.
    #[serde(default)]
    back: String,
    /// The form to go back to (`send_referral`).
    #[serde(default)]
    action: String,
}

pub async fn picker(
    State(state): State<AppState>,
    page: Page,
    Query(search): Query<Search>,
) -> Response {
    let lang = page.lang;
    let provinces = state
        .store
        .admin_units_under("2025", None)
        .await
        .or_shown("admin_units_under");
    let province = search.province.trim();
    let searched = !search.q.trim().is_empty() || !province.is_empty();
    let found: Vec<(i64, String, String)> = if searched {
        let question = crate::views::agencies::AgencySearch {
            q: Some(search.q.clone()),
            province: Some(province.to_owned()),
            limit: None,
        };
        match crate::views::agencies::find(&state, &question).await {
            Ok(found) => found,
            Err(error) => return super::error_page(&page, error),
        }
        .into_iter()
        // A form that sends to another agency does not offer one's own.
        .filter(|a| !(sends_away(&search.action) && a.id == page.user.agency_id))
        .map(|a| (a.id, a.name, a.code))
        .collect()
    } else {
        Vec::new()
    };
    // Only a case page, and only a form the case page has, to go back to.
    let back = utf8_percent_encode(search.back.trim(), CASE_NUMBER).to_string();
    let form_action = super::actions::spec::spec_of(&search.action).map(|spec| spec.action);
    let anchor = form_action
        .map(|action| format!("#action-{action}"))
        .unwrap_or_default();
    let pick_for = form_action
        .map(|action| format!("&pick_for={action}"))
        .unwrap_or_default();
    layout::page(
        &page,
        &lang.t("picker-title"),
        html! {
            form.card.filters method="get" action="/agencies/pick" role="search" {
                input type="hidden" name="back" value=(search.back);
                input type="hidden" name="action" value=(search.action);
                div.field {
                    label for="q" { (lang.t("picker-name")) }
                    input #q type="search" name="q" value=(search.q) maxlength="100";
                }
                div.field {
                    label for="province" { (lang.t("picker-province")) }
                    select #province name="province" {
                        option value="" { (lang.t("filter-any")) }
                        @for unit in &provinces {
                            option value=(unit.id) selected[unit.id == province] { (unit.name) }
                        }
                    }
                }
                button type="submit" { (lang.t("picker-search")) }
            }
            @if searched {
                @if found.is_empty() {
                    p #picker-none { (lang.t("picker-none")) }
                } @else {
                    ul #picker-found {
                        @for (id, name, code) in &found {
                            li {
                                @if back.is_empty() {
                                    (name) " (" (code) ")"
                                } @else {
                                    a href={ "/cases/" (back) "?pick=" (id) (pick_for) (anchor) } { (name) } " (" (code) ")"
                                }
                            }
                        }
                    }
                    @if found.len() == MAX_FOUND { p.hint { (lang.t_with("picker-more", &[("count", MAX_FOUND.into())])) } }
                }
            }
            @if !back.is_empty() {
                p { a href={ "/cases/" (back) (anchor) } { (lang.t("print-back")) } }
            }
        },
    )
    .into_response()
}
