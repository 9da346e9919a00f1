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
use haven_domain::programme::{
    PlanDraft, TargetDraft, TargetSource, TargetUnit, TaskDraft, TaskStanding,
};
use haven_domain::{Violation, Violations};
use haven_report::compute::Area;
use haven_report::programme::{progress, Inputs, TargetProgress};
use haven_report::programme_places::{by_place, PlaceActivities};
use haven_report::Period;
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
    /// The activities held in the plan's area during its years, by place
    /// one level below the area, the busiest first.
    #[schema(value_type = Vec<Object>)]
    pub places: Vec<PlaceActivities>,
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

pub(super) async fn found(state: &AppState, id: PlanId) -> Result<PlanRecord, ApiError> {
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
    let held: Vec<_> = programme
        .activities_held(
            &record.area_code,
            NaiveDate::from_ymd_opt(record.plan.first_year, 1, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(record.plan.last_year, 12, 31).unwrap_or_default(),
        )
        .await?
        .into_iter()
        .map(|a| a.activity)
        .collect();
    let places = by_place(&record.area_code, &held);
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
        places,
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
    let area = Area::parse(&plan.area_code);
    let facts = if needs_cases {
        let span = Period::Years {
            first: years.first,
            last: years.last,
        };
        haven_report::source::facts_in(&state.store, &area, span).await?
    } else {
        Vec::new()
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

pub(crate) fn author(user: &UserAccount) -> Author {
    Author {
        user_id: user.id,
        agency_id: AgencyId(user.agency_id),
    }
}

/// The area a plan of the caller's agency is for.
pub(super) fn own_area(state: &AppState, user: &UserAccount) -> Result<String, ApiError> {
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
    let catalogue = &state.settings.catalogue;
    match &target.source {
        TargetSource::CaseRecords { indicator } if !indicator.trim().is_empty() => {
            // A catalogue target is a share; an indicator counts persons or
            // steps, or sums đồng.
            let unit = if haven_report::programme::is_share(catalogue, indicator) {
                Some(TargetUnit::Percent)
            } else {
                catalogue.indicator(indicator).map(|i| {
                    if i.amount {
                        TargetUnit::Vnd
                    } else {
                        TargetUnit::Count
                    }
                })
            };
            match unit {
                None => v.push(Violation::unknown_code(
                    "source.indicator",
                    "statistics_catalogue",
                )),
                Some(unit) if unit != target.unit => v.push(Violation::new(
                    "unit",
                    "unit_of_indicator",
                    "Đơn vị tính không khớp với chỉ số đã chọn (tỷ lệ, số lượng hay số tiền).",
                    "The unit does not match the indicator chosen (a share, a number or an amount).",
                )),
                Some(_) => {}
            }
        }
        TargetSource::Manual { actuals, .. } => {
            // A figure is reported for a year that has come.
            let this_year = chrono::Datelike::year(&today());
            for (i, actual) in actuals.iter().enumerate() {
                if actual.year > this_year {
                    v.push(Violation::new(
                        format!("source.actuals_{i}"),
                        "not_in_future",
                        "Chưa thể có số thực hiện của năm chưa đến.",
                        "There is no actual figure yet for a year still to come.",
                    ));
                }
            }
        }
        TargetSource::CaseRecords { .. } | TargetSource::Activities { .. } => {}
    }
    v.into_result().map_err(ApiError::invalid)
}

/// What a plan's text cannot say given the other plans: issued in the
/// future, implementing a plan of an area that does not hold its own or of
/// other years, or under a number its issuer already used.
async fn check_against_others(
    state: &AppState,
    issuer: AgencyId,
    area: &str,
    id: Option<PlanId>,
    draft: &PlanDraft,
) -> Result<(), ApiError> {
    let mut v = draft.check().err().unwrap_or_default();
    if draft.issued_on > today() {
        v.push(Violation::new(
            "issued_on",
            "not_in_future",
            "Ngày ban hành không thể ở tương lai.",
            "The date of issue cannot be in the future.",
        ));
    }
    let programme = state.store.programme();
    if let Some(parent) = draft.parent_plan_id {
        if let Some(parent) = programme.plan(parent).await? {
            let holds = parent.area_code == "VN"
                || area == parent.area_code
                || area.starts_with(&format!("{}/", parent.area_code));
            if !holds {
                v.push(Violation::new(
                    "parent_plan_id",
                    "parent_area",
                    "Kế hoạch chỉ thực hiện kế hoạch của cùng địa bàn hoặc của cấp trên.",
                    "A plan implements a plan of its own area or of a level above.",
                ));
            }
            if parent.plan.last_year < draft.first_year || draft.last_year < parent.plan.first_year
            {
                v.push(Violation::new(
                    "parent_plan_id",
                    "parent_years",
                    "Kế hoạch thực hiện phải có thời gian trùng với kế hoạch cấp trên.",
                    "A plan's years must overlap those of the plan it implements.",
                ));
            }
        }
    }
    let number = draft.number.trim().to_lowercase();
    if programme.plans().await?.iter().any(|p| {
        p.issuer_agency_id == issuer
            && Some(p.id) != id
            && p.plan.number.trim().to_lowercase() == number
    }) {
        v.push(Violation::new(
            "number",
            "unique",
            "Cơ quan đã có kế hoạch mang số, ký hiệu này.",
            "The agency already has a plan under this number.",
        ));
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
    check_against_others(state, AgencyId(user.agency_id), &area, None, draft).await?;
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
    let mut implementing = draft.clone();
    implementing.parent_plan_id = draft.parent_plan_id.or(Some(source));
    check_against_others(state, AgencyId(user.agency_id), &area, None, &implementing).await?;
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
    check_against_others(
        state,
        record.issuer_agency_id,
        &record.area_code,
        Some(id),
        draft,
    )
    .await?;
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
    let changes = state.store.programme().plan_history(id).await?;
    super::activities::changes_as_seen(state, user, changes).await
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
    check_task_years(&record, draft)?;
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
            changed_field(&current.task, draft),
            "issuer_changes_the_task",
            "Cơ quan chủ trì chỉ cập nhật tình trạng và lý do; nội dung, thời hạn và cơ quan thực hiện do cơ quan ban hành kế hoạch sửa.",
            "The lead agency records the status and its reason; the task itself, its dates and agencies are changed by the plan's issuer.",
        )])));
    }
    check_task_years(&record, draft)?;
    let changed = programme
        .update_task(author(user), task, version, draft)
        .await?;
    one_task(state, user, &record, changed).await
}

