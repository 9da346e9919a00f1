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
    /// Whether the area (`VN` for the country, a province's GSO code, a
    /// commune's `01/00070`) may be read.
    pub fn allows(&self, area: &str) -> bool {
        match self {
            StatisticsScope::None => false,
            StatisticsScope::National => true,
            // A commune (`01/00070`) is read with its province.
            StatisticsScope::Province(own) => area.split('/').next() == Some(own.as_str()),
        }
    }
}

/// The reporting unit an agency reports for, by its place today: `VN` for
/// a national agency, `01` for a province-level one, `01/00070` for one in
/// a commune. The area codes of reports and their submissions.
pub fn reporting_area(agency_unit_today: Option<&str>, national_agency: bool) -> Option<String> {
    if national_agency {
        return Some("VN".into());
    }
    agency_unit_today
        .and_then(|u| u.strip_prefix("2025/"))
        .map(str::to_owned)
}

/// The unit that reviews an area's reports: a commune's province, a province's ministry.
pub fn parent_area(area: &str) -> Option<String> {
    match area {
        "VN" => None,
        _ => Some(match area.split_once('/') {
            Some((province, _)) => province.to_owned(),
            None => "VN".to_owned(),
        }),
    }
}

/// What a statistics holder may do with one unit's report for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubmissionRights {
    pub read: bool,
    /// Draft and submit: the unit's own report.
    pub draft: bool,
    /// Approve or return: the level above.
    pub review: bool,
}

pub fn submission_rights(
    principal: &Principal,
    agency_unit_today: Option<&str>,
    national_agency: bool,
    area: &str,
) -> SubmissionRights {
    let scope = statistics_scope(principal, agency_unit_today, national_agency);
    let province = area.split('/').next().unwrap_or(area);
    if scope == StatisticsScope::None {
        return SubmissionRights::default();
    }
    let own = reporting_area(agency_unit_today, national_agency);
    SubmissionRights {
        read: scope.allows(province),
        draft: own.as_deref() == Some(area),
        review: own.is_some() && own == parent_area(area),
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

    #[test]
    fn units_draft_their_own_report_and_the_level_above_reviews_it() {
        let statistician = principal(Role::Statistician);
        let province = |area| submission_rights(&statistician, Some("2025/01"), false, area);
        assert_eq!(
            province("01"),
            SubmissionRights {
                read: true,
                draft: true,
                review: false
            }
        );
        assert_eq!(
            province("01/00070"),
            SubmissionRights {
                read: true,
                draft: false,
                review: true
            },
            "a province reviews its communes"
        );
        assert_eq!(province("15"), SubmissionRights::default());
        assert_eq!(province("VN"), SubmissionRights::default());
        let commune = |area| submission_rights(&statistician, Some("2025/01/00070"), false, area);
        assert!(commune("01/00070").draft && !commune("01/00070").review);
        assert!(!commune("01/00004").draft && !commune("01").review);
        let ministry = |area| submission_rights(&statistician, Some("2025/01"), true, area);
        assert!(ministry("15").review && ministry("01").review && !ministry("15").draft);
        assert!(
            !ministry("15/02683").review,
            "communes are the province's to review"
        );
        assert!(ministry("VN").draft);
        let worker = principal(Role::SocialWorker);
        assert_eq!(
            submission_rights(&worker, Some("2025/01"), false, "01"),
            SubmissionRights::default()
        );
        assert_eq!(parent_area("01/00070").as_deref(), Some("01"));
        assert_eq!(parent_area("01").as_deref(), Some("VN"));
        assert_eq!(parent_area("VN"), None);
    }
}
