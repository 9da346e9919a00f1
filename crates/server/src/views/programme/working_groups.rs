//! Working groups and the follow-up actions decided at meetings: the list,
//! one group with its members, meetings and actions (late ones first), and
//! the writes — the host's planners keep the group, each action's owner
//! records its progress — each asked of the policy first.

use super::activities::{view as activity_view, ActivityView};
use super::plans::{author, own_area};
use super::{agencies, agency_ref, allows, require, AgencyRef};
use crate::case_access::today;
use crate::error::ApiError;
use crate::AppState;
use chrono::NaiveDate;
use haven_access::ProgrammeAction;
use haven_domain::ids::{ActionId, ActivityId, AgencyId, WorkingGroupId};
use haven_domain::programme::{
    ActionDraft, MemberRole, TaskStanding, TaskStatus, WorkingGroupDraft,
};
use haven_store::programme::{ActionRecord, WorkingGroupRecord};
use haven_store::UserAccount;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkingGroupSummary {
    pub id: WorkingGroupId,
    pub version: i64,
    pub host: AgencyRef,
    pub area_code: String,
    pub name: String,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub members: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberView {
    pub name: String,
    pub agency: AgencyRef,
    pub role: MemberRole,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActionView {
    pub id: ActionId,
    pub version: i64,
    /// The meeting that decided it.
    pub activity_id: ActivityId,
    pub working_group_id: Option<WorkingGroupId>,
    #[serde(flatten)]
    pub action: ActionDraft,
    /// `late` when past its due date and neither done nor dropped.
    pub standing: TaskStanding,
    pub owner: AgencyRef,
    /// The caller may record its progress.
    pub may_update: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkingGroupView {
    #[serde(flatten)]
    pub summary: WorkingGroupSummary,
    pub remit: String,
    pub member_list: Vec<MemberView>,
    /// Its meetings, latest first.
    pub meetings: Vec<ActivityView>,
    /// The actions decided at its meetings, late ones first.
    pub actions: Vec<ActionView>,
    pub may_edit: bool,
}

fn summary(
    record: &WorkingGroupRecord,
    names: &HashMap<AgencyId, AgencyRef>,
) -> WorkingGroupSummary {
    WorkingGroupSummary {
        id: record.id,
        version: record.version,
        host: agency_ref(names, record.host_agency_id),
        area_code: record.area_code.clone(),
        name: record.group.name.clone(),
        decision_number: record.group.decision_number.clone(),
        decision_date: record.group.decision_date,
        members: record.group.members.len(),
    }
}

pub async fn list(
    state: &AppState,
    user: &UserAccount,
) -> Result<Vec<WorkingGroupSummary>, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let groups = state.store.programme().working_groups().await?;
    let names = agencies(state, groups.iter().map(|g| g.host_agency_id).collect()).await?;
    Ok(groups.iter().map(|g| summary(g, &names)).collect())
}

/// Who keeps an action besides its owner: the group's host, or the agency
/// that recorded the meeting.
async fn host_of(state: &AppState, action: &ActionRecord) -> Result<AgencyId, ApiError> {
    let programme = state.store.programme();
    if let Some(group) = action.working_group_id {
        if let Some(group) = programme.working_group(group).await? {
            return Ok(group.host_agency_id);
        }
    }
    Ok(programme
        .activity(action.activity_id)
        .await?
        .map(|a| a.agency_id)
        .unwrap_or(AgencyId(0)))
}

pub async fn action_views(
    state: &AppState,
    user: &UserAccount,
    actions: Vec<ActionRecord>,
) -> Result<Vec<ActionView>, ApiError> {
    let names = agencies(
        state,
        actions
            .iter()
            .map(|a| a.action.follow_up.owner_agency_id)
            .collect(),
    )
    .await?;
    let today = today();
    let mut views = Vec::with_capacity(actions.len());
    for a in actions {
        let host = host_of(state, &a).await?;
        let owner = a.action.follow_up.owner_agency_id;
        views.push(ActionView {
            id: a.id,
            version: a.version,
            activity_id: a.activity_id,
            working_group_id: a.working_group_id,
            standing: a.action.standing(today),
            owner: agency_ref(&names, owner),
            may_update: allows(state, user, ProgrammeAction::UpdateAction { host, owner }),
            action: a.action,
        });
    }
    views.sort_by_key(|v| (v.standing, v.action.follow_up.due_on));
    Ok(views)
}

pub async fn read(
    state: &AppState,
    user: &UserAccount,
    id: WorkingGroupId,
) -> Result<WorkingGroupView, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let programme = state.store.programme();
    let record = programme
        .working_group(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let meetings = programme.meetings_of(id).await?;
    let mut ids = vec![record.host_agency_id];
    ids.extend(record.group.members.iter().map(|m| m.agency_id));
    ids.extend(meetings.iter().map(|m| m.agency_id));
    let names = agencies(state, ids).await?;
    let readable = super::activities::readable_cases(state, user, &meetings).await?;
    let actions = action_views(state, user, programme.actions_of_group(id).await?).await?;
    Ok(WorkingGroupView {
        summary: summary(&record, &names),
        remit: record.group.remit.clone(),
        member_list: record
            .group
            .members
            .iter()
            .map(|m| MemberView {
                name: m.name.clone(),
                agency: agency_ref(&names, m.agency_id),
                role: m.role,
            })
            .collect(),
        meetings: meetings
            .into_iter()
            .map(|m| activity_view(state, user, m, &names, &readable))
            .collect(),
        actions,
        may_edit: allows(
            state,
            user,
            ProgrammeAction::EditWorkingGroup {
                host: record.host_agency_id,
            },
        ),
    })
}

pub async fn create(
    state: &AppState,
    user: &UserAccount,
    draft: &WorkingGroupDraft,
) -> Result<WorkingGroupView, ApiError> {
    require(state, user, ProgrammeAction::CreateWorkingGroup)?;
    let area = own_area(state, user)?;
    let created = state
        .store
        .programme()
        .create_working_group(author(user), &area, draft, today())
        .await?;
    read(state, user, created.id).await
}

pub async fn change(
    state: &AppState,
    user: &UserAccount,
    id: WorkingGroupId,
    version: i64,
    draft: &WorkingGroupDraft,
) -> Result<WorkingGroupView, ApiError> {
    let programme = state.store.programme();
    let current = programme
        .working_group(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    require(
        state,
        user,
        ProgrammeAction::EditWorkingGroup {
            host: current.host_agency_id,
        },
    )?;
    programme
        .update_working_group(author(user), id, version, draft, today())
        .await?;
    read(state, user, id).await
}

/// The actions decided at one meeting.
pub async fn of_meeting(
    state: &AppState,
    user: &UserAccount,
    id: ActivityId,
) -> Result<Vec<ActionView>, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let programme = state.store.programme();
    programme
        .activity(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    action_views(state, user, programme.actions_of_meeting(id).await?).await
}

/// An action's progress, recorded by its owner or the group's host.
pub async fn update_action(
    state: &AppState,
    user: &UserAccount,
    id: ActionId,
    version: i64,
    status: TaskStatus,
    status_reason: &str,
) -> Result<ActionView, ApiError> {
    let programme = state.store.programme();
    let current = programme
        .action(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let host = host_of(state, &current).await?;
    require(
        state,
        user,
        ProgrammeAction::UpdateAction {
            host,
            owner: current.action.follow_up.owner_agency_id,
        },
    )?;
    let updated = programme
        .update_action(author(user), id, version, status, status_reason)
        .await?;
    action_views(state, user, vec![updated])
        .await?
        .into_iter()
        .next()
        .ok_or_else(ApiError::not_found)
}
