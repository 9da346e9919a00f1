//! The synthetic demo dataset: agencies of several sectors in three provinces,
//! facilities, and one user per role. Every person in it is fictitious; agency
//! names follow real patterns so the demo reads like the real thing.

use crate::cases::Actor;
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use haven_domain::organisation::{NewAgency, NewFacility, NewUser};
use haven_domain::role::Role;
use serde::Serialize;

/// The one password of every demo user, shown on the login page in demo mode only.
pub const DEMO_PASSWORD: &str = "haven-demo-2025";

#[derive(Debug, Clone, Copy, Serialize)]
pub struct DemoUser {
    pub username: &'static str,
    pub role: Role,
    pub agency_code: &'static str,
}

pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        username: "admin",
        role: Role::SystemAdmin,
        agency_code: "HNI-SYT",
    },
    DemoUser {
        username: "agency.admin",
        role: Role::AgencyAdmin,
        agency_code: "HNI-SYT",
    },
    DemoUser {
        username: "social.worker",
        role: Role::SocialWorker,
        agency_code: "HNI-SYT",
    },
    DemoUser {
        username: "police",
        role: Role::PoliceOfficer,
        agency_code: "HNI-CA",
    },
    DemoUser {
        username: "border.guard",
        role: Role::BorderGuardOfficer,
        agency_code: "LCI-BDBP",
    },
    DemoUser {
        username: "shelter",
        role: Role::ShelterStaff,
        agency_code: "HNI-TTBTXH",
    },
    DemoUser {
        username: "hotline",
        role: Role::HotlineOperator,
        agency_code: "TD111",
    },
    DemoUser {
        username: "legal.aid",
        role: Role::LegalAidOfficer,
        agency_code: "HNI-TGPL",
    },
    DemoUser {
        username: "womens.union",
        role: Role::WomensUnionOfficer,
        agency_code: "HNI-HLHPN",
    },
    DemoUser {
        username: "supervisor",
        role: Role::Supervisor,
        agency_code: "HNI-BCD138",
    },
    DemoUser {
        username: "statistician",
        role: Role::Statistician,
        agency_code: "HNI-SYT",
    },
    DemoUser {
        username: "auditor",
        role: Role::Auditor,
        agency_code: "HNI-BCD138",
    },
    DemoUser {
        username: "ministry",
        role: Role::Statistician,
        agency_code: NATIONAL_AGENCY,
    },
    DemoUser {
        username: "planner",
        role: Role::ProgrammeOfficer,
        agency_code: "HNI-SYT",
    },
    DemoUser {
        username: "ministry.planner",
        role: Role::ProgrammeOfficer,
        agency_code: NATIONAL_AGENCY,
    },
    DemoUser {
        username: "accountant",
        role: Role::FinanceOfficer,
        agency_code: "HNI-SYT",
    },
];

/// The operating agency the demo's pages name in their footer.
pub const OPERATOR: &str = "Cục Bảo trợ xã hội, Bộ Y tế (bản trình diễn)";

/// The demo's national agency: its statisticians read the whole country
/// (`serve --demo` configures it as national).
pub const NATIONAL_AGENCY: &str = "BYT-CBTXH";

/// (code, name, sector, administrative unit, parent agency code)
const AGENCIES: &[(&str, &str, &str, &str, Option<&str>)] = &[
    (
        NATIONAL_AGENCY,
        "Cục Bảo trợ xã hội, Bộ Y tế",
        "social_affairs",
        "2025/01",
        None,
    ),
    (
        "HNI-BCD138",
        "Ban Chỉ đạo 138 Thành phố Hà Nội",
        "steering_committee",
        "2025/01",
        None,
    ),
    (
        "HNI-SYT",
        "Sở Y tế Hà Nội (lĩnh vực xã hội)",
        "social_affairs",
        "2025/01",
        None,
    ),
    (
        "HNI-CA",
        "Công an Thành phố Hà Nội",
        "police",
        "2025/01",
        None,
    ),
    (
        "HNI-TTBTXH",
        "Trung tâm Bảo trợ xã hội Hà Nội",
        "social_protection",
        "2025/01/00235",
        Some("HNI-SYT"),
    ),
    (
        "HNI-TGPL",
        "Trung tâm Trợ giúp pháp lý nhà nước Thành phố Hà Nội",
        "justice",
        "2025/01",
        None,
    ),
    (
        "HNI-HLHPN",
        "Hội Liên hiệp Phụ nữ Thành phố Hà Nội",
        "womens_union",
        "2025/01",
        None,
    ),
    (
        "HNI-UBND-HK",
        "Ủy ban nhân dân Phường Hoàn Kiếm",
        "peoples_committee",
        "2025/01/00070",
        None,
    ),
    (
        "TD111",
        "Tổng đài điện thoại quốc gia bảo vệ trẻ em 111",
        "hotline_111",
        "2025/01/00004",
        None,
    ),
    (
        "LCI-BDBP",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai",
        "border_guard",
        "2025/15",
        None,
    ),
    (
        "LCI-SYT",
        "Sở Y tế tỉnh Lào Cai (lĩnh vực xã hội)",
        "social_affairs",
        "2025/15",
        None,
    ),
    ("LCI-CA", "Công an tỉnh Lào Cai", "police", "2025/15", None),
    (
        "HNI-CA-HK",
        "Công an phường Hoàn Kiếm",
        "police",
        "2025/01/00070",
        Some("HNI-CA"),
    ),
    (
        "LCI-UBND-BX",
        "Ủy ban nhân dân Xã Bát Xát",
        "peoples_committee",
        "2025/15/02683",
        None,
    ),
    (
        "NAN-SYT",
        "Sở Y tế tỉnh Nghệ An (lĩnh vực xã hội)",
        "social_affairs",
        "2025/40",
        None,
    ),
    ("NAN-CA", "Công an tỉnh Nghệ An", "police", "2025/40", None),
    (
        "NAN-HLHPN",
        "Hội Liên hiệp Phụ nữ tỉnh Nghệ An",
        "womens_union",
        "2025/40",
        None,
    ),
];

