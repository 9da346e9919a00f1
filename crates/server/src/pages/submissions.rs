//! Report submission pages: the overview (the caller's own report for a
//! period, and for the level above the units below with their status, due
//! date and timeliness), and one unit's report (figures, narrative, the
//! steps open to the caller, the trail, and a warning when the live
//! figures have changed since they were frozen).

use super::admin::forms::{as_violations, error_of, labelled, other_errors, value};
use super::context::Page;
use super::extract::Query;
use super::narrative;
use super::{error_page, layout};
use crate::i18n::Lang;
use crate::views::submissions::{self, Overview, SubmissionQuery, SubmissionStep, SubmissionView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use haven_domain::Violation;
use haven_report::narrative::Narrative;
use haven_report::submission::{Action, Status, Timeliness};
use haven_store::report_submissions::SubmissionRecord;
use maud::html;
use serde::Deserialize;

const REPORT: &str = "/reports/submission";
const STEP: &str = "/reports/submission/step";

/// A period by its code (links) or picked by its parts (the form).
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
    #[serde(flatten)]
    picked: super::period_picker::PickedPeriod,
}

pub async fn overview(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<PeriodQuery>,
) -> Response {
    let period = match query.picked.code() {
        None => query.period,
        Some(Ok(code)) => Some(code),
        Some(Err(field)) => {
            let violation = super::period_picker::does_not_fit(field);
            return error_page(
                &page,
                crate::error::ApiError::invalid(haven_domain::Violations(vec![violation])),
            );
        }
    };
    match submissions::overview(&state, &page.user, period.as_deref()).await {
        Ok(overview) => render_overview(&page, &overview),
        Err(error) => error_page(&page, error),
    }
}

pub async fn report(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<SubmissionQuery>,
) -> Response {
    match submissions::view(&state, &page.user, &query).await {
        Ok(view) => render_report(&page, &view, &[], None, None),
        Err(error) => error_page(&page, error),
    }
}

pub async fn step(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<SubmissionQuery>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let action = match value(&values, "action") {
        "draft" => Action::Draft,
        "submit" => Action::Submit,
        "approve" => Action::Approve,
        "return" => Action::Return,
        _ => return error_page(&page, crate::error::ApiError::not_found()),
    };
    let step = SubmissionStep {
        version: value(&values, "version").parse().ok(),
        narrative: narrative::from_form(&values),
        nested: None,
        comment: value(&values, "comment").to_owned(),
    };
    match submissions::act(&state, &page.user, &query, action, &step).await {
        Ok(view) => {
            let notice = page.lang.t(&format!("submission-done-{}", action.code()));
            render_report(&page, &view, &[], None, Some(notice))
        }
        Err(error) => match as_violations(error) {
            Ok(violations) => match submissions::view(&state, &page.user, &query).await {
                Ok(view) => render_report(&page, &view, &violations, Some(&step), None),
                Err(error) => error_page(&page, error),
            },
            Err(error) => error_page(&page, error),
        },
    }
}

fn status_text(lang: Lang, status: Option<Status>) -> String {
    lang.t(&format!(
        "submission-status-{}",
        status.map_or("none", Status::code)
    ))
}

pub(super) fn timeliness_text(lang: Lang, timeliness: Timeliness) -> String {
    let code = match timeliness {
        Timeliness::OnTime => "on-time",
        Timeliness::Late => "late",
        Timeliness::Overdue => "overdue",
        Timeliness::Pending => "pending",
        Timeliness::Unscheduled => "unscheduled",
    };
    lang.t(&format!("submission-timeliness-{code}"))
}

/// `path` for one unit's report (`/reports/submission`, or its `/step`).
fn report_link(path: &str, area: &str, period: &str) -> String {
    let encode = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    format!("{path}?area={}&period={}", encode(area), encode(period))
}

