//! Errors as the API returns them: a stable code, the field when there is one,
//! and messages in Vietnamese and English. Never a stack trace, never personal data.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use haven_domain::{Violation, Violations};
use haven_store::attachments::FileProblem;
use haven_store::StoreError;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message_vi: String,
    pub message_en: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    /// With `stale_version`: the version to reload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Boxed: errors travel in `Result`s through every handler.
    pub body: Box<ErrorBody>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            status,
            body: Box::new(ErrorBody {
                code,
                field: None,
                message_vi: vi.into(),
                message_en: en.into(),
                violations: vec![],
                current_version: None,
            }),
        }
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Cần đăng nhập.",
            "You need to log in.",
        )
    }

    pub fn bad_login() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "Tên đăng nhập hoặc mật khẩu không đúng.",
            "Wrong username or password.",
        )
    }

    /// Too many failed logins: the same answer whether or not the account exists.
    pub fn locked_out(until: chrono::DateTime<chrono::Utc>) -> Self {
        let minutes = (until - chrono::Utc::now()).num_minutes().max(1);
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("Đăng nhập sai quá nhiều lần; hãy thử lại sau {minutes} phút."),
            format!("Too many failed logins; try again in {minutes} minutes."),
        )
    }

    pub fn second_factor_required() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "second_factor_required",
            "Nhập mã xác thực từ ứng dụng (hoặc một mã khôi phục).",
            "Enter the code from your authenticator app (or a recovery code).",
        )
    }

    pub fn bad_second_factor() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "bad_second_factor",
            "Mã xác thực không đúng hoặc đã dùng.",
            "The authentication code is wrong or was already used.",
        )
    }

    pub fn second_factor_enrollment_required() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "second_factor_enrollment_required",
            "Vai trò của bạn được xem thông tin nhân thân nên phải bật xác thực hai lớp trước (POST /api/v1/me/second-factor).",
            "Your role may see identities, so you must set up two-factor login first (POST /api/v1/me/second-factor).",
        )
    }

    pub fn password_change_required() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "password_change_required",
            "Mật khẩu của bạn do quản trị viên đặt lại; hãy đổi mật khẩu trước (POST /api/v1/me/password).",
            "Your password was reset by an administrator; change it first (POST /api/v1/me/password).",
        )
    }

    /// Administrators may not lock themselves out by changing their own roles or standing.
    pub fn own_account() -> Self {
        let mut error = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "own_account",
            "Không thể tự đổi vai trò hoặc khóa tài khoản của chính mình; hãy nhờ quản trị viên khác.",
            "You cannot change your own roles or deactivate your own account; ask another administrator.",
        );
        error.body.field = Some("roles".into());
        error
    }

    /// A file could not be written (never the caller's fault).
    pub fn export_failed() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "export_failed",
            "Không tạo được tệp báo cáo.",
            "The report file could not be made.",
        )
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Vai trò của bạn không được phép làm việc này.",
            "Your role may not do this.",
        )
    }

    /// Haven is at capacity: nothing was done; the client tries again
    /// after the `Retry-After` the load layer adds to every 503.
    pub fn busy() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "Hệ thống đang quá tải, chưa thực hiện yêu cầu này; vui lòng thử lại sau ít giây.",
            "Haven is busy and did not carry out this request; please try again in a few seconds.",
        )
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Không tìm thấy.",
            "Not found.",
        )
    }

    pub fn invalid(violations: Violations) -> Self {
        let field = violations.0.first().map(|v| v.field.clone());
        let mut error = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "Dữ liệu chưa hợp lệ.",
            "The input is not valid.",
        );
        error.body.field = field;
        error.body.violations = violations.0;
        error
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(v) => ApiError::invalid(v),
            StoreError::NotFound { .. } => ApiError::not_found(),
            StoreError::AlreadyExists { what } => ApiError::new(
                StatusCode::CONFLICT,
                "already_exists",
                format!("Đã tồn tại: {what}."),
                format!("Already exists: {what}."),
            ),
            StoreError::StaleVersion { expected, current } => {
                let mut error = ApiError::new(
                    StatusCode::CONFLICT,
                    "stale_version",
                    format!(
                        "Bản ghi đã được người khác cập nhật (phiên bản {current}, bạn sửa từ phiên bản {expected}). \
                         Hãy tải lại rồi nhập lại thay đổi."
                    ),
                    format!(
                        "Someone else updated this record (now version {current}, you edited version {expected}). \
                         Reload and apply your change again."
                    ),
                );
                error.body.current_version = Some(current);
                error
            }
            StoreError::Rejected(rejection) => {
                // A rule about one field reads like any other invalid field.
                let violations = match rejection.field {
                    Some(_) => haven_domain::Violations::from(rejection.clone()).0,
                    None => Vec::new(),
                };
                let mut error = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    rejection.code,
                    rejection.message_vi,
                    rejection.message_en,
                );
                error.body.field = rejection.field.map(str::to_owned);
                error.body.violations = violations;
                error
            }
            StoreError::Refused(reason) => ApiError::new(
                StatusCode::CONFLICT,
                "refused",
                "Thao tác bị từ chối.",
                reason,
            ),
            StoreError::Withdrawn => ApiError::new(
                StatusCode::GONE,
                "attachment_withdrawn",
                "Tệp này đã được rút: vẫn được liệt kê nhưng không tải về được nữa.",
                "This file was withdrawn: it stays listed but can no longer be downloaded.",
            ),
            StoreError::AttachmentUnavailable(problem) => {
                let (code, vi, en) = match problem {
                    FileProblem::Missing => (
                        "attachment_missing",
                        "Không tìm thấy tệp đính kèm trong kho lưu trữ; quản trị viên cần kiểm tra (haven audit verify).",
                        "The attachment's file is missing from storage; an administrator must check it (haven audit verify).",
                    ),
                    FileProblem::Corrupted => (
                        "attachment_corrupted",
                        "Tệp đính kèm đã bị thay đổi hoặc hỏng nên không được trả về; quản trị viên cần kiểm tra (haven audit verify).",
                        "The attachment's file was altered or damaged and is not served; an administrator must check it (haven audit verify).",
                    ),
                };
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, code, vi, en)
            }
            StoreError::Busy(error) => {
                tracing::warn!(%error, "busy: a request waited too long for the database");
                ApiError::busy()
            }
            other @ StoreError::Configuration(_)
            | other @ StoreError::Unreachable(_)
            | other @ StoreError::Database(_)
            | other @ StoreError::Internal(_) => {
                // The detail goes to the log (it names tables, not people); the
                // client learns only that something failed.
                tracing::error!(error = %other, "request failed");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Lỗi hệ thống, vui lòng thử lại.",
                    "Internal error, please try again.",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(*self.body)).into_response()
    }
}

/// An address no route answers: JSON under `/api/`, a page in the
/// user's language elsewhere (a mistyped or old link from a browser).
pub async fn not_found(page: crate::pages::context::PublicPage, uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return ApiError::not_found().into_response();
    }
    crate::pages::not_found_page(&page)
}
