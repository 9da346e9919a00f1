//! Who may do what with the programme's records. Plans and activities hold
//! no person's identity, so whoever may read the programme reads all of it;
//! writing is the issuing or recording agency's, a task's progress is
//! also its lead agency's to record, and a plan's budget is its issuer's
//! finance staff's.

use crate::decide::{Decision, DenyReason};
use crate::permission::Permission;
use crate::scope::Principal;
use haven_domain::ids::AgencyId;
use haven_domain::programme::ActivityKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeAction<'a> {
    /// Read plans, targets, tasks, activities and their history.
    Read,
    /// Issue a plan for one's own agency (or copy one down to it).
    CreatePlan,
    /// Change a plan, its targets, or add a task: the issuing agency's.
    EditPlan { issuer: AgencyId },
    /// Change a task and record its progress: the issuing agency's, and the
    /// lead agency's.
    UpdateTask { issuer: AgencyId, lead: AgencyId },
    /// Record a follow-up action's progress: the agency that owns it, and
    /// the working group's host (the meeting's recorder without a group).
    UpdateAction { host: AgencyId, owner: AgencyId },
    /// Establish a working group hosted by one's own agency.
    CreateWorkingGroup,
    /// Change a working group's record: its host's planners.
    EditWorkingGroup { host: AgencyId },
    /// Draft and send up one's own agency's periodic report: a member
    /// agency's; the social-affairs authority (`authority`) consolidates
    /// rather than reports to itself.
    FileAgencyReport { authority: bool },
    /// Read a member agency's report, see who reported, approve or return
    /// one: statistics readers of the social-affairs authority
    /// (`by_authority`) of the area the report is filed to (`in_own_area`).
    ReviewAgencyReport {
        filer: AgencyId,
        in_own_area: bool,
        by_authority: bool,
    },
    /// Record an activity the agency held, against a task where there is
    /// one: the task's lead or a cooperating agency, or the plan's issuer.
    /// An inspection needs the inspecting permission.
    RecordActivity {
        kind: ActivityKind,
        task: Option<TaskParties<'a>>,
    },
    /// Correct an activity: the agency that recorded it.
    EditActivity {
        kind: ActivityKind,
        recorded_by: AgencyId,
    },
    /// Add a company to the register of labour-export companies, or change
    /// its record: whoever inspects.
    KeepCompanyRegister,
    /// Record the plan's budget (estimates, allocations, spending): the
    /// issuing agency's finance staff.
    RecordBudget { issuer: AgencyId },
}

/// The agencies a task involves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskParties<'a> {
    pub issuer: AgencyId,
    pub lead: AgencyId,
    pub cooperating: &'a [AgencyId],
}

pub fn permission_for_programme(action: ProgrammeAction<'_>) -> Permission {
    match action {
        ProgrammeAction::Read => Permission::ReadProgramme,
        ProgrammeAction::CreatePlan
        | ProgrammeAction::EditPlan { .. }
        | ProgrammeAction::CreateWorkingGroup
        | ProgrammeAction::EditWorkingGroup { .. } => Permission::ManagePlans,
        ProgrammeAction::UpdateTask { .. }
        | ProgrammeAction::UpdateAction { .. }
        | ProgrammeAction::FileAgencyReport { .. } => Permission::RecordActivities,
        ProgrammeAction::ReviewAgencyReport { .. } => Permission::ReadStatistics,
        ProgrammeAction::RecordActivity { kind, .. }
        | ProgrammeAction::EditActivity { kind, .. } => permission_to_record(kind),
        ProgrammeAction::RecordBudget { .. } => Permission::RecordBudget,
        ProgrammeAction::KeepCompanyRegister => Permission::Inspect,
    }
}

/// What recording an activity of a kind takes.
pub fn permission_to_record(kind: ActivityKind) -> Permission {
    match kind {
        ActivityKind::Communication | ActivityKind::Training | ActivityKind::Meeting => {
            Permission::RecordActivities
        }
        ActivityKind::Inspection => Permission::Inspect,
    }
}

