//! Who reads and keeps the directory of services. What agencies offer is
//! meant to be found: everyone who works in Haven reads it. An agency's
//! administrators keep their agency's entry and their facilities'; the
//! system's administrators keep every entry, those of providers outside
//! Haven included.

use crate::decide::{Decision, DenyReason};
use crate::permission::Permission;
use crate::scope::Principal;
use haven_domain::ids::AgencyId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryAction {
    Read,
    /// Add or change an entry kept by `keeper` (none: a provider outside Haven).
    Keep {
        keeper: Option<AgencyId>,
    },
}

pub fn decide_directory(principal: &Principal, action: DirectoryAction) -> Decision {
    match action {
        DirectoryAction::Read => Decision::Allow,
        DirectoryAction::Keep { keeper } => {
            if principal.can(Permission::ManageOrganisation) {
                return Decision::Allow;
            }
            if !principal.can(Permission::ManageAgencyUsers) {
                return Decision::Deny(DenyReason::MissingPermission);
            }
            if keeper == Some(AgencyId(principal.agency_id)) {
                Decision::Allow
            } else {
                Decision::Deny(DenyReason::NotInScope)
            }
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

    #[test]
    fn an_agency_keeps_its_own_entry_and_the_system_every_one() {
        let own = DirectoryAction::Keep {
            keeper: Some(AgencyId(1)),
        };
        let outside = DirectoryAction::Keep { keeper: None };
        let agency_admin = someone(Role::AgencyAdmin, 1);
        assert_eq!(decide_directory(&agency_admin, own), Decision::Allow);
        assert_eq!(
            decide_directory(&someone(Role::AgencyAdmin, 2), own),
            Decision::Deny(DenyReason::NotInScope)
        );
        assert_eq!(
            decide_directory(&agency_admin, outside),
            Decision::Deny(DenyReason::NotInScope)
        );
        assert_eq!(
            decide_directory(&someone(Role::SystemAdmin, 9), outside),
            Decision::Allow
        );
        assert_eq!(
            decide_directory(&someone(Role::SocialWorker, 1), own),
            Decision::Deny(DenyReason::MissingPermission)
        );
        assert_eq!(
            decide_directory(&someone(Role::Statistician, 1), DirectoryAction::Read),
            Decision::Allow
        );
    }
}
