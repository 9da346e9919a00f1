//! The CTDC export on 10,000 generated cases: every combination of
//! quasi-identifiers written occurs at least k times, and every flag
//! written agrees with a computation made here from the records alone.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::NaiveDate;
use haven_domain::case::command::{Command, Outcome, TraffickingDetails};
use haven_domain::case::person::{Birth, Person, Residence, Sex};
use haven_report::ctdc::variables::HtcdsLookup;
use haven_report::ctdc::{self, anonymity};
use haven_report::facts::{CaseFacts, CaseRecordForStatistics};
use haven_report::Period;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

const PURPOSES: [&str; 5] = [
    "sexual_exploitation",
    "forced_labour",
    "forced_marriage",
    "commercial_surrogacy",
    "organ_removal",
];
const MEANS: [&str; 8] = [
    "debt_bondage",
    "takes_earnings",
    "threats",
    "physical_abuse",
    "false_promises",
    "withholds_documents",
    "restricts_movement",
    "psychoactive_substances",
];
const RELATIONS: [&str; 4] = ["family", "intimate_partner", "acquaintance", "stranger"];
const COUNTRIES: [&str; 8] = ["CN", "CN", "CN", "KH", "LA", "MY", "VN", "KR"];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn htcds() -> HtcdsLookup {
    let mapping = include_str!("../../store/reference/htcds_mapping.csv");
    let mut reader = csv::Reader::from_reader(mapping.as_bytes());
    HtcdsLookup::new(reader.records().map(|r| {
        let r = r.unwrap();
        (r[0].to_owned(), r[1].to_owned(), r[3].to_owned())
    }))
}

fn person(rng: &mut StdRng, received: NaiveDate) -> Person {
    let age: u32 = rng.gen_range(6..60);
    Person {
        full_name: "Nguyễn Thị Hoa".into(),
        other_names: vec![],
        sex: *[
            Sex::Female,
            Sex::Female,
            Sex::Female,
            Sex::Male,
            Sex::Unknown,
        ]
        .choose(rng)
        .unwrap(),
        birth: rng.gen_bool(0.9).then(|| Birth::Year {
            year: chrono::Datelike::year(&received) - age as i32,
        }),
        ethnicity: Some("01".into()),
        nationality: [
            Some("VN"),
            Some("VN"),
            Some("VN"),
            Some("LA"),
            Some("KH"),
            None,
        ]
        .choose(rng)
        .unwrap()
        .map(str::to_owned),
        identity_papers: vec![],
        permanent_residence: Residence {
            admin_unit_id: Some("2025/01/00070".into()),
            address_line: Some("thôn 3".into()),
        },
        current_residence: Residence::default(),
        languages: vec![],
        disability: None,
        contact: Some("0912345678".into()),
        relatives: vec![],
    }
}

fn generated(count: usize) -> Vec<CaseRecordForStatistics> {
    let mut rng = StdRng::seed_from_u64(16);
    (0..count)
        .map(|i| {
            let received = day(
                rng.gen_range(2021..=2025),
                rng.gen_range(1..=12),
                rng.gen_range(1..=28),
            );
            let mut commands = Vec::new();
            if rng.gen_bool(0.8) {
                let from = received - chrono::Days::new(rng.gen_range(10..1200));
                let purposes = rng.gen_range(1..=2);
                let means = rng.gen_range(0..=3);
                commands.push((
                    received,
                    Command::RecordTrafficking(TraffickingDetails {
                        purposes: PURPOSES
                            .choose_multiple(&mut rng, purposes)
                            .map(|p| p.to_string())
                            .collect(),
                        destination_country: rng
                            .gen_bool(0.9)
                            .then(|| COUNTRIES.choose(&mut rng).unwrap().to_string()),
                        destination_place: Some("Quảng Tây".into()),
                        period_from: rng.gen_bool(0.7).then_some(from),
                        period_to: Some(received),
                        recruitment: Some("job_offer".into()),
                        means_of_control: MEANS
                            .choose_multiple(&mut rng, means)
                            .map(|m| m.to_string())
                            .collect(),
                        relation_to_recruiter: RELATIONS.choose(&mut rng).map(|r| r.to_string()),
                    }),
                ));
            }
            if rng.gen_bool(0.6) {
                commands.push((
                    received,
                    Command::RecordIdentification {
                        outcome: *[Outcome::Victim, Outcome::Victim, Outcome::NotVictim]
                            .choose(&mut rng)
                            .unwrap(),
                        deciding_agency_id: Some(1),
                        document_number: None,
                        document_date: Some(received),
                    },
                ));
            }
            CaseRecordForStatistics {
                case_id: i as i64 + 1,
                lead_agency_id: 1,
                province: "01".into(),
                place_unit_id: Some("2025/01/00070".into()),
                place_unit_today: Some("2025/01/00070".into()),
                channel: "self_report".into(),
                received_on: received,
                person: Some(person(&mut rng, received)),
                commands,
            }
        })
        .collect()
}

