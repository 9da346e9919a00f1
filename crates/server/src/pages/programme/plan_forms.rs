//! The forms of a plan: issuing one, copying one down, adding targets and
//! tasks, and a task's progress. Each comes back filled, with every fault
//! named by its field, when something is wrong; nothing consequential is
//! chosen in advance.

use super::super::admin::forms::{as_violations, value};
use super::super::context::Page;
use super::super::extract::Path;
use super::super::{error_page, layout, violation_text_in};
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::programme::plans::{self, PlanView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_access::Permission;
use haven_domain::ids::{AgencyId, PlanId, TargetId, TaskId};
use haven_domain::programme::{
    ActivityMeasure, Direction, PlanDraft, TargetDraft, TargetSource, TargetUnit, TaskDraft,
    TaskStatus, YearValue,
};
use haven_domain::{Violation, Violations};
use maud::{html, Markup};

use super::form_kit::{
    area_text, choice, error_summary, hidden, open_of, split_conflict, text, unsaved_text,
    Controls, FormState, Reader, Values,
};

/// What the forms offer: the agencies of the plan's area, the catalogue's
/// indicators and targets, the activity measures.
pub struct Choices {
    pub agencies: Vec<(AgencyId, String)>,
    pub indicators: Vec<(String, String)>,
}

impl Choices {
    pub async fn load(state: &AppState, lang: Lang, plan: &PlanView) -> Choices {
        let area = &plan.summary.area_code;
        let within = |unit: &str| -> bool {
            let Some(rest) = unit.strip_prefix("2025/") else {
                return false;
            };
            if area == "VN" {
                // A national plan's tasks go to national and provincial bodies.
                !rest.contains('/')
            } else {
                let province = area.split('/').next().unwrap_or(area);
                rest == province || rest.starts_with(&format!("{province}/"))
            }
        };
        let mut agencies: Vec<(AgencyId, String)> = state
            .store
            .agencies()
            .await
            .or_shown("agencies")
            .into_iter()
            .filter(|a| {
                a.active && (within(&a.admin_unit_id) || a.id == plan.summary.issuer.id.get())
            })
            .map(|a| (AgencyId(a.id), a.name))
            .collect();
        agencies.sort_by_key(|(_, name)| super::super::labels::alphabet_key(name));
        let catalogue = &state.settings.catalogue;
        let name = |vi: &str, en: &str| match lang {
            Lang::Vi => vi.to_owned(),
            Lang::En => en.to_owned(),
        };
        let mut indicators: Vec<(String, String)> = catalogue
            .targets
            .iter()
            .filter_map(|t| {
                let code = serde_json::to_value(t.code).ok()?.as_str()?.to_owned();
                Some((code, name(&t.name_vi, &t.name_en)))
            })
            .collect();
        indicators.extend(
            catalogue
                .indicators
                .iter()
                .map(|i| (i.code.clone(), name(&i.name_vi, &i.name_en))),
        );
        Choices {
            agencies,
            indicators,
        }
    }
}

fn plan_draft(values: &Values) -> Result<PlanDraft, Vec<Violation>> {
    let mut r = Reader::new(values);
    let draft = PlanDraft {
        number: r.text("number"),
        issued_on: r.date("issued_on"),
        title: r.text("title"),
        first_year: r.year("first_year"),
        last_year: r.year("last_year"),
        orientation_year: r
            .optional_number("orientation_year")
            .and_then(|y| i32::try_from(y).ok()),
        parent_plan_id: value(values, "parent_plan_id").parse().ok().map(PlanId),
        summary: r.text("summary"),
    };
    let checked = draft.check();
    r.merge(checked).map(|()| draft)
}

fn target_draft(values: &Values, plan: &PlanView) -> Result<TargetDraft, Vec<Violation>> {
    let mut r = Reader::new(values);
    let years = haven_domain::programme::PlanYears {
        first: plan.summary.first_year,
        last: plan.summary.last_year,
    };
    let unit = match value(values, "unit") {
        "percent" => TargetUnit::Percent,
        "count" => TargetUnit::Count,
        "vnd" => TargetUnit::Vnd,
        _ => {
            r.violations.push(Violation::required("unit"));
            TargetUnit::Count
        }
    };
    let direction = match value(values, "direction") {
        "at_least" => Direction::AtLeast,
        "at_most" => Direction::AtMost,
        _ => {
            r.violations.push(Violation::required("direction"));
            Direction::AtLeast
        }
    };
    let per_year = |r: &mut Reader<'_>, prefix: &str| -> Vec<YearValue> {
        years
            .each()
            .filter_map(|year| {
                r.optional_number(&format!("{prefix}_{year}"))
                    .map(|value| YearValue { year, value })
            })
            .collect()
    };
    let yearly = per_year(&mut r, "yearly");
    let source = match value(values, "source_kind") {
        "case_records" => {
            let indicator = r.text("indicator");
            if indicator.is_empty() {
                r.violations.push(Violation::required("indicator"));
            }
            TargetSource::CaseRecords { indicator }
        }
        "activities" => {
            let measure = ActivityMeasure::from_code(value(values, "measure"));
            if measure.is_none() {
                r.violations.push(Violation::required("measure"));
            }
            TargetSource::Activities {
                measure: measure.unwrap_or(ActivityMeasure::CommunicationSessions),
                of: r.optional_number("of"),
            }
        }
        "manual" => TargetSource::Manual {
            source: r.text("manual_source"),
            actuals: per_year(&mut r, "actual"),
        },
        _ => {
            r.violations.push(Violation::required("source_kind"));
            TargetSource::Manual {
                source: "-".into(),
                actuals: vec![],
            }
        }
    };
    let draft = TargetDraft {
        section: r.text("section"),
        definition: r.text("definition"),
        unit,
        direction,
        baseline: r.optional_number("baseline"),
        yearly,
        whole_period: r.optional_number("whole_period"),
        source,
    };
    // The rules name rows by index; the form by year.
    let checked = draft.check(years).map_err(|v| {
        Violations(
            v.0.into_iter()
                .map(|mut x| {
                    x.field = x
                        .field
                        .replace("source.source", "manual_source")
                        .replace("source.of", "of")
                        .replace("source.indicator", "indicator");
                    if let Some(index) = x
                        .field
                        .strip_prefix("yearly_")
                        .and_then(|i| i.parse::<usize>().ok())
                    {
                        if let Some(y) = draft.yearly.get(index) {
                            x.field = format!("yearly_{}", y.year);
                        }
                    }
                    x
                })
                .collect(),
        )
    });
    r.merge(checked).map(|()| draft)
}

