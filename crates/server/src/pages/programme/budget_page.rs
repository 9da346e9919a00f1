//! A plan's budget for one year: the execution table by funding source and
//! by kind of work (the support amounts on the area's cases counted as
//! spending), the estimates with their allocations and spending, and the
//! forms of the issuing agency's finance staff.

use super::super::admin::forms::{as_violations, value};
use super::super::context::Page;
use super::super::extract::{Path, Query};
use super::super::{error_page, layout, violation_text_in};
use super::form_kit::{
    area_text, choice, hidden, open_of, text, Controls, FormState, Reader, Values,
};
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::programme::budget::{
    self, BudgetEntryView, BudgetLineView, BudgetRowView, BudgetView,
};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_domain::ids::{BudgetLineId, PlanId};
use haven_domain::programme::{BudgetEntryDraft, BudgetKind, BudgetLineDraft, EntryKind};
use haven_domain::Violation;
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<YearQuery>,
) -> Response {
    // A year that is not a number is the plan's default year, not an error.
    let year = query.year.and_then(|y| y.trim().parse().ok());
    render(&state, &page, PlanId(id), year, None).await
}

pub fn kind_name(lang: Lang, kind: BudgetKind) -> String {
    match lang {
        Lang::Vi => kind.label_vi().to_owned(),
        Lang::En => kind.label_en().to_owned(),
    }
}

fn entry_kind_name(lang: Lang, kind: EntryKind) -> String {
    lang.t(match kind {
        EntryKind::Allocation => "budget-entry-allocation",
        EntryKind::Spending => "budget-entry-spending",
    })
}

async fn render(
    state: &AppState,
    page: &Page,
    id: PlanId,
    year: Option<i32>,
    open: Option<FormState>,
) -> Response {
    let view = match budget::read(state, &page.user, id, year).await {
        Ok(view) => view,
        Err(error) => return error_page(page, error),
    };
    let lang = page.lang;
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let title = lang.t_with(
        "budget-title",
        &[
            ("no", view.plan_number.clone().into()),
            ("year", view.year.into()),
        ],
    );
    let (sources, tasks) = choices(state, lang, id).await;
    let body = html! {
        @if let Some(open) = &open {
            div.error role="alert" #form-errors tabindex="-1" autofocus {
                p { (lang.t("form-has-errors")) }
                ul { @for v in &open.violations { li { (violation_text_in(lang, v, Some("programme"))) } } }
            }
        }
        p { a href={ "/plans/" (id) } { (lang.t("budget-back-to-plan")) } }
        nav aria-label=(lang.t("budget-years")) {
            ul.inline #budget-years {
                @for y in &view.years {
                    li {
                        @if *y == view.year { strong aria-current="page" { (y) } }
                        @else { a href={ "/plans/" (id) "/budget?year=" (y) } { (y) } }
                    }
                }
            }
        }
        p.hint { (lang.t("budget-case-support-hint")) }
        h2 { (lang.t("budget-by-source")) }
        (execution_table(lang, "budget-by-source", &view.by_source, &view.total))
        h2 { (lang.t("budget-by-kind")) }
        (execution_table(lang, "budget-by-kind", &view.by_kind, &view.total))
        section #budget-lines {
            h2 { (lang.t("budget-estimates")) }
            @if view.lines.is_empty() { p { (lang.t("budget-no-estimates")) } }
            @for line in &view.lines {
                (line_card(page, &view, line, open.as_ref()))
            }
            @if view.may_record { (line_form(page, &view, &sources, &tasks, open.as_ref(), None)) }
        }
    };
    (status, layout::page(page, &title, body)).into_response()
}

