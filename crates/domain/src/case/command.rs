//! The steps of the journey as commands. A command the domain accepts is
//! stored as it is, as the case's next event: the history is the commands.

use crate::role::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Opens a case: the first contact through one of the reception channels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reception {
    /// Code from the `reception_channel` list.
    pub channel: String,
    pub received_on: NaiveDate,
    /// Set by the store to the recording user's agency.
    #[serde(default)]
    pub receiving_agency_id: i64,
    /// Administrative unit where the person was received.
    pub place_unit_id: Option<String>,
    pub circumstances: Option<String>,
    /// Still abroad at reception (e.g. reported by a mission): changes entitlements.
    #[serde(default)]
    pub located_abroad: bool,
    /// A child under 18 accompanying a victim, with a case of its own.
    #[serde(default)]
    pub accompanying_child: bool,
    /// A foreign national (also known from the person's nationality).
    #[serde(default)]
    pub foreign_national: bool,
    /// Under 18 at reception, as far as known.
    #[serde(default)]
    pub minor: bool,
    /// Under 16 at reception (a child in Vietnamese law): identity is shown
    /// only to the lead agency's assigned workers. Set by the store.
    #[serde(default)]
    pub child: bool,
    /// The user who recorded the reception, assigned to the case from the start. Set by the store.
    #[serde(default)]
    pub received_by_user_id: i64,
    /// The hotline contact this reception comes from: the case and the
    /// contact are linked in the reception's transaction. Set by the server
    /// from the request's `contact_number` once the policy allows it;
    /// whatever a client sends here is replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_contact: Option<crate::ids::ContactId>,
    /// The list and line a case imported from a spreadsheet came from: the
    /// time limits that ran from its reception ran before Haven knew of it,
    /// so they are history, not tasks. Set by the import; whatever a
    /// client sends here is replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<ImportedFrom>,
}

/// Where an imported case's row was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedFrom {
    /// The file's name as uploaded.
    pub file: String,
    /// The row's line, as the spreadsheet numbers it.
    pub line: usize,
    /// The day of the import: what fell due before it, from the reception
    /// or from a step the list records, was done or missed outside Haven.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_on: Option<NaiveDate>,
}

