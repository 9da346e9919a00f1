//! A labour-export company (doanh nghiệp dịch vụ đưa người lao động đi làm
//! việc ở nước ngoài) in the register of licensed companies: its licence,
//! its standing, where it is. Its inspections are activities that name it.

use super::{MAX_TEXT, MAX_TITLE};
use crate::validation::{Violation, Violations};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyDraft {
    pub name: String,
    /// The licence's number as issued: `123/LĐTBXH-GP`.
    pub licence_number: String,
    #[serde(default)]
    pub licence_issued_on: Option<NaiveDate>,
    pub licence_status: LicenceStatus,
    /// The head office: a 2025 province or commune (`2025/01/00070`).
    pub unit_id: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LicenceStatus {
    Active,
    Suspended,
    Revoked,
    Expired,
}

impl CompanyDraft {
    /// The record once a sanction changed its licence (`imposed`), or
    /// `None` when the register already says as much: a revoked licence is
    /// not brought back to suspended.
    pub fn after_sanction(&self, imposed: LicenceStatus) -> Option<CompanyDraft> {
        let unchanged = self.licence_status == imposed
            || (self.licence_status == LicenceStatus::Revoked
                && imposed == LicenceStatus::Suspended);
        (!unchanged).then(|| CompanyDraft {
            licence_status: imposed,
            ..self.clone()
        })
    }
}

impl LicenceStatus {
    pub const ALL: [LicenceStatus; 4] = [
        LicenceStatus::Active,
        LicenceStatus::Suspended,
        LicenceStatus::Revoked,
        LicenceStatus::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LicenceStatus::Active => "active",
            LicenceStatus::Suspended => "suspended",
            LicenceStatus::Revoked => "revoked",
            LicenceStatus::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<LicenceStatus> {
        LicenceStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl CompanyDraft {
    /// Every rule the record breaks by itself, on `today`; the store checks
    /// the place and that the licence number is not another company's.
    pub fn check(&self, today: NaiveDate) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.require_text("name", &self.name, MAX_TITLE);
        v.require_text(
            "licence_number",
            &self.licence_number,
            super::plan::MAX_NUMBER,
        );
        if self.licence_issued_on.is_some_and(|day| day > today) {
            v.push(Violation::new(
                "licence_issued_on",
                "not_in_future",
                "Ngày cấp giấy phép không thể ở tương lai.",
                "The licence cannot be issued in the future.",
            ));
        }
        if self.unit_id.trim().is_empty() {
            v.push(Violation::required("unit_id"));
        }
        v.max_text("address", &self.address, MAX_TITLE);
        v.max_text("note", &self.note, MAX_TEXT);
        v.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sanction_changes_the_licence_but_never_brings_a_revoked_one_back() {
        let active = CompanyDraft {
            name: "Công ty Giả Lập".into(),
            licence_number: "1/GP".into(),
            licence_issued_on: None,
            licence_status: LicenceStatus::Active,
            unit_id: "2025/01".into(),
            address: String::new(),
            note: String::new(),
        };
        let suspended = active.after_sanction(LicenceStatus::Suspended);
        assert_eq!(
            suspended.as_ref().map(|c| c.licence_status),
            Some(LicenceStatus::Suspended)
        );
        let revoked = active.after_sanction(LicenceStatus::Revoked);
        assert_eq!(
            revoked
                .as_ref()
                .map(|c| (c.licence_status, c.name.as_str())),
            Some((LicenceStatus::Revoked, "Công ty Giả Lập"))
        );
        let revoked = revoked.unwrap_or(active);
        assert_eq!(revoked.after_sanction(LicenceStatus::Suspended), None);
        assert_eq!(revoked.after_sanction(LicenceStatus::Revoked), None);
    }

    #[test]
    fn a_company_has_a_name_a_licence_and_a_place() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        let company = CompanyDraft {
            name: " ".into(),
            licence_number: String::new(),
            licence_issued_on: today.succ_opt(),
            licence_status: LicenceStatus::Active,
            unit_id: String::new(),
            address: String::new(),
            note: String::new(),
        };
        let rules: Vec<(String, &str)> = company
            .check(today)
            .err()
            .map(|v| v.0.into_iter().map(|x| (x.field, x.rule)).collect())
            .unwrap_or_default();
        assert_eq!(
            rules,
            vec![
                ("name".into(), "required"),
                ("licence_number".into(), "required"),
                ("licence_issued_on".into(), "not_in_future"),
                ("unit_id".into(), "required"),
            ]
        );
        for s in LicenceStatus::ALL {
            assert_eq!(LicenceStatus::from_code(s.code()), Some(s));
        }
    }
}
