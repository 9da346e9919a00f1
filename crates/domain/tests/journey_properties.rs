//! Random command sequences never reach an invalid case, and a refused
//! command leaves the case exactly as it was.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::{Days, NaiveDate};
use haven_domain::case::command::{
    Attachment, ConsentScope, Outcome, ProceedingsStage, RiskLevel, Service, TraffickingDetails,
};
use haven_domain::case::consent::ConsentGiver;
use haven_domain::case::entitlements::EntitlementRules;
use haven_domain::case::{check, Case, Command, Context, Reception};
use proptest::prelude::*;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
}

fn day(offset: u64) -> NaiveDate {
    start().checked_add_days(Days::new(offset)).unwrap()
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![1 => Just(String::new()), 1 => Just("  ".to_string()), 8 => Just("ghi chú".to_string())]
}

fn agency() -> impl Strategy<Value = i64> {
    1i64..4
}

fn date() -> impl Strategy<Value = NaiveDate> {
    // Mostly between the reception (day 30) and "today" (day 400), some outside.
    prop_oneof![8 => (30u64..400).prop_map(day), 1 => (0u64..30).prop_map(day), 1 => (401u64..700).prop_map(day)]
}

fn risk() -> impl Strategy<Value = RiskLevel> {
    prop_oneof![
        Just(RiskLevel::Low),
        Just(RiskLevel::Medium),
        Just(RiskLevel::High)
    ]
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        agency().prop_map(|agency_id| Command::StartVerification { agency_id }),
        (
            proptest::option::of(agency()),
            any::<bool>(),
            text(),
            date()
        )
            .prop_map(|(to_agency_id, abroad, question, sent_on)| {
                Command::RequestVerification {
                    to_agency_id,
                    abroad,
                    question,
                    sent_on,
                }
            }),
        (1u32..4, text(), date()).prop_map(|(request_no, answer, answered_on)| {
            Command::AnswerVerification {
                request_no,
                answer,
                answered_on,
            }
        }),
        (
            prop_oneof![
                Just(Outcome::Victim),
                Just(Outcome::NotVictim),
                Just(Outcome::Unresolved)
            ],
            proptest::option::of(agency()),
            proptest::option::of(text()),
            proptest::option::of(date())
        )
            .prop_map(
                |(outcome, deciding_agency_id, document_number, document_date)| {
                    Command::RecordIdentification {
                        outcome,
                        deciding_agency_id,
                        document_number,
                        document_date,
                    }
                }
            ),
        (
            proptest::collection::vec(Just("forced_labour".to_string()), 0..2),
            proptest::option::of(date()),
            proptest::option::of(date())
        )
            .prop_map(
                |(purposes, period_from, period_to)| Command::RecordTrafficking(
                    TraffickingDetails {
                        purposes,
                        destination_country: Some("KH".into()),
                        destination_place: None,
                        period_from,
                        period_to,
                        recruitment: None,
                        means_of_control: vec![],
                        relation_to_recruiter: None
                    }
                )
            ),
        (risk(), any::<bool>(), date()).prop_map(|(level, relatives_at_risk, assessed_on)| {
            Command::AssessRisk {
                level,
                relatives_at_risk,
                assessed_on,
                notes: None,
            }
        }),
        (text(), date()).prop_map(|(measure, from)| Command::ApplyProtection {
            measure,
            for_relative: None,
            from
        }),
        (
            prop_oneof![
                Just(None),
                Just(Some("a".to_string())),
                Just(Some("i".to_string())),
                Just(Some("k".to_string()))
            ],
            agency(),
            date(),
            proptest::option::of(-5i64..5_000_000),
            proptest::option::of(text())
        )
            .prop_map(
                |(
                    clause,
                    provider_agency_id,
                    delivered_on,
                    amount_vnd,
                    outside_entitlement_reason,
                )| {
                    Command::RecordService(Service {
                        service_type: if clause.as_deref() == Some("k") {
                            "initial_hardship_allowance".into()
                        } else {
                            "medical_care".into()
                        },
                        clause,
                        provider_agency_id,
                        delivered_on,
                        amount_vnd,
                        funding_source: None,
                        outside_entitlement_reason,
                    })
                }
            ),
        (1i64..3, date()).prop_map(|(facility_id, admitted_on)| Command::AdmitToFacility {
            facility_id,
            admitted_on
        }),
        date().prop_map(|discharged_on| Command::DischargeFromFacility {
            discharged_on,
            reason: None
        }),
        (
            agency(),
            proptest::option::of(1i64..3),
            text(),
            any::<bool>(),
            any::<bool>(),
            proptest::option::of(text()),
            date()
        )
            .prop_map(
                |(
                    to_agency_id,
                    to_facility_id,
                    reason,
                    transfer_lead,
                    shares,
                    best_interest_reason,
                    sent_on,
                )| {
                    Command::SendReferral {
                        to_agency_id,
                        to_facility_id,
                        reason,
                        shared_fields: if shares {
                            vec!["full_name".into(), "birth".into()]
                        } else {
                            vec![]
                        },
                        shared_with_roles: vec![],
                        best_interest_reason,
                        transfer_lead,
                        sent_on,
                    }
                }
            ),
        (1u32..4, date()).prop_map(|(referral_no, answered_on)| Command::AcceptReferral {
            referral_no,
            answered_on
        }),
        (1u32..4, text(), date()).prop_map(|(referral_no, reason, answered_on)| {
            Command::DeclineReferral {
                referral_no,
                reason,
                answered_on,
            }
        }),
        (date(), text()).prop_map(
            |(contacted_on, contacted_by)| Command::RecordFamilyContact {
                contacted_on,
                contacted_by,
                outcome: None
            }
        ),
        (date(), text(), proptest::option::of(text())).prop_map(
            |(returned_on, handover_record, escort)| Command::RecordReturn {
                returned_on,
                handover_record,
                escort,
                to_unit_id: None
            }
        ),
        (date(), text(), text()).prop_map(
            |(handed_back_on, receiving_authority, handover_record)| Command::RecordHandback {
                handed_back_on,
                receiving_authority,
                handover_record
            }
        ),
        (date(), text(), risk()).prop_map(|(visited_on, situation, retrafficking_risk)| {
            Command::RecordFollowUp {
                visited_on,
                situation,
                retrafficking_risk,
            }
        }),
        (text(), date()).prop_map(|(case_reference, on)| Command::RecordProceedings {
            stage: ProceedingsStage::Investigation,
            case_reference,
            victim_role: "bị hại".into(),
            on
        }),
        (agency(), any::<bool>(), any::<bool>(), date()).prop_map(
            |(agency_id, given, by_guardian, on)| Command::RecordConsent {
                scope: ConsentScope::ShareWith { agency_id },
                given,
                given_by: if by_guardian {
                    ConsentGiver::ParentOrGuardian
                } else {
                    ConsentGiver::Person
                },
                on,
            }
        ),
        text().prop_map(|text| Command::AddNote { text }),
        (text(), date()).prop_map(|(file_name, attached_on)| {
            Command::AttachDocument(Attachment {
                file_id: "f".into(),
                file_name,
                media_type: "application/pdf".into(),
                size_bytes: 10,
                sha256: "00".into(),
                description: None,
                attached_on,
            })
        }),
        (1u32..4, text()).prop_map(|(attachment_no, reason)| Command::WithdrawAttachment {
            attachment_no,
            reason
        }),
        date().prop_map(|applied_on| Command::ApplyForHardshipAllowance { applied_on }),
        (1i64..4).prop_map(|user_id| Command::AssignWorker { user_id }),
        (1i64..4).prop_map(|user_id| Command::ReleaseWorker { user_id }),
        (agency(), date()).prop_map(|(to_agency_id, forwarded_on)| {
            Command::ForwardHardshipApplication {
                to_agency_id,
                forwarded_on,
            }
        }),
        (text(), date()).prop_map(|(reason, closed_on)| Command::Close { reason, closed_on }),
        (text(), date()).prop_map(|(reason, reopened_on)| Command::Reopen {
            reason,
            reopened_on
        }),
    ]
}