impl Reception {
    /// A reception through `channel` on `received_on`, with nothing else known yet.
    pub fn new(channel: &str, received_on: NaiveDate) -> Reception {
        Reception {
            channel: channel.to_owned(),
            received_on,
            receiving_agency_id: 0,
            place_unit_id: None,
            circumstances: None,
            located_abroad: false,
            accompanying_child: false,
            foreign_national: false,
            minor: false,
            child: false,
            received_by_user_id: 0,
            from_contact: None,
            imported: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Outcome {
    Victim,
    NotVictim,
    Unresolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProceedingsStage {
    /// Khởi tố
    Prosecution,
    /// Điều tra
    Investigation,
    /// Truy tố
    Indictment,
    /// Xét xử
    Trial,
    /// Thi hành án
    Enforcement,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConsentScope {
    ReceiveServices,
    ShareWith { agency_id: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraffickingDetails {
    /// Codes from the `trafficking_purpose` list; at least one.
    pub purposes: Vec<String>,
    /// ISO 3166-1 alpha-2; `VN` when trafficked within the country.
    pub destination_country: Option<String>,
    pub destination_place: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub recruitment: Option<String>,
    #[serde(default)]
    pub means_of_control: Vec<String>,
    pub relation_to_recruiter: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    /// Code from the `support_service_type` list.
    pub service_type: String,
    /// Its Art. 37 clause (the list's category), filled in by the store.
    pub clause: Option<String>,
    pub provider_agency_id: i64,
    pub delivered_on: NaiveDate,
    pub amount_vnd: Option<i64>,
    pub funding_source: Option<String>,
    /// Required when the service lies outside the person's entitlements.
    pub outside_entitlement_reason: Option<String>,
}

/// A file kept with the case. The store writes the file first and fills
/// every field; users attach through the attachments endpoint, never by
/// sending this command themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// The stored file's random name in the attachment directory.
    pub file_id: String,
    /// The name the file had on the uploader's computer.
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the content, hex: a changed or damaged file is detected.
    pub sha256: String,
    pub description: Option<String>,
    pub attached_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "command")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Command {
    StartVerification {
        agency_id: i64,
    },
    RequestVerification {
        to_agency_id: Option<i64>,
        abroad: bool,
        question: String,
        sent_on: NaiveDate,
    },
    AnswerVerification {
        request_no: u32,
        answer: String,
        answered_on: NaiveDate,
    },
    RecordIdentification {
        outcome: Outcome,
        deciding_agency_id: Option<i64>,
        document_number: Option<String>,
        document_date: Option<NaiveDate>,
    },
    RecordTrafficking(TraffickingDetails),
    AssessRisk {
        level: RiskLevel,
        relatives_at_risk: bool,
        assessed_on: NaiveDate,
        notes: Option<String>,
    },
    ApplyProtection {
        measure: String,
        for_relative: Option<u32>,
        from: NaiveDate,
    },
    RecordProtectionIncident {
        occurred_on: NaiveDate,
        description: String,
    },
    AssessNeeds {
        assessed_on: NaiveDate,
        needs: Vec<String>,
        wishes: Option<String>,
    },
    RecordService(Service),
    AdmitToFacility {
        facility_id: i64,
        admitted_on: NaiveDate,
    },
    DischargeFromFacility {
        discharged_on: NaiveDate,
        reason: Option<String>,
    },
    SendReferral {
        to_agency_id: i64,
        to_facility_id: Option<i64>,
        reason: String,
        /// Identity fields the receiving agency may see (`full_name`,
        /// `birth`, `contact`, …); the rest stays masked for it. None by default.
        #[serde(default)]
        shared_fields: Vec<String>,
        /// The receiving agency's roles that see `shared_fields` (say, the
        /// shelter's staff but not its hotline); empty: every role there that
        /// may see identities.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        shared_with_roles: Vec<Role>,
        /// For a child: why sharing `shared_fields` is in the child's best
        /// interest without a parent's or guardian's consent (say, the
        /// parents are part of the harm). Only the lead agency may give one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        best_interest_reason: Option<String>,
        /// Whether the receiving agency takes the lead on accepting; a
        /// referral for a service leaves it where it is (the default).
        #[serde(default)]
        transfer_lead: bool,
        sent_on: NaiveDate,
    },
    AcceptReferral {
        referral_no: u32,
        answered_on: NaiveDate,
    },
    DeclineReferral {
        referral_no: u32,
        reason: String,
        answered_on: NaiveDate,
    },
    RecordFamilyContact {
        contacted_on: NaiveDate,
        contacted_by: String,
        outcome: Option<String>,
    },
    RecordReturn {
        returned_on: NaiveDate,
        handover_record: String,
        escort: Option<String>,
        to_unit_id: Option<String>,
    },
    RecordHandback {
        handed_back_on: NaiveDate,
        receiving_authority: String,
        handover_record: String,
    },
    RecordFollowUp {
        visited_on: NaiveDate,
        situation: String,
        retrafficking_risk: RiskLevel,
    },
    RecordProceedings {
        stage: ProceedingsStage,
        case_reference: String,
        victim_role: String,
        on: NaiveDate,
    },
    RecordConsent {
        scope: ConsentScope,
        given: bool,
        /// The person, or for a child a parent or guardian; records made
        /// before this was asked are the person's.
        #[serde(default)]
        given_by: super::consent::ConsentGiver,
        on: NaiveDate,
    },
    AddNote {
        text: String,
    },
    /// Makes a user of the lead agency one of the case's assigned workers.
    AssignWorker {
        user_id: i64,
    },
    ReleaseWorker {
        user_id: i64,
    },
    /// Recorded by the store when a file is uploaded to the case.
    AttachDocument(Attachment),
    /// Takes a wrongly attached file out of use; the history keeps that it was there.
    WithdrawAttachment {
        attachment_no: u32,
        reason: String,
    },
    /// The victim applies for the initial hardship allowance at the commune
    /// (Decree 09/2013/NĐ-CP; Art. 37(k) of Law 53/2024).
    ApplyForHardshipAllowance {
        applied_on: NaiveDate,
    },
    /// The commune forwards the application to the social-affairs office.
    ForwardHardshipApplication {
        to_agency_id: i64,
        forwarded_on: NaiveDate,
    },
    Close {
        reason: String,
        closed_on: NaiveDate,
    },
    Reopen {
        reason: String,
        reopened_on: NaiveDate,
    },
}

impl Command {
    /// The agencies the command names, with the field that names each: the
    /// store checks they exist. Exhaustive, so a new command decides too.
    pub fn named_agencies(&self) -> Vec<(&'static str, i64)> {
        match self {
            Command::StartVerification { agency_id } => vec![("agency_id", *agency_id)],
            Command::RequestVerification { to_agency_id, .. } => to_agency_id
                .map(|id| vec![("to_agency_id", id)])
                .unwrap_or_default(),
            Command::RecordIdentification {
                deciding_agency_id, ..
            } => deciding_agency_id
                .map(|id| vec![("deciding_agency_id", id)])
                .unwrap_or_default(),
            Command::RecordService(service) => {
                vec![("provider_agency_id", service.provider_agency_id)]
            }
            Command::SendReferral { to_agency_id, .. }
            | Command::ForwardHardshipApplication { to_agency_id, .. } => {
                vec![("to_agency_id", *to_agency_id)]
            }
            Command::RecordConsent { scope, .. } => match scope {
                ConsentScope::ShareWith { agency_id } => vec![("scope.agency_id", *agency_id)],
                ConsentScope::ReceiveServices => vec![],
            },
            Command::AnswerVerification { .. }
            | Command::RecordTrafficking(_)
            | Command::AssessRisk { .. }
            | Command::ApplyProtection { .. }
            | Command::RecordProtectionIncident { .. }
            | Command::AssessNeeds { .. }
            | Command::AdmitToFacility { .. }
            | Command::DischargeFromFacility { .. }
            | Command::AcceptReferral { .. }
            | Command::DeclineReferral { .. }
            | Command::RecordFamilyContact { .. }
            | Command::RecordReturn { .. }
            | Command::RecordHandback { .. }
            | Command::RecordFollowUp { .. }
            | Command::RecordProceedings { .. }
            | Command::AddNote { .. }
            | Command::AssignWorker { .. }
            | Command::ReleaseWorker { .. }
            | Command::AttachDocument(_)
            | Command::WithdrawAttachment { .. }
            | Command::ApplyForHardshipAllowance { .. }
            | Command::Close { .. }
            | Command::Reopen { .. } => vec![],
        }
    }

    /// A stable name for the history and the access log.
    pub fn name(&self) -> &'static str {
        match self {
            Command::StartVerification { .. } => "start_verification",
            Command::RequestVerification { .. } => "request_verification",
            Command::AnswerVerification { .. } => "answer_verification",
            Command::RecordIdentification { .. } => "record_identification",
            Command::RecordTrafficking(_) => "record_trafficking",
            Command::AssessRisk { .. } => "assess_risk",
            Command::ApplyProtection { .. } => "apply_protection",
            Command::RecordProtectionIncident { .. } => "record_protection_incident",
            Command::AssessNeeds { .. } => "assess_needs",
            Command::RecordService(_) => "record_service",
            Command::AdmitToFacility { .. } => "admit_to_facility",
            Command::DischargeFromFacility { .. } => "discharge_from_facility",
            Command::SendReferral { .. } => "send_referral",
            Command::AcceptReferral { .. } => "accept_referral",
            Command::DeclineReferral { .. } => "decline_referral",
            Command::RecordFamilyContact { .. } => "record_family_contact",
            Command::RecordReturn { .. } => "record_return",
            Command::RecordHandback { .. } => "record_handback",
            Command::RecordFollowUp { .. } => "record_follow_up",
            Command::RecordProceedings { .. } => "record_proceedings",
            Command::RecordConsent { .. } => "record_consent",
            Command::AddNote { .. } => "add_note",
            Command::AssignWorker { .. } => "assign_worker",
            Command::ReleaseWorker { .. } => "release_worker",
            Command::AttachDocument(_) => "attach_document",
            Command::WithdrawAttachment { .. } => "withdraw_attachment",
            Command::ApplyForHardshipAllowance { .. } => "apply_for_hardship_allowance",
            Command::ForwardHardshipApplication { .. } => "forward_hardship_application",
            Command::Close { .. } => "close",
            Command::Reopen { .. } => "reopen",
        }
    }
}
