//! The history of the programme's records: who changed what, when, with
//! the record as it was before and after.

use super::Programme;
use crate::entities::programme_history;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use haven_domain::ids::PlanId;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammeChange {
    pub record_kind: String,
    pub record_id: i64,
    pub action: String,
    pub user_id: i64,
    pub username: String,
    pub at: DateTime<Utc>,
    pub before: Option<Value>,
    pub after: Value,
}

/// One entry, written in the change's transaction.
pub(super) struct Entry<'a> {
    pub plan_id: Option<PlanId>,
    pub record_kind: &'static str,
    pub record_id: i64,
    pub action: &'static str,
    pub user_id: i64,
    pub at: DateTime<Utc>,
    pub before: Option<&'a str>,
    pub after: &'a str,
}

pub(super) async fn write(txn: &impl ConnectionTrait, entry: Entry<'_>) -> StoreResult<()> {
    programme_history::ActiveModel {
        plan_id: Set(entry.plan_id.map(PlanId::get)),
        record_kind: Set(entry.record_kind.to_owned()),
        record_id: Set(entry.record_id),
        action: Set(entry.action.to_owned()),
        user_id: Set(entry.user_id),
        at: Set(entry.at),
        before: Set(entry.before.map(str::to_owned)),
        after: Set(entry.after.to_owned()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

impl Programme<'_> {
    /// Every change to a plan and to its targets and tasks, oldest first.
    pub async fn plan_history(&self, plan: PlanId) -> StoreResult<Vec<ProgrammeChange>> {
        self.changes(programme_history::Column::PlanId.eq(plan.get()))
            .await
    }

    /// Every change to one activity, oldest first.
    pub async fn activity_history(&self, activity: i64) -> StoreResult<Vec<ProgrammeChange>> {
        self.record_history("activity", activity).await
    }

    /// Every change to one record of a kind (`activity`, `company`,
    /// `agency_report`, …), oldest first.
    pub async fn record_history(&self, kind: &str, id: i64) -> StoreResult<Vec<ProgrammeChange>> {
        self.changes(
            programme_history::Column::RecordKind
                .eq(kind)
                .and(programme_history::Column::RecordId.eq(id)),
        )
        .await
    }

    async fn changes(
        &self,
        condition: sea_orm::sea_query::SimpleExpr,
    ) -> StoreResult<Vec<ProgrammeChange>> {
        let db = self.store.db();
        let rows = programme_history::Entity::find()
            .filter(condition)
            .order_by_asc(programme_history::Column::Id)
            .all(db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
        let names = crate::users::usernames(db, ids).await?;
        let json = |text: &str| serde_json::from_str(text).unwrap_or(Value::Null);
        Ok(rows
            .into_iter()
            .map(|r| ProgrammeChange {
                username: names.get(&r.user_id).cloned().unwrap_or_default(),
                before: r.before.as_deref().map(json),
                after: json(&r.after),
                record_kind: r.record_kind,
                record_id: r.record_id,
                action: r.action,
                user_id: r.user_id,
                at: r.at,
            })
            .collect())
    }
}
