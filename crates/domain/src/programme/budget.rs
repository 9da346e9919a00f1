//! A plan's budget: estimates (dự toán) per year, funding source and kind of
//! work, optionally for one task; and the allocations (cấp phát, giao dự
//! toán) and spending (chi) recorded against each estimate.
//!
//! Amounts are whole đồng. The support amounts recorded on cases are
//! spending too; the report adds them to their funding source.

use super::{MAX_TEXT, MAX_TITLE};
use crate::ids::TaskId;
use crate::validation::{Violation, Violations};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The largest amount one line or entry takes: a thousand billion đồng,
/// far above any plan's budget, well inside what sums of `i64` hold.
pub const MAX_AMOUNT_VND: i64 = 1_000_000_000_000_000;

/// The funding source whose donor must be named.
pub const AID_SOURCE: &str = "international_aid";

/// What a line of the budget pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BudgetKind {
    Communication,
    Training,
    Meetings,
    Inspections,
    /// Support to victims (the amounts on cases count here).
    VictimSupport,
    Other,
}

impl BudgetKind {
    pub const ALL: [BudgetKind; 6] = [
        BudgetKind::Communication,
        BudgetKind::Training,
        BudgetKind::Meetings,
        BudgetKind::Inspections,
        BudgetKind::VictimSupport,
        BudgetKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BudgetKind::Communication => "communication",
            BudgetKind::Training => "training",
            BudgetKind::Meetings => "meetings",
            BudgetKind::Inspections => "inspections",
            BudgetKind::VictimSupport => "victim_support",
            BudgetKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<BudgetKind> {
        BudgetKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            BudgetKind::Communication => "Truyền thông",
            BudgetKind::Training => "Tập huấn, bồi dưỡng",
            BudgetKind::Meetings => "Hội nghị, họp",
            BudgetKind::Inspections => "Kiểm tra, thanh tra",
            BudgetKind::VictimSupport => "Hỗ trợ nạn nhân",
            BudgetKind::Other => "Khác",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            BudgetKind::Communication => "Communication",
            BudgetKind::Training => "Training",
            BudgetKind::Meetings => "Meetings",
            BudgetKind::Inspections => "Inspections",
            BudgetKind::VictimSupport => "Victim support",
            BudgetKind::Other => "Other",
        }
    }
}

/// One estimate of a plan's budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetLineDraft {
    /// A year of the plan.
    pub year: i32,
    pub kind: BudgetKind,
    /// Code from the `funding_source` list.
    pub funding_source: String,
    /// The donor or sponsor: required for international aid.
    #[serde(default)]
    pub donor: String,
    /// The task the money is for, where it is for one.
    #[serde(default)]
    pub task_id: Option<TaskId>,
    pub estimate_vnd: i64,
    #[serde(default)]
    pub note: String,
}

/// Money given to an estimate, or paid out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EntryKind {
    Allocation,
    Spending,
}

impl EntryKind {
    pub const ALL: [EntryKind; 2] = [EntryKind::Allocation, EntryKind::Spending];

    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Allocation => "allocation",
            EntryKind::Spending => "spending",
        }
    }

    pub fn from_code(code: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// An allocation or a payment against one estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetEntryDraft {
    pub kind: EntryKind,
    pub on: NaiveDate,
    pub amount_vnd: i64,
    /// What the money paid for: required for spending.
    #[serde(default)]
    pub purpose: String,
    /// The decision, voucher or invoice: "Quyết định 15/QĐ-SYT", "PC 0231".
    #[serde(default)]
    pub document: String,
}

fn amount(v: &mut Violations, field: &str, value: i64) {
    if value <= 0 {
        v.push(Violation::new(
            field,
            "positive",
            "Số tiền phải lớn hơn 0 đồng.",
            "The amount must be more than 0 đồng.",
        ));
    } else if value > MAX_AMOUNT_VND {
        v.push(Violation::new(
            field,
            "at_most",
            "Số tiền vượt quá mức hệ thống nhận (một triệu tỷ đồng).",
            "The amount is above what the system takes (10^15 đồng).",
        ));
    }
}

