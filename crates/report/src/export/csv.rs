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
                        &labels.category(table.rows_by, row),
                        &labels.category(table.columns_by, column),
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
                &line.label_vi,
                &line.value.map(|v| v.to_string()).unwrap_or_default(),
                if line.hidden { "yes" } else { "no" },
            ])?;
        }
    }
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
