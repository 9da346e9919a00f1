//! Request extractors whose rejections are Haven's JSON errors, so bad JSON
//! gets a 400 with a stable code and both languages instead of plain text.

use crate::error::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        // The rejection text names the JSON problem and position, never values.
        let detail = rejection.body_text();
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Yêu cầu phải có Content-Type: application/json.",
                "The request needs Content-Type: application/json.",
            ),
            _ => ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_json",
                format!("Nội dung JSON không hợp lệ: {detail}"),
                format!("The JSON body is not valid: {detail}"),
            ),
        }
    }
}

/// A path parameter of the wrong form (e.g. a letter where a number goes) is a 400 in JSON.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        let detail = rejection.body_text();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_path",
            format!("Đường dẫn không hợp lệ: {detail}"),
            format!("The path is not valid: {detail}"),
        )
    }
}

/// A query parameter of the wrong form (e.g. `limit=abc`) is a 400 in JSON.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        let detail = rejection.body_text();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_query",
            format!("Tham số truy vấn không hợp lệ: {detail}"),
            format!("A query parameter is not valid: {detail}"),
        )
    }
}
