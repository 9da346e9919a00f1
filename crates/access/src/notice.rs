//! Who is told of what: a notice addressed to an agency is for its users
//! whose role acts on the notice's kind. A notice addressed to one user is
//! theirs whatever their role.

use crate::permission::Permission;
use haven_domain::notice::NoticeKind;
use std::collections::BTreeSet;

/// The permission whose holders act on a kind of notice.
pub fn acts_on(kind: NoticeKind) -> Permission {
    match kind {
        NoticeKind::ReferralReceived => Permission::AnswerReferral,
        NoticeKind::ReferralAnswered => Permission::SendReferral,
        NoticeKind::LinkRequested | NoticeKind::LinkAnswered => Permission::RecordStep,
        NoticeKind::DeadlineComing | NoticeKind::DeadlineOverdue => Permission::RecordStep,
        NoticeKind::EmergencyAccess => Permission::ReadCase,
        NoticeKind::ContactDispatched => Permission::AnswerDispatches,
        NoticeKind::ContactUnanswered => Permission::RecordContacts,
        NoticeKind::ReportReturned | NoticeKind::ReportApproved => Permission::ReadStatistics,
        NoticeKind::AccountChanged => Permission::ManageAgencyUsers,
        NoticeKind::BackupFailed => Permission::ManageOrganisation,
    }
}

/// The kinds of their agency's notices a user with these permissions reads.
pub fn kinds_acted_on(permissions: &BTreeSet<Permission>) -> Vec<NoticeKind> {
    NoticeKind::ALL
        .iter()
        .copied()
        .filter(|kind| permissions.contains(&acts_on(*kind)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permission::PermissionTable;
    use haven_domain::role::Role;

    #[test]
    fn a_statistician_hears_of_reports_not_of_cases() {
        let table = PermissionTable::default();
        let kinds = kinds_acted_on(&table.permissions_of(&[Role::Statistician]));
        assert!(kinds.contains(&NoticeKind::ReportReturned));
        assert!(!kinds.contains(&NoticeKind::ReferralReceived));
        assert!(!kinds.contains(&NoticeKind::EmergencyAccess));
        let hotline = kinds_acted_on(&table.permissions_of(&[Role::HotlineOperator]));
        assert!(hotline.contains(&NoticeKind::ContactUnanswered));
    }
}
