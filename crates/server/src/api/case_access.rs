//! What every case-related handler asks first: who is calling, how their
//! agency stands to the case, and whether the policy allows the action.

use crate::error::ApiError;
use crate::AppState;
use chrono::{FixedOffset, NaiveDate, Utc};
use haven_access::{decide, relation, Action, Decision, DenyReason, Principal, Relation};
use haven_store::cases::{Actor, CaseRecord};
use haven_store::UserAccount;

/// Dates are Vietnamese dates: UTC+7 all year.
pub(super) fn today() -> NaiveDate {
    match FixedOffset::east_opt(7 * 3600) {
        Some(vietnam) => Utc::now().with_timezone(&vietnam).date_naive(),
        None => Utc::now().date_naive(),
    }
}

pub(super) fn principal(user: &UserAccount) -> Principal {
    Principal {
        user_id: user.id,
        agency_id: user.agency_id,
        roles: user.roles.clone(),
    }
}

pub(super) fn actor(user: &UserAccount) -> Actor {
    Actor {
        user_id: user.id,
        agency_id: user.agency_id,
    }
}

/// Allow, or the error to answer: an uninvolved agency learns nothing, not even that the case exists.
pub(super) fn enforce(decision: Decision) -> Result<(), ApiError> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::Deny(DenyReason::RoleHasNoCaseAccess) => Err(ApiError::forbidden()),
        Decision::Deny(DenyReason::NotInvolved) => Err(ApiError::not_found()),
    }
}

/// The case, when the caller may take `action` on it.
pub(super) async fn case_for(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    action: Action<'_>,
) -> Result<(CaseRecord, Relation), ApiError> {
    let who = principal(user);
    enforce(decide(&who, action, Relation::Lead))?;
    let case = state
        .store
        .case_by_number(number)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let relation = relation(&who, &case.state);
    enforce(decide(&who, action, relation))?;
    Ok((case, relation))
}