fn render_overview(page: &Page, overview: &Overview) -> Response {
    let lang = page.lang;
    let c = &overview.completeness;
    let percent = |p: Option<f64>| p.map_or("—".to_owned(), |p| lang.percent(p));
    let body = html! {
        form.filters method="get" action="/reports/submissions" {
            @let this_year = chrono::Datelike::year(&crate::case_access::today());
            @let shown = haven_report::Period::parse(&overview.period).unwrap_or(haven_report::Period::Year { year: this_year });
            (super::period_picker::fields(lang, &shown, this_year))
            button type="submit" { (lang.t("statistics-show")) }
        }
        p { strong { (overview.period_name) } }
        @if let Some(own) = &overview.own_area {
            section.card #own-report {
                h2 { (lang.t("submission-own")) }
                p {
                    (status_text(lang, overview.own_status)) " · "
                    a href=(report_link(REPORT, own, &overview.period)) { (lang.t("submission-open")) }
                }
            }
        }
        @if !overview.units.is_empty() {
            section.card #units-below {
                h2 { (lang.t("submission-units-below")) }
                p #completeness {
                    (lang.t_with("submission-completeness", &[
                        ("submitted", c.submitted.into()),
                        ("expected", c.expected.into()),
                        ("approved", c.approved.into()),
                    ]))
                    " — " (percent(overview.completeness_percent)) "; "
                    (lang.t("submission-on-time")) ": " (c.on_time) " (" (percent(overview.timeliness_percent)) ")"
                }
                div.scroll tabindex="0" { table {
                    thead { tr {
                        th scope="col" { (lang.t("submission-unit")) }
                        th scope="col" { (lang.t("submission-status")) }
                        th scope="col" { (lang.t("submission-due")) }
                        th scope="col" { (lang.t("submission-submitted-on")) }
                        th scope="col" { (lang.t("submission-timeliness")) }
                    } }
                    tbody {
                        @for unit in &overview.units {
                            tr data-area=(unit.area) {
                                th scope="row" { a href=(report_link(REPORT, &unit.area, &overview.period)) { (unit.name) } }
                                td data-label=(lang.t("submission-status")) { (status_text(lang, unit.status)) }
                                td data-label=(lang.t("submission-due")) { (unit.due_on.map(|d| lang.date(d)).unwrap_or_default()) }
                                td data-label=(lang.t("submission-submitted-on")) { (unit.first_submitted_at.map(|d| lang.date(d.date_naive())).unwrap_or_default()) }
                                td data-label=(lang.t("submission-timeliness")) { (timeliness_text(lang, unit.timeliness)) }
                            }
                        }
                    }
                } }
            }
        }
    };
    layout::page(page, &lang.t("submission-title"), body).into_response()
}

/// What the unit wrote, as saved.
fn written_of(record: &SubmissionRecord) -> Narrative {
    Narrative {
        results: record.results.clone(),
        limitations: record.limitations.clone(),
        difficulties: record.difficulties.clone(),
        proposals: record.proposals.clone(),
    }
}

