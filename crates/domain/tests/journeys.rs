//! The journeys of the seeds, step by step through the domain rules, with the
//! entitlements and deadlines they produce along the way.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::NaiveDate;
use haven_domain::case::command::{Outcome, RiskLevel, Service};
use haven_domain::case::deadlines::{DeadlineRules, DueKind};
use haven_domain::case::entitlements::{EntitlementRules, EntitlementStatus};
use haven_domain::case::{
    check, Case, Command, Context, FacilityFacts, Identification, Phase, Reception,
};

static LIMITS: std::sync::LazyLock<haven_domain::case::limits::InputLimits> =
    std::sync::LazyLock::new(Default::default);

const BORDER_GUARD: i64 = 1;
const POLICE: i64 = 2;
const SOCIAL_AFFAIRS: i64 = 3;
const SHELTER: i64 = 4;
const COMMUNE: i64 = 5;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap()
}

struct Journey {
    case: Case,
    rules: EntitlementRules,
    today: NaiveDate,
}

impl Journey {
    fn start(reception: Reception) -> Journey {
        Journey {
            case: Case::open(&reception),
            rules: EntitlementRules::default(),
            today: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        }
    }

    fn ctx(&self, actor: i64) -> Context<'_> {
        Context {
            actor_agency_id: actor,
            actor_user_id: 0,
            today: self.today,
            entitlements: &self.rules,
            limits: &LIMITS,
            facility: Some(FacilityFacts {
                has_room: true,
                operator_agency_id: actor,
            }),
            worker_agency_id: Some(actor),
            relatives_on_record: 1,
        }
    }

    fn ok(&mut self, actor: i64, command: Command) -> &mut Self {
        if let Err(rejection) = check(&self.case, &command, &self.ctx(actor)) {
            panic!("{} refused: {rejection}", command.name());
        }
        self.case.apply(&command, actor);
        assert!(self.case.broken_invariants().is_empty());
        self
    }

    fn refused(&self, actor: i64, command: Command) -> &'static str {
        check(&self.case, &command, &self.ctx(actor))
            .expect_err("should be refused")
            .code
    }
}

fn reception(channel: &str, agency: i64, on: NaiveDate) -> Reception {
    Reception {
        receiving_agency_id: agency,
        place_unit_id: Some("2025/15/02647".into()),
        ..Reception::new(channel, on)
    }
}

fn service(
    service_type: &str,
    clause: &str,
    provider: i64,
    on: NaiveDate,
    amount: Option<i64>,
) -> Command {
    Command::RecordService(Service {
        service_type: service_type.into(),
        clause: Some(clause.into()),
        provider_agency_id: provider,
        delivered_on: on,
        amount_vnd: amount,
        funding_source: Some("state_budget_local".into()),
        outside_entitlement_reason: None,
    })
}

