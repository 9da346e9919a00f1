//! What every change to a programme record shares, written once: refuse a
//! change that changes nothing, update the row only on the version the
//! author saw (a commit in between leaves it untouched: stale), and write
//! the history entry with the record as it was and as it is — all in the
//! caller's transaction. A new record's entry is written here too.

use super::history::{self, Entry};
use super::{stale, Author};
use crate::entities::{
    activity, budget_entry, budget_line, company, follow_up_action, plan, plan_target, plan_task,
    service_entry, working_group,
};
use crate::error::StoreResult;
use haven_domain::ids::PlanId;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// A programme table whose rows keep a JSON body under a version.
pub(crate) trait VersionedTable: EntityTrait {
    const ID: Self::Column;
    const BODY: Self::Column;
    const VERSION: Self::Column;
    const UPDATED_AT: Self::Column;
}

macro_rules! versioned {
    ($($table:ident),*) => {$(
        impl VersionedTable for $table::Entity {
            const ID: $table::Column = $table::Column::Id;
            const BODY: $table::Column = $table::Column::Body;
            const VERSION: $table::Column = $table::Column::Version;
            const UPDATED_AT: $table::Column = $table::Column::UpdatedAt;
        }
    )*};
}

versioned!(
    plan,
    plan_target,
    plan_task,
    activity,
    budget_line,
    budget_entry,
    company,
    working_group,
    follow_up_action,
    service_entry
);

/// One change to a record, as the history keeps it.
pub(crate) struct Change<'a> {
    pub record_kind: &'static str,
    pub id: i64,
    pub plan_id: Option<PlanId>,
    pub author: Author,
    pub expected_version: i64,
    /// The body as stored, and as the author wrote it.
    pub before: &'a str,
    pub after: &'a str,
}

/// Writes `row` (its own columns already set) with the new body, on the
/// version the author saw, and its history entry.
pub(crate) async fn write<E>(
    db: &impl ConnectionTrait,
    change: Change<'_>,
    mut row: E::ActiveModel,
) -> StoreResult<()>
where
    E: VersionedTable,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    super::no_change(change.before, change.after)?;
    let now = crate::cases::history::now_micros();
    row.set(E::BODY, change.after.into());
    row.set(E::VERSION, (change.expected_version + 1).into());
    row.set(E::UPDATED_AT, now.into());
    let updated = E::update_many()
        .set(row)
        .filter(E::ID.eq(change.id))
        .filter(E::VERSION.eq(change.expected_version))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Err(stale(change.expected_version, change.expected_version + 1));
    }
    history::write(
        db,
        Entry {
            plan_id: change.plan_id,
            record_kind: change.record_kind,
            record_id: change.id,
            action: "update",
            user_id: change.author.user_id,
            at: now,
            before: Some(change.before),
            after: change.after,
        },
    )
    .await
}

/// The history entry of a record just written, in the caller's transaction.
pub(crate) async fn created(
    db: &impl ConnectionTrait,
    record_kind: &'static str,
    id: i64,
    plan_id: Option<PlanId>,
    author: Author,
    at: chrono::DateTime<chrono::Utc>,
    body: &str,
) -> StoreResult<()> {
    history::write(
        db,
        Entry {
            plan_id,
            record_kind,
            record_id: id,
            action: "create",
            user_id: author.user_id,
            at,
            before: None,
            after: body,
        },
    )
    .await
}
