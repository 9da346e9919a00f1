//! Correcting an estimate or an allocation/spending entry of a plan's
//! budget, each on its own page: the form filled with what is recorded, on
//! the version seen; refused as stale, it shows what is saved now with what
//! was typed beside it. The issuing agency's finance staff only.

use super::super::admin::forms::{as_violations, value};
use super::super::context::Page;
use super::super::extract::Path;
use super::super::{error_page, layout};
use super::budget_page::{choices, entry_draft, entry_form, line_draft, line_form, to_budget};
use super::form_kit::{error_summary, split_conflict, unsaved_text, FormState, Values};
use crate::error::ApiError;
use crate::views::programme::budget;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use haven_domain::ids::{BudgetEntryId, BudgetLineId, PlanId};
use haven_domain::Violation;
use maud::html;

/// What the page corrects.
#[derive(Debug, Clone, Copy)]
enum Correcting {
    Line(BudgetLineId),
    Entry(BudgetEntryId),
}

impl Correcting {
    fn form(self) -> String {
        match self {
            Correcting::Line(id) => format!("line-{id}"),
            Correcting::Entry(id) => format!("entry-edit-{id}"),
        }
    }
}

/// The year the record belongs to, so the page reads that year's budget.
async fn year_of(state: &AppState, plan: PlanId, what: Correcting) -> Result<i32, ApiError> {
    let programme = state.store.programme();
    let line = match what {
        Correcting::Line(line) => line,
        Correcting::Entry(entry) => {
            programme
                .budget_entry(entry)
                .await?
                .filter(|e| e.plan_id == plan)
                .ok_or_else(ApiError::not_found)?
                .line_id
        }
    };
    Ok(programme
        .budget_line(line)
        .await?
        .filter(|l| l.plan_id == plan)
        .ok_or_else(ApiError::not_found)?
        .line
        .year)
}

async fn render(
    state: &AppState,
    page: &Page,
    plan: PlanId,
    what: Correcting,
    open: Option<FormState>,
) -> Response {
    let lang = page.lang;
    let year = match year_of(state, plan, what).await {
        Ok(year) => year,
        Err(error) => return error_page(page, error),
    };
    let view = match budget::read(state, &page.user, plan, Some(year)).await {
        Ok(view) => view,
        Err(error) => return error_page(page, error),
    };
    if !view.may_record {
        return error_page(page, ApiError::forbidden());
    }
    let (in_form, unsaved) = split_conflict(open.as_ref());
    let (title, form) = match what {
        Correcting::Line(id) => {
            let Some(line) = view.lines.iter().find(|l| l.id == id) else {
                return error_page(page, ApiError::not_found());
            };
            let (sources, tasks) = choices(state, lang, plan).await;
            (
                lang.t("budget-line-edit"),
                line_form(page, &view, &sources, &tasks, in_form, Some(line)),
            )
        }
        Correcting::Entry(id) => {
            let found = view
                .lines
                .iter()
                .find_map(|l| l.entries.iter().find(|e| e.id == id).map(|e| (l, e)));
            let Some((line, entry)) = found else {
                return error_page(page, ApiError::not_found());
            };
            (
                lang.t("budget-entry-edit"),
                entry_form(page, &view, line, in_form, Some(entry)),
            )
        }
    };
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let body = html! {
        (error_summary(lang, open.as_ref()))
        p { a href={ "/plans/" (plan) "/budget?year=" (year) } { (view.plan_number) " · " (year) } }
        (unsaved_text(lang, unsaved))
        (form)
    };
    (status, layout::page(page, &title, body)).into_response()
}

async fn back(
    state: &AppState,
    page: &Page,
    plan: PlanId,
    what: Correcting,
    values: Values,
    violations: Vec<Violation>,
) -> Response {
    let open = FormState {
        form: what.form(),
        values,
        violations,
    };
    render(state, page, plan, what, Some(open)).await
}

/// After a save: back to the budget's year at the estimate, or the page
/// again with what is wrong.
async fn after_save(
    state: &AppState,
    page: &Page,
    plan: PlanId,
    what: Correcting,
    values: Values,
    saved: Result<(i32, String), ApiError>,
) -> Response {
    match saved {
        Ok((year, anchor)) => to_budget(plan, year, &anchor),
        Err(error) => match as_violations(error) {
            Ok(violations) => back(state, page, plan, what, values, violations).await,
            Err(error) => error_page(page, error),
        },
    }
}

pub async fn line_page(
    State(state): State<AppState>,
    page: Page,
    Path((plan, line)): Path<(i64, i64)>,
) -> Response {
    render(
        &state,
        &page,
        PlanId(plan),
        Correcting::Line(BudgetLineId(line)),
        None,
    )
    .await
}

pub async fn entry_page(
    State(state): State<AppState>,
    page: Page,
    Path((plan, entry)): Path<(i64, i64)>,
) -> Response {
    render(
        &state,
        &page,
        PlanId(plan),
        Correcting::Entry(BudgetEntryId(entry)),
        None,
    )
    .await
}

pub async fn change_line(
    State(state): State<AppState>,
    page: Page,
    Path((plan, line)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let (plan, line) = (PlanId(plan), BudgetLineId(line));
    let what = Correcting::Line(line);
    let draft = match line_draft(&values) {
        Ok(draft) => draft,
        Err(violations) => return back(&state, &page, plan, what, values, violations).await,
    };
    let version = value(&values, "version").parse().unwrap_or(0);
    let saved = budget::change_line(&state, &page.user, plan, line, version, &draft).await;
    let to = saved.map(|changed| (changed.line.year, format!("line-{line}")));
    after_save(&state, &page, plan, what, values, to).await
}

pub async fn change_entry(
    State(state): State<AppState>,
    page: Page,
    Path((plan, entry)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let (plan, entry) = (PlanId(plan), BudgetEntryId(entry));
    let what = Correcting::Entry(entry);
    let year = match year_of(&state, plan, what).await {
        Ok(year) => year,
        Err(error) => return error_page(&page, error),
    };
    let draft = match entry_draft(&values, year) {
        Ok(draft) => draft,
        Err(violations) => return back(&state, &page, plan, what, values, violations).await,
    };
    let version = value(&values, "version").parse().unwrap_or(0);
    let saved = budget::change_entry(&state, &page.user, plan, entry, version, &draft).await;
    let to = saved.map(|changed| (year, format!("line-{}", changed.line_id)));
    after_save(&state, &page, plan, what, values, to).await
}
