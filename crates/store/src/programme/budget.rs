//! A plan's budget: its estimates, and the allocations and spending against
//! each. Spending never passes what was allocated to its estimate: the
//! check and the write are one transaction.

use super::versioned::{self, Change};
use super::{from_json, stale, to_json, Author, Programme};
use crate::entities::{budget_entry, budget_line, plan};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::ids::{BudgetEntryId, BudgetLineId, PlanId, TaskId};
use haven_domain::programme::{BudgetEntryDraft, BudgetKind, BudgetLineDraft, EntryKind};
use haven_domain::{Violation, Violations};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetLineRecord {
    pub id: BudgetLineId,
    pub plan_id: PlanId,
    pub line: BudgetLineDraft,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetEntryRecord {
    pub id: BudgetEntryId,
    pub line_id: BudgetLineId,
    pub plan_id: PlanId,
    pub entry: BudgetEntryDraft,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

fn line_record(row: budget_line::Model) -> StoreResult<BudgetLineRecord> {
    Ok(BudgetLineRecord {
        id: BudgetLineId(row.id),
        plan_id: PlanId(row.plan_id),
        line: from_json(&row.body, "budget line")?,
        version: row.version,
    })
}

fn entry_record(row: budget_entry::Model) -> StoreResult<BudgetEntryRecord> {
    Ok(BudgetEntryRecord {
        id: BudgetEntryId(row.id),
        line_id: BudgetLineId(row.line_id),
        plan_id: PlanId(row.plan_id),
        entry: from_json(&row.body, "budget entry")?,
        version: row.version,
        created_at: row.created_at,
    })
}

fn invalid(field: &str, rule: &'static str, vi: &str, en: &str) -> StoreError {
    StoreError::Invalid(Violations(vec![Violation::new(field, rule, vi, en)]))
}

impl Programme<'_> {
    /// The plan's estimates, of one year or all, by year, kind and source.
    pub async fn budget_lines(
        &self,
        plan_id: PlanId,
        year: Option<i32>,
    ) -> StoreResult<Vec<BudgetLineRecord>> {
        let mut query =
            budget_line::Entity::find().filter(budget_line::Column::PlanId.eq(plan_id.get()));
        if let Some(year) = year {
            query = query.filter(budget_line::Column::Year.eq(year));
        }
        query
            .order_by_asc(budget_line::Column::Year)
            .order_by_asc(budget_line::Column::Kind)
            .order_by_asc(budget_line::Column::FundingSource)
            .order_by_asc(budget_line::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(line_record)
            .collect()
    }

    pub async fn budget_line(&self, id: BudgetLineId) -> StoreResult<Option<BudgetLineRecord>> {
        budget_line::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(line_record)
            .transpose()
    }

    /// The allocations and spending against the plan's estimates, in the
    /// order they happened.
    pub async fn budget_entries(&self, plan_id: PlanId) -> StoreResult<Vec<BudgetEntryRecord>> {
        budget_entry::Entity::find()
            .filter(budget_entry::Column::PlanId.eq(plan_id.get()))
            .order_by_asc(budget_entry::Column::OnDate)
            .order_by_asc(budget_entry::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(entry_record)
            .collect()
    }

    pub async fn budget_entry(&self, id: BudgetEntryId) -> StoreResult<Option<BudgetEntryRecord>> {
        budget_entry::Entity::find_by_id(id.get())
            .one(self.store.db())
            .await?
            .map(entry_record)
            .transpose()
    }

    /// Every estimate and entry of the plans issued for an area, for reports.
    pub async fn budgets_of_area(
        &self,
        area_code: &str,
    ) -> StoreResult<(Vec<BudgetLineRecord>, Vec<BudgetEntryRecord>)> {
        let plans: Vec<i64> = plan::Entity::find()
            .filter(plan::Column::AreaCode.eq(area_code))
            .all(self.store.db())
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        let lines = budget_line::Entity::find()
            .filter(budget_line::Column::PlanId.is_in(plans.clone()))
            .order_by_asc(budget_line::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(line_record)
            .collect::<StoreResult<_>>()?;
        let entries = budget_entry::Entity::find()
            .filter(budget_entry::Column::PlanId.is_in(plans))
            .order_by_asc(budget_entry::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(entry_record)
            .collect::<StoreResult<_>>()?;
        Ok((lines, entries))
    }

    async fn checked_line(&self, plan_id: PlanId, draft: &BudgetLineDraft) -> StoreResult<()> {
        let mut v = draft.check().err().unwrap_or_default();
        let years = self.years_of(plan_id).await?;
        if draft.year < years.first || draft.year > years.last {
            v.push(Violation::new(
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
            ));
        }
        if !draft.funding_source.trim().is_empty()
            && !self
                .store
                .code_exists("funding_source", &draft.funding_source)
                .await?
        {
            v.push(Violation::unknown_code("funding_source", "funding_source"));
        }
        if let Some(task) = draft.task_id {
            if self.task(task).await?.map(|t| t.plan_id) != Some(plan_id) {
                v.push(Violation::new(
                    "task_id",
                    "task_of_plan",
                    "Nhiệm vụ không thuộc kế hoạch này.",
                    "The task is not one of this plan's.",
                ));
            }
        }
        v.into_result().map_err(StoreError::Invalid)
    }

    /// An estimate of the plan's budget.
    pub async fn add_budget_line(
        &self,
        author: Author,
        plan_id: PlanId,
        draft: &BudgetLineDraft,
    ) -> StoreResult<BudgetLineRecord> {
        self.checked_line(plan_id, draft).await?;
        let txn = self.store.begin_write().await?;
        let body = to_json(draft)?;
        let now = crate::cases::history::now_micros();
        let created = budget_line::ActiveModel {
            plan_id: Set(plan_id.get()),
            year: Set(draft.year),
            kind: Set(draft.kind.code().to_owned()),
            funding_source: Set(draft.funding_source.clone()),
            task_id: Set(draft.task_id.map(TaskId::get)),
            estimate_vnd: Set(draft.estimate_vnd),
            body: Set(body.clone()),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        versioned::created(
            &*txn,
            "budget_line",
            created.id,
            Some(plan_id),
            author,
            now,
            &body,
        )
        .await?;
        txn.commit().await?;
        line_record(created)
    }

    /// Changes an estimate, on the version the author saw. Once money was
    /// allocated or spent against it, its year stays.
    pub async fn update_budget_line(
        &self,
        author: Author,
        id: BudgetLineId,
        expected_version: i64,
        draft: &BudgetLineDraft,
    ) -> StoreResult<BudgetLineRecord> {
        let current = self.budget_line(id).await?.ok_or(StoreError::NotFound {
            what: "budget line",
        })?;
        self.checked_line(current.plan_id, draft).await?;
        let txn = self.store.begin_write().await?;
        let row = budget_line::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound {
                what: "budget line",
            })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        if row.year != draft.year && entries_of(&*txn, id).await? > 0 {
            return Err(invalid(
                "year",
                "year_of_entries",
                "Dự toán đã có khoản cấp, chi: không đổi được năm.",
                "Money was allocated or spent against this estimate: its year stays.",
            ));
        }
        let body = to_json(draft)?;
        let before = row.body.clone();
        let mut active: budget_line::ActiveModel = row.into();
        active.year = Set(draft.year);
        active.kind = Set(draft.kind.code().to_owned());
        active.funding_source = Set(draft.funding_source.clone());
        active.task_id = Set(draft.task_id.map(TaskId::get));
        active.estimate_vnd = Set(draft.estimate_vnd);
        versioned::write::<budget_line::Entity>(
            &*txn,
            Change {
                record_kind: "budget_line",
                id: id.get(),
                plan_id: Some(current.plan_id),
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            active,
        )
        .await?;
        txn.commit().await?;
        self.budget_line(id).await?.ok_or(StoreError::NotFound {
            what: "budget line",
        })
    }

    /// An allocation or a payment against an estimate.
    pub async fn record_budget_entry(
        &self,
        author: Author,
        line_id: BudgetLineId,
        draft: &BudgetEntryDraft,
        today: NaiveDate,
    ) -> StoreResult<BudgetEntryRecord> {
        let line = self
            .budget_line(line_id)
            .await?
            .ok_or(StoreError::NotFound {
                what: "budget line",
            })?;
        draft.check(line.line.year, today)?;
        spent_on_cases_only(&line, draft)?;
        let txn = self.store.begin_write().await?;
        within_allocation(&*txn, line_id, None, draft).await?;
        let body = to_json(draft)?;
        let now = crate::cases::history::now_micros();
        let created = budget_entry::ActiveModel {
            line_id: Set(line_id.get()),
            plan_id: Set(line.plan_id.get()),
            kind: Set(draft.kind.code().to_owned()),
            on_date: Set(draft.on),
            amount_vnd: Set(draft.amount_vnd),
            body: Set(body.clone()),
            version: Set(1),
            created_by: Set(author.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        versioned::created(
            &*txn,
            "budget_entry",
            created.id,
            Some(line.plan_id),
            author,
            now,
            &body,
        )
        .await?;
        txn.commit().await?;
        entry_record(created)
    }

    /// Corrects an allocation or payment, on the version the author saw.
    pub async fn update_budget_entry(
        &self,
        author: Author,
        id: BudgetEntryId,
        expected_version: i64,
        draft: &BudgetEntryDraft,
        today: NaiveDate,
    ) -> StoreResult<BudgetEntryRecord> {
        let current = self.budget_entry(id).await?.ok_or(StoreError::NotFound {
            what: "budget entry",
        })?;
        let line = self
            .budget_line(current.line_id)
            .await?
            .ok_or(StoreError::NotFound {
                what: "budget line",
            })?;
        draft.check(line.line.year, today)?;
        spent_on_cases_only(&line, draft)?;
        let txn = self.store.begin_write().await?;
        let row = budget_entry::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound {
                what: "budget entry",
            })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        within_allocation(&*txn, line.id, Some(id), draft).await?;
        let body = to_json(draft)?;
        let before = row.body.clone();
        let mut active: budget_entry::ActiveModel = row.into();
        active.kind = Set(draft.kind.code().to_owned());
        active.on_date = Set(draft.on);
        active.amount_vnd = Set(draft.amount_vnd);
        versioned::write::<budget_entry::Entity>(
            &*txn,
            Change {
                record_kind: "budget_entry",
                id: id.get(),
                plan_id: Some(line.plan_id),
                author,
                expected_version,
                before: &before,
                after: &body,
            },
            active,
        )
        .await?;
        txn.commit().await?;
        self.budget_entry(id).await?.ok_or(StoreError::NotFound {
            what: "budget entry",
        })
    }
}

/// Victim support is spent on the cases (each support's amount and funding
/// source) and counted from there: recorded again here, it would count twice.
fn spent_on_cases_only(line: &BudgetLineRecord, draft: &BudgetEntryDraft) -> StoreResult<()> {
    match (line.line.kind, draft.kind) {
        (BudgetKind::VictimSupport, EntryKind::Spending) => Err(invalid(
            "kind",
            "victim_support_spent_on_cases",
            "Chi hỗ trợ nạn nhân được ghi trên hồ sơ (số tiền và nguồn kinh phí của từng lần hỗ trợ) và tự tính vào dự toán này; ở đây chỉ ghi khoản cấp.",
            "Victim support is spent on the cases (each support's amount and funding source) and counted here from there; this estimate takes allocations only.",
        )),
        (
            BudgetKind::Communication
            | BudgetKind::Training
            | BudgetKind::Meetings
            | BudgetKind::Inspections
            | BudgetKind::VictimSupport
            | BudgetKind::Other,
            EntryKind::Allocation | EntryKind::Spending,
        ) => Ok(()),
    }
}

async fn entries_of(db: &impl ConnectionTrait, line: BudgetLineId) -> StoreResult<u64> {
    Ok(budget_entry::Entity::find()
        .filter(budget_entry::Column::LineId.eq(line.get()))
        .count(db)
        .await?)
}

/// Refuses an entry that would leave more spent than allocated on its line
/// (`replacing`: the entry it corrects, left out of the sums).
async fn within_allocation(
    db: &impl ConnectionTrait,
    line: BudgetLineId,
    replacing: Option<BudgetEntryId>,
    draft: &BudgetEntryDraft,
) -> StoreResult<()> {
    let (mut allocated, mut spent) = (0i128, 0i128);
    let rows = budget_entry::Entity::find()
        .filter(budget_entry::Column::LineId.eq(line.get()))
        .all(db)
        .await?;
    let others = rows
        .iter()
        .filter(|r| Some(BudgetEntryId(r.id)) != replacing)
        .map(|r| (EntryKind::from_code(&r.kind), r.amount_vnd));
    for (kind, amount) in others.chain([(Some(draft.kind), draft.amount_vnd)]) {
        match kind {
            Some(EntryKind::Allocation) => allocated += i128::from(amount),
            Some(EntryKind::Spending) => spent += i128::from(amount),
            None => {
                return Err(StoreError::Internal(
                    "a stored budget entry has an unknown kind".into(),
                ))
            }
        }
    }
    if spent > allocated {
        return Err(invalid(
            "amount_vnd",
            "within_allocation",
            &format!(
                "Số chi ({spent} đồng) vượt số đã cấp cho dự toán này ({allocated} đồng). Hãy ghi khoản cấp trước."
            ),
            &format!(
                "Spending ({spent} đồng) would pass what was allocated to this estimate ({allocated} đồng). Record the allocation first."
            ),
        ));
    }
    Ok(())
}
