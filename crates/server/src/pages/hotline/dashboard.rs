//! The hotline's part of the dashboard: for its staff, the last seven
//! days' contacts by day and by category, and the call backs they planned;
//! for an agency asked to act, the contacts waiting for its answer.

use super::code_label;
use crate::pages::bar_chart::{chart, Bars};
use crate::pages::context::Page;
use crate::views::hotline::{self, ContactQuery, ContactRow};
use crate::AppState;
use chrono::{Duration, Utc};
use haven_access::Permission;
use haven_domain::hotline::ContactCategory;
use maud::{html, Markup};

/// Days shown on the dashboard's chart.
const DAYS: i64 = 7;

fn list(
    page: &Page,
    id: &str,
    rows: &[ContactRow],
    when: impl Fn(&ContactRow) -> String,
) -> Markup {
    let lang = page.lang;
    html! {
        ul #(id) {
            @for r in rows {
                li {
                    a href={ "/contacts/" (r.number) } { (r.number) }
                    " — " (when(r)) " · " (code_label(lang, "urgency", r.urgency.code()))
                }
            }
        }
    }
}

pub async fn section(state: &AppState, page: &Page) -> Markup {
    let lang = page.lang;
    if page.can(Permission::RecordContacts) {
        let today = crate::case_access::today();
        let first = today - Duration::days(DAYS - 1);
        let from = first
            .and_hms_opt(0, 0, 0)
            .and_then(|d| d.and_local_timezone(crate::case_access::vietnam()).single())
            .map(|d| d.to_utc());
        // The whole week, not a list's first page.
        let query = ContactQuery {
            from: from.map(crate::views::hotline::QueryMoment),
            limit: Some(500),
            ..ContactQuery::default()
        };
        let week = crate::pages::degraded::permitted_part(
            hotline::contacts(state, &page.user, &query).await,
            "hotline week",
        )
        .unwrap_or_default();
        let call_backs = crate::pages::degraded::permitted_part(
            hotline::my_call_backs(state, &page.user).await,
            "call backs",
        )
        .unwrap_or_default();
        let vietnam = crate::case_access::vietnam();
        let by_day: Vec<(String, u64)> = (0..DAYS)
            .map(|back| {
                let day = today - Duration::days(DAYS - 1 - back);
                let n = week
                    .iter()
                    .filter(|r| r.started_at.with_timezone(&vietnam).date_naive() == day)
                    .count();
                (day.format("%d/%m").to_string(), n as u64)
            })
            .collect();
        let by_category: Vec<(String, u64)> = ContactCategory::ALL
            .iter()
            .map(|c| {
                (
                    code_label(lang, "category", c.code()),
                    week.iter().filter(|r| r.categories.contains(c)).count() as u64,
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        let now = Utc::now();
        return html! {
            section.card #hotline-week {
                h2 { (lang.t("dashboard-hotline-week")) " " span.count { "(" (week.len()) ")" } }
                (chart(&Bars { id: "hotline-by-day", title: &lang.t("dashboard-hotline-by-day"), label_column: &lang.t("contacts-day"), count_column: &lang.t("contacts-count"), rows: &by_day }))
                @if !by_category.is_empty() {
                    h3 { (lang.t("dashboard-hotline-by-category")) }
                    (chart(&Bars { id: "hotline-by-category", title: &lang.t("dashboard-hotline-by-category"), label_column: &lang.t("contact-field-categories"), count_column: &lang.t("contacts-count"), rows: &by_category }))
                }
                p { a href="/contacts" { (lang.t("dashboard-hotline-all")) } }
            }
            section.card #call-backs {
                h2 { (lang.t("dashboard-call-backs")) " " span.count { "(" (call_backs.len()) ")" } }
                @if call_backs.is_empty() {
                    p { (lang.t("dashboard-call-backs-none")) }
                } @else {
                    (list(page, "call-back-list", &call_backs, |r| {
                        let at = r.call_back_at.map(super::moment).unwrap_or_default();
                        if r.call_back_at.is_some_and(|t| t < now) { format!("{at} ({})", lang.t("dashboard-call-back-late")) } else { at }
                    }))
                }
            }
        };
    }
    if page.can(Permission::AnswerDispatches) {
        let waiting = crate::pages::degraded::permitted_part(
            hotline::waiting_for_my_agency(state, &page.user).await,
            "waiting dispatches",
        )
        .unwrap_or_default();
        if !waiting.is_empty() {
            return html! {
                section.card #dispatches-waiting {
                    h2 { (lang.t("contacts-waiting")) " " span.count { "(" (waiting.len()) ")" } }
                    (list(page, "waiting-list", &waiting, |r| super::moment(r.started_at)))
                }
            };
        }
    }
    html! {}
}
