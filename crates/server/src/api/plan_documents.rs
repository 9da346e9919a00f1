//! A plan's documents over HTTP: listed, uploaded as multipart form data
//! (no version: a document adds to the plan, it changes nothing in it),
//! downloaded only while their checksum holds, withdrawn (see
//! `views::programme::documents`).

use super::attachments::file_download;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Path;
use crate::upload_form::read_upload;
use crate::views::programme::documents::{self, DocumentView, PlanDocuments};
use crate::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use haven_domain::ids::PlanId;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, upload))
        .routes(routes!(download))
        .routes(routes!(withdraw))
        // The file's own limit is checked while it streams in.
        .layer(axum::extract::DefaultBodyLimit::disable())
}

/// The plan's documents, withdrawn ones included.
#[utoipa::path(get, path = "/api/v1/plans/{id}/documents", tag = "programme", params(("id" = i64, Path)), responses((status = 200, body = PlanDocuments), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<PlanDocuments>, ApiError> {
    Ok(Json(documents::list(&state, &user, PlanId(id)).await?))
}

/// The multipart form of a plan's upload (documented; read by hand to stream the file).
#[derive(ToSchema)]
#[allow(dead_code)]
struct DocumentUpload {
    description: Option<String>,
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
}

/// Attaches a document: the issuing agency's planners. Checked for size and type.
#[utoipa::path(post, path = "/api/v1/plans/{id}/documents", tag = "programme", params(("id" = i64, Path)), request_body(content = DocumentUpload, content_type = "multipart/form-data"), responses((status = 201, body = DocumentView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<DocumentView>), ApiError> {
    // Asked before the file is read: a refused caller uploads nothing.
    documents::may_change(&state, &user, PlanId(id)).await?;
    let form = read_upload(multipart, state.store.attachment_limits().max_bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(documents::attach(&state, &user, PlanId(id), &form).await?),
    ))
}

/// The document's file, verified against its checksum.
#[utoipa::path(get, path = "/api/v1/plans/{id}/documents/{document_id}", tag = "programme", params(("id" = i64, Path), ("document_id" = i64, Path)), responses((status = 200, description = "The file, with its media type", content_type = "application/octet-stream"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody), (status = 500, description = "The stored file is missing or altered", body = ErrorBody)))]
async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, document_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (document, content) = documents::content(&state, &user, PlanId(id), document_id).await?;
    Ok(file_download(
        content,
        &document.media_type,
        &format!("plan-{id}-document-{document_id}"),
        &document.file_name,
    ))
}

/// Withdraws a document: listed still, no longer served.
#[utoipa::path(post, path = "/api/v1/plans/{id}/documents/{document_id}/withdraw", tag = "programme", params(("id" = i64, Path), ("document_id" = i64, Path)), responses((status = 200, body = DocumentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, document_id)): Path<(i64, i64)>,
) -> Result<Json<DocumentView>, ApiError> {
    Ok(Json(
        documents::withdraw(&state, &user, PlanId(id), document_id).await?,
    ))
}
