//! Member agencies' periodic reports on pages: one's own agency's report for
//! a period (its figures, the four parts the seeds ask to be written, draft
//! and send up), the authority's list of who in its area has reported, and
//! one report with the authority's approve and return forms.

use super::admin::forms::{as_violations, value};
use super::context::Page;
use super::extract::{Path, Query};
use super::narrative;
use super::submissions::timeliness_text;
use super::{error_page, layout, violation_text_in};
use crate::i18n::Lang;
use crate::views::agency_reports::{self, AgencyReportView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_access::Permission;
use haven_domain::Violation;
use haven_report::agency_report::ProtectedFigures;
use haven_report::narrative::Narrative;
use haven_report::submission::Action;
use maud::{html, Markup};
use serde::Deserialize;

type Values = Vec<(String, String)>;

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    period: Option<String>,
}

fn status_name(lang: Lang, status: Option<&str>) -> String {
    lang.t(match status {
        Some("draft") => "submission-status-draft",
        Some("submitted") => "submission-status-submitted",
        Some("returned") => "submission-status-returned",
        Some("approved") => "submission-status-approved",
        Some(_) | None => "agency-report-not-started",
    })
}

fn figures_table(lang: Lang, f: &ProtectedFigures) -> Markup {
    let count = |n: Option<u64>| match n {
        Some(n) => lang.grouped(n),
        None => lang.t("target-hidden"),
    };
    let rows: [(&str, String); 11] = [
        ("agency-report-cases-received", count(f.cases_received)),
        (
            "agency-report-victims-identified",
            count(f.victims_identified),
        ),
        (
            "agency-report-services-delivered",
            count(f.services_delivered),
        ),
        ("agency-report-referrals-sent", count(f.referrals_sent)),
        (
            "measure-communication-sessions",
            lang.grouped(f.communication_sessions),
        ),
        ("measure-persons-reached", lang.grouped(f.persons_reached)),
        ("measure-training-courses", lang.grouped(f.training_courses)),
        ("measure-persons-trained", lang.grouped(f.persons_trained)),
        ("measure-meetings-held", lang.grouped(f.meetings_held)),
        ("measure-inspections-held", lang.grouped(f.inspections_held)),
        ("inspection-fines", lang.vnd(f.fines_vnd)),
    ];
    html! {
        table.figures #agency-figures {
            tbody {
                @for (key, shown) in &rows {
                    tr { th scope="row" { (lang.t(key)) } td { (shown) } }
                }
            }
        }
    }
}