pub fn decide_programme(principal: &Principal, action: ProgrammeAction<'_>) -> Decision {
    let own = AgencyId(principal.agency_id);
    let allowed = |yes: bool| {
        if yes {
            Decision::Allow
        } else {
            Decision::Deny(DenyReason::NotInScope)
        }
    };
    match action {
        // The issuer's planners change a task as they change the plan.
        ProgrammeAction::UpdateTask {
            issuer: keeper,
            lead: doer,
        }
        | ProgrammeAction::UpdateAction {
            host: keeper,
            owner: doer,
        } => {
            if principal.can(Permission::ManagePlans) && keeper == own {
                return Decision::Allow;
            }
            if !principal.can(Permission::RecordActivities) {
                return Decision::Deny(DenyReason::MissingPermission);
            }
            allowed(doer == own)
        }
        ProgrammeAction::Read
        | ProgrammeAction::CreatePlan
        | ProgrammeAction::EditPlan { .. }
        | ProgrammeAction::RecordActivity { .. }
        | ProgrammeAction::EditActivity { .. }
        | ProgrammeAction::RecordBudget { .. }
        | ProgrammeAction::KeepCompanyRegister
        | ProgrammeAction::CreateWorkingGroup
        | ProgrammeAction::EditWorkingGroup { .. }
        | ProgrammeAction::FileAgencyReport { .. }
        | ProgrammeAction::ReviewAgencyReport { .. } => {
            if !principal.can(permission_for_programme(action)) {
                return Decision::Deny(DenyReason::MissingPermission);
            }
            match action {
                ProgrammeAction::Read
                | ProgrammeAction::CreatePlan
                | ProgrammeAction::KeepCompanyRegister
                | ProgrammeAction::CreateWorkingGroup
                | ProgrammeAction::RecordActivity { task: None, .. } => Decision::Allow,
                ProgrammeAction::FileAgencyReport { authority } => allowed(!authority),
                ProgrammeAction::ReviewAgencyReport {
                    filer,
                    in_own_area,
                    by_authority,
                } => allowed(in_own_area && by_authority && filer != own),
                ProgrammeAction::EditPlan { issuer }
                | ProgrammeAction::RecordBudget { issuer }
                | ProgrammeAction::EditWorkingGroup { host: issuer } => allowed(issuer == own),
                ProgrammeAction::RecordActivity {
                    task: Some(task), ..
                } => allowed(
                    task.issuer == own || task.lead == own || task.cooperating.contains(&own),
                ),
                ProgrammeAction::EditActivity { recorded_by, .. } => allowed(recorded_by == own),
                ProgrammeAction::UpdateTask { .. } | ProgrammeAction::UpdateAction { .. } => {
                    Decision::Deny(DenyReason::NotInScope)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permission::PermissionTable;
    use haven_domain::role::Role;

    fn principal(role: Role, agency: i64) -> Principal {
        Principal::new(1, agency, vec![role], &PermissionTable::default(), None)
    }

    #[test]
    fn planners_change_their_own_agencys_plans_only() {
        let planner = principal(Role::ProgrammeOfficer, 1);
        assert_eq!(
            decide_programme(&planner, ProgrammeAction::CreatePlan),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(
                &planner,
                ProgrammeAction::EditPlan {
                    issuer: AgencyId(1)
                }
            ),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(
                &planner,
                ProgrammeAction::EditPlan {
                    issuer: AgencyId(2)
                }
            ),
            Decision::Deny(DenyReason::NotInScope)
        );
        let worker = principal(Role::SocialWorker, 1);
        assert_eq!(
            decide_programme(
                &worker,
                ProgrammeAction::EditPlan {
                    issuer: AgencyId(1)
                }
            ),
            Decision::Deny(DenyReason::MissingPermission)
        );
        assert_eq!(
            decide_programme(&worker, ProgrammeAction::Read),
            Decision::Allow
        );
        let admin = principal(Role::SystemAdmin, 1);
        assert_eq!(
            decide_programme(&admin, ProgrammeAction::Read),
            Decision::Deny(DenyReason::MissingPermission)
        );
    }

    #[test]
    fn police_and_social_affairs_inspect_and_keep_the_register() {
        let inspect = ProgrammeAction::RecordActivity {
            kind: ActivityKind::Inspection,
            task: None,
        };
        for role in [Role::PoliceOfficer, Role::SocialWorker] {
            assert_eq!(
                decide_programme(&principal(role, 1), inspect),
                Decision::Allow
            );
            assert_eq!(
                decide_programme(&principal(role, 1), ProgrammeAction::KeepCompanyRegister),
                Decision::Allow
            );
        }
        let women = principal(Role::WomensUnionOfficer, 1);
        assert_eq!(
            decide_programme(&women, inspect),
            Decision::Deny(DenyReason::MissingPermission)
        );
        assert_eq!(
            decide_programme(
                &women,
                ProgrammeAction::RecordActivity {
                    kind: ActivityKind::Communication,
                    task: None
                }
            ),
            Decision::Allow
        );
        let correct = |agency| {
            decide_programme(
                &principal(Role::PoliceOfficer, agency),
                ProgrammeAction::EditActivity {
                    kind: ActivityKind::Inspection,
                    recorded_by: AgencyId(1),
                },
            )
        };
        assert_eq!(correct(1), Decision::Allow);
        assert_eq!(correct(2), Decision::Deny(DenyReason::NotInScope));
    }

    #[test]
    fn the_issuers_finance_staff_record_the_budget() {
        let budget = ProgrammeAction::RecordBudget {
            issuer: AgencyId(1),
        };
        assert_eq!(
            decide_programme(&principal(Role::FinanceOfficer, 1), budget),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(&principal(Role::FinanceOfficer, 2), budget),
            Decision::Deny(DenyReason::NotInScope)
        );
        assert_eq!(
            decide_programme(&principal(Role::ProgrammeOfficer, 1), budget),
            Decision::Deny(DenyReason::MissingPermission)
        );
        assert_eq!(
            decide_programme(&principal(Role::FinanceOfficer, 1), ProgrammeAction::Read),
            Decision::Allow
        );
    }

    #[test]
    fn member_agencies_file_and_their_areas_statisticians_review() {
        let file = |authority| ProgrammeAction::FileAgencyReport { authority };
        assert_eq!(
            decide_programme(&principal(Role::PoliceOfficer, 2), file(false)),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(&principal(Role::SocialWorker, 1), file(true)),
            Decision::Deny(DenyReason::NotInScope),
            "the authority consolidates; it does not report to itself"
        );
        assert_eq!(
            decide_programme(&principal(Role::Statistician, 2), file(false)),
            Decision::Deny(DenyReason::MissingPermission)
        );
        let review = |agency, in_own_area, by_authority| {
            decide_programme(
                &principal(Role::Statistician, agency),
                ProgrammeAction::ReviewAgencyReport {
                    filer: AgencyId(2),
                    in_own_area,
                    by_authority,
                },
            )
        };
        assert_eq!(review(1, true, true), Decision::Allow);
        assert_eq!(
            review(1, false, true),
            Decision::Deny(DenyReason::NotInScope)
        );
        assert_eq!(
            review(1, true, false),
            Decision::Deny(DenyReason::NotInScope),
            "only the social-affairs authority reviews"
        );
        assert_eq!(
            review(2, true, true),
            Decision::Deny(DenyReason::NotInScope),
            "no agency reviews itself"
        );
        assert_eq!(
            decide_programme(
                &principal(Role::PoliceOfficer, 1),
                ProgrammeAction::ReviewAgencyReport {
                    filer: AgencyId(2),
                    in_own_area: true,
                    by_authority: true,
                }
            ),
            Decision::Deny(DenyReason::MissingPermission)
        );
    }

    #[test]
    fn an_action_is_kept_by_its_owner_or_the_groups_host() {
        let action = ProgrammeAction::UpdateAction {
            host: AgencyId(1),
            owner: AgencyId(2),
        };
        assert_eq!(
            decide_programme(&principal(Role::ProgrammeOfficer, 1), action),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(&principal(Role::PoliceOfficer, 2), action),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(&principal(Role::PoliceOfficer, 3), action),
            Decision::Deny(DenyReason::NotInScope)
        );
        let edit = ProgrammeAction::EditWorkingGroup { host: AgencyId(1) };
        assert_eq!(
            decide_programme(&principal(Role::ProgrammeOfficer, 1), edit),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(&principal(Role::ProgrammeOfficer, 2), edit),
            Decision::Deny(DenyReason::NotInScope)
        );
        assert_eq!(
            decide_programme(
                &principal(Role::PoliceOfficer, 1),
                ProgrammeAction::CreateWorkingGroup
            ),
            Decision::Deny(DenyReason::MissingPermission)
        );
    }

    #[test]
    fn a_task_is_updated_by_its_issuer_or_its_lead_agency() {
        let task = ProgrammeAction::UpdateTask {
            issuer: AgencyId(1),
            lead: AgencyId(2),
        };
        assert_eq!(
            decide_programme(&principal(Role::ProgrammeOfficer, 1), task),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(&principal(Role::PoliceOfficer, 2), task),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(&principal(Role::PoliceOfficer, 3), task),
            Decision::Deny(DenyReason::NotInScope)
        );
        assert_eq!(
            decide_programme(&principal(Role::Statistician, 2), task),
            Decision::Deny(DenyReason::MissingPermission)
        );
    }

    #[test]
    fn activities_go_against_tasks_the_agency_takes_part_in() {
        let cooperating = [AgencyId(3)];
        let record = |agency| {
            decide_programme(
                &principal(Role::WomensUnionOfficer, agency),
                ProgrammeAction::RecordActivity {
                    kind: ActivityKind::Communication,
                    task: Some(TaskParties {
                        issuer: AgencyId(1),
                        lead: AgencyId(2),
                        cooperating: &cooperating,
                    }),
                },
            )
        };
        assert_eq!(record(3), Decision::Allow);
        assert_eq!(record(2), Decision::Allow);
        assert_eq!(record(4), Decision::Deny(DenyReason::NotInScope));
        let edit = ProgrammeAction::EditActivity {
            kind: ActivityKind::Communication,
            recorded_by: AgencyId(3),
        };
        assert_eq!(
            decide_programme(&principal(Role::WomensUnionOfficer, 3), edit),
            Decision::Allow
        );
        assert_eq!(
            decide_programme(&principal(Role::WomensUnionOfficer, 4), edit),
            Decision::Deny(DenyReason::NotInScope)
        );
    }
}
