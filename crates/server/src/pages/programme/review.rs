//! A plan's review as a page: every target year by year against the plan,
//! the tasks by status, the activities of each year; printable, with the
//! workbook to download.

use super::super::context::Page;
use super::super::extract::Path;
use super::super::{error_page, layout};
use crate::views::programme::plans;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_domain::ids::PlanId;
use haven_report::programme_review::ReviewStage;
use maud::html;

pub async fn page(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    let (plan, review) = match plans::review(&state, &page.user, PlanId(id)).await {
        Ok(found) => found,
        Err(error) => return error_page(&page, error),
    };
    let lang = page.lang;
    let title = lang.t(match review.stage {
        ReviewStage::Interim => "review-interim",
        ReviewStage::Final => "review-final",
    });
    let cell = |p: &haven_report::programme::Progress, unit| -> String {
        match (p.hidden, p.actual) {
            (true, _) => "—".into(),
            (false, Some(v)) => super::value_in(lang, unit, v),
            (false, None) => String::new(),
        }
    };
    let body = html! {
        p { a href={ "/plans/" (plan.summary.id) } { (plan.summary.number) " — " (plan.summary.title) } }
        p { a href={ "/api/v1/plans/" (plan.summary.id) "/review.xlsx" } download { (lang.t("review-download")) } }
        h2 { (lang.t("plan-targets")) }
        div.scroll tabindex="0" { table.figures #review-targets {
            thead { tr {
                th scope="col" { (lang.t("target-definition")) }
                @for year in &review.years { th scope="col" { (year) } }
                th scope="col" { (lang.t("target-whole-plan")) }
            } }
            tbody {
                @for (target, view) in review.targets.iter().zip(&plan.targets) {
                    tr {
                        th scope="row" { (target.definition) }
                        @for (p, year) in target.years.iter().zip(&review.years) {
                            td data-label=(year) {
                                (cell(p, view.target.unit))
                                @if let Some(goal) = p.target { br; span.hint { "/ " (super::value_in(lang, view.target.unit, goal as f64)) } }
                            }
                        }
                        td data-label=(lang.t("target-whole-plan")) {
                            (cell(&target.whole_period, view.target.unit))
                            @if let Some(goal) = target.whole_period.target { br; span.hint { "/ " (super::value_in(lang, view.target.unit, goal as f64)) } }
                        }
                    }
                }
            }
        } }
        p.hint { (lang.t("review-cell-hint")) }
        h2 { (lang.t("plan-tasks")) }
        ul #review-tasks {
            li { (lang.t("task-standing-late")) ": " (review.tasks.late) }
            li { (lang.t("task-standing-in-progress")) ": " (review.tasks.in_progress) }
            li { (lang.t("task-standing-not-started")) ": " (review.tasks.not_started) }
            li { (lang.t("task-standing-done")) ": " (review.tasks.done) }
            li { (lang.t("task-standing-dropped")) ": " (review.tasks.dropped) }
        }
        h2 { (lang.t("nav-activities")) }
        div.scroll tabindex="0" { table.figures #review-activities {
            thead { tr {
                th scope="col" { (lang.t("target-year")) }
                th scope="col" { (lang.t("measure-communication-sessions")) }
                th scope="col" { (lang.t("measure-persons-reached")) }
                th scope="col" { (lang.t("measure-training-courses")) }
                th scope="col" { (lang.t("measure-persons-trained")) }
                th scope="col" { (lang.t("measure-meetings-held")) }
            } }
            tbody {
                @for year in &review.activities {
                    tr {
                        th scope="row" { (year.year) }
                        td data-label=(lang.t("measure-communication-sessions")) { (lang.grouped(year.communication_sessions)) }
                        td data-label=(lang.t("measure-persons-reached")) { (lang.grouped(year.persons_reached)) }
                        td data-label=(lang.t("measure-training-courses")) { (lang.grouped(year.training_courses)) }
                        td data-label=(lang.t("measure-persons-trained")) { (lang.grouped(year.persons_trained)) }
                        td data-label=(lang.t("measure-meetings-held")) { (lang.grouped(year.meetings_held)) }
                    }
                }
            }
        } }
    };
    layout::page(&page, &title, body).into_response()
}
