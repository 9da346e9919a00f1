//! Activities agencies held, found by kind, agency, place, period and task.

use super::history::{self, Entry};
use super::versioned::{self, Change};
use super::{unit_prefix_of_area, ActivityRecord, Author, Programme};
use crate::entities::{activity, plan_task};
use crate::error::{StoreError, StoreResult};
use chrono::NaiveDate;
use haven_domain::ids::{ActivityId, AgencyId, CompanyId, PlanId, TaskId};
use haven_domain::programme::{ActivityDetails, ActivityDraft, ActivityKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// The company an inspection names, kept in its own column to be found by.
fn company_of(draft: &ActivityDraft) -> Option<i64> {
    match &draft.details {
        ActivityDetails::Inspection(i) => i.company().map(CompanyId::get),
        ActivityDetails::Communication(_)
        | ActivityDetails::Training(_)
        | ActivityDetails::Meeting(_) => None,
    }
}

/// Which activities to list; every part narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub kind: Option<ActivityKind>,
    pub agency_id: Option<AgencyId>,
    /// An area: `VN`, a province `01`, a commune `01/00070`.
    pub area_code: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub task_id: Option<TaskId>,
    /// Activities recorded against any task of this plan.
    pub plan_id: Option<PlanId>,
}

pub(super) fn record(row: activity::Model) -> StoreResult<ActivityRecord> {
    Ok(ActivityRecord {
        id: ActivityId(row.id),
        agency_id: AgencyId(row.agency_id),
        activity: serde_json::from_str(&row.body)
            .map_err(|e| StoreError::Internal(format!("a stored activity does not read: {e}")))?,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

impl Programme<'_> {
    pub async fn activity(&self, id: ActivityId) -> StoreResult<Option<ActivityRecord>> {
        activity::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(record)
            .transpose()
    }

    /// The activities the filter finds, latest first, `limit` from `offset`,
    /// with how many it finds in all.
    pub async fn activities(
        &self,
        filter: &ActivityFilter,
        offset: u64,
        limit: u64,
    ) -> StoreResult<(u64, Vec<ActivityRecord>)> {
        let mut query = activity::Entity::find();
        if let Some(kind) = filter.kind {
            query = query.filter(activity::Column::Kind.eq(kind.code()));
        }
        if let Some(agency) = filter.agency_id {
            query = query.filter(activity::Column::AgencyId.eq(agency.get()));
        }
        if let Some(area) = &filter.area_code {
            query = query.filter(activity::Column::UnitId.starts_with(unit_prefix_of_area(area)));
        }
        if let Some(from) = filter.from {
            query = query.filter(activity::Column::HeldOn.gte(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(activity::Column::HeldOn.lte(to));
        }
        if let Some(task) = filter.task_id {
            query = query.filter(activity::Column::TaskId.eq(task.get()));
        }
        if let Some(plan) = filter.plan_id {
            let tasks: Vec<i64> = plan_task::Entity::find()
                .select_only()
                .column(plan_task::Column::Id)
                .filter(plan_task::Column::PlanId.eq(plan.get()))
                .into_tuple::<i64>()
                .all(self.store.db())
                .await?;
            query = query.filter(activity::Column::TaskId.is_in(tasks));
        }
        let total = query.clone().count(self.store.db()).await?;
        let rows = query
            .order_by_desc(activity::Column::HeldOn)
            .order_by_desc(activity::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(self.store.db())
            .await?;
        Ok((
            total,
            rows.into_iter().map(record).collect::<StoreResult<_>>()?,
        ))
    }

    /// Every activity an agency held between two days, for its report.
    pub async fn activities_of_agency(
        &self,
        agency: AgencyId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ActivityRecord>> {
        activity::Entity::find()
            .filter(activity::Column::AgencyId.eq(agency.get()))
            .filter(activity::Column::HeldOn.gte(from))
            .filter(activity::Column::HeldOn.lte(to))
            .order_by_asc(activity::Column::HeldOn)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(record)
            .collect()
    }

    /// Every activity held in an area between two days, for counting.
    pub async fn activities_held(
        &self,
        area_code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ActivityRecord>> {
        activity::Entity::find()
            .filter(activity::Column::UnitId.starts_with(unit_prefix_of_area(area_code)))
            .filter(activity::Column::HeldOn.gte(from))
            .filter(activity::Column::HeldOn.lte(to))
            .order_by_asc(activity::Column::HeldOn)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(record)
            .collect()
    }

    async fn checked_activity(&self, draft: &ActivityDraft, today: NaiveDate) -> StoreResult<()> {
        let mut v = draft.check(today).err().unwrap_or_default();
        self.check_activity(&mut v, draft).await?;
        v.into_result().map_err(StoreError::Invalid)
    }

    /// An activity the author's agency held.
    pub async fn record_activity(
        &self,
        author: Author,
        draft: &ActivityDraft,
        today: NaiveDate,
    ) -> StoreResult<ActivityRecord> {
        self.checked_activity(draft, today).await?;
        let plan_id = self.plan_of_task(draft.task_id).await?;
        let txn = self.store.begin_write().await?;
        let body = serde_json::to_string(draft).map_err(|e| StoreError::Internal(e.to_string()))?;
        let now = crate::cases::history::now_micros();
        let created = activity::ActiveModel {
            kind: Set(draft.details.kind().code().to_owned()),
            agency_id: Set(author.agency_id.get()),
            task_id: Set(draft.task_id.map(TaskId::get)),
            held_on: Set(draft.held_on),
            unit_id: Set(draft.unit_id.clone()),
            company_id: Set(company_of(draft)),
            working_group_id: Set(super::working_groups::meeting_parts(draft)
                .0
                .map(haven_domain::ids::WorkingGroupId::get)),
            body: Set(body.clone()),
            version: Set(1),
            created_by: Set(author.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        history::write(
            &*txn,
            Entry {
                plan_id,
                record_kind: "activity",
                record_id: created.id,
                action: "create",
                user_id: author.user_id,
                at: now,
                before: None,
                after: &body,
            },
        )
        .await?;
        super::working_groups::write_actions(&*txn, author, created.id, draft, now).await?;
        super::companies::apply_sanction(&*txn, author, draft).await?;
        txn.commit().await?;
        record(created)
    }

    /// Corrects an activity, on the version the author saw. Its kind stays.
    pub async fn update_activity(
        &self,
        author: Author,
        id: ActivityId,
        expected_version: i64,
        draft: &ActivityDraft,
        today: NaiveDate,
    ) -> StoreResult<ActivityRecord> {
        self.checked_activity(draft, today).await?;
        let plan_id = self.plan_of_task(draft.task_id).await?;
        let txn = self.store.begin_write().await?;
        let row = activity::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "activity" })?;
        if row.version != expected_version {
            return Err(StoreError::StaleVersion {
                expected: expected_version,
                current: row.version,
            });
        }
        if row.kind != draft.details.kind().code() {
            return Err(StoreError::Invalid(haven_domain::Violations(vec![
                haven_domain::Violation::new(
                    "details.kind",
                    "same_kind",
                    "Không đổi được loại hoạt động; hãy ghi nhận một hoạt động mới.",
                    "An activity's kind does not change; record a new activity instead.",
                ),
            ])));
        }
        let body = serde_json::to_string(draft).map_err(|e| StoreError::Internal(e.to_string()))?;
        let now = crate::cases::history::now_micros();
        let before = row.body.clone();
        let mut active: activity::ActiveModel = row.into();
        active.task_id = Set(draft.task_id.map(TaskId::get));
        active.held_on = Set(draft.held_on);
        active.unit_id = Set(draft.unit_id.clone());
        active.company_id = Set(company_of(draft));
        active.working_group_id = Set(super::working_groups::meeting_parts(draft)
            .0
            .map(haven_domain::ids::WorkingGroupId::get));
        versioned::write::<activity::Entity>(
            &*txn,
            Change {
                record_kind: "activity",
                id: id.get(),
                plan_id,
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            active,
        )
        .await?;
        super::working_groups::write_actions(&*txn, author, id.get(), draft, now).await?;
        super::companies::apply_sanction(&*txn, author, draft).await?;
        txn.commit().await?;
        self.activity(id)
            .await?
            .ok_or(StoreError::NotFound { what: "activity" })
    }

    async fn plan_of_task(&self, task: Option<TaskId>) -> StoreResult<Option<PlanId>> {
        Ok(match task {
            Some(task) => self.task(task).await?.map(|t| t.plan_id),
            None => None,
        })
    }
}
