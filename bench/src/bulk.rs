//! `load --cases N` builds its dataset through the bulk path the importer
//! uses (`Store::import_batch`): many cases per transaction, each checked
//! as a reception is and sealed into its history chain like any other.
//! Cases are skewed as a country's are: one agency (the busiest, a
//! provincial social-affairs office) receives 2% of them, the rest are
//! spread over every agency.

use haven_domain::case::person::{Birth, IdentityPaper, Person, Residence, Sex};
use haven_domain::case::Reception;
use haven_store::cases::Actor;
use haven_store::import::ImportedCase;
use haven_store::Store;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::time::Instant;

/// Rows per transaction: the importer's batch.
const BATCH: usize = 500;

const CHANNELS: &[&str] = &[
    "self_report",
    "rescue",
    "border_gate_handover",
    "self_return",
    "tip_hotline_111",
];
const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vàng", "Lò", "Giàng", "Vũ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: &[&str] = &[
    "Thị",
    "Thị",
    "Thị",
    "Văn",
    "Hữu",
    "Thị Mỹ",
    "Ngọc",
    "A",
    "Seo",
];
pub const GIVEN: &[&str] = &[
    "Hoa", "Mai", "Lan", "Nam", "Xuân", "Sáu", "Dũng", "Hương", "Linh", "Trang", "Thảo", "Huyền",
    "Nga", "Mỷ", "Dung", "Hạnh", "Phương", "Yến", "Chi", "Vân", "Thu", "Hà", "Ly", "Nhung", "Tâm",
    "Sinh", "Pàng", "Dính", "Sùng", "Chư",
];

/// A person with nothing recorded but a sex, for the fields to fill.
pub fn blank_person() -> Person {
    Person {
        full_name: String::new(),
        other_names: vec![],
        sex: Sex::Female,
        birth: None,
        ethnicity: None,
        nationality: None,
        identity_papers: vec![],
        permanent_residence: Residence::default(),
        current_residence: Residence::default(),
        languages: vec![],
        disability: None,
        contact: None,
        relatives: vec![],
    }
}

/// Opens `count` synthetic cases over `agencies` (the first is the busiest),
/// each received by one of its own users where the agency has one.
pub async fn open_cases(
    store: &Store,
    seed: u64,
    agencies: &[Actor],
    count: usize,
) -> anyhow::Result<()> {
    let busiest = *agencies
        .first()
        .ok_or_else(|| anyhow::anyhow!("no agencies"))?;
    let communes = store.admin_units_of("2025", "commune").await?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut per_agency: std::collections::BTreeMap<i64, (Actor, Vec<ImportedCase>)> =
        Default::default();
    let today = chrono::Utc::now().date_naive();
    let started = Instant::now();
    let mut written = 0usize;
    for i in 0..count {
        let actor = if rng.gen_bool(0.02) {
            busiest
        } else {
            *agencies.choose(&mut rng).unwrap_or(&busiest)
        };
        let received = today - chrono::Days::new(rng.gen_range(1..2_000));
        let home = communes.choose(&mut rng).map(|u| u.id.clone());
        let person = Person {
            full_name: format!(
                "{} {} {}",
                SURNAMES.choose(&mut rng).copied().unwrap_or_default(),
                MIDDLE.choose(&mut rng).copied().unwrap_or_default(),
                GIVEN.choose(&mut rng).copied().unwrap_or_default()
            ),
            other_names: vec![],
            sex: if rng.gen_bool(0.8) {
                Sex::Female
            } else {
                Sex::Male
            },
            birth: Some(Birth::Year {
                year: rng.gen_range(1970..2012),
            }),
            ethnicity: Some(format!("{:02}", rng.gen_range(1..=54))),
            nationality: Some("VN".into()),
            identity_papers: if rng.gen_bool(0.3) {
                vec![IdentityPaper {
                    kind: "citizen_id".into(),
                    number: format!("{:012}", rng.gen_range(1_000_000_000u64..999_999_999_999)),
                }]
            } else {
                vec![]
            },
            permanent_residence: Residence {
                admin_unit_id: home.clone(),
                address_line: None,
            },
            current_residence: Residence::default(),
            languages: vec![],
            disability: None,
            contact: None,
            relatives: vec![],
        };
        let reception = Reception {
            place_unit_id: home,
            ..Reception::new(
                CHANNELS.choose(&mut rng).copied().unwrap_or("rescue"),
                received,
            )
        };
        let (_, rows) = per_agency
            .entry(actor.agency_id)
            .or_insert_with(|| (actor, Vec::new()));
        rows.push(ImportedCase {
            line: i + 1,
            person,
            reception,
            fingerprint_text: format!("synthetic|{seed}|{i}"),
            existing_person: None,
            steps: vec![],
        });
        if rows.len() >= BATCH {
            let full = std::mem::take(rows);
            written += store
                .import_batch(actor, "synthetic", &full, today)
                .await?
                .created;
        }
        if i % 100_000 == 99_999 {
            println!(
                "  {} cases opened ({:.0}/s)",
                written,
                written as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    for (_, (actor, rows)) in per_agency {
        for chunk in rows.chunks(BATCH) {
            written += store
                .import_batch(actor, "synthetic", chunk, today)
                .await?
                .created;
        }
    }
    let took = started.elapsed();
    println!(
        "bulk path: {written} cases in {:.1} s ({:.0} cases/s)",
        took.as_secs_f64(),
        written as f64 / took.as_secs_f64()
    );
    Ok(())
}
