//! A case as the caller may see it, as a type: built by destructuring the
//! stored record and the domain's [`Case`], so a field added to either does
//! not compile until this file decides how it is shown. Free text that may
//! name someone (file names, descriptions, a closure reason typed as text)
//! is hidden from whoever sees no identity.

use chrono::{DateTime, NaiveDate, Utc};
use haven_access::{is_code_like, IdentityView, Seen};
use haven_domain::case::aggregate::{
    AssessedRisk, CaseAttachment, DeliveredService, HardshipApplication, Referral, Stay,
    VerificationRequest,
};
use haven_domain::case::command::Attachment;
use haven_domain::case::consent::RecordedConsent;
use haven_domain::case::status::{Identification, Phase};
use haven_domain::case::Case;
use haven_store::cases::CaseRecord;
use serde::Serialize;
use utoipa::ToSchema;

/// The stored case, as the caller may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VisibleCase {
    pub case_number: String,
    pub person_id: i64,
    pub version: i64,
    pub lead_agency_id: i64,
    pub state: CaseStateView,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the rules know about a case, as the caller may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseStateView {
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
    pub decided_on: Option<NaiveDate>,
    pub stay: Option<Stay>,
    pub referrals: Vec<Referral>,
    pub services: Vec<DeliveredService>,
    pub family_contacted_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
    pub handed_back_on: Option<NaiveDate>,
    pub follow_ups: Vec<NaiveDate>,
    pub has_trafficking_details: bool,
    /// A code of the closure reasons; `null` when typed as text the caller may not read.
    #[schema(value_type = Option<String>)]
    pub close_reason: Seen<Option<String>>,
    pub closed_on: Option<NaiveDate>,
    pub times_reopened: u32,
    pub hardship_application: Option<HardshipApplication>,
    pub attachments: Vec<AttachmentView>,
    pub child: bool,
    pub assigned_user_ids: Vec<i64>,
    /// Consents and refusals, in the order recorded: which agencies a
    /// referral may share the person's identity with.
    pub consents: Vec<RecordedConsent>,
    /// The latest risk assessment.
    pub risk: Option<AssessedRisk>,
    /// Imported from a list kept before Haven: its time limits from
    /// reception are not chased.
    pub from_list: bool,
    /// The day it was imported: nothing due by then is chased.
    pub imported_on: Option<NaiveDate>,
}

/// A file kept with a case; its name and description only for those who may
/// see identities (a file name can name the victim).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttachmentView {
    /// Numbered from 1 in the order attached.
    pub attachment_no: u32,
    #[schema(value_type = Option<String>)]
    pub file_name: Seen<String>,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[schema(value_type = Option<String>)]
    pub description: Seen<Option<String>>,
    pub attached_on: NaiveDate,
    pub attached_by_agency_id: i64,
    pub withdrawn: bool,
}

impl VisibleCase {
    pub fn of(record: &CaseRecord, identity: &IdentityView) -> VisibleCase {
        let CaseRecord {
            id: _,
            case_number,
            person_id,
            version,
            lead_agency_id,
            state,
            created_at,
            updated_at,
        } = record;
        VisibleCase {
            case_number: case_number.clone(),
            person_id: *person_id,
            version: *version,
            lead_agency_id: *lead_agency_id,
            state: CaseStateView::of(state, identity),
            created_at: *created_at,
            updated_at: *updated_at,
        }
    }
}

impl CaseStateView {
    pub fn of(case: &Case, identity: &IdentityView) -> CaseStateView {
        let Case {
            identification,
            phase,
            lead_agency_id,
            channel,
            received_on,
            located_abroad,
            foreign_national,
            accompanying_child,
            minor,
            verification_requests,
            decided_on,
            stay,
            referrals,
            services,
            family_contacted_on,
            returned_on,
            handed_back_on,
            follow_ups,
            has_trafficking_details,
            close_reason,
            closed_on,
            times_reopened,
            hardship_application,
            attachments,
            child,
            assigned_user_ids,
            consents,
            risk,
            from_list,
            imported_on,
        } = case;
        let readable = |text: &str| !identity.is_hidden() || is_code_like(text);
        CaseStateView {
            identification: *identification,
            phase: *phase,
            lead_agency_id: *lead_agency_id,
            channel: channel.clone(),
            received_on: *received_on,
            located_abroad: *located_abroad,
            foreign_national: *foreign_national,
            accompanying_child: *accompanying_child,
            minor: *minor,
            verification_requests: verification_requests.clone(),
            decided_on: *decided_on,
            stay: stay.clone(),
            // A referral's reason is free text: hidden, like notes, from whoever sees no identity.
            referrals: referrals
                .iter()
                .map(|r| Referral {
                    reason: if readable(&r.reason) {
                        r.reason.clone()
                    } else {
                        haven_access::REDACTED.to_owned()
                    },
                    ..r.clone()
                })
                .collect(),
            services: services.clone(),
            family_contacted_on: *family_contacted_on,
            returned_on: *returned_on,
            handed_back_on: *handed_back_on,
            follow_ups: follow_ups.clone(),
            has_trafficking_details: *has_trafficking_details,
            close_reason: if close_reason.as_deref().is_none_or(readable) {
                Seen::Shown(close_reason.clone())
            } else {
                Seen::Hidden
            },
            closed_on: *closed_on,
            times_reopened: *times_reopened,
            hardship_application: hardship_application.clone(),
            attachments: AttachmentView::all_of(attachments, identity),
            child: *child,
            assigned_user_ids: assigned_user_ids.clone(),
            consents: consents.clone(),
            risk: *risk,
            from_list: *from_list,
            imported_on: *imported_on,
        }
    }
}

impl AttachmentView {
    /// A case's files, numbered from 1, as the caller may see them.
    pub fn all_of(attachments: &[CaseAttachment], identity: &IdentityView) -> Vec<AttachmentView> {
        let named = identity.reads_documents();
        attachments
            .iter()
            .zip(1u32..)
            .map(|(kept, attachment_no)| {
                let CaseAttachment {
                    attachment,
                    attached_by_agency_id,
                    withdrawn,
                } = kept;
                let Attachment {
                    file_id: _,
                    file_name,
                    media_type,
                    size_bytes,
                    sha256,
                    description,
                    attached_on,
                } = attachment;
                AttachmentView {
                    attachment_no,
                    file_name: Seen::of(named, file_name),
                    media_type: media_type.clone(),
                    size_bytes: *size_bytes,
                    sha256: sha256.clone(),
                    description: Seen::of(named, description),
                    attached_on: *attached_on,
                    attached_by_agency_id: *attached_by_agency_id,
                    withdrawn: *withdrawn,
                }
            })
            .collect()
    }
}
