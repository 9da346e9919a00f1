//! The years a plan covers: one year, or several (2021–2025), with an
//! optional orientation year beyond them (2030).

use crate::validation::{Violation, Violations};
use serde::{Deserialize, Serialize};

/// The first and last year of a plan, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanYears {
    pub first: i32,
    pub last: i32,
}

/// Years outside this range are typing errors (the same bounds as report periods).
pub const EARLIEST_YEAR: i32 = 1990;
pub const LATEST_YEAR: i32 = 2200;
/// The longest plan: a ten-year strategy.
pub const MAX_PLAN_YEARS: i32 = 10;

impl PlanYears {
    pub fn contains(&self, year: i32) -> bool {
        self.first <= year && year <= self.last
    }

    /// Each year of the plan, in order.
    pub fn each(&self) -> impl Iterator<Item = i32> {
        self.first..=self.last
    }

    pub fn count(&self) -> usize {
        usize::try_from(self.last - self.first + 1).unwrap_or(0)
    }

    pub(crate) fn check(&self, v: &mut Violations) {
        let plausible = |year: i32| (EARLIEST_YEAR..=LATEST_YEAR).contains(&year);
        if !plausible(self.first) {
            v.push(year_out_of_range("first_year"));
        }
        if !plausible(self.last) {
            v.push(year_out_of_range("last_year"));
        } else if !plausible(self.first) {
            // Nothing to compare the last year with.
        } else if self.last < self.first {
            v.push(Violation::new(
                "last_year",
                "not_before_first_year",
                "Năm kết thúc không thể trước năm bắt đầu.",
                "The last year cannot be before the first year.",
            ));
        } else if self.last - self.first >= MAX_PLAN_YEARS {
            v.push(Violation::new(
                "last_year",
                "max_years",
                format!("Một kế hoạch kéo dài tối đa {MAX_PLAN_YEARS} năm."),
                format!("A plan covers at most {MAX_PLAN_YEARS} years."),
            ));
        }
    }
}

pub(crate) fn year_out_of_range(field: &str) -> Violation {
    Violation::new(
        field,
        "year_range",
        format!("Năm phải trong khoảng {EARLIEST_YEAR}–{LATEST_YEAR}."),
        format!("The year must lie between {EARLIEST_YEAR} and {LATEST_YEAR}."),
    )
}
