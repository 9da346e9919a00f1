//! One plan: what it is and what it implements, each target's progress per
//! year and over the plan, the tasks (late ones first) with their agencies,
//! and the forms of whoever may change it.

use super::super::context::Page;
use super::super::extract::Path;
use super::super::{error_page, layout, violation_text_in};
use super::form_kit::FormState;
use super::plan_forms;
use crate::i18n::Lang;
use crate::views::programme::plans::{self, PlanView, TargetView, TaskView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_domain::ids::PlanId;
use haven_domain::programme::{Direction, TargetSource, TaskStanding};
use haven_report::programme::Progress;
use maud::{html, Markup};

pub async fn page(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    render(&state, &page, PlanId(id), None).await
}

/// The plan page, with one of its forms open and filled when it came back with errors.
pub async fn render(
    state: &AppState,
    page: &Page,
    id: PlanId,
    open: Option<FormState>,
) -> Response {
    let plan = match plans::read(state, &page.user, id).await {
        Ok(plan) => plan,
        Err(error) => return error_page(page, error),
    };
    let lang = page.lang;
    let area = super::area_name(state, lang, &plan.summary.area_code).await;
    let choices = plan_forms::Choices::load(state, lang, &plan).await;
    let budget = super::budget_page::summary_of(state, page, id).await;
    let place_ids: Vec<String> = plan.places.iter().map(|p| p.unit_id.clone()).collect();
    let place_names = super::super::labels::unit_names(state, &place_ids).await;
    let documents = match crate::views::programme::documents::list(state, &page.user, id).await {
        Ok(documents) => documents,
        Err(error) => return error_page(page, error),
    };
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let s = &plan.summary;
    let body = html! {
        @if let Some(open) = &open {
            div.error role="alert" #form-errors tabindex="-1" autofocus {
                p { (lang.t("form-has-errors")) }
                ul { @for v in &open.violations { li { (violation_text_in(lang, v, Some("programme"))) } } }
            }
        }
        dl #plan-facts {
            dt { (lang.t("plan-number")) } dd { (s.number) " · " (lang.date(s.issued_on)) }
            dt { (lang.t("plan-issuer")) } dd { (s.issuer.name) }
            dt { (lang.t("plan-area")) } dd { (area) }
            dt { (lang.t("plan-years")) } dd { (super::years(lang, s.first_year, s.last_year, s.orientation_year)) }
            @if let Some(parent) = &plan.parent {
                dt { (lang.t("plan-implements")) } dd { a href={ "/plans/" (parent.id) } { (parent.number) " — " (parent.title) } }
            }
            @if let Some(source) = &plan.copied_from {
                dt { (lang.t("plan-copied-from")) } dd { a href={ "/plans/" (source.id) } { (source.number) } }
            }
            @if !plan.children.is_empty() {
                dt { (lang.t("plan-children")) }
                dd { ul.inline { @for child in &plan.children { li { a href={ "/plans/" (child.id) } { (child.number) } } } } }
            }
        }
        @if !plan.purpose.is_empty() { p #plan-purpose { (plan.purpose) } }
        @if plan.may_edit { p { a #edit-plan href={ "/plans/" (s.id) "/edit" } { (lang.t("plan-edit")) } } }
        p { a href={ "/plans/" (s.id) "/review" } { (lang.t("review-link")) } }
        p {
            a href={ "/activities?plan_id=" (s.id) } {
                (lang.t_with("plan-activities-recorded", &[("count", plan.activities_recorded.into())]))
            }
        }
        section #targets {
            h2 { (lang.t("plan-targets")) }
            @if plan.targets.is_empty() { p { (lang.t("plan-no-targets")) } }
            @for target in &plan.targets {
                (target_card(state, lang, target))
                @if plan.may_edit && matches!(target.target.source, TargetSource::Manual { .. }) {
                    (plan_forms::actual_form(page, &plan, target, open.as_ref()))
                }
                @if plan.may_edit {
                    p { a.edit href={ "/plans/" (s.id) "/targets/" (target.id) "/edit" } { (lang.t("target-edit")) } }
                }
            }
            @if plan.may_edit { (plan_forms::target_form(page, &plan, &choices, open.as_ref(), None)) }
        }
        section #tasks {
            h2 { (lang.t("plan-tasks")) }
            @if plan.tasks.is_empty() { p { (lang.t("plan-no-tasks")) } }
            @else { (tasks_table(page, &plan, open.as_ref())) }
            @if plan.may_edit { (plan_forms::task_form(page, &plan, &choices, open.as_ref(), None)) }
        }
        (places_table(lang, &plan, &place_names))
        (super::budget_page::summary(lang, s.id, budget.as_ref()))
        (super::plan_documents::section(page, s.id, &documents, open.as_ref()))
        @if plan.may_copy { (plan_forms::copy_form(page, &plan, open.as_ref())) }
    };
    (status, layout::page(page, &s.title, body)).into_response()
}

