//! A plan (kế hoạch): issued by an agency under a number and date, for one
//! or several years, implementing a parent plan where there is one (the
//! national programme → the ministry's plan → a province's → a commune's).

use super::years::{year_out_of_range, PlanYears, LATEST_YEAR};
use super::{MAX_TEXT, MAX_TITLE};
use crate::ids::PlanId;
use crate::validation::{Violation, Violations};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What a plan's author writes; the issuing agency is the author's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDraft {
    /// The document's number as issued: `301/KH-UBND`.
    pub number: String,
    pub issued_on: NaiveDate,
    pub title: String,
    pub first_year: i32,
    pub last_year: i32,
    /// The year the plan looks ahead to ("định hướng đến năm 2030").
    #[serde(default)]
    pub orientation_year: Option<i32>,
    /// The plan this one implements.
    #[serde(default)]
    pub parent_plan_id: Option<PlanId>,
    /// What the plan is for, in a paragraph (mục đích, yêu cầu).
    #[serde(default)]
    pub summary: String,
}

/// The longest document number ("Số ký hiệu").
pub const MAX_NUMBER: usize = 60;

impl PlanDraft {
    pub fn years(&self) -> PlanYears {
        PlanYears {
            first: self.first_year,
            last: self.last_year,
        }
    }

    /// Every rule the draft breaks, by field.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.require_text("number", &self.number, MAX_NUMBER);
        v.require_text("title", &self.title, MAX_TITLE);
        v.max_text("summary", &self.summary, MAX_TEXT);
        self.years().check(&mut v);
        if let Some(orientation) = self.orientation_year {
            if orientation > LATEST_YEAR {
                v.push(year_out_of_range("orientation_year"));
            } else if orientation <= self.last_year {
                v.push(Violation::new(
                    "orientation_year",
                    "after_last_year",
                    "Năm định hướng phải sau năm kết thúc của kế hoạch.",
                    "The orientation year must come after the plan's last year.",
                ));
            }
        }
        // A plan is issued before or during its years, not after them.
        if self.issued_on.year() > self.last_year {
            v.push(Violation::new(
                "issued_on",
                "not_after_plan",
                "Ngày ban hành không thể sau năm kết thúc của kế hoạch.",
                "The date of issue cannot fall after the plan's last year.",
            ));
        }
        v.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PlanDraft {
        PlanDraft {
            number: "301/KH-UBND".into(),
            issued_on: NaiveDate::from_ymd_opt(2022, 10, 10).unwrap_or_default(),
            title: "Kế hoạch thực hiện Chương trình phòng, chống mua bán người".into(),
            first_year: 2021,
            last_year: 2025,
            orientation_year: Some(2030),
            parent_plan_id: None,
            summary: String::new(),
        }
    }

    fn rules(d: &PlanDraft) -> Vec<(String, &'static str)> {
        d.check()
            .err()
            .map(|v| v.0.into_iter().map(|x| (x.field, x.rule)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_five_year_plan_with_an_orientation_is_accepted() {
        assert_eq!(rules(&draft()), vec![]);
        assert_eq!(draft().years().count(), 5);
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        let mut d = draft();
        d.number = " ".into();
        d.last_year = 2019;
        d.orientation_year = Some(2019);
        d.issued_on = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
        assert_eq!(
            rules(&d),
            vec![
                ("number".into(), "required"),
                ("last_year".into(), "not_before_first_year"),
                ("orientation_year".into(), "after_last_year"),
                ("issued_on".into(), "not_after_plan"),
            ]
        );
        let mut long = draft();
        long.first_year = 2021;
        long.last_year = 2031;
        long.orientation_year = None;
        assert_eq!(rules(&long), vec![("last_year".into(), "max_years")]);
        let mut ancient = draft();
        ancient.first_year = 1;
        assert_eq!(rules(&ancient), vec![("first_year".into(), "year_range")]);
    }
}
