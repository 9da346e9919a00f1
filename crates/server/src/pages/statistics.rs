//! The statistics page: a period and an area to choose, the plans' targets
//! against 100%, and each indicator with its definition, by province and by
//! its breakdowns, with a small bar chart drawn on the server. Hidden
//! figures read "—" with the reason.

use super::context::Page;
use super::extract::Query;
use super::{error_page, layout};
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::statistics::{self, CategoryNames, ReportQuery};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_access::StatisticsScope;
use haven_report::compute::PublishedTable;
use haven_report::dimension::Dimension;
use maud::{html, Markup};

/// The page's form: a period by its code (links, downloads) or picked by
/// its parts, the area and the geography.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    area: Option<String>,
    #[serde(default)]
    geography: Option<haven_report::Geography>,
    #[serde(default)]
    period_kind: String,
    #[serde(default)]
    period_year: String,
    #[serde(default)]
    period_part: String,
    #[serde(default)]
    period_from: String,
    #[serde(default)]
    period_to: String,
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Query(form): Query<ReportForm>,
) -> Response {
    let lang = page.lang;
    let picked = super::period_picker::PickedPeriod {
        period_kind: form.period_kind,
        period_year: form.period_year,
        period_part: form.period_part,
        period_from: form.period_from,
        period_to: form.period_to,
    };
    let scope = statistics::scope_of(&state, &page.user);
    let provinces: Vec<(String, String)> = {
        let mut list: Vec<(String, String)> = state
            .store
            .admin_units_under("2025", None)
            .await
            .or_shown("admin_units_under")
            .into_iter()
            .map(|u| (u.gso_code, u.name))
            .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    };
    let this_year = chrono::Datelike::year(&crate::case_access::today());
    // A period or area the report cannot be made for keeps the form as it
    // was filled in, with the field named, so the user corrects it there.
    let refused = |period: &haven_report::Period,
                   area: &str,
                   geography,
                   error: crate::error::ApiError| {
        if error.body.violations.is_empty() {
            return error_page(&page, error);
        }
        let body = html! {
            (filters(lang, &Filters { scope: &scope, provinces: &provinces, period, area, geography, this_year }))
            @for violation in &error.body.violations {
                p.error role="alert" tabindex="-1" autofocus { (super::violation_text(lang, violation)) }
            }
        };
        (
            error.status,
            layout::page(&page, &lang.t("statistics-title"), body),
        )
            .into_response()
    };
    let requested_period = picked
        .code()
        .and_then(Result::ok)
        .or_else(|| form.period.clone())
        .and_then(|code| haven_report::Period::parse(&code).ok())
        .unwrap_or(haven_report::Period::Year { year: this_year });
    let requested_area = statistics::area_for(&scope, form.area.as_deref());
    let requested_geography = form.geography.unwrap_or(haven_report::Geography::Today);
    let period = match picked.code() {
        None => form.period,
        Some(Ok(code)) => Some(code),
        Some(Err(field)) => {
            let violation = super::period_picker::does_not_fit(field);
            return refused(
                &requested_period,
                &requested_area,
                requested_geography,
                crate::error::ApiError::invalid(haven_domain::Violations(vec![violation])),
            );
        }
    };
    let query = ReportQuery {
        period,
        area: form.area,
        geography: form.geography,
    };
    let report = match statistics::report(&state, &page.user, &query).await {
        Ok(report) => report,
        Err(error) => {
            return refused(
                &requested_period,
                &requested_area,
                requested_geography,
                error,
            )
        }
    };
    let names = match CategoryNames::load(&state, lang, &report.area).await {
        Ok(names) => names,
        Err(error) => return error_page(&page, error),
    };
    let current_period =
        haven_report::Period::parse(&report.period_code).unwrap_or(haven_report::Period::Year {
            year: chrono::Datelike::year(&report.as_of),
        });
    let area = report.area.code();
    let name = |vi: &str, en: &str| {
        if lang == Lang::Vi {
            vi.to_owned()
        } else {
            en.to_owned()
        }
    };
    let figure = |value: Option<i64>, amount: bool| figure(lang, value, amount);
    let title = lang.t("statistics-title");
    let body = html! {
        (filters(lang, &Filters { scope: &scope, provinces: &provinces, period: &current_period, area: &area, geography: report.geography, this_year }))
        p.hint #period-hint { (lang.t("period-hint")) }
        p #report-heading {
            strong { (name(&report.period_name_vi, &report.period_name_en)) }
            " · " (crate::views::statistics::area_name(&names, &report.area))
            " · " (lang.t_with("statistics-as-of", &[("date", lang.date(report.as_of).into())]))
        }
        @let query = format!("period={}&area={}&geography={}", report.period_code, area, if report.geography == haven_report::Geography::Legacy { "legacy" } else { "today" });
        p #downloads {
            (lang.t("statistics-download")) ": "
            a href={ "/api/v1/statistics/report.xlsx?" (query) } download { "XLSX" } " · "
            a href={ "/api/v1/statistics/report.csv?" (query) } download { "CSV" } " · "
            a href={ "/api/v1/statistics/report.pdf?" (query) } download { "PDF" }
        }
        p { a href={ "/reports/submissions?period=" (report.period_code) } { (lang.t("submission-overview-link")) } }
        @if let Some(threshold) = report.suppression_threshold {
            p.hint { (lang.t_with("statistics-suppression", &[("threshold", threshold.into())])) }
        }
        section.card #targets {
            h2 { (lang.t("statistics-targets")) }
            table {
                thead { tr { th scope="col" { (lang.t("statistics-target")) } th scope="col" { (lang.t("statistics-share")) } th scope="col" { (lang.t("statistics-goal")) } } }
                tbody {
                    @for target in &report.targets {
                        tr {
                            th scope="row" {
                                (name(&target.name_vi, &target.name_en))
                                details { summary { (lang.t("statistics-definition")) } p { (name(&target.definition_vi, &target.definition_en)) } }
                            }
                            td data-label=(lang.t("statistics-share")) {
                                @match (target.percent, target.share) {
                                    (Some(percent), Some(share)) => {
                                        (lang.percent(percent)) " (" (share.numerator) "/" (share.denominator) ")"
                                        (bar(percent, f64::from(target.target_percent)))
                                    }
                                    (None, Some(_)) => { (lang.t("statistics-nothing-due")) }
                                    _ => { abbr.hidden title=(lang.t("statistics-hidden")) { "—" } }
                                }
                            }
                            td data-label=(lang.t("statistics-goal")) { (target.target_percent) "%" }
                        }
                    }
                }
            }
        }
        @if !report.programme.sections.is_empty() {
            section.card #programme {
                h2 { (lang.t("statistics-programme")) }
                @for part in &report.programme.sections {
                    h3 { (name(&part.title_vi, &part.title_en)) }
                    div.scroll tabindex="0" { table.figures id={ "programme-" (part.code) } {
                        thead { tr {
                            th scope="col" { (lang.t("statistics-programme-item")) }
                            th scope="col" { (lang.t("statistics-programme-value")) }
                            th scope="col" { (lang.t("statistics-programme-note")) }
                        } }
                        tbody {
                            @for line in &part.lines {
                                tr {
                                    th scope="row" { (name(&line.label_vi, &line.label_en)) }
                                    td data-label=(lang.t("statistics-programme-value")) {
                                        @match line.value {
                                            Some(v) if v.fract() == 0.0 && v >= 0.0 => { (lang.grouped(v as u64)) }
                                            Some(v) => { (lang.percent(v)) }
                                            None if line.hidden => { abbr.hidden title=(lang.t("statistics-hidden")) { "—" } }
                                            None => {}
                                        }
                                    }
                                    td data-label=(lang.t("statistics-programme-note")) { (line.note_vi) }
                                }
                            }
                        }
                    } }
                }
            }
        }
        @for indicator in &report.indicators {
            section.card.indicator id={ "indicator-" (indicator.code) } {
                h2 { (name(&indicator.name_vi, &indicator.name_en)) ": " span.figure { (figure(indicator.by_place.figures.total, indicator.amount)) } }
                details { summary { (lang.t("statistics-definition")) } p { (name(&indicator.definition_vi, &indicator.definition_en)) } }
                @if let Some(first) = indicator.breakdowns.first() {
                    (chart(first, &names))
                }
                @for table in &indicator.breakdowns {
                    (breakdown(lang, table, &names, indicator.amount, &figure))
                }
                (by_place(lang, &indicator.by_place, &names, indicator.amount, &figure))
            }
        }
    };
    layout::page(&page, &title, body).into_response()
}

