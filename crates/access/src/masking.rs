//! Which identity fields of a person a caller sees, and the person with the
//! others masked: the same rule for API responses, pages and exports.

use super::permission::Permission;
use super::scope::{CaseFacts, Principal, Scope};
use haven_domain::case::aggregate::ReferralStatus;
use haven_domain::case::consent::{Sharing, SharingBasis};
use haven_domain::case::person_fields::PersonField;
use haven_domain::case::Case;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// Fields that identify, locate or reach a victim or her relatives, or say
/// more about her than a case needs (languages, disability): hidden unless the
/// viewer sees the whole record or they were shared.
pub const IDENTITY_FIELDS: [&str; 10] = [
    "full_name",
    "other_names",
    "birth",
    "identity_papers",
    "permanent_residence",
    "current_residence",
    "contact",
    "relatives",
    "languages",
    "disability",
];

/// Whether a person's field is hidden unless seen whole or shared. Every
/// field is decided here: a new one does not compile until it is.
pub fn is_identifying(field: PersonField) -> bool {
    match field {
        PersonField::FullName
        | PersonField::OtherNames
        | PersonField::Birth
        | PersonField::IdentityPapers
        | PersonField::PermanentResidence
        | PersonField::CurrentResidence
        | PersonField::Contact
        | PersonField::Relatives
        | PersonField::Languages
        | PersonField::Disability => true,
        // What a case worker, a supervisor or a statistic needs of anyone.
        PersonField::Sex | PersonField::Ethnicity | PersonField::Nationality => false,
    }
}

/// How much of a person a viewer sees, and why: each way a user can stand to
/// a case is its own variant, so a new one does not compile until every
/// place that shows a person decides about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityView {
    /// The whole record.
    Whole(WholeBecause),
    /// Only these identifying fields: what referrals to the viewer's agency shared.
    Shared(BTreeSet<PersonField>),
    /// No identifying field.
    Hidden(HiddenBecause),
}

/// Why a viewer sees a person whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WholeBecause {
    /// The viewer's agency leads the case (for a child: the viewer is assigned to it).
    LeadAgency,
    /// A break-the-glass grant, for a limited time.
    EmergencyGrant,
}

/// Why identifying fields are hidden from a viewer: what a page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HiddenBecause {
    /// The viewer's roles do not see identities (auditor, statistician, …).
    RoleSeesNoIdentities,
    /// A child's identity: only the lead agency's assigned workers see it.
    ChildRecord,
    /// A supervisor of the area reads the steps, not who.
    Supervision,
    /// The referral to the viewer's agency did not share these fields.
    NotShared,
    /// The viewer has no part in the case.
    NotInvolved,
}

impl IdentityView {
    /// What a user sees of a person reached through several cases: the most any case allows.
    pub fn widest(self, other: IdentityView) -> IdentityView {
        match (self, other) {
            (whole @ IdentityView::Whole(_), _) | (_, whole @ IdentityView::Whole(_)) => whole,
            (IdentityView::Shared(mut a), IdentityView::Shared(b)) => {
                a.extend(b);
                IdentityView::Shared(a)
            }
            (IdentityView::Shared(a), IdentityView::Hidden(_))
            | (IdentityView::Hidden(_), IdentityView::Shared(a)) => IdentityView::Shared(a),
            (hidden @ IdentityView::Hidden(_), IdentityView::Hidden(_)) => hidden,
        }
    }

    /// Whether this view shows `field`.
    pub fn shows(&self, field: PersonField) -> bool {
        if !is_identifying(field) {
            return true;
        }
        match self {
            IdentityView::Whole(_) => true,
            IdentityView::Shared(shared) => shared.contains(&field),
            IdentityView::Hidden(_) => false,
        }
    }

    /// Whether the viewer sees the whole record.
    pub fn is_whole(&self) -> bool {
        matches!(self, IdentityView::Whole(_))
    }

    /// Whether the viewer sees no identifying field at all: free text (notes,
    /// reasons, file names) is hidden from them too, as it may name someone.
    pub fn is_hidden(&self) -> bool {
        matches!(self, IdentityView::Hidden(_))
    }

    /// Whether the viewer may read documents kept with the case (their names
    /// and contents): they may name and picture the person, so only a viewer
    /// who sees the whole record, or was at least shared her name.
    pub fn reads_documents(&self) -> bool {
        match self {
            IdentityView::Whole(_) => true,
            IdentityView::Shared(shared) => shared.contains(&PersonField::FullName),
            IdentityView::Hidden(_) => false,
        }
    }

    /// Why the fields this view does not show are hidden.
    pub fn hidden_because(&self) -> Option<HiddenBecause> {
        match self {
            IdentityView::Whole(_) => None,
            IdentityView::Shared(_) => Some(HiddenBecause::NotShared),
            IdentityView::Hidden(because) => Some(*because),
        }
    }
}

pub fn identity_view(principal: &Principal, facts: &CaseFacts<'_>, scope: Scope) -> IdentityView {
    if !principal.can(Permission::ViewIdentity) {
        return IdentityView::Hidden(HiddenBecause::RoleSeesNoIdentities);
    }
    let case = facts.case;
    match scope {
        // A child's identity: only the lead agency's assigned workers.
        Scope::Lead if case.child && !case.assigned_user_ids.contains(&principal.user_id) => {
            IdentityView::Hidden(HiddenBecause::ChildRecord)
        }
        Scope::Lead => IdentityView::Whole(WholeBecause::LeadAgency),
        // An emergency grant opens an adult's record for a limited time, never
        // a child's: her identity stays with the lead agency's assigned workers.
        Scope::Emergency if case.child => IdentityView::Hidden(HiddenBecause::ChildRecord),
        Scope::Emergency => IdentityView::Whole(WholeBecause::EmergencyGrant),
        Scope::Referred | Scope::Offered => {
            let shared = shared_by_referrals(principal, case);
            // A child's fields reach a referred agency only on a guardian's
            // consent or a best-interest decision; without them, nothing of
            // her record, free text included.
            if case.child && shared.is_empty() {
                IdentityView::Hidden(HiddenBecause::ChildRecord)
            } else {
                IdentityView::Shared(shared)
            }
        }
        Scope::Supervised => IdentityView::Hidden(HiddenBecause::Supervision),
        Scope::Unrelated => IdentityView::Hidden(HiddenBecause::NotInvolved),
    }
}

