//! Files kept with a case: uploaded as multipart form data with the case
//! version, listed, and downloaded only while their checksum still holds.

use crate::auth::CurrentUser;
use crate::case_access::{actor, case_for, today};
use crate::error::ApiError;
use crate::extract::Path;
use crate::AppState;
use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use haven_access::{Action, IdentityView, REDACTED};
use haven_domain::{Violation, Violations};
use haven_store::attachments::Upload;
use haven_store::cases::CaseRecord;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Text fields of the form (version, description) are short.
const MAX_TEXT_FIELD: usize = 4 * 1024;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, upload))
        .routes(routes!(download))
        // The file's own limit is checked while it streams in (see `read_file`).
        .layer(axum::extract::DefaultBodyLimit::disable())
}

#[derive(Serialize, ToSchema)]
struct AttachmentInfo {
    /// Numbered from 1 in the order attached.
    attachment_no: u32,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    sha256: String,
    description: Option<String>,
    attached_on: NaiveDate,
    attached_by_agency_id: i64,
    withdrawn: bool,
}

#[utoipa::path(get, path = "/api/v1/cases/{number}/attachments", tag = "attachments", params(("number" = String, Path)), responses((status = 200, body = Vec<AttachmentInfo>), (status = 404, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<Vec<AttachmentInfo>>, ApiError> {
    let access = case_for(&state, &user, &number, Action::ReadAttachment).await?;
    let (case, masked) = (access.case, access.identity == IdentityView::Masked);
    Ok(Json(
        case.state
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| AttachmentInfo {
                attachment_no: i as u32 + 1,
                file_name: if masked {
                    REDACTED.to_owned()
                } else {
                    a.attachment.file_name.clone()
                },
                media_type: a.attachment.media_type.clone(),
                size_bytes: a.attachment.size_bytes,
                sha256: a.attachment.sha256.clone(),
                description: a.attachment.description.clone().filter(|_| !masked),
                attached_on: a.attachment.attached_on,
                attached_by_agency_id: a.attached_by_agency_id,
                withdrawn: a.withdrawn,
            })
            .collect(),
    ))
}

/// The multipart form of an upload (documented; read by hand to stream the file).
#[derive(ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// The case version the upload is based on.
    version: i64,
    description: Option<String>,
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
}

#[utoipa::path(post, path = "/api/v1/cases/{number}/attachments", tag = "attachments", params(("number" = String, Path)), request_body(content = UploadForm, content_type = "multipart/form-data"), responses((status = 201, body = CaseRecord), (status = 400, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<CaseRecord>), ApiError> {
    case_for(&state, &user, &number, Action::Attach).await?;
    let mut multipart = multipart.map_err(|_| bad_form())?;
    let max_bytes = state.store.attachment_limits().max_bytes;
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
                file = Some((name, read_file(field, max_bytes).await?));
            }
            _ => {}
        }
    }
    let Some(version) = version else {
        return Err(missing("version", "phiên bản hồ sơ", "the case version"));
    };
    let Some((file_name, content)) = file else {
        return Err(missing("file", "tệp", "a file"));
    };
    let case = state
        .store
        .attach(
            actor(&user),
            &number,
            version,
            Upload {
                file_name: &file_name,
                description: description.as_deref(),
                content: &content,
            },
            today(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(case)))
}

#[utoipa::path(get, path = "/api/v1/cases/{number}/attachments/{attachment_no}", tag = "attachments", params(("number" = String, Path), ("attachment_no" = u32, Path)), responses((status = 200, description = "The file, with its media type", content_type = "application/octet-stream"), (status = 404, body = crate::error::ErrorBody), (status = 410, body = crate::error::ErrorBody), (status = 500, description = "The stored file is missing or altered", body = crate::error::ErrorBody)))]
async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((number, attachment_no)): Path<(String, u32)>,
) -> Result<Response, ApiError> {
    let case = case_for(&state, &user, &number, Action::ReadAttachment)
        .await?
        .case;
    let (attachment, content) = state.store.attachment_content(&case, attachment_no).await?;
    let disposition = format!(
        "attachment; filename=\"attachment-{attachment_no}\"; filename*=UTF-8''{}",
        utf8_percent_encode(&attachment.attachment.file_name, NON_ALPHANUMERIC)
    );
    let mut response = content.into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_TYPE,
            attachment.attachment.media_type.as_str(),
        ),
        (header::CONTENT_DISPOSITION, disposition.as_str()),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    Ok(response)
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
