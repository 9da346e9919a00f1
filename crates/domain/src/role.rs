//! The default roles. What each may do is the access policy's business; here are
//! only their stable codes and their names in Vietnamese and English.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    SystemAdmin,
    AgencyAdmin,
    SocialWorker,
    PoliceOfficer,
    BorderGuardOfficer,
    ShelterStaff,
    HotlineOperator,
    LegalAidOfficer,
    WomensUnionOfficer,
    Supervisor,
    Statistician,
    Auditor,
    /// Follows the agency's plans: targets, tasks, activities.
    ProgrammeOfficer,
    /// Keeps the budget of the agency's plans: estimates, allocations, spending.
    FinanceOfficer,
}

impl Role {
    pub const ALL: [Role; 14] = [
        Role::SystemAdmin,
        Role::AgencyAdmin,
        Role::SocialWorker,
        Role::PoliceOfficer,
        Role::BorderGuardOfficer,
        Role::ShelterStaff,
        Role::HotlineOperator,
        Role::LegalAidOfficer,
        Role::WomensUnionOfficer,
        Role::Supervisor,
        Role::Statistician,
        Role::Auditor,
        Role::ProgrammeOfficer,
        Role::FinanceOfficer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system_admin",
            Role::AgencyAdmin => "agency_admin",
            Role::SocialWorker => "social_worker",
            Role::PoliceOfficer => "police_officer",
            Role::BorderGuardOfficer => "border_guard_officer",
            Role::ShelterStaff => "shelter_staff",
            Role::HotlineOperator => "hotline_operator",
            Role::LegalAidOfficer => "legal_aid_officer",
            Role::WomensUnionOfficer => "womens_union_officer",
            Role::Supervisor => "supervisor",
            Role::Statistician => "statistician",
            Role::Auditor => "auditor",
            Role::ProgrammeOfficer => "programme_officer",
            Role::FinanceOfficer => "finance_officer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Role::SystemAdmin => "Quản trị hệ thống",
            Role::AgencyAdmin => "Quản trị cơ quan",
            Role::SocialWorker => "Cán bộ xã hội",
            Role::PoliceOfficer => "Cán bộ công an",
            Role::BorderGuardOfficer => "Cán bộ biên phòng",
            Role::ShelterStaff => "Nhân viên cơ sở hỗ trợ",
            Role::HotlineOperator => "Tư vấn viên tổng đài",
            Role::LegalAidOfficer => "Trợ giúp viên pháp lý",
            Role::WomensUnionOfficer => "Cán bộ Hội Phụ nữ",
            Role::Supervisor => "Lãnh đạo, giám sát",
            Role::Statistician => "Cán bộ thống kê",
            Role::Auditor => "Kiểm tra, thanh tra",
            Role::ProgrammeOfficer => "Cán bộ theo dõi kế hoạch, chương trình",
            Role::FinanceOfficer => "Cán bộ tài chính, kế toán",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::SystemAdmin => "System administrator",
            Role::AgencyAdmin => "Agency administrator",
            Role::SocialWorker => "Social-affairs case worker",
            Role::PoliceOfficer => "Police officer",
            Role::BorderGuardOfficer => "Border-guard officer",
            Role::ShelterStaff => "Shelter staff",
            Role::HotlineOperator => "Hotline operator",
            Role::LegalAidOfficer => "Legal-aid officer",
            Role::WomensUnionOfficer => "Women's Union officer",
            Role::Supervisor => "Supervisor",
            Role::Statistician => "Statistician",
            Role::Auditor => "Auditor",
            Role::ProgrammeOfficer => "Programme officer",
            Role::FinanceOfficer => "Finance officer",
        }
    }
}

impl Role {
    /// The agency sectors (codes of the `agency_sector` list) whose staff do
    /// this role's work, for roles tied to one kind of agency; `None` for
    /// roles any agency may have (administration, supervision, statistics,
    /// audit). An agency administrator gives a tied role only in its sectors.
    pub fn sectors(self) -> Option<&'static [&'static str]> {
        match self {
            Role::SocialWorker => {
                Some(&["social_affairs", "social_protection", "peoples_committee"])
            }
            Role::PoliceOfficer => Some(&["police"]),
            Role::BorderGuardOfficer => Some(&["border_guard"]),
            Role::ShelterStaff => Some(&["social_protection", "social_affairs"]),
            Role::HotlineOperator => Some(&["hotline_111"]),
            Role::LegalAidOfficer => Some(&["justice"]),
            Role::WomensUnionOfficer => Some(&["womens_union"]),
            Role::SystemAdmin
            | Role::AgencyAdmin
            | Role::Supervisor
            | Role::Statistician
            | Role::Auditor
            | Role::ProgrammeOfficer
            | Role::FinanceOfficer => None,
        }
    }

    /// Whether an agency of `sector` may have this role.
    pub fn fits_sector(self, sector: &str) -> bool {
        self.sectors()
            .is_none_or(|sectors| sectors.contains(&sector))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tied_roles_fit_their_sectors_only() {
        assert!(Role::PoliceOfficer.fits_sector("police"));
        assert!(!Role::PoliceOfficer.fits_sector("social_affairs"));
        assert!(Role::SocialWorker.fits_sector("peoples_committee"));
        assert!(Role::Statistician.fits_sector("court"));
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Role::ALL.len());
        assert_eq!(Role::from_code("root"), None);
    }
}
