//! Counts as horizontal bars: inline SVG, no script, with the same figures
//! in a table for screen readers and printing. Used by the dashboard.

use maud::{html, Markup};

/// One chart: its id (for the title's reference), its title, the names of
/// its two columns, and its rows of (label, count).
pub struct Bars<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub label_column: &'a str,
    pub count_column: &'a str,
    pub rows: &'a [(String, u64)],
}

pub fn chart(bars: &Bars<'_>) -> Markup {
    let Bars {
        id,
        title,
        label_column,
        count_column,
        rows,
    } = bars;
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let row_height = 22;
    let height = row_height * rows.len();
    html! {
        svg.chart role="img" aria-labelledby={ (id) "-title" } viewBox={ "0 0 420 " (height) } width="100%" {
            title id={ (id) "-title" } { (title) }
            @for (i, (label, n)) in rows.iter().enumerate() {
                @let y = i * row_height;
                @let width = (*n as f64 / max as f64 * 200.0).round();
                text x="0" y=(y + 15) font-size="12" { (label) }
                rect x="170" y=(y + 4) width=(width) height="14" fill="#0b4f6c" {}
                text x=(175.0 + width) y=(y + 15) font-size="12" { (n) }
            }
        }
        table.figures {
            thead { tr { th scope="col" { (label_column) } th scope="col" { (count_column) } } }
            tbody {
                @for (label, n) in rows.iter() {
                    tr { td data-label=(label_column) { (label) } td data-label=(count_column) { (n) } }
                }
            }
        }
    }
}
