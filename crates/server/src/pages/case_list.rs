//! The case list: filters, a search that ignores diacritics, fifty cases a
//! page, each with the person's name where the viewer may see it.

use super::context::Page;
use super::extract::Query;
use super::labels::{self, CodeLabels};
use super::layout;
use crate::views::cases::{case_list, ListFilter};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_domain::case::status::{Identification, Phase};
use maud::{html, Markup};
use serde::Deserialize;

const PAGE_SIZE: u64 = 50;

/// The list's form: every field a string, as a browser sends it.
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    q: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    identification: String,
    /// `yes`, `no` or empty.
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    lead_only: Option<String>,
    #[serde(default)]
    page: Option<u64>,
}

impl Filters {
    fn to_list_filter(&self) -> ListFilter {
        let last = haven_store::cases::MAX_OFFSET / PAGE_SIZE;
        let page = self.page.unwrap_or(1).clamp(1, last);
        ListFilter {
            q: Some(self.q.clone()),
            phase: Some(self.phase.clone()),
            identification: Some(self.identification.clone()),
            overdue: match self.overdue.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            lead_only: Some(self.lead_only.is_some()),
            offset: Some((page - 1) * PAGE_SIZE),
            limit: Some(PAGE_SIZE),
            ..Default::default()
        }
    }

    /// The same filters for an export: `limit` rows from `offset`.
    pub(super) fn export_filter(&self, offset: u64, limit: u64) -> ListFilter {
        ListFilter {
            offset: Some(offset),
            limit: Some(limit),
            ..self.to_list_filter()
        }
    }

    /// This list's address with another page number (filters only: a
    /// search is never put in an address).
    fn page_link(&self, page: u64) -> String {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        link.append_pair("phase", &self.phase)
            .append_pair("identification", &self.identification)
            .append_pair("overdue", &self.overdue);
        if self.lead_only.is_some() {
            link.append_pair("lead_only", "on");
        }
        link.append_pair("page", &page.to_string());
        format!("/cases?{}", link.finish())
    }
}

/// The list by its address: filters only. A search by name is posted
/// (`search`), so names stay out of addresses, browser histories and the
/// logs of proxies; a `q` in an address is ignored.
pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Query(mut filters): Query<Filters>,
) -> Response {
    filters.q.clear();
    show(&state, &page, &filters).await
}

/// The list searched by the form, posted with its filters and page.
pub async fn search(
    State(state): State<AppState>,
    page: Page,
    axum::Form(filters): axum::Form<Filters>,
) -> Response {
    show(&state, &page, &filters).await
}

async fn show(state: &AppState, page: &Page, filters: &Filters) -> Response {
    match case_list(state, &page.user, filters.to_list_filter()).await {
        Ok(list) => render(state, page, filters, list).await.into_response(),
        Err(error) => super::error_page(page, error).into_response(),
    }
}

