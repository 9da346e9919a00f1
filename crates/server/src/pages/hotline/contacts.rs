//! The contacts list: the hotline's own (filtered by urgency, category and
//! day), or, for an agency asked to act, those dispatched to it — the ones
//! still waiting for its answer first, soonest deadline first.

use super::{code_label, moment};
use crate::pages::context::Page;
use crate::pages::extract::Query;
use crate::pages::layout;
use crate::views::hotline::{self, ContactQuery, ContactRow, DispatchStanding};
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
    let day = NaiveDate::parse_from_str(filter.day.trim(), "%Y-%m-%d").ok();
    let from = day
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| d.and_local_timezone(crate::case_access::vietnam()).single())
        .map(|d| d.to_utc());
    let query = ContactQuery {
        from,
        until: from.map(|f| f + chrono::Duration::days(1)),
        urgency: Urgency::from_code(filter.urgency.trim()),
        category: ContactCategory::from_code(filter.category.trim()),
    };
    let rows = match hotline::contacts(&state, &page.user, &query).await {
        Ok(rows) => rows,
        Err(e) => return crate::pages::error_page(&page, e),
    };
    let waiting = if page.can(Permission::AnswerDispatches) && !keeps {
        hotline::waiting_for_my_agency(&state, &page.user)
            .await
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
            p #contact-count { (lang.t("contacts-count")) ": " (rows.len()) }
            (table(lang, "contact-list", &rows))
        },
    )
    .into_response()
}
