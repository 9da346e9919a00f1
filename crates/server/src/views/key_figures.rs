//! The statistics dashboard's figures: the year so far against the same days
//! of last year for the key indicators, persons received month by month,
//! and (for the country) received by province. Computed from the records
//! with the report's own rules — the same figures, hidden where small, as
//! `/reports` shows — and logged as one read of the statistics.

use super::statistics::{compute_totals, report, ReportQuery};
use crate::case_access::today;
use crate::error::ApiError;
use crate::AppState;
use chrono::{Datelike, NaiveDate};
use haven_report::{Area, Period, Report};
use haven_store::UserAccount;

/// The indicators a manager reads first.
pub const KEY_INDICATORS: [&str; 4] = [
    "received",
    "identified",
    "persons_supported",
    "returns_home",
];

pub struct KeyFigure {
    pub name_vi: String,
    pub name_en: String,
    /// `None`: hidden (too small to publish for this area).
    pub now: Option<i64>,
    pub before: Option<i64>,
}

pub struct KeyFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub figures: Vec<KeyFigure>,
    /// Persons received in each month of the year so far.
    pub months: Vec<(u32, Option<i64>)>,
    /// Received by province (the country's figures only), by province code.
    pub by_province: Vec<(String, Option<i64>)>,
    pub area: Area,
}

/// The code of the quarter before `today`'s (`2026-Q3` on 30 November
/// 2026): the latest whose reports should all be in.
pub fn last_quarter(today: NaiveDate) -> String {
    let quarter = (today.month() - 1) / 3 + 1;
    match quarter {
        1 => format!("{}-Q4", today.year().saturating_sub(1)),
        q => format!("{}-Q{}", today.year(), q - 1),
    }
}

pub async fn key_figures(state: &AppState, user: &UserAccount) -> Result<KeyFigures, ApiError> {
    let to = today();
    let from = NaiveDate::from_ymd_opt(to.year(), 1, 1).unwrap_or(to);
    let query = ReportQuery {
        period: Some(format!("{from}..{to}")),
        area: None,
        geography: None,
    };
    // The policy's check and the access log, once, through the report itself.
    let now = report(state, user, &query).await?;
    let same_day_last_year = |day: NaiveDate| {
        day.with_year(day.year().saturating_sub(1))
            .or_else(|| {
                day.pred_opt()
                    .and_then(|d| d.with_year(d.year().saturating_sub(1)))
            })
            .unwrap_or(day)
    };
    // The other periods need a few totals only, not whole reports.
    let key_totals = state.settings.catalogue.totals_of(&KEY_INDICATORS);
    let received_totals = state.settings.catalogue.totals_of(&["received"]);
    let before = compute_totals(
        state,
        Period::Custom {
            from: same_day_last_year(from),
            to: same_day_last_year(to),
        },
        now.area.clone(),
        &key_totals,
    )
    .await?;
    let total = |report: &Report, code: &str| {
        report
            .indicators
            .iter()
            .find(|i| i.code == code)
            .and_then(|i| i.by_place.figures.total)
    };
    let figures = KEY_INDICATORS
        .iter()
        .filter_map(|code| {
            now.indicators
                .iter()
                .find(|i| i.code == *code)
                .map(|i| KeyFigure {
                    name_vi: i.name_vi.clone(),
                    name_en: i.name_en.clone(),
                    now: total(&now, code),
                    before: total(&before, code),
                })
        })
        .collect();
    let mut months = Vec::new();
    for month in 1..=to.month() {
        let Some(first) = NaiveDate::from_ymd_opt(to.year(), month, 1) else {
            continue;
        };
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(first)
            .min(to);
        let report = compute_totals(
            state,
            Period::Custom {
                from: first,
                to: last,
            },
            now.area.clone(),
            &received_totals,
        )
        .await?;
        months.push((month, total(&report, "received")));
    }
    let by_province = match now.area {
        Area::National => now
            .indicators
            .iter()
            .find(|i| i.code == "received")
            .map(|i| {
                i.by_place
                    .rows
                    .iter()
                    .cloned()
                    .zip(i.by_place.figures.row_totals.iter().copied())
                    .collect()
            })
            .unwrap_or_default(),
        Area::Province(_) | Area::Commune(_) => Vec::new(),
    };
    Ok(KeyFigures {
        from,
        to,
        figures,
        months,
        by_province,
        area: now.area,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_last_quarter_is_the_one_before_today() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(super::last_quarter(day(2026, 11, 30)), "2026-Q3");
        assert_eq!(super::last_quarter(day(2026, 2, 1)), "2025-Q4");
        assert_eq!(super::last_quarter(day(2026, 4, 1)), "2026-Q1");
    }
}