#[test]
fn a_woman_handed_over_at_the_border_is_identified_sheltered_returned_and_followed_for_a_year() {
    let mut j = Journey::start(reception("border_gate_handover", BORDER_GUARD, d(8, 4)));
    j.ok(
        BORDER_GUARD,
        service("food", "a", BORDER_GUARD, d(8, 4), Some(150_000)),
    );
    j.ok(
        BORDER_GUARD,
        Command::SendReferral {
            to_agency_id: POLICE,
            to_facility_id: None,
            reason: "xác minh".into(),
            shared_fields: vec![],
            shared_with_roles: vec![],
            best_interest_reason: None,
            transfer_lead: true,
            sent_on: d(8, 4),
        },
    );
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            Command::AcceptReferral {
                referral_no: 1,
                answered_on: d(8, 5)
            }
        ),
        "not_the_receiving_agency"
    );
    j.ok(
        POLICE,
        Command::AcceptReferral {
            referral_no: 1,
            answered_on: d(8, 5),
        },
    );
    assert_eq!(j.case.lead_agency_id, POLICE);
    j.ok(
        POLICE,
        Command::RequestVerification {
            to_agency_id: Some(SOCIAL_AFFAIRS),
            abroad: false,
            question: "nhân thân".into(),
            sent_on: d(8, 5),
        },
    );
    assert_eq!(j.case.identification, Identification::UnderVerification);
    assert_eq!(
        j.refused(
            POLICE,
            Command::RecordIdentification {
                outcome: Outcome::Victim,
                deciding_agency_id: Some(POLICE),
                document_number: None,
                document_date: Some(d(8, 20))
            }
        ),
        "required"
    );
    j.ok(
        POLICE,
        Command::RecordIdentification {
            outcome: Outcome::Victim,
            deciding_agency_id: Some(POLICE),
            document_number: Some("125/XN-CAT".into()),
            document_date: Some(d(8, 20)),
        },
    );
    assert_eq!(
        EntitlementRules::status_of(&j.case),
        EntitlementStatus::VietnameseVictim
    );
    j.ok(
        POLICE,
        Command::SendReferral {
            to_agency_id: SHELTER,
            to_facility_id: Some(7),
            reason: "lưu trú".into(),
            shared_fields: vec!["sex".into()],
            shared_with_roles: vec![],
            best_interest_reason: None,
            transfer_lead: false,
            sent_on: d(8, 20),
        },
    );
    j.ok(
        SHELTER,
        Command::AcceptReferral {
            referral_no: 2,
            answered_on: d(8, 21),
        },
    );
    j.ok(
        SHELTER,
        Command::AdmitToFacility {
            facility_id: 7,
            admitted_on: d(8, 21),
        },
    );
    assert_eq!(j.case.phase, Phase::InShelter);
    for (kind, clause) in [
        ("medical_care", "b"),
        ("psychological_counselling", "g"),
        ("legal_aid", "đ"),
    ] {
        j.ok(SHELTER, service(kind, clause, SHELTER, d(8, 25), None));
    }
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            Command::RecordReturn {
                returned_on: d(9, 30),
                handover_record: "BB-01".into(),
                escort: None,
                to_unit_id: None
            }
        ),
        "still_in_facility"
    );
    j.ok(
        SHELTER,
        Command::DischargeFromFacility {
            discharged_on: d(9, 29),
            reason: None,
        },
    );
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            Command::RecordReturn {
                returned_on: d(9, 30),
                handover_record: "BB-01".into(),
                escort: None,
                to_unit_id: None
            }
        ),
        "family_not_contacted"
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::RecordFamilyContact {
            contacted_on: d(9, 20),
            contacted_by: "cán bộ xã hội".into(),
            outcome: None,
        },
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::RecordReturn {
            returned_on: d(9, 30),
            handover_record: "BB-01".into(),
            escort: None,
            to_unit_id: None,
        },
    );
    j.ok(
        SOCIAL_AFFAIRS,
        service(
            "vocational_training",
            "i",
            SOCIAL_AFFAIRS,
            d(10, 15),
            Some(3_000_000),
        ),
    );
    j.ok(
        SOCIAL_AFFAIRS,
        service(
            "loan_womens_union",
            "k",
            SOCIAL_AFFAIRS,
            d(11, 1),
            Some(20_000_000),
        ),
    );
    for visited in [d(10, 30), d(12, 30)] {
        j.ok(
            SOCIAL_AFFAIRS,
            Command::RecordFollowUp {
                visited_on: visited,
                situation: "ổn định".into(),
                retrafficking_risk: RiskLevel::Low,
            },
        );
    }
    let due =
        DeadlineRules::default().due_items(&j.case, NaiveDate::from_ymd_opt(2026, 4, 15).unwrap());
    let follow_ups: Vec<(u32, bool, bool)> = due
        .iter()
        .filter_map(|i| match i.kind {
            DueKind::FollowUp { month } => Some((month, i.done, i.overdue)),
            _ => None,
        })
        .collect();
    assert_eq!(
        follow_ups,
        vec![
            (1, true, false),
            (3, true, false),
            (6, false, true),
            (12, false, false)
        ]
    );
    assert!(due
        .iter()
        .any(|i| i.kind == DueKind::HardshipAllowanceApplication
            && !i.done
            && i.due_on == NaiveDate::from_ymd_opt(2026, 8, 20).unwrap()));
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            Command::Close {
                reason: " ".into(),
                closed_on: d(12, 31)
            }
        ),
        "required"
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::Close {
            reason: "reintegrated".into(),
            closed_on: d(12, 31),
        },
    );
    assert_eq!(
        j.refused(SOCIAL_AFFAIRS, Command::AddNote { text: "".into() }),
        "required"
    );
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            service("food", "a", SOCIAL_AFFAIRS, d(12, 31), None)
        ),
        "case_not_active"
    );
}