fn execution_table(lang: Lang, id: &str, rows: &[BudgetRowView], total: &BudgetRowView) -> Markup {
    let label = |r: &BudgetRowView| match lang {
        Lang::Vi => r.label_vi.clone(),
        Lang::En => r.label_en.clone(),
    };
    let row = |r: &BudgetRowView, strong: bool| {
        html! {
            tr.total[strong] {
                th scope="row" { (label(r)) }
                td data-label=(lang.t("budget-estimated")) { (lang.vnd(r.estimated)) }
                td data-label=(lang.t("budget-allocated")) { (lang.vnd(r.allocated)) }
                td data-label=(lang.t("budget-spent")) {
                    (lang.vnd(r.spent))
                    @if r.spent_on_cases > 0 {
                        br; span.hint { (lang.t_with("budget-of-which-cases", &[("total", lang.vnd(r.spent_on_cases).into())])) }
                    }
                }
                td data-label=(lang.t("budget-remaining")) { (lang.vnd(r.remaining)) }
                td data-label=(lang.t("budget-execution")) {
                    @match r.execution_percent {
                        Some(p) => { (lang.percent(p)) }
                        None => { "—" }
                    }
                }
            }
        }
    };
    html! {
        div.scroll tabindex="0" { table.figures.money id=(id) {
            thead { tr {
                th scope="col" { (lang.t(if id == "budget-by-source" { "budget-source" } else { "budget-kind" })) }
                th scope="col" { (lang.t("budget-estimated")) }
                th scope="col" { (lang.t("budget-allocated")) }
                th scope="col" { (lang.t("budget-spent")) }
                th scope="col" { (lang.t("budget-remaining")) }
                th scope="col" { (lang.t("budget-execution")) }
            } }
            tbody {
                @if rows.is_empty() { tr { td colspan="6" { (lang.t("budget-nothing-yet")) } } }
                @for r in rows { (row(r, false)) }
            }
            tfoot { (row(total, true)) }
        } }
    }
}

/// The funding sources and the plan's tasks, as the forms offer them.
pub(super) async fn choices(
    state: &AppState,
    lang: Lang,
    id: PlanId,
) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let sources: Vec<(String, String)> = state
        .store
        .code_list("funding_source")
        .await
        .or_shown("funding sources")
        .into_iter()
        .map(|item| {
            let label = match lang {
                Lang::Vi => item.label_vi,
                Lang::En => item.label_en,
            };
            (item.code, label)
        })
        .collect();
    let tasks: Vec<(String, String)> = state
        .store
        .programme()
        .tasks_of(id)
        .await
        .or_shown("plan tasks")
        .into_iter()
        .map(|t| (t.id.to_string(), t.task.title))
        .collect();
    (sources, tasks)
}

fn line_card(
    page: &Page,
    view: &BudgetView,
    line: &BudgetLineView,
    open: Option<&FormState>,
) -> Markup {
    let lang = page.lang;
    let l = &line.line;
    let source = match lang {
        Lang::Vi => &line.funding_source_vi,
        Lang::En => &line.funding_source_en,
    };
    html! {
        section.card id={ "line-" (line.id) } {
            h3 { (kind_name(lang, l.kind)) " — " (source) }
            dl {
                @if !l.donor.is_empty() { dt { (lang.t("budget-donor")) } dd { (l.donor) } }
                @if let Some(task) = &line.task_title { dt { (lang.t("budget-task")) } dd { (task) } }
                dt { (lang.t("budget-estimated")) } dd { (lang.vnd(l.estimate_vnd)) }
                dt { (lang.t("budget-allocated")) } dd { (lang.vnd(line.allocated)) }
                dt { (lang.t("budget-spent")) } dd { (lang.vnd(line.spent)) }
                @if !l.note.is_empty() { dt { (lang.t("budget-note")) } dd { (l.note) } }
            }
            @if view.may_record { p { a href={ "/plans/" (view.plan_id) "/budget/lines/" (line.id) "/edit" } { (lang.t("budget-line-edit")) } } }
            @if !line.entries.is_empty() {
                div.scroll tabindex="0" { table.figures {
                    thead { tr {
                        th scope="col" { (lang.t("budget-entry-on")) }
                        th scope="col" { (lang.t("budget-entry-kind")) }
                        th scope="col" { (lang.t("budget-entry-amount")) }
                        th scope="col" { (lang.t("budget-entry-purpose")) }
                        th scope="col" { (lang.t("budget-entry-document")) }
                    } }
                    tbody {
                        @for e in &line.entries {
                            tr {
                                td data-label=(lang.t("budget-entry-on")) { (lang.date(e.entry.on)) }
                                td data-label=(lang.t("budget-entry-kind")) { (entry_kind_name(lang, e.entry.kind)) }
                                td data-label=(lang.t("budget-entry-amount")) { (lang.vnd(e.entry.amount_vnd)) }
                                td data-label=(lang.t("budget-entry-purpose")) { (e.entry.purpose) }
                                td data-label=(lang.t("budget-entry-document")) {
                                    (e.entry.document)
                                    @if view.may_record { " " a href={ "/plans/" (view.plan_id) "/budget/entries/" (e.id) "/edit" } { (lang.t("budget-entry-edit")) } }
                                }
                            }
                        }
                    }
                } }
            }
            @if view.may_record { (entry_form(page, view, line, open, None)) }
        }
    }
}

