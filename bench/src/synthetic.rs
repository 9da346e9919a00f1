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
                sector: SECTORS[rng.gen_range(0..SECTORS.len())].into(),
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
                roles: vec![Role::ALL[rng.gen_range(0..Role::ALL.len())]],
                password: "synthetic-password".into(),
            })
            .await?;
    }
    Ok(Generated { agencies, users })
}
