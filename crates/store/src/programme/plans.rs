//! Plans, their targets and their tasks.

use super::history::{self, Entry};
use super::references::unknown;
use super::versioned::{self, Change};
use super::{from_json, stale, to_json, Author, PlanRecord, Programme, TargetRecord, TaskRecord};
use crate::entities::{plan, plan_target, plan_task};
use crate::error::{StoreError, StoreResult};
use chrono::NaiveDate;
use haven_domain::ids::{AgencyId, PlanId, TargetId, TaskId};
use haven_domain::programme::{PlanDraft, TargetDraft, TaskDraft};
use haven_domain::Violations;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

fn plan_record(row: plan::Model) -> StoreResult<PlanRecord> {
    Ok(PlanRecord {
        id: PlanId(row.id),
        issuer_agency_id: AgencyId(row.issuer_agency_id),
        area_code: row.area_code,
        copied_from: row.copied_from_plan_id.map(PlanId),
        plan: from_json(&row.body, "plan")?,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn target_record(row: plan_target::Model) -> StoreResult<TargetRecord> {
    Ok(TargetRecord {
        id: TargetId(row.id),
        plan_id: PlanId(row.plan_id),
        position: row.position,
        target: from_json(&row.body, "target")?,
        version: row.version,
    })
}

fn task_record(row: plan_task::Model) -> StoreResult<TaskRecord> {
    Ok(TaskRecord {
        id: TaskId(row.id),
        plan_id: PlanId(row.plan_id),
        task: from_json(&row.body, "task")?,
        version: row.version,
    })
}

impl Programme<'_> {
    pub async fn plan(&self, id: PlanId) -> StoreResult<Option<PlanRecord>> {
        plan::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(plan_record)
            .transpose()
    }

    /// Every plan, the longest-running first, then by number.
    pub async fn plans(&self) -> StoreResult<Vec<PlanRecord>> {
        let rows = plan::Entity::find()
            .order_by_desc(plan::Column::LastYear)
            .order_by_asc(plan::Column::AreaCode)
            .order_by_asc(plan::Column::Id)
            .all(self.store.db())
            .await?;
        rows.into_iter().map(plan_record).collect()
    }

    /// The plans that implement this one.
    pub async fn child_plans(&self, id: PlanId) -> StoreResult<Vec<PlanRecord>> {
        let rows = plan::Entity::find()
            .filter(plan::Column::ParentPlanId.eq(id.get()))
            .order_by_asc(plan::Column::AreaCode)
            .all(self.store.db())
            .await?;
        rows.into_iter().map(plan_record).collect()
    }

    async fn checked_plan(&self, id: Option<PlanId>, draft: &PlanDraft) -> StoreResult<()> {
        let mut v = draft.check().err().unwrap_or_default();
        self.check_plan(&mut v, id, draft).await?;
        v.into_result().map_err(StoreError::Invalid)
    }

    /// A new plan issued by the author's agency for `area_code`.
    pub async fn create_plan(
        &self,
        author: Author,
        area_code: &str,
        draft: &PlanDraft,
    ) -> StoreResult<PlanRecord> {
        self.checked_plan(None, draft).await?;
        let txn = self.store.begin_write().await?;
        let created = insert_plan(&*txn, author, area_code, draft, None).await?;
        txn.commit().await?;
        plan_record(created)
    }

    /// A new plan for the author's agency started from `source`: the same
    /// targets (definitions, units, sources and values, to be set to the
    /// area's own), none of its tasks; it implements `source` unless the
    /// draft names another parent.
    pub async fn copy_plan(
        &self,
        author: Author,
        source: PlanId,
        area_code: &str,
        draft: &PlanDraft,
    ) -> StoreResult<PlanRecord> {
        if self.plan(source).await?.is_none() {
            return Err(StoreError::NotFound { what: "plan" });
        }
        let mut draft = draft.clone();
        draft.parent_plan_id = draft.parent_plan_id.or(Some(source));
        self.checked_plan(None, &draft).await?;
        let targets = self.targets_of(source).await?;
        let years = draft.years();
        let txn = self.store.begin_write().await?;
        let created = insert_plan(&*txn, author, area_code, &draft, Some(source)).await?;
        let plan_id = PlanId(created.id);
        for (position, record) in targets.into_iter().enumerate() {
            // Values for years outside the new plan are dropped.
            let mut target = record.target;
            target.yearly.retain(|y| years.contains(y.year));
            if let haven_domain::programme::TargetSource::Manual { actuals, .. } =
                &mut target.source
            {
                actuals.clear();
            }
            insert_target(
                &*txn,
                author,
                plan_id,
                position_of(position),
                &target,
                "copy",
            )
            .await?;
        }
        txn.commit().await?;
        plan_record(created)
    }

    pub async fn update_plan(
        &self,
        author: Author,
        id: PlanId,
        expected_version: i64,
        draft: &PlanDraft,
    ) -> StoreResult<PlanRecord> {
        self.checked_plan(Some(id), draft).await?;
        let txn = self.store.begin_write().await?;
        let current = plan::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "plan" })?;
        if current.version != expected_version {
            return Err(stale(expected_version, current.version));
        }
        // Targets hold values per year: none may fall outside new years.
        let years = draft.years();
        for target in plan_target::Entity::find()
            .filter(plan_target::Column::PlanId.eq(id.get()))
            .all(&*txn)
            .await?
        {
            let target: TargetDraft = from_json(&target.body, "target")?;
            if target.check(years).is_err() {
                return Err(StoreError::Invalid(Violations(vec![
                    haven_domain::Violation::new(
                        "last_year",
                        "targets_outside_years",
                        "Có chỉ tiêu đặt giá trị cho năm nằm ngoài thời gian mới; hãy sửa chỉ tiêu trước.",
                        "A target sets a value for a year outside the new years; change the target first.",
                    ),
                ])));
            }
        }
        let body = to_json(draft)?;
        let before = current.body.clone();
        let mut row: plan::ActiveModel = current.into();
        row.parent_plan_id = Set(draft.parent_plan_id.map(PlanId::get));
        row.first_year = Set(draft.first_year);
        row.last_year = Set(draft.last_year);
        versioned::write::<plan::Entity>(
            &*txn,
            Change {
                record_kind: "plan",
                id: id.get(),
                plan_id: Some(id),
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            row,
        )
        .await?;
        let saved = plan::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "plan" })?;
        txn.commit().await?;
        plan_record(saved)
    }

    pub async fn targets_of(&self, plan_id: PlanId) -> StoreResult<Vec<TargetRecord>> {
        plan_target::Entity::find()
            .filter(plan_target::Column::PlanId.eq(plan_id.get()))
            .order_by_asc(plan_target::Column::Position)
            .order_by_asc(plan_target::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(target_record)
            .collect()
    }

    pub async fn target(&self, id: TargetId) -> StoreResult<Option<TargetRecord>> {
        plan_target::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(target_record)
            .transpose()
    }

    pub(super) async fn years_of(
        &self,
        plan_id: PlanId,
    ) -> StoreResult<haven_domain::programme::PlanYears> {
        Ok(self
            .plan(plan_id)
            .await?
            .ok_or(StoreError::NotFound { what: "plan" })?
            .plan
            .years())
    }

    /// A target added at the end of the plan's list.
    pub async fn add_target(
        &self,
        author: Author,
        plan_id: PlanId,
        draft: &TargetDraft,
    ) -> StoreResult<TargetRecord> {
        draft.check(self.years_of(plan_id).await?)?;
        let txn = self.store.begin_write().await?;
        let count = plan_target::Entity::find()
            .filter(plan_target::Column::PlanId.eq(plan_id.get()))
            .all(&*txn)
            .await?
            .len();
        let created =
            insert_target(&*txn, author, plan_id, position_of(count), draft, "create").await?;
        txn.commit().await?;
        target_record(created)
    }

    pub async fn update_target(
        &self,
        author: Author,
        id: TargetId,
        expected_version: i64,
        draft: &TargetDraft,
    ) -> StoreResult<TargetRecord> {
        let current = self
            .target(id)
            .await?
            .ok_or(StoreError::NotFound { what: "target" })?;
        draft.check(self.years_of(current.plan_id).await?)?;
        let txn = self.store.begin_write().await?;
        let row = plan_target::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "target" })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        let body = to_json(draft)?;
        let before = row.body.clone();
        let plan_id = PlanId(row.plan_id);
        let active: plan_target::ActiveModel = row.into();
        versioned::write::<plan_target::Entity>(
            &*txn,
            Change {
                record_kind: "target",
                id: id.get(),
                plan_id: Some(plan_id),
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            active,
        )
        .await?;
        txn.commit().await?;
        self.target(id)
            .await?
            .ok_or(StoreError::NotFound { what: "target" })
    }

    pub async fn tasks_of(&self, plan_id: PlanId) -> StoreResult<Vec<TaskRecord>> {
        plan_task::Entity::find()
            .filter(plan_task::Column::PlanId.eq(plan_id.get()))
            .order_by_asc(plan_task::Column::EndsOn)
            .order_by_asc(plan_task::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(task_record)
            .collect()
    }

    pub async fn task(&self, id: TaskId) -> StoreResult<Option<TaskRecord>> {
        plan_task::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(task_record)
            .transpose()
    }

    /// Tasks an agency leads that are not done or dropped, and end by `until`.
    pub async fn open_tasks_led_by(
        &self,
        agency: AgencyId,
        until: NaiveDate,
    ) -> StoreResult<Vec<TaskRecord>> {
        plan_task::Entity::find()
            .filter(plan_task::Column::LeadAgencyId.eq(agency.get()))
            .filter(plan_task::Column::Status.is_in(["not_started", "in_progress"]))
            .filter(plan_task::Column::EndsOn.lte(until))
            .order_by_asc(plan_task::Column::EndsOn)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(task_record)
            .collect()
    }

    /// The tasks an agency leads or cooperates in, by end date.
    pub async fn tasks_involving(&self, agency: AgencyId) -> StoreResult<Vec<TaskRecord>> {
        let tasks: Vec<TaskRecord> = plan_task::Entity::find()
            .order_by_asc(plan_task::Column::EndsOn)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(task_record)
            .collect::<StoreResult<_>>()?;
        Ok(tasks
            .into_iter()
            .filter(|t| {
                t.task.lead_agency_id == agency || t.task.cooperating_agency_ids.contains(&agency)
            })
            .collect())
    }

    async fn checked_task(&self, draft: &TaskDraft) -> StoreResult<()> {
        let mut v = draft.check().err().unwrap_or_default();
        self.check_task(&mut v, draft).await?;
        v.into_result().map_err(StoreError::Invalid)
    }

    pub async fn add_task(
        &self,
        author: Author,
        plan_id: PlanId,
        draft: &TaskDraft,
    ) -> StoreResult<TaskRecord> {
        if self.plan(plan_id).await?.is_none() {
            return Err(StoreError::Invalid(unknown("plan_id", "plans")));
        }
        self.checked_task(draft).await?;
        let txn = self.store.begin_write().await?;
        let body = to_json(draft)?;
        let now = crate::cases::history::now_micros();
        let created = plan_task::ActiveModel {
            plan_id: Set(plan_id.get()),
            lead_agency_id: Set(draft.lead_agency_id.get()),
            ends_on: Set(draft.ends_on),
            status: Set(draft.status.code().to_owned()),
            body: Set(body.clone()),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        versioned::created(&*txn, "task", created.id, Some(plan_id), author, now, &body).await?;
        txn.commit().await?;
        task_record(created)
    }

    pub async fn update_task(
        &self,
        author: Author,
        id: TaskId,
        expected_version: i64,
        draft: &TaskDraft,
    ) -> StoreResult<TaskRecord> {
        self.checked_task(draft).await?;
        let txn = self.store.begin_write().await?;
        let row = plan_task::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "task" })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        let body = to_json(draft)?;
        let before = row.body.clone();
        let plan_id = PlanId(row.plan_id);
        let mut active: plan_task::ActiveModel = row.into();
        active.lead_agency_id = Set(draft.lead_agency_id.get());
        active.ends_on = Set(draft.ends_on);
        active.status = Set(draft.status.code().to_owned());
        versioned::write::<plan_task::Entity>(
            &*txn,
            Change {
                record_kind: "task",
                id: id.get(),
                plan_id: Some(plan_id),
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            active,
        )
        .await?;
        txn.commit().await?;
        self.task(id)
            .await?
            .ok_or(StoreError::NotFound { what: "task" })
    }
}