async fn render(
    state: &AppState,
    page: &Page,
    filters: &Filters,
    list: crate::views::cases::CaseList,
) -> Markup {
    let lang = page.lang;
    let channels = CodeLabels::load(state, "reception_channel", lang).await;
    let current_page = filters.page.unwrap_or(1).max(1);
    let last_page = list.total.div_ceil(PAGE_SIZE).max(1);
    layout::page(
        page,
        &lang.t("cases-title"),
        html! {
            @if page.can(haven_access::Permission::OpenCase) {
                p { a #import-link href="/admin/import" { (lang.t("cases-import")) } }
            }
            form.card.filters method="post" action="/cases" role="search" {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                div.field {
                    label for="q" { (lang.t("cases-search")) }
                    input #q type="search" name="q" value=(filters.q) maxlength="200" aria-describedby="q-hint";
                    p.hint #q-hint { (lang.t("cases-search-hint")) }
                }
                div.field {
                    label for="phase" { (lang.t("field-phase")) }
                    select #phase name="phase" {
                        option value="" { (lang.t("filter-any")) }
                        @for phase in Phase::ALL {
                            option value=(phase.code()) selected[filters.phase == phase.code()] { (labels::phase(lang, phase.code())) }
                        }
                    }
                }
                div.field {
                    label for="identification" { (lang.t("field-identification")) }
                    select #identification name="identification" {
                        option value="" { (lang.t("filter-any")) }
                        @for status in Identification::ALL {
                            option value=(status.code()) selected[filters.identification == status.code()] { (labels::identification(lang, status.code())) }
                        }
                    }
                }
                div.field {
                    label for="overdue" { (lang.t("field-overdue")) }
                    select #overdue name="overdue" {
                        option value="" { (lang.t("filter-any")) }
                        option value="yes" selected[filters.overdue == "yes"] { (lang.t("filter-overdue-yes")) }
                        option value="no" selected[filters.overdue == "no"] { (lang.t("filter-overdue-no")) }
                    }
                }
                div.field.check {
                    input #lead_only type="checkbox" name="lead_only" checked[filters.lead_only.is_some()];
                    label for="lead_only" { (lang.t("filter-lead-only")) }
                }
                button type="submit" { (lang.t("filter-apply")) }
                span.exports {
                    button.secondary #export-csv type="submit" formaction="/cases/export.csv" { (lang.t("cases-export-csv")) }
                    button.secondary #export-xlsx type="submit" formaction="/cases/export.xlsx" { (lang.t("cases-export-xlsx")) }
                }
            }
            p.count { (lang.t_with("cases-count", &[("total", list.total.into())])) }
            @if !list.items.is_empty() {
                table #case-list {
                    thead {
                        tr {
                            th scope="col" { (lang.t("field-case-number")) }
                            th scope="col" { (lang.t("person-full-name")) }
                            th scope="col" { (lang.t("field-received-on")) }
                            th scope="col" { (lang.t("field-channel")) }
                            th scope="col" { (lang.t("field-phase")) }
                            th scope="col" { (lang.t("field-identification")) }
                            th scope="col" { (lang.t("field-scope")) }
                            th scope="col" { (lang.t("field-overdue")) }
                        }
                    }
                    tbody {
                        @for case in &list.items {
                            tr {
                                td data-label=(lang.t("field-case-number")) { a href={ "/cases/" (case.case_number) } { (case.case_number) } }
                                td.name data-label=(lang.t("person-full-name")) {
                                    @match &case.full_name {
                                        Some(name) => { (name) }
                                        None => { span.masked { (lang.t("list-name-hidden")) } }
                                    }
                                }
                                td data-label=(lang.t("field-received-on")) { (lang.date(case.received_on)) }
                                td data-label=(lang.t("field-channel")) { (channels.of(&case.channel)) }
                                td data-label=(lang.t("field-phase")) { (labels::phase(lang, case.phase)) }
                                td data-label=(lang.t("field-identification")) { (labels::identification(lang, case.identification)) }
                                td data-label=(lang.t("field-scope")) { (labels::scope(lang, case.scope)) }
                                td data-label=(lang.t("field-overdue")) class=[(case.overdue > 0).then_some("overdue")] { (case.overdue) }
                            }
                        }
                    }
                }
            }
            @if last_page > 1 {
                nav.pager aria-label=(lang.t("pager-label")) {
                    @if current_page > 1 {
                        (pager_step(page, filters, current_page - 1, "prev", &lang.t("pager-previous")))
                    }
                    span { (lang.t_with("pager-position", &[("page", current_page.into()), ("pages", last_page.into())])) }
                    @if current_page < last_page {
                        (pager_step(page, filters, current_page + 1, "next", &lang.t("pager-next")))
                    }
                }
            }
        },
    )
}

/// A link to another page of the list, or — while a search is shown — a
/// button posting the search again for that page.
fn pager_step(page: &Page, filters: &Filters, to: u64, rel: &str, label: &str) -> Markup {
    if filters.q.trim().is_empty() {
        return html! { a rel=(rel) href=(filters.page_link(to)) { (label) } };
    }
    html! {
        form.pager-step method="post" action="/cases" {
            input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
            input type="hidden" name="q" value=(filters.q);
            input type="hidden" name="phase" value=(filters.phase);
            input type="hidden" name="identification" value=(filters.identification);
            input type="hidden" name="overdue" value=(filters.overdue);
            @if filters.lead_only.is_some() { input type="hidden" name="lead_only" value="on"; }
            input type="hidden" name="page" value=(to);
            button type="submit" { (label) }
        }
    }
}