/// The form recording an allocation or spending against an estimate, or
/// (with `editing`) correcting one, filled with what is recorded.
pub(super) fn entry_form(
    page: &Page,
    view: &BudgetView,
    line: &BudgetLineView,
    open: Option<&FormState>,
    editing: Option<&BudgetEntryView>,
) -> Markup {
    let lang = page.lang;
    let form = editing.map_or_else(
        || format!("entry-{}", line.id),
        |e| format!("entry-edit-{}", e.id),
    );
    let sent_back = open_of(open, &form);
    let recorded = editing.map(|e| FormState {
        form: form.clone(),
        values: entry_values(&e.entry),
        violations: Vec::new(),
    });
    let mine = sent_back.or(recorded.as_ref());
    let c = Controls {
        lang,
        form: &form,
        open: mine,
    };
    let kinds: Vec<(String, String)> = EntryKind::ALL
        .into_iter()
        .map(|k| (k.code().to_owned(), entry_kind_name(lang, k)))
        .collect();
    let (form_id, action) = match editing {
        Some(e) => (
            format!("{form}-form"),
            format!("/plans/{}/budget/entries/{}/edit", view.plan_id, e.id),
        ),
        None => (
            format!("entry-form-{}", line.id),
            format!(
                "/plans/{}/budget/lines/{}/entries?year={}",
                view.plan_id, line.id, view.year
            ),
        ),
    };
    let body = html! {
        form.card id=(form_id) method="post" action=(action) {
            (hidden(page))
            @if let Some(e) = editing { input type="hidden" name="version" value=(e.version); }
            (choice(c, "kind", &lang.t("budget-entry-kind"), true, &kinds))
            (text(c, "on", &lang.t("budget-entry-on"), true, "date", ""))
            (text(c, "amount_vnd", &lang.t("budget-entry-amount"), true, "number", ""))
            (text(c, "purpose", &lang.t("budget-entry-purpose"), false, "text", ""))
            (text(c, "document", &lang.t("budget-entry-document"), false, "text", ""))
            button type="submit" { (lang.t(if editing.is_some() { "budget-entry-edit-save" } else { "budget-entry-save" })) }
        }
    };
    html! {
        @if editing.is_some() { (body) }
        @else {
            details open[sent_back.is_some()] {
                summary { (lang.t("budget-entry-add")) }
                (body)
            }
        }
    }
}

