//! Reporting periods as the regime names them: quarters, half-years,
//! years, three- and five-year reviews, and custom ranges. A period has a
//! stable code (`2026-Q1`, `2026-H1`, `2026`, `2024-2026`, `2021-2025`,
//! `2026-01-15..2026-03-31`) used in URLs, snapshots and exports.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Period {
    Quarter {
        year: i32,
        quarter: u32,
    },
    HalfYear {
        year: i32,
        half: u32,
    },
    Year {
        year: i32,
    },
    /// Three or five consecutive years (the regime's reviews), or any span of whole years.
    Years {
        first: i32,
        last: i32,
    },
    Custom {
        from: NaiveDate,
        to: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a reporting period: {0} (e.g. 2026-Q1, 2026-H1, 2026, 2021-2025, 2026-01-01..2026-03-31)"
)]
pub struct BadPeriod(pub String);

impl Period {
    /// First day of the period.
    pub fn from(&self) -> NaiveDate {
        match *self {
            Period::Quarter { year, quarter } => ymd(year, (quarter - 1) * 3 + 1, 1),
            Period::HalfYear { year, half } => ymd(year, (half - 1) * 6 + 1, 1),
            Period::Year { year } => ymd(year, 1, 1),
            Period::Years { first, .. } => ymd(first, 1, 1),
            Period::Custom { from, .. } => from,
        }
    }

    /// Last day of the period, included.
    pub fn to(&self) -> NaiveDate {
        let next = match *self {
            Period::Quarter { year, quarter: 4 } => ymd(year + 1, 1, 1),
            Period::Quarter { year, quarter } => ymd(year, quarter * 3 + 1, 1),
            Period::HalfYear { year, half: 2 } => ymd(year + 1, 1, 1),
            Period::HalfYear { year, .. } => ymd(year, 7, 1),
            Period::Year { year } => ymd(year + 1, 1, 1),
            Period::Years { last, .. } => ymd(last + 1, 1, 1),
            Period::Custom { to, .. } => return to,
        };
        next.pred_opt().unwrap_or(next)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from() <= day && day <= self.to()
    }

    pub fn parse(code: &str) -> Result<Period, BadPeriod> {
        let bad = || BadPeriod(code.to_owned());
        let code = code.trim();
        if let Some((from, to)) = code.split_once("..") {
            let from = NaiveDate::parse_from_str(from, "%Y-%m-%d").map_err(|_| bad())?;
            let to = NaiveDate::parse_from_str(to, "%Y-%m-%d").map_err(|_| bad())?;
            let plausible = |day: NaiveDate| (1990..=2200).contains(&day.year());
            return if from <= to && plausible(from) && plausible(to) {
                Ok(Period::Custom { from, to })
            } else {
                Err(bad())
            };
        }
        let year = |s: &str| -> Result<i32, BadPeriod> {
            match s.parse::<i32>() {
                Ok(y) if (1990..=2200).contains(&y) && s.len() == 4 => Ok(y),
                _ => Err(bad()),
            }
        };
        match code.split_once('-') {
            None => Ok(Period::Year { year: year(code)? }),
            Some((y, rest)) => {
                let y = year(y)?;
                match rest {
                    "Q1" | "Q2" | "Q3" | "Q4" => Ok(Period::Quarter {
                        year: y,
                        quarter: rest[1..].parse().map_err(|_| bad())?,
                    }),
                    "H1" | "H2" => Ok(Period::HalfYear {
                        year: y,
                        half: rest[1..].parse().map_err(|_| bad())?,
                    }),
                    last => {
                        let last = year(last)?;
                        if last > y {
                            Ok(Period::Years { first: y, last })
                        } else {
                            Err(bad())
                        }
                    }
                }
            }
        }
    }

    /// The code `parse` reads back: `2026`, `2026-Q3`, `2026-H1`,
    /// `2021-2025`, `2026-01-01..2026-03-31`.
    pub fn code(&self) -> String {
        match *self {
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::HalfYear { year, half } => format!("{year}-H{half}"),
            Period::Year { year } => year.to_string(),
            Period::Years { first, last } => format!("{first}-{last}"),
            Period::Custom { from, to } => format!("{from}..{to}"),
        }
    }

    /// The period's name in Vietnamese, as a report's title writes it.
    /// A range of days that is one calendar month, first day to last.
    pub fn is_whole_month(&self) -> bool {
        match *self {
            Period::Custom { from, to } => whole_month(from, to),
            Period::Quarter { .. }
            | Period::HalfYear { .. }
            | Period::Year { .. }
            | Period::Years { .. } => false,
        }
    }