/// The flag cells of a record, worked out from its commands with a table
/// of Haven's codes written here, not through the HTCDS mapping.
fn expected_flags(record: &CaseRecordForStatistics) -> Vec<String> {
    let details = record.commands.iter().rev().find_map(|(_, c)| match c {
        Command::RecordTrafficking(d) => Some(d),
        _ => None,
    });
    let group = |known: bool, on: &dyn Fn(&str) -> bool, columns: &[&str]| -> Vec<String> {
        columns
            .iter()
            .map(|c| match known {
                false => String::new(),
                true => if on(c) { "1" } else { "0" }.to_owned(),
            })
            .collect()
    };
    let means_column = |code: &str| match code {
        "debt_bondage" | "takes_earnings" => "DebtBondageEarnings",
        "threats" => "Threats",
        "physical_abuse" => "AbusePsyPhySex",
        "false_promises" => "FalsePromises",
        "withholds_documents" => "WithholdDocs",
        "psychoactive_substances" => "DrugsAlcohol",
        _ => "none",
    };
    let means: Vec<&str> = details
        .map(|d| d.means_of_control.iter().map(|m| means_column(m)).collect())
        .unwrap_or_default();
    let purposes: Vec<&str> = details
        .map(|d| {
            d.purposes
                .iter()
                .map(|p| match p.as_str() {
                    "sexual_exploitation" => "SexualExploit",
                    "forced_labour" => "ForcedLabour",
                    _ => "OtherExploit",
                })
                .collect()
        })
        .unwrap_or_default();
    let relation = details
        .and_then(|d| d.relation_to_recruiter.as_deref())
        .map(|r| match r {
            "family" => "Family",
            "intimate_partner" => "IntimatePartner",
            "acquaintance" => "Friend",
            _ => "Other",
        });
    let mut cells = Vec::new();
    cells.extend(group(
        !means.is_empty(),
        &|c| means.iter().any(|m| c == format!("means{m}")),
        &[
            "meansDebtBondageEarnings",
            "meansThreats",
            "meansAbusePsyPhySex",
            "meansFalsePromises",
            "meansDrugsAlcohol",
            "meansDenyBasicNeeds",
            "meansExcessiveWorkHours",
            "meansWithholdDocs",
        ],
    ));
    cells.extend(group(
        !purposes.is_empty(),
        &|c| purposes.iter().any(|p| c == format!("is{p}")),
        &["isForcedLabour", "isSexualExploit", "isOtherExploit"],
    ));
    cells.extend(std::iter::repeat_n(String::new(), 6));
    cells.extend(group(
        relation.is_some(),
        &|c| relation.is_some_and(|r| c == format!("recruiterRelation{r}")),
        &[
            "recruiterRelationIntimatePartner",
            "recruiterRelationFriend",
            "recruiterRelationFamily",
            "recruiterRelationOther",
        ],
    ));
    cells
}

#[test]
fn ten_thousand_cases_export_k_anonymous_with_the_flags_of_their_records() {
    let records = generated(10_000);
    let facts: Vec<CaseFacts> = records.iter().map(CaseFacts::from_record).collect();
    let period = Period::parse("2021-2025").unwrap();
    let htcds = htcds();
    // The same selection made here: received in the period, not found not to be a victim.
    let selected: Vec<&CaseRecordForStatistics> = records
        .iter()
        .filter(|r| {
            let last = r.commands.iter().rev().find_map(|(_, c)| match c {
                Command::RecordIdentification { outcome, .. } => Some(*outcome),
                _ => None,
            });
            last != Some(Outcome::NotVictim)
        })
        .collect();
    let victims = ctdc::victims_in(&facts, &htcds, period);
    assert_eq!(victims.len(), selected.len());
    assert!(victims.len() > 7_000, "{}", victims.len());

    for k in [5, 10, 25] {
        let out = anonymity::anonymise(&victims, k, (2021, 2025));
        let mut groups: HashMap<_, usize> = HashMap::new();
        for (quasi, _) in &out.rows {
            *groups.entry(quasi.clone()).or_default() += 1;
        }
        for (quasi, n) in &groups {
            assert!(*n >= k as usize, "k={k}: {quasi:?} occurs {n} times");
        }
        assert_eq!(
            out.statement.written + out.statement.suppressed,
            victims.len()
        );
        assert!(
            out.statement.suppressed * 100 <= victims.len() * anonymity::SUPPRESSION_BUDGET_PERCENT,
            "k={k}: suppressed {}",
            out.statement.suppressed
        );
        for ((quasi, attributes), index) in out.rows.iter().zip(&out.kept_from) {
            let record = selected[*index];
            let cells = ctdc::cells(quasi, attributes);
            assert_eq!(cells[6..], expected_flags(record)[..], "record {index}");
            // A year is the record's own or the period's range.
            let year = chrono::Datelike::year(&record.received_on).to_string();
            assert!(cells[0] == year || cells[0] == "2021--2025");
        }
        println!("k={k}: {:?}", out.statement);
    }

    let file = ctdc::csv(&ctdc::microdata(&facts, &htcds, period, 10)).unwrap();
    let text = String::from_utf8(file).unwrap();
    assert!(text.starts_with(
        "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation,traffickMonths,"
    ));
    for private in ["Nguyễn", "thôn", "0912", "Quảng Tây", "2025/01"] {
        assert!(!text.contains(private), "{private} in the file");
    }
}
