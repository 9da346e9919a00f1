//! Steps that cannot be taken back or that move responsibility for the
//! victim to someone else. The pages ask for them to be confirmed on a
//! second screen that says plainly what will happen; the decision is here,
//! by exhaustive match, so a new command must say whether it is one.

use super::command::{Command, Outcome};
use chrono::NaiveDate;

/// Why a step needs the user's confirmation, with the facts to say it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consequence<'a> {
    /// The case ends: deadlines stop; going on needs a reopening with reasons.
    ClosesTheCase {
        reason: &'a str,
        closed_on: NaiveDate,
    },
    /// The identification decision: it decides the support the law gives.
    DecidesIdentification { outcome: Outcome },
    /// The referring agency is refused; it must find another way.
    DeclinesReferral { referral_no: u32, reason: &'a str },
    /// The receiving agency takes the lead once it accepts.
    TransfersLead { to_agency_id: i64 },
    /// The person was handed back to a foreign authority.
    HandsBack {
        receiving_authority: &'a str,
        handed_back_on: NaiveDate,
        handover_record: &'a str,
    },
    /// A file is taken out of use; no one can download it any more.
    WithdrawsDocument { attachment_no: u32, reason: &'a str },
}

impl Command {
    /// What the step does that cannot be taken back, if anything.
    pub fn consequence(&self) -> Option<Consequence<'_>> {
        match self {
            Command::Close { reason, closed_on } => Some(Consequence::ClosesTheCase {
                reason,
                closed_on: *closed_on,
            }),
            Command::RecordIdentification { outcome, .. } => {
                Some(Consequence::DecidesIdentification { outcome: *outcome })
            }
            Command::DeclineReferral {
                referral_no,
                reason,
                ..
            } => Some(Consequence::DeclinesReferral {
                referral_no: *referral_no,
                reason,
            }),
            Command::SendReferral {
                to_agency_id,
                transfer_lead,
                ..
            } => transfer_lead.then_some(Consequence::TransfersLead {
                to_agency_id: *to_agency_id,
            }),
            Command::RecordHandback {
                handed_back_on,
                receiving_authority,
                handover_record,
            } => Some(Consequence::HandsBack {
                receiving_authority,
                handed_back_on: *handed_back_on,
                handover_record,
            }),
            Command::WithdrawAttachment {
                attachment_no,
                reason,
            } => Some(Consequence::WithdrawsDocument {
                attachment_no: *attachment_no,
                reason,
            }),
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

    fn referral(transfer_lead: bool) -> Command {
        Command::SendReferral {
            to_agency_id: 2,
            to_facility_id: None,
            reason: "hỗ trợ".into(),
            shared_fields: vec![],
            shared_with_roles: vec![],
            best_interest_reason: None,
            transfer_lead,
            sent_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        }
    }

    #[test]
    fn a_referral_needs_confirming_only_when_it_hands_over_the_lead() {
        assert_eq!(referral(false).consequence(), None);
        assert_eq!(
            referral(true).consequence(),
            Some(Consequence::TransfersLead { to_agency_id: 2 })
        );
    }

    #[test]
    fn closing_and_withdrawing_need_confirming_a_note_does_not() {
        let close = Command::Close {
            reason: "completed".into(),
            closed_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        assert_eq!(
            close.consequence(),
            Some(Consequence::ClosesTheCase {
                reason: "completed",
                closed_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
            })
        );
        let withdraw = Command::WithdrawAttachment {
            attachment_no: 1,
            reason: "nhầm".into(),
        };
        assert_eq!(
            withdraw.consequence(),
            Some(Consequence::WithdrawsDocument {
                attachment_no: 1,
                reason: "nhầm"
            })
        );
        assert_eq!(Command::AddNote { text: "x".into() }.consequence(), None);
    }
}