/// (code, name, type, operator agency, administrative unit, capacity)
const FACILITIES: &[(&str, &str, &str, &str, &str, i32)] = &[
    (
        "HNI-CSHTNN",
        "Cơ sở hỗ trợ nạn nhân Hà Nội",
        "victim_support_facility",
        "HNI-TTBTXH",
        "2025/01/00235",
        30,
    ),
    (
        "HNI-TTCTXH",
        "Trung tâm Công tác xã hội Hà Nội",
        "social_work_centre",
        "HNI-SYT",
        "2025/01/00004",
        60,
    ),
    (
        "LCI-NTL",
        "Nhà tạm lánh Lào Cai",
        "temporary_shelter",
        "LCI-SYT",
        "2025/15/02647",
        15,
    ),
    (
        "NAN-TTBTXH",
        "Trung tâm Bảo trợ xã hội tỉnh Nghệ An",
        "social_protection_centre",
        "NAN-SYT",
        "2025/40/16681",
        120,
    ),
];

#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub agencies: usize,
    pub facilities: usize,
    pub users: usize,
    pub cases: usize,
}

impl Store {
    /// True when the demo's administrator exists, i.e. the demo was loaded.
    pub async fn has_demo_data(&self) -> StoreResult<bool> {
        Ok(self.agency_by_code("HNI-BCD138").await?.is_some()
            && self.user_by_username("admin").await?.is_some())
    }

    /// Loads the demo into a database that has no agencies and no users yet.
    pub async fn load_demo(&self) -> StoreResult<DemoSummary> {
        if self.count_users().await? > 0 || !self.agencies().await?.is_empty() {
            return Err(StoreError::Refused(
                "the database already has agencies or users; load the demo into an empty data directory".into(),
            ));
        }
        for (code, name, sector, unit, parent) in AGENCIES {
            self.add_agency(&NewAgency {
                code: (*code).into(),
                name: (*name).into(),
                sector: (*sector).into(),
                admin_unit_id: (*unit).into(),
                parent_agency_code: parent.map(str::to_owned),
            })
            .await?;
        }
        for (code, name, facility_type, operator, unit, capacity) in FACILITIES {
            self.add_facility(&NewFacility {
                code: (*code).into(),
                name: (*name).into(),
                facility_type: (*facility_type).into(),
                operator_agency_code: (*operator).into(),
                admin_unit_id: (*unit).into(),
                capacity: *capacity,
            })
            .await?;
        }
        let mut actors = std::collections::HashMap::new();
        for demo in DEMO_USERS {
            let user = self
                .add_user(&NewUser {
                    username: demo.username.into(),
                    display_name: format!("Người dùng thử – {}", demo.role.name_vi()),
                    agency_code: demo.agency_code.into(),
                    roles: vec![demo.role],
                    password: DEMO_PASSWORD.into(),
                })
                .await?;
            actors.insert(
                demo.role,
                Actor {
                    user_id: user.id,
                    agency_id: user.agency_id,
                },
            );
        }
        let actor = |role: Role| {
            actors
                .get(&role)
                .copied()
                .ok_or(StoreError::NotFound { what: "demo user" })
        };
        let facility = self
            .facilities()
            .await?
            .into_iter()
            .find(|f| f.code == "HNI-CSHTNN");
        let demo_actors = crate::demo_cases::DemoActors {
            social: actor(Role::SocialWorker)?,
            police: actor(Role::PoliceOfficer)?,
            border: actor(Role::BorderGuardOfficer)?,
            shelter: actor(Role::ShelterStaff)?,
            hotline: actor(Role::HotlineOperator)?,
            womens_union: actor(Role::WomensUnionOfficer)?,
            facility_id: facility.map(|f| f.id).ok_or(StoreError::NotFound {
                what: "demo facility",
            })?,
        };
        let cases = crate::demo_cases::load(self, &demo_actors).await?;
        crate::demo_programme::load(self).await?;
        crate::demo_hotline::load(self).await?;
        crate::demo_directory::load(self).await?;
        crate::demo_notices::load(self).await?;
        Ok(DemoSummary {
            agencies: AGENCIES.len(),
            facilities: FACILITIES.len(),
            users: DEMO_USERS.len(),
            cases,
        })
    }
}
