//! The organisation the authorization matrices run over: a lead agency (a
//! commune), another province, and the province that supervises the
//! commune, each with one user per role named `<role>_<agency>`.

use haven_domain::organisation::NewAgency;
use haven_domain::role::Role;
use haven_store::Store;
use haven_testkit::fixtures::add_user;

pub const AGENCIES: [(&str, &str); 3] = [
    ("LEAD", "2025/01/00070"),
    ("ELSEWHERE", "2025/15"),
    ("PROVINCE", "2025/01"),
];

pub async fn seed_every_role(store: &Store) {
    for (code, unit) in AGENCIES {
        store
            .add_agency(&NewAgency {
                code: code.into(),
                name: format!("Cơ quan {code}"),
                sector: "social_affairs".into(),
                admin_unit_id: unit.into(),
                parent_agency_code: None,
            })
            .await
            .unwrap();
        for role in Role::ALL {
            add_user(
                store,
                &format!("{}_{}", role.code(), code.to_lowercase()),
                code,
                role,
            )
            .await;
        }
    }
}