fn task_draft(values: &Values) -> Result<TaskDraft, Vec<Violation>> {
    let mut r = Reader::new(values);
    let status = TaskStatus::from_code(value(values, "status"));
    if status.is_none() {
        r.violations.push(Violation::required("status"));
    }
    let draft = TaskDraft {
        section: r.text("section"),
        title: r.text("title"),
        lead_agency_id: r.agency("lead_agency_id"),
        cooperating_agency_ids: values
            .iter()
            .filter(|(k, _)| k == "cooperating_agency_ids")
            .filter_map(|(_, v)| v.parse().ok().map(AgencyId))
            .collect(),
        starts_on: r.date("starts_on"),
        ends_on: r.date("ends_on"),
        status: status.unwrap_or(TaskStatus::NotStarted),
        status_reason: r.text("status_reason"),
    };
    let checked = draft.check();
    r.merge(checked).map(|()| draft)
}

// ---- handlers ------------------------------------------------------------

pub(super) async fn back_with(
    state: &AppState,
    page: &Page,
    plan: PlanId,
    form: &str,
    values: Values,
    violations: Vec<Violation>,
) -> Response {
    super::plan_page::render(
        state,
        page,
        plan,
        Some(FormState {
            form: form.to_owned(),
            values,
            violations,
        }),
    )
    .await
}

pub(super) fn to_plan(id: PlanId, anchor: &str) -> Response {
    Redirect::to(&format!("/plans/{id}#{anchor}")).into_response()
}

pub async fn add_target(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let id = PlanId(id);
    let plan = match plans::read(&state, &page.user, id).await {
        Ok(plan) => plan,
        Err(error) => return error_page(&page, error),
    };
    let draft = match target_draft(&values, &plan) {
        Ok(draft) => draft,
        Err(violations) => return back_with(&state, &page, id, "target", values, violations).await,
    };
    match plans::add_target(&state, &page.user, id, &draft).await {
        Ok(target) => to_plan(id, &format!("target-{}", target.id)),
        Err(error) => match as_violations(error) {
            Ok(violations) => back_with(&state, &page, id, "target", values, violations).await,
            Err(error) => error_page(&page, error),
        },
    }
}

