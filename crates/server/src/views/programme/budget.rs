//! A plan's budget as users see it: a year's execution table (estimated,
//! allocated, spent, remaining by funding source and by kind of work, the
//! support amounts on the area's cases counted as spending), the estimates
//! with their allocations and spending, and the writes, each asked of the
//! policy first (the issuing agency's finance staff).

use super::plans::{author, found};
use super::{allows, require};
use crate::case_access::today;
use crate::error::ApiError;
use crate::AppState;
use chrono::Datelike;
use haven_access::ProgrammeAction;
use haven_domain::ids::{BudgetEntryId, BudgetLineId, PlanId};
use haven_domain::programme::{BudgetEntryDraft, BudgetLineDraft};
use haven_report::compute::Area;
use haven_report::period::Period;
use haven_report::programme_budget::{budget_table, line_totals, BudgetRow, BudgetSpan};
use haven_report::programme_report::Names;
use haven_store::programme::{BudgetEntryRecord, BudgetLineRecord, PlanRecord};
use haven_store::UserAccount;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// One row of the execution table, in đồng.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetRowView {
    /// A funding source's code (`unrecorded`: support on cases whose
    /// source was not recorded), a kind's code, or `total`.
    pub code: String,
    pub label_vi: String,
    pub label_en: String,
    pub estimated: i64,
    pub allocated: i64,
    /// Recorded against estimates, and on cases.
    pub spent: i64,
    /// Of which the support amounts recorded on the area's cases.
    pub spent_on_cases: i64,
    pub remaining: i64,
    /// Spent ÷ allocated, in percent; absent with nothing allocated.
    pub execution_percent: Option<f64>,
}

