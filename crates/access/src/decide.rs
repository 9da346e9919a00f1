//! Allow or deny: the permission an action needs, and the scopes in which
//! it may be used.

use super::permission::Permission;
use super::scope::{Principal, Scope};
use haven_domain::case::Command;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    OpenCase,
    /// Duplicate candidates at reception.
    SearchPersons,
    ReadCase,
    ReadHistory,
    Record(&'a Command),
    ReadPerson,
    /// Merge two person records: asked for every case of both.
    MergePersons,
    /// Correct the person's record (names, birth, papers, residences,
    /// relatives): asked on the case it is corrected through.
    CorrectPerson,
    /// Ask the agency leading a known person's case to link that person to
    /// one's own new case: asked on the new case.
    RequestPersonLink,
    /// Accept or decline a link request: asked on the known person's case.
    AnswerPersonLink,
    Attach,
    ReadAttachment,
    BreakTheGlass,
    ReadAccessLog,
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
    /// None of the caller's roles holds the permission.
    MissingPermission,
    /// The permission is held, but the case is outside the caller's scope.
    NotInScope,
}

impl DenyReason {
    pub fn code(self) -> &'static str {
        match self {
            DenyReason::MissingPermission => "missing_permission",
            DenyReason::NotInScope => "not_in_scope",
        }
    }
}

/// The permission a step of the journey needs.
pub fn permission_for(command: &Command) -> Permission {
    match command {
        Command::RecordIdentification { .. } => Permission::Identify,
        Command::SendReferral { .. } => Permission::SendReferral,
        Command::AcceptReferral { .. } | Command::DeclineReferral { .. } => {
            Permission::AnswerReferral
        }
        Command::Close { .. } | Command::Reopen { .. } => Permission::CloseCase,
        Command::AssignWorker { .. } | Command::ReleaseWorker { .. } => Permission::AssignWorkers,
        Command::AttachDocument(_) | Command::WithdrawAttachment { .. } => Permission::Attach,
        Command::StartVerification { .. }
        | Command::RequestVerification { .. }
        | Command::AnswerVerification { .. }
        | Command::RecordTrafficking(_)
        | Command::AssessRisk { .. }
        | Command::ApplyProtection { .. }
        | Command::RecordProtectionIncident { .. }
        | Command::AssessNeeds { .. }
        | Command::RecordService(_)
        | Command::AdmitToFacility { .. }
        | Command::DischargeFromFacility { .. }
        | Command::RecordFamilyContact { .. }
        | Command::RecordReturn { .. }
        | Command::RecordHandback { .. }
        | Command::RecordFollowUp { .. }
        | Command::RecordProceedings { .. }
        | Command::RecordConsent { .. }
        | Command::AddNote { .. }
        | Command::ApplyForHardshipAllowance { .. }
        | Command::ForwardHardshipApplication { .. } => Permission::RecordStep,
    }
}

/// The permission an action needs, whatever the scope.
pub fn permission_needed(action: Action<'_>) -> Permission {
    match action {
        Action::OpenCase | Action::SearchPersons => Permission::OpenCase,
        Action::ReadCase => Permission::ReadCase,
        Action::ReadHistory => Permission::ReadHistory,
        Action::Record(command) => permission_for(command),
        Action::ReadPerson => Permission::ViewIdentity,
        Action::MergePersons => Permission::MergePersons,
        Action::CorrectPerson => Permission::RecordStep,
        Action::RequestPersonLink => Permission::OpenCase,
        Action::AnswerPersonLink => Permission::AnswerReferral,
        Action::Attach => Permission::Attach,
        Action::ReadAttachment => Permission::ReadAttachment,
        Action::BreakTheGlass => Permission::BreakTheGlass,
        Action::ReadAccessLog => Permission::Audit,
    }
}

/// Scopes in which an action may be taken on a case.
fn allowed_in(action: Action<'_>, scope: Scope) -> bool {
    use Scope::*;
    match action {
        // Not about one case.
        Action::OpenCase | Action::SearchPersons | Action::ReadAccessLog => true,
        // An agency offered a referral reads the case and what was shared to
        // decide; the journey (history, documents, steps) once it accepts.
        Action::ReadCase | Action::ReadPerson => {
            matches!(scope, Lead | Referred | Offered | Supervised | Emergency)
        }
        Action::ReadAttachment => matches!(scope, Lead | Referred | Supervised | Emergency),
        Action::ReadHistory => matches!(scope, Lead | Referred | Supervised | Emergency),
        Action::Record(Command::AcceptReferral { .. } | Command::DeclineReferral { .. }) => {
            matches!(scope, Lead | Referred | Offered)
        }
        Action::Record(Command::AssignWorker { .. } | Command::ReleaseWorker { .. }) => {
            matches!(scope, Lead)
        }
        Action::Record(Command::Close { .. } | Command::Reopen { .. }) => {
            matches!(scope, Lead | Supervised)
        }
        Action::Record(_) | Action::Attach => matches!(scope, Lead | Referred),
        // Only the lead agency speaks for a case's person: a merge or a link
        // by a referred agency would show it more of the person than was shared.
        Action::MergePersons
        | Action::CorrectPerson
        | Action::RequestPersonLink
        | Action::AnswerPersonLink => matches!(scope, Lead),
        // Only where the caller has no other way in.
        Action::BreakTheGlass => matches!(scope, Unrelated),
    }
}

pub fn decide(principal: &Principal, action: Action<'_>, scope: Scope) -> Decision {
    // Auditors read any history (identities masked) without a case scope.
    if action == Action::ReadHistory && principal.can(Permission::Audit) {
        return Decision::Allow;
    }
    if !principal.can(permission_needed(action)) {
        return Decision::Deny(DenyReason::MissingPermission);
    }
    if allowed_in(action, scope) {
        Decision::Allow
    } else {
        Decision::Deny(DenyReason::NotInScope)
    }
}