#[test]
fn a_fifteen_year_old_is_supported_before_identification_and_escorted_home() {
    let mut r = reception("self_report", COMMUNE, d(9, 1));
    r.minor = true;
    let mut j = Journey::start(r);
    assert_eq!(
        EntitlementRules::status_of(&j.case),
        EntitlementStatus::BeingIdentifiedInVietnam
    );
    j.ok(
        COMMUNE,
        service("psychological_counselling", "g", COMMUNE, d(9, 1), None),
    );
    // Vocational training (i) is not for a person still being identified.
    assert_eq!(
        j.refused(
            COMMUNE,
            service("vocational_training", "i", COMMUNE, d(9, 2), None)
        ),
        "outside_entitlements"
    );
    let due = DeadlineRules::default().due_items(&j.case, d(9, 2));
    assert!(
        due.iter()
            .any(|i| i.kind == DueKind::ForwardSelfReport && i.overdue),
        "the commune forwards at once"
    );
    assert!(due
        .iter()
        .any(|i| i.kind == DueKind::VerifyInitialInformation && !i.overdue && i.due_on == d(9, 4)));
    j.ok(
        COMMUNE,
        Command::SendReferral {
            to_agency_id: SOCIAL_AFFAIRS,
            to_facility_id: None,
            reason: "trình báo".into(),
            shared_fields: vec![],
            shared_with_roles: vec![],
            best_interest_reason: None,
            transfer_lead: true,
            sent_on: d(9, 1),
        },
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::AcceptReferral {
            referral_no: 1,
            answered_on: d(9, 1),
        },
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::RecordFamilyContact {
            contacted_on: d(9, 2),
            contacted_by: "cán bộ xã hội".into(),
            outcome: None,
        },
    );
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            Command::RecordReturn {
                returned_on: d(9, 3),
                handover_record: "BB-7".into(),
                escort: None,
                to_unit_id: None
            }
        ),
        "required"
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::RecordReturn {
            returned_on: d(9, 3),
            handover_record: "BB-7".into(),
            escort: Some("cán bộ xã hội".into()),
            to_unit_id: None,
        },
    );
    assert_eq!(
        j.case.identification,
        Identification::NotStarted,
        "support did not wait for identification"
    );
}

