//! Request extractors whose rejections are Haven's JSON errors, so bad JSON
//! gets a 400 with a stable code and both languages instead of plain text.

use crate::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::FromRequest;
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