fn reception() -> impl Strategy<Value = Reception> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(located_abroad, foreign_national, minor, accompanying_child)| Reception {
            channel: "self_report".into(),
            received_on: day(30),
            receiving_agency_id: 1,
            place_unit_id: None,
            circumstances: None,
            located_abroad,
            accompanying_child,
            foreign_national,
            minor,
            child: false,
            received_by_user_id: 1,
            from_contact: None,
            imported: None,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn random_journeys_keep_every_invariant(
        reception in reception(),
        steps in proptest::collection::vec((command(), agency(), any::<bool>()), 1..60),
    ) {
        let rules = EntitlementRules::default();
        let mut case = Case::open(&reception);
        prop_assert!(case.broken_invariants().is_empty());
        for (command, actor, room) in steps {
            let ctx = Context { actor_agency_id: actor, actor_user_id: 0, today: day(400), entitlements: &rules, limits: &haven_domain::case::limits::InputLimits::default(), facility: Some(haven_domain::case::FacilityFacts { has_room: room, operator_agency_id: actor }), worker_agency_id: Some(actor), relatives_on_record: 0 };
            let before = case.clone();
            match check(&case, &command, &ctx) {
                Ok(()) => {
                    case.apply(&command, actor);
                    let broken = case.broken_invariants();
                    prop_assert!(broken.is_empty(), "after {:?}: {:?}", command.name(), broken);
                    // The kept next due day answers "overdue?" on any day as the items do.
                    let deadlines = haven_domain::case::deadlines::DeadlineRules::default();
                    let next_due = deadlines.next_due_on(&case);
                    let mut days = vec![start(), day(30), day(400)];
                    if let Some(due) = next_due {
                        days.extend([due.pred_opt().unwrap(), due, due.succ_opt().unwrap()]);
                    }
                    for today in days {
                        let overdue = deadlines.due_items(&case, today).iter().any(|i| i.overdue);
                        prop_assert_eq!(overdue, next_due.is_some_and(|due| due < today), "on {}", today);
                    }
                }
                Err(rejection) => {
                    prop_assert_eq!(&case, &before);
                    prop_assert!(!rejection.message_vi.is_empty() && !rejection.message_en.is_empty());
                }
            }
        }
    }
}