impl From<BudgetRow> for BudgetRowView {
    fn from(row: BudgetRow) -> Self {
        let BudgetRow {
            code,
            label_vi,
            label_en,
            estimated,
            allocated,
            spent,
            spent_on_cases,
            remaining,
            execution_percent,
        } = row;
        BudgetRowView {
            code,
            label_vi,
            label_en,
            estimated,
            allocated,
            spent,
            spent_on_cases,
            remaining,
            execution_percent,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetEntryView {
    pub id: BudgetEntryId,
    pub line_id: BudgetLineId,
    pub version: i64,
    #[serde(flatten)]
    pub entry: BudgetEntryDraft,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetLineView {
    pub id: BudgetLineId,
    pub version: i64,
    #[serde(flatten)]
    pub line: BudgetLineDraft,
    /// The funding source's name, in Vietnamese and English.
    pub funding_source_vi: String,
    pub funding_source_en: String,
    /// The task's title, when the estimate is for one.
    pub task_title: Option<String>,
    pub allocated: i64,
    pub spent: i64,
    /// Its allocations and spending, in the order they happened.
    pub entries: Vec<BudgetEntryView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetView {
    pub plan_id: PlanId,
    pub plan_number: String,
    pub year: i32,
    /// The plan's years, to choose among.
    pub years: Vec<i32>,
    pub by_source: Vec<BudgetRowView>,
    pub by_kind: Vec<BudgetRowView>,
    pub total: BudgetRowView,
    pub lines: Vec<BudgetLineView>,
    /// The caller may record estimates, allocations and spending.
    pub may_record: bool,
}

/// The year to show: the one asked for, else this year within the plan,
/// else the plan's first.
pub fn year_of(plan: &PlanRecord, asked: Option<i32>) -> Result<i32, ApiError> {
    let years = plan.plan.years();
    match asked {
        Some(year) if years.contains(year) => Ok(year),
        Some(_) => Err(ApiError::invalid(haven_domain::Violations(vec![
            haven_domain::Violation::new(
                "year",
                "in_plan_years",
                format!(
                    "Năm phải trong thời gian của kế hoạch ({}–{}).",
                    years.first, years.last
                ),
                format!(
                    "The year must be one of the plan's ({}–{}).",
                    years.first, years.last
                ),
            ),
        ]))),
        None => {
            let this_year = today().year();
            Ok(if years.contains(this_year) {
                this_year
            } else {
                years.first
            })
        }
    }
}

async fn source_names(state: &AppState) -> Result<Names, ApiError> {
    let mut names = Names::new();
    for item in state.store.code_list("funding_source").await? {
        names.insert(
            format!("funding_source:{}", item.code),
            (item.label_vi, item.label_en),
        );
    }
    Ok(names)
}

/// The plan's budget for one of its years.
pub async fn read(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
    year: Option<i32>,
) -> Result<BudgetView, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let plan = found(state, id).await?;
    let year = year_of(&plan, year)?;
    let programme = state.store.programme();
    let lines = programme.budget_lines(id, Some(year)).await?;
    let entries = programme.budget_entries(id).await?;
    let area = Area::parse(&plan.area_code);
    let in_area: Vec<_> =
        haven_report::source::facts_in(&state.store, &area, Period::Year { year })
            .await?
            .into_iter()
            .filter(|f| area.holds(f))
            .collect();
    let names = source_names(state).await?;
    let table = budget_table(
        BudgetSpan {
            period: Period::Year { year },
        },
        &lines,
        &entries,
        &in_area,
        &names,
    );
    let totals = line_totals(&entries);
    let mut by_line: HashMap<BudgetLineId, Vec<BudgetEntryView>> = HashMap::new();
    for e in entries {
        by_line.entry(e.line_id).or_default().push(entry_view(e));
    }
    let tasks: HashMap<_, _> = programme
        .tasks_of(id)
        .await?
        .into_iter()
        .map(|t| (t.id, t.task.title))
        .collect();
    let lines = lines
        .into_iter()
        .map(|l| {
            let sum = totals.get(&l.id).copied().unwrap_or_default();
            let (vi, en) = names
                .get(&format!("funding_source:{}", l.line.funding_source))
                .cloned()
                .unwrap_or_default();
            BudgetLineView {
                id: l.id,
                version: l.version,
                task_title: l.line.task_id.and_then(|t| tasks.get(&t).cloned()),
                funding_source_vi: vi,
                funding_source_en: en,
                allocated: sum.allocated,
                spent: sum.spent,
                entries: by_line.remove(&l.id).unwrap_or_default(),
                line: l.line,
            }
        })
        .collect();
    let years = plan.plan.years();
    Ok(BudgetView {
        plan_id: id,
        plan_number: plan.plan.number.clone(),
        year,
        years: (years.first..=years.last).collect(),
        by_source: table.by_source.into_iter().map(Into::into).collect(),
        by_kind: table.by_kind.into_iter().map(Into::into).collect(),
        total: table.total.into(),
        lines,
        may_record: allows(
            state,
            user,
            ProgrammeAction::RecordBudget {
                issuer: plan.issuer_agency_id,
            },
        ),
    })
}

fn entry_view(e: BudgetEntryRecord) -> BudgetEntryView {
    BudgetEntryView {
        id: e.id,
        line_id: e.line_id,
        version: e.version,
        entry: e.entry,
    }
}

fn line_view(l: BudgetLineRecord) -> BudgetLineView {
    BudgetLineView {
        id: l.id,
        version: l.version,
        funding_source_vi: String::new(),
        funding_source_en: String::new(),
        task_title: None,
        allocated: 0,
        spent: 0,
        entries: Vec::new(),
        line: l.line,
    }
}

async fn recordable(state: &AppState, user: &UserAccount, id: PlanId) -> Result<(), ApiError> {
    let plan = found(state, id).await?;
    require(
        state,
        user,
        ProgrammeAction::RecordBudget {
            issuer: plan.issuer_agency_id,
        },
    )
}

/// The line, if it is one of the plan's: another plan's is not found here.
async fn line_of(
    state: &AppState,
    plan: PlanId,
    line: BudgetLineId,
) -> Result<BudgetLineRecord, ApiError> {
    state
        .store
        .programme()
        .budget_line(line)
        .await?
        .filter(|l| l.plan_id == plan)
        .ok_or_else(ApiError::not_found)
}

pub async fn add_line(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
    draft: &BudgetLineDraft,
) -> Result<BudgetLineView, ApiError> {
    recordable(state, user, id).await?;
    let created = state
        .store
        .programme()
        .add_budget_line(author(user), id, draft)
        .await?;
    Ok(line_view(created))
}

pub async fn change_line(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
    line: BudgetLineId,
    version: i64,
    draft: &BudgetLineDraft,
) -> Result<BudgetLineView, ApiError> {
    recordable(state, user, id).await?;
    line_of(state, id, line).await?;
    let changed = state
        .store
        .programme()
        .update_budget_line(author(user), line, version, draft)
        .await?;
    Ok(line_view(changed))
}

pub async fn record_entry(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
    line: BudgetLineId,
    draft: &BudgetEntryDraft,
) -> Result<BudgetEntryView, ApiError> {
    recordable(state, user, id).await?;
    line_of(state, id, line).await?;
    let created = state
        .store
        .programme()
        .record_budget_entry(author(user), line, draft, today())
        .await?;
    Ok(entry_view(created))
}

pub async fn change_entry(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
    entry: BudgetEntryId,
    version: i64,
    draft: &BudgetEntryDraft,
) -> Result<BudgetEntryView, ApiError> {
    recordable(state, user, id).await?;
    let current = state
        .store
        .programme()
        .budget_entry(entry)
        .await?
        .filter(|e| e.plan_id == id)
        .ok_or_else(ApiError::not_found)?;
    let changed = state
        .store
        .programme()
        .update_budget_entry(author(user), current.id, version, draft, today())
        .await?;
    Ok(entry_view(changed))
}