#[test]
fn a_foreign_victim_is_handed_back_not_returned() {
    let mut r = reception("foreign_victim_found", POLICE, d(10, 1));
    r.foreign_national = true;
    let mut j = Journey::start(r);
    j.ok(
        POLICE,
        Command::RecordIdentification {
            outcome: Outcome::Victim,
            deciding_agency_id: Some(POLICE),
            document_number: Some("9/XN".into()),
            document_date: Some(d(10, 10)),
        },
    );
    assert_eq!(
        EntitlementRules::status_of(&j.case),
        EntitlementStatus::ForeignVictim
    );
    j.ok(
        POLICE,
        service("interpretation", "c", POLICE, d(10, 11), None),
    );
    assert_eq!(
        j.refused(
            POLICE,
            service("vocational_training", "i", POLICE, d(10, 11), None)
        ),
        "outside_entitlements"
    );
    j.ok(
        POLICE,
        Command::RecordFamilyContact {
            contacted_on: d(10, 12),
            contacted_by: "Sở Ngoại vụ".into(),
            outcome: None,
        },
    );
    assert_eq!(
        j.refused(
            POLICE,
            Command::RecordReturn {
                returned_on: d(10, 20),
                handover_record: "BB".into(),
                escort: None,
                to_unit_id: None
            }
        ),
        "foreign_victim_is_handed_back"
    );
    j.ok(
        POLICE,
        Command::RecordHandback {
            handed_back_on: d(10, 20),
            receiving_authority: "Cảnh sát Hoàng gia Campuchia".into(),
            handover_record: "BB-TT-3".into(),
        },
    );
    assert_eq!(j.case.phase, Phase::HandedBack);
    assert_eq!(
        j.refused(
            POLICE,
            Command::AssessNeeds {
                assessed_on: d(10, 21),
                needs: vec![],
                wishes: None
            }
        ),
        "case_not_active"
    );
    j.ok(
        POLICE,
        Command::Close {
            reason: "handed_back".into(),
            closed_on: d(10, 21),
        },
    );
}

#[test]
fn a_hotline_tip_that_is_not_trafficking_is_closed_and_can_be_reopened() {
    let mut j = Journey::start(reception("tip_hotline_111", SOCIAL_AFFAIRS, d(11, 3)));
    j.ok(
        SOCIAL_AFFAIRS,
        Command::StartVerification { agency_id: POLICE },
    );
    j.ok(
        POLICE,
        Command::RecordIdentification {
            outcome: Outcome::NotVictim,
            deciding_agency_id: Some(POLICE),
            document_number: Some("KL-4".into()),
            document_date: Some(d(11, 10)),
        },
    );
    assert_eq!(
        EntitlementRules::status_of(&j.case),
        EntitlementStatus::NotVictim
    );
    let mut outside = match service("food", "a", SOCIAL_AFFAIRS, d(11, 11), Some(50_000)) {
        Command::RecordService(s) => s,
        _ => unreachable!(),
    };
    assert_eq!(
        j.refused(SOCIAL_AFFAIRS, Command::RecordService(outside.clone())),
        "outside_entitlements"
    );
    outside.outside_entitlement_reason = Some("hỗ trợ nhân đạo trong ngày".into());
    j.ok(SOCIAL_AFFAIRS, Command::RecordService(outside));
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            Command::StartVerification { agency_id: POLICE }
        ),
        "identification_not_pending"
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::Close {
            reason: "not_trafficking".into(),
            closed_on: d(11, 12),
        },
    );
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            Command::Close {
                reason: "again".into(),
                closed_on: d(11, 12)
            }
        ),
        "case_not_active"
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::Reopen {
            reason: "thông tin mới".into(),
            reopened_on: d(12, 1),
        },
    );
    assert_eq!(j.case.phase, Phase::Reopened);
    assert_eq!(
        j.refused(
            SOCIAL_AFFAIRS,
            Command::Reopen {
                reason: "x".into(),
                reopened_on: d(12, 1)
            }
        ),
        "not_closed"
    );
}