fn errors(lang: Lang, violations: &[Violation]) -> Markup {
    html! {
        @if !violations.is_empty() {
            div.error role="alert" #form-errors tabindex="-1" autofocus {
                p { (lang.t("form-has-errors")) }
                ul { @for v in violations { li { (violation_text_in(lang, v, Some("agency-report"))) } } }
            }
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<PeriodQuery>,
) -> Response {
    render(&state, &page, query.period.as_deref(), None, None, &[]).await
}

/// `typed`: what the form sent, shown again in it; `unsaved`: what the
/// form sent over a report someone else saved meanwhile — the form shows
/// the saved report, and this beside it, so nothing is lost or overwritten.
async fn render(
    state: &AppState,
    page: &Page,
    period: Option<&str>,
    typed: Option<&Values>,
    unsaved: Option<&Values>,
    violations: &[Violation],
) -> Response {
    let lang = page.lang;
    // Each part the user may see; a refusal leaves it out, a bad period is named.
    let own = if page.can(Permission::RecordActivities) {
        match agency_reports::own(state, &page.user, period).await {
            Ok(own) => Some(own),
            Err(error) if error.status == axum::http::StatusCode::FORBIDDEN => None,
            Err(error) => return error_page(page, error),
        }
    } else {
        None
    };
    let overview = if page.can(Permission::ReadStatistics) {
        match agency_reports::overview(state, &page.user, period).await {
            Ok(overview) => Some(overview),
            Err(error) if error.status == axum::http::StatusCode::FORBIDDEN => None,
            Err(error) => return error_page(page, error),
        }
    } else {
        None
    };
    if own.is_none() && overview.is_none() {
        return error_page(page, crate::error::ApiError::forbidden());
    }
    let period_code = own
        .as_ref()
        .map(|o| o.period.clone())
        .or_else(|| overview.as_ref().map(|o| o.period.clone()))
        .unwrap_or_default();
    let body = html! {
        (errors(lang, violations))
        form.filters method="get" action="/agency-reports" {
            div.field {
                label for="period" { (lang.t("agency-report-period")) }
                input #period name="period" type="text" value=(period_code) maxlength="30";
            }
            button type="submit" { (lang.t("filter-apply")) }
        }
        @if let Some(own) = &own { (own_section(page, own, typed, unsaved, violations)) }
        @if let Some(overview) = &overview {
            section #area-overview {
                h2 { (lang.t("agency-report-area")) }
                p #area-completeness { (lang.t_with("agency-report-completeness", &[("count", overview.reported.into()), ("total", overview.agencies.len().into())])) }
                @if let Some(due) = overview.due_on {
                    p #area-timeliness {
                        (lang.t("submission-due")) ": " strong { (lang.date(due)) } " · "
                        (lang.t_with("agency-report-timeliness", &[("ontime", overview.on_time.into()), ("late", overview.late.into()), ("overdue", overview.overdue.into())]))
                    }
                }
                div.scroll tabindex="0" { table #member-agencies {
                    thead { tr {
                        th scope="col" { (lang.t("agency-report-agency")) }
                        th scope="col" { (lang.t("task-status")) }
                        th scope="col" { (lang.t("agency-report-submitted-at")) }
                        th scope="col" { (lang.t("submission-timeliness")) }
                    } }
                    tbody {
                        @for row in &overview.agencies {
                            tr {
                                td data-label=(lang.t("agency-report-agency")) {
                                    @if let (Some(id), false) = (row.report_id, row.status.as_deref() == Some("draft")) { a href={ "/agency-reports/" (id) } { (row.agency.name) } }
                                    @else { (row.agency.name) }
                                }
                                td data-label=(lang.t("task-status")) { (status_name(lang, row.status.as_deref())) }
                                td data-label=(lang.t("agency-report-submitted-at")) { (row.submitted_at.map(|at| crate::pages::programme::when(lang, at)).unwrap_or_default()) }
                                td data-label=(lang.t("submission-timeliness")) { (timeliness_text(lang, row.timeliness)) }
                            }
                        }
                    }
                } }
            }
        }
    };
    let status = if violations.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    (
        status,
        layout::page(page, &lang.t("agency-report-title"), body),
    )
        .into_response()
}

fn own_section(
    page: &Page,
    own: &AgencyReportView,
    typed: Option<&Values>,
    unsaved: Option<&Values>,
    violations: &[Violation],
) -> Markup {
    let lang = page.lang;
    let written: Narrative = match typed {
        Some(values) => narrative::from_form(values).into(),
        None => own.narrative.clone().into(),
    };
    html! {
        section #own-report {
            h2 { (lang.t_with("agency-report-own", &[("agency", own.agency.name.clone().into())])) }
            p #own-status { (lang.t("task-status")) ": " strong { (status_name(lang, own.status.as_deref())) } }
            @if let Some(due) = own.due_on {
                p #own-due { (lang.t("submission-due")) ": " (lang.date(due)) " · " (timeliness_text(lang, own.timeliness)) }
            }
            @if let Some(comment) = &own.review_comment { p.notice { (lang.t("agency-report-comment")) ": " (comment) } }
            (figures_table(lang, &own.figures))
            @if let Some(unsaved) = unsaved {
                details #unsaved-text open {
                    summary { (lang.t("agency-report-unsaved")) }
                    (narrative::read(lang, &narrative::from_form(unsaved).into()))
                }
            }
            @if own.may_file {
                form.card #own-report-form method="post" action="/agency-reports" {
                    input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                    input type="hidden" name="period" value=(own.period);
                    @if let Some(version) = own.version { input type="hidden" name="version" value=(version); }
                    (narrative::fields(lang, &written, violations))
                    p.hint { (lang.t("agency-report-submit-hint")) }
                    button type="submit" name="action" value="draft" { (lang.t("agency-report-save-draft")) }
                    " "
                    button #submit-report type="submit" name="action" value="submit" { (lang.t("agency-report-submit")) }
                }
            } @else {
                (narrative::read(lang, &written))
            }
        }
    }
}

