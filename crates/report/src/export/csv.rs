//! CSV: one line per figure — indicator, table, row, column, value — with
//! hidden figures empty and marked, for spreadsheets and other systems.

use super::Labels;
use crate::compute::{PublishedTable, Report};

pub fn write(report: &Report, labels: &dyn Labels) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "period",
        "area",
        "indicator",
        "indicator_name",
        "breakdown",
        "row",
        "column",
        "value",
        "suppressed",
    ])?;
    let period = report.period_code.as_str();
    let area = report.area.code();
    for indicator in &report.indicators {
        let mut emit = |table: &PublishedTable| -> Result<(), csv::Error> {
            let breakdown = table
                .columns_by
                .or(table.rows_by)
                .map(|d| d.code())
                .unwrap_or_default();
            for (i, row) in table.rows.iter().enumerate() {
                for (j, column) in table.columns.iter().enumerate() {
                    let value = table
                        .figures
                        .cells
                        .get(i)
                        .and_then(|cells| cells.get(j))
                        .copied()
                        .flatten();
                    out.write_record([
                        period,
                        &area,
                        &indicator.code,
                        &indicator.name_vi,
                        &breakdown,
                        &inert(&labels.category(table.rows_by, row)),
                        &inert(&labels.category(table.columns_by, column)),
                        &value.map(|v| v.to_string()).unwrap_or_default(),
                        if value.is_none() { "yes" } else { "no" },
                    ])?;
                }
            }
            Ok(())
        };
        emit(&indicator.by_place)?;
        for table in &indicator.breakdowns {
            emit(table)?;
        }
    }
    // The programme: one line per figure, the section as the indicator.
    for section in &report.programme.sections {
        for line in &section.lines {
            out.write_record([
                period,
                &area,
                &format!("programme:{}", section.code),
                &section.title_vi,
                "",
                &line.code,
                &inert(&line.label_vi),
                &line.value.map(|v| v.to_string()).unwrap_or_default(),
                if line.hidden { "yes" } else { "no" },
            ])?;
        }
    }
    // What the unit wrote: one line per part, the text as the value.
    if let Some(narrative) = &report.narrative {
        for (part, text) in narrative.parts() {
            out.write_record([
                period,
                &area,
                "narrative",
                "Đánh giá chung",
                "",
                part.field,
                part.heading_vi,
                &inert(text),
                "no",
            ])?;
        }
    }
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// A cell a spreadsheet will not run: text someone typed (a plan's target,
/// an agency's name, a report's narrative) that starts like a formula gets
/// an apostrophe in front (CSV injection).
pub fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}
