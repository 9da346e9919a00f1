//! The steps a list records after the reception — the purposes of the
//! trafficking, the identification, the support received, the return home
//! — as the commands the journey takes, in the order of their dates, and
//! played on the case the reception opens with the checks a step typed in
//! takes (`replay`). The dry run and the write play them the same way, so
//! what the check reports is what the write would refuse.

use super::columns::ImportColumn;
use crate::case::command::{Command, Outcome, Service, TraffickingDetails};
use crate::case::{check, Case, Context, Rejection};
use chrono::NaiveDate;

/// What a row records after its reception, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListSteps {
    /// Codes of `trafficking_purpose`.
    pub purposes: Vec<String>,
    pub identification: Option<ListIdentification>,
    /// Codes of `support_service_type`, and the day they were given.
    pub services: Option<(Vec<String>, NaiveDate)>,
    pub returned_home: Option<ReturnHome>,
}

/// "Identified as a victim": the outcome and the document that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListIdentification {
    pub outcome: Outcome,
    /// The deciding agency as written; the server finds it in the directory.
    pub agency: Option<String>,
    pub document_number: Option<String>,
    pub document_date: Option<NaiveDate>,
}

/// Handed over to her family at home.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnHome {
    pub returned_on: NaiveDate,
    pub handover_record: Option<String>,
    /// Who brought her (a child: required) home.
    pub escort: Option<String>,
}

/// Who the steps name besides what the row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepParties {
    /// The agency the row's identification names, found in the directory.
    pub deciding_agency_id: Option<i64>,
    /// The agency importing its list: it gave the support the list records
    /// and it handed her over to her family.
    pub importing_agency_id: i64,
    pub importing_agency_name: String,
}

/// How lists name purposes of trafficking, folded, beside the list's labels.
pub const PURPOSE_WORDS: &[(&str, &str)] = &[
    ("mai dam", "sexual_exploitation"),
    ("ban dam", "sexual_exploitation"),
    ("tinh duc", "sexual_exploitation"),
    ("boc lot tinh duc", "sexual_exploitation"),
    ("lao dong", "forced_labour"),
    ("boc lot lao dong", "forced_labour"),
    ("boc lot suc lao dong", "forced_labour"),
    ("lam vo", "forced_marriage"),
    ("ban lam vo", "forced_marriage"),
    ("lay chong", "forced_marriage"),
    ("ket hon", "forced_marriage"),
    ("ep ket hon", "forced_marriage"),
    ("lay noi tang", "organ_removal"),
    ("noi tang", "organ_removal"),
    ("lay bo phan co the", "organ_removal"),
    ("de thue", "commercial_surrogacy"),
    ("mang thai ho", "commercial_surrogacy"),
    ("con nuoi", "child_adoption_for_profit"),
    ("pham phap", "forced_criminality"),
    ("khac", "other"),
];

/// How lists name support services, folded, beside the list's labels.
pub const SERVICE_WORDS: &[(&str, &str)] = &[
    ("y te", "medical_care"),
    ("kham chua benh", "medical_care"),
    ("tam ly", "psychological_counselling"),
    ("tu van tam ly", "psychological_counselling"),
    ("phap ly", "legal_aid"),
    ("tro giup phap ly", "legal_aid"),
    ("tu van phap ly", "legal_information"),
    ("hoc nghe", "vocational_training"),
    ("day nghe", "vocational_training"),
    ("hoc van hoa", "schooling"),
    ("tro cap", "initial_hardship_allowance"),
    ("tro cap kho khan", "initial_hardship_allowance"),
    ("tro cap kho khan ban dau", "initial_hardship_allowance"),
    ("vay von", "loan_social_policy_bank"),
    ("tien an", "food"),
    ("an uong", "food"),
    ("quan ao", "clothing"),
    ("cho o", "temporary_accommodation"),
    ("phien dich", "interpretation"),
    ("tien tau xe", "travel_home"),
    ("viec lam", "job_placement"),
    ("gioi thieu viec lam", "job_placement"),
];

/// What the family contact recorded with a return from a list says: the
/// list records the handover, and a handover to the family is a contact.
pub const FAMILY_CONTACT_NOTE: &str = "Bàn giao về gia đình (theo danh sách nhập)";

impl ListSteps {
    pub fn is_empty(&self) -> bool {
        self.purposes.is_empty()
            && self.identification.is_none()
            && self.services.is_none()
            && self.returned_home.is_none()
    }

