//! Haven's access policy as pure functions of who asks, what they want to do
//! and how their agency stands to the case. Nothing here reads a database:
//! the caller states the facts, the policy decides.
//!
//! This is the need-to-know core: an agency reaches a case only when it leads
//! it or was referred it (until it declines). Jurisdiction for supervisors,
//! field masking, children's stricter defaults and break-the-glass come with
//! the access-control issue and extend these functions.

use haven_domain::case::aggregate::ReferralStatus;
use haven_domain::case::{Case, Command};
use haven_domain::role::Role;
use serde::Serialize;

/// The caller, as the policy needs to know them.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub agency_id: i64,
    pub roles: Vec<Role>,
}

/// How the caller's agency stands to a case.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Lead,
    /// A referral to the agency is pending or accepted.
    Referred,
    Unrelated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    OpenCase,
    ReadCase,
    ReadHistory,
    Record(&'a Command),
    /// Read the person a case is about, with identity fields.
    ReadPerson,
    /// Merge two person records: asked for every case of both.
    MergePersons,
    /// Attach a file to a case, or read one attached.
    Attach,
    ReadAttachment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "decision", content = "reason")]
pub enum Decision {
    Allow,
    Deny(DenyReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DenyReason {
    /// The role never works on individual cases.
    RoleHasNoCaseAccess,
    /// The agency neither leads the case nor was referred it.
    NotInvolved,
}

pub fn relation(principal: &Principal, case: &Case) -> Relation {
    if case.lead_agency_id == principal.agency_id {
        return Relation::Lead;
    }
    let referred = case
        .referrals
        .iter()
        .any(|r| r.to_agency_id == principal.agency_id && r.status != ReferralStatus::Declined);
    if referred {
        Relation::Referred
    } else {
        Relation::Unrelated
    }
}

/// Roles that work on individual cases. Statisticians see aggregates only;
/// auditors and administrators reach cases through their own routes.
fn works_on_cases(role: Role) -> bool {
    !matches!(
        role,
        Role::Statistician | Role::Auditor | Role::SystemAdmin | Role::AgencyAdmin
    )
}

/// Whether the caller may see identity, contact and address fields of a case it may read.
pub fn may_view_identity(principal: &Principal) -> bool {
    principal.roles.iter().copied().any(works_on_cases)
}

pub fn decide(principal: &Principal, action: Action<'_>, relation: Relation) -> Decision {
    if !principal.roles.iter().copied().any(works_on_cases) {
        return Decision::Deny(DenyReason::RoleHasNoCaseAccess);
    }
    match action {
        Action::OpenCase => Decision::Allow,
        // A referred agency answers the referral itself, and records its part.
        Action::ReadPerson if !may_view_identity(principal) => {
            Decision::Deny(DenyReason::RoleHasNoCaseAccess)
        }
        Action::ReadCase
        | Action::ReadHistory
        | Action::Record(_)
        | Action::ReadPerson
        | Action::MergePersons
        | Action::Attach
        | Action::ReadAttachment => match relation {
            Relation::Lead | Relation::Referred => Decision::Allow,
            Relation::Unrelated => Decision::Deny(DenyReason::NotInvolved),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use haven_domain::case::Reception;

    fn case_led_by(agency: i64) -> Case {
        Case::open(&Reception {
            receiving_agency_id: agency,
            ..Reception::new(
                "rescue",
                NaiveDate::from_ymd_opt(2025, 8, 1).unwrap_or_default(),
            )
        })
    }

    fn who(agency: i64, role: Role) -> Principal {
        Principal {
            user_id: 1,
            agency_id: agency,
            roles: vec![role],
        }
    }

    #[test]
    fn only_involved_agencies_reach_a_case() {
        let mut case = case_led_by(1);
        let outsider = who(2, Role::SocialWorker);
        assert_eq!(relation(&outsider, &case), Relation::Unrelated);
        assert_eq!(
            decide(&outsider, Action::ReadCase, Relation::Unrelated),
            Decision::Deny(DenyReason::NotInvolved)
        );
        let referral = Command::SendReferral {
            to_agency_id: 2,
            to_facility_id: None,
            reason: "x".into(),
            shared_fields: vec![],
            transfer_lead: false,
            sent_on: NaiveDate::from_ymd_opt(2025, 8, 2).unwrap_or_default(),
        };
        case.apply(&referral, 1);
        assert_eq!(relation(&outsider, &case), Relation::Referred);
        case.apply(
            &Command::DeclineReferral {
                referral_no: 1,
                reason: "không phù hợp".into(),
                answered_on: NaiveDate::from_ymd_opt(2025, 8, 3).unwrap_or_default(),
            },
            2,
        );
        assert_eq!(
            relation(&outsider, &case),
            Relation::Unrelated,
            "a declined referral ends access"
        );
        assert_eq!(
            relation(&who(1, Role::PoliceOfficer), &case),
            Relation::Lead
        );
    }

    #[test]
    fn statisticians_and_auditors_never_open_a_case() {
        for role in [Role::Statistician, Role::Auditor] {
            let p = who(1, role);
            assert_eq!(
                decide(&p, Action::ReadCase, Relation::Lead),
                Decision::Deny(DenyReason::RoleHasNoCaseAccess)
            );
            assert_eq!(
                decide(&p, Action::OpenCase, Relation::Unrelated),
                Decision::Deny(DenyReason::RoleHasNoCaseAccess)
            );
            assert!(!may_view_identity(&p));
        }
        assert_eq!(
            decide(
                &who(1, Role::HotlineOperator),
                Action::OpenCase,
                Relation::Unrelated
            ),
            Decision::Allow
        );
    }
}