#[test]
fn dates_before_reception_or_in_the_future_and_negative_amounts_are_refused() {
    let j = Journey::start(reception("rescue", POLICE, d(8, 1)));
    assert_eq!(
        j.refused(POLICE, service("food", "a", POLICE, d(7, 31), None)),
        "before_reception"
    );
    assert_eq!(
        j.refused(
            POLICE,
            service(
                "food",
                "a",
                POLICE,
                NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                None
            )
        ),
        "in_the_future"
    );
    assert_eq!(
        j.refused(POLICE, service("food", "a", POLICE, d(8, 2), Some(-1))),
        "negative_amount"
    );
    let mut full = Journey::start(reception("rescue", POLICE, d(8, 1)));
    full.case.phase = Phase::Received;
    let ctx = Context {
        actor_agency_id: SHELTER,
        actor_user_id: 0,
        today: full.today,
        entitlements: &full.rules,
        limits: &LIMITS,
        facility: Some(FacilityFacts {
            has_room: false,
            operator_agency_id: SHELTER,
        }),
        worker_agency_id: None,
        relatives_on_record: 0,
    };
    assert_eq!(
        check(
            &full.case,
            &Command::AdmitToFacility {
                facility_id: 7,
                admitted_on: d(8, 2)
            },
            &ctx
        )
        .unwrap_err()
        .code,
        "facility_full"
    );
}

#[test]
fn only_a_worker_of_the_lead_agency_is_assigned_and_only_a_listed_relative_protected() {
    let j = Journey::start(reception("rescue", POLICE, d(8, 1)));
    let with = |worker_agency_id: Option<i64>, relatives_on_record: usize| Context {
        actor_agency_id: POLICE,
        actor_user_id: 0,
        today: j.today,
        entitlements: &j.rules,
        limits: &LIMITS,
        facility: None,
        worker_agency_id,
        relatives_on_record,
    };
    let assign = Command::AssignWorker { user_id: 5 };
    for (agency, expected) in [
        (Some(SHELTER), Err("lead_agency_user")),
        (None, Err("lead_agency_user")),
        (Some(POLICE), Ok(())),
    ] {
        assert_eq!(
            check(&j.case, &assign, &with(agency, 0)).map_err(|r| r.code),
            expected,
            "worker of {agency:?}"
        );
    }
    let protect = |n: u32| Command::ApplyProtection {
        measure: "keep_identity_secret".into(),
        for_relative: Some(n),
        from: d(8, 2),
    };
    assert_eq!(
        check(&j.case, &protect(0), &with(None, 2)).map_err(|r| r.code),
        Err("exists")
    );
    assert_eq!(
        check(&j.case, &protect(3), &with(None, 2)).map_err(|r| r.code),
        Err("exists")
    );
    assert_eq!(
        check(&j.case, &protect(2), &with(None, 2)).map_err(|r| r.code),
        Ok(())
    );
}

#[test]
fn referral_answers_are_due_in_working_days() {
    let calendar = haven_domain::case::calendar::WorkingCalendar::default();
    // Friday 5 December 2025 + 5 working days = Friday 12 December.
    assert_eq!(calendar.add_working_days(d(12, 5), 5), d(12, 12));
    assert_eq!(
        calendar.add_working_days(d(12, 6), 1),
        d(12, 8),
        "from a Saturday the next working day is Monday"
    );
}