/// The identifying fields that live referrals to the viewer's agency shared
/// with one of the viewer's roles. For a child, only referrals shared on a
/// basis a child's record needs — a parent's or guardian's consent, or the
/// lead agency's best-interest decision — count: not those recorded before
/// consent was checked, nor those shared on her own consent while she was
/// thought an adult (her birth learnt later protects her at once).
fn shared_by_referrals(principal: &Principal, case: &Case) -> BTreeSet<PersonField> {
    case.referrals
        .iter()
        .filter(|r| {
            r.to_agency_id == principal.agency_id
                && r.status != ReferralStatus::Declined
                && (r.shared_with_roles.is_empty()
                    || principal
                        .roles
                        .iter()
                        .any(|role| r.shared_with_roles.contains(role)))
                && (!case.child
                    || matches!(
                        r.sharing,
                        Sharing::Shared {
                            basis: SharingBasis::GuardianConsent | SharingBasis::BestInterest
                        }
                    ))
        })
        .flat_map(|r| r.shared_fields.iter())
        .filter_map(|code| PersonField::from_code(code))
        .filter(|field| is_identifying(*field))
        .collect()
}

/// What a masked free-text value reads as.
pub const REDACTED: &str = "[ẩn / hidden]";

/// Replaces every free-text string in `value` (notes, reasons, file names,
/// circumstances — anything that may name a person) with [`REDACTED`],
/// keeping codes (`snake_case`), dates and case numbers, which never do.
pub fn redact_free_text(value: &mut Value) {
    match value {
        Value::String(text) if !is_code_like(text) => *text = REDACTED.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(redact_free_text),
        Value::Object(fields) => fields.values_mut().for_each(redact_free_text),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// Whether a text is a code, a date, a number or a case number, which never
/// name anyone; anything else is free text.
pub fn is_code_like(text: &str) -> bool {
    let code = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    let date_or_number = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'.' | b'T' | b'Z' | b'+'));
    let case_number = text.len() == 15
        && text
            .as_bytes()
            .split_at_checked(3)
            .is_some_and(|(province, rest)| {
                province.iter().all(u8::is_ascii_uppercase)
                    && rest.iter().all(|b| b.is_ascii_digit() || *b == b'-')
            });
    code || date_or_number || case_number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identifying_fields_are_the_listed_ones() {
        let identifying: Vec<&str> = PersonField::ALL
            .into_iter()
            .filter(|f| is_identifying(*f))
            .map(PersonField::code)
            .collect();
        let mut listed = IDENTITY_FIELDS.to_vec();
        listed.sort_unstable();
        let mut identifying = identifying;
        identifying.sort_unstable();
        assert_eq!(identifying, listed);
    }

    #[test]
    fn several_cases_give_the_widest_view() {
        let only = |f: &[PersonField]| IdentityView::Shared(f.iter().copied().collect());
        let hidden = IdentityView::Hidden(HiddenBecause::Supervision);
        let whole = IdentityView::Whole(WholeBecause::LeadAgency);
        assert_eq!(
            only(&[PersonField::FullName]).widest(only(&[PersonField::Contact])),
            only(&[PersonField::FullName, PersonField::Contact])
        );
        assert_eq!(
            hidden.clone().widest(only(&[PersonField::Birth])),
            only(&[PersonField::Birth])
        );
        assert_eq!(only(&[PersonField::Birth]).widest(whole.clone()), whole);
        assert_eq!(hidden.clone().widest(hidden.clone()), hidden);
    }

    #[test]
    fn documents_only_for_who_sees_her_name() {
        assert!(IdentityView::Whole(WholeBecause::LeadAgency).reads_documents());
        assert!(IdentityView::Shared([PersonField::FullName].into()).reads_documents());
        assert!(
            !IdentityView::Shared([PersonField::Sex, PersonField::Birth].into()).reads_documents()
        );
        assert!(!IdentityView::Hidden(HiddenBecause::Supervision).reads_documents());
    }

    #[test]
    fn free_text_is_redacted_codes_and_dates_stay() {
        let mut value = serde_json::json!({
            "command": "add_note", "text": "Gặp Nguyễn Thị Hoa tại nhà",
            "on": "2025-08-01", "recorded_at": "2025-08-01T10:00:00.000000Z",
            "case": "HNI-2025-000123", "reasons": ["same_name"], "amount": 5,
            "nested": {"file_name": "cccd-hoa.jpg"}
        });
        redact_free_text(&mut value);
        assert_eq!(value["text"], REDACTED);
        assert_eq!(value["nested"]["file_name"], REDACTED);
        assert_eq!(value["command"], "add_note");
        assert_eq!(value["on"], "2025-08-01");
        assert_eq!(value["recorded_at"], "2025-08-01T10:00:00.000000Z");
        assert_eq!(value["case"], "HNI-2025-000123");
        assert_eq!(value["reasons"][0], "same_name");
        assert_eq!(value["amount"], 5);
    }
}
