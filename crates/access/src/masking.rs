//! Which identity fields of a person a caller sees, and the person with the
//! others masked: the same rule for API responses, pages and exports.

use super::permission::Permission;
use super::scope::{CaseFacts, Principal, Scope};
use haven_domain::case::aggregate::ReferralStatus;
use haven_domain::case::person::Person;
use haven_domain::case::person_fields::PersonField;
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityView {
    Full,
    /// Only these identity fields (a referral shares what the sender chose).
    Only(BTreeSet<String>),
    Masked,
}

impl IdentityView {
    /// What a user sees of a person reached through several cases: the most any case allows.
    pub fn widest(self, other: IdentityView) -> IdentityView {
        match (self, other) {
            (IdentityView::Full, _) | (_, IdentityView::Full) => IdentityView::Full,
            (IdentityView::Only(mut a), IdentityView::Only(b)) => {
                a.extend(b);
                IdentityView::Only(a)
            }
            (IdentityView::Only(a), IdentityView::Masked)
            | (IdentityView::Masked, IdentityView::Only(a)) => IdentityView::Only(a),
            (IdentityView::Masked, IdentityView::Masked) => IdentityView::Masked,
        }
    }
}

pub fn identity_view(principal: &Principal, facts: &CaseFacts<'_>, scope: Scope) -> IdentityView {
    if !principal.can(Permission::ViewIdentity) {
        return IdentityView::Masked;
    }
    let case = facts.case;
    match scope {
        // A child's identity: only the lead agency's assigned workers.
        Scope::Lead if case.child && !case.assigned_user_ids.contains(&principal.user_id) => {
            IdentityView::Masked
        }
        Scope::Lead | Scope::Emergency => IdentityView::Full,
        Scope::Referred if case.child => IdentityView::Masked,
        Scope::Referred => IdentityView::Only(
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
                })
                .flat_map(|r| r.shared_fields.iter().cloned())
                .filter(|f| IDENTITY_FIELDS.contains(&f.as_str()))
                .collect(),
        ),
        Scope::Supervised | Scope::Unrelated => IdentityView::Masked,
    }
}

/// A person as a caller may see them: masked fields are `null` and listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaskedPerson {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub person: Value,
    pub masked_fields: Vec<String>,
}

impl IdentityView {
    /// Whether this view shows `field`.
    pub fn shows(&self, field: PersonField) -> bool {
        if !is_identifying(field) {
            return true;
        }
        match self {
            IdentityView::Full => true,
            IdentityView::Only(shared) => shared.contains(field.code()),
            IdentityView::Masked => false,
        }
    }
}

/// The person cut down to what the view shows — by [`Person::only`], which
/// destructures every field — with the hidden fields `null` and listed.
pub fn mask_person(person: &Person, view: &IdentityView) -> MaskedPerson {
    let (visible, hidden): (Vec<PersonField>, Vec<PersonField>) =
        PersonField::ALL.into_iter().partition(|f| view.shows(*f));
    let shown = person.only(&visible.into_iter().collect::<BTreeSet<_>>());
    let mut value = serde_json::to_value(shown).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        for field in &hidden {
            fields.insert(field.code().to_owned(), Value::Null);
        }
    }
    MaskedPerson {
        person: value,
        masked_fields: hidden.iter().map(|f| f.code().to_owned()).collect(),
    }
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

fn is_code_like(text: &str) -> bool {
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
        let only = |f: &[&str]| IdentityView::Only(f.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            only(&["full_name"]).widest(only(&["contact"])),
            only(&["full_name", "contact"])
        );
        assert_eq!(
            IdentityView::Masked.widest(only(&["birth"])),
            only(&["birth"])
        );
        assert_eq!(
            only(&["birth"]).widest(IdentityView::Full),
            IdentityView::Full
        );
        assert_eq!(
            IdentityView::Masked.widest(IdentityView::Masked),
            IdentityView::Masked
        );
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
