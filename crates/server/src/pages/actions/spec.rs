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
    /// One of the facilities, by id (a referral's target).
    Facility,
    /// A facility the user's agency admits people to (its own, or one that
    /// took the person on through a referral the agency accepted).
    AdmissionFacility,
    /// A code from a reference code list.
    CodeList(&'static str),
    /// An amount in đồng; thousands separators are allowed.
    Amount,
    /// A checkbox: ticked or not.
    Flag,
    /// Several of the person's identity fields, as checkboxes.
    IdentityFields,
    /// Several codes of a reference code list, as checkboxes.
    CodeLists(&'static str),
    /// A country, by its ISO 3166-1 code.
    Country,
    /// A whole number the user types (a relative's number in the person record).
    Number,
    /// One of the active workers of the user's agency.
    Worker,
    /// One of the case's assigned workers.
    AssignedWorker,
    /// Yes or no, chosen on purpose (not a checkbox left as it was).
    YesNo,
}

/// The options of a `YesNo` field, labelled `option-<field>-yes|no`.
pub const YES_NO: &[&str] = &["yes", "no"];

impl Kind {
    /// The codes a choice offers, each labelled `option-<field>-<code>`.
    pub fn options(self) -> Option<&'static [&'static str]> {
        match self {
            Kind::Choice(options) => Some(options),
            Kind::YesNo => Some(YES_NO),
            Kind::Text
            | Kind::LongText
            | Kind::Date
            | Kind::Agency
            | Kind::Hidden
            | Kind::Facility
            | Kind::AdmissionFacility
            | Kind::CodeList(_)
            | Kind::Amount
            | Kind::Flag
            | Kind::IdentityFields
            | Kind::CodeLists(_)
            | Kind::Country
            | Kind::Number
            | Kind::Worker
            | Kind::AssignedWorker => None,
        }
    }
}

/// A field's part of message keys: `shared_fields` → `shared-fields`,
/// `scope.kind` → `scope-kind`.
pub fn key(name: &str) -> String {
    name.replace(['_', '.'], "-")
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
const STAGE: &[&str] = &[
    "prosecution",
    "investigation",
    "indictment",
    "trial",
    "enforcement",
];
const CONSENT_SCOPE: &[&str] = &["receive_services", "share_with"];
const CONSENT_GIVER: &[&str] = &["person", "parent_or_guardian"];

/// The actions the case page offers as forms, in the journey's order.
pub const CASE_ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        action: "send_referral",
        fields: &[
            field("to_agency_id", Kind::Agency, true),
            field("to_facility_id", Kind::Facility, false),
            field("reason", Kind::LongText, true),
            field("shared_fields", Kind::IdentityFields, false),
            field("best_interest_reason", Kind::LongText, false),
            field("transfer_lead", Kind::Flag, false),
            field("sent_on", Kind::Date, true),
        ],
    },
    ActionSpec {
        action: "admit_to_facility",
        fields: &[
            field("facility_id", Kind::AdmissionFacility, true),
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
            field("funding_source", Kind::CodeList("funding_source"), false),
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
        action: "request_verification",
        fields: &[
            field("to_agency_id", Kind::Agency, false),
            field("abroad", Kind::Flag, false),
            field("question", Kind::LongText, true),
            field("sent_on", Kind::Date, true),
        ],
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
        action: "record_trafficking",
        fields: &[
            field("purposes", Kind::CodeLists("trafficking_purpose"), true),
            field("destination_country", Kind::Country, false),
            field("destination_place", Kind::Text, false),
            field("period_from", Kind::Date, false),
            field("period_to", Kind::Date, false),
            field("recruitment", Kind::CodeList("recruitment_method"), false),
            field(
                "means_of_control",
                Kind::CodeLists("means_of_control"),
                false,
            ),
            field(
                "relation_to_recruiter",
                Kind::CodeList("relation_to_recruiter"),
                false,
            ),
        ],
    },
    ActionSpec {
        action: "assess_risk",
        fields: &[
            field("level", Kind::Choice(RISK), true),
            field("relatives_at_risk", Kind::Flag, false),
            field("assessed_on", Kind::Date, true),
            field("notes", Kind::LongText, false),
        ],
    },
    ActionSpec {
        action: "apply_protection",
        fields: &[
            field("measure", Kind::CodeList("protection_measure"), true),
            field("for_relative", Kind::Number, false),
            field("from", Kind::Date, true),
        ],
    },
    ActionSpec {
        action: "record_protection_incident",
        fields: &[
            field("occurred_on", Kind::Date, true),
            field("description", Kind::LongText, true),
        ],
    },
    ActionSpec {
        action: "assess_needs",
        fields: &[
            field("assessed_on", Kind::Date, true),
            field("needs", Kind::CodeLists("support_category"), true),
            field("wishes", Kind::LongText, false),
        ],
    },
    ActionSpec {
        action: "record_consent",
        fields: &[
            field("scope.kind", Kind::Choice(CONSENT_SCOPE), true),
            field("scope.agency_id", Kind::Agency, false),
            field("given", Kind::YesNo, true),
            field("given_by", Kind::Choice(CONSENT_GIVER), true),
            field("on", Kind::Date, true),
        ],
    },
    ActionSpec {
        action: "assign_worker",
        fields: &[field("user_id", Kind::Worker, true)],
    },
    ActionSpec {
        action: "release_worker",
        fields: &[field("user_id", Kind::AssignedWorker, true)],
    },
    ActionSpec {
        action: "apply_for_hardship_allowance",
        fields: &[field("applied_on", Kind::Date, true)],
    },
    ActionSpec {
        action: "forward_hardship_application",
        fields: &[
            field("to_agency_id", Kind::Agency, true),
            field("forwarded_on", Kind::Date, true),
        ],
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
        action: "record_handback",
        fields: &[
            field("handed_back_on", Kind::Date, true),
            field("receiving_authority", Kind::Text, true),
            field("handover_record", Kind::Text, true),
        ],
    },
    ActionSpec {
        action: "record_proceedings",
        fields: &[
            field("stage", Kind::Choice(STAGE), true),
            field("case_reference", Kind::Text, true),
            field("victim_role", Kind::Text, true),
            field("on", Kind::Date, true),
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

/// The answer to a verification request still open.
pub const VERIFICATION_ANSWER: &[ActionSpec] = &[ActionSpec {
    action: "answer_verification",
    fields: &[
        field("request_no", Kind::Hidden, true),
        field("answer", Kind::LongText, true),
        field("answered_on", Kind::Date, true),
    ],
}];

/// Taking a wrongly attached file out of use.
pub const ATTACHMENT_ACTIONS: &[ActionSpec] = &[ActionSpec {
    action: "withdraw_attachment",
    fields: &[
        field("attachment_no", Kind::Hidden, true),
        field("reason", Kind::LongText, true),
    ],
}];

/// Every form the case page can draw.
pub fn all_specs() -> impl Iterator<Item = &'static ActionSpec> {
    CASE_ACTIONS
        .iter()
        .chain(REFERRAL_ACTIONS)
        .chain(VERIFICATION_ANSWER)
        .chain(ATTACHMENT_ACTIONS)
}

pub fn spec_of(action: &str) -> Option<&'static ActionSpec> {
    all_specs().find(|s| s.action == action)
}

/// The field a page fills in for an action about one item (a referral's,
/// request's or attachment's number), if the action has one.
pub fn item_field(spec: &ActionSpec) -> Option<&'static str> {
    spec.fields
        .iter()
        .find(|f| f.kind == Kind::Hidden)
        .map(|f| f.name)
}

