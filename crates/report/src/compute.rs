//! A report: every indicator of the catalogue for one period and one area
//! (the country, or one of today's provinces), by place and by each of its
//! breakdowns, with the targets; small figures suppressed below national
//! level. Pure: the facts come in, the report goes out.

use crate::catalogue::Catalogue;
use crate::dimension::Dimension;
use crate::facts::CaseFacts;
use crate::measure::Window;
use crate::period::Period;
use crate::suppression::Published;
use crate::table::{Layout, Table};
use crate::targets::Share;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "level", content = "code")]
pub enum Area {
    National,
    /// One of today's 34 provinces, by GSO code (`01`).
    Province(String),
    /// One of today's communes, by province and commune GSO codes (`01/00070`).
    Commune(String),
}

impl Area {
    pub fn parse(code: &str) -> Area {
        match code.trim().trim_start_matches("2025/") {
            "" | "VN" | "national" => Area::National,
            commune if commune.contains('/') => Area::Commune(commune.to_owned()),
            province => Area::Province(province.to_owned()),
        }
    }

    pub fn code(&self) -> String {
        match self {
            Area::National => "VN".into(),
            Area::Province(code) | Area::Commune(code) => code.clone(),
        }
    }

    /// Today's province the area lies in (`None` for the country).
    pub fn province(&self) -> Option<&str> {
        match self {
            Area::National => None,
            Area::Province(p) => Some(p),
            Area::Commune(c) => c.split('/').next(),
        }
    }

    /// The level whose reporting calendar applies to the area's reports.
    pub fn reporting_level(&self) -> Option<crate::calendar::ReportingLevel> {
        match self {
            Area::National => None,
            Area::Province(_) => Some(crate::calendar::ReportingLevel::Province),
            Area::Commune(_) => Some(crate::calendar::ReportingLevel::Commune),
        }
    }

    pub fn holds(&self, facts: &CaseFacts) -> bool {
        match self {
            Area::National => true,
            Area::Province(p) => &facts.province == p,
            Area::Commune(c) => facts.commune.as_ref() == Some(c),
        }
    }
}

