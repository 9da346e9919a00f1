//! The referral inbox: cases other agencies referred to the user's agency,
//! waiting for an answer; each is answered on its case page.

use super::context::Page;
use super::labels;
use super::layout;
use crate::pages::degraded::OrShown;
use crate::views::person_links::link_requests;
use crate::views::referrals::waiting_referrals;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;

pub async fn page(State(state): State<AppState>, page: Page) -> Response {
    render(&state, &page, None).await
}

/// The inbox; `link_error` is a refused answer to a link request, shown at it.
pub async fn render(state: &AppState, page: &Page, link_error: Option<(i64, String)>) -> Response {
    let status = if link_error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let (state, page) = (state.clone(), page);
    let links = match link_requests(&state, &page.user).await {
        Ok(links) => links,
        Err(error) => return super::error_page(page, error).into_response(),
    };
    let links = super::person_links::section(&state, page, &links, link_error).await;
    let waiting = match waiting_referrals(&state, &page.user).await {
        Ok(waiting) => waiting,
        Err(error) => return super::error_page(page, error).into_response(),
    };
    let agencies = labels::agency_names(&state).await;
    let facilities: std::collections::HashMap<i64, String> = state
        .store
        .facilities()
        .await
        .or_shown("facilities")
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    let lang = page.lang;
    (status, layout::page(
        page,
        &lang.t("referrals-title"),
        html! {
            @if waiting.is_empty() {
                p { (lang.t("dashboard-referrals-none")) }
            } @else {
                table #referral-inbox {
                    thead {
                        tr {
                            th scope="col" { (lang.t("field-case-number")) }
                            th scope="col" { (lang.t("person-full-name")) }
                            th scope="col" { (lang.t("field-from-agency")) }
                            th scope="col" { (lang.t("field-facility")) }
                            th scope="col" { (lang.t("referrals-transfer-lead")) }
                            th scope="col" { (lang.t("field-sent-on")) }
                            th scope="col" { (lang.t("field-answer-due")) }
                        }
                    }
                    tbody {
                        @for w in &waiting {
                            tr {
                                td data-label=(lang.t("field-case-number")) { a href={ "/cases/" (w.case_number) "#actions" } { (w.case_number) } }
                                td.name data-label=(lang.t("person-full-name")) {
                                    @match &w.full_name {
                                        Some(name) => { (name) }
                                        None => { span.masked { (lang.t("list-name-hidden")) } }
                                    }
                                }
                                td data-label=(lang.t("field-from-agency")) { (agencies.get(&w.from_agency_id).cloned().unwrap_or_default()) }
                                td data-label=(lang.t("field-facility")) { @if let Some(id) = w.to_facility_id { (facilities.get(&id).cloned().unwrap_or_default()) } }
                                td data-label=(lang.t("referrals-transfer-lead")) { (lang.t(if w.transfer_lead { "answer-yes" } else { "answer-no" })) }
                                td data-label=(lang.t("field-sent-on")) { (lang.date(w.sent_on)) }
                                td data-label=(lang.t("field-answer-due")) class=[w.overdue.then_some("overdue")] { @if let Some(due) = w.answer_due { (lang.date(due)) } }
                            }
                        }
                    }
                }
            }
            (links)
        },
    ))
    .into_response()
}