/// The form adding an estimate for the year, or (with `editing`)
/// correcting one, filled with what is recorded.
pub(super) fn line_form(
    page: &Page,
    view: &BudgetView,
    sources: &[(String, String)],
    tasks: &[(String, String)],
    open: Option<&FormState>,
    editing: Option<&BudgetLineView>,
) -> Markup {
    let lang = page.lang;
    let form = editing.map_or_else(|| "line".to_owned(), |l| format!("line-{}", l.id));
    let sent_back = open_of(open, &form);
    let recorded = editing.map(|l| FormState {
        form: form.clone(),
        values: line_values(&l.line),
        violations: Vec::new(),
    });
    let mine = sent_back.or(recorded.as_ref());
    let c = Controls {
        lang,
        form: &form,
        open: mine,
    };
    let kinds: Vec<(String, String)> = BudgetKind::ALL
        .into_iter()
        .map(|k| (k.code().to_owned(), kind_name(lang, k)))
        .collect();
    let action = match editing {
        Some(l) => format!("/plans/{}/budget/lines/{}/edit", view.plan_id, l.id),
        None => format!("/plans/{}/budget/lines?year={}", view.plan_id, view.year),
    };
    let body = html! {
        form.card id={ (form) "-form" } method="post" action=(action) {
            (hidden(page))
            @if let Some(l) = editing { input type="hidden" name="version" value=(l.version); }
            input type="hidden" name="year" value=(editing.map_or(view.year, |l| l.line.year));
            (choice(c, "kind", &lang.t("budget-kind"), true, &kinds))
            (choice(c, "funding_source", &lang.t("budget-source"), true, sources))
            (text(c, "donor", &lang.t("budget-donor"), false, "text", ""))
            (choice(c, "task_id", &lang.t("budget-task"), false, tasks))
            (text(c, "estimate_vnd", &lang.t("budget-estimated"), true, "number", ""))
            (area_text(c, "note", &lang.t("budget-note")))
            button type="submit" { (lang.t(if editing.is_some() { "budget-line-edit-save" } else { "budget-line-save" })) }
        }
    };
    html! {
        @if editing.is_some() { (body) }
        @else {
            details open[sent_back.is_some()] {
                summary { (lang.t_with("budget-line-add", &[("year", view.year.into())])) }
                (body)
            }
        }
    }
}

fn line_values(l: &BudgetLineDraft) -> Values {
    let BudgetLineDraft {
        year,
        kind,
        funding_source,
        donor,
        task_id,
        estimate_vnd,
        note,
    } = l;
    vec![
        ("year".into(), year.to_string()),
        ("kind".into(), kind.code().to_owned()),
        ("funding_source".into(), funding_source.clone()),
        ("donor".into(), donor.clone()),
        (
            "task_id".into(),
            task_id.map(|t| t.to_string()).unwrap_or_default(),
        ),
        ("estimate_vnd".into(), estimate_vnd.to_string()),
        ("note".into(), note.clone()),
    ]
}

fn entry_values(e: &BudgetEntryDraft) -> Values {
    let BudgetEntryDraft {
        kind,
        on,
        amount_vnd,
        purpose,
        document,
    } = e;
    vec![
        ("kind".into(), kind.code().to_owned()),
        ("on".into(), on.to_string()),
        ("amount_vnd".into(), amount_vnd.to_string()),
        ("purpose".into(), purpose.clone()),
        ("document".into(), document.clone()),
    ]
}

pub(super) fn to_budget(id: PlanId, year: i32, anchor: &str) -> Response {
    Redirect::to(&format!("/plans/{id}/budget?year={year}#{anchor}")).into_response()
}

async fn back_with(
    state: &AppState,
    page: &Page,
    id: PlanId,
    year: Option<i32>,
    form: &str,
    values: Values,
    violations: Vec<Violation>,
) -> Response {
    render(
        state,
        page,
        id,
        year,
        Some(FormState {
            form: form.to_owned(),
            values,
            violations,
        }),
    )
    .await
}

