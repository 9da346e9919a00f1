//! How a user stands to a case: the facts the policy needs, and the scope
//! they give.

use super::permission::{Permission, PermissionTable};
use haven_domain::case::aggregate::ReferralStatus;
use haven_domain::case::Case;
use haven_domain::role::Role;
use serde::Serialize;
use std::collections::BTreeSet;

/// The caller, as the policy needs to know them.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub agency_id: i64,
    pub roles: Vec<Role>,
    pub permissions: BTreeSet<Permission>,
    /// The 2025 administrative unit a supervisor's agency answers for (`2025/01`, `2025/01/00070`).
    pub jurisdiction: Option<String>,
}

impl Principal {
    pub fn new(
        user_id: i64,
        agency_id: i64,
        roles: Vec<Role>,
        table: &PermissionTable,
        agency_unit: Option<String>,
    ) -> Principal {
        let permissions = table.permissions_of(&roles);
        let jurisdiction = agency_unit.filter(|_| roles.contains(&Role::Supervisor));
        Principal {
            user_id,
            agency_id,
            roles,
            permissions,
            jurisdiction,
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// What the policy needs to know about one case, read by the caller.
#[derive(Debug, Clone)]
pub struct CaseFacts<'a> {
    pub case: &'a Case,
    /// The 2025 unit of the lead agency: where the case is held.
    pub held_in_unit: Option<String>,
    /// The caller holds a break-the-glass grant for this case that has not expired.
    pub emergency_grant: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The caller's agency leads the case.
    Lead,
    /// A referral to the caller's agency was accepted (and not answered since).
    Referred,
    /// A referral to the caller's agency waits for its answer, and none was
    /// accepted: the agency reads what it needs to decide, and answers.
    Offered,
    /// The case is held in the unit the caller supervises.
    Supervised,
    /// A break-the-glass grant, for a limited time.
    Emergency,
    Unrelated,
}

/// Unit ids are paths: a unit lies in another when it is it or below it.
pub use haven_domain::admin_unit::is_within as unit_within;

pub fn scope_of(principal: &Principal, facts: &CaseFacts<'_>) -> Scope {
    let case = facts.case;
    if case.lead_agency_id == principal.agency_id {
        return Scope::Lead;
    }
    let to_caller = || {
        case.referrals
            .iter()
            .filter(|r| r.to_agency_id == principal.agency_id)
    };
    if to_caller().any(|r| r.status == ReferralStatus::Accepted) {
        return Scope::Referred;
    }
    if to_caller().any(|r| r.status == ReferralStatus::Pending) {
        return Scope::Offered;
    }
    if let (Some(area), Some(unit)) = (&principal.jurisdiction, &facts.held_in_unit) {
        if unit_within(unit, area) {
            return Scope::Supervised;
        }
    }
    if facts.emergency_grant {
        return Scope::Emergency;
    }
    Scope::Unrelated
}
