//! The journey's steps as forms: for each action, its fields and how a
//! browser's form becomes the domain's `Command`. One description serves
//! three purposes: drawing the form, reading it back, and building a sample
//! command to ask the rules and the policy whether the action is open now.

use chrono::NaiveDate;
use haven_domain::case::Command;
use haven_domain::Violation;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    LongText,
    Date,
    /// One of the agencies, by id.
    Agency,
    /// A choice among codes, labelled `option-<field>-<code>` in the message files.
    Choice(&'static [&'static str]),
    /// Set by the page (a referral's number), never typed.
    Hidden,
    /// One of the facilities, by id.
    Facility,
    /// A code from a reference code list.
    CodeList(&'static str),
    /// An amount in đồng; thousands separators are allowed.
    Amount,
    /// A checkbox: ticked or not.
    Flag,
    /// Several of the person's identity fields, as checkboxes.
    IdentityFields,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

const fn field(name: &'static str, kind: Kind, required: bool) -> Field {
    Field {
        name,
        kind,
        required,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ActionSpec {
    pub action: &'static str,
    pub fields: &'static [Field],
}

const RISK: &[&str] = &["low", "medium", "high"];
const OUTCOME: &[&str] = &["victim", "not_victim", "unresolved"];

/// The actions the case page offers as forms, in the journey's order.
pub const CASE_ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        action: "send_referral",
        fields: &[
            field("to_agency_id", Kind::Agency, true),
            field("to_facility_id", Kind::Facility, false),
            field("reason", Kind::LongText, true),
            field("shared_fields", Kind::IdentityFields, false),
            field("transfer_lead", Kind::Flag, false),
            field("sent_on", Kind::Date, true),
        ],
    },
    ActionSpec {
        action: "admit_to_facility",
        fields: &[
            field("facility_id", Kind::Facility, true),
            field("admitted_on", Kind::Date, true),
        ],
    },
    ActionSpec {
        action: "discharge_from_facility",
        fields: &[
            field("discharged_on", Kind::Date, true),
            field("reason", Kind::Text, false),
        ],
    },
    ActionSpec {
        action: "record_service",
        fields: &[
            field("service_type", Kind::CodeList("support_service_type"), true),
            field("provider_agency_id", Kind::Agency, true),
            field("delivered_on", Kind::Date, true),
            field("amount_vnd", Kind::Amount, false),
            field("funding_source", Kind::Text, false),
            field("outside_entitlement_reason", Kind::Text, false),
        ],
    },
    ActionSpec {
        action: "record_family_contact",
        fields: &[
            field("contacted_on", Kind::Date, true),
            field("contacted_by", Kind::Text, true),
            field("outcome", Kind::Text, false),
        ],
    },
    ActionSpec {
        action: "start_verification",
        fields: &[field("agency_id", Kind::Agency, true)],
    },
    ActionSpec {
        action: "record_identification",
        fields: &[
            field("outcome", Kind::Choice(OUTCOME), true),
            field("deciding_agency_id", Kind::Agency, false),
            field("document_number", Kind::Text, false),
            field("document_date", Kind::Date, false),
        ],
    },
    ActionSpec {
        action: "apply_for_hardship_allowance",
        fields: &[field("applied_on", Kind::Date, true)],
    },
    ActionSpec {
        action: "record_return",
        fields: &[
            field("returned_on", Kind::Date, true),
            field("handover_record", Kind::Text, true),
            field("escort", Kind::Text, false),
        ],
    },
    ActionSpec {
        action: "record_follow_up",
        fields: &[
            field("visited_on", Kind::Date, true),
            field("situation", Kind::LongText, true),
            field("retrafficking_risk", Kind::Choice(RISK), true),
        ],
    },
    ActionSpec {
        action: "add_note",
        fields: &[field("text", Kind::LongText, true)],
    },
    ActionSpec {
        action: "close",
        fields: &[
            field("reason", Kind::CodeList("closure_reason"), true),
            field("closed_on", Kind::Date, true),
        ],
    },
    ActionSpec {
        action: "reopen",
        fields: &[
            field("reason", Kind::LongText, true),
            field("reopened_on", Kind::Date, true),
        ],
    },
];

/// Answers to a referral, offered per pending referral to the user's agency.
pub const REFERRAL_ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        action: "accept_referral",
        fields: &[
            field("referral_no", Kind::Hidden, true),
            field("answered_on", Kind::Date, true),
        ],
    },
    ActionSpec {
        action: "decline_referral",
        fields: &[
            field("referral_no", Kind::Hidden, true),
            field("reason", Kind::LongText, true),
            field("answered_on", Kind::Date, true),
        ],
    },
];

pub fn spec_of(action: &str) -> Option<&'static ActionSpec> {
    CASE_ACTIONS
        .iter()
        .chain(REFERRAL_ACTIONS)
        .find(|s| s.action == action)
}