    pub fn name_vi(&self) -> String {
        match *self {
            Period::Quarter { year, quarter } => format!("Quý {} năm {year}", roman(quarter)),
            Period::HalfYear { year, half: 1 } => format!("6 tháng đầu năm {year}"),
            Period::HalfYear { year, .. } => format!("6 tháng cuối năm {year}"),
            Period::Year { year } => format!("Năm {year}"),
            Period::Years { first, last } => format!("Giai đoạn {first}–{last}"),
            Period::Custom { from, to } if whole_month(from, to) => {
                format!("Tháng {} năm {}", from.month(), from.year())
            }
            Period::Custom { from, to } => format!(
                "Từ ngày {} đến ngày {}",
                from.format("%d/%m/%Y"),
                to.format("%d/%m/%Y")
            ),
        }
    }

    pub fn name_en(&self) -> String {
        match *self {
            Period::Quarter { year, quarter } => format!("Quarter {quarter} of {year}"),
            Period::HalfYear { year, half: 1 } => format!("First half of {year}"),
            Period::HalfYear { year, .. } => format!("Second half of {year}"),
            Period::Year { year } => format!("Year {year}"),
            Period::Years { first, last } => format!("{first}–{last}"),
            Period::Custom { from, to } if whole_month(from, to) => {
                from.format("%B %Y").to_string()
            }
            Period::Custom { from, to } => {
                format!("{} to {}", from.format("%d/%m/%Y"), to.format("%d/%m/%Y"))
            }
        }
    }

    /// The period of the same kind that contains `day` (custom: the day itself).
    pub fn of_kind_containing(&self, day: NaiveDate) -> Period {
        let year = day.year();
        match *self {
            Period::Quarter { .. } => Period::Quarter {
                year,
                quarter: (day.month() - 1) / 3 + 1,
            },
            Period::HalfYear { .. } => Period::HalfYear {
                year,
                half: if day.month() <= 6 { 1 } else { 2 },
            },
            Period::Year { .. } => Period::Year { year },
            Period::Years { first, last } => Period::Years {
                first: year - (last - first),
                last: year,
            },
            Period::Custom { .. } => Period::Custom { from: day, to: day },
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::HalfYear { year, half } => write!(f, "{year}-H{half}"),
            Period::Year { year } => write!(f, "{year}"),
            Period::Years { first, last } => write!(f, "{first}-{last}"),
            Period::Custom { from, to } => write!(f, "{from}..{to}"),
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

fn roman(n: u32) -> &'static str {
    match n {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// A range that is one calendar month, first day to last: named as the month.
fn whole_month(from: NaiveDate, to: NaiveDate) -> bool {
    from.day() == 1
        && from.year() == to.year()
        && from.month() == to.month()
        && to.succ_opt().is_some_and(|next| next.day() == 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_periods_code_reads_back_as_itself() {
        for code in [
            "2026",
            "2026-Q3",
            "2026-H1",
            "2021-2025",
            "2026-01-01..2026-03-31",
        ] {
            assert_eq!(
                Period::parse(code).map(|p| p.code()).ok().as_deref(),
                Some(code)
            );
        }
    }

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn codes_parse_to_their_date_ranges_and_back() {
        for (code, from, to) in [
            ("2026-Q1", day(2026, 1, 1), day(2026, 3, 31)),
            ("2026-Q4", day(2026, 10, 1), day(2026, 12, 31)),
            ("2024-H1", day(2024, 1, 1), day(2024, 6, 30)),
            ("2024-H2", day(2024, 7, 1), day(2024, 12, 31)),
            ("2025", day(2025, 1, 1), day(2025, 12, 31)),
            ("2021-2025", day(2021, 1, 1), day(2025, 12, 31)),
            ("2026-02-10..2026-03-05", day(2026, 2, 10), day(2026, 3, 5)),
        ] {
            let period = Period::parse(code).unwrap();
            assert_eq!((period.from(), period.to()), (from, to), "{code}");
            assert_eq!(period.to_string(), code);
        }
        for bad in [
            "2026-Q5",
            "26",
            "2026-H3",
            "2025-2021",
            "2026-03-05..2026-02-10",
            "0001-01-01..0001-01-31",
            "2026-01-01..9999-12-31",
            "x",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_follow_the_official_style() {
        assert_eq!(
            Period::parse("2026-Q2").unwrap().name_vi(),
            "Quý II năm 2026"
        );
        assert_eq!(
            Period::parse("2026-H1").unwrap().name_vi(),
            "6 tháng đầu năm 2026"
        );
        assert_eq!(Period::parse("2021-2025").unwrap().name_en(), "2021–2025");
        let february = Period::parse("2026-02-01..2026-02-28").unwrap();
        assert_eq!(february.name_vi(), "Tháng 2 năm 2026");
        assert_eq!(february.name_en(), "February 2026");
        assert_eq!(
            Period::parse("2026-02-01..2026-02-27").unwrap().name_vi(),
            "Từ ngày 01/02/2026 đến ngày 27/02/2026"
        );
    }
}
