//! Activities: the list with its filters, one activity, and recording or
//! correcting one, each asked of the policy first.

use super::{agencies, agency_ref, allows, require, AgencyRef, ChangeView};
use crate::case_access::today;
use crate::error::ApiError;
use crate::AppState;
use chrono::NaiveDate;
use haven_access::{ProgrammeAction, TaskParties};
use haven_domain::ids::{ActivityId, AgencyId, PlanId, TaskId};
use haven_domain::programme::{ActivityDraft, ActivityKind};
use haven_domain::{Violation, Violations};
use haven_store::programme::{ActivityFilter, ActivityRecord, Author};
use haven_store::UserAccount;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: ActivityId,
    pub version: i64,
    /// The agency that held and recorded it.
    pub agency: AgencyRef,
    pub kind: ActivityKind,
    #[serde(flatten)]
    pub activity: ActivityDraft,
    pub may_edit: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityPage {
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    pub items: Vec<ActivityView>,
}

/// The list's filters, as the API and the page take them.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    pub kind: Option<ActivityKind>,
    pub agency_id: Option<AgencyId>,
    /// `VN`, a province (`01`) or a commune (`01/00070`).
    pub area: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub task_id: Option<TaskId>,
    pub plan_id: Option<PlanId>,
    #[serde(default)]
    pub offset: u64,
    pub limit: Option<u64>,
}

/// The most activities one answer lists.
pub const MAX_LIMIT: u64 = 200;

pub(crate) fn view(
    state: &AppState,
    user: &UserAccount,
    record: ActivityRecord,
    names: &std::collections::HashMap<AgencyId, AgencyRef>,
) -> ActivityView {
    ActivityView {
        id: record.id,
        version: record.version,
        agency: agency_ref(names, record.agency_id),
        kind: record.activity.details.kind(),
        may_edit: allows(
            state,
            user,
            ProgrammeAction::EditActivity {
                kind: record.activity.details.kind(),
                recorded_by: record.agency_id,
            },
        ),
        activity: record.activity,
    }
}

pub async fn list(
    state: &AppState,
    user: &UserAccount,
    query: &ActivityQuery,
) -> Result<ActivityPage, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let mut v = Violations::default();
    let area = query
        .area
        .as_deref()
        .map(|a| a.trim().trim_start_matches("2025/").to_owned());
    if let Some(area) = &area {
        let plausible = area == "VN"
            || area.split('/').all(|part| {
                !part.is_empty() && part.len() <= 5 && part.bytes().all(|b| b.is_ascii_digit())
            });
        if !plausible || area.split('/').count() > 2 {
            v.push(Violation::new(
                "area",
                "area_code",
                "Địa bàn phải là VN, mã tỉnh (01) hoặc mã xã (01/00070).",
                "The area is VN, a province code (01) or a commune code (01/00070).",
            ));
        }
    }
    if let (Some(from), Some(to)) = (query.from, query.to) {
        if to < from {
            v.push(Violation::new(
                "to",
                "not_before_from",
                "Ngày kết thúc không thể trước ngày bắt đầu.",
                "The end cannot come before the start.",
            ));
        }
    }
    let limit = query.limit.unwrap_or(50);
    if limit == 0 || limit > MAX_LIMIT {
        v.push(Violation::new(
            "limit",
            "range",
            format!("Số dòng mỗi trang từ 1 đến {MAX_LIMIT}."),
            format!("A page holds 1 to {MAX_LIMIT} rows."),
        ));
    }
    v.into_result().map_err(ApiError::invalid)?;
    let filter = ActivityFilter {
        kind: query.kind,
        agency_id: query.agency_id,
        area_code: area.filter(|a| a != "VN"),
        from: query.from,
        to: query.to,
        task_id: query.task_id,
        plan_id: query.plan_id,
    };
    let (total, records) = state
        .store
        .programme()
        .activities(&filter, query.offset, limit)
        .await?;
    let ids = records.iter().map(|r| r.agency_id).collect();
    let names = agencies(state, ids).await?;
    Ok(ActivityPage {
        total,
        offset: query.offset,
        limit,
        items: records
            .into_iter()
            .map(|r| view(state, user, r, &names))
            .collect(),
    })
}

pub async fn read(
    state: &AppState,
    user: &UserAccount,
    id: ActivityId,
) -> Result<ActivityView, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let record = state
        .store
        .programme()
        .activity(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let names = agencies(state, vec![record.agency_id]).await?;
    Ok(view(state, user, record, &names))
}

