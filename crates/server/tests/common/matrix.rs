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

/// An agency of the province (outside the matrix's three) with its 2026
/// report sent up to the province: its id and the report's.
pub async fn province_agency_report(store: &Store) -> (haven_domain::ids::AgencyId, i64) {
    let agency = store
        .add_agency(&NewAgency {
            code: "PROVINCE-POLICE".into(),
            name: "Công an tỉnh".into(),
            sector: "police".into(),
            admin_unit_id: "2025/01".into(),
            parent_agency_code: None,
        })
        .await
        .unwrap();
    let filer = add_user(
        store,
        "province_police_officer",
        "PROVINCE-POLICE",
        Role::PoliceOfficer,
    )
    .await;
    let report = store
        .agency_reports()
        .save(haven_store::agency_reports::AgencyReportWrite {
            agency_id: haven_domain::ids::AgencyId(agency.id),
            area_code: "01",
            period_code: "2026",
            expected_version: None,
            status: "submitted",
            action: "submit",
            user_id: filer.user_id,
            narrative: Some("{}"),
            snapshot: Some("{}"),
            submits: true,
            review_comment: None,
        })
        .await
        .unwrap();
    (haven_domain::ids::AgencyId(agency.id), report.id)
}