/// A target kept by hand: the figure of one year entered (or corrected).
pub async fn record_actual(
    State(state): State<AppState>,
    page: Page,
    Path((id, target_id)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let id = PlanId(id);
    let form = format!("actual-{target_id}");
    let plan = match plans::read(&state, &page.user, id).await {
        Ok(plan) => plan,
        Err(error) => return error_page(&page, error),
    };
    let Some(target) = plan.targets.iter().find(|t| t.id.get() == target_id) else {
        return error_page(&page, crate::error::ApiError::not_found());
    };
    let mut r = Reader::new(&values);
    let year = r.year("year");
    let figure = r.number("value");
    let faults = r.violations.0;
    if !faults.is_empty() {
        return back_with(&state, &page, id, &form, values, faults).await;
    }
    let mut draft = target.target.clone();
    match &mut draft.source {
        TargetSource::Manual { actuals, .. } => {
            actuals.retain(|a| a.year != year);
            actuals.push(YearValue {
                year,
                value: figure,
            });
            actuals.sort_by_key(|a| a.year);
        }
        TargetSource::CaseRecords { .. } | TargetSource::Activities { .. } => {
            return error_page(&page, crate::error::ApiError::not_found());
        }
    }
    let version = value(&values, "version").parse().unwrap_or(0);
    match plans::change_target(&state, &page.user, id, target.id, version, &draft).await {
        Ok(_) => to_plan(id, &format!("target-{target_id}")),
        Err(error) => match as_violations(error) {
            Ok(violations) => {
                // The rules name the row of the list; the form has one year.
                let violations = violations
                    .into_iter()
                    .map(|mut v| {
                        if v.field.starts_with("source.actuals_") {
                            v.field = "value".into();
                        }
                        v
                    })
                    .collect();
                back_with(&state, &page, id, &form, values, violations).await
            }
            Err(error) => error_page(&page, error),
        },
    }
}

pub async fn add_task(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let id = PlanId(id);
    let draft = match task_draft(&values) {
        Ok(draft) => draft,
        Err(violations) => return back_with(&state, &page, id, "task", values, violations).await,
    };
    match plans::add_task(&state, &page.user, id, &draft).await {
        Ok(task) => to_plan(id, &format!("task-{}", task.id)),
        Err(error) => match as_violations(error) {
            Ok(violations) => back_with(&state, &page, id, "task", values, violations).await,
            Err(error) => error_page(&page, error),
        },
    }
}

/// What an edit page changes: the plan, one of its targets, one of its tasks.
#[derive(Debug, Clone, Copy)]
pub enum Editing {
    Plan,
    Target(TargetId),
    Task(TaskId),
}

pub async fn edit_plan_page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Response {
    edit_page(&state, &page, PlanId(id), Editing::Plan, None).await
}

pub async fn edit_target_page(
    State(state): State<AppState>,
    page: Page,
    Path((id, target_id)): Path<(i64, i64)>,
) -> Response {
    edit_page(
        &state,
        &page,
        PlanId(id),
        Editing::Target(TargetId(target_id)),
        None,
    )
    .await
}

pub async fn edit_task_page(
    State(state): State<AppState>,
    page: Page,
    Path((id, task_id)): Path<(i64, i64)>,
) -> Response {
    edit_page(
        &state,
        &page,
        PlanId(id),
        Editing::Task(TaskId(task_id)),
        None,
    )
    .await
}

/// After an edit page's save: back to the plan at `anchor`, or the page
/// again with what is wrong.
async fn edit_saved(
    state: &AppState,
    page: &Page,
    plan: PlanId,
    editing: Editing,
    values: Values,
    saved: Result<String, crate::error::ApiError>,
) -> Response {
    match saved {
        Ok(anchor) => to_plan(plan, &anchor),
        Err(error) => match as_violations(error) {
            Ok(violations) => edit_back(state, page, plan, editing, values, violations).await,
            Err(error) => error_page(page, error),
        },
    }
}

async fn edit_back(
    state: &AppState,
    page: &Page,
    plan: PlanId,
    editing: Editing,
    values: Values,
    violations: Vec<Violation>,
) -> Response {
    let form = match editing {
        Editing::Plan => "plan-edit".to_owned(),
        Editing::Target(t) => format!("target-{t}"),
        Editing::Task(t) => format!("task-{t}"),
    };
    let open = FormState {
        form,
        values,
        violations,
    };
    edit_page(state, page, plan, editing, Some(open)).await
}

/// The page changing the plan, a target or a task: the issuer's; filled
/// with what is recorded, or with what came back and what is wrong.
async fn edit_page(
    state: &AppState,
    page: &Page,
    id: PlanId,
    editing: Editing,
    open: Option<FormState>,
) -> Response {
    let lang = page.lang;
    let plan = match plans::read(state, &page.user, id).await {
        Ok(plan) => plan,
        Err(error) => return error_page(page, error),
    };
    if !plan.may_edit {
        return error_page(page, crate::error::ApiError::forbidden());
    }
    let choices = Choices::load(state, lang, &plan).await;
    let (in_form, unsaved) = split_conflict(open.as_ref());
    let (title, form) = match editing {
        Editing::Plan => (lang.t("plan-edit"), plan_edit_form(page, &plan, in_form)),
        Editing::Target(target) => match plan.targets.iter().find(|t| t.id == target) {
            Some(t) => (
                lang.t("target-edit"),
                target_form(page, &plan, &choices, in_form, Some(t)),
            ),
            None => return error_page(page, crate::error::ApiError::not_found()),
        },
        Editing::Task(task) => match plan.tasks.iter().find(|t| t.id == task) {
            Some(t) => (
                lang.t("task-edit"),
                task_form(page, &plan, &choices, in_form, Some(t)),
            ),
            None => return error_page(page, crate::error::ApiError::not_found()),
        },
    };
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let body = html! {
        (error_summary(lang, open.as_ref()))
        p { a href={ "/plans/" (plan.summary.id) } { (plan.summary.number) " — " (plan.summary.title) } }
        (unsaved_text(lang, unsaved))
        (form)
    };
    (status, layout::page(page, &title, body)).into_response()
}

/// The plan itself changed by its issuer, on the version seen.
pub async fn change_plan(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let id = PlanId(id);
    let editing = Editing::Plan;
    let draft = match plan_draft(&values) {
        Ok(draft) => draft,
        Err(violations) => return edit_back(&state, &page, id, editing, values, violations).await,
    };
    let version = value(&values, "version").parse().unwrap_or(0);
    let saved = plans::change(&state, &page.user, id, version, &draft).await;
    edit_saved(
        &state,
        &page,
        id,
        editing,
        values,
        saved.map(|_| "plan-facts".to_owned()),
    )
    .await
}

/// A target corrected by the plan's issuer, on the version seen.
pub async fn change_target(
    State(state): State<AppState>,
    page: Page,
    Path((id, target_id)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let id = PlanId(id);
    let editing = Editing::Target(TargetId(target_id));
    let plan = match plans::read(&state, &page.user, id).await {
        Ok(plan) => plan,
        Err(error) => return error_page(&page, error),
    };
    let draft = match target_draft(&values, &plan) {
        Ok(draft) => draft,
        Err(violations) => return edit_back(&state, &page, id, editing, values, violations).await,
    };
    let version = value(&values, "version").parse().unwrap_or(0);
    let saved =
        plans::change_target(&state, &page.user, id, TargetId(target_id), version, &draft).await;
    edit_saved(
        &state,
        &page,
        id,
        editing,
        values,
        saved.map(|_| format!("target-{target_id}")),
    )
    .await
}

/// A task changed in full by the plan's issuer, on the version seen.
pub async fn edit_task(
    State(state): State<AppState>,
    page: Page,
    Path((id, task_id)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let id = PlanId(id);
    let editing = Editing::Task(TaskId(task_id));
    let draft = match task_draft(&values) {
        Ok(draft) => draft,
        Err(violations) => return edit_back(&state, &page, id, editing, values, violations).await,
    };
    let version = value(&values, "version").parse().unwrap_or(0);
    let saved = plans::change_task(&state, &page.user, id, TaskId(task_id), version, &draft).await;
    edit_saved(
        &state,
        &page,
        id,
        editing,
        values,
        saved.map(|_| format!("task-{task_id}")),
    )
    .await
}

/// A task's status and its reason, as its lead agency (or the issuer) records them.
pub async fn update_task(
    State(state): State<AppState>,
    page: Page,
    Path((id, task_id)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let (id, task_id) = (PlanId(id), TaskId(task_id));
    let form = format!("status-{task_id}");
    let plan = match plans::read(&state, &page.user, id).await {
        Ok(plan) => plan,
        Err(error) => return error_page(&page, error),
    };
    let Some(current) = plan.tasks.iter().find(|t| t.id == task_id) else {
        return error_page(&page, crate::error::ApiError::not_found());
    };
    let Some(status) = TaskStatus::from_code(value(&values, "status")) else {
        return back_with(
            &state,
            &page,
            id,
            &form,
            values,
            vec![Violation::required("status")],
        )
        .await;
    };
    let mut draft = current.task.clone();
    draft.status = status;
    draft.status_reason = value(&values, "status_reason").to_owned();
    let version = value(&values, "version").parse().unwrap_or(0);
    match plans::change_task(&state, &page.user, id, task_id, version, &draft).await {
        Ok(_) => to_plan(id, &format!("task-{task_id}")),
        Err(error) => match as_violations(error) {
            Ok(violations) => back_with(&state, &page, id, &form, values, violations).await,
            Err(error) => error_page(&page, error),
        },
    }
}

pub async fn copy(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let id = PlanId(id);
    let draft = match plan_draft(&values) {
        Ok(draft) => draft,
        Err(violations) => return back_with(&state, &page, id, "copy", values, violations).await,
    };
    match plans::copy(&state, &page.user, id, &draft).await {
        Ok(plan) => to_plan(plan.summary.id, "targets"),
        Err(error) => match as_violations(error) {
            Ok(violations) => back_with(&state, &page, id, "copy", values, violations).await,
            Err(error) => error_page(&page, error),
        },
    }
}

pub async fn new_plan(State(state): State<AppState>, page: Page) -> Response {
    plan_page_form(&state, &page, None).await
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    let result = match plan_draft(&values) {
        Ok(draft) => plans::create(&state, &page.user, &draft)
            .await
            .map_err(as_violations),
        Err(violations) => Err(Ok(violations)),
    };
    match result {
        Ok(plan) => to_plan(plan.summary.id, "targets"),
        Err(Ok(violations)) => {
            plan_page_form(
                &state,
                &page,
                Some(FormState {
                    form: "plan".into(),
                    values,
                    violations,
                }),
            )
            .await
        }
        Err(Err(error)) => error_page(&page, error),
    }
}

async fn plan_page_form(state: &AppState, page: &Page, open: Option<FormState>) -> Response {
    let lang = page.lang;
    if !page.can(Permission::ManagePlans) {
        return error_page(page, crate::error::ApiError::forbidden());
    }
    let parents = match plans::list(state, &page.user).await {
        Ok(parents) => parents,
        Err(error) => return error_page(page, error),
    };
    let parents: Vec<(String, String)> = parents
        .into_iter()
        .map(|p| (p.id.to_string(), format!("{} — {}", p.number, p.title)))
        .collect();
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let body = html! {
        @if let Some(open) = &open {
            div.error role="alert" #form-errors tabindex="-1" autofocus {
                p { (lang.t("form-has-errors")) }
                ul { @for v in &open.violations { li { (violation_text_in(lang, v, Some("programme"))) } } }
            }
        }
        p.hint { (lang.t_with("plan-issued-by", &[("agency", page.user.agency_name.clone().into())])) }
        form.card #plan-form method="post" action="/plans" {
            (hidden(page))
            (plan_fields(lang, "plan", open.as_ref(), None))
            (choice(Controls { lang, form: "plan", open: open.as_ref() }, "parent_plan_id", &lang.t("plan-implements"), false, &parents))
            (area_text(Controls { lang, form: "plan", open: open.as_ref() }, "summary", &lang.t("plan-purpose")))
            button type="submit" { (lang.t("plan-create")) }
        }
    };
    (status, layout::page(page, &lang.t("plan-new"), body)).into_response()
}

fn plan_fields(
    lang: Lang,
    form: &str,
    open: Option<&FormState>,
    years: Option<(i32, i32)>,
) -> Markup {
    let (first, last) = years.map_or((String::new(), String::new()), |(f, l)| {
        (f.to_string(), l.to_string())
    });
    html! {
        (text(Controls { lang, form, open }, "number", &lang.t("plan-number"), true, "text", ""))
        (text(Controls { lang, form, open }, "issued_on", &lang.t("plan-issued-on"), true, "date", ""))
        (text(Controls { lang, form, open }, "title", &lang.t("plan-title"), true, "text", ""))
        (text(Controls { lang, form, open }, "first_year", &lang.t("plan-first-year"), true, "number", &first))
        (text(Controls { lang, form, open }, "last_year", &lang.t("plan-last-year"), true, "number", &last))
        (text(Controls { lang, form, open }, "orientation_year", &lang.t("plan-orientation-year"), false, "number", ""))
    }
}

pub fn copy_form(page: &Page, plan: &PlanView, open: Option<&FormState>) -> Markup {
    let lang = page.lang;
    let mine = open_of(open, "copy");
    html! {
        section #copy {
            details open[mine.is_some()] {
                summary { (lang.t("plan-copy")) }
                p.hint { (lang.t("plan-copy-hint")) }
                form.card method="post" action={ "/plans/" (plan.summary.id) "/copies" } {
                    (hidden(page))
                    (plan_fields(lang, "copy", mine, Some((plan.summary.first_year, plan.summary.last_year))))
                    (area_text(Controls { lang, form: "copy", open: mine }, "summary", &lang.t("plan-purpose")))
                    button type="submit" { (lang.t("plan-copy-create")) }
                }
            }
        }
    }
}

/// The form adding a target, or (with `editing`) correcting one: its
/// definition, unit, values per year and source, filled with what is
/// recorded until it comes back with errors.
pub fn target_form(
    page: &Page,
    plan: &PlanView,
    choices: &Choices,
    open: Option<&FormState>,
    editing: Option<&crate::views::programme::plans::TargetView>,
) -> Markup {
    let lang = page.lang;
    let form = editing.map_or_else(|| "target".to_owned(), |t| format!("target-{}", t.id));
    let form = form.as_str();
    let sent_back = open_of(open, form);
    let recorded = editing.map(|t| FormState {
        form: form.to_owned(),
        values: target_values(&t.target),
        violations: Vec::new(),
    });
    let mine = sent_back.or(recorded.as_ref());
    let units: Vec<(String, String)> = [TargetUnit::Percent, TargetUnit::Count, TargetUnit::Vnd]
        .into_iter()
        .map(|u| (code_of(&u), super::unit(lang, u)))
        .collect();
    let directions: Vec<(String, String)> = [Direction::AtLeast, Direction::AtMost]
        .into_iter()
        .map(|d| (code_of(&d), super::direction(lang, d)))
        .collect();
    let measures: Vec<(String, String)> = ActivityMeasure::ALL
        .into_iter()
        .map(|m| (m.code().to_owned(), super::measure(lang, m)))
        .collect();
    let kind = mine.map_or("", |o| o.value("source_kind"));
    let years: Vec<i32> = (plan.summary.first_year..=plan.summary.last_year).collect();
    let c = Controls {
        lang,
        form,
        open: mine,
    };
    let (details_id, action, summary_key, save_key) = match editing {
        Some(t) => (
            format!("{form}-details"),
            format!("/plans/{}/targets/{}", plan.summary.id, t.id),
            "target-edit",
            "target-edit-save",
        ),
        None => (
            "add-target".to_owned(),
            format!("/plans/{}/targets", plan.summary.id),
            "target-add",
            "target-add-save",
        ),
    };
    let body = html! {
            form.card id={ (form) "-form" } method="post" action=(action) {
                (hidden(page))
                @if let Some(t) = editing { input type="hidden" name="version" value=(t.version); }
                (text(c, "section", &lang.t("target-section"), false, "text", ""))
                (text(c, "definition", &lang.t("target-definition"), true, "text", ""))
                (choice(c, "unit", &lang.t("target-unit"), true, &units))
                (choice(c, "direction", &lang.t("target-direction"), true, &directions))
                (text(c, "baseline", &lang.t("target-baseline"), false, "number", ""))
                fieldset {
                    legend { (lang.t("target-yearly")) }
                    @for year in &years {
                        (text(c, &format!("yearly_{year}"), &lang.t_with("target-goal-of-year", &[("year", (*year).into())]), false, "number", ""))
                    }
                    (text(c, "whole_period", &lang.t("target-whole-plan"), false, "number", ""))
                }
                fieldset id={ (form) "-source-kind" } {
                    legend { (lang.t("target-source")) " " abbr title=(lang.t("form-required")) { "*" } }
                    @if let Some(v) = sent_back.and_then(|o| o.error("source_kind")) { p.field-error { (violation_text_in(lang, v, Some("programme"))) } }
                    @for (code, key) in [("case_records", "target-source-case-records"), ("activities", "target-source-activities"), ("manual", "target-source-manual")] {
                        div.choice {
                            input type="radio" id={ (form) "-source-" (code) } name="source_kind" value=(code) required checked[kind == code];
                            label for={ (form) "-source-" (code) } { (lang.t(key)) }
                        }
                    }
                    (choice(c, "indicator", &lang.t("target-indicator"), false, &choices.indicators))
                    (choice(c, "measure", &lang.t("target-measure"), false, &measures))
                    (text(c, "of", &lang.t("target-of"), false, "number", ""))
                    (text(c, "manual_source", &lang.t("target-manual-source"), false, "text", ""))
                    @for year in &years {
                        (text(c, &format!("actual_{year}"), &lang.t_with("target-actual-of-year", &[("year", (*year).into())]), false, "number", ""))
                    }
                }
                button type="submit" { (lang.t(save_key)) }
            }
    };
    wrapped(
        lang,
        editing.is_some(),
        &details_id,
        summary_key,
        sent_back.is_some(),
        body,
    )
}

/// An edit form stands on its own page; an adding form folds on the plan's.
fn wrapped(
    lang: Lang,
    editing: bool,
    details_id: &str,
    summary_key: &str,
    open: bool,
    body: Markup,
) -> Markup {
    html! {
        @if editing { (body) }
        @else {
            details id=(details_id) open[open] {
                summary { (lang.t(summary_key)) }
                (body)
            }
        }
    }
}

/// A recorded target as its form's fields.
fn target_values(t: &TargetDraft) -> Values {
    let mut v: Values = Vec::new();
    let mut put = |k: &str, value: String| v.push((k.to_owned(), value));
    let TargetDraft {
        section,
        definition,
        unit,
        direction,
        baseline,
        yearly,
        whole_period,
        source,
    } = t;
    put("section", section.clone());
    put("definition", definition.clone());
    put("unit", code_of(unit));
    put("direction", code_of(direction));
    put(
        "baseline",
        baseline.map(|b| b.to_string()).unwrap_or_default(),
    );
    for y in yearly {
        put(&format!("yearly_{}", y.year), y.value.to_string());
    }
    put(
        "whole_period",
        whole_period.map(|w| w.to_string()).unwrap_or_default(),
    );
    match source {
        TargetSource::CaseRecords { indicator } => {
            put("source_kind", "case_records".into());
            put("indicator", indicator.clone());
        }
        TargetSource::Activities { measure, of } => {
            put("source_kind", "activities".into());
            put("measure", measure.code().to_owned());
            put("of", of.map(|o| o.to_string()).unwrap_or_default());
        }
        TargetSource::Manual { source, actuals } => {
            put("source_kind", "manual".into());
            put("manual_source", source.clone());
            for a in actuals {
                put(&format!("actual_{}", a.year), a.value.to_string());
            }
        }
    }
    v
}

/// The form entering a year's figure of a target kept by hand.
pub fn actual_form(
    page: &Page,
    plan: &PlanView,
    target: &crate::views::programme::plans::TargetView,
    open: Option<&FormState>,
) -> Markup {
    let lang = page.lang;
    let form = format!("actual-{}", target.id);
    let mine = open_of(open, &form);
    let this_year = chrono::Datelike::year(&crate::case_access::today());
    let years: Vec<(String, String)> = (plan.summary.first_year
        ..=plan.summary.last_year.min(this_year))
        .map(|y| (y.to_string(), y.to_string()))
        .collect();
    let c = Controls {
        lang,
        form: &form,
        open: mine,
    };
    html! {
        details open[mine.is_some()] {
            summary { (lang.t("target-enter-actual")) }
            form.card method="post" action={ "/plans/" (plan.summary.id) "/targets/" (target.id) "/actual" } {
                (hidden(page))
                input type="hidden" name="version" value=(target.version);
                (choice(c, "year", &lang.t("target-year"), true, &years))
                (text(c, "value", &lang.t("target-actual"), true, "number", ""))
                button type="submit" { (lang.t("target-enter-actual-save")) }
            }
        }
    }
}

/// The form adding a task, or (with `editing`) changing one as its plan's
/// issuer: everything about it, filled with what is recorded until it
/// comes back with errors.
pub fn task_form(
    page: &Page,
    plan: &PlanView,
    choices: &Choices,
    open: Option<&FormState>,
    editing: Option<&crate::views::programme::plans::TaskView>,
) -> Markup {
    let lang = page.lang;
    let form = editing.map_or_else(|| "task".to_owned(), |t| format!("task-{}", t.id));
    let form = form.as_str();
    let sent_back = open_of(open, form);
    let recorded = editing.map(|t| FormState {
        form: form.to_owned(),
        values: task_values(&t.task),
        violations: Vec::new(),
    });
    let mine = sent_back.or(recorded.as_ref());
    let agencies: Vec<(String, String)> = choices
        .agencies
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let statuses: Vec<(String, String)> = TaskStatus::ALL
        .into_iter()
        .map(|s| (s.code().to_owned(), super::task_status(lang, s)))
        .collect();
    let cooperating = mine
        .map(|o| o.all("cooperating_agency_ids"))
        .unwrap_or_default();
    let c = Controls {
        lang,
        form,
        open: mine,
    };
    let (action, summary_key, save_key) = match editing {
        Some(t) => (
            format!("/plans/{}/tasks/{}/edit", plan.summary.id, t.id),
            "task-edit",
            "task-edit-save",
        ),
        None => (
            format!("/plans/{}/tasks", plan.summary.id),
            "task-add",
            "task-add-save",
        ),
    };
    let body = html! {
            form.card id={ (form) "-form" } method="post" action=(action) {
                (hidden(page))
                @if let Some(t) = editing { input type="hidden" name="version" value=(t.version); }
                (text(c, "section", &lang.t("task-section"), false, "text", ""))
                (text(c, "title", &lang.t("task-title"), true, "text", ""))
                (choice(c, "lead_agency_id", &lang.t("task-lead"), true, &agencies))
                fieldset.checks {
                    legend { (lang.t("task-cooperating")) }
                    @if let Some(v) = sent_back.and_then(|o| o.error("cooperating_agency_ids")) { p.field-error { (violation_text_in(lang, v, Some("programme"))) } }
                    @for (id, name) in &agencies {
                        div.check {
                            input type="checkbox" id={ (form) "-cooperating-" (id) } name="cooperating_agency_ids" value=(id) checked[cooperating.contains(&id.as_str())];
                            label for={ (form) "-cooperating-" (id) } { (name) }
                        }
                    }
                }
                (text(c, "starts_on", &lang.t("task-starts-on"), true, "date", ""))
                (text(c, "ends_on", &lang.t("task-ends-on"), true, "date", ""))
                (choice(c, "status", &lang.t("task-status"), true, &statuses))
                (area_text(c, "status_reason", &lang.t("task-status-reason")))
                button type="submit" { (lang.t(save_key)) }
            }
    };
    let details_id = format!("{form}-details");
    wrapped(
        lang,
        editing.is_some(),
        &details_id,
        summary_key,
        sent_back.is_some(),
        body,
    )
}

/// A recorded task as its form's fields.
fn task_values(t: &TaskDraft) -> Values {
    let TaskDraft {
        section,
        title,
        lead_agency_id,
        cooperating_agency_ids,
        starts_on,
        ends_on,
        status,
        status_reason,
    } = t;
    let mut v: Values = vec![
        ("section".into(), section.clone()),
        ("title".into(), title.clone()),
        ("lead_agency_id".into(), lead_agency_id.to_string()),
        ("starts_on".into(), starts_on.to_string()),
        ("ends_on".into(), ends_on.to_string()),
        ("status".into(), status.code().to_owned()),
        ("status_reason".into(), status_reason.clone()),
    ];
    v.extend(
        cooperating_agency_ids
            .iter()
            .map(|a| ("cooperating_agency_ids".to_owned(), a.to_string())),
    );
    v
}

/// The form changing the plan itself: its number, date, title, years and
/// purpose (what it implements stays), filled with what is recorded.
fn plan_edit_form(page: &Page, plan: &PlanView, open: Option<&FormState>) -> Markup {
    let lang = page.lang;
    let form = "plan-edit";
    let sent_back = open_of(open, form);
    let s = &plan.summary;
    let recorded = FormState {
        form: form.to_owned(),
        values: vec![
            ("number".into(), s.number.clone()),
            ("issued_on".into(), s.issued_on.to_string()),
            ("title".into(), s.title.clone()),
            ("first_year".into(), s.first_year.to_string()),
            ("last_year".into(), s.last_year.to_string()),
            (
                "orientation_year".into(),
                s.orientation_year
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
            ),
            ("summary".into(), plan.purpose.clone()),
        ],
        violations: Vec::new(),
    };
    let mine = sent_back.or(Some(&recorded));
    html! {
        form.card #plan-edit-form method="post" action={ "/plans/" (s.id) } {
            (hidden(page))
            input type="hidden" name="version" value=(s.version);
            @if let Some(parent) = s.parent_plan_id { input type="hidden" name="parent_plan_id" value=(parent); }
            (plan_fields(lang, form, mine, None))
            (area_text(Controls { lang, form, open: mine }, "summary", &lang.t("plan-purpose")))
            button type="submit" { (lang.t("plan-edit-save")) }
        }
    }
}

fn code_of<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
