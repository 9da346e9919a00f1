//! Who reads which statistics: holders of the statistics permission read
//! the aggregates of their own province (the province their agency's unit
//! lies in today), and those of an agency configured as national (the
//! ministry, the national steering committee) read every province and the
//! country. Statistics are aggregates only, never a case.

use crate::permission::Permission;
use crate::scope::Principal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatisticsScope {
    None,
    /// Today's province, by GSO code (`01`).
    Province(String),
    National,
}

/// `agency_unit_today`: the agency's 2025 unit (`2025/01/00070`);
/// `national_agency`: the agency is configured as national.
pub fn statistics_scope(
    principal: &Principal,
    agency_unit_today: Option<&str>,
    national_agency: bool,
) -> StatisticsScope {
    if !principal.can(Permission::ReadStatistics) {
        return StatisticsScope::None;
    }
    if national_agency {
        return StatisticsScope::National;
    }
    match agency_unit_today.and_then(|u| u.strip_prefix("2025/")) {
        Some(rest) => StatisticsScope::Province(rest.split('/').next().unwrap_or(rest).to_owned()),
        None => StatisticsScope::None,
    }
}

impl StatisticsScope {
    /// Whether the area (`VN` for the country, a province's GSO code) may be read.
    pub fn allows(&self, area: &str) -> bool {
        match self {
            StatisticsScope::None => false,
            StatisticsScope::National => true,
            StatisticsScope::Province(own) => own == area,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permission::PermissionTable;
    use haven_domain::role::Role;

    fn principal(role: Role) -> Principal {
        Principal::new(1, 1, vec![role], &PermissionTable::default(), None)
    }

    #[test]
    fn statisticians_read_their_province_and_national_agencies_the_country() {
        let statistician = principal(Role::Statistician);
        let own = statistics_scope(&statistician, Some("2025/01/00070"), false);
        assert_eq!(own, StatisticsScope::Province("01".into()));
        assert!(own.allows("01") && !own.allows("15") && !own.allows("VN"));
        let national = statistics_scope(&statistician, Some("2025/01"), true);
        assert!(national.allows("VN") && national.allows("15"));
        assert_eq!(
            statistics_scope(&principal(Role::SocialWorker), Some("2025/01"), true),
            StatisticsScope::None,
            "case work gives no statistics"
        );
        assert_eq!(
            statistics_scope(&statistician, None, false),
            StatisticsScope::None
        );
    }
}
