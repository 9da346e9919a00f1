//! The programme as users see it: plans with their targets' progress and
//! their tasks, and the activities agencies held. The policy
//! (`haven_access::programme`) is asked before anything is read or written;
//! the views are built here once for the JSON API and the pages.

pub mod activities;
pub mod budget;
pub mod companies;
pub mod documents;
pub mod plans;
pub mod working_groups;

use crate::case_access::principal;
use crate::error::ApiError;
use crate::AppState;
use axum::http::StatusCode;
use haven_access::{decide_programme, Decision, DenyReason, ProgrammeAction};
use haven_domain::ids::AgencyId;
use haven_store::UserAccount;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// An agency as the programme names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AgencyRef {
    pub id: AgencyId,
    pub code: String,
    pub name: String,
}

/// Asks the policy; a refusal is 403 (the records are not secret, only
/// someone else's to change).
pub fn require(
    state: &AppState,
    user: &UserAccount,
    action: ProgrammeAction<'_>,
) -> Result<(), ApiError> {
    match decide_programme(&principal(state, user), action) {
        Decision::Allow => Ok(()),
        Decision::Deny(DenyReason::MissingPermission) => Err(ApiError::forbidden()),
        Decision::Deny(DenyReason::NotInScope) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "not_your_agency",
            "Việc này thuộc cơ quan khác: chỉ cơ quan ban hành, chủ trì hoặc ghi nhận mới được sửa.",
            "This belongs to another agency: only the issuing, leading or recording agency may change it.",
        )),
    }
}

/// Whether the policy allows an action, for showing or hiding a form.
pub fn allows(state: &AppState, user: &UserAccount, action: ProgrammeAction<'_>) -> bool {
    decide_programme(&principal(state, user), action) == Decision::Allow
}

/// The named agencies, looked up once each.
pub async fn agencies(
    state: &AppState,
    ids: Vec<AgencyId>,
) -> Result<HashMap<AgencyId, AgencyRef>, ApiError> {
    let mut found = HashMap::new();
    for id in ids {
        if found.contains_key(&id) {
            continue;
        }
        if let Some(agency) = state.store.agency(id.get()).await? {
            found.insert(
                id,
                AgencyRef {
                    id,
                    code: agency.code,
                    name: agency.name,
                },
            );
        }
    }
    Ok(found)
}

pub(crate) fn agency_ref(found: &HashMap<AgencyId, AgencyRef>, id: AgencyId) -> AgencyRef {
    found.get(&id).cloned().unwrap_or(AgencyRef {
        id,
        code: String::new(),
        name: String::new(),
    })
}

/// One change in a programme record's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChangeView {
    /// `plan`, `target`, `task` or `activity`.
    pub record_kind: String,
    pub record_id: i64,
    /// `create`, `update` or `copy`.
    pub action: String,
    pub username: String,
    pub at: chrono::DateTime<chrono::Utc>,
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub after: serde_json::Value,
}

impl From<haven_store::programme::ProgrammeChange> for ChangeView {
    fn from(change: haven_store::programme::ProgrammeChange) -> Self {
        let haven_store::programme::ProgrammeChange {
            record_kind,
            record_id,
            action,
            user_id: _,
            username,
            at,
            before,
            after,
        } = change;
        ChangeView {
            record_kind,
            record_id,
            action,
            username,
            at,
            before,
            after,
        }
    }
}
