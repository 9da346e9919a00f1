//! Working days: Monday to Friday, less the public holidays configuration
//! lists, plus the weekend days worked in exchange. Deadlines "in working
//! days" (ngày làm việc) count on this calendar.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkingCalendar {
    /// Weekdays off by law (Labour Code 2019, Art. 112) as the Prime
    /// Minister's yearly notice places them, with any days swapped in.
    /// Only Monday–Friday dates matter; weekends never count.
    pub public_holidays: BTreeSet<NaiveDate>,
    /// Weekend days worked in exchange for a weekday off (ngày làm bù), as
    /// the yearly notice sets them: they count as working days.
    pub make_up_working_days: BTreeSet<NaiveDate>,
}

/// How far ahead the calendar must know its holidays before Haven warns.
pub const HOLIDAYS_AHEAD_DAYS: u64 = 90;

/// Defaults: the days off announced for 2025 and 2026, and 2027 by the Labour
/// Code rule (Tết and National Day placement provisional until the 2027 notice).
/// Administrators extend the list in configuration each year.
const DEFAULT_HOLIDAYS: &[(i32, u32, u32)] = &[
    // 2025: New Year; Tết Ất Tỵ 27–31/1; Hùng Kings 7/4; 30/4, 1/5 and the swapped 2/5; National Day 1–2/9.
    (2025, 1, 1),
    (2025, 1, 27),
    (2025, 1, 28),
    (2025, 1, 29),
    (2025, 1, 30),
    (2025, 1, 31),
    (2025, 4, 7),
    (2025, 4, 30),
    (2025, 5, 1),
    (2025, 5, 2),
    (2025, 9, 1),
    (2025, 9, 2),
    // 2026: New Year; Tết Bính Ngọ 16–20/2; Hùng Kings (Sunday 26/4) taken 27/4; 30/4, 1/5; National Day 1–2/9.
    (2026, 1, 1),
    (2026, 2, 16),
    (2026, 2, 17),
    (2026, 2, 18),
    (2026, 2, 19),
    (2026, 2, 20),
    (2026, 4, 27),
    (2026, 4, 30),
    (2026, 5, 1),
    (2026, 9, 1),
    (2026, 9, 2),
    // 2027 (provisional): New Year; Tết Đinh Mùi (6/2) 5, 8, 9, 10/2; Hùng Kings 16/4;
    // 30/4, and 1/5 (a Saturday) taken 3/5; National Day 2–3/9.
    (2027, 1, 1),
    (2027, 2, 5),
    (2027, 2, 8),
    (2027, 2, 9),
    (2027, 2, 10),
    (2027, 4, 16),
    (2027, 4, 30),
    (2027, 5, 3),
    (2027, 9, 2),
    (2027, 9, 3),
];

impl Default for WorkingCalendar {
    fn default() -> Self {
        Self {
            public_holidays: DEFAULT_HOLIDAYS
                .iter()
                .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
                .collect(),
            make_up_working_days: BTreeSet::new(),
        }
    }
}

impl WorkingCalendar {
    /// No holidays: only weekends are off.
    pub fn weekends_only() -> Self {
        Self {
            public_holidays: BTreeSet::new(),
            make_up_working_days: BTreeSet::new(),
        }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.make_up_working_days.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.public_holidays.contains(&day)
    }

    /// The last holiday the calendar knows, when it is less than
    /// [`HOLIDAYS_AHEAD_DAYS`] after `today`: the next year's days off must be
    /// added to the configuration, or deadlines will count them as working days.
    pub fn holidays_run_out(&self, today: NaiveDate) -> Option<NaiveDate> {
        let horizon = today.checked_add_days(Days::new(HOLIDAYS_AHEAD_DAYS))?;
        match self.public_holidays.last() {
            Some(last) if *last >= horizon => None,
            Some(last) => Some(*last),
            None => Some(today),
        }
    }

    /// The day `n` working days after `day`; `day` itself never counts.
    pub fn add_working_days(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut current = day;
        let mut left = n;
        while left > 0 {
            match current.checked_add_days(Days::new(1)) {
                Some(next) => current = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working_day(current) {
                left -= 1;
            }
        }
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekends_are_skipped() {
        let calendar = WorkingCalendar::weekends_only();
        // Friday + 1 working day is Monday.
        assert_eq!(calendar.add_working_days(d(2026, 12, 4), 1), d(2026, 12, 7));
        assert_eq!(calendar.add_working_days(d(2026, 12, 4), 0), d(2026, 12, 4));
    }

    #[test]
    fn a_make_up_saturday_counts_and_the_end_of_the_holidays_is_noticed() {
        let mut calendar = WorkingCalendar::weekends_only();
        // Friday 8 Jan 2027 + 1 working day, with Saturday 9 Jan worked in exchange.
        calendar.make_up_working_days.insert(d(2027, 1, 9));
        assert_eq!(calendar.add_working_days(d(2027, 1, 8), 1), d(2027, 1, 9));
        let defaults = WorkingCalendar::default();
        assert_eq!(defaults.holidays_run_out(d(2026, 11, 30)), None);
        assert_eq!(
            defaults.holidays_run_out(d(2027, 6, 10)),
            Some(d(2027, 9, 3)),
            "less than 90 days before the last known holiday"
        );
        assert_eq!(
            calendar.holidays_run_out(d(2027, 1, 1)),
            Some(d(2027, 1, 1))
        );
    }

    #[test]
    fn tet_holidays_are_skipped() {
        let calendar = WorkingCalendar::default();
        // Friday 13 Feb 2026 + 3 working days: Tết runs 16–20 Feb, so 23, 24, 25 Feb.
        assert_eq!(calendar.add_working_days(d(2026, 2, 13), 3), d(2026, 2, 25));
        assert!(!calendar.is_working_day(d(2026, 9, 2)));
        assert!(calendar.is_working_day(d(2026, 9, 3)));
    }
}
