//! What each role may do, as a table of permissions: the defaults below,
//! which configuration may replace role by role.

use haven_domain::role::Role;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Permission {
    /// Receive a person: open a case.
    OpenCase,
    ReadCase,
    ReadHistory,
    /// Record a step of the journey (support, stays, notes, follow-ups, …).
    RecordStep,
    /// Record the identification decision.
    Identify,
    SendReferral,
    AnswerReferral,
    /// Close and reopen cases.
    CloseCase,
    /// Assign the lead agency's workers to a case.
    AssignWorkers,
    Attach,
    ReadAttachment,
    /// See identity, contact and address fields of victims and relatives.
    ViewIdentity,
    MergePersons,
    /// Open a case outside one's scope in an emergency, with a reason.
    BreakTheGlass,
    /// Read any case's history, identities masked, and the access log.
    Audit,
    /// Manage users of one's own agency.
    ManageAgencyUsers,
    /// Manage agencies, facilities and every user.
    ManageOrganisation,
    /// Aggregated statistics only.
    ReadStatistics,
    /// Share a child's identity with a referral without a parent's or
    /// guardian's consent, giving the child's best interest as the reason.
    ShareInBestInterest,
    /// Read the plans, their targets and tasks, and the activities held.
    ReadProgramme,
    /// Issue and change the agency's plans: targets, tasks, copies.
    ManagePlans,
    /// Record the activities the agency held (communication, training, meetings)
    /// and the progress of the tasks it leads.
    RecordActivities,
    /// Record the budget of the agency's plans: estimates, allocations, spending.
    RecordBudget,
    /// Record inspections of labour-export companies and support
    /// facilities, and keep the register of companies.
    Inspect,
    /// Record the hotline's contacts and read them in full, the caller's
    /// number whole: the hotline's own staff.
    RecordContacts,
    /// Read the contacts dispatched to one's agency and answer them.
    AnswerDispatches,
}

use Permission::*;

impl Permission {
    /// Every permission, in the order the administration pages list them.
    pub const ALL: [Permission; 26] = [
        OpenCase,
        ReadCase,
        ReadHistory,
        RecordStep,
        Identify,
        SendReferral,
        AnswerReferral,
        CloseCase,
        AssignWorkers,
        Attach,
        ReadAttachment,
        ViewIdentity,
        MergePersons,
        BreakTheGlass,
        Audit,
        ManageAgencyUsers,
        ManageOrganisation,
        ReadStatistics,
        ShareInBestInterest,
        ReadProgramme,
        ManagePlans,
        RecordActivities,
        RecordBudget,
        Inspect,
        RecordContacts,
        AnswerDispatches,
    ];

    /// The stable code configuration and messages use: `read_case`.
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

const CASE_WORK: &[Permission] = &[
    OpenCase,
    ReadCase,
    ReadHistory,
    RecordStep,
    SendReferral,
    AnswerReferral,
    Attach,
    ReadAttachment,
    ViewIdentity,
    BreakTheGlass,
    ReadProgramme,
    RecordActivities,
    AnswerDispatches,
];

/// Permissions per role; a user holds the union of their roles'.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PermissionTable(pub BTreeMap<Role, BTreeSet<Permission>>);

impl Default for PermissionTable {
    fn default() -> Self {
        let with = |extra: &[Permission]| -> BTreeSet<Permission> {
            CASE_WORK.iter().chain(extra).copied().collect()
        };
        let only = |list: &[Permission]| -> BTreeSet<Permission> { list.iter().copied().collect() };
        let mut table = BTreeMap::new();
        table.insert(
            Role::SystemAdmin,
            only(&[ManageOrganisation, ManageAgencyUsers]),
        );
        table.insert(Role::AgencyAdmin, only(&[ManageAgencyUsers]));
        table.insert(
            Role::SocialWorker,
            with(&[
                Identify,
                CloseCase,
                AssignWorkers,
                MergePersons,
                ShareInBestInterest,
                Inspect,
            ]),
        );
        table.insert(
            Role::PoliceOfficer,
            with(&[Identify, CloseCase, MergePersons, Inspect]),
        );
        table.insert(
            Role::BorderGuardOfficer,
            with(&[Identify, CloseCase, MergePersons]),
        );
        table.insert(Role::ShelterStaff, with(&[]));
        table.insert(Role::HotlineOperator, with(&[RecordContacts]));
        table.insert(Role::LegalAidOfficer, with(&[]));
        table.insert(Role::WomensUnionOfficer, with(&[]));
        table.insert(
            Role::Supervisor,
            only(&[
                ReadCase,
                ReadHistory,
                ReadAttachment,
                ViewIdentity,
                AssignWorkers,
                CloseCase,
                BreakTheGlass,
                ReadStatistics,
                ReadProgramme,
                ManagePlans,
                AnswerDispatches,
            ]),
        );
        table.insert(Role::Statistician, only(&[ReadStatistics, ReadProgramme]));
        table.insert(Role::Auditor, only(&[Audit]));
        table.insert(
            Role::ProgrammeOfficer,
            only(&[ReadProgramme, ManagePlans, RecordActivities]),
        );
        table.insert(Role::FinanceOfficer, only(&[ReadProgramme, RecordBudget]));
        PermissionTable(table)
    }
}

impl PermissionTable {
    pub fn permissions_of(&self, roles: &[Role]) -> BTreeSet<Permission> {
        roles
            .iter()
            .filter_map(|r| self.0.get(r))
            .flatten()
            .copied()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_of_permissions_names_each_once() {
        // A new permission fails to compile here until it is listed in `ALL` too.
        let listed = |p: Permission| match p {
            OpenCase | ReadCase | ReadHistory | RecordStep | Identify | SendReferral
            | AnswerReferral | CloseCase | AssignWorkers | Attach | ReadAttachment
            | ViewIdentity | MergePersons | BreakTheGlass | Audit | ManageAgencyUsers
            | ManageOrganisation | ReadStatistics | ShareInBestInterest | ReadProgramme
            | ManagePlans | RecordActivities | RecordBudget | Inspect | RecordContacts
            | AnswerDispatches => Permission::ALL.contains(&p),
        };
        assert!(Permission::ALL.into_iter().all(listed));
        let distinct: BTreeSet<Permission> = Permission::ALL.into_iter().collect();
        assert_eq!(distinct.len(), Permission::ALL.len());
        assert_eq!(Permission::ReadCase.code(), "read_case");
    }
}
