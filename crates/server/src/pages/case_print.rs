//! A case summary to print and file: the issuing agency, the "MẬT"
//! (confidential) marking, who printed it and when, the person as the
//! viewer may see her, deadlines, entitlements and the steps with their
//! dates. Built from the same views as the case page, so it shows exactly
//! what the policy lets this user see; reading it is logged as reading the
//! case.

use super::case_page::person_fields;
use super::context::Page;
use super::extract::Path;
use super::labels::{self, CodeLabels};
use crate::views::cases::{case_history, case_view};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
) -> Response {
    let view = match case_view(&state, &page.user, &number).await {
        Ok(view) => view,
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    // The summary tells the journey: whoever may not read its history (an
    // agency still deciding on a referral) may not print it either.
    let history = match case_history(&state, &page.user, &number).await {
        Err(error) if error.status.is_client_error() => {
            return super::error_page(&page, error).into_response()
        }
        history => super::degraded::permitted_part(history, "case history"),
    };
    let lang = page.lang;
    let agencies = labels::agency_names(&state).await;
    let names = labels::PersonNames::of_person(&state, lang, view.person.as_ref()).await;
    let timeline_labels = match history.as_deref() {
        Some(entries) => {
            Some(super::timeline::TimelineLabels::load(&state, lang, entries, &agencies).await)
        }
        None => None,
    };
    let channels = CodeLabels::load(&state, "reception_channel", lang).await;
    let case = &view.case.state;
    let title = lang.t_with("print-title", &[("number", number.clone().into())]);
    super::print_sheet::sheet(
        &page,
        &title,
        &format!("/cases/{number}"),
        html! {
                    section.card #summary {
                        dl {
                            dt { (lang.t("field-phase")) } dd { (labels::phase(lang, case.phase.code())) }
                            dt { (lang.t("field-identification")) } dd { (labels::identification(lang, case.identification.code())) }
                            dt { (lang.t("field-channel")) } dd { (channels.of(&case.channel)) }
                            dt { (lang.t("field-received-on")) } dd { (lang.date(case.received_on)) }
                            dt { (lang.t("field-lead-agency")) } dd { (agencies.get(&view.case.lead_agency_id).cloned().unwrap_or_default()) }
                        }
                    }
                    section.card #person {
                        h2 { (lang.t("case-person")) }
                        @match &view.person {
                            Some(person) => (person_fields(lang, person, &names)),
                            None => p { (lang.t("case-person-missing")) },
                        }
                    }
                    section.card #deadlines {
                        h2 { (lang.t("case-deadlines")) }
                        @if view.deadlines.is_empty() {
                            p { (lang.t("case-deadlines-none")) }
                        } @else {
                            ul {
                                @for item in &view.deadlines {
                                    li { (labels::deadline_name(lang, item, &agencies)) " — " (lang.date(item.due_on)) " — " (lang.t(if item.done { "deadline-done" } else if item.overdue { "deadline-overdue" } else { "deadline-open" })) }
                                }
                            }
                        }
                    }
                    section.card #entitlements {
                        h2 { (lang.t("case-entitlements")) }
                        @if !view.entitlements.clauses.is_empty() {
                            p { (lang.t("case-entitlement-clauses")) ": " (view.entitlements.clauses.join(", ")) " — " (view.entitlements.source) }
                        }
                    }
                    @if let Some((entries, labels)) = history.as_deref().zip(timeline_labels.as_ref()) {
                        (super::timeline::timeline(lang, &number, entries, labels, &case.referrals))
                    }
        },
    )
    .into_response()
}