/// Places in today's units (34 provinces) or, for old reports, the legacy ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Geography {
    #[default]
    Today,
    Legacy,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublishedTable {
    pub rows_by: Option<Dimension>,
    pub columns_by: Option<Dimension>,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    #[serde(flatten)]
    pub figures: Published,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndicatorReport {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub definition_vi: String,
    pub definition_en: String,
    pub amount: bool,
    pub by_place: PublishedTable,
    pub breakdowns: Vec<PublishedTable>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetReport {
    pub code: crate::targets::TargetKind,
    pub name_vi: String,
    pub name_en: String,
    pub definition_vi: String,
    pub definition_en: String,
    pub target_percent: u32,
    /// Counts behind the share; hidden below national level when small.
    pub share: Option<Share>,
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub period: Period,
    pub period_code: String,
    pub period_name_vi: String,
    pub period_name_en: String,
    pub area: Area,
    pub geography: Geography,
    pub as_of: NaiveDate,
    pub suppression_threshold: Option<u64>,
    pub indicators: Vec<IndicatorReport>,
    pub targets: Vec<TargetReport>,
    /// The programme: the plans' targets and the activities held (filled
    /// by the caller, which reads the activities; empty in older snapshots).
    #[serde(default)]
    pub programme: crate::programme_report::ProgrammeReport,
    /// What the unit wrote in its submission for the period, where the
    /// reader may see it (filled by the caller; absent in frozen figures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<crate::narrative::Narrative>,
}

pub struct Request<'a> {
    pub catalogue: &'a Catalogue,
    pub period: Period,
    pub area: Area,
    pub geography: Geography,
    pub as_of: NaiveDate,
    pub follow_up_months: Vec<u32>,
    /// Places always listed, even when empty: the country's provinces, or
    /// the area's communes (`01/00070`).
    pub places: Vec<String>,
}

pub fn compute(request: &Request<'_>, all: &[CaseFacts]) -> Report {
    let catalogue = request.catalogue;
    let facts: Vec<&CaseFacts> = all.iter().filter(|f| request.area.holds(f)).collect();
    let window = Window {
        period: request.period,
        as_of: request.as_of,
        follow_up_months: request.follow_up_months.clone(),
    };
    let national = request.area == Area::National;
    let threshold = catalogue.suppression_threshold;
    // The country by province, a province by commune (communes below a
    // province), a commune as itself; old reports by legacy province.
    let place = match (request.geography, &request.area) {
        (Geography::Legacy, _) => Dimension::LegacyProvince,
        (Geography::Today, Area::National) => Dimension::Province,
        (Geography::Today, _) => Dimension::Commune,
    };
    let places = match (request.geography, &request.area) {
        (Geography::Legacy, _) => Vec::new(),
        (Geography::Today, Area::National) => request.places.clone(),
        // Every indicator lists the same communes, so their tables line up.
        (Geography::Today, _) => {
            let mut communes: Vec<String> = facts
                .iter()
                .map(|f| f.commune.clone().unwrap_or_else(|| "unknown".into()))
                .chain(request.places.iter().cloned())
                .collect();
            communes.sort();
            communes.dedup();
            communes
        }
    };
    // Below national level every figure is protected; at national level, so are the provinces'.
    let publish = |table: Table, protect: bool| PublishedTable {
        figures: if protect {
            Published::suppressed(&table, threshold, national)
        } else {
            Published::unsuppressed(&table)
        },
        rows_by: table.rows_by,
        columns_by: table.columns_by,
        rows: table.rows,
        columns: table.columns,
    };
    let indicators = catalogue
        .indicators
        .iter()
        .map(|indicator| {
            // The table by place first, then one a breakdown.
            let layouts: Vec<Layout<'_>> = std::iter::once(Layout {
                rows_by: Some(place),
                columns_by: None,
                rows: &places,
            })
            .chain(indicator.breakdowns.iter().map(|d| Layout {
                rows_by: None,
                columns_by: Some(*d),
                rows: &[],
            }))
            .collect();
            let mut tables = Table::compute_each(
                catalogue,
                indicator,
                facts.iter().copied(),
                &window,
                &layouts,
            )
            .into_iter();
            let by_place = tables
                .next()
                .map(|table| publish(table, true))
                .unwrap_or_else(|| {
                    publish(
                        Table::compute(
                            catalogue,
                            indicator,
                            [],
                            &window,
                            Some(place),
                            None,
                            &places,
                        ),
                        true,
                    )
                });
            let breakdowns = tables.map(|table| publish(table, !national)).collect();
            IndicatorReport {
                code: indicator.code.clone(),
                name_vi: indicator.name_vi.clone(),
                name_en: indicator.name_en.clone(),
                definition_vi: indicator.definition_vi.clone(),
                definition_en: indicator.definition_en.clone(),
                amount: indicator.amount,
                by_place,
                breakdowns,
            }
        })
        .collect();
    let targets = catalogue
        .targets
        .iter()
        .map(|target| {
            let share = target.code.share(facts.iter().copied(), &window);
            let small = |n: u64| n > 0 && n < threshold;
            let hidden = !national
                && (small(share.denominator)
                    || small(share.numerator)
                    || small(share.denominator - share.numerator));
            TargetReport {
                code: target.code,
                name_vi: target.name_vi.clone(),
                name_en: target.name_en.clone(),
                definition_vi: target.definition_vi.clone(),
                definition_en: target.definition_en.clone(),
                target_percent: target.target_percent,
                share: (!hidden).then_some(share),
                percent: if hidden { None } else { share.percent() },
            }
        })
        .collect();
    Report {
        period: request.period,
        period_code: request.period.to_string(),
        period_name_vi: request.period.name_vi(),
        period_name_en: request.period.name_en(),
        area: request.area.clone(),
        geography: request.geography,
        as_of: request.as_of,
        suppression_threshold: (!national).then_some(threshold),
        indicators,
        targets,
        programme: crate::programme_report::ProgrammeReport::default(),
        narrative: None,
    }
}
