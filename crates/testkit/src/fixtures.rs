//! Small, readable test data: an organisation of four agencies in two
//! provinces with one user each and a shelter, and fictitious persons.

use chrono::NaiveDate;
use haven_domain::case::person::{Birth, IdentityPaper, Person, Relative, Residence, Sex};
use haven_domain::case::Reception;
use haven_domain::organisation::{NewAgency, NewFacility, NewUser};
use haven_domain::role::Role;
use haven_store::cases::Actor;
use haven_store::Store;

pub const PASSWORD: &str = "a long enough password";

pub struct Org {
    pub commune: Actor,
    pub police: Actor,
    pub social_affairs: Actor,
    pub shelter: Actor,
    pub border_guard: Actor,
    pub shelter_facility_id: i64,
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The "today" of tests: late enough for every journey's dates.
pub fn today() -> NaiveDate {
    day(2026, 12, 31)
}

pub async fn seed_org(store: &Store) -> Org {
    let agencies = [
        (
            "HNI-UBND-HK",
            "Ủy ban nhân dân Phường Hoàn Kiếm",
            "peoples_committee",
            "2025/01/00070",
            "commune",
            Role::SocialWorker,
        ),
        (
            "HNI-CA",
            "Công an Thành phố Hà Nội",
            "police",
            "2025/01",
            "police",
            Role::PoliceOfficer,
        ),
        (
            "HNI-SYT",
            "Sở Y tế Hà Nội",
            "social_affairs",
            "2025/01",
            "social",
            Role::SocialWorker,
        ),
        (
            "HNI-TTBTXH",
            "Trung tâm Bảo trợ xã hội Hà Nội",
            "social_protection",
            "2025/01/00235",
            "shelter",
            Role::ShelterStaff,
        ),
        (
            "LCI-BDBP",
            "Bộ đội Biên phòng tỉnh Lào Cai",
            "border_guard",
            "2025/15",
            "border",
            Role::BorderGuardOfficer,
        ),
    ];
    let mut actors = Vec::new();
    for (code, name, sector, unit, username, role) in agencies {
        let agency = store
            .add_agency(&NewAgency {
                code: code.into(),
                name: name.into(),
                sector: sector.into(),
                admin_unit_id: unit.into(),
                parent_agency_code: None,
            })
            .await
            .expect("agency");
        let actor = add_user(store, username, code, role).await;
        assert_eq!(actor.agency_id, agency.id);
        actors.push(actor);
    }
    let facility = store
        .add_facility(&NewFacility {
            code: "HNI-CSHTNN".into(),
            name: "Cơ sở hỗ trợ nạn nhân Hà Nội".into(),
            facility_type: "victim_support_facility".into(),
            operator_agency_code: "HNI-TTBTXH".into(),
            admin_unit_id: "2025/01/00235".into(),
            capacity: 2,
        })
        .await
        .expect("facility");
    Org {
        commune: actors[0],
        police: actors[1],
        social_affairs: actors[2],
        shelter: actors[3],
        border_guard: actors[4],
        shelter_facility_id: facility.id,
    }
}

/// A fictitious Vietnamese woman born in `birth_year`.
pub fn person(full_name: &str, birth_year: i32) -> Person {
    Person {
        full_name: full_name.into(),
        other_names: vec![],
        sex: Sex::Female,
        birth: Some(Birth::Year { year: birth_year }),
        ethnicity: Some("01".into()),
        nationality: Some("VN".into()),
        identity_papers: vec![IdentityPaper {
            kind: "citizen_id".into(),
            number: "001190000000".into(),
        }],
        permanent_residence: Residence {
            admin_unit_id: Some("2025/15/02683".into()),
            address_line: Some("Thôn Giả Lập".into()),
        },
        current_residence: Residence::default(),
        languages: vec!["vi".into()],
        disability: None,
        contact: Some("0900000000".into()),
        relatives: vec![Relative {
            relationship: "mẹ".into(),
            full_name: "Giả Lập Thị Mẹ".into(),
            residence: Residence {
                admin_unit_id: Some("2025/15/02683".into()),
                address_line: None,
            },
            contact: Some("0900000009".into()),
        }],
    }
}

pub fn reception(channel: &str, received_on: NaiveDate) -> Reception {
    Reception::new(channel, received_on)
}

/// One more user with `role` at the agency `agency_code` (password [`PASSWORD`]).
pub async fn add_user(store: &Store, username: &str, agency_code: &str, role: Role) -> Actor {
    let user = store
        .add_user(&NewUser {
            username: username.into(),
            display_name: format!("Cán bộ {username}"),
            agency_code: agency_code.into(),
            roles: vec![role],
            password: PASSWORD.into(),
        })
        .await
        .expect("user");
    Actor {
        user_id: user.id,
        agency_id: user.agency_id,
    }
}

/// A hotline (`TD111`) and a ward police station under the city police
/// (`HNI-CA-HK`, parent `HNI-CA` from [`seed_org`]), for the hotline's tests.
pub async fn seed_hotline_agencies(store: &Store) {
    for (code, name, sector, unit, parent) in [
        (
            "TD111",
            "Tổng đài 111",
            "hotline_111",
            "2025/01/00004",
            None,
        ),
        (
            "HNI-CA-HK",
            "Công an phường Hoàn Kiếm",
            "police",
            "2025/01/00070",
            Some("HNI-CA"),
        ),
    ] {
        store
            .add_agency(&NewAgency {
                code: code.into(),
                name: name.into(),
                sector: sector.into(),
                admin_unit_id: unit.into(),
                parent_agency_code: parent.map(str::to_owned),
            })
            .await
            .expect("hotline agency");
    }
}
