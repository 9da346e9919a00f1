//! A file sent as `multipart/form-data` (the API's uploads and the pages'
//! forms, for a case or a plan): the case version it is based on (a case's
//! only), an optional description and the file, read chunk by chunk up to
//! the configured limit.

use crate::error::ApiError;
use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::http::StatusCode;
use haven_domain::{Violation, Violations};
use haven_store::attachments::Upload;

/// Text fields of the form (version, description) are short.
const MAX_TEXT_FIELD: usize = 4 * 1024;

pub struct UploadForm {
    /// The case version the upload is based on; a plan's documents need none.
    pub version: Option<i64>,
    pub description: Option<String>,
    pub file_name: String,
    pub content: Vec<u8>,
}

impl UploadForm {
    /// The case version the form was sent on: a case's upload needs it.
    pub fn case_version(&self) -> Result<i64, ApiError> {
        self.version
            .ok_or_else(|| missing("version", "phiên bản hồ sơ", "the case version"))
    }

    pub fn upload(&self) -> Upload<'_> {
        Upload {
            file_name: &self.file_name,
            description: self.description.as_deref().filter(|d| !d.trim().is_empty()),
            content: &self.content,
        }
    }
}

/// Reads the form; other fields (a page's CSRF token) are skipped.
pub async fn read_upload(
    multipart: Result<Multipart, MultipartRejection>,
    max_bytes: u64,
) -> Result<UploadForm, ApiError> {
    let mut multipart = multipart.map_err(|_| bad_form())?;
    let mut version = None;
    let mut description = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| bad_form())? {
        match field.name() {
            Some("version") => {
                let text = read_text(field).await?;
                version = Some(text.trim().parse::<i64>().map_err(|_| {
                    ApiError::invalid(Violations(vec![Violation::new(
                        "version",
                        "integer",
                        "Phiên bản phải là số nguyên.",
                        "The version must be a whole number.",
                    )]))
                })?);
            }
            Some("description") => description = Some(read_text(field).await?),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let content = read_file(field, max_bytes).await?;
                // A browser sends an empty part when no file was chosen.
                if !(name.is_empty() && content.is_empty()) {
                    file = Some((name, content));
                }
            }
            _ => {}
        }
    }
    let Some((file_name, content)) = file else {
        return Err(missing("file", "tệp", "a file"));
    };
    Ok(UploadForm {
        version,
        description,
        file_name,
        content,
    })
}

async fn read_text(field: Field<'_>) -> Result<String, ApiError> {
    let bytes = read_file(field, MAX_TEXT_FIELD as u64).await?;
    String::from_utf8(bytes).map_err(|_| bad_form())
}

/// Reads a field chunk by chunk, refusing it as soon as it passes `max_bytes`.
async fn read_file(mut field: Field<'_>, max_bytes: u64) -> Result<Vec<u8>, ApiError> {
    let name = field.name().unwrap_or("file").to_owned();
    let mut content = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| bad_form())? {
        if (content.len() + chunk.len()) as u64 > max_bytes {
            let mb = max_bytes.div_ceil(1024 * 1024);
            return Err(ApiError::invalid(Violations(vec![Violation::new(
                name,
                "max_size",
                format!("Quá giới hạn {mb} MB."),
                format!("Larger than the {mb} MB limit."),
            )])));
        }
        content.extend_from_slice(&chunk);
    }
    Ok(content)
}

fn bad_form() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad_multipart",
        "Tệp phải được gửi dưới dạng multipart/form-data hợp lệ.",
        "Files must be sent as valid multipart/form-data.",
    )
}

fn missing(field: &'static str, vi: &str, en: &str) -> ApiError {
    ApiError::invalid(Violations(vec![Violation::new(
        field,
        "required",
        format!("Thiếu {vi}."),
        format!("Missing {en}."),
    )]))
}