pub async fn file(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    let action = match value(&values, "action") {
        "submit" => Action::Submit,
        _ => Action::Draft,
    };
    let narrative = narrative::from_form(&values);
    let period = value(&values, "period").to_owned();
    // No version (or 0): the writer saw no report yet.
    let version = value(&values, "version").parse().ok().filter(|v| *v > 0);
    match agency_reports::file(
        &state,
        &page.user,
        Some(&period),
        action,
        version,
        narrative,
    )
    .await
    {
        Ok(_) => {
            Redirect::to(&format!("/agency-reports?period={period}#own-report")).into_response()
        }
        Err(error) => {
            let conflict = error.status == axum::http::StatusCode::CONFLICT;
            match as_violations(error) {
                // Someone else saved first: show theirs in the form, the user's beside it.
                Ok(violations) if conflict => {
                    render(
                        &state,
                        &page,
                        Some(&period),
                        None,
                        Some(&values),
                        &violations,
                    )
                    .await
                }
                Ok(violations) => {
                    render(
                        &state,
                        &page,
                        Some(&period),
                        Some(&values),
                        None,
                        &violations,
                    )
                    .await
                }
                Err(error) => error_page(&page, error),
            }
        }
    }
}

pub async fn report(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    render_report(&state, &page, id, &[]).await
}

async fn render_report(
    state: &AppState,
    page: &Page,
    id: i64,
    violations: &[Violation],
) -> Response {
    let report = match agency_reports::read(state, &page.user, id).await {
        Ok(report) => report,
        Err(error) => return error_page(page, error),
    };
    let lang = page.lang;
    let body = html! {
        (errors(lang, violations))
        p { a href={ "/agency-reports?period=" (report.period) } { (lang.t("agency-report-title")) } }
        p #report-status { (lang.t("task-status")) ": " strong { (status_name(lang, report.status.as_deref())) } }
        @if let Some(due) = report.due_on {
            p #report-due { (lang.t("submission-due")) ": " (lang.date(due)) " · " (timeliness_text(lang, report.timeliness)) }
        }
        (figures_table(lang, &report.figures))
        section #narrative {
            h2 { (lang.t("submission-narrative")) }
            (narrative::read(lang, &report.narrative.clone().into()))
        }
        @if report.may_review {
            form.card #review-form method="post" action={ "/agency-reports/" (id) } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="version" value=(report.version.unwrap_or(0));
                label for="comment" { (lang.t("agency-report-comment")) }
                textarea #comment name="comment" rows="3" maxlength="20000" {}
                button #approve-report type="submit" name="action" value="approve" { (lang.t("agency-report-approve")) }
                " "
                button #return-report type="submit" name="action" value="return" { (lang.t("agency-report-return")) }
            }
        }
    };
    let title = lang.t_with(
        "agency-report-of",
        &[
            ("agency", report.agency.name.clone().into()),
            ("period", report.period.clone().into()),
        ],
    );
    let status = if violations.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, layout::page(page, &title, body)).into_response()
}

pub async fn review(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let action = match value(&values, "action") {
        "approve" => Action::Approve,
        "return" => Action::Return,
        _ => return error_page(&page, crate::error::ApiError::not_found()),
    };
    let version = value(&values, "version").parse().unwrap_or(0);
    match agency_reports::review(
        &state,
        &page.user,
        id,
        action,
        version,
        value(&values, "comment"),
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/agency-reports/{id}")).into_response(),
        Err(error) => match as_violations(error) {
            Ok(violations) => render_report(&state, &page, id, &violations).await,
            Err(error) => error_page(&page, error),
        },
    }
}
