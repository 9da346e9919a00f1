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

/// Rows of one agency per batch: the importer's.
const BATCH: usize = 500;

/// Rows per transaction, over as many agencies' batches as it takes.
const ROWS_PER_TRANSACTION: usize = 1_000;

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
/// each received by one of its own users where the agency has one. The
/// cases are written agency by agency, several agencies' batches to a
/// transaction (`Store::import_batches`).
pub async fn open_cases(
    store: &Store,
    seed: u64,
    agencies: &[Actor],
    count: usize,
) -> anyhow::Result<()> {
    if agencies.is_empty() {
        anyhow::bail!("no agencies");
    }
    let communes = store.admin_units_of("2025", "commune").await?;
    let mut rng = StdRng::seed_from_u64(seed);
    // How many each agency receives, first: 2% to the busiest.
    let mut per_agency = vec![0usize; agencies.len()];
    for _ in 0..count {
        let index = if rng.gen_bool(0.02) {
            0
        } else {
            rng.gen_range(0..agencies.len())
        };
        if let Some(n) = per_agency.get_mut(index) {
            *n += 1;
        }
    }
    let today = chrono::Utc::now().date_naive();
    let started = Instant::now();
    let mut written = 0usize;
    let mut reported = 0usize;
    let mut line = 0usize;
    let mut pending: Vec<(Actor, Vec<ImportedCase>)> = Vec::new();
    let mut pending_rows = 0usize;
    for (actor, received) in agencies.iter().zip(per_agency) {
        let mut group = Vec::with_capacity(received.min(BATCH));
        for _ in 0..received {
            line += 1;
            group.push(synthetic_case(&mut rng, seed, line, &communes, today));
            if group.len() >= BATCH {
                pending_rows += group.len();
                pending.push((*actor, std::mem::take(&mut group)));
            }
        }
        if !group.is_empty() {
            pending_rows += group.len();
            pending.push((*actor, group));
        }
        if pending_rows >= ROWS_PER_TRANSACTION {
            written += write(store, &mut pending, today).await?;
            pending_rows = 0;
        }
        if written >= reported + 100_000 {
            reported = written;
            println!(
                "  {} cases opened ({:.0}/s)",
                written,
                written as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    written += write(store, &mut pending, today).await?;
    let took = started.elapsed();
    println!(
        "bulk path: {written} cases in {:.1} s ({:.0} cases/s)",
        took.as_secs_f64(),
        written as f64 / took.as_secs_f64()
    );
    Ok(())
}

/// Writes the batches waiting, in one transaction.
async fn write(
    store: &Store,
    pending: &mut Vec<(Actor, Vec<ImportedCase>)>,
    today: chrono::NaiveDate,
) -> anyhow::Result<usize> {
    let batches: Vec<(Actor, &[ImportedCase])> = pending
        .iter()
        .map(|(actor, rows)| (*actor, rows.as_slice()))
        .collect();
    let created = store
        .import_batches(&batches, "synthetic", today)
        .await?
        .created;
    pending.clear();
    Ok(created)
}

fn synthetic_case(
    rng: &mut StdRng,
    seed: u64,
    line: usize,
    communes: &[haven_store::reference::AdminUnit],
    today: chrono::NaiveDate,
) -> ImportedCase {
    let received = today - chrono::Days::new(rng.gen_range(1..2_000));
    let home = communes.choose(rng).map(|u| u.id.clone());
    let person = Person {
        full_name: format!(
            "{} {} {}",
            SURNAMES.choose(rng).copied().unwrap_or_default(),
            MIDDLE.choose(rng).copied().unwrap_or_default(),
            GIVEN.choose(rng).copied().unwrap_or_default()
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
        ..Reception::new(CHANNELS.choose(rng).copied().unwrap_or("rescue"), received)
    };
    ImportedCase {
        line,
        person,
        reception,
        fingerprint_text: format!("synthetic|{seed}|{line}"),
        existing_person: None,
        steps: vec![],
    }
}
