//! Which identity fields of a person a caller sees, and the person with the
//! others masked: the same rule for API responses, pages and exports.

use super::permission::Permission;
use super::scope::{CaseFacts, Principal, Scope};
use haven_domain::case::aggregate::ReferralStatus;
use haven_domain::case::person::Person;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// Fields that identify, locate or reach a victim or her relatives.
pub const IDENTITY_FIELDS: [&str; 8] = [
    "full_name",
    "other_names",
    "birth",
    "identity_papers",
    "permanent_residence",
    "current_residence",
    "contact",
    "relatives",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityView {
    Full,
    /// Only these identity fields (a referral shares what the sender chose).
    Only(BTreeSet<String>),
    Masked,
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
                    r.to_agency_id == principal.agency_id && r.status != ReferralStatus::Declined
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

pub fn mask_person(person: &Person, view: &IdentityView) -> MaskedPerson {
    let mut value = serde_json::to_value(person).unwrap_or(Value::Null);
    let mut masked_fields = Vec::new();
    if let Value::Object(fields) = &mut value {
        for field in IDENTITY_FIELDS {
            let visible = match view {
                IdentityView::Full => true,
                IdentityView::Only(shared) => shared.contains(field),
                IdentityView::Masked => false,
            };
            if !visible {
                fields.insert(field.to_owned(), Value::Null);
                masked_fields.push(field.to_owned());
            }
        }
    }
    MaskedPerson {
        person: value,
        masked_fields,
    }
}