/// The activity list of a place (a province, or a commune of one) over the plan's years.
fn place_link(unit_id: &str, first_year: i32, last_year: i32) -> String {
    let province: String = unit_id.splitn(3, '/').take(2).collect::<Vec<_>>().join("/");
    let commune = if unit_id.matches('/').count() == 2 {
        unit_id
    } else {
        ""
    };
    format!("/activities?province={province}&commune={commune}&from={first_year}-01-01&to={last_year}-12-31")
}

/// The activities held in the plan's area during its years, by place;
/// each place opens the list of its activities.
fn places_table(
    lang: Lang,
    plan: &PlanView,
    names: &std::collections::HashMap<String, String>,
) -> Markup {
    let s = &plan.summary;
    html! {
        section #places {
            h2 { (lang.t("plan-places")) }
            @if plan.places.is_empty() {
                p { (lang.t("plan-places-none")) }
            } @else {
                div.scroll tabindex="0" { table #plan-places {
                    thead { tr {
                        th scope="col" { (lang.t("plan-place")) }
                        th scope="col" { (lang.t("activity-kind-communication")) }
                        th scope="col" { (lang.t("activity-kind-training")) }
                        th scope="col" { (lang.t("activity-kind-meeting")) }
                        th scope="col" { (lang.t("activity-kind-inspection")) }
                        th scope="col" { (lang.t("plan-place-reached")) }
                        th scope="col" { (lang.t("plan-place-trained")) }
                    } }
                    tbody {
                        @for p in &plan.places {
                            tr {
                                th scope="row" data-label=(lang.t("plan-place")) {
                                    a href=(place_link(&p.unit_id, s.first_year, s.last_year)) {
                                        (names.get(&p.unit_id).cloned().unwrap_or_else(|| p.unit_id.clone()))
                                    }
                                    @for flag in &p.area_flags { " " span.badge { (super::area_flag(lang, *flag)) } }
                                }
                                td data-label=(lang.t("activity-kind-communication")) { (p.communication) }
                                td data-label=(lang.t("activity-kind-training")) { (p.training) }
                                td data-label=(lang.t("activity-kind-meeting")) { (p.meetings) }
                                td data-label=(lang.t("activity-kind-inspection")) { (p.inspections) }
                                td data-label=(lang.t("plan-place-reached")) { (lang.grouped(p.persons_reached)) }
                                td data-label=(lang.t("plan-place-trained")) { (lang.grouped(p.persons_trained)) }
                            }
                        }
                    }
                } }
            }
        }
    }
}

fn source_text(state: &AppState, lang: Lang, source: &TargetSource) -> String {
    match source {
        TargetSource::CaseRecords { indicator } => {
            let catalogue = &state.settings.catalogue;
            let name = catalogue
                .indicator(indicator)
                .map(|i| match lang {
                    Lang::Vi => i.name_vi.clone(),
                    Lang::En => i.name_en.clone(),
                })
                .or_else(|| {
                    catalogue
                        .targets
                        .iter()
                        .find(|t| {
                            serde_json::to_value(t.code)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                                .as_deref()
                                == Some(indicator.as_str())
                        })
                        .map(|t| match lang {
                            Lang::Vi => t.name_vi.clone(),
                            Lang::En => t.name_en.clone(),
                        })
                })
                .unwrap_or_else(|| indicator.clone());
            format!("{}: {name}", lang.t("target-source-case-records"))
        }
        TargetSource::Activities { measure, of } => {
            let mut text = format!(
                "{}: {}",
                lang.t("target-source-activities"),
                super::measure(lang, *measure)
            );
            if let Some(of) = of {
                text.push_str(&format!(
                    " / {}",
                    lang.grouped(u64::try_from(*of).unwrap_or(0))
                ));
            }
            text
        }
        TargetSource::Manual { source, .. } => {
            format!("{}: {source}", lang.t("target-source-manual"))
        }
    }
}