/// A task runs within its plan's years (its own rules first, all at once).
fn check_task_years(plan: &PlanRecord, draft: &TaskDraft) -> Result<(), ApiError> {
    let mut v = draft.check().err().unwrap_or_default();
    let years = plan.plan.years();
    let outside = |day: NaiveDate| !years.contains(chrono::Datelike::year(&day));
    for (field, day) in [("starts_on", draft.starts_on), ("ends_on", draft.ends_on)] {
        if outside(day) && !v.0.iter().any(|x| x.field == field) {
            v.push(Violation::new(
                field,
                "within_plan",
                format!(
                    "Ngày phải thuộc thời gian của kế hoạch ({}–{}).",
                    years.first, years.last
                ),
                format!(
                    "The day must fall within the plan ({}–{}).",
                    years.first, years.last
                ),
            ));
        }
    }
    v.into_result().map_err(ApiError::invalid)
}

/// The field a change by the lead agency touched that is not its to change.
fn changed_field(before: &TaskDraft, after: &TaskDraft) -> &'static str {
    if after.title != before.title {
        "title"
    } else if after.section != before.section {
        "section"
    } else if after.lead_agency_id != before.lead_agency_id {
        "lead_agency_id"
    } else if after.cooperating_agency_ids != before.cooperating_agency_ids {
        "cooperating_agency_ids"
    } else if after.starts_on != before.starts_on {
        "starts_on"
    } else {
        "ends_on"
    }
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
