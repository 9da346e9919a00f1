//! The statistics part of the dashboard, for statisticians and managers:
//! the key figures of the year so far with the change from the same days of
//! last year, persons received month by month (bars drawn on the server,
//! with the figures as a table), for the country the provinces (a tile map
//! and a table), and how complete last quarter's reports from below are.

use super::context::Page;
use crate::i18n::Lang;
use crate::views::key_figures::KeyFigures;
use crate::views::statistics::CategoryNames;
use crate::views::submissions::Overview;
use haven_report::dimension::Dimension;
use maud::{html, Markup};

/// `completeness`: the last quarter's reports from the units below, for
/// whoever reviews them.
pub fn section(
    page: &Page,
    figures: &KeyFigures,
    names: &CategoryNames,
    completeness: Option<&Overview>,
) -> Markup {
    let lang = page.lang;
    let name = |vi: &str, en: &str| match lang {
        Lang::Vi => vi.to_owned(),
        Lang::En => en.to_owned(),
    };
    let shown = |value: Option<i64>| match value {
        Some(n) => html! { (n) },
        None => html! { abbr.hidden title=(lang.t("statistics-hidden")) { "—" } },
    };
    html! {
        section.card #key-figures {
            h2 { (lang.t("dashboard-key-figures")) }
            p.hint { (lang.t_with("dashboard-key-figures-period", &[("from", lang.date(figures.from).into()), ("to", lang.date(figures.to).into())])) }
            table {
                thead { tr {
                    th scope="col" { (lang.t("dashboard-indicator")) }
                    th scope="col" { (lang.t("dashboard-this-year")) }
                    th scope="col" { (lang.t("dashboard-last-year")) }
                    th scope="col" { (lang.t("dashboard-change")) }
                } }
                tbody {
                    @for figure in &figures.figures {
                        tr {
                            th scope="row" { (name(&figure.name_vi, &figure.name_en)) }
                            td data-label=(lang.t("dashboard-this-year")) { (shown(figure.now)) }
                            td data-label=(lang.t("dashboard-last-year")) { (shown(figure.before)) }
                            td.change data-label=(lang.t("dashboard-change")) { (change(lang, figure.now, figure.before)) }
                        }
                    }
                }
            }
            h3 { (lang.t("dashboard-by-month")) }
            (month_chart(lang, &figures.months))
            @if !figures.by_province.is_empty() {
                h3 { (lang.t("dashboard-by-province")) }
                div.province-layout {
                (super::province_map::map(lang, &lang.t("dashboard-map-caption"), &figures.by_province, &|code| names.of(Some(Dimension::Province), code)))
                div.scroll tabindex="0" {
                    table #by-province {
                        thead { tr { th scope="col" { (lang.t("statistics-area")) } th scope="col" { (lang.t("dashboard-this-year")) } } }
                        tbody {
                            @for (code, value) in &figures.by_province {
                                tr { td data-label=(lang.t("statistics-area")) { (names.of(Some(Dimension::Province), code)) } td data-label=(lang.t("dashboard-this-year")) { (shown(*value)) } }
                            }
                        }
                    }
                }
                }
            }
            @if let Some(overview) = completeness {
                @let c = &overview.completeness;
                h3 { (lang.t("dashboard-completeness")) }
                p #completeness {
                    (lang.t_with("dashboard-completeness-line", &[
                        ("period", overview.period_name.clone().into()),
                        ("submitted", c.submitted.into()),
                        ("expected", c.expected.into()),
                        ("percent", overview.completeness_percent.map_or_else(|| "—".to_owned(), |p| lang.percent(p)).into()),
                        ("ontime", c.on_time.into()),
                    ]))
                    " "
                    a href={ "/reports/submissions?period=" (overview.period) } { (lang.t("dashboard-completeness-link")) }
                }
            }
            p {
                a href="/reports" { (lang.t("dashboard-full-report")) }
                " · "
                a href="/reports/submissions" { (lang.t("submission-overview-link")) }
            }
        }
    }
}

/// The change in words a manager reads at a glance: `+3 (+25%)`, `−2`, `0`.
fn change(lang: Lang, now: Option<i64>, before: Option<i64>) -> String {
    match (now, before) {
        (Some(now), Some(before)) => {
            let diff = now.saturating_sub(before);
            let sign = if diff > 0 {
                "+"
            } else if diff < 0 {
                "−"
            } else {
                ""
            };
            let percent = (before != 0)
                .then(|| (diff as f64 / before as f64 * 100.0).round().abs())
                .map(|p| format!(" ({sign}{p}%)"))
                .unwrap_or_default();
            format!("{sign}{}{percent}", diff.unsigned_abs())
        }
        (Some(_), None) | (None, Some(_)) | (None, None) => lang.t("dashboard-change-unknown"),
    }
}

/// Persons received per month as vertical bars, with the same figures in a table.
fn month_chart(lang: Lang, months: &[(u32, Option<i64>)]) -> Markup {
    let max = months
        .iter()
        .filter_map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let width = 30;
    let height = 120;
    html! {
        svg.chart role="img" aria-labelledby="month-chart-title" viewBox={ "0 0 " (width * 12 + 10) " " (height + 20) } width="100%" {
            title #month-chart-title { (lang.t("dashboard-by-month")) }
            @for (i, (month, n)) in months.iter().enumerate() {
                @let bar = (n.unwrap_or(0) as f64 / max as f64 * f64::from(height - 20)).round();
                @let x = i * width + 5;
                rect x=(x) y=(f64::from(height) - bar) width=(width - 6) height=(bar) fill="#0b4f6c" {}
                text x=(x + 4) y=(height + 14) font-size="11" { (month) }
                @if let Some(n) = n { text x=(x + 2) y=(f64::from(height) - bar - 3.0) font-size="11" { (n) } }
            }
        }
        table.figures {
            thead { tr { th scope="col" { (lang.t("period-kind-month")) } th scope="col" { (lang.t("dashboard-received")) } } }
            tbody {
                @for (month, n) in months {
                    tr { td data-label=(lang.t("period-kind-month")) { (lang.t_with("period-part-month", &[("month", (*month).into())])) } td data-label=(lang.t("dashboard-received")) { @match n { Some(n) => { (n) } None => { "—" } } } }
                }
            }
        }
    }
}
