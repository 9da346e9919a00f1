//! Working groups, their meetings, and the follow-up actions decided at
//! meetings: written with the meeting that decides them, then kept by the
//! agency that owns each.

use super::versioned::{self, Change};
use super::{from_json, stale, to_json, ActivityRecord, Author, Programme};
use crate::entities::{activity, follow_up_action, working_group};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::ids::{ActionId, ActivityId, AgencyId, WorkingGroupId};
use haven_domain::programme::{
    ActionDraft, ActivityDetails, ActivityDraft, FollowUp, TaskStatus, WorkingGroupDraft,
};
use haven_domain::{Violation, Violations};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkingGroupRecord {
    pub id: WorkingGroupId,
    pub host_agency_id: AgencyId,
    pub area_code: String,
    pub group: WorkingGroupDraft,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRecord {
    pub id: ActionId,
    /// The meeting that decided it.
    pub activity_id: ActivityId,
    pub working_group_id: Option<WorkingGroupId>,
    pub action: ActionDraft,
    pub version: i64,
}

fn group_record(row: working_group::Model) -> StoreResult<WorkingGroupRecord> {
    Ok(WorkingGroupRecord {
        id: WorkingGroupId(row.id),
        host_agency_id: AgencyId(row.host_agency_id),
        area_code: row.area_code,
        group: from_json(&row.body, "working group")?,
        version: row.version,
        created_at: row.created_at,
    })
}

fn action_record(row: follow_up_action::Model) -> StoreResult<ActionRecord> {
    Ok(ActionRecord {
        id: ActionId(row.id),
        activity_id: ActivityId(row.activity_id),
        working_group_id: row.working_group_id.map(WorkingGroupId),
        action: from_json(&row.body, "action")?,
        version: row.version,
    })
}

/// The meeting's group and follow-ups, for an activity that is a meeting.
pub(super) fn meeting_parts(draft: &ActivityDraft) -> (Option<WorkingGroupId>, &[FollowUp]) {
    match &draft.details {
        ActivityDetails::Meeting(m) => (m.working_group_id, &m.follow_ups),
        ActivityDetails::Communication(_)
        | ActivityDetails::Training(_)
        | ActivityDetails::Inspection(_) => (None, &[]),
    }
}

/// Writes the actions for the meeting's follow-ups not yet turned into
/// actions, in the meeting's transaction. Those already actions stay as
/// they were decided: their owners keep them from there.
pub(super) async fn write_actions(
    db: &impl ConnectionTrait,
    author: Author,
    activity_id: i64,
    draft: &ActivityDraft,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let (group, follow_ups) = meeting_parts(draft);
    let existing = follow_up_action::Entity::find()
        .filter(follow_up_action::Column::ActivityId.eq(activity_id))
        .order_by_asc(follow_up_action::Column::Position)
        .all(db)
        .await?;
    let mut v = Violations::default();
    for (i, row) in existing.iter().enumerate() {
        let kept: ActionDraft = from_json(&row.body, "action")?;
        if follow_ups.get(i) != Some(&kept.follow_up) {
            v.push(Violation::new(
                format!("follow_ups_{i}"),
                "decided_action_kept",
                "Việc này đã thành nhiệm vụ được giao; không sửa hay bỏ được ở biên bản họp. Hãy thêm việc mới nếu cần.",
                "This follow-up is an action now; it is not changed or removed from the meeting. Add a new one if needed.",
            ));
        }
    }
    v.into_result().map_err(StoreError::Invalid)?;
    for (i, follow_up) in follow_ups.iter().enumerate().skip(existing.len()) {
        let action = ActionDraft {
            follow_up: follow_up.clone(),
            status: TaskStatus::NotStarted,
            status_reason: String::new(),
        };
        let body = to_json(&action)?;
        let created = follow_up_action::ActiveModel {
            activity_id: Set(activity_id),
            working_group_id: Set(group.map(WorkingGroupId::get)),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            owner_agency_id: Set(follow_up.owner_agency_id.get()),
            due_on: Set(follow_up.due_on),
            status: Set(action.status.code().to_owned()),
            body: Set(body.clone()),
            version: Set(1),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
        versioned::created(db, "action", created.id, None, author, at, &body).await?;
    }
    Ok(())
}

impl Programme<'_> {
    pub async fn working_groups(&self) -> StoreResult<Vec<WorkingGroupRecord>> {
        working_group::Entity::find()
            .order_by_asc(working_group::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(group_record)
            .collect()
    }

    pub async fn working_group(
        &self,
        id: WorkingGroupId,
    ) -> StoreResult<Option<WorkingGroupRecord>> {
        working_group::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(group_record)
            .transpose()
    }

    /// The group's meetings, latest first.
    pub async fn meetings_of(&self, id: WorkingGroupId) -> StoreResult<Vec<ActivityRecord>> {
        activity::Entity::find()
            .filter(activity::Column::WorkingGroupId.eq(id.get()))
            .order_by_desc(activity::Column::HeldOn)
            .order_by_desc(activity::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(super::activities::record)
            .collect()
    }

    /// The actions decided at the group's meetings, by due date.
    pub async fn actions_of_group(&self, id: WorkingGroupId) -> StoreResult<Vec<ActionRecord>> {
        self.actions(follow_up_action::Column::WorkingGroupId.eq(id.get()))
            .await
    }

    /// The actions decided at one meeting, in the meeting's order.
    pub async fn actions_of_meeting(&self, id: ActivityId) -> StoreResult<Vec<ActionRecord>> {
        let mut found = self
            .actions(follow_up_action::Column::ActivityId.eq(id.get()))
            .await?;
        found.sort_by_key(|a| a.id);
        Ok(found)
    }

    /// The actions an agency owns that are neither done nor dropped.
    pub async fn open_actions_owned_by(&self, agency: AgencyId) -> StoreResult<Vec<ActionRecord>> {
        let found = self
            .actions(follow_up_action::Column::OwnerAgencyId.eq(agency.get()))
            .await?;
        Ok(found
            .into_iter()
            .filter(|a| {
                matches!(
                    a.action.status,
                    TaskStatus::NotStarted | TaskStatus::InProgress
                )
            })
            .collect())
    }

    async fn actions(
        &self,
        condition: sea_orm::sea_query::SimpleExpr,
    ) -> StoreResult<Vec<ActionRecord>> {
        follow_up_action::Entity::find()
            .filter(condition)
            .order_by_asc(follow_up_action::Column::DueOn)
            .order_by_asc(follow_up_action::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(action_record)
            .collect()
    }

    pub async fn action(&self, id: ActionId) -> StoreResult<Option<ActionRecord>> {
        follow_up_action::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(action_record)
            .transpose()
    }

    async fn checked_group(&self, draft: &WorkingGroupDraft, today: NaiveDate) -> StoreResult<()> {
        let mut v = draft.check(today).err().unwrap_or_default();
        for (i, member) in draft.members.iter().enumerate() {
            if !self.agency_exists(member.agency_id).await? {
                v.push(Violation::unknown_code(
                    &format!("members_{i}.agency_id"),
                    "agencies",
                ));
            }
        }
        v.into_result().map_err(StoreError::Invalid)
    }

    /// The same establishing decision already recorded for another group of
    /// the host (compared without case or spaces): the same group, twice.
    async fn refuse_duplicate(
        db: &impl sea_orm::ConnectionTrait,
        host: AgencyId,
        draft: &WorkingGroupDraft,
        except: Option<i64>,
    ) -> StoreResult<()> {
        let key = |number: &str| -> String {
            number
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let wanted = key(&draft.decision_number);
        let hosted = working_group::Entity::find()
            .filter(working_group::Column::HostAgencyId.eq(host.get()))
            .all(db)
            .await?;
        for other in hosted.into_iter().filter(|g| Some(g.id) != except) {
            let recorded: WorkingGroupDraft = from_json(&other.body, "working group")?;
            if key(&recorded.decision_number) == wanted {
                return Err(StoreError::Invalid(haven_domain::Violations(vec![
                    Violation::new(
                        "decision_number",
                        "unique",
                        format!(
                            "Cơ quan đã có tổ công tác thành lập theo quyết định này: «{}».",
                            recorded.name
                        ),
                        format!(
                            "Your agency already has a working group established by this decision: “{}”.",
                            recorded.name
                        ),
                    ),
                ])));
            }
        }
        Ok(())
    }

    /// A group hosted by the author's agency, for its area.
    pub async fn create_working_group(
        &self,
        author: Author,
        area_code: &str,
        draft: &WorkingGroupDraft,
        today: NaiveDate,
    ) -> StoreResult<WorkingGroupRecord> {
        self.checked_group(draft, today).await?;
        let txn = self.store.begin_write().await?;
        Self::refuse_duplicate(&*txn, author.agency_id, draft, None).await?;
        let body = to_json(draft)?;
        let now = crate::cases::history::now_micros();
        let created = working_group::ActiveModel {
            host_agency_id: Set(author.agency_id.get()),
            area_code: Set(area_code.to_owned()),
            body: Set(body.clone()),
            version: Set(1),
            created_by: Set(author.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        versioned::created(&*txn, "working_group", created.id, None, author, now, &body).await?;
        txn.commit().await?;
        group_record(created)
    }

    pub async fn update_working_group(
        &self,
        author: Author,
        id: WorkingGroupId,
        expected_version: i64,
        draft: &WorkingGroupDraft,
        today: NaiveDate,
    ) -> StoreResult<WorkingGroupRecord> {
        self.checked_group(draft, today).await?;
        let txn = self.store.begin_write().await?;
        let row = working_group::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound {
                what: "working group",
            })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        Self::refuse_duplicate(&*txn, AgencyId(row.host_agency_id), draft, Some(row.id)).await?;
        let body = to_json(draft)?;
        let before = row.body.clone();
        let active: working_group::ActiveModel = row.into();
        versioned::write::<working_group::Entity>(
            &*txn,
            Change {
                record_kind: "working_group",
                id: id.get(),
                plan_id: None,
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            active,
        )
        .await?;
        txn.commit().await?;
        self.working_group(id).await?.ok_or(StoreError::NotFound {
            what: "working group",
        })
    }

    /// An action's progress, as its owner (or the group's host) records it;
    /// what was decided stays.
    pub async fn update_action(
        &self,
        author: Author,
        id: ActionId,
        expected_version: i64,
        status: TaskStatus,
        status_reason: &str,
    ) -> StoreResult<ActionRecord> {
        let txn = self.store.begin_write().await?;
        let row = follow_up_action::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "action" })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        let mut draft: ActionDraft = from_json(&row.body, "action")?;
        draft.status = status;
        draft.status_reason = status_reason.to_owned();
        draft.check()?;
        let body = to_json(&draft)?;
        let before = row.body.clone();
        let mut active: follow_up_action::ActiveModel = row.into();
        active.status = Set(status.code().to_owned());
        versioned::write::<follow_up_action::Entity>(
            &*txn,
            Change {
                record_kind: "action",
                id: id.get(),
                plan_id: None,
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            active,
        )
        .await?;
        txn.commit().await?;
        self.action(id)
            .await?
            .ok_or(StoreError::NotFound { what: "action" })
    }
}
