//! Dates as Vietnamese offices type them: day first (`05/03/2021`,
//! `5-3-2021`, `05.03.2021`), ISO (`2021-03-05`), a year alone for a birth
//! (`1998`), and spreadsheet day numbers (45000: days since 30 December
//! 1899, as Excel and LibreOffice count). Never month first: `03/05/2021`
//! is the 3rd of May.

use crate::case::person::Birth;
use chrono::{Datelike, NaiveDate};

/// Why a date could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    Empty,
    /// Not a date in any accepted form.
    Unreadable,
    /// A form of date, but no such day (31/02/2020).
    NoSuchDay,
    /// A year outside 1900–2100: a typing error.
    YearOutOfRange,
}

const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2100;

/// A whole day.
pub fn parse_day(text: &str) -> Result<NaiveDate, DateProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DateProblem::Empty);
    }
    if let Some(day) = spreadsheet_day(text) {
        return day;
    }
    let parts: Vec<&str> = text
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let Some(&[first, second, third]) = numbers.as_deref() else {
        return Err(DateProblem::Unreadable);
    };
    let first_is_year = parts.first().is_some_and(|p| p.len() == 4);
    let (year, month, day) = if first_is_year {
        (first, second, third)
    } else {
        (third, second, first)
    };
    let year = match (year, parts.last().map(|p| p.len())) {
        // Two-digit years: 00–29 are this century, the rest the last.
        (y, Some(2)) if !first_is_year && y < 30 => y + 2000,
        (y, Some(2)) if !first_is_year => y + 1900,
        (y, _) => y,
    };
    let year = i32::try_from(year).map_err(|_| DateProblem::YearOutOfRange)?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(DateProblem::YearOutOfRange);
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::NoSuchDay)
}

/// A birth: a whole day, or a year alone.
pub fn parse_birth(text: &str) -> Result<Birth, DateProblem> {
    // A year typed in a number cell comes out of a spreadsheet as "1995.0".
    let trimmed = text.trim();
    let trimmed = trimmed.strip_suffix(".0").unwrap_or(trimmed);
    if trimmed.len() == 4 && trimmed.chars().all(|c| c.is_ascii_digit()) {
        let year: i32 = trimmed.parse().map_err(|_| DateProblem::Unreadable)?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(DateProblem::YearOutOfRange);
        }
        return Ok(Birth::Year { year });
    }
    parse_day(trimmed).map(|date| Birth::Date { date })
}

/// A spreadsheet's day number, when the cell held a date the reader gave
/// as a number (`45000` or `45000.0`).
fn spreadsheet_day(text: &str) -> Option<Result<NaiveDate, DateProblem>> {
    let whole = text.strip_suffix(".0").unwrap_or(text);
    if whole.len() != 5 || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let days: i64 = whole.parse().ok()?;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let day = epoch.checked_add_signed(chrono::Duration::days(days))?;
    Some(if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        Ok(day)
    } else {
        Err(DateProblem::YearOutOfRange)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn days_are_read_day_first_in_every_office_form() {
        for text in [
            "05/03/2021",
            "5/3/2021",
            "05-03-2021",
            "05.03.2021",
            "2021-03-05",
            " 5/3/21 ",
            "44260",
        ] {
            assert_eq!(parse_day(text), Ok(day(2021, 3, 5)), "{text}");
        }
        assert_eq!(
            parse_day("03/05/2021"),
            Ok(day(2021, 5, 3)),
            "never month first"
        );
        assert_eq!(parse_day("31/02/2020"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse_day("12/12/1850"), Err(DateProblem::YearOutOfRange));
        assert_eq!(parse_day("hôm qua"), Err(DateProblem::Unreadable));
        assert_eq!(parse_day("2021"), Err(DateProblem::Unreadable));
        assert_eq!(parse_day(""), Err(DateProblem::Empty));
        assert_eq!(parse_day("5/3/98"), Ok(day(1998, 3, 5)));
    }

    #[test]
    fn a_birth_may_be_a_year_alone() {
        assert_eq!(parse_birth("1995.0"), Ok(Birth::Year { year: 1995 }));
        assert_eq!(parse_birth("1998"), Ok(Birth::Year { year: 1998 }));
        assert_eq!(
            parse_birth("05/03/1998"),
            Ok(Birth::Date {
                date: day(1998, 3, 5)
            })
        );
        assert_eq!(parse_birth("3000"), Err(DateProblem::YearOutOfRange));
    }
}