/// Puts `value` at `name` in `object`, a dotted name (`scope.kind`) in a
/// nested object; absent values of nested objects are left out.
fn insert(object: &mut Map<String, Value>, name: &str, value: Value) {
    match name.split_once('.') {
        None => {
            object.insert(name.into(), value);
        }
        Some((outer, inner)) => {
            if value.is_null() {
                return;
            }
            let nested = object
                .entry(outer)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(nested) = nested {
                insert(nested, inner, value);
            }
        }
    }
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
                insert(&mut object, f.name, Value::from(ticked));
                continue;
            }
            Kind::CodeLists(_) => {
                let chosen: Vec<Value> = values
                    .iter()
                    .filter(|(k, v)| k == f.name && !v.trim().is_empty())
                    .map(|(_, v)| Value::from(v.trim()))
                    .collect();
                if chosen.is_empty() && f.required {
                    violations.push(Violation::required(f.name));
                }
                insert(&mut object, f.name, Value::Array(chosen));
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
            Kind::Text
            | Kind::LongText
            | Kind::Date
            | Kind::Agency
            | Kind::Choice(_)
            | Kind::Hidden
            | Kind::Facility
            | Kind::AdmissionFacility
            | Kind::CodeList(_)
            | Kind::Amount
            | Kind::Country
            | Kind::Number
            | Kind::Worker
            | Kind::AssignedWorker
            | Kind::YesNo => {}
        }
        let raw = value_of(f.name);
        if raw.is_empty() {
            if f.required {
                violations.push(Violation::required(f.name));
            }
            insert(&mut object, f.name, Value::Null);
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
            Kind::CodeList(_) | Kind::Country => Value::from(raw),
            Kind::Flag | Kind::IdentityFields | Kind::CodeLists(_) => continue,
            Kind::Agency
            | Kind::Hidden
            | Kind::Facility
            | Kind::AdmissionFacility
            | Kind::Number
            | Kind::Worker
            | Kind::AssignedWorker => match raw.parse::<i64>() {
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
            Kind::YesNo => match raw {
                "yes" => Value::from(true),
                "no" => Value::from(false),
                _ => {
                    violations.push(Violation::unknown_code(f.name, f.name));
                    continue;
                }
            },
        };
        insert(&mut object, f.name, value);
    }
    if !violations.is_empty() {
        return Err(violations);
    }
    serde_json::from_value(Value::Object(object)).map_err(|e| {
        // A part one choice makes necessary (the agency of a consent to
        // share) is named as the field it is, not as serde's words.
        let text = e.to_string();
        let missing = text
            .split_once("missing field `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .and_then(|(name, _)| {
                spec.fields
                    .iter()
                    .find(|f| f.name == name || f.name.ends_with(&format!(".{name}")))
            });
        match missing {
            Some(f) => vec![Violation::required(f.name)],
            None => vec![Violation::new(
                "command",
                "shape",
                "Biểu mẫu không hợp lệ: hãy kiểm tra lại các ô đã chọn.",
                "The form is not valid: check the choices made.",
            )],
        }
    })
}