pub(super) fn line_draft(values: &Values) -> Result<BudgetLineDraft, Vec<Violation>> {
    let mut r = Reader::new(values);
    let kind = BudgetKind::from_code(value(values, "kind"));
    if kind.is_none() {
        r.violations.push(Violation::required("kind"));
    }
    let draft = BudgetLineDraft {
        year: r.year("year"),
        kind: kind.unwrap_or(BudgetKind::Other),
        funding_source: r.text("funding_source"),
        donor: r.text("donor"),
        task_id: value(values, "task_id")
            .parse()
            .ok()
            .map(haven_domain::ids::TaskId),
        estimate_vnd: r.number("estimate_vnd"),
        note: r.text("note"),
    };
    let checked = draft.check();
    r.merge(checked).map(|()| draft)
}

pub(super) fn entry_draft(values: &Values, year: i32) -> Result<BudgetEntryDraft, Vec<Violation>> {
    let mut r = Reader::new(values);
    let kind = EntryKind::from_code(value(values, "kind"));
    if kind.is_none() {
        r.violations.push(Violation::required("kind"));
    }
    let draft = BudgetEntryDraft {
        kind: kind.unwrap_or(EntryKind::Allocation),
        on: r.date("on"),
        amount_vnd: r.number("amount_vnd"),
        purpose: r.text("purpose"),
        document: r.text("document"),
    };
    let checked = draft.check(year, crate::case_access::today());
    r.merge(checked).map(|()| draft)
}

pub async fn add_line(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let id = PlanId(id);
    let year = value(&values, "year").parse().ok();
    let draft = match line_draft(&values) {
        Ok(draft) => draft,
        Err(violations) => {
            return back_with(&state, &page, id, year, "line", values, violations).await
        }
    };
    match budget::add_line(&state, &page.user, id, &draft).await {
        Ok(line) => to_budget(id, draft.year, &format!("line-{}", line.id)),
        Err(error) => match as_violations(error) {
            Ok(violations) => back_with(&state, &page, id, year, "line", values, violations).await,
            Err(error) => error_page(&page, error),
        },
    }
}

pub async fn record_entry(
    State(state): State<AppState>,
    page: Page,
    Path((id, line_id)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let (id, line_id) = (PlanId(id), BudgetLineId(line_id));
    let form = format!("entry-{line_id}");
    // The estimate's year checks the date, and the page comes back to it.
    let line = match state.store.programme().budget_line(line_id).await {
        Ok(Some(line)) if line.plan_id == id => line,
        Ok(Some(_) | None) => return error_page(&page, crate::error::ApiError::not_found()),
        Err(error) => return error_page(&page, error.into()),
    };
    let year = Some(line.line.year);
    let draft = match entry_draft(&values, line.line.year) {
        Ok(draft) => draft,
        Err(violations) => {
            return back_with(&state, &page, id, year, &form, values, violations).await
        }
    };
    match budget::record_entry(&state, &page.user, id, line_id, &draft).await {
        Ok(_) => to_budget(id, line.line.year, &format!("line-{line_id}")),
        Err(error) => match as_violations(error) {
            Ok(violations) => back_with(&state, &page, id, year, &form, values, violations).await,
            Err(error) => error_page(&page, error),
        },
    }
}

/// The plan page's summary of this year's budget, with the way to the page.
pub fn summary(lang: Lang, plan: PlanId, view: Option<&BudgetView>) -> Markup {
    html! {
        section #budget {
            h2 { (lang.t("budget-heading")) }
            @if let Some(view) = view {
                p {
                    (lang.t_with("budget-summary", &[
                        ("year", view.year.into()),
                        ("spent", lang.vnd(view.total.spent).into()),
                        ("allocated", lang.vnd(view.total.allocated).into()),
                    ]))
                    @if let Some(p) = view.total.execution_percent { " (" (lang.percent(p)) ")" }
                }
            }
            p { a href={ "/plans/" (plan) "/budget" } { (lang.t("budget-open")) } }
        }
    }
}

/// The plan's budget for the plan page, when it may be read.
pub async fn summary_of(state: &AppState, page: &Page, plan: PlanId) -> Option<BudgetView> {
    budget::read(state, &page.user, plan, None)
        .await
        .map_err(|e| tracing::warn!(status = %e.status, "the plan page's budget could not be read"))
        .ok()
}
