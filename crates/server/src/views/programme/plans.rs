//! Plans: the list, one plan with its targets' progress and its tasks, and
//! the writes (issue, change, copy down, targets, tasks), each asked of the
//! policy first.

use super::{agencies, agency_ref, allows, require, AgencyRef, ChangeView};
use crate::case_access::today;
use crate::error::ApiError;
use crate::AppState;
use axum::http::StatusCode;
use chrono::NaiveDate;
use haven_access::{reporting_area, ProgrammeAction};
use haven_domain::ids::{AgencyId, PlanId, TargetId, TaskId};
use haven_domain::programme::{PlanDraft, TargetDraft, TargetSource, TaskDraft, TaskStanding};
use haven_domain::{Violation, Violations};
use haven_report::compute::Area;
use haven_report::programme::{progress, Inputs, TargetProgress};
use haven_store::programme::{ActivityFilter, Author, PlanRecord, TargetRecord, TaskRecord};
use haven_store::UserAccount;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanSummary {
    pub id: PlanId,
    pub number: String,
    pub issued_on: NaiveDate,
    pub title: String,
    pub first_year: i32,
    pub last_year: i32,
    pub orientation_year: Option<i32>,
    /// The issuer's area: `VN`, a province `01`, a commune `01/00070`.
    pub area_code: String,
    pub issuer: AgencyRef,
    pub parent_plan_id: Option<PlanId>,
    pub version: i64,
}