/// The form's values as the command they describe, or the fields at fault.
pub fn to_command(
    spec: &ActionSpec,
    values: &[(String, String)],
) -> Result<Command, Vec<Violation>> {
    let value_of = |name: &str| {
        values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    };
    let mut object = Map::new();
    object.insert("command".into(), Value::from(spec.action));
    let mut violations = Vec::new();
    for f in spec.fields {
        match f.kind {
            Kind::Flag => {
                let ticked = matches!(value_of(f.name), "on" | "true" | "1");
                object.insert(f.name.into(), Value::from(ticked));
                continue;
            }
            Kind::IdentityFields => {
                let chosen: Vec<Value> = values
                    .iter()
                    .filter(|(k, v)| {
                        k == f.name && haven_access::IDENTITY_FIELDS.contains(&v.as_str())
                    })
                    .map(|(_, v)| Value::from(v.as_str()))
                    .collect();
                object.insert(f.name.into(), Value::Array(chosen));
                continue;
            }
            _ => {}
        }
        let raw = value_of(f.name);
        if raw.is_empty() {
            if f.required {
                violations.push(Violation::required(f.name));
            }
            object.insert(f.name.into(), Value::Null);
            continue;
        }
        let value = match f.kind {
            Kind::Text | Kind::LongText => Value::from(raw),
            Kind::Date => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
                Ok(_) => Value::from(raw),
                Err(_) => {
                    violations.push(Violation::new(
                        f.name,
                        "date",
                        "Ngày không hợp lệ (ngày/tháng/năm).",
                        "Not a valid date (day/month/year).",
                    ));
                    continue;
                }
            },
            Kind::Amount => {
                let digits: String = raw
                    .chars()
                    .filter(|c| !matches!(c, '.' | ',' | ' ' | '₫'))
                    .collect();
                match digits.parse::<i64>() {
                    Ok(n) => Value::from(n),
                    Err(_) => {
                        violations.push(Violation::new(
                            f.name,
                            "number",
                            "Số tiền là một số đồng, ví dụ 1.250.000.",
                            "The amount is a number of đồng, e.g. 1,250,000.",
                        ));
                        continue;
                    }
                }
            }
            Kind::CodeList(_) | Kind::Flag | Kind::IdentityFields => Value::from(raw),
            Kind::Agency | Kind::Hidden | Kind::Facility => match raw.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => {
                    violations.push(Violation::new(
                        f.name,
                        "number",
                        "Giá trị phải là một số.",
                        "The value must be a number.",
                    ));
                    continue;
                }
            },
            Kind::Choice(options) => {
                if !options.contains(&raw) {
                    violations.push(Violation::unknown_code(f.name, f.name));
                    continue;
                }
                Value::from(raw)
            }
        };
        object.insert(f.name.into(), value);
    }
    if !violations.is_empty() {
        return Err(violations);
    }
    serde_json::from_value(Value::Object(object)).map_err(|e| {
        vec![Violation::new(
            "command",
            "shape",
            format!("Biểu mẫu không hợp lệ: {e}"),
            format!("The form is not valid: {e}"),
        )]
    })
}

/// A plausible command for the action, to ask whether it is open now;
/// `fixed` gives values the page knows (a referral's number).
pub fn sample(
    spec: &ActionSpec,
    today: NaiveDate,
    agency_id: i64,
    fixed: &[(&str, String)],
) -> Option<Command> {
    let values: Vec<(String, String)> = spec
        .fields
        .iter()
        .map(|f| {
            let given = fixed
                .iter()
                .find(|(k, _)| *k == f.name)
                .map(|(_, v)| v.clone());
            let value = given.unwrap_or_else(|| match f.kind {
                Kind::Text | Kind::LongText => "x".into(),
                Kind::Date => today.format("%Y-%m-%d").to_string(),
                Kind::Agency => agency_id.to_string(),
                Kind::Hidden | Kind::Facility => "1".into(),
                Kind::CodeList(_) => "x".into(),
                Kind::Amount | Kind::Flag | Kind::IdentityFields => String::new(),
                Kind::Choice(options) => options.first().copied().unwrap_or("").into(),
            });
            (f.name.to_owned(), value)
        })
        .collect();
    to_command(spec, &values).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_sample_that_is_its_command() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        for spec in CASE_ACTIONS.iter().chain(REFERRAL_ACTIONS) {
            let command = sample(spec, today, 7, &[]).unwrap_or_else(|| panic!("{}", spec.action));
            assert_eq!(command.name(), spec.action);
        }
    }

    #[test]
    fn every_action_field_and_option_has_a_message_in_both_languages() {
        use crate::i18n::{Lang, MISSING_MARK};
        let dashed = |s: &str| s.replace('_', "-");
        for lang in Lang::ALL {
            for spec in CASE_ACTIONS.iter().chain(REFERRAL_ACTIONS) {
                let mut keys = vec![
                    format!("action-{}", dashed(spec.action)),
                    format!("command-{}", dashed(spec.action)),
                ];
                for f in spec.fields.iter().filter(|f| f.kind != Kind::Hidden) {
                    keys.push(format!("input-{}", dashed(f.name)));
                    if let Kind::Choice(options) = f.kind {
                        keys.extend(
                            options
                                .iter()
                                .map(|o| format!("option-{}-{}", dashed(f.name), dashed(o))),
                        );
                    }
                }
                for key in keys {
                    let text = lang.t_with(&key, &[("agency", "UBND".into())]);
                    assert!(!text.contains(MISSING_MARK), "{key} in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn a_form_becomes_a_command_or_names_its_faulty_fields() {
        let spec = spec_of("record_follow_up").unwrap();
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let command = to_command(
            spec,
            &form(&[
                ("visited_on", "2026-03-01"),
                ("situation", " Ổn định "),
                ("retrafficking_risk", "low"),
            ]),
        )
        .unwrap();
        assert_eq!(
            command,
            Command::RecordFollowUp {
                visited_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                situation: "Ổn định".into(),
                retrafficking_risk: haven_domain::case::command::RiskLevel::Low,
            }
        );
        let faults: Vec<(String, &str)> = to_command(
            spec,
            &form(&[
                ("visited_on", "01/03/2026"),
                ("retrafficking_risk", "extreme"),
            ]),
        )
        .unwrap_err()
        .into_iter()
        .map(|v| (v.field, v.rule))
        .collect();
        assert_eq!(
            faults,
            vec![
                ("visited_on".to_string(), "date"),
                ("situation".into(), "required"),
                ("retrafficking_risk".into(), "known_code")
            ]
        );
    }
}
