//! Steps that cannot be taken back or that move responsibility for the
//! victim to someone else. The pages ask for them to be confirmed on a
//! second screen that says plainly what will happen; the decision is here,
//! by exhaustive match, so a new command must say whether it is one.

use super::command::Command;

/// Why a step needs the user's confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consequence {
    /// The case ends: deadlines stop; going on needs a reopening with reasons.
    ClosesTheCase,
    /// The identification decision: it decides the support the law gives.
    DecidesIdentification,
    /// The referring agency is refused; it must find another way.
    DeclinesReferral,
    /// The receiving agency takes the lead once it accepts.
    TransfersLead,
    /// The person was handed back to a foreign authority.
    HandsBack,
    /// A file is taken out of use; no one can download it any more.
    WithdrawsDocument,
}

impl Command {
    /// What the step does that cannot be taken back, if anything.
    pub fn consequence(&self) -> Option<Consequence> {
        match self {
            Command::Close { .. } => Some(Consequence::ClosesTheCase),
            Command::RecordIdentification { .. } => Some(Consequence::DecidesIdentification),
            Command::DeclineReferral { .. } => Some(Consequence::DeclinesReferral),
            Command::SendReferral { transfer_lead, .. } => {
                transfer_lead.then_some(Consequence::TransfersLead)
            }
            Command::RecordHandback { .. } => Some(Consequence::HandsBack),
            Command::WithdrawAttachment { .. } => Some(Consequence::WithdrawsDocument),
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
            | Command::AcceptReferral { .. }
            | Command::RecordFamilyContact { .. }
            | Command::RecordReturn { .. }
            | Command::RecordFollowUp { .. }
            | Command::RecordProceedings { .. }
            | Command::RecordConsent { .. }
            | Command::AddNote { .. }
            | Command::AssignWorker { .. }
            | Command::ReleaseWorker { .. }
            | Command::AttachDocument(_)
            | Command::ApplyForHardshipAllowance { .. }
            | Command::ForwardHardshipApplication { .. }
            | Command::Reopen { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn referral(transfer_lead: bool) -> Command {
        Command::SendReferral {
            to_agency_id: 2,
            to_facility_id: None,
            reason: "hỗ trợ".into(),
            shared_fields: vec![],
            shared_with_roles: vec![],
            transfer_lead,
            sent_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        }
    }

    #[test]
    fn a_referral_needs_confirming_only_when_it_hands_over_the_lead() {
        assert_eq!(referral(false).consequence(), None);
        assert_eq!(
            referral(true).consequence(),
            Some(Consequence::TransfersLead)
        );
    }

    #[test]
    fn closing_and_withdrawing_need_confirming_a_note_does_not() {
        let close = Command::Close {
            reason: "completed".into(),
            closed_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        assert_eq!(close.consequence(), Some(Consequence::ClosesTheCase));
        let withdraw = Command::WithdrawAttachment {
            attachment_no: 1,
            reason: "nhầm".into(),
        };
        assert_eq!(withdraw.consequence(), Some(Consequence::WithdrawsDocument));
        assert_eq!(Command::AddNote { text: "x".into() }.consequence(), None);
    }
}