/// Another plan, named.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanRef {
    pub id: PlanId,
    pub number: String,
    pub title: String,
    pub area_code: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanView {
    #[serde(flatten)]
    pub summary: PlanSummary,
    /// What the plan is for.
    pub purpose: String,
    pub parent: Option<PlanRef>,
    pub copied_from: Option<PlanRef>,
    /// The plans that implement this one.
    pub children: Vec<PlanRef>,
    pub targets: Vec<TargetView>,
    /// Late ones first, then in progress, not started, done, dropped.
    pub tasks: Vec<TaskView>,
    /// Activities recorded against the plan's tasks.
    pub activities_recorded: u64,
    pub may_edit: bool,
    /// The caller may start their own agency's plan from this one.
    pub may_copy: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TargetView {
    pub id: TargetId,
    pub version: i64,
    #[serde(flatten)]
    pub target: TargetDraft,
    /// Actual values per year and for the whole plan, against the target.
    #[schema(value_type = Object)]
    pub progress: TargetProgress,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaskView {
    pub id: TaskId,
    pub plan_id: PlanId,
    pub version: i64,
    #[serde(flatten)]
    pub task: TaskDraft,
    /// The status shown: `late` when past its end and neither done nor dropped.
    pub standing: TaskStanding,
    pub lead_agency: AgencyRef,
    pub cooperating_agencies: Vec<AgencyRef>,
    pub activities_recorded: u64,
    /// The caller may change the task or record its progress.
    pub may_update: bool,
}

fn summary(record: &PlanRecord, issuer: AgencyRef) -> PlanSummary {
    PlanSummary {
        id: record.id,
        number: record.plan.number.clone(),
        issued_on: record.plan.issued_on,
        title: record.plan.title.clone(),
        first_year: record.plan.first_year,
        last_year: record.plan.last_year,
        orientation_year: record.plan.orientation_year,
        area_code: record.area_code.clone(),
        issuer,
        parent_plan_id: record.plan.parent_plan_id,
        version: record.version,
    }
}

fn plan_ref(record: &PlanRecord) -> PlanRef {
    PlanRef {
        id: record.id,
        number: record.plan.number.clone(),
        title: record.plan.title.clone(),
        area_code: record.area_code.clone(),
    }
}

/// Every plan, for whoever reads the programme.
pub async fn list(state: &AppState, user: &UserAccount) -> Result<Vec<PlanSummary>, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let plans = state.store.programme().plans().await?;
    let ids = plans.iter().map(|p| p.issuer_agency_id).collect();
    let names = agencies(state, ids).await?;
    Ok(plans
        .iter()
        .map(|p| summary(p, agency_ref(&names, p.issuer_agency_id)))
        .collect())
}

async fn found(state: &AppState, id: PlanId) -> Result<PlanRecord, ApiError> {
    state
        .store
        .programme()
        .plan(id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// One plan with its targets' progress, computed now, and its tasks.
pub async fn read(state: &AppState, user: &UserAccount, id: PlanId) -> Result<PlanView, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let record = found(state, id).await?;
    let programme = state.store.programme();
    let targets = programme.targets_of(id).await?;
    let tasks = programme.tasks_of(id).await?;
    let parent = match record.plan.parent_plan_id {
        Some(parent) => programme.plan(parent).await?.as_ref().map(plan_ref),
        None => None,
    };
    let copied_from = match record.copied_from {
        Some(source) => programme.plan(source).await?.as_ref().map(plan_ref),
        None => None,
    };
    let children = programme
        .child_plans(id)
        .await?
        .iter()
        .map(plan_ref)
        .collect();
    let mut ids = vec![record.issuer_agency_id];
    for task in &tasks {
        ids.push(task.task.lead_agency_id);
        ids.extend(task.task.cooperating_agency_ids.iter().copied());
    }
    let names = agencies(state, ids).await?;
    let targets = progress_of(state, &record, targets).await?;
    let mut task_views = Vec::with_capacity(tasks.len());
    let mut activities_recorded = 0;
    let today = today();
    for task in tasks {
        let (count, _) = programme
            .activities(
                &ActivityFilter {
                    task_id: Some(task.id),
                    ..ActivityFilter::default()
                },
                0,
                0,
            )
            .await?;
        activities_recorded += count;
        task_views.push(task_view(state, user, &record, task, &names, count, today));
    }
    task_views.sort_by_key(|t| (t.standing, t.task.ends_on));
    Ok(PlanView {
        summary: summary(&record, agency_ref(&names, record.issuer_agency_id)),
        purpose: record.plan.summary.clone(),
        parent,
        copied_from,
        children,
        targets,
        tasks: task_views,
        activities_recorded,
        may_edit: allows(
            state,
            user,
            ProgrammeAction::EditPlan {
                issuer: record.issuer_agency_id,
            },
        ),
        may_copy: allows(state, user, ProgrammeAction::CreatePlan)
            && AgencyId(user.agency_id) != record.issuer_agency_id,
    })
}

fn task_view(
    state: &AppState,
    user: &UserAccount,
    plan: &PlanRecord,
    task: TaskRecord,
    names: &std::collections::HashMap<AgencyId, AgencyRef>,
    activities_recorded: u64,
    today: NaiveDate,
) -> TaskView {
    TaskView {
        id: task.id,
        plan_id: task.plan_id,
        version: task.version,
        standing: task.task.standing(today),
        lead_agency: agency_ref(names, task.task.lead_agency_id),
        cooperating_agencies: task
            .task
            .cooperating_agency_ids
            .iter()
            .map(|a| agency_ref(names, *a))
            .collect(),
        activities_recorded,
        may_update: allows(
            state,
            user,
            ProgrammeAction::UpdateTask {
                issuer: plan.issuer_agency_id,
                lead: task.task.lead_agency_id,
            },
        ),
        task: task.task,
    }
}

/// Each target's progress over the plan's area, from the records now.
pub(crate) async fn progress_of(
    state: &AppState,
    plan: &PlanRecord,
    targets: Vec<TargetRecord>,
) -> Result<Vec<TargetView>, ApiError> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let years = plan.plan.years();
    let needs_cases = targets
        .iter()
        .any(|t| matches!(t.target.source, TargetSource::CaseRecords { .. }));
    let facts = if needs_cases {
        state.facts.facts(&state.store).await?
    } else {
        std::sync::Arc::default()
    };
    let first = NaiveDate::from_ymd_opt(years.first, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(years.last, 12, 31).unwrap_or_default();
    let activities: Vec<_> = state
        .store
        .programme()
        .activities_held(&plan.area_code, first, last)
        .await?
        .into_iter()
        .map(|a| a.activity)
        .collect();
    let area = Area::parse(&plan.area_code);
    let follow_up_months = state.store.rules().deadlines.follow_up_months.clone();
    let inputs = Inputs {
        catalogue: &state.settings.catalogue,
        area: &area,
        years,
        today: today(),
        follow_up_months: &follow_up_months,
        facts: &facts,
        activities: &activities,
    };
    Ok(targets
        .into_iter()
        .map(|t| TargetView {
            id: t.id,
            version: t.version,
            progress: progress(&t.target, &inputs),
            target: t.target,
        })
        .collect())
}

fn author(user: &UserAccount) -> Author {
    Author {
        user_id: user.id,
        agency_id: AgencyId(user.agency_id),
    }
}

/// The area a plan of the caller's agency is for.
fn own_area(state: &AppState, user: &UserAccount) -> Result<String, ApiError> {
    let national = state.settings.national_agencies.contains(&user.agency_code);
    reporting_area(user.agency_unit_today.as_deref(), national).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "agency_without_area",
            "Cơ quan của bạn chưa gắn với đơn vị hành chính hiện hành nên chưa ban hành được kế hoạch.",
            "Your agency is not placed in a current administrative unit, so it cannot issue a plan.",
        )
    })
}

