//! The reporting calendar: when each report is due, by the kind of period
//! and the level of the unit sending it, with a province's own days where
//! it has set them. The regime gives a day of the period's last month (Hà
//! Nội's coordination rules: six-monthly before 15 June, yearly before
//! 15 December; its plan for support: quarterly on the 25th of the
//! quarter's last month); ad-hoc (custom) periods have no due date.
//! Member agencies report to the social-affairs authority of their level
//! on their own days (Hà Nội's departments: by 15 June and 15 December).
//! Configuration, in the catalogue file's `[calendar]` table.

use crate::period::Period;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The level of the unit that sends a report (to the level above).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportingLevel {
    /// A commune reports to its province.
    Commune,
    /// A province reports to the ministry.
    Province,
    /// A member agency (police, justice, border guards, the Women's Union,
    /// …) reports to the social-affairs authority of its level.
    MemberAgency,
}

impl ReportingLevel {
    pub fn code(self) -> &'static str {
        match self {
            ReportingLevel::Commune => "commune",
            ReportingLevel::Province => "province",
            ReportingLevel::MemberAgency => "member_agency",
        }
    }
}

/// Day of the period's last month each kind of report is due; none: not scheduled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueDays {
    pub quarter: Option<u32>,
    pub half_year: Option<u32>,
    pub year: Option<u32>,
    /// Three- and five-year reviews: in the last year's December.
    pub years: Option<u32>,
}

impl DueDays {
    fn day_for(&self, period: &Period) -> Option<u32> {
        match period {
            Period::Quarter { .. } => self.quarter,
            Period::HalfYear { .. } => self.half_year,
            Period::Year { .. } => self.year,
            Period::Years { .. } => self.years,
            Period::Custom { .. } => None,
        }
    }

    /// A province's days where it set them, the default's otherwise.
    fn over(&self, default: &DueDays) -> DueDays {
        DueDays {
            quarter: self.quarter.or(default.quarter),
            half_year: self.half_year.or(default.half_year),
            year: self.year.or(default.year),
            years: self.years.or(default.years),
        }
    }

    fn days(&self) -> impl Iterator<Item = u32> + '_ {
        [self.quarter, self.half_year, self.year, self.years]
            .into_iter()
            .flatten()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDays {
    #[serde(default)]
    pub commune: DueDays,
    #[serde(default)]
    pub province: DueDays,
    #[serde(default)]
    pub member_agency: DueDays,
}

impl LevelDays {
    fn of(&self, level: ReportingLevel) -> &DueDays {
        match level {
            ReportingLevel::Commune => &self.commune,
            ReportingLevel::Province => &self.province,
            ReportingLevel::MemberAgency => &self.member_agency,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingCalendar {
    #[serde(default)]
    pub default: LevelDays,
    /// Today's province (GSO code) → its own days, for its units and itself.
    #[serde(default)]
    pub provinces: BTreeMap<String, LevelDays>,
}

impl ReportingCalendar {
    /// When the report of `period` sent by a unit of `level` in `province` is due.
    pub fn due_date(
        &self,
        period: &Period,
        level: ReportingLevel,
        province: &str,
    ) -> Option<NaiveDate> {
        let default = self.default.of(level);
        let days = match self.provinces.get(province) {
            Some(own) => own.of(level).over(default),
            None => default.clone(),
        };
        let day = days.day_for(period)?;
        let last = period.to();
        NaiveDate::from_ymd_opt(last.year(), last.month(), day)
    }

    /// Every configured day must exist in every month (1–28).
    pub fn check(&self) -> Result<(), String> {
        let all = std::iter::once(("default", &self.default))
            .chain(self.provinces.iter().map(|(p, d)| (p.as_str(), d)));
        for (whose, levels) in all {
            let days = levels
                .commune
                .days()
                .chain(levels.province.days())
                .chain(levels.member_agency.days());
            for day in days {
                if !(1..=28).contains(&day) {
                    return Err(format!(
                        "calendar ({whose}): due day {day} is not a day of every month (1–28)"
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar() -> ReportingCalendar {
        toml::from_str(
            r#"
            [default.province]
            quarter = 25
            half_year = 15
            year = 15
            years = 15
            [default.commune]
            quarter = 20
            year = 10
            [default.member_agency]
            half_year = 15
            year = 15
            [provinces."01".province]
            year = 25
            "#,
        )
        .unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn due_on_the_configured_day_of_the_periods_last_month() {
        let c = calendar();
        let province = ReportingLevel::Province;
        let q3 = Period::parse("2026-Q3").unwrap();
        assert_eq!(c.due_date(&q3, province, "15"), Some(day(2026, 9, 25)));
        let h1 = Period::parse("2026-H1").unwrap();
        assert_eq!(c.due_date(&h1, province, "15"), Some(day(2026, 6, 15)));
        let year = Period::parse("2026").unwrap();
        assert_eq!(c.due_date(&year, province, "15"), Some(day(2026, 12, 15)));
        let review = Period::parse("2021-2025").unwrap();
        assert_eq!(c.due_date(&review, province, "15"), Some(day(2025, 12, 15)));
        let custom = Period::parse("2026-01-01..2026-02-10").unwrap();
        assert_eq!(c.due_date(&custom, province, "15"), None, "ad hoc");
    }

    #[test]
    fn a_province_sets_its_own_days_and_keeps_the_rest() {
        let c = calendar();
        let year = Period::parse("2026").unwrap();
        let q1 = Period::parse("2026-Q1").unwrap();
        assert_eq!(
            c.due_date(&year, ReportingLevel::Province, "01"),
            Some(day(2026, 12, 25))
        );
        assert_eq!(
            c.due_date(&q1, ReportingLevel::Province, "01"),
            Some(day(2026, 3, 25)),
            "its quarters follow the default"
        );
        assert_eq!(
            c.due_date(&year, ReportingLevel::Commune, "01"),
            Some(day(2026, 12, 10))
        );
        let h1 = Period::parse("2026-H1").unwrap();
        assert_eq!(c.due_date(&h1, ReportingLevel::Commune, "01"), None);
    }

    #[test]
    fn member_agencies_report_on_their_own_days() {
        let c = calendar();
        let agency = ReportingLevel::MemberAgency;
        let h1 = Period::parse("2026-H1").unwrap();
        assert_eq!(c.due_date(&h1, agency, "01"), Some(day(2026, 6, 15)));
        let q1 = Period::parse("2026-Q1").unwrap();
        assert_eq!(c.due_date(&q1, agency, "01"), None, "no quarterly report");
        let mut bad = calendar();
        bad.default.member_agency.year = Some(30);
        assert!(bad.check().is_err());
    }

    #[test]
    fn days_that_some_months_lack_are_refused() {
        let mut c = calendar();
        assert!(c.check().is_ok());
        c.provinces.entry("40".into()).or_default().commune.quarter = Some(31);
        assert!(c.check().unwrap_err().contains("40"));
    }
}
