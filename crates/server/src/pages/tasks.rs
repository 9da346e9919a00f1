//! All of "my tasks", fifty to a page: the dashboard shows the first ten and
//! links here, with the same count.

use super::context::Page;
use super::extract::Query;
use super::labels;
use super::layout;
use crate::views::tasks::{my_tasks, Task};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

const PAGE_SIZE: usize = 50;

#[derive(Debug, Default, Deserialize)]
pub struct Paging {
    #[serde(default)]
    page: Option<usize>,
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Query(paging): Query<Paging>,
) -> Response {
    let current = paging.page.unwrap_or(1).clamp(1, 100_000);
    let offset = (current - 1).saturating_mul(PAGE_SIZE);
    let (tasks, total) = match my_tasks(&state, &page.user, offset, PAGE_SIZE).await {
        Ok(found) => found,
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    let agencies = labels::agency_names(&state).await;
    let lang = page.lang;
    let last = total.div_ceil(PAGE_SIZE).max(1);
    // An operator's planned call backs are tasks too.
    let call_backs = if page.can(haven_access::Permission::RecordContacts) {
        crate::pages::degraded::permitted_part(
            crate::views::hotline::my_call_backs(&state, &page.user).await,
            "call backs",
        )
        .unwrap_or_default()
    } else {
        Vec::new()
    };
    layout::page(
        &page,
        &lang.t("tasks-title"),
        html! {
            @if !call_backs.is_empty() {
                h2 { (lang.t("dashboard-call-backs")) }
                ul #call-back-tasks {
                    @for r in &call_backs {
                        li { a href={ "/contacts/" (r.number) } { (r.number) } " — " (r.call_back_at.map(super::hotline::moment).unwrap_or_default()) }
                    }
                }
            }
            p.count #tasks-count { (lang.t_with("tasks-count", &[("count", total.into())])) }
            (table(&page, &tasks, &agencies))
            @if last > 1 {
                nav.pager aria-label=(lang.t("pager-label")) {
                    @if current > 1 { a rel="prev" href={ "/tasks?page=" (current - 1) } { (lang.t("pager-previous")) } }
                    span { (lang.t_with("pager-position", &[("page", current.into()), ("pages", last.into())])) }
                    @if current < last { a rel="next" href={ "/tasks?page=" (current + 1) } { (lang.t("pager-next")) } }
                }
            }
        },
    )
    .into_response()
}

/// The tasks as a table: the case, what is due, by when.
pub fn table(page: &Page, tasks: &[Task], agencies: &HashMap<i64, String>) -> Markup {
    let lang = page.lang;
    html! {
        @if tasks.is_empty() {
            p { (lang.t("dashboard-my-tasks-none")) }
        } @else {
            table.tasks {
                thead { tr { th scope="col" { (lang.t("field-case-number")) } th scope="col" { (lang.t("field-deadline")) } th scope="col" { (lang.t("field-due-on")) } } }
                tbody {
                    @for task in tasks {
                        tr class=[task.item.overdue.then_some("overdue")] {
                            td data-label=(lang.t("field-case-number")) { a href={ "/cases/" (task.case_number) "#actions" } { (task.case_number) } }
                            td data-label=(lang.t("field-deadline")) { (labels::deadline_name(lang, &task.item, agencies)) }
                            td data-label=(lang.t("field-due-on")) { (lang.date(task.item.due_on)) @if task.item.overdue { " " span.badge { (lang.t("deadline-overdue")) } } }
                        }
                    }
                }
            }
        }
    }
}