/// What the report form shows as chosen.
struct Filters<'a> {
    scope: &'a StatisticsScope,
    provinces: &'a [(String, String)],
    period: &'a haven_report::Period,
    area: &'a str,
    geography: haven_report::Geography,
    this_year: i32,
}

fn filters(lang: Lang, chosen: &Filters) -> Markup {
    let national = chosen.area == "VN";
    let province_name = |code: &str| {
        chosen
            .provinces
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_owned(), |(_, name)| name.clone())
    };
    html! {
        form.filters method="get" action="/reports" {
            (super::period_picker::fields(lang, chosen.period, chosen.this_year))
            div.field {
                label for="area" { (lang.t("statistics-area")) }
                select #area name="area" {
                    @if *chosen.scope == StatisticsScope::National {
                        option value="VN" selected[national] { (lang.t("statistics-national")) }
                        @for (code, province) in chosen.provinces {
                            option value=(code) selected[code == chosen.area] { (province) }
                        }
                    } @else {
                        option value=(chosen.area) selected { (province_name(chosen.area)) }
                    }
                }
            }
            div.field {
                label for="geography" { (lang.t("statistics-geography")) }
                select #geography name="geography" {
                    option value="today" selected[chosen.geography == haven_report::Geography::Today] { (lang.t("statistics-geography-today")) }
                    option value="legacy" selected[chosen.geography == haven_report::Geography::Legacy] { (lang.t("statistics-geography-legacy")) }
                }
            }
            button type="submit" { (lang.t("statistics-show")) }
        }
    }
}

