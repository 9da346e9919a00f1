//! Facilities (shelters, social protection centres): capacity and how many
//! stay there now. One facility's page lists its current stays by case
//! number and day of admission, for its own staff only, with each person's
//! name where the policy shows it to the viewer.

use super::context::Page;
use super::extract::Path;
use super::labels::{self, CodeLabels};
use super::layout;
use crate::pages::degraded::OrShown;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_access::Permission;
use maud::{html, Markup};

pub async fn page(State(state): State<AppState>, page: Page) -> Markup {
    let lang = page.lang;
    let facilities = state.store.facilities().await.or_shown("facilities");
    let occupancy = state.store.occupancy().await.or_shown("occupancy");
    let agencies = labels::agency_names(&state).await;
    let kinds = CodeLabels::load(&state, "facility_type", lang).await;
    let units = labels::unit_names(
        &state,
        &facilities
            .iter()
            .map(|f| f.admin_unit_id.clone())
            .collect::<Vec<_>>(),
    )
    .await;
    layout::page(
        &page,
        &lang.t("facilities-title"),
        html! {
            @if facilities.is_empty() {
                p { (lang.t("facilities-none")) }
            } @else {
                table #facilities {
                    thead {
                        tr {
                            th scope="col" { (lang.t("field-facility")) }
                            th scope="col" { (lang.t("facilities-kind")) }
                            th scope="col" { (lang.t("facilities-operator")) }
                            th scope="col" { (lang.t("facilities-place")) }
                            th scope="col" { (lang.t("field-staying")) }
                            th scope="col" { (lang.t("field-capacity")) }
                        }
                    }
                    tbody {
                        @for f in &facilities {
                            @let staying = occupancy.get(&f.id).copied().unwrap_or(0);
                            tr {
                                td data-label=(lang.t("field-facility")) { a href={ "/facilities/" (f.id) } { (f.name) } }
                                td data-label=(lang.t("facilities-kind")) { (kinds.of(&f.facility_type)) }
                                td data-label=(lang.t("facilities-operator")) { (agencies.get(&f.operator_agency_id).cloned().unwrap_or_default()) }
                                td data-label=(lang.t("facilities-place")) { (units.get(&f.admin_unit_id).cloned().unwrap_or_else(|| f.admin_unit_id.clone())) }
                                td data-label=(lang.t("field-staying")) class=[(staying >= f.capacity.max(0) as u64).then_some("overdue")] { (staying) }
                                td data-label=(lang.t("field-capacity")) { (f.capacity) }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub async fn facility(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    let lang = page.lang;
    let facilities = state.store.facilities().await.or_shown("facilities");
    let Some(facility) = facilities.into_iter().find(|f| f.id == id) else {
        return super::error_page(&page, crate::error::ApiError::not_found());
    };
    let staying = state
        .store
        .occupancy()
        .await
        .or_shown("occupancy")
        .get(&id)
        .copied()
        .unwrap_or(0);
    // Who stays where is case work: the operating agency's staff see it.
    let sees_stays =
        facility.operator_agency_id == page.user.agency_id && page.can(Permission::ReadCase);
    let stays = if sees_stays {
        state
            .store
            .current_stays(id)
            .await
            .or_shown("current_stays")
    } else {
        Vec::new()
    };
    let names = resident_names(&state, &page, &stays).await;
    let today = crate::case_access::today();
    let agencies = labels::agency_names(&state).await;
    let kinds = CodeLabels::load(&state, "facility_type", lang).await;
    let free = (facility.capacity.max(0) as u64).saturating_sub(staying);
    layout::page(
        &page,
        &facility.name,
        html! {
            section.card #facility-summary {
                dl {
                    dt { (lang.t("facilities-kind")) } dd { (kinds.of(&facility.facility_type)) }
                    dt { (lang.t("facilities-operator")) } dd { (agencies.get(&facility.operator_agency_id).cloned().unwrap_or_default()) }
                    dt { (lang.t("field-capacity")) } dd { (facility.capacity) }
                    dt { (lang.t("field-staying")) } dd #staying class=[(free == 0).then_some("overdue")] { (staying) }
                    dt { (lang.t("facilities-free")) } dd #free { (free) }
                }
            }
            @if sees_stays {
                section.card #stays {
                    h2 { (lang.t("facilities-stays")) }
                    @if stays.is_empty() {
                        p { (lang.t("facilities-stays-none")) }
                    } @else {
                        table {
                            thead { tr {
                                th scope="col" { (lang.t("field-case-number")) }
                                th scope="col" { (lang.t("person-full-name")) }
                                th scope="col" { (lang.t("input-admitted-on")) }
                                th scope="col" { (lang.t("facilities-nights")) }
                            } }
                            tbody {
                                @for (number, admitted_on) in &stays {
                                    tr {
                                        td data-label=(lang.t("field-case-number")) { a href={ "/cases/" (number) } { (number) } }
                                        td.name data-label=(lang.t("person-full-name")) {
                                            @match names.get(number) {
                                                Some(name) => { (name) }
                                                None => { span.masked { (lang.t("list-name-hidden")) } }
                                            }
                                        }
                                        td data-label=(lang.t("input-admitted-on")) { (lang.date(*admitted_on)) }
                                        td data-label=(lang.t("facilities-nights")) { ((today - *admitted_on).num_days().max(0)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { a href="/facilities" { (lang.t("facilities-back")) } }
        },
    )
    .into_response()
}

/// The names of the residents the viewer may see, by case number: each
/// case's identity view decides (a child's name only for her assigned workers).
async fn resident_names(
    state: &AppState,
    page: &Page,
    stays: &[(String, chrono::NaiveDate)],
) -> std::collections::HashMap<String, String> {
    let who = crate::case_access::principal(state, &page.user);
    let mut shown = Vec::new();
    for (number, _) in stays {
        let Some(case) = state.store.case_by_number(number).await.or_shown("case") else {
            continue;
        };
        let identity = match crate::case_access::scope_for(state, &who, &case).await {
            Ok((_, identity)) => identity,
            Err(_) => {
                // Shown masked; the failure is the log's, never the name.
                tracing::error!("a resident's access could not be decided");
                continue;
            }
        };
        if identity.shows(haven_domain::case::person_fields::PersonField::FullName) {
            shown.push((number.clone(), case.person_id));
        }
    }
    let ids: Vec<i64> = shown.iter().map(|(_, id)| *id).collect();
    let persons = state.store.persons(&ids).await.or_shown("persons");
    shown
        .into_iter()
        .filter_map(|(number, id)| persons.get(&id).map(|p| (number, p.full_name.clone())))
        .collect()
}
