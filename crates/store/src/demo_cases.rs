//! Demo cases at every stage of the journey, recorded through the same write
//! path as real ones, by the demo users. Every name is visibly fictitious
//! ("Giả Lập" means simulated).

use crate::attachments::Upload;
use crate::cases::Actor;
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::NaiveDate;
use haven_domain::case::command::{ConsentScope, Outcome, RiskLevel, Service};
use haven_domain::case::consent::ConsentGiver;
use haven_domain::case::person::{Birth, IdentityPaper, Person, Residence, Sex};
use haven_domain::case::{Command, Reception};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

fn person(name: &str, sex: Sex, birth_year: i32, nationality: &str, home: &str) -> Person {
    Person {
        full_name: name.into(),
        other_names: vec![],
        sex,
        birth: Some(Birth::Year { year: birth_year }),
        ethnicity: (nationality == "VN").then(|| "01".into()),
        nationality: Some(nationality.into()),
        identity_papers: vec![IdentityPaper {
            kind: "citizen_id".into(),
            number: format!("0{birth_year}00000{}", name.len()),
        }],
        permanent_residence: Residence {
            admin_unit_id: Some(home.into()),
            address_line: Some("Thôn Giả Lập".into()),
        },
        current_residence: Residence::default(),
        languages: vec![],
        disability: None,
        contact: None,
        relatives: vec![],
    }
}

fn reception(channel: &str, on: NaiveDate, minor: bool) -> Reception {
    Reception {
        circumstances: Some("Dữ liệu minh họa.".into()),
        minor,
        ..Reception::new(channel, on)
    }
}

fn service(kind: &str, provider: i64, on: NaiveDate, amount: Option<i64>) -> Command {
    Command::RecordService(Service {
        service_type: kind.into(),
        clause: None,
        provider_agency_id: provider,
        delivered_on: on,
        amount_vnd: amount,
        funding_source: Some("state_budget_local".into()),
        outside_entitlement_reason: None,
    })
}

fn identify(agency: i64, number: &str, on: NaiveDate) -> Command {
    Command::RecordIdentification {
        outcome: Outcome::Victim,
        deciding_agency_id: Some(agency),
        document_number: Some(number.into()),
        document_date: Some(on),
    }
}

pub struct DemoActors {
    pub social: Actor,
    pub police: Actor,
    pub border: Actor,
    pub shelter: Actor,
    pub hotline: Actor,
    pub womens_union: Actor,
    pub facility_id: i64,
}

