//! The case as the sum of its events: `open` from a reception, then `apply`
//! each accepted command in order. `apply` never fails; `decide::check`
//! decides beforehand whether a command may be applied.

use super::command::{Attachment, Command, Outcome, Reception, RiskLevel};
use super::consent::{RecordedConsent, Sharing};
use super::status::{Identification, Phase};
use crate::role::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationRequest {
    pub to_agency_id: Option<i64>,
    pub abroad: bool,
    pub sent_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReferralStatus {
    Pending,
    Accepted,
    Declined,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral {
    pub from_agency_id: i64,
    pub to_agency_id: i64,
    pub to_facility_id: Option<i64>,
    pub transfer_lead: bool,
    pub sent_on: NaiveDate,
    pub status: ReferralStatus,
    pub answered_on: Option<NaiveDate>,
    #[serde(default)]
    pub shared_fields: Vec<String>,
    /// Empty: every role of the receiving agency that may see identities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_with_roles: Vec<Role>,
    /// Whether the fields asked for went with the referral, and why not.
    #[serde(default)]
    pub sharing: Sharing,
    /// Why it was sent: what the receiving agency reads to decide.
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stay {
    pub facility_id: i64,
    pub admitted_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveredService {
    pub service_type: String,
    pub clause: Option<String>,
    pub delivered_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HardshipApplication {
    pub applied_on: NaiveDate,
    /// The commune office that received it and must forward it.
    pub received_by_agency_id: i64,
    pub forwarded_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseAttachment {
    #[serde(flatten)]
    pub attachment: Attachment,
    pub attached_by_agency_id: i64,
    pub withdrawn: bool,
}

/// What the rules need to know about a case; the full record of each step
/// stays in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    pub identification: Identification,
    pub phase: Phase,
    pub lead_agency_id: i64,
    pub channel: String,
    pub received_on: NaiveDate,
    pub located_abroad: bool,
    pub foreign_national: bool,
    pub accompanying_child: bool,
    pub minor: bool,
    pub verification_requests: Vec<VerificationRequest>,
    /// Date of the identification decision document.
    pub decided_on: Option<NaiveDate>,
    pub stay: Option<Stay>,
    pub referrals: Vec<Referral>,
    pub services: Vec<DeliveredService>,
    pub family_contacted_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub handed_back_on: Option<NaiveDate>,
    pub follow_ups: Vec<NaiveDate>,
    pub has_trafficking_details: bool,
    pub close_reason: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub times_reopened: u32,
    // Added after the first release: cases stored before have none.
    #[serde(default)]
    pub hardship_application: Option<HardshipApplication>,
    #[serde(default)]
    pub attachments: Vec<CaseAttachment>,
    #[serde(default)]
    pub child: bool,
    /// Users of the lead agency assigned to the case.
    #[serde(default)]
    pub assigned_user_ids: Vec<i64>,
    /// Consents and refusals in the order recorded (see `consent`).
    #[serde(default)]
    pub consents: Vec<RecordedConsent>,
    /// The latest risk assessment by its date.
    #[serde(default)]
    pub risk: Option<AssessedRisk>,
    /// Imported from a list the agency kept before Haven: the time limits
    /// that ran from its reception are not Haven's to chase.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_list: bool,
    /// The day it was imported, when the import said: no time limit due
    /// by then is Haven's to chase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_on: Option<NaiveDate>,
}

/// A risk level and the day it was assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessedRisk {
    pub level: RiskLevel,
    pub assessed_on: NaiveDate,
}

impl Case {
    /// A new case from its reception; the receiving agency leads it.
    pub fn open(reception: &Reception) -> Case {
        Case {
            identification: Identification::NotStarted,
            phase: Phase::Received,
            lead_agency_id: reception.receiving_agency_id,
            channel: reception.channel.clone(),
            received_on: reception.received_on,
            located_abroad: reception.located_abroad,
            foreign_national: reception.foreign_national,
            accompanying_child: reception.accompanying_child,
            minor: reception.minor,
            verification_requests: vec![],
            decided_on: None,
            stay: None,
            referrals: vec![],
            services: vec![],
            family_contacted_on: None,
            returned_on: None,
            handed_back_on: None,
            follow_ups: vec![],
            has_trafficking_details: false,
            close_reason: None,
            closed_on: None,
            times_reopened: 0,
            hardship_application: None,
            attachments: vec![],
            child: reception.child,
            assigned_user_ids: if reception.received_by_user_id > 0 {
                vec![reception.received_by_user_id]
            } else {
                vec![]
            },
            consents: vec![],
            risk: None,
            from_list: reception.imported.is_some(),
            imported_on: reception.imported.as_ref().and_then(|i| i.imported_on),
        }
    }

    /// Applies an accepted command. `actor_agency_id` is the agency that recorded it.
    pub fn apply(&mut self, command: &Command, actor_agency_id: i64) {
        match command {
            Command::StartVerification { .. } => {
                self.identification = Identification::UnderVerification
            }
            Command::RequestVerification {
                to_agency_id,
                abroad,
                sent_on,
                ..
            } => {
                self.verification_requests.push(VerificationRequest {
                    to_agency_id: *to_agency_id,
                    abroad: *abroad,
                    sent_on: *sent_on,
                    answered_on: None,
                });
                if self.identification == Identification::NotStarted {
                    self.identification = Identification::UnderVerification;
                }
            }
            Command::AnswerVerification {
                request_no,
                answered_on,
                ..
            } => {
                if let Some(r) = self.verification_requests.get_mut(index(*request_no)) {
                    r.answered_on = Some(*answered_on);
                }
            }
            Command::RecordIdentification {
                outcome,
                document_date,
                ..
            } => {
                self.identification = match outcome {
                    Outcome::Victim => Identification::Victim,
                    Outcome::NotVictim => Identification::NotVictim,
                    Outcome::Unresolved => Identification::Unresolved,
                };
                self.decided_on = *document_date;
            }
            Command::RecordTrafficking(_) => self.has_trafficking_details = true,
            Command::RecordService(service) => self.services.push(DeliveredService {
                service_type: service.service_type.clone(),
                clause: service.clause.clone(),
                delivered_on: service.delivered_on,
            }),
            Command::AdmitToFacility {
                facility_id,
                admitted_on,
            } => {
                self.stay = Some(Stay {
                    facility_id: *facility_id,
                    admitted_on: *admitted_on,
                });
                self.phase = Phase::InShelter;
            }
            Command::DischargeFromFacility { .. } => {
                self.stay = None;
                self.phase = Phase::InCommunity;
            }
            Command::SendReferral {
                to_agency_id,
                to_facility_id,
                transfer_lead,
                sent_on,
                shared_fields,
                shared_with_roles,
                best_interest_reason,
                reason,
            } => {
                let sharing =
                    self.sharing_for(*to_agency_id, shared_fields, best_interest_reason.is_some());
                let shared_fields = match sharing {
                    Sharing::Shared { .. } => shared_fields.clone(),
                    Sharing::NothingAsked | Sharing::Withheld { .. } => vec![],
                };
                self.referrals.push(Referral {
                    from_agency_id: actor_agency_id,
                    to_agency_id: *to_agency_id,
                    to_facility_id: *to_facility_id,
                    transfer_lead: *transfer_lead,
                    sent_on: *sent_on,
                    status: ReferralStatus::Pending,
                    answered_on: None,
                    shared_fields,
                    shared_with_roles: shared_with_roles.clone(),
                    sharing,
                    reason: reason.clone(),
                })
            }
            Command::RecordConsent {
                scope,
                given,
                given_by,
                on,
            } => self.record_consent(RecordedConsent {
                scope: scope.clone(),
                given: *given,
                given_by: *given_by,
                on: *on,
            }),
            Command::AcceptReferral {
                referral_no,
                answered_on,
            } => {
                if let Some(r) = self.referrals.get_mut(index(*referral_no)) {
                    r.status = ReferralStatus::Accepted;
                    r.answered_on = Some(*answered_on);
                    if r.transfer_lead {
                        self.lead_agency_id = r.to_agency_id;
                        // The new lead assigns its own workers.
                        self.assigned_user_ids.clear();
                    }
                }
            }
            Command::DeclineReferral {
                referral_no,
                answered_on,
                ..
            } => {
                if let Some(r) = self.referrals.get_mut(index(*referral_no)) {
                    r.status = ReferralStatus::Declined;
                    r.answered_on = Some(*answered_on);
                }
            }
            Command::RecordFamilyContact { contacted_on, .. } => {
                self.family_contacted_on = Some(*contacted_on)
            }
            Command::RecordReturn { returned_on, .. } => {
                self.returned_on = Some(*returned_on);
                self.phase = Phase::ReturnedHome;
            }
            Command::RecordHandback { handed_back_on, .. } => {
                self.handed_back_on = Some(*handed_back_on);
                self.phase = Phase::HandedBack;
            }
            Command::RecordFollowUp { visited_on, .. } => {
                self.follow_ups.push(*visited_on);
                self.phase = Phase::Reintegration;
            }
            Command::Close { reason, closed_on } => {
                self.phase = Phase::Closed;
                self.close_reason = Some(reason.clone());
                self.closed_on = Some(*closed_on);
            }
            Command::Reopen { .. } => {
                self.phase = Phase::Reopened;
                self.close_reason = None;
                self.closed_on = None;
                self.times_reopened += 1;
            }
            Command::AttachDocument(attachment) => self.attachments.push(CaseAttachment {
                attachment: attachment.clone(),
                attached_by_agency_id: actor_agency_id,
                withdrawn: false,
            }),
            Command::WithdrawAttachment { attachment_no, .. } => {
                if let Some(a) = self.attachments.get_mut(index(*attachment_no)) {
                    a.withdrawn = true;
                }
            }
            Command::AssignWorker { user_id } => {
                if !self.assigned_user_ids.contains(user_id) {
                    self.assigned_user_ids.push(*user_id);
                }
            }
            Command::ReleaseWorker { user_id } => self.assigned_user_ids.retain(|u| u != user_id),
            Command::ApplyForHardshipAllowance { applied_on } => {
                self.hardship_application = Some(HardshipApplication {
                    applied_on: *applied_on,
                    received_by_agency_id: actor_agency_id,
                    forwarded_on: None,
                })
            }
            Command::ForwardHardshipApplication { forwarded_on, .. } => {
                if let Some(application) = &mut self.hardship_application {
                    application.forwarded_on = Some(*forwarded_on);
                }
            }
            Command::AssessRisk {
                level, assessed_on, ..
            } => {
                // An assessment entered late does not replace a newer one.
                if self.risk.is_none_or(|r| r.assessed_on <= *assessed_on) {
                    self.risk = Some(AssessedRisk {
                        level: *level,
                        assessed_on: *assessed_on,
                    });
                }
            }
            Command::ApplyProtection { .. }
            | Command::RecordProtectionIncident { .. }
            | Command::AssessNeeds { .. }
            | Command::RecordProceedings { .. }
            | Command::AddNote { .. } => {}
        }
    }

    /// The rules every reachable case obeys; empty when all hold. The
    /// property tests drive random command sequences against it.
    pub fn broken_invariants(&self) -> Vec<&'static str> {
        let mut broken = Vec::new();
        let mut rule = |holds: bool, name: &'static str| {
            if !holds {
                broken.push(name);
            }
        };
        rule(
            (self.phase == Phase::InShelter) == self.stay.is_some(),
            "in_shelter_iff_open_stay",
        );
        rule(
            (self.phase == Phase::Closed)
                == (self.close_reason.is_some() && self.closed_on.is_some()),
            "closed_iff_reason",
        );
        rule(
            !matches!(self.phase, Phase::ReturnedHome | Phase::Reintegration)
                || (self.returned_on.is_some() && self.family_contacted_on.is_some()),
            "returned_after_family_contact",
        );
        rule(
            self.returned_on.is_none() || !self.foreign_national,
            "foreign_never_returned",
        );
        rule(
            self.phase != Phase::HandedBack
                || (self.foreign_national && self.handed_back_on.is_some()),
            "handback_foreign_only",
        );
        rule(
            self.follow_ups.is_empty() || self.returned_on.is_some(),
            "follow_up_after_return",
        );
        rule(
            !matches!(
                self.identification,
                Identification::Victim | Identification::NotVictim
            ) || self.decided_on.is_some(),
            "decision_has_document",
        );
        rule(
            self.referrals
                .iter()
                .all(|r| (r.status == ReferralStatus::Pending) == r.answered_on.is_none()),
            "answered_referrals_dated",
        );
        rule(
            self.assigned_user_ids.iter().enumerate().all(|(i, u)| {
                self.assigned_user_ids
                    .get(..i)
                    .is_none_or(|before| !before.contains(u))
            }),
            "assigned_once",
        );
        rule(
            self.hardship_application
                .as_ref()
                .is_none_or(|a| a.forwarded_on.is_none_or(|f| f >= a.applied_on)),
            "hardship_forwarded_after_application",
        );
        rule(
            self.referrals.iter().all(|r| match &r.sharing {
                Sharing::Shared { .. } => true,
                Sharing::NothingAsked | Sharing::Withheld { .. } => r.shared_fields.is_empty(),
            }),
            "withheld_referral_shares_nothing",
        );
        broken
    }

    pub fn pending_referrals(&self) -> impl Iterator<Item = (u32, &Referral)> {
        self.referrals
            .iter()
            .enumerate()
            .filter(|(_, r)| r.status == ReferralStatus::Pending)
            .map(|(i, r)| (i as u32 + 1, r))
    }
}

/// Requests and referrals are numbered from 1 within their case.
pub(crate) fn index(number: u32) -> usize {
    (number as usize).wrapping_sub(1)
}