/// The policy's question for an activity against `task`, if any.
async fn may_record_against(
    state: &AppState,
    user: &UserAccount,
    kind: ActivityKind,
    task: Option<TaskId>,
) -> Result<(), ApiError> {
    let Some(task) = task else {
        return require(
            state,
            user,
            ProgrammeAction::RecordActivity { kind, task: None },
        );
    };
    let programme = state.store.programme();
    let found = programme.task(task).await?;
    let plan = match &found {
        Some(task) => programme.plan(task.plan_id).await?,
        None => None,
    };
    if let Some(found) = &found {
        if found.task.status == haven_domain::programme::TaskStatus::Dropped {
            return Err(ApiError::invalid(Violations(vec![Violation::new(
                "task_id",
                "task_dropped",
                "Nhiệm vụ này đã được quyết định không thực hiện; hãy ghi hoạt động không thuộc nhiệm vụ hoặc chọn nhiệm vụ khác.",
                "This task was dropped; record the activity without a task or against another one.",
            )])));
        }
    }
    match (found, plan) {
        (Some(task), Some(plan)) => require(
            state,
            user,
            ProgrammeAction::RecordActivity {
                kind,
                task: Some(TaskParties {
                    issuer: plan.issuer_agency_id,
                    lead: task.task.lead_agency_id,
                    cooperating: &task.task.cooperating_agency_ids,
                }),
            },
        ),
        // An unknown task is the store's to name as a field.
        (Some(_), None) | (None, _) => require(
            state,
            user,
            ProgrammeAction::RecordActivity { kind, task: None },
        ),
    }
}

/// A working group's meeting is recorded by its host or a member agency.
async fn may_record_for_group(
    state: &AppState,
    user: &UserAccount,
    draft: &ActivityDraft,
) -> Result<(), ApiError> {
    let group = match &draft.details {
        haven_domain::programme::ActivityDetails::Meeting(m) => m.working_group_id,
        haven_domain::programme::ActivityDetails::Communication(_)
        | haven_domain::programme::ActivityDetails::Training(_)
        | haven_domain::programme::ActivityDetails::Inspection(_) => None,
    };
    let Some(group) = group else { return Ok(()) };
    // An unknown group is the store's to name as a field.
    let Some(group) = state.store.programme().working_group(group).await? else {
        return Ok(());
    };
    let own = AgencyId(user.agency_id);
    if group.host_agency_id == own || group.group.members.iter().any(|m| m.agency_id == own) {
        Ok(())
    } else {
        Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "not_your_agency",
            "Chỉ cơ quan thường trực hoặc cơ quan thành viên của tổ công tác mới ghi nhận cuộc họp của tổ.",
            "Only the working group's host or member agencies record its meetings.",
        ))
    }
}

pub async fn record(
    state: &AppState,
    user: &UserAccount,
    draft: &ActivityDraft,
) -> Result<ActivityView, ApiError> {
    may_record_against(state, user, draft.details.kind(), draft.task_id).await?;
    may_record_for_group(state, user, draft).await?;
    let created = state
        .store
        .programme()
        .record_activity(
            Author {
                user_id: user.id,
                agency_id: AgencyId(user.agency_id),
            },
            draft,
            today(),
        )
        .await?;
    let names = agencies(state, vec![created.agency_id]).await?;
    Ok(view(state, user, created, &names))
}

pub async fn change(
    state: &AppState,
    user: &UserAccount,
    id: ActivityId,
    version: i64,
    draft: &ActivityDraft,
) -> Result<ActivityView, ApiError> {
    let programme = state.store.programme();
    let current = programme
        .activity(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    require(
        state,
        user,
        ProgrammeAction::EditActivity {
            kind: current.activity.details.kind(),
            recorded_by: current.agency_id,
        },
    )?;
    if draft.task_id != current.activity.task_id {
        may_record_against(state, user, draft.details.kind(), draft.task_id).await?;
    }
    may_record_for_group(state, user, draft).await?;
    let changed = programme
        .update_activity(
            Author {
                user_id: user.id,
                agency_id: AgencyId(user.agency_id),
            },
            id,
            version,
            draft,
            today(),
        )
        .await?;
    let names = agencies(state, vec![changed.agency_id]).await?;
    Ok(view(state, user, changed, &names))
}

pub async fn history(
    state: &AppState,
    user: &UserAccount,
    id: ActivityId,
) -> Result<Vec<ChangeView>, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    state
        .store
        .programme()
        .activity(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(state
        .store
        .programme()
        .activity_history(id.get())
        .await?
        .into_iter()
        .map(ChangeView::from)
        .collect())
}
