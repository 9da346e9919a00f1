//! The hotline's contacts, their dispatches to the agency of the place and
//! each contact's history. Every write is one transaction with its history
//! entry, on the version the writer saw; an escalation is claimed by one
//! conditional update, so several Haven instances sharing a database
//! escalate a dispatch once.
//!
//! The interface is narrow on purpose: `store.hotline()` gives a
//! [`Hotline`], whose methods are all there is.

mod contacts;
mod dispatches;
mod history;
mod links;

use crate::store::Store;
use chrono::{DateTime, Utc};
use haven_domain::hotline::ContactDraft;
use haven_domain::ids::{AgencyId, ContactId, DispatchId};
use serde::Serialize;

pub use contacts::ContactFilter;
pub use history::ContactChange;
pub(crate) use links::link_in;

/// The hotline's records in one store.
pub struct Hotline<'a> {
    store: &'a Store,
}

impl Store {
    pub fn hotline(&self) -> Hotline<'_> {
        Hotline { store: self }
    }
}

/// Who writes: the user and the agency they write for.
pub use crate::programme::Author;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRecord {
    pub id: ContactId,
    /// `LH-2026-000123`.
    pub number: String,
    /// The hotline that took it.
    pub keeper_agency_id: AgencyId,
    pub operator_user_id: i64,
    pub contact: ContactDraft,
    /// The case it opened or was attached to, by number.
    pub case_number: Option<String>,
    pub follow_up_done_at: Option<DateTime<Utc>>,
    pub dispatches: Vec<DispatchRecord>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ContactRecord {
    /// The agencies it was dispatched to, for the access policy.
    pub fn dispatched_to(&self) -> Vec<AgencyId> {
        self.dispatches.iter().map(|d| d.agency_id).collect()
    }

    /// Whether an agency it was dispatched to answered.
    pub fn answered(&self) -> bool {
        self.dispatches.iter().any(|d| d.answered_at.is_some())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DispatchRecord {
    pub id: DispatchId,
    pub agency_id: AgencyId,
    pub note: String,
    pub dispatched_at: DateTime<Utc>,
    /// None when Haven escalated it by itself.
    pub dispatched_by: Option<i64>,
    pub due_at: DateTime<Utc>,
    pub escalated_from: Option<DispatchId>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub answered_by: Option<i64>,
    pub answer: Option<String>,
}

/// The contact numbers' yearly series in the counters' table: no province
/// has this as its GSO code.
const NUMBER_SERIES: &str = "LH";

fn format_number(year: i32, seq: i64) -> String {
    format!("{NUMBER_SERIES}-{year}-{seq:06}")
}

/// Moves a contact to its next version with `set`'s changes: on the
/// version the writer saw when there is one (stale otherwise); whatever
/// it is now for what does not depend on it (an answer, an escalation).
pub(super) async fn bump(
    db: &impl sea_orm::ConnectionTrait,
    id: i64,
    expected_version: Option<i64>,
    now: DateTime<Utc>,
    set: impl FnOnce(&mut crate::entities::contact::ActiveModel),
) -> crate::error::StoreResult<()> {
    use crate::entities::contact;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
    let mut changes = contact::ActiveModel {
        updated_at: Set(now),
        ..Default::default()
    };
    set(&mut changes);
    let mut update = contact::Entity::update_many()
        .set(changes)
        .col_expr(
            contact::Column::Version,
            Expr::col(contact::Column::Version).add(1),
        )
        .filter(contact::Column::Id.eq(id));
    if let Some(expected) = expected_version {
        update = update.filter(contact::Column::Version.eq(expected));
    }
    let done = update.exec(db).await?;
    if done.rows_affected != 1 {
        let current = contact::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(crate::error::StoreError::NotFound { what: "contact" })?
            .version;
        return Err(crate::programme::stale(
            expected_version.unwrap_or(current),
            current,
        ));
    }
    Ok(())
}
