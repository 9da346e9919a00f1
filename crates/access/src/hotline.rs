//! Who may do what with the hotline's contacts. A contact may name a caller
//! and a person in danger, so it is read as strictly as a case: in full by
//! the staff of the hotline that keeps it, and — for a contact dispatched
//! to an agency — by that agency, only as far as it needs to act (the
//! caller's number masked). Statisticians see the hotline's figures only.

use crate::decide::{Decision, DenyReason};
use crate::permission::Permission;
use crate::scope::Principal;
use haven_domain::ids::AgencyId;

/// How an agency stands to a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactParties<'a> {
    /// The hotline that took it.
    pub keeper: AgencyId,
    /// The agencies it was dispatched to.
    pub dispatched_to: &'a [AgencyId],
}

/// What a reader may see of a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactSight {
    /// The hotline's own staff: everything, the caller's number whole.
    Keeper,
    /// An agency it was dispatched to: what it needs to act.
    Dispatched,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactAction<'a> {
    /// Record a new contact, kept by one's own hotline.
    Record,
    /// Read one contact.
    Read(ContactParties<'a>),
    /// Correct it, dispatch it, mark its call back made, attach it to a case.
    Keep(ContactParties<'a>),
    /// Answer a dispatch made to `to`.
    Answer {
        parties: ContactParties<'a>,
        to: AgencyId,
    },
    /// Open a case from it at reception.
    OpenCaseFrom(ContactParties<'a>),
}

pub fn permission_for_contact(action: ContactAction<'_>) -> Permission {
    match action {
        ContactAction::Record | ContactAction::Keep(_) => Permission::RecordContacts,
        ContactAction::Read(_) | ContactAction::Answer { .. } => Permission::AnswerDispatches,
        ContactAction::OpenCaseFrom(_) => Permission::OpenCase,
    }
}

/// What `principal` may see of a contact, if anything.
pub fn contact_sight(principal: &Principal, parties: ContactParties<'_>) -> Option<ContactSight> {
    let own = AgencyId(principal.agency_id);
    if principal.can(Permission::RecordContacts) && parties.keeper == own {
        Some(ContactSight::Keeper)
    } else if principal.can(Permission::AnswerDispatches) && parties.dispatched_to.contains(&own) {
        Some(ContactSight::Dispatched)
    } else {
        None
    }
}

pub fn decide_contact(principal: &Principal, action: ContactAction<'_>) -> Decision {
    let own = AgencyId(principal.agency_id);
    let verdict = |in_scope: bool| {
        if in_scope {
            Decision::Allow
        } else {
            Decision::Deny(DenyReason::NotInScope)
        }
    };
    match action {
        ContactAction::Record => {
            if principal.can(Permission::RecordContacts) {
                Decision::Allow
            } else {
                Decision::Deny(DenyReason::MissingPermission)
            }
        }
        ContactAction::Read(parties) => {
            if !principal.can(Permission::RecordContacts)
                && !principal.can(Permission::AnswerDispatches)
            {
                return Decision::Deny(DenyReason::MissingPermission);
            }
            verdict(contact_sight(principal, parties).is_some())
        }
        ContactAction::Keep(parties) => {
            if !principal.can(Permission::RecordContacts) {
                return Decision::Deny(DenyReason::MissingPermission);
            }
            verdict(parties.keeper == own)
        }
        ContactAction::Answer { parties, to } => {
            if !principal.can(Permission::AnswerDispatches) {
                return Decision::Deny(DenyReason::MissingPermission);
            }
            verdict(to == own && parties.dispatched_to.contains(&own))
        }
        ContactAction::OpenCaseFrom(parties) => {
            if !principal.can(Permission::OpenCase) {
                return Decision::Deny(DenyReason::MissingPermission);
            }
            verdict(contact_sight(principal, parties).is_some())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permission::PermissionTable;
    use haven_domain::role::Role;

    fn someone(role: Role, agency: i64) -> Principal {
        Principal::new(1, agency, vec![role], &PermissionTable::default(), None)
    }

    const HOTLINE: AgencyId = AgencyId(1);
    const POLICE: AgencyId = AgencyId(2);
    const OTHER: AgencyId = AgencyId(3);

    #[test]
    fn the_hotline_sees_all_the_dispatched_agency_what_it_needs_others_nothing() {
        let dispatched = [POLICE];
        let parties = ContactParties {
            keeper: HOTLINE,
            dispatched_to: &dispatched,
        };
        let operator = someone(Role::HotlineOperator, HOTLINE.get());
        let police = someone(Role::PoliceOfficer, POLICE.get());
        let other_police = someone(Role::PoliceOfficer, OTHER.get());
        let statistician = someone(Role::Statistician, HOTLINE.get());
        assert_eq!(
            contact_sight(&operator, parties),
            Some(ContactSight::Keeper)
        );
        assert_eq!(
            contact_sight(&police, parties),
            Some(ContactSight::Dispatched)
        );
        assert_eq!(contact_sight(&other_police, parties), None);
        assert_eq!(contact_sight(&statistician, parties), None);
        assert_eq!(
            decide_contact(&statistician, ContactAction::Read(parties)),
            Decision::Deny(DenyReason::MissingPermission)
        );
        assert_eq!(
            decide_contact(&other_police, ContactAction::Read(parties)),
            Decision::Deny(DenyReason::NotInScope)
        );
    }

    #[test]
    fn only_the_hotline_keeps_and_only_the_agency_dispatched_to_answers() {
        let dispatched = [POLICE];
        let parties = ContactParties {
            keeper: HOTLINE,
            dispatched_to: &dispatched,
        };
        let operator = someone(Role::HotlineOperator, HOTLINE.get());
        let police = someone(Role::PoliceOfficer, POLICE.get());
        assert_eq!(
            decide_contact(&operator, ContactAction::Record),
            Decision::Allow
        );
        assert_eq!(
            decide_contact(&police, ContactAction::Record),
            Decision::Deny(DenyReason::MissingPermission)
        );
        assert_eq!(
            decide_contact(&operator, ContactAction::Keep(parties)),
            Decision::Allow
        );
        assert_eq!(
            decide_contact(&police, ContactAction::Keep(parties)),
            Decision::Deny(DenyReason::MissingPermission)
        );
        assert_eq!(
            decide_contact(
                &police,
                ContactAction::Answer {
                    parties,
                    to: POLICE
                }
            ),
            Decision::Allow
        );
        assert_eq!(
            decide_contact(
                &operator,
                ContactAction::Answer {
                    parties,
                    to: POLICE
                }
            ),
            Decision::Deny(DenyReason::NotInScope)
        );
        assert_eq!(
            decide_contact(&police, ContactAction::OpenCaseFrom(parties)),
            Decision::Allow
        );
        let other_hotline = someone(Role::HotlineOperator, OTHER.get());
        assert_eq!(
            decide_contact(&other_hotline, ContactAction::Keep(parties)),
            Decision::Deny(DenyReason::NotInScope)
        );
    }
}
