//! Files leaving Haven that the API and the `haven` command both make: the
//! statistics report (XLSX, PDF, CSV, JSON) and the anonymised
//! victim-level export (CTDC). Each is made for a user, with that user's
//! access checks and access-log entries, however it was asked for — so a
//! file from the command line is the one the API would have given.

use crate::error::ApiError;
pub use crate::views::microdata::MicrodataQuery;
use crate::views::microdata::{self, StatementView};
pub use crate::views::statistics::ReportQuery;
use crate::views::statistics::{self, CategoryNames};
use crate::AppState;
use haven_store::UserAccount;

/// A file ready to leave: its bytes, media type and name.
#[derive(Debug)]
pub struct ExportedFile {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub name: String,
    /// What to say beside it: the anonymity statement of a microdata file.
    pub statement: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Xlsx,
    Pdf,
    Csv,
    Json,
}

impl ReportFormat {
    pub fn parse(name: &str) -> Option<ReportFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(ReportFormat::Xlsx),
            "pdf" => Some(ReportFormat::Pdf),
            "csv" => Some(ReportFormat::Csv),
            "json" => Some(ReportFormat::Json),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ReportFormat::Pdf => "application/pdf",
            ReportFormat::Csv => "text/csv; charset=utf-8",
            ReportFormat::Json => "application/json",
        }
    }
}

/// Why a file was not made, in Vietnamese and English.
#[derive(Debug, thiserror::Error)]
#[error("{message_en} ({message_vi})")]
pub struct Refused {
    /// The HTTP status the API answers with.
    pub status: u16,
    pub message_vi: String,
    pub message_en: String,
}

impl From<ApiError> for Refused {
    fn from(error: ApiError) -> Refused {
        let body = *error.body;
        let named = |message: String| {
            body.violations
                .iter()
                .map(|v| format!("{}: {}", v.field, v.message_en))
                .chain(std::iter::once(message))
                .collect::<Vec<_>>()
        };
        Refused {
            status: error.status.as_u16(),
            message_vi: body
                .violations
                .iter()
                .map(|v| v.message_vi.clone())
                .chain(std::iter::once(body.message_vi.clone()))
                .collect::<Vec<_>>()
                .join(" "),
            message_en: named(body.message_en.clone()).join(" "),
        }
    }
}

/// The statistics report of a period and an area, as `user` may read it.
pub async fn report_file(
    state: &AppState,
    user: &UserAccount,
    query: &ReportQuery,
    format: ReportFormat,
) -> Result<ExportedFile, Refused> {
    Ok(report(state, user, query, format).await?)
}

pub(crate) async fn report(
    state: &AppState,
    user: &UserAccount,
    query: &ReportQuery,
    format: ReportFormat,
) -> Result<ExportedFile, ApiError> {
    let report = statistics::report(state, user, query).await?;
    let names = CategoryNames::load(state, crate::i18n::Lang::Vi, &report.area).await?;
    let catalogue = &state.settings.catalogue;
    let bytes = match format {
        ReportFormat::Xlsx => {
            let head = statistics::letterhead(state, user, &report).await?;
            haven_report::export::xlsx::write(&report, catalogue, &head, &names)
                .map_err(|_| ApiError::export_failed())?
        }
        ReportFormat::Pdf => {
            let head = statistics::letterhead(state, user, &report).await?;
            haven_report::export::pdf::write(&report, catalogue, &head, &names)
                .map_err(|_| ApiError::export_failed())?
        }
        ReportFormat::Csv => haven_report::export::csv::write(&report, &names)
            .map_err(|_| ApiError::export_failed())?,
        ReportFormat::Json => {
            serde_json::to_vec_pretty(&report).map_err(|_| ApiError::export_failed())?
        }
    };
    Ok(ExportedFile {
        bytes,
        media_type: format.media_type(),
        name: format!(
            "bao-cao-{}-{}.{}",
            report.period_code.replace("..", "_"),
            report.area.code().replace('/', "-"),
            format.extension()
        ),
        statement: None,
    })
}

/// The anonymised victim-level export of a period, for a national
/// statistics reader.
pub async fn microdata_file(
    state: &AppState,
    user: &UserAccount,
    query: &MicrodataQuery,
) -> Result<ExportedFile, Refused> {
    Ok(microdata_csv(state, user, query).await?)
}

pub(crate) async fn microdata_csv(
    state: &AppState,
    user: &UserAccount,
    query: &MicrodataQuery,
) -> Result<ExportedFile, ApiError> {
    let microdata = microdata::microdata(state, user, query).await?;
    let bytes = haven_report::ctdc::csv(&microdata).map_err(|_| ApiError::export_failed())?;
    Ok(ExportedFile {
        bytes,
        media_type: "text/csv; charset=utf-8",
        name: format!("ctdc-{}.csv", microdata.period_code.replace("..", "_")),
        statement: Some(StatementView::of(&microdata).header()),
    })
}