#[test]
fn the_generator_reaches_every_phase() {
    use haven_domain::case::Phase;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let rules = EntitlementRules::default();
    let mut seen = std::collections::HashSet::new();
    let mut runner = TestRunner::deterministic();
    let strategy = (
        reception(),
        proptest::collection::vec((command(), agency(), any::<bool>()), 1..80),
    );
    for _ in 0..3000 {
        let (reception, steps) = strategy.new_tree(&mut runner).unwrap().current();
        let mut case = Case::open(&reception);
        for (command, actor, room) in steps {
            let ctx = Context {
                actor_agency_id: actor,
                actor_user_id: 0,
                today: day(400),
                entitlements: &rules,
                limits: &haven_domain::case::limits::InputLimits::default(),
                facility: Some(haven_domain::case::FacilityFacts {
                    has_room: room,
                    operator_agency_id: actor,
                }),
                worker_agency_id: Some(actor),
                relatives_on_record: 0,
            };
            if check(&case, &command, &ctx).is_ok() {
                case.apply(&command, actor);
                seen.insert(case.phase);
            }
        }
    }
    for phase in [
        Phase::InShelter,
        Phase::InCommunity,
        Phase::ReturnedHome,
        Phase::Reintegration,
        Phase::HandedBack,
        Phase::Closed,
        Phase::Reopened,
    ] {
        assert!(
            seen.contains(&phase),
            "random journeys never reached {phase:?}"
        );
    }
}