impl BudgetLineDraft {
    /// Every rule the line breaks by itself; the store checks the year
    /// against the plan's, the source against its list and the task's plan.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.require_text("funding_source", &self.funding_source, MAX_TITLE);
        v.max_text("donor", &self.donor, MAX_TITLE);
        if self.funding_source == AID_SOURCE && self.donor.trim().is_empty() {
            v.push(Violation::new(
                "donor",
                "donor_of_aid",
                "Hãy ghi tên nhà tài trợ của khoản viện trợ.",
                "Name the donor of the aid.",
            ));
        }
        amount(&mut v, "estimate_vnd", self.estimate_vnd);
        v.max_text("note", &self.note, MAX_TEXT);
        v.into_result()
    }
}

impl BudgetEntryDraft {
    /// Every rule the entry breaks against its estimate's year, on `today`.
    /// Money of a year is settled until the end of the next January.
    pub fn check(&self, year: i32, today: NaiveDate) -> Result<(), Violations> {
        let mut v = Violations::default();
        amount(&mut v, "amount_vnd", self.amount_vnd);
        if self.on > today {
            v.push(Violation::new(
                "on",
                "not_in_future",
                "Ngày không thể ở tương lai.",
                "The date cannot be in the future.",
            ));
        } else if !(self.on.year() == year || (self.on.year() == year + 1 && self.on.month() == 1))
        {
            v.push(Violation::new(
                "on",
                "in_budget_year",
                "Ngày phải trong năm ngân sách của dự toán (hoặc tháng 1 năm sau, thời gian chỉnh lý).",
                "The date must fall in the estimate's budget year (or the next January, while it is settled).",
            ));
        }
        if self.kind == EntryKind::Spending {
            v.require_text("purpose", &self.purpose, MAX_TITLE);
        } else {
            v.max_text("purpose", &self.purpose, MAX_TITLE);
        }
        v.max_text("document", &self.document, MAX_TITLE);
        v.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn rules(result: Result<(), Violations>) -> Vec<(String, &'static str)> {
        result
            .err()
            .map(|v| v.0.into_iter().map(|x| (x.field, x.rule)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn aid_names_its_donor_and_amounts_are_positive_and_bounded() {
        let line = BudgetLineDraft {
            year: 2026,
            kind: BudgetKind::Training,
            funding_source: AID_SOURCE.into(),
            donor: " ".into(),
            task_id: None,
            estimate_vnd: 0,
            note: String::new(),
        };
        assert_eq!(
            rules(line.check()),
            vec![
                ("donor".into(), "donor_of_aid"),
                ("estimate_vnd".into(), "positive")
            ]
        );
        let fine = BudgetLineDraft {
            donor: "UNODC".into(),
            estimate_vnd: 120_000_000,
            ..line.clone()
        };
        assert!(fine.check().is_ok());
        let huge = BudgetLineDraft {
            estimate_vnd: i64::MAX,
            ..fine
        };
        assert_eq!(
            rules(huge.check()),
            vec![("estimate_vnd".into(), "at_most")]
        );
        for k in BudgetKind::ALL {
            assert_eq!(BudgetKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn entries_fall_in_the_budget_year_or_the_january_after_and_spending_says_what_for() {
        let entry = |kind, on| BudgetEntryDraft {
            kind,
            on,
            amount_vnd: 5_000_000,
            purpose: String::new(),
            document: String::new(),
        };
        let today = day(2027, 6, 1);
        assert!(entry(EntryKind::Allocation, day(2026, 2, 1))
            .check(2026, today)
            .is_ok());
        assert!(entry(EntryKind::Allocation, day(2027, 1, 31))
            .check(2026, today)
            .is_ok());
        assert_eq!(
            rules(entry(EntryKind::Allocation, day(2027, 2, 1)).check(2026, today)),
            vec![("on".into(), "in_budget_year")]
        );
        assert_eq!(
            rules(entry(EntryKind::Spending, day(2027, 7, 1)).check(2027, today)),
            vec![
                ("on".into(), "not_in_future"),
                ("purpose".into(), "required")
            ]
        );
    }
}
