//! Choosing a reporting period by clicking, not by typing `2026-Q1`: a kind
//! (year, half-year, quarter, month, or a range of days), a year and the
//! part of it. The form's fields become the period code the report reads;
//! a month is the range of its days. Works without JavaScript.

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use haven_report::Period;
use maud::{html, Markup};
use serde::Deserialize;

/// The picker's fields as a browser sends them; all empty when not used.
#[derive(Debug, Default, Deserialize)]
pub struct PickedPeriod {
    #[serde(default)]
    pub period_kind: String,
    #[serde(default)]
    pub period_year: String,
    #[serde(default)]
    pub period_part: String,
    #[serde(default)]
    pub period_from: String,
    #[serde(default)]
    pub period_to: String,
}

const KINDS: [&str; 5] = ["year", "half", "quarter", "month", "custom"];

impl PickedPeriod {
    /// The period code the fields make, `None` when the picker was not used;
    /// a part that does not fit the kind is an error naming the field.
    pub fn code(&self) -> Option<Result<String, &'static str>> {
        if self.period_kind.is_empty() {
            return None;
        }
        let year = self.period_year.trim();
        let part = self.period_part.trim();
        Some(match self.period_kind.as_str() {
            "year" => Ok(year.to_owned()),
            "half" if matches!(part, "H1" | "H2") => Ok(format!("{year}-{part}")),
            "quarter" if matches!(part, "Q1" | "Q2" | "Q3" | "Q4") => Ok(format!("{year}-{part}")),
            "month" => month_range(year, part).ok_or("period_part"),
            "custom" => Ok(range_code(self.period_from.trim(), self.period_to.trim())),
            "half" | "quarter" => Err("period_part"),
            _ => Err("period_kind"),
        })
    }
}

/// The error for a field [`PickedPeriod::code`] names: a part of the
/// year that does not fit the kind of period.
pub fn does_not_fit(field: &'static str) -> haven_domain::Violation {
    haven_domain::Violation::new(
        field,
        "period",
        "Chọn phần của năm phù hợp với loại kỳ báo cáo (6 tháng, quý hoặc tháng).",
        "Choose a part of the year that fits the kind of period (half-year, quarter or month).",
    )
}

/// A range of days; whole years from 1 January to 31 December are the
/// multi-year period the plans' reviews use (`2021-2025`).
fn range_code(from: &str, to: &str) -> String {
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    match (day(from), day(to)) {
        (Some(first), Some(last))
            if first.ordinal() == 1
                && last.succ_opt().is_some_and(|next| next.ordinal() == 1)
                && first.year() < last.year() =>
        {
            format!("{}-{}", first.year(), last.year())
        }
        _ => format!("{from}..{to}"),
    }
}

/// A month as the range of its days: `2026-02-01..2026-02-28`.
fn month_range(year: &str, part: &str) -> Option<String> {
    let month: u32 = part.strip_prefix('M')?.parse().ok()?;
    let first = NaiveDate::from_ymd_opt(year.parse().ok()?, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(first.year().checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), month.checked_add(1)?, 1)?
    };
    let last = next.pred_opt()?;
    Some(format!("{first}..{last}"))
}

/// What the picker shows for `period`: its kind, year and part.
fn picked(period: &Period) -> (&'static str, i32, String) {
    match *period {
        Period::Year { year } => ("year", year, String::new()),
        Period::HalfYear { year, half } => ("half", year, format!("H{half}")),
        Period::Quarter { year, quarter } => ("quarter", year, format!("Q{quarter}")),
        Period::Custom { from, .. } => {
            if period.is_whole_month() {
                ("month", from.year(), format!("M{:02}", from.month()))
            } else {
                ("custom", from.year(), String::new())
            }
        }
        Period::Years { first, .. } => ("custom", first, String::new()),
    }
}

