//! The case list as a file — CSV or Excel — with the list page's filters:
//! the rows the viewer may see, each person's name only where the policy
//! shows it, words rather than codes. Every export is in the access log:
//! one entry for the export, and one per case whose name it carried.

use super::case_list::Filters;
use super::context::Page;
use super::labels::{self, CodeLabels};
use crate::case_access::write_log;
use crate::i18n::Lang;
use crate::views::cases::{case_list, CaseSummary};
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use haven_store::access::AccessEntry;
use haven_store::cases::MAX_PAGE;

/// The most rows one file carries: a national list is filtered first.
const MAX_ROWS: u64 = 20_000;

#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

pub async fn csv(
    State(state): State<AppState>,
    page: Page,
    axum::Form(filters): axum::Form<Filters>,
) -> Response {
    export(&state, &page, &filters, Format::Csv).await
}

pub async fn xlsx(
    State(state): State<AppState>,
    page: Page,
    axum::Form(filters): axum::Form<Filters>,
) -> Response {
    export(&state, &page, &filters, Format::Xlsx).await
}

async fn export(state: &AppState, page: &Page, filters: &Filters, format: Format) -> Response {
    let rows = match all_rows(state, page, filters).await {
        Ok(rows) => rows,
        Err(error) => return super::error_page(page, error).into_response(),
    };
    let lang = page.lang;
    let channels = CodeLabels::load(state, "reception_channel", lang).await;
    let table = table(lang, &rows, &channels);
    let written = match format {
        Format::Csv => to_csv(lang, &table),
        Format::Xlsx => to_xlsx(&table, &lang.t("cases-title")),
    };
    let bytes = match written {
        Ok(bytes) => bytes,
        Err(reason) => {
            tracing::error!(%reason, "a case list export could not be written");
            let failed = crate::error::ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "export_failed",
                "Không tạo được tệp danh sách hồ sơ.",
                "The case list file could not be made.",
            );
            return super::error_page(page, failed).into_response();
        }
    };
    let (detail, content_type, extension) = match format {
        Format::Csv => ("csv", "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    log_export(state, page, &rows, detail).await;
    let file_name = format!(
        "ho-so-{}.{extension}",
        crate::case_access::today().format("%Y-%m-%d")
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// Every matching case the viewer may see, a page of the store at a time.
async fn all_rows(
    state: &AppState,
    page: &Page,
    filters: &Filters,
) -> Result<Vec<CaseSummary>, crate::error::ApiError> {
    let mut rows = Vec::new();
    let mut offset = 0;
    loop {
        let list = case_list(state, &page.user, filters.export_filter(offset, MAX_PAGE)).await?;
        let got = u64::try_from(list.items.len()).unwrap_or(u64::MAX);
        rows.extend(list.items);
        offset = offset.saturating_add(MAX_PAGE);
        if got == 0 || offset >= list.total || offset >= MAX_ROWS {
            break;
        }
    }
    rows.truncate(usize::try_from(MAX_ROWS).unwrap_or(usize::MAX));
    Ok(rows)
}

/// The export itself, and each case whose name left the system in it.
async fn log_export(state: &AppState, page: &Page, rows: &[CaseSummary], detail: &'static str) {
    write_log(state, entry(page, None, detail)).await;
    for row in rows.iter().filter(|r| r.full_name.is_some()) {
        write_log(state, entry(page, Some(&row.case_number), detail)).await;
    }
}

fn entry<'a>(page: &Page, case_number: Option<&'a str>, detail: &'static str) -> AccessEntry<'a> {
    AccessEntry {
        user_id: page.user.id,
        agency_id: page.user.agency_id,
        action: "export_cases",
        case_number,
        allowed: true,
        detail: Some(detail),
        account_user_id: None,
    }
}

/// A cell of the export: words, a day, or a count — so a spreadsheet
/// sorts and sums the days and counts instead of holding them as text.
enum Cell {
    Text(String),
    Day(chrono::NaiveDate),
    Count(u64),
}

impl Cell {
    fn text(&self, lang: Lang) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Day(day) => lang.date(*day),
            Cell::Count(n) => n.to_string(),
        }
    }
}

/// The header and rows, in words.
fn table(lang: Lang, rows: &[CaseSummary], channels: &CodeLabels) -> Vec<Vec<Cell>> {
    let header = [
        "field-case-number",
        "person-full-name",
        "field-received-on",
        "field-channel",
        "field-phase",
        "field-identification",
        "field-scope",
        "field-overdue",
    ]
    .iter()
    .map(|key| Cell::Text(lang.t(key)))
    .collect();
    let mut table = vec![header];
    table.extend(rows.iter().map(|row| {
        vec![
            Cell::Text(row.case_number.clone()),
            Cell::Text(
                row.full_name
                    .clone()
                    .unwrap_or_else(|| lang.t("list-name-hidden")),
            ),
            Cell::Day(row.received_on),
            Cell::Text(channels.of(&row.channel)),
            Cell::Text(labels::phase(lang, row.phase)),
            Cell::Text(labels::identification(lang, row.identification)),
            Cell::Text(labels::scope(lang, row.scope)),
            Cell::Count(u64::try_from(row.overdue).unwrap_or(u64::MAX)),
        ]
    }));
    table
}

/// UTF-8 with a byte-order mark, so a spreadsheet opens Vietnamese as written.
fn to_csv(lang: Lang, table: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in table {
        writer
            .write_record(
                row.iter()
                    .map(|cell| haven_report::export::csv::inert(&cell.text(lang)).into_owned()),
            )
            .map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

fn to_xlsx(table: &[Vec<Cell>], title: &str) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format as Style, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(title).map_err(|e| e.to_string())?;
    let bold = Style::new().set_bold();
    let day_style = Style::new().set_num_format("dd/mm/yyyy");
    for (r, row) in (0u32..).zip(table) {
        for (c, cell) in (0u16..).zip(row) {
            match cell {
                Cell::Text(text) if r == 0 => sheet.write_string_with_format(r, c, text, &bold),
                Cell::Text(text) => sheet.write_string(r, c, text),
                Cell::Day(day) => {
                    use chrono::Datelike;
                    let excel = ExcelDateTime::from_ymd(
                        u16::try_from(day.year()).map_err(|e| e.to_string())?,
                        u8::try_from(day.month()).map_err(|e| e.to_string())?,
                        u8::try_from(day.day()).map_err(|e| e.to_string())?,
                    )
                    .map_err(|e| e.to_string())?;
                    sheet.write_datetime_with_format(r, c, &excel, &day_style)
                }
                // Counts of a case's deadlines: far below f64's exact range.
                #[allow(clippy::cast_precision_loss)]
                Cell::Count(n) => sheet.write_number(r, c, *n as f64),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    for (c, width) in (0u16..).zip([18.0, 28.0, 14.0, 24.0, 20.0, 20.0, 14.0, 10.0]) {
        sheet
            .set_column_width(c, width)
            .map_err(|e| e.to_string())?;
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    book.save_to_buffer().map_err(|e| e.to_string())
}
