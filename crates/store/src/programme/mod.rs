//! The programme's records: plans with their targets, tasks and budget, and
//! the activities agencies hold. Each record keeps its author's draft (the
//! domain's type, checked before it is written) and a version; every write
//! is one transaction with its entry in `programme_history` (the record's
//! JSON before and after), on the version the writer saw.
//!
//! The interface is narrow on purpose: `store.programme()` gives a
//! [`Programme`], whose methods are all there is.

mod activities;
mod budget;
mod companies;
mod documents;
mod history;
mod plans;
mod references;
pub(crate) mod versioned;
mod working_groups;

use crate::store::Store;
use chrono::{DateTime, Utc};
use haven_domain::ids::{ActivityId, AgencyId, PlanId, TargetId, TaskId};
use haven_domain::programme::{ActivityDraft, PlanDraft, TargetDraft, TaskDraft};
use serde::Serialize;

pub use activities::ActivityFilter;
pub use budget::{BudgetEntryRecord, BudgetLineRecord};
pub use companies::CompanyRecord;
pub(crate) use documents::files_of_plan_documents;
pub use documents::PlanDocumentRecord;
pub use history::ProgrammeChange;
pub use working_groups::{ActionRecord, WorkingGroupRecord};

/// The programme's records in one store.
pub struct Programme<'a> {
    store: &'a Store,
}

impl Store {
    pub fn programme(&self) -> Programme<'_> {
        Programme { store: self }
    }
}

/// Who writes: the user and the agency they write for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Author {
    pub user_id: i64,
    pub agency_id: AgencyId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRecord {
    pub id: PlanId,
    pub issuer_agency_id: AgencyId,
    /// The issuing agency's reporting area: `VN`, `01`, `01/00070`.
    pub area_code: String,
    pub copied_from: Option<PlanId>,
    pub plan: PlanDraft,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetRecord {
    pub id: TargetId,
    pub plan_id: PlanId,
    pub position: i32,
    pub target: TargetDraft,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskRecord {
    pub id: TaskId,
    pub plan_id: PlanId,
    pub task: TaskDraft,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityRecord {
    pub id: ActivityId,
    /// The agency that held and recorded it.
    pub agency_id: AgencyId,
    pub activity: ActivityDraft,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> crate::error::StoreResult<String> {
    serde_json::to_string(value).map_err(|e| crate::error::StoreError::Internal(e.to_string()))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
) -> crate::error::StoreResult<T> {
    serde_json::from_str(text).map_err(|e| {
        crate::error::StoreError::Internal(format!("a stored {what} does not read: {e}"))
    })
}

pub(crate) fn stale(expected: i64, current: i64) -> crate::error::StoreError {
    crate::error::StoreError::StaleVersion { expected, current }
}

/// A change that changes nothing is refused: it would make a version and a
/// history entry that say nothing.
pub(crate) fn no_change(before: &str, after: &str) -> crate::error::StoreResult<()> {
    let same = match (
        serde_json::from_str::<serde_json::Value>(before),
        serde_json::from_str::<serde_json::Value>(after),
    ) {
        (Ok(a), Ok(b)) => a == b,
        (Err(_), _) | (_, Err(_)) => before == after,
    };
    if same {
        return Err(crate::error::StoreError::Invalid(haven_domain::Violations(
            vec![haven_domain::Violation::new(
                "form",
                "no_change",
                "Không có gì thay đổi so với bản đã lưu.",
                "Nothing differs from what is saved.",
            )],
        )));
    }
    Ok(())
}

/// The unit ids an area holds start with this: `VN` holds all (`2025/`),
/// `01` the province and its communes, `01/00070` that commune.
pub fn unit_prefix_of_area(area_code: &str) -> String {
    match area_code {
        "VN" => "2025/".to_owned(),
        area => format!("2025/{area}"),
    }
}