/// Records the demo cases; returns how many.
pub async fn load(store: &Store, a: &DemoActors) -> StoreResult<usize> {
    let today = chrono::Utc::now().date_naive().max(d(2026, 7, 1));
    let hn = "2025/01/00070";
    let lc = "2025/15/02683";
    let na = "2025/40/16681";
    type Step = (Actor, Command);
    let journeys: Vec<(Actor, Person, Reception, Vec<Step>)> = vec![
        // Just received through hotline 111.
        (
            a.hotline,
            person("Giả Lập Thị An", Sex::Female, 2007, "VN", hn),
            reception("tip_hotline_111", d(2026, 6, 20), true),
            vec![],
        ),
        // Rescued, under verification with a request to the police.
        (
            a.social,
            person("Giả Lập Thị Bình", Sex::Female, 1999, "VN", lc),
            reception("rescue", d(2026, 6, 2), false),
            vec![
                (
                    a.social,
                    Command::RequestVerification {
                        to_agency_id: Some(a.police.agency_id),
                        abroad: false,
                        question: "Xác minh nhân thân".into(),
                        sent_on: d(2026, 6, 3),
                    },
                ),
                (
                    a.social,
                    service("food", a.social.agency_id, d(2026, 6, 2), Some(200_000)),
                ),
            ],
        ),
        // Handed over at the border, identified, referral to social affairs pending.
        (
            a.border,
            person("Giả Lập Thị Chi", Sex::Female, 1996, "VN", lc),
            reception("border_gate_handover", d(2026, 5, 10), false),
            vec![
                (
                    a.border,
                    service("food", a.border.agency_id, d(2026, 5, 10), Some(150_000)),
                ),
                (
                    a.border,
                    identify(a.border.agency_id, "12/XN-BĐBP", d(2026, 5, 20)),
                ),
                (
                    a.border,
                    Command::RecordConsent {
                        scope: ConsentScope::ShareWith {
                            agency_id: a.social.agency_id,
                        },
                        given: true,
                        given_by: ConsentGiver::Person,
                        on: d(2026, 5, 20),
                    },
                ),
                (
                    a.border,
                    Command::SendReferral {
                        to_agency_id: a.social.agency_id,
                        to_facility_id: None,
                        reason: "Hỗ trợ và đưa về địa phương".into(),
                        shared_fields: vec!["sex".into(), "birth".into()],
                        shared_with_roles: vec![],
                        best_interest_reason: None,
                        transfer_lead: true,
                        sent_on: d(2026, 5, 21),
                    },
                ),
            ],
        ),
        // Identified and staying at the shelter, with services.
        (
            a.social,
            person("Giả Lập Thị Dung", Sex::Female, 2000, "VN", na),
            reception("self_return", d(2026, 3, 1), false),
            vec![
                (
                    a.social,
                    identify(a.police.agency_id, "45/XN-CAT", d(2026, 3, 10)),
                ),
                (
                    a.shelter,
                    Command::AdmitToFacility {
                        facility_id: a.facility_id,
                        admitted_on: d(2026, 3, 11),
                    },
                ),
                (
                    a.shelter,
                    service(
                        "medical_care",
                        a.shelter.agency_id,
                        d(2026, 3, 12),
                        Some(800_000),
                    ),
                ),
                (
                    a.shelter,
                    service(
                        "psychological_counselling",
                        a.shelter.agency_id,
                        d(2026, 3, 15),
                        None,
                    ),
                ),
            ],
        ),
        // Returned home, a minor, escorted.
        (
            a.social,
            person("Giả Lập Thị Em", Sex::Female, 2010, "VN", hn),
            reception("self_report", d(2026, 2, 1), true),
            vec![
                (
                    a.social,
                    Command::RecordFamilyContact {
                        contacted_on: d(2026, 2, 2),
                        contacted_by: "Cán bộ xã hội".into(),
                        outcome: Some("Gia đình đồng ý đón".into()),
                    },
                ),
                (
                    a.social,
                    Command::RecordReturn {
                        returned_on: d(2026, 2, 4),
                        handover_record: "BB-02/2026".into(),
                        escort: Some("Cán bộ xã hội".into()),
                        to_unit_id: Some(hn.into()),
                    },
                ),
            ],
        ),
        // Reintegrating after a return, with follow-ups and a Women's Union loan.
        (
            a.social,
            person("Giả Lập Thị Giang", Sex::Female, 1994, "VN", na),
            reception("official_handover_diplomatic", d(2025, 10, 1), false),
            vec![
                (
                    a.police,
                    identify(a.police.agency_id, "88/XN-CAT", d(2025, 10, 15)),
                ),
                (
                    a.social,
                    Command::RecordFamilyContact {
                        contacted_on: d(2025, 10, 20),
                        contacted_by: "Cán bộ xã hội".into(),
                        outcome: None,
                    },
                ),
                (
                    a.social,
                    Command::RecordReturn {
                        returned_on: d(2025, 10, 25),
                        handover_record: "BB-17/2025".into(),
                        escort: None,
                        to_unit_id: Some(na.into()),
                    },
                ),
                (
                    a.social,
                    Command::RecordFollowUp {
                        visited_on: d(2025, 11, 25),
                        situation: "Ổn định, đi làm thời vụ".into(),
                        retrafficking_risk: RiskLevel::Low,
                    },
                ),
                (
                    a.womens_union,
                    service(
                        "loan_womens_union",
                        a.womens_union.agency_id,
                        d(2026, 1, 10),
                        Some(30_000_000),
                    ),
                ),
            ],
        ),
        // Not a victim: closed.
        (
            a.hotline,
            person("Giả Lập Văn Hùng", Sex::Male, 1990, "VN", hn),
            reception("tip_hotline_111", d(2026, 4, 1), false),
            vec![
                (
                    a.hotline,
                    Command::StartVerification {
                        agency_id: a.police.agency_id,
                    },
                ),
                (
                    a.police,
                    Command::RecordIdentification {
                        outcome: Outcome::NotVictim,
                        deciding_agency_id: Some(a.police.agency_id),
                        document_number: Some("KL-09".into()),
                        document_date: Some(d(2026, 4, 10)),
                    },
                ),
                (
                    a.hotline,
                    Command::Close {
                        reason: "not_trafficking".into(),
                        closed_on: d(2026, 4, 11),
                    },
                ),
            ],
        ),
        // A foreign victim handed back.
        (
            a.police,
            person("Giả Lập Sokha", Sex::Female, 2001, "KH", hn),
            reception("foreign_victim_found", d(2026, 1, 15), false),
            vec![
                (
                    a.police,
                    identify(a.police.agency_id, "03/XN-NN", d(2026, 1, 25)),
                ),
                (
                    a.police,
                    service("interpretation", a.police.agency_id, d(2026, 1, 16), None),
                ),
                (
                    a.police,
                    Command::RecordHandback {
                        handed_back_on: d(2026, 2, 10),
                        receiving_authority: "Cơ quan chức năng Campuchia".into(),
                        handover_record: "BB-TT-01".into(),
                    },
                ),
            ],
        ),
        // Closed after reintegration, then reopened.
        (
            a.social,
            person("Giả Lập Thị Hạnh", Sex::Female, 1997, "VN", lc),
            reception("self_return", d(2025, 8, 1), false),
            vec![
                (
                    a.social,
                    Command::RecordFamilyContact {
                        contacted_on: d(2025, 8, 2),
                        contacted_by: "Cán bộ xã hội".into(),
                        outcome: None,
                    },
                ),
                (
                    a.social,
                    Command::RecordReturn {
                        returned_on: d(2025, 8, 5),
                        handover_record: "BB-05/2025".into(),
                        escort: None,
                        to_unit_id: Some(lc.into()),
                    },
                ),
                (
                    a.social,
                    Command::Close {
                        reason: "reintegrated".into(),
                        closed_on: d(2025, 12, 1),
                    },
                ),
                (
                    a.social,
                    Command::Reopen {
                        reason: "Có dấu hiệu bị dụ dỗ lại".into(),
                        reopened_on: d(2026, 5, 2),
                    },
                ),
            ],
        ),
    ];
    let count = journeys.len();
    let mut opened = Vec::new();
    for (receiver, who, first, steps) in journeys {
        let case = store.open_case(receiver, &who, &first, today).await?;
        opened.push((receiver, case.case_number.clone()));
        let mut version = case.version;
        for (actor, command) in steps {
            let updated = store
                .execute(actor, &case.case_number, version, &command, None, today)
                .await
                .map_err(|e| {
                    StoreError::Internal(format!("demo step {} refused: {e}", command.name()))
                })?;
            version = updated.version;
        }
    }
    // One file to open: the border guard's handover record of the third case.
    if let Some((border, number)) = opened.get(2) {
        let case = store
            .case_by_number(number)
            .await?
            .ok_or(StoreError::NotFound { what: "case" })?;
        let record = "BIÊN BẢN TIẾP NHẬN (bản mẫu, dữ liệu giả lập)\n\
            Đồn Biên phòng cửa khẩu quốc tế Lào Cai tiếp nhận một công dân Việt Nam \
            do phía nước láng giềng trao trả.\n";
        store
            .attach(
                *border,
                number,
                case.version,
                Upload {
                    file_name: "bien-ban-tiep-nhan.txt",
                    description: Some("Biên bản tiếp nhận tại cửa khẩu"),
                    content: record.as_bytes(),
                },
                today,
            )
            .await?;
    }
    Ok(count)
}