fn position_of(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

async fn insert_plan(
    txn: &impl ConnectionTrait,
    author: Author,
    area_code: &str,
    draft: &PlanDraft,
    copied_from: Option<PlanId>,
) -> StoreResult<plan::Model> {
    let body = to_json(draft)?;
    let now = crate::cases::history::now_micros();
    let created = plan::ActiveModel {
        issuer_agency_id: Set(author.agency_id.get()),
        area_code: Set(area_code.to_owned()),
        parent_plan_id: Set(draft.parent_plan_id.map(PlanId::get)),
        copied_from_plan_id: Set(copied_from.map(PlanId::get)),
        first_year: Set(draft.first_year),
        last_year: Set(draft.last_year),
        body: Set(body.clone()),
        version: Set(1),
        created_by: Set(author.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    history::write(
        txn,
        Entry {
            plan_id: Some(PlanId(created.id)),
            record_kind: "plan",
            record_id: created.id,
            action: if copied_from.is_some() {
                "copy"
            } else {
                "create"
            },
            user_id: author.user_id,
            at: now,
            before: None,
            after: &body,
        },
    )
    .await?;
    Ok(created)
}

async fn insert_target(
    txn: &impl ConnectionTrait,
    author: Author,
    plan_id: PlanId,
    position: i32,
    draft: &TargetDraft,
    action: &'static str,
) -> StoreResult<plan_target::Model> {
    let body = to_json(draft)?;
    let now = crate::cases::history::now_micros();
    let created = plan_target::ActiveModel {
        plan_id: Set(plan_id.get()),
        position: Set(position),
        body: Set(body.clone()),
        version: Set(1),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    history::write(
        txn,
        Entry {
            plan_id: Some(plan_id),
            record_kind: "target",
            record_id: created.id,
            action,
            user_id: author.user_id,
            at: now,
            before: None,
            after: &body,
        },
    )
    .await?;
    Ok(created)
}