fn target_card(state: &AppState, lang: Lang, target: &TargetView) -> Markup {
    let t = &target.target;
    let row = |label: String, p: &Progress| {
        let shown = |v: Option<f64>| v.map(|v| super::value_in(lang, t.unit, v));
        html! {
            tr {
                th scope="row" { (label) }
                td data-label=(lang.t("target-goal")) { (shown(p.target.map(|v| v as f64)).unwrap_or_else(|| "—".into())) }
                td data-label=(lang.t("target-actual")) {
                    @if p.hidden { span.masked { (lang.t("target-hidden")) } }
                    @else if let Some(actual) = p.actual {
                        (super::value_in(lang, t.unit, actual))
                        @if let Some(share) = &p.share { " " span.hint { "(" (share.numerator) "/" (share.denominator) ")" } }
                        @if let (Some(goal), Direction::AtLeast) = (p.target, t.direction) {
                            @if goal > 0 {
                                " " meter min="0" max=(goal) value=(actual.min(goal as f64)) aria-hidden="true" {}
                            }
                        }
                    }
                    @else { span.hint { (lang.t("target-not-yet")) } }
                }
                td data-label=(lang.t("target-reached")) {
                    @match p.reached {
                        Some(true) => { span.badge { (lang.t("target-reached-yes")) } }
                        Some(false) => { span.overdue { (lang.t("target-reached-no")) } }
                        None => { "—" }
                    }
                }
            }
        }
    };
    html! {
        section.card.target id={ "target-" (target.id) } {
            @if !t.section.is_empty() { p.hint { (t.section) } }
            h3 { (t.definition) }
            p.hint {
                (source_text(state, lang, &t.source)) " · " (super::unit(lang, t.unit)) " · " (super::direction(lang, t.direction))
                @if let Some(baseline) = t.baseline { " · " (lang.t("target-baseline")) ": " (super::value_in(lang, t.unit, baseline as f64)) }
            }
            div.scroll tabindex="0" { table.figures {
                thead { tr {
                    th scope="col" { (lang.t("target-year")) }
                    th scope="col" { (lang.t("target-goal")) }
                    th scope="col" { (lang.t("target-actual")) }
                    th scope="col" { (lang.t("target-reached")) }
                } }
                tbody {
                    @for p in &target.progress.years {
                        (row(p.year.map(|y| y.to_string()).unwrap_or_default(), p))
                    }
                    (row(lang.t("target-whole-plan"), &target.progress.whole_period))
                }
            } }
        }
    }
}

fn tasks_table(page: &Page, plan: &PlanView, open: Option<&FormState>) -> Markup {
    let lang = page.lang;
    html! {
        div.scroll tabindex="0" { table #task-list {
            thead { tr {
                th scope="col" { (lang.t("task-title")) }
                th scope="col" { (lang.t("task-lead")) }
                th scope="col" { (lang.t("task-cooperating")) }
                th scope="col" { (lang.t("task-dates")) }
                th scope="col" { (lang.t("task-standing")) }
                th scope="col" { (lang.t("task-activities")) }
            } }
            tbody {
                @for task in &plan.tasks {
                    tr id={ "task-" (task.id) } {
                        td data-label=(lang.t("task-title")) {
                            @if !task.task.section.is_empty() { span.hint { (task.task.section) } br; }
                            (task.task.title)
                            @if plan.may_edit { br; a href={ "/plans/" (plan.summary.id) "/tasks/" (task.id) "/edit" } { (lang.t("task-edit")) } }
                        }
                        td data-label=(lang.t("task-lead")) { (task.lead_agency.name) }
                        td data-label=(lang.t("task-cooperating")) {
                            @for (i, a) in task.cooperating_agencies.iter().enumerate() { @if i > 0 { "; " } (a.name) }
                        }
                        td data-label=(lang.t("task-dates")) { (lang.date(task.task.starts_on)) " – " (lang.date(task.task.ends_on)) }
                        td data-label=(lang.t("task-standing")) {
                            @if task.standing == TaskStanding::Late { strong.overdue { (super::task_standing(lang, task.standing)) } }
                            @else { (super::task_standing(lang, task.standing)) }
                            @if !task.task.status_reason.is_empty() { br; span.hint { (task.task.status_reason) } }
                            @if task.may_update { (status_form(page, plan, task, open)) }
                        }
                        td data-label=(lang.t("task-activities")) {
                            a href={ "/activities?task_id=" (task.id) } { (task.activities_recorded) }
                        }
                    }
                }
            }
        } }
    }
}

fn status_form(page: &Page, plan: &PlanView, task: &TaskView, open: Option<&FormState>) -> Markup {
    let lang = page.lang;
    let form_id = format!("status-{}", task.id);
    let mine = open.filter(|o| o.form == form_id);
    let value = |name: &str, fallback: String| mine.map_or(fallback, |o| o.value(name).to_owned());
    // The status it has now: updating the reason alone keeps it.
    let status = value("status", task.task.status.code().to_owned());
    let reason = value("status_reason", task.task.status_reason.clone());
    html! {
        details open[mine.is_some()] {
            summary { (lang.t("task-update")) }
            form.card method="post" action={ "/plans/" (plan.summary.id) "/tasks/" (task.id) } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="version" value=(task.version);
                label for={ (form_id) "-status" } { (lang.t("task-status")) " " abbr title=(lang.t("form-required")) { "*" } }
                select id={ (form_id) "-status" } name="status" required {
                    @for s in haven_domain::programme::TaskStatus::ALL {
                        option value=(s.code()) selected[status == s.code()] { (super::task_status(lang, s)) }
                    }
                }
                label for={ (form_id) "-reason" } { (lang.t("task-status-reason")) }
                textarea id={ (form_id) "-reason" } name="status_reason" rows="2" maxlength="10000" { (reason) }
                button type="submit" { (lang.t("task-update-save")) }
            }
        }
    }
}
