//! Activities: the list with its filters, one activity, and recording or
//! correcting one, each asked of the policy first.

use super::{agencies, agency_ref, allows, require, AgencyRef, ChangeView};
use crate::case_access::{case_for, readable_numbers, today};
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
use std::collections::HashSet;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: ActivityId,
    pub version: i64,
    /// The agency that held and recorded it.
    pub agency: AgencyRef,
    pub kind: ActivityKind,
    /// `case_numbers` holds only the cases the caller may read.
    #[serde(flatten)]
    pub activity: ActivityDraft,
    /// How many more cases the activity names that the caller may not read.
    pub other_cases: usize,
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

/// The cases the caller may read among those `records` name.
pub(crate) async fn readable_cases(
    state: &AppState,
    user: &UserAccount,
    records: &[ActivityRecord],
) -> Result<HashSet<String>, ApiError> {
    let numbers: Vec<String> = records
        .iter()
        .flat_map(|r| r.activity.case_numbers.iter().cloned())
        .collect();
    readable_numbers(state, user, &numbers).await
}

pub(crate) fn view(
    state: &AppState,
    user: &UserAccount,
    mut record: ActivityRecord,
    names: &std::collections::HashMap<AgencyId, AgencyRef>,
    readable: &HashSet<String>,
) -> ActivityView {
    let named = record.activity.case_numbers.len();
    record
        .activity
        .case_numbers
        .retain(|number| readable.contains(number));
    ActivityView {
        other_cases: named - record.activity.case_numbers.len(),
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
    let readable = readable_cases(state, user, &records).await?;
    Ok(ActivityPage {
        total,
        offset: query.offset,
        limit,
        items: records
            .into_iter()
            .map(|r| view(state, user, r, &names, &readable))
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
    let readable = readable_cases(state, user, std::slice::from_ref(&record)).await?;
    Ok(view(state, user, record, &names, &readable))
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

/// Each case the activity names must be one the recording user may read
/// (asked of the case policy and logged); a number already on the activity
/// (`named_before`) is not asked again. Unknown and unreadable numbers get
/// the same answer, so nothing is learnt about cases one may not read.
async fn may_name_cases(
    state: &AppState,
    user: &UserAccount,
    draft: &ActivityDraft,
    named_before: &[String],
) -> Result<(), ApiError> {
    draft.check(today()).map_err(ApiError::invalid)?;
    let mut v = Violations::default();
    for (i, number) in draft.case_numbers.iter().enumerate() {
        if named_before.contains(number) {
            continue;
        }
        if case_for(state, user, number, haven_access::Action::ReadCase)
            .await
            .is_err()
        {
            v.push(Violation::new(
                format!("case_numbers[{i}]"),
                "case_not_readable",
                format!("Không có hồ sơ {number} trong phạm vi bạn được xem."),
                format!("There is no case {number} among those you may read."),
            ));
        }
    }
    v.into_result().map_err(ApiError::invalid)
}

pub async fn record(
    state: &AppState,
    user: &UserAccount,
    draft: &ActivityDraft,
) -> Result<ActivityView, ApiError> {
    may_record_against(state, user, draft.details.kind(), draft.task_id).await?;
    may_record_for_group(state, user, draft).await?;
    may_name_cases(state, user, draft, &[]).await?;
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
    let readable = readable_cases(state, user, std::slice::from_ref(&created)).await?;
    Ok(view(state, user, created, &names, &readable))
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
    // Numbers the editor may not read stay as they were: the form never
    // showed them, so leaving them out is no wish to remove them.
    let kept = readable_cases(state, user, std::slice::from_ref(&current)).await?;
    let unseen: Vec<String> = current
        .activity
        .case_numbers
        .iter()
        .filter(|n| !kept.contains(*n) && !draft.case_numbers.contains(*n))
        .cloned()
        .collect();
    may_name_cases(state, user, draft, &current.activity.case_numbers).await?;
    let mut draft = draft.clone();
    draft.case_numbers.extend(unseen);
    let draft = &draft;
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
    let readable = readable_cases(state, user, std::slice::from_ref(&changed)).await?;
    Ok(view(state, user, changed, &names, &readable))
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
    let changes = state.store.programme().activity_history(id.get()).await?;
    changes_as_seen(state, user, changes).await
}

/// A record's history as the caller may read it: an activity's case
/// numbers, before and after each change, only where the caller may read
/// the case (as the activity itself shows them).
pub(crate) async fn changes_as_seen(
    state: &AppState,
    user: &UserAccount,
    changes: Vec<haven_store::programme::ProgrammeChange>,
) -> Result<Vec<ChangeView>, ApiError> {
    let numbers_in = |body: Option<&serde_json::Value>| -> Vec<String> {
        body.and_then(|b| b.get("case_numbers"))
            .and_then(serde_json::Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let named: Vec<String> = changes
        .iter()
        .filter(|c| c.record_kind == "activity")
        .flat_map(|c| {
            let mut numbers = numbers_in(c.before.as_ref());
            numbers.extend(numbers_in(Some(&c.after)));
            numbers
        })
        .collect();
    let readable = readable_numbers(state, user, &named).await?;
    let seen = |body: &mut serde_json::Value| {
        if let Some(list) = body
            .get_mut("case_numbers")
            .and_then(serde_json::Value::as_array_mut)
        {
            list.retain(|n| n.as_str().is_some_and(|n| readable.contains(n)));
        }
    };
    Ok(changes
        .into_iter()
        .map(|mut change| {
            if change.record_kind == "activity" {
                if let Some(before) = change.before.as_mut() {
                    seen(before);
                }
                seen(&mut change.after);
            }
            ChangeView::from(change)
        })
        .collect())
}