/// The picker's fields, set to `current`; years from 2015 to next year.
pub fn fields(lang: Lang, current: &Period, this_year: i32) -> Markup {
    let (kind, year, part) = picked(current);
    let last_year = this_year.saturating_add(1);
    html! {
        div.field {
            label for="period_kind" { (lang.t("period-kind")) }
            select #period_kind name="period_kind" {
                @for k in KINDS {
                    option value=(k) selected[k == kind] { (lang.t(&format!("period-kind-{k}"))) }
                }
            }
        }
        div.field {
            label for="period_year" { (lang.t("period-year")) }
            select #period_year name="period_year" {
                @for y in (2015..=last_year).rev() {
                    option value=(y) selected[y == year] { (y) }
                }
            }
        }
        div.field {
            label for="period_part" { (lang.t("period-part")) }
            select #period_part name="period_part" aria-describedby="period-hint" {
                option value="" selected[part.is_empty()] { (lang.t("period-part-none")) }
                optgroup label=(lang.t("period-kind-half")) {
                    @for h in ["H1", "H2"] { option value=(h) selected[part == h] { (lang.t(&format!("period-part-{}", h.to_lowercase()))) } }
                }
                optgroup label=(lang.t("period-kind-quarter")) {
                    @for q in ["Q1", "Q2", "Q3", "Q4"] { option value=(q) selected[part == q] { (lang.t(&format!("period-part-{}", q.to_lowercase()))) } }
                }
                optgroup label=(lang.t("period-kind-month")) {
                    @for m in 1..=12u32 {
                        @let code = format!("M{m:02}");
                        option value=(code) selected[part == code] { (lang.t_with("period-part-month", &[("month", m.into())])) }
                    }
                }
            }
        }
        div.field {
            label for="period_from" { (lang.t("period-from")) }
            input #period_from type="date" name="period_from" value=(if kind == "custom" { current.from().to_string() } else { String::new() });
        }
        div.field {
            label for="period_to" { (lang.t("period-to")) }
            input #period_to type="date" name="period_to" value=(if kind == "custom" { current.to().to_string() } else { String::new() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picked_code(kind: &str, year: &str, part: &str) -> Option<Result<String, &'static str>> {
        PickedPeriod {
            period_kind: kind.into(),
            period_year: year.into(),
            period_part: part.into(),
            ..Default::default()
        }
        .code()
    }

    #[test]
    fn the_fields_make_the_report_s_period_codes() {
        assert_eq!(picked_code("year", "2026", ""), Some(Ok("2026".into())));
        assert_eq!(
            picked_code("half", "2026", "H2"),
            Some(Ok("2026-H2".into()))
        );
        assert_eq!(
            picked_code("quarter", "2026", "Q1"),
            Some(Ok("2026-Q1".into()))
        );
        assert_eq!(
            picked_code("month", "2024", "M02"),
            Some(Ok("2024-02-01..2024-02-29".into()))
        );
        assert_eq!(
            picked_code("month", "2026", "M12"),
            Some(Ok("2026-12-01..2026-12-31".into()))
        );
        assert_eq!(
            picked_code("quarter", "2026", "H1"),
            Some(Err("period_part")),
            "a part that does not fit"
        );
        assert_eq!(
            picked_code("month", "2026", "M13"),
            Some(Err("period_part"))
        );
        assert_eq!(
            picked_code("", "2026", "Q1"),
            None,
            "not used: the typed code stands"
        );
        for code in [
            "2026",
            "2026-H2",
            "2026-Q3",
            "2026-05-01..2026-05-31",
            "2026-01-10..2026-02-03",
            "2021-2025",
        ] {
            let period = Period::parse(code).unwrap();
            let (kind, year, part) = picked(&period);
            let again = PickedPeriod {
                period_kind: kind.into(),
                period_year: year.to_string(),
                period_part: part,
                period_from: period.from().to_string(),
                period_to: period.to().to_string(),
            };
            assert_eq!(
                again.code(),
                Some(Ok(code.to_owned())),
                "{code} round-trips through the picker"
            );
        }
    }
}