fn render_report(
    page: &Page,
    view: &SubmissionView,
    violations: &[Violation],
    typed: Option<&SubmissionStep>,
    notice: Option<String>,
) -> Response {
    let lang = page.lang;
    let record = view.record.as_ref();
    let written: Narrative = typed
        .map(|t| t.narrative.clone().into())
        .or_else(|| record.map(written_of))
        .unwrap_or_default();
    let version = record.map_or(0, |r| r.version);
    let action_url = report_link(STEP, &view.area, &view.period);
    let unit_steps: Vec<Action> = view
        .actions
        .iter()
        .copied()
        .filter(|a| !a.by_reviewer())
        .collect();
    let review_steps: Vec<Action> = view
        .actions
        .iter()
        .copied()
        .filter(|a| a.by_reviewer())
        .collect();
    let figure = |value: Option<i64>, amount: bool| super::statistics::figure(lang, value, amount);
    let body = html! {
        @if let Some(notice) = &notice { p.notice role="status" { (notice) } }
        p #submission-heading {
            strong { (view.area_name) } " · " (view.period_name)
        }
        dl.summary {
            dt { (lang.t("submission-status")) } dd #submission-status { (status_text(lang, view.status)) }
            dt { (lang.t("submission-due")) } dd { (view.due_on.map(|d| lang.date(d)).unwrap_or_else(|| lang.t("submission-timeliness-unscheduled"))) }
            dt { (lang.t("submission-timeliness")) } dd { (timeliness_text(lang, view.timeliness)) }
            @if let Some(comment) = record.and_then(|r| r.review_comment.as_ref()) {
                dt { (lang.t("submission-review-comment")) } dd #review-comment { (comment) }
            }
        }
        @if view.live_changed == Some(true) {
            p.warning #live-changed role="alert" {
                (lang.t("submission-live-changed")) " "
                (view.changed_indicators.len()) " " (lang.t("submission-indicators"))
            }
        }
        (other_errors(lang, violations, &["results", "limitations", "difficulties", "proposals", "comment"]))
        @if !unit_steps.is_empty() {
            section.card #unit-form {
                h2 { (lang.t("submission-narrative")) }
                form method="post" action=(action_url) {
                    input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                    input type="hidden" name="version" value=(version);
                    (narrative::fields(lang, &written, violations))
                    @for action in &unit_steps {
                        button type="submit" name="action" value=(action.code()) id={ "step-" (action.code()) } { (lang.t(&format!("submission-action-{}", action.code()))) }
                        " "
                    }
                }
            }
        } @else if record.is_some() {
            section.card #narrative {
                h2 { (lang.t("submission-narrative")) }
                (narrative::read(lang, &written))
            }
        }
        @if !review_steps.is_empty() {
            section.card #review-form {
                h2 { (lang.t("submission-review")) }
                form method="post" action=(action_url) {
                    input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                    input type="hidden" name="version" value=(version);
                    (labelled(lang, "comment", "submission-comment", false, html! {
                        textarea #comment name="comment" rows="3" { (typed.map(|t| t.comment.as_str()).unwrap_or("")) }
                    }, error_of(violations, "comment")))
                    @for action in &review_steps {
                        button type="submit" name="action" value=(action.code()) id={ "step-" (action.code()) } { (lang.t(&format!("submission-action-{}", action.code()))) }
                        " "
                    }
                }
            }
        }
        @if let Some(report) = &view.figures {
            section.card #frozen-figures {
                h2 { (lang.t(if view.status.is_some_and(|s| s != Status::Draft) { "submission-figures-frozen" } else { "submission-figures-draft" })) }
                p.hint { (lang.t_with("statistics-as-of", &[("date", lang.date(report.as_of).into())])) }
                table {
                    thead { tr { th scope="col" { (lang.t("submission-indicator")) } th scope="col" { (lang.t("statistics-total")) } } }
                    tbody {
                        @for indicator in &report.indicators {
                            tr.changed[view.changed_indicators.contains(&indicator.code)] {
                                th scope="row" { (if lang == Lang::Vi { &indicator.name_vi } else { &indicator.name_en }) }
                                td data-label=(lang.t("statistics-total")) { (figure(indicator.by_place.figures.total, indicator.amount)) }
                            }
                        }
                    }
                }
            }
        }
        @if !view.events.is_empty() {
            section.card #trail {
                h2 { (lang.t("submission-trail")) }
                ol {
                    @for event in &view.events {
                        li {
                            (lang.date(event.at.date_naive())) " · "
                            (lang.t(&format!("submission-event-{}", event.action))) " · " (event.username)
                            @if let Some(comment) = &event.comment { " — " q { (comment) } }
                        }
                    }
                }
            }
        }
        p { a href={ "/reports/submissions?period=" (view.period) } { (lang.t("submission-overview-link")) } }
    };
    layout::page(page, &lang.t("submission-title"), body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys made from codes exist in both languages.
    #[test]
    fn every_status_timeliness_and_step_has_its_words() {
        for lang in Lang::ALL {
            let mut texts = vec![status_text(lang, None)];
            for status in [
                Status::Draft,
                Status::Submitted,
                Status::Returned,
                Status::Approved,
            ] {
                texts.push(status_text(lang, Some(status)));
            }
            for timeliness in [
                Timeliness::OnTime,
                Timeliness::Late,
                Timeliness::Overdue,
                Timeliness::Pending,
                Timeliness::Unscheduled,
            ] {
                texts.push(timeliness_text(lang, timeliness));
            }
            for action in [
                Action::Draft,
                Action::Submit,
                Action::Approve,
                Action::Return,
            ] {
                for prefix in ["submission-action", "submission-event", "submission-done"] {
                    texts.push(lang.t(&format!("{prefix}-{}", action.code())));
                }
            }
            for text in texts {
                assert!(!text.contains('⟦') && !text.is_empty(), "{text}");
            }
        }
    }
}