#[test]
fn the_commune_forwards_a_hardship_application_within_three_working_days_tet_excluded() {
    let on = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let mut j = Journey::start(reception("self_report", COMMUNE, on(1, 5)));
    assert_eq!(
        j.refused(
            COMMUNE,
            Command::ApplyForHardshipAllowance {
                applied_on: on(1, 6)
            }
        ),
        "not_entitled",
        "a person still being identified is not entitled to clause (k)"
    );
    assert_eq!(
        j.refused(
            COMMUNE,
            Command::ForwardHardshipApplication {
                to_agency_id: SOCIAL_AFFAIRS,
                forwarded_on: on(1, 6)
            }
        ),
        "required"
    );
    j.ok(
        POLICE,
        Command::RecordIdentification {
            outcome: Outcome::Victim,
            deciding_agency_id: Some(POLICE),
            document_number: Some("12/QĐ-CA".into()),
            document_date: Some(on(1, 20)),
        },
    );
    // Friday 13 February 2026, the last working day before Tết.
    j.ok(
        COMMUNE,
        Command::ApplyForHardshipAllowance {
            applied_on: on(2, 13),
        },
    );
    assert_eq!(
        j.refused(
            COMMUNE,
            Command::ApplyForHardshipAllowance {
                applied_on: on(2, 13)
            }
        ),
        "already_applied"
    );
    fn forward_due(case: &Case, today: NaiveDate) -> haven_domain::case::deadlines::DueItem {
        DeadlineRules::default()
            .due_items(case, today)
            .into_iter()
            .find(|i| i.kind == DueKind::ForwardHardshipApplication)
            .expect("a forwarding deadline once applied")
    }
    let due = forward_due(&j.case, on(2, 25));
    assert_eq!(due.due_on, on(2, 25), "16–20 February are Tết holidays");
    assert!(!due.overdue);
    assert!(forward_due(&j.case, on(2, 26)).overdue);
    let application_due = DeadlineRules::default()
        .due_items(&j.case, on(2, 26))
        .into_iter()
        .find(|i| i.kind == DueKind::HardshipAllowanceApplication)
        .expect("the application deadline after identification");
    assert!(application_due.done);
    assert_eq!(
        j.refused(
            COMMUNE,
            Command::ForwardHardshipApplication {
                to_agency_id: SOCIAL_AFFAIRS,
                forwarded_on: on(2, 12)
            }
        ),
        "date_order"
    );
    j.ok(
        COMMUNE,
        Command::ForwardHardshipApplication {
            to_agency_id: SOCIAL_AFFAIRS,
            forwarded_on: on(2, 24),
        },
    );
    let done = forward_due(&j.case, on(3, 30));
    assert!(done.done && !done.overdue);
}

#[test]
fn an_agency_admits_only_to_its_own_facility_or_one_a_referral_it_accepted_named() {
    let mut j = Journey::start(reception("rescue", POLICE, d(8, 1)));
    let admit = Command::AdmitToFacility {
        facility_id: 7,
        admitted_on: d(8, 3),
    };
    let rules = EntitlementRules::default();
    let as_agency = |actor: i64, operator: i64| Context {
        actor_agency_id: actor,
        actor_user_id: 0,
        today: d(12, 31),
        entitlements: &rules,
        limits: &LIMITS,
        facility: Some(FacilityFacts {
            has_room: true,
            operator_agency_id: operator,
        }),
        worker_agency_id: None,
        relatives_on_record: 0,
    };
    let refused = check(&j.case, &admit, &as_agency(POLICE, SHELTER)).unwrap_err();
    assert_eq!(
        (refused.code, refused.field),
        ("not_an_admitting_agency", Some("facility_id")),
        "the police do not admit to the shelter's facility"
    );
    assert!(
        check(&j.case, &admit, &as_agency(POLICE, POLICE)).is_ok(),
        "their own"
    );
    // Referred to the social affairs office for that facility, run by the shelter:
    // once accepted, social affairs may admit her there.
    j.ok(
        POLICE,
        Command::SendReferral {
            to_agency_id: SOCIAL_AFFAIRS,
            to_facility_id: Some(7),
            reason: "lưu trú".into(),
            shared_fields: vec![],
            shared_with_roles: vec![],
            best_interest_reason: None,
            transfer_lead: false,
            sent_on: d(8, 2),
        },
    );
    assert!(
        check(&j.case, &admit, &as_agency(SOCIAL_AFFAIRS, SHELTER)).is_err(),
        "not before it accepts"
    );
    j.ok(
        SOCIAL_AFFAIRS,
        Command::AcceptReferral {
            referral_no: 1,
            answered_on: d(8, 2),
        },
    );
    assert!(check(&j.case, &admit, &as_agency(SOCIAL_AFFAIRS, SHELTER)).is_ok());
    let other = Command::AdmitToFacility {
        facility_id: 8,
        admitted_on: d(8, 3),
    };
    assert!(
        check(&j.case, &other, &as_agency(SOCIAL_AFFAIRS, SHELTER)).is_err(),
        "only the facility the referral named"
    );
}