/// Every rule the target breaks, the catalogue's among them: a target
/// computed from cases names an indicator the catalogue has.
fn check_target(state: &AppState, plan: &PlanRecord, target: &TargetDraft) -> Result<(), ApiError> {
    let mut v = target.check(plan.plan.years()).err().unwrap_or_default();
    match &target.source {
        TargetSource::CaseRecords { indicator }
            if !indicator.trim().is_empty()
                && !haven_report::programme::computes(&state.settings.catalogue, indicator) =>
        {
            v.push(Violation::unknown_code(
                "source.indicator",
                "statistics_catalogue",
            ));
        }
        TargetSource::CaseRecords { .. }
        | TargetSource::Activities { .. }
        | TargetSource::Manual { .. } => {}
    }
    v.into_result().map_err(ApiError::invalid)
}

pub async fn create(
    state: &AppState,
    user: &UserAccount,
    draft: &PlanDraft,
) -> Result<PlanView, ApiError> {
    require(state, user, ProgrammeAction::CreatePlan)?;
    let area = own_area(state, user)?;
    let created = state
        .store
        .programme()
        .create_plan(author(user), &area, draft)
        .await?;
    read(state, user, created.id).await
}

/// The caller's agency's own plan, started from `source`.
pub async fn copy(
    state: &AppState,
    user: &UserAccount,
    source: PlanId,
    draft: &PlanDraft,
) -> Result<PlanView, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    require(state, user, ProgrammeAction::CreatePlan)?;
    found(state, source).await?;
    let area = own_area(state, user)?;
    let created = state
        .store
        .programme()
        .copy_plan(author(user), source, &area, draft)
        .await?;
    read(state, user, created.id).await
}

pub async fn change(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
    version: i64,
    draft: &PlanDraft,
) -> Result<PlanView, ApiError> {
    let record = found(state, id).await?;
    require(
        state,
        user,
        ProgrammeAction::EditPlan {
            issuer: record.issuer_agency_id,
        },
    )?;
    state
        .store
        .programme()
        .update_plan(author(user), id, version, draft)
        .await?;
    read(state, user, id).await
}

pub async fn history(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
) -> Result<Vec<ChangeView>, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    found(state, id).await?;
    Ok(state
        .store
        .programme()
        .plan_history(id)
        .await?
        .into_iter()
        .map(ChangeView::from)
        .collect())
}

async fn editable(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
) -> Result<PlanRecord, ApiError> {
    let record = found(state, id).await?;
    require(
        state,
        user,
        ProgrammeAction::EditPlan {
            issuer: record.issuer_agency_id,
        },
    )?;
    Ok(record)
}

pub async fn add_target(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
    draft: &TargetDraft,
) -> Result<TargetView, ApiError> {
    let record = editable(state, user, plan).await?;
    check_target(state, &record, draft)?;
    let target = state
        .store
        .programme()
        .add_target(author(user), plan, draft)
        .await?;
    one_target(state, &record, target).await
}

async fn one_target(
    state: &AppState,
    plan: &PlanRecord,
    target: TargetRecord,
) -> Result<TargetView, ApiError> {
    progress_of(state, plan, vec![target])
        .await?
        .into_iter()
        .next()
        .ok_or_else(ApiError::not_found)
}

pub async fn change_target(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
    target: TargetId,
    version: i64,
    draft: &TargetDraft,
) -> Result<TargetView, ApiError> {
    let record = editable(state, user, plan).await?;
    let programme = state.store.programme();
    match programme.target(target).await? {
        Some(found) if found.plan_id == plan => {}
        Some(_) | None => return Err(ApiError::not_found()),
    }
    check_target(state, &record, draft)?;
    let changed = programme
        .update_target(author(user), target, version, draft)
        .await?;
    one_target(state, &record, changed).await
}