    /// The commands, in the order they happened: the trafficking's details
    /// first (they have no day), then by day; on one day, identification
    /// before support before the return. A destination without a purpose
    /// is not a step of its own: the details need at least one purpose.
    pub fn commands(
        &self,
        destination_country: Option<&str>,
        parties: &StepParties,
    ) -> Vec<Command> {
        let mut dated: Vec<(NaiveDate, u8, Command)> = Vec::new();
        if let Some(found) = &self.identification {
            let day = found.document_date.unwrap_or(NaiveDate::MIN);
            dated.push((
                day,
                0,
                Command::RecordIdentification {
                    outcome: found.outcome,
                    deciding_agency_id: parties.deciding_agency_id,
                    document_number: found.document_number.clone(),
                    document_date: found.document_date,
                },
            ));
        }
        if let Some((codes, on)) = &self.services {
            for code in codes {
                dated.push((
                    *on,
                    1,
                    Command::RecordService(Service {
                        service_type: code.clone(),
                        clause: None,
                        provider_agency_id: parties.importing_agency_id,
                        delivered_on: *on,
                        amount_vnd: None,
                        funding_source: None,
                        outside_entitlement_reason: None,
                    }),
                ));
            }
        }
        if let Some(home) = &self.returned_home {
            dated.push((
                home.returned_on,
                2,
                Command::RecordFamilyContact {
                    contacted_on: home.returned_on,
                    contacted_by: parties.importing_agency_name.clone(),
                    outcome: Some(FAMILY_CONTACT_NOTE.to_owned()),
                },
            ));
            dated.push((
                home.returned_on,
                3,
                Command::RecordReturn {
                    returned_on: home.returned_on,
                    handover_record: home.handover_record.clone().unwrap_or_default(),
                    escort: home.escort.clone(),
                    to_unit_id: None,
                },
            ));
        }
        dated.sort_by_key(|(day, order, _)| (*day, *order));
        let details = (!self.purposes.is_empty()).then(|| {
            Command::RecordTrafficking(TraffickingDetails {
                purposes: self.purposes.clone(),
                destination_country: destination_country.map(str::to_owned),
                destination_place: None,
                period_from: None,
                period_to: None,
                recruitment: None,
                means_of_control: Vec::new(),
                relation_to_recruiter: None,
            })
        });
        details
            .into_iter()
            .chain(dated.into_iter().map(|(_, _, command)| command))
            .collect()
    }
}

/// A step of a row the journey's rules refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRefused {
    /// The column of the list the refusal is about.
    pub column: ImportColumn,
    pub rejection: Rejection,
}

/// Plays `steps` on the case as its reception opened it, each checked as
/// a step typed in on its day would be; the state after the last, or
/// every refusal (a refused step is left out and the rest played on, so
/// a row's problems are told at once), each with the column it comes from
/// and the column's name where the rule names its field.
pub fn replay(opened: &Case, steps: &[Command], ctx: &Context) -> Result<Case, Vec<StepRefused>> {
    let mut state = opened.clone();
    let mut refused = Vec::new();
    for step in steps {
        match check(&state, step, ctx) {
            Ok(()) => state.apply(step, ctx.actor_agency_id),
            Err(rejection) => {
                let column = column_of_step(step, rejection.field);
                refused.push(StepRefused {
                    column,
                    rejection: named_by_column(rejection, column),
                });
            }
        }
    }
    if refused.is_empty() {
        Ok(state)
    } else {
        Err(refused)
    }
}

/// The rule's words with the list's column where they name a field
/// ("«returned_on» …" becomes "«Ngày về địa phương» …").
fn named_by_column(rejection: Rejection, column: ImportColumn) -> Rejection {
    let Some(field) = rejection.field else {
        return rejection;
    };
    let (vi, en) = column.labels();
    Rejection {
        message_vi: rejection
            .message_vi
            .replace(&format!("«{field}»"), &format!("«{vi}»")),
        message_en: rejection
            .message_en
            .replace(&format!("“{field}”"), &format!("“{en}”")),
        ..rejection
    }
}