fn breakdown(
    lang: Lang,
    table: &PublishedTable,
    names: &CategoryNames,
    _amount: bool,
    figure: &dyn Fn(Option<i64>, bool) -> Markup,
) -> Markup {
    let dimension = table.columns_by;
    html! {
        div.scroll tabindex="0" {
            table.breakdown {
                caption { (lang.t(&format!("statistics-by-{}", dimension.map(|d| d.code().replace('_', "-")).unwrap_or_default()))) }
                thead { tr {
                    @for column in &table.columns { th scope="col" { (names.of(dimension, column)) } }
                    th scope="col" { (lang.t("statistics-total")) }
                } }
                tbody { tr {
                    @for (column, cell) in table.columns.iter().zip(table.figures.cells.first().into_iter().flatten()) { td data-label=(names.of(dimension, column)) { (figure(*cell, _amount)) } }
                    td data-label=(lang.t("statistics-total")) { (figure(table.figures.row_totals.first().copied().flatten(), _amount)) }
                } }
            }
        }
    }
}

/// Provinces with something to show (a figure, or a hidden one).
fn by_place(
    lang: Lang,
    table: &PublishedTable,
    names: &CategoryNames,
    amount: bool,
    figure: &dyn Fn(Option<i64>, bool) -> Markup,
) -> Markup {
    let communes = table.rows_by == Some(Dimension::Commune);
    let rows: Vec<(&String, Option<i64>)> = table
        .rows
        .iter()
        .zip(table.figures.row_totals.iter().copied())
        .filter(|(_, total)| *total != Some(0))
        .collect();
    html! {
        details.by-place {
            summary { (lang.t(if communes { "statistics-by-commune" } else { "statistics-by-province" })) " (" (rows.len()) ")" }
            table {
                thead { tr { th scope="col" { (lang.t(if communes { "statistics-commune" } else { "statistics-province" })) } th scope="col" { (lang.t("statistics-total")) } } }
                tbody {
                    @for (row, total) in rows {
                        tr { th scope="row" { (names.of(table.rows_by, row)) } td data-label=(lang.t("statistics-total")) { (figure(total, amount)) } }
                    }
                }
            }
        }
    }
}