/// Optional fields that change what a step means, so a sample leaves them
/// out: a best-interest reason is refused for an adult, but the referral is open.
const CHANGES_THE_STEP: &[&str] = &["best_interest_reason"];

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
                Kind::Text | Kind::LongText if CHANGES_THE_STEP.contains(&f.name) => String::new(),
                Kind::Text | Kind::LongText => "x".into(),
                Kind::YesNo => "yes".into(),
                Kind::Date => today.format("%Y-%m-%d").to_string(),
                Kind::Agency => agency_id.to_string(),
                Kind::Hidden
                | Kind::Facility
                | Kind::AdmissionFacility
                | Kind::Worker
                | Kind::AssignedWorker => "1".into(),
                Kind::Number if f.required => "1".into(),
                Kind::CodeList(_) | Kind::CodeLists(_) => "x".into(),
                Kind::Country => "VN".into(),
                Kind::Amount | Kind::Flag | Kind::IdentityFields | Kind::Number => String::new(),
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
        for spec in all_specs() {
            let command = sample(spec, today, 7, &[]).unwrap_or_else(|| panic!("{}", spec.action));
            assert_eq!(command.name(), spec.action);
        }
    }

    #[test]
    fn every_action_field_and_option_has_a_message_in_both_languages() {
        use crate::i18n::{Lang, MISSING_MARK};
        let dashed = key;
        for lang in Lang::ALL {
            for spec in all_specs() {
                let mut keys = vec![
                    format!("action-{}", dashed(spec.action)),
                    format!("command-{}", dashed(spec.action)),
                    format!("submit-{}", dashed(spec.action)),
                ];
                for f in spec.fields.iter().filter(|f| f.kind != Kind::Hidden) {
                    keys.push(format!("input-{}", dashed(f.name)));
                    if let Some(options) = f.kind.options() {
                        keys.extend(
                            options
                                .iter()
                                .map(|o| format!("option-{}-{}", dashed(f.name), dashed(o))),
                        );
                    }
                }
                for key in keys {
                    let text = lang.t_with(
                        &key,
                        &[
                            ("agency", "UBND".into()),
                            ("no", 1.into()),
                            ("date", "02/03/2026".into()),
                        ],
                    );
                    assert!(!text.contains(MISSING_MARK), "{key} in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn checkboxes_become_lists_and_dotted_names_nested_objects() {
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let consent = to_command(
            spec_of("record_consent").unwrap(),
            &form(&[
                ("scope.kind", "share_with"),
                ("scope.agency_id", "12"),
                ("given", "no"),
                ("given_by", "parent_or_guardian"),
                ("on", "2026-03-01"),
            ]),
        )
        .unwrap();
        assert_eq!(
            consent,
            Command::RecordConsent {
                scope: haven_domain::case::command::ConsentScope::ShareWith { agency_id: 12 },
                given: false,
                given_by: haven_domain::case::consent::ConsentGiver::ParentOrGuardian,
                on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            }
        );
        let services = to_command(
            spec_of("record_consent").unwrap(),
            &form(&[
                ("scope.kind", "receive_services"),
                ("scope.agency_id", ""),
                ("given", "yes"),
                ("given_by", "person"),
                ("on", "2026-03-01"),
            ]),
        )
        .unwrap();
        assert!(matches!(
            services,
            Command::RecordConsent {
                scope: haven_domain::case::command::ConsentScope::ReceiveServices,
                given: true,
                ..
            }
        ));
        let trafficking = to_command(
            spec_of("record_trafficking").unwrap(),
            &form(&[
                ("purposes", "sexual_exploitation"),
                ("purposes", "forced_labour"),
                ("destination_country", "KH"),
                ("means_of_control", "debt_bondage"),
            ]),
        )
        .unwrap();
        let Command::RecordTrafficking(details) = trafficking else {
            panic!("{trafficking:?}")
        };
        assert_eq!(
            details.purposes,
            vec!["sexual_exploitation", "forced_labour"]
        );
        assert_eq!(details.destination_country.as_deref(), Some("KH"));
        assert_eq!(details.means_of_control, vec!["debt_bondage"]);
        let faults = to_command(spec_of("record_trafficking").unwrap(), &form(&[])).unwrap_err();
        assert_eq!(faults[0].field, "purposes");
        assert_eq!(faults[0].rule, "required");
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