/// The column a step's field was read from.
pub fn column_of_step(step: &Command, field: Option<&str>) -> ImportColumn {
    match (step, field) {
        (Command::RecordIdentification { .. }, Some("deciding_agency_id")) => {
            ImportColumn::IdentifiedBy
        }
        (Command::RecordIdentification { .. }, Some("document_number")) => {
            ImportColumn::IdentificationDocument
        }
        (Command::RecordIdentification { .. }, Some("document_date")) => ImportColumn::IdentifiedOn,
        (Command::RecordIdentification { .. }, _) => ImportColumn::Identified,
        (Command::RecordService(_), Some("delivered_on")) => ImportColumn::SupportedOn,
        (Command::RecordService(_), _) => ImportColumn::Services,
        (Command::RecordReturn { .. }, Some("handover_record")) => ImportColumn::HandoverRecord,
        (Command::RecordReturn { .. }, Some("escort")) => ImportColumn::Escort,
        (Command::RecordReturn { .. } | Command::RecordFamilyContact { .. }, _) => {
            ImportColumn::ReturnedHomeOn
        }
        (Command::RecordTrafficking(_), Some("destination_country")) => {
            ImportColumn::DestinationCountry
        }
        (Command::RecordTrafficking(_), _) => ImportColumn::Purposes,
        (
            Command::StartVerification { .. }
            | Command::RequestVerification { .. }
            | Command::AnswerVerification { .. }
            | Command::AssessRisk { .. }
            | Command::ApplyProtection { .. }
            | Command::RecordProtectionIncident { .. }
            | Command::AssessNeeds { .. }
            | Command::AdmitToFacility { .. }
            | Command::DischargeFromFacility { .. }
            | Command::SendReferral { .. }
            | Command::AcceptReferral { .. }
            | Command::DeclineReferral { .. }
            | Command::RecordHandback { .. }
            | Command::RecordFollowUp { .. }
            | Command::RecordProceedings { .. }
            | Command::RecordConsent { .. }
            | Command::AddNote { .. }
            | Command::AssignWorker { .. }
            | Command::ReleaseWorker { .. }
            | Command::AttachDocument(_)
            | Command::WithdrawAttachment { .. }
            | Command::ApplyForHardshipAllowance { .. }
            | Command::ForwardHardshipApplication { .. }
            | Command::Close { .. }
            | Command::Reopen { .. },
            _,
        ) => ImportColumn::Note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::command::Reception;
    use crate::case::entitlements::EntitlementRules;
    use crate::case::limits::InputLimits;
    use crate::case::{Identification, Phase};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, d).unwrap_or_default()
    }

    fn parties() -> StepParties {
        StepParties {
            deciding_agency_id: Some(7),
            importing_agency_id: 3,
            importing_agency_name: "Sở Y tế tỉnh Lào Cai".into(),
        }
    }

    fn opened() -> Case {
        Case::open(&Reception {
            receiving_agency_id: 3,
            ..Reception::new("self_return", day(1, 10))
        })
    }

    fn with_clause(mut steps: Vec<Command>) -> Vec<Command> {
        for step in &mut steps {
            if let Command::RecordService(service) = step {
                // Only medical care is played here: clause (b) of Art. 37.
                service.clause = (service.service_type == "medical_care").then(|| "b".into());
            }
        }
        steps
    }

    #[test]
    fn a_row_s_steps_play_in_the_order_of_their_days() {
        let steps = ListSteps {
            purposes: vec!["forced_marriage".into()],
            identification: Some(ListIdentification {
                outcome: Outcome::Victim,
                agency: Some("Công an huyện".into()),
                document_number: Some("12/GXN".into()),
                document_date: Some(day(2, 1)),
            }),
            services: Some((vec!["medical_care".into()], day(1, 20))),
            returned_home: Some(ReturnHome {
                returned_on: day(3, 5),
                handover_record: Some("BB-07".into()),
                escort: None,
            }),
        };
        let commands = with_clause(steps.commands(Some("CN"), &parties()));
        let names: Vec<&str> = commands.iter().map(Command::name).collect();
        assert_eq!(
            names,
            vec![
                "record_trafficking",
                "record_service",
                "record_identification",
                "record_family_contact",
                "record_return"
            ]
        );
        let (rules, limits) = (EntitlementRules::default(), InputLimits::default());
        let ctx = Context {
            actor_agency_id: 3,
            actor_user_id: 1,
            today: day(12, 31),
            entitlements: &rules,
            limits: &limits,
            facility: None,
            worker_agency_id: None,
            relatives_on_record: 0,
        };
        let last = replay(&opened(), &commands, &ctx);
        let Ok(last) = last else {
            panic!("{last:?}");
        };
        assert_eq!(last.identification, Identification::Victim);
        assert_eq!(last.phase, Phase::ReturnedHome);
        assert!(last.has_trafficking_details);

        // Identified without its document: refused, naming the column.
        let mut undocumented = steps.clone();
        undocumented.identification = Some(ListIdentification {
            document_number: None,
            ..steps.identification.clone().unwrap_or(ListIdentification {
                outcome: Outcome::Victim,
                agency: None,
                document_number: None,
                document_date: None,
            })
        });
        let refused = replay(
            &opened(),
            &with_clause(undocumented.commands(None, &parties())),
            &ctx,
        )
        .unwrap_err();
        assert_eq!(refused[0].column, ImportColumn::IdentificationDocument);
        // Returned home before she was received: the return's column.
        let early = ListSteps {
            returned_home: Some(ReturnHome {
                returned_on: day(1, 2),
                handover_record: Some("BB".into()),
                escort: None,
            }),
            ..ListSteps::default()
        };
        let refused = replay(&opened(), &early.commands(None, &parties()), &ctx).unwrap_err();
        assert_eq!(refused[0].column, ImportColumn::ReturnedHomeOn);
        assert_eq!(refused[0].rejection.code, "before_reception");
        assert!(
            refused[0]
                .rejection
                .message_vi
                .contains("«Ngày về địa phương»"),
            "the column's name, not the field's: {}",
            refused[0].rejection.message_vi
        );
        // A destination alone is no step.
        let destination_only = ListSteps::default().commands(Some("CN"), &parties());
        assert!(destination_only.is_empty());
    }
}
