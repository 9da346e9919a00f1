//! Who may manage whose account. A system administrator manages every
//! account; an agency administrator only the accounts of their own agency,
//! and never an account holding — or being given — a national role
//! (organisation management or audit), so nobody can raise their own reach.

use super::decide::{Decision, DenyReason};
use super::permission::{Permission, PermissionTable};
use super::scope::Principal;
use haven_domain::role::Role;

/// The account being managed, before and after the change.
#[derive(Debug, Clone, Copy)]
pub struct AccountFacts<'a> {
    pub agency_id: i64,
    /// The roles the account holds now (empty when it is being created).
    pub roles: &'a [Role],
    /// The roles the change would give it (empty when the roles do not change).
    pub new_roles: &'a [Role],
}

/// Roles only a system administrator may give or manage: those whose
/// permissions reach beyond one agency.
pub fn is_national_role(role: Role, table: &PermissionTable) -> bool {
    let permissions = table.permissions_of(&[role]);
    permissions.contains(&Permission::ManageOrganisation)
        || permissions.contains(&Permission::Audit)
}

/// Reading the list of accounts, or one account, or changing one.
pub fn decide_account(
    who: &Principal,
    account: &AccountFacts<'_>,
    table: &PermissionTable,
) -> Decision {
    if who.can(Permission::ManageOrganisation) {
        return Decision::Allow;
    }
    if !who.can(Permission::ManageAgencyUsers) {
        return Decision::Deny(DenyReason::MissingPermission);
    }
    if account.agency_id != who.agency_id {
        return Decision::Deny(DenyReason::NotInScope);
    }
    let national = account
        .roles
        .iter()
        .chain(account.new_roles)
        .any(|r| is_national_role(*r, table));
    if national {
        Decision::Deny(DenyReason::MissingPermission)
    } else {
        Decision::Allow
    }
}

/// A role the caller may not give to an account of an agency of `sector`:
/// an agency administrator gives a role that sees identities only where the
/// agency's sector does that work (a commune office cannot make its staff
/// police officers, and read what the police hold). A system administrator
/// may, deliberately.
pub fn role_outside_sector(
    who: &Principal,
    new_roles: &[Role],
    sector: &str,
    table: &PermissionTable,
) -> Option<Role> {
    if who.can(Permission::ManageOrganisation) {
        return None;
    }
    new_roles.iter().copied().find(|role| {
        table
            .permissions_of(&[*role])
            .contains(&Permission::ViewIdentity)
            && !role.fits_sector(sector)
    })
}

/// Removing the second factor of an account: only a system administrator.
/// An agency administrator can reset passwords; were they also to remove a
/// second factor they would hold the account alone — and a rule on the
/// account's roles would not hold, since the same administrator can change
/// the roles first and restore them after.
pub fn may_remove_second_factor(who: &Principal) -> bool {
    who.can(Permission::ManageOrganisation)
}

/// Whose accounts the caller may list: every agency, one, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountsVisible {
    All,
    Agency(i64),
    None,
}

pub fn accounts_visible(who: &Principal) -> AccountsVisible {
    if who.can(Permission::ManageOrganisation) {
        AccountsVisible::All
    } else if who.can(Permission::ManageAgencyUsers) {
        AccountsVisible::Agency(who.agency_id)
    } else {
        AccountsVisible::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(roles: &[Role], agency_id: i64) -> Principal {
        Principal::new(
            1,
            agency_id,
            roles.to_vec(),
            &PermissionTable::default(),
            None,
        )
    }

    fn account<'a>(agency_id: i64, roles: &'a [Role], new_roles: &'a [Role]) -> AccountFacts<'a> {
        AccountFacts {
            agency_id,
            roles,
            new_roles,
        }
    }

    #[test]
    fn system_admin_manages_everyone() {
        let table = PermissionTable::default();
        let admin = principal(&[Role::SystemAdmin], 1);
        let auditor = account(2, &[Role::Auditor], &[Role::SystemAdmin]);
        assert_eq!(decide_account(&admin, &auditor, &table), Decision::Allow);
        assert_eq!(accounts_visible(&admin), AccountsVisible::All);
    }

    #[test]
    fn agency_admin_manages_own_agency_only() {
        let table = PermissionTable::default();
        let admin = principal(&[Role::AgencyAdmin], 1);
        let worker = [Role::SocialWorker];
        assert_eq!(
            decide_account(&admin, &account(1, &worker, &[Role::ShelterStaff]), &table),
            Decision::Allow
        );
        assert_eq!(
            decide_account(&admin, &account(2, &worker, &[]), &table),
            Decision::Deny(DenyReason::NotInScope)
        );
        assert_eq!(accounts_visible(&admin), AccountsVisible::Agency(1));
    }

    #[test]
    fn agency_admin_cannot_give_or_touch_national_roles() {
        let table = PermissionTable::default();
        let admin = principal(&[Role::AgencyAdmin], 1);
        for national in [Role::SystemAdmin, Role::Auditor] {
            assert!(is_national_role(national, &table));
            assert_eq!(
                decide_account(
                    &admin,
                    &account(1, &[Role::SocialWorker], &[national]),
                    &table
                ),
                Decision::Deny(DenyReason::MissingPermission),
                "giving {national:?}"
            );
            assert_eq!(
                decide_account(&admin, &account(1, &[national], &[]), &table),
                Decision::Deny(DenyReason::MissingPermission),
                "resetting a {national:?}"
            );
        }
        assert!(!is_national_role(Role::Supervisor, &table));
    }

    #[test]
    fn others_manage_nobody() {
        let table = PermissionTable::default();
        for role in [
            Role::SocialWorker,
            Role::Supervisor,
            Role::Auditor,
            Role::Statistician,
        ] {
            let who = principal(&[role], 1);
            assert_eq!(
                decide_account(&who, &account(1, &[Role::SocialWorker], &[]), &table),
                Decision::Deny(DenyReason::MissingPermission)
            );
            assert_eq!(accounts_visible(&who), AccountsVisible::None);
        }
    }

    #[test]
    fn an_agency_admin_gives_identity_roles_only_in_the_sector_and_leaves_second_factors_alone() {
        let table = PermissionTable::default();
        let admin = principal(&[Role::AgencyAdmin], 1);
        let system = principal(&[Role::SystemAdmin], 1);
        assert_eq!(
            role_outside_sector(
                &admin,
                &[Role::Statistician, Role::PoliceOfficer],
                "peoples_committee",
                &table
            ),
            Some(Role::PoliceOfficer)
        );
        assert_eq!(
            role_outside_sector(&admin, &[Role::SocialWorker], "peoples_committee", &table),
            None
        );
        assert_eq!(
            role_outside_sector(&admin, &[Role::Statistician], "court", &table),
            None
        );
        assert_eq!(
            role_outside_sector(&system, &[Role::PoliceOfficer], "court", &table),
            None
        );
        assert!(!may_remove_second_factor(&admin));
        assert!(may_remove_second_factor(&system));
    }
}