/// A horizontal bar per category, for the shown figures; hidden ones have no bar.
fn chart(table: &PublishedTable, names: &CategoryNames) -> Markup {
    let bars: Vec<(String, i64)> = table
        .columns
        .iter()
        .zip(table.figures.cells.first().into_iter().flatten())
        .filter_map(|(c, v)| {
            v.filter(|v| *v > 0)
                .map(|v| (names.of(table.columns_by, c), v))
        })
        .collect();
    let Some(max) = bars.iter().map(|(_, v)| *v).max() else {
        return html! {};
    };
    let row = 22;
    let height = bars.len() * row + 4;
    html! {
        svg.chart role="img" aria-label=(names.lang.t("statistics-chart")) width="100%" height=(height) viewBox={ "0 0 600 " (height) } preserveAspectRatio="xMinYMin meet" {
            @for (i, (label, value)) in bars.iter().enumerate() {
                @let y = i * row + 2;
                @let width = (*value as f64 / max as f64 * 330.0).max(2.0);
                text x="0" y=(y + 15) font-size="13" { (label) }
                rect x="220" y=(y + 3) width=(format!("{width:.0}")) height="15" fill="#2f6f9f" {}
                text x=(format!("{:.0}", 226.0 + width)) y=(y + 15) font-size="13" { (value) }
            }
        }
    }
}

/// A share against its target, as a bar.
fn bar(percent: f64, target: f64) -> Markup {
    let width = (percent.clamp(0.0, 100.0) * 2.0).round();
    let goal = (target.clamp(0.0, 100.0) * 2.0).round();
    html! {
        svg.share width="204" height="14" viewBox="0 0 204 14" aria-hidden="true" {
            rect x="0" y="2" width="200" height="10" fill="#e6e6e6" {}
            rect x="0" y="2" width=(width) height="10" fill=(if percent >= target { "#2e7d32" } else { "#c77700" }) {}
            line x1=(goal) y1="0" x2=(goal) y2="14" stroke="#222" stroke-width="2" {}
        }
    }
}

/// A published figure: a count, an amount in đồng, or "—" where it is hidden.
pub(super) fn figure(lang: Lang, value: Option<i64>, amount: bool) -> Markup {
    match value {
        Some(v) if amount => html! { (lang.vnd(v)) },
        Some(v) => html! { (lang.grouped(v.max(0) as u64)) },
        None => html! { abbr.hidden title=(lang.t("statistics-hidden")) { "—" } },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::MISSING_MARK;
    use std::collections::HashMap;

    #[test]
    fn every_breakdown_and_category_the_page_names_has_a_message() {
        let catalogue = haven_report::Catalogue::built_in();
        let dimensions = [
            Dimension::Sex,
            Dimension::AgeGroup,
            Dimension::Ethnicity,
            Dimension::Purpose,
            Dimension::DestinationCountry,
            Dimension::HomeProvince,
            Dimension::ChannelGroup,
            Dimension::ServiceType,
            Dimension::FundingSource,
            Dimension::ProtectionMeasure,
            Dimension::ProceedingsStage,
            Dimension::Province,
            Dimension::LegacyProvince,
        ];
        for lang in Lang::ALL {
            let names = CategoryNames {
                lang,
                provinces: HashMap::new(),
                legacy_provinces: HashMap::new(),
                lists: HashMap::new(),
                countries: HashMap::new(),
                ethnic_groups: HashMap::new(),
            };
            for dimension in dimensions {
                let key = format!("statistics-by-{}", dimension.code().replace('_', "-"));
                assert!(!lang.t(&key).contains(MISSING_MARK), "{key}");
                for category in dimension.fixed_keys(&catalogue) {
                    let name = names.of(Some(dimension), &category);
                    assert!(
                        !name.contains(MISSING_MARK),
                        "{dimension:?} {category} in {lang:?}"
                    );
                }
            }
            for key in ["unknown", "unspecified", "total"] {
                assert!(!names.of(None, key).contains(MISSING_MARK));
            }
        }
    }
}
