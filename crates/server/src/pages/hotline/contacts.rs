//! The contacts list: the hotline's own (filtered by urgency, category and
//! day), or, for an agency asked to act, those dispatched to it — the ones
//! still waiting for its answer first, soonest deadline first.

use super::{code_label, moment};
use crate::pages::context::Page;
use crate::pages::extract::Query;
use crate::pages::layout;
use crate::views::hotline::{self, ContactQuery, ContactRow, DispatchStanding, QueryMoment};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use haven_access::Permission;
use haven_domain::hotline::{ContactCategory, Urgency};
use maud::{html, Markup};
use serde::Deserialize;

/// The list's filters as the page's form sends them (blank = any).
#[derive(Debug, Default, Deserialize)]
pub struct ListFilter {
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    category: String,
    /// A day (yyyy-mm-dd), in Vietnamese time.
    #[serde(default)]
    day: String,
    /// The page of the list, from 1.
    #[serde(default)]
    page: Option<u64>,
}

/// Contacts on one page of the list.
const PAGE_SIZE: u64 = 50;

/// A filter's part that is not one of its list's, named.
fn unknown(field: &str) -> crate::error::ApiError {
    crate::error::ApiError::invalid(haven_domain::Violations(vec![
        haven_domain::Violation::new(
            field,
            "known_code",
            format!("Giá trị của «{field}» không đúng: hãy chọn trong danh sách."),
            format!("The value of “{field}” is not one of the list's."),
        ),
    ]))
}

pub(super) fn standing_label(lang: crate::i18n::Lang, standing: DispatchStanding) -> String {
    lang.t(match standing {
        DispatchStanding::Waiting => "contact-dispatch-waiting",
        DispatchStanding::Overdue => "contact-dispatch-overdue",
        DispatchStanding::Escalated => "contact-dispatch-escalated",
        DispatchStanding::Answered => "contact-dispatch-answered",
    })
}

fn table(lang: crate::i18n::Lang, id: &str, rows: &[ContactRow]) -> Markup {
    html! {
        @if rows.is_empty() {
            p #(id) { (lang.t("contacts-none")) }
        } @else {
            div.table-scroll {
                table #(id) {
                    thead { tr {
                        th scope="col" { (lang.t("contact-field-number")) }
                        th scope="col" { (lang.t("contact-field-started-at")) }
                        th scope="col" { (lang.t("contact-field-urgency")) }
                        th scope="col" { (lang.t("contact-field-categories")) }
                        th scope="col" { (lang.t("contact-field-dispatch")) }
                        th scope="col" { (lang.t("contact-field-case-number")) }
                    } }
                    tbody {
                        @for row in rows {
                            tr {
                                td data-label=(lang.t("contact-field-number")) { a href={ "/contacts/" (row.number) } { (row.number) } }
                                td data-label=(lang.t("contact-field-started-at")) { (moment(row.started_at)) }
                                td data-label=(lang.t("contact-field-urgency")) { (code_label(lang, "urgency", row.urgency.code())) }
                                td data-label=(lang.t("contact-field-categories")) { @for (i, c) in row.categories.iter().enumerate() { @if i > 0 { ", " } (code_label(lang, "category", c.code())) } }
                                td data-label=(lang.t("contact-field-dispatch")) { @if let Some(s) = row.dispatch { (standing_label(lang, s)) } }
                                td data-label=(lang.t("contact-field-case-number")) { @if let Some(n) = &row.case_number { (n) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Query(filter): Query<ListFilter>,
) -> Response {
    let lang = page.lang;
    let keeps = page.can(Permission::RecordContacts);
    if !keeps && !page.can(Permission::AnswerDispatches) {
        return crate::pages::error_page(&page, crate::error::ApiError::forbidden());
    }
    let urgency = match filter.urgency.trim() {
        "" => None,
        code => match Urgency::from_code(code) {
            Some(u) => Some(u),
            None => return crate::pages::error_page(&page, unknown("urgency")),
        },
    };
    let category = match filter.category.trim() {
        "" => None,
        code => match ContactCategory::from_code(code) {
            Some(c) => Some(c),
            None => return crate::pages::error_page(&page, unknown("category")),
        },
    };
    let day = match filter.day.trim() {
        "" => None,
        typed => match NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => return crate::pages::error_page(&page, unknown("day")),
        },
    };
    let current = filter.page.unwrap_or(1).clamp(1, 100_000);
    let from = day
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| d.and_local_timezone(crate::case_access::vietnam()).single())
        .map(|d| d.to_utc());
    let query = ContactQuery {
        from: from.map(QueryMoment),
        until: from.map(|f| QueryMoment(f + chrono::Duration::days(1))),
        urgency,
        category,
        limit: Some(PAGE_SIZE + 1),
        offset: Some((current - 1) * PAGE_SIZE),
    };
    let mut rows = match hotline::contacts(&state, &page.user, &query).await {
        Ok(rows) => rows,
        Err(e) => return crate::pages::error_page(&page, e),
    };
    // One more than a page was asked for: whether there is a next page.
    let more = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let link = |to: u64| {
        format!(
            "/contacts?urgency={}&category={}&day={}&page={to}",
            filter.urgency.trim(),
            filter.category.trim(),
            filter.day.trim()
        )
    };
    let waiting = if page.can(Permission::AnswerDispatches) && !keeps {
        crate::pages::degraded::permitted_part(
            hotline::waiting_for_my_agency(&state, &page.user).await,
            "waiting dispatches",
        )
        .unwrap_or_default()
    } else {
        Vec::new()
    };
    let title = lang.t(if keeps {
        "contacts-title"
    } else {
        "contacts-dispatched-title"
    });
    layout::page(
        &page,
        &title,
        html! {
            @if keeps {
                p { a.button #new-contact href="/contacts/new" { (lang.t("contacts-new")) } }
            } @else {
                h2 { (lang.t("contacts-waiting")) }
                (table(lang, "waiting", &waiting))
                h2 { (lang.t("contacts-all-dispatched")) }
            }
            form.filters method="get" action="/contacts" {
                label for="urgency" { (lang.t("contact-field-urgency")) }
                select #urgency name="urgency" {
                    option value="" { (lang.t("contacts-any")) }
                    @for u in Urgency::ALL { option value=(u.code()) selected[filter.urgency == u.code()] { (code_label(lang, "urgency", u.code())) } }
                }
                label for="category" { (lang.t("contact-field-categories")) }
                select #category name="category" {
                    option value="" { (lang.t("contacts-any")) }
                    @for c in ContactCategory::ALL { option value=(c.code()) selected[filter.category == c.code()] { (code_label(lang, "category", c.code())) } }
                }
                label for="day" { (lang.t("contacts-day")) }
                input #day type="date" name="day" value=(filter.day);
                button type="submit" { (lang.t("contacts-filter")) }
            }
            (table(lang, "contact-list", &rows))
            @if current > 1 || more {
                nav.pager aria-label=(lang.t("pager-label")) {
                    @if current > 1 { a rel="prev" href=(link(current - 1)) { (lang.t("pager-previous")) } }
                    span { (lang.t("contacts-page")) " " (current) }
                    @if more { a rel="next" href=(link(current + 1)) { (lang.t("pager-next")) } }
                }
            }
        },
    )
    .into_response()
}
