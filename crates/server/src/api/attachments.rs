//! Files kept with a case: uploaded as multipart form data with the case
//! version, listed, and downloaded only while their checksum still holds.

use crate::auth::CurrentUser;
use crate::case_access::{actor, case_for, today};
use crate::error::ApiError;
use crate::extract::Path;
use crate::upload_form::read_upload;
use crate::views::case_state::AttachmentView;
use crate::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use haven_access::Action;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, upload))
        .routes(routes!(download))
        // The file's own limit is checked while it streams in (see `read_file`).
        .layer(axum::extract::DefaultBodyLimit::disable())
}

#[utoipa::path(get, path = "/api/v1/cases/{number}/attachments", tag = "attachments", params(("number" = String, Path)), responses((status = 200, body = Vec<AttachmentView>), (status = 404, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<Vec<AttachmentView>>, ApiError> {
    let access = case_for(&state, &user, &number, Action::ReadAttachment).await?;
    Ok(Json(AttachmentView::all_of(
        &access.case.state.attachments,
        &access.identity,
    )))
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

#[utoipa::path(post, path = "/api/v1/cases/{number}/attachments", tag = "attachments", params(("number" = String, Path)), request_body(content = UploadForm, content_type = "multipart/form-data"), responses((status = 201, body = crate::views::cases::CaseView), (status = 400, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<crate::views::cases::CaseView>), ApiError> {
    case_for(&state, &user, &number, Action::Attach).await?;
    let form = read_upload(multipart, state.store.attachment_limits().max_bytes).await?;
    let case = state
        .store
        .attach(
            actor(&user),
            &number,
            form.case_version()?,
            form.upload(),
            today(),
        )
        .await?;
    let view = crate::views::cases::view_after_write(&state, &user, case).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(get, path = "/api/v1/cases/{number}/attachments/{attachment_no}", tag = "attachments", params(("number" = String, Path), ("attachment_no" = u32, Path)), responses((status = 200, description = "The file, with its media type", content_type = "application/octet-stream"), (status = 404, body = crate::error::ErrorBody), (status = 410, body = crate::error::ErrorBody), (status = 500, description = "The stored file is missing or altered", body = crate::error::ErrorBody)))]
async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((number, attachment_no)): Path<(String, u32)>,
) -> Result<Response, ApiError> {
    let access = case_for(&state, &user, &number, Action::ReadAttachment).await?;
    // A document's content and name may identify the person: whoever does
    // not see her name on this case (a supervisor, an auditor, a referred
    // agency she was not named to, a child's record not assigned to them)
    // sees that it exists, not what it says.
    if !access.identity.reads_documents() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "identity_not_visible",
            "Tài liệu có thể chứa thông tin nhận dạng; bạn không được xem danh tính trong hồ sơ này.",
            "A document may identify the person; you may not see identities on this case.",
        ));
    }
    let case = access.case;
    let (attachment, content) = state.store.attachment_content(&case, attachment_no).await?;
    Ok(file_download(
        content,
        &attachment.attachment.media_type,
        &format!("attachment-{attachment_no}"),
        &attachment.attachment.file_name,
    ))
}

/// A stored file as a download: its media type, its own name (UTF-8, with
/// an ASCII `fallback`), never cached.
pub(crate) fn file_download(
    content: Vec<u8>,
    media_type: &str,
    fallback: &str,
    file_name: &str,
) -> Response {
    let disposition = format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(file_name, NON_ALPHANUMERIC)
    );
    let mut response = content.into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, media_type),
        (header::CONTENT_DISPOSITION, disposition.as_str()),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    response
}