pub async fn add_task(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
    draft: &TaskDraft,
) -> Result<TaskView, ApiError> {
    let record = editable(state, user, plan).await?;
    let task = state
        .store
        .programme()
        .add_task(author(user), plan, draft)
        .await?;
    one_task(state, user, &record, task).await
}

async fn one_task(
    state: &AppState,
    user: &UserAccount,
    plan: &PlanRecord,
    task: TaskRecord,
) -> Result<TaskView, ApiError> {
    let mut ids = vec![task.task.lead_agency_id];
    ids.extend(task.task.cooperating_agency_ids.iter().copied());
    let names = agencies(state, ids).await?;
    let (count, _) = state
        .store
        .programme()
        .activities(
            &ActivityFilter {
                task_id: Some(task.id),
                ..ActivityFilter::default()
            },
            0,
            0,
        )
        .await?;
    Ok(task_view(state, user, plan, task, &names, count, today()))
}

/// Changes a task: the plan's issuer changes anything; the lead agency
/// records its status and progress (and may not hand the task away).
pub async fn change_task(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
    task: TaskId,
    version: i64,
    draft: &TaskDraft,
) -> Result<TaskView, ApiError> {
    let record = found(state, plan).await?;
    let programme = state.store.programme();
    let current = match programme.task(task).await? {
        Some(found) if found.plan_id == plan => found,
        Some(_) | None => return Err(ApiError::not_found()),
    };
    require(
        state,
        user,
        ProgrammeAction::UpdateTask {
            issuer: record.issuer_agency_id,
            lead: current.task.lead_agency_id,
        },
    )?;
    let issuer = allows(
        state,
        user,
        ProgrammeAction::EditPlan {
            issuer: record.issuer_agency_id,
        },
    );
    if !issuer && !only_progress_changes(&current.task, draft) {
        return Err(ApiError::invalid(Violations(vec![Violation::new(
            "title",
            "issuer_changes_the_task",
            "Cơ quan chủ trì chỉ cập nhật tình trạng và lý do; nội dung, thời hạn và cơ quan thực hiện do cơ quan ban hành kế hoạch sửa.",
            "The lead agency records the status and its reason; the task itself, its dates and agencies are changed by the plan's issuer.",
        )])));
    }
    let changed = programme
        .update_task(author(user), task, version, draft)
        .await?;
    one_task(state, user, &record, changed).await
}

/// Whether a change touches only the status and its reason.
fn only_progress_changes(before: &TaskDraft, after: &TaskDraft) -> bool {
    let TaskDraft {
        section,
        title,
        lead_agency_id,
        cooperating_agency_ids,
        starts_on,
        ends_on,
        status: _,
        status_reason: _,
    } = after;
    *section == before.section
        && *title == before.title
        && *lead_agency_id == before.lead_agency_id
        && *cooperating_agency_ids == before.cooperating_agency_ids
        && *starts_on == before.starts_on
        && *ends_on == before.ends_on
}

/// A plan's review (sơ kết, tổng kết): every target year by year, the tasks
/// by status and the activities of each year in the plan's area.
pub async fn review(
    state: &AppState,
    user: &UserAccount,
    id: PlanId,
) -> Result<(PlanView, haven_report::programme_review::Review), ApiError> {
    let plan = read(state, user, id).await?;
    let years = haven_domain::programme::PlanYears {
        first: plan.summary.first_year,
        last: plan.summary.last_year,
    };
    let first = NaiveDate::from_ymd_opt(years.first, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(years.last, 12, 31).unwrap_or_default();
    let activities: Vec<_> = state
        .store
        .programme()
        .activities_held(&plan.summary.area_code, first, last)
        .await?
        .into_iter()
        .map(|a| a.activity)
        .collect();
    let targets: Vec<_> = plan
        .targets
        .iter()
        .map(|t| (t.target.clone(), t.progress.clone()))
        .collect();
    let standings: Vec<TaskStanding> = plan.tasks.iter().map(|t| t.standing).collect();
    let review =
        haven_report::programme_review::review(years, today(), &targets, &standings, &activities);
    Ok((plan, review))
}
