//! Deterministic synthetic organisation data: agencies spread over real 2025
//! communes, users in them. Names are generated and obviously fictitious.

use haven_domain::organisation::{NewAgency, NewUser};
use haven_domain::role::Role;
use haven_store::Store;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const SECTORS: &[&str] = &[
    "social_affairs",
    "police",
    "border_guard",
    "peoples_committee",
    "womens_union",
    "justice",
];

pub struct Generated {
    pub agencies: usize,
    pub users: usize,
}

/// Adds `agencies` agencies and `users` users (password `synthetic-password`).
pub async fn generate(
    store: &Store,
    seed: u64,
    agencies: usize,
    users: usize,
) -> anyhow::Result<Generated> {
    let mut rng = StdRng::seed_from_u64(seed);
    let communes = store.admin_units_of("2025", "commune").await?;
    let mut codes = Vec::with_capacity(agencies);
    for i in 0..agencies {
        let unit = communes
            .choose(&mut rng)
            .ok_or_else(|| anyhow::anyhow!("no communes loaded"))?;
        let code = format!("SYN-{i:05}");
        store
            .add_agency(&NewAgency {
                code: code.clone(),
                name: format!("Cơ quan giả lập số {i}"),
                sector: SECTORS.choose(&mut rng).copied().unwrap_or("police").into(),
                admin_unit_id: unit.id.clone(),
                parent_agency_code: None,
            })
            .await?;
        codes.push(code);
    }
    for i in 0..users {
        let agency = codes
            .choose(&mut rng)
            .ok_or_else(|| anyhow::anyhow!("no agencies"))?;
        store
            .add_user(&NewUser {
                username: format!("synthetic.{i:06}"),
                display_name: format!("Người dùng giả lập {i}"),
                agency_code: agency.clone(),
                roles: Role::ALL.choose(&mut rng).copied().into_iter().collect(),
                password: "synthetic-password".into(),
            })
            .await?;
    }
    Ok(Generated { agencies, users })
}

/// Opens `count` cases spread over the synthetic agencies, each taken a few
/// steps along the journey through the write path. Returns the case numbers.
pub async fn generate_cases(store: &Store, seed: u64, count: usize) -> anyhow::Result<Vec<String>> {
    use chrono::NaiveDate;
    use haven_domain::case::command::{Outcome, Service};
    use haven_domain::case::person::{Birth, Person, Residence, Sex};
    use haven_domain::case::{Command, Reception};
    use haven_store::cases::Actor;

    let mut rng = StdRng::seed_from_u64(seed);
    let users = store.users().await?;
    let communes = store.admin_units_of("2025", "commune").await?;
    let channels = [
        "self_report",
        "rescue",
        "border_gate_handover",
        "self_return",
        "tip_hotline_111",
    ];
    let surnames = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vàng", "Lò", "Giàng",
    ];
    let given = [
        "Thị Hoa",
        "Thị Mai",
        "Thị Lan",
        "Văn Nam",
        "Thị Xuân",
        "Thị Sáu",
        "Văn Dũng",
    ];
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    let mut numbers = Vec::with_capacity(count);
    for i in 0..count {
        let user = users
            .choose(&mut rng)
            .ok_or_else(|| anyhow::anyhow!("no users"))?;
        let actor = Actor {
            user_id: user.id,
            agency_id: user.agency_id,
        };
        let received = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default()
            + chrono::Days::new(rng.gen_range(0..600));
        let person = Person {
            full_name: format!(
                "{} {} Giả Lập {i}",
                surnames.choose(&mut rng).copied().unwrap_or_default(),
                given.choose(&mut rng).copied().unwrap_or_default()
            ),
            other_names: vec![],
            sex: if rng.gen_bool(0.8) {
                Sex::Female
            } else {
                Sex::Male
            },
            birth: Some(Birth::Year {
                year: rng.gen_range(1975..2012),
            }),
            ethnicity: Some(format!("{:02}", rng.gen_range(1..=54))),
            nationality: Some("VN".into()),
            identity_papers: vec![],
            permanent_residence: Residence {
                admin_unit_id: communes.choose(&mut rng).map(|u| u.id.clone()),
                address_line: None,
            },
            current_residence: Residence::default(),
            languages: vec![],
            disability: None,
            contact: None,
            relatives: vec![],
        };
        let reception = Reception {
            place_unit_id: person.permanent_residence.admin_unit_id.clone(),
            ..Reception::new(
                channels.choose(&mut rng).copied().unwrap_or("rescue"),
                received,
            )
        };
        let case = store.open_case(actor, &person, &reception, today).await?;
        let mut version = case.version;
        let steps = [
            Command::RecordService(Service {
                service_type: "food".into(),
                clause: None,
                provider_agency_id: actor.agency_id,
                delivered_on: received,
                amount_vnd: Some(rng.gen_range(50..500) * 1000),
                funding_source: None,
                outside_entitlement_reason: None,
            }),
            Command::RecordIdentification {
                outcome: if rng.gen_bool(0.85) {
                    Outcome::Victim
                } else {
                    Outcome::NotVictim
                },
                deciding_agency_id: Some(actor.agency_id),
                document_number: Some(format!("XN-{i}")),
                document_date: Some(received + chrono::Days::new(10)),
            },
        ];
        for step in steps.iter().take(rng.gen_range(0..=steps.len())) {
            version = store
                .execute(actor, &case.case_number, version, step, None, today)
                .await?
                .version;
        }
        numbers.push(case.case_number);
    }
    Ok(numbers)
}
