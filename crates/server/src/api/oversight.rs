//! Break-the-glass access to a case outside one's scope, the notifications
//! it sends the lead agency, and the access log auditors read.

use crate::auth::CurrentUser;
use crate::case_access::{allow, log, scope_for};
use crate::error::ApiError;
use crate::extract::{Json as JsonBody, Path, Query};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_access::{decide, Action, Decision};
use haven_store::access::{AccessRecord, EmergencyGrant};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(emergency_access))
        .routes(routes!(access_log))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct EmergencyRequest {
    /// Why the case must be opened now; kept with the grant, shown to the lead agency's auditors.
    reason: String,
}

/// Opens a case outside the caller's scope for reading, for a limited time;
/// logged, and the lead agency is notified.
#[utoipa::path(post, path = "/api/v1/cases/{number}/emergency-access", tag = "access", params(("number" = String, Path)), request_body = EmergencyRequest, responses((status = 201, body = EmergencyGrant), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn emergency_access(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(request): JsonBody<EmergencyRequest>,
) -> Result<(StatusCode, Json<EmergencyGrant>), ApiError> {
    let who = allow(&state, &user, Action::BreakTheGlass).await?;
    let case = state
        .store
        .case_by_number(&number)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let (scope, _) = scope_for(&state, &who, &case).await?;
    if let Decision::Deny(reason) = decide(&who, Action::BreakTheGlass, scope) {
        log(
            &state,
            &user,
            Action::BreakTheGlass,
            Some(&number),
            Some(reason),
        )
        .await;
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "already_in_scope",
            "Bạn đã có quyền truy cập hồ sơ này; không cần truy cập khẩn cấp.",
            "You can already reach this case; emergency access is not needed.",
        ));
    }
    let grant = state
        .store
        .grant_emergency_access(
            user.id,
            user.agency_id,
            &number,
            &request.reason,
            state.settings.emergency_access_hours,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(grant)))
}

/// The access log, newest first: who did what to which case, allowed or denied. Auditors only.
#[utoipa::path(get, path = "/api/v1/access-log", tag = "access", params(crate::views::access_log::AccessFilter), responses((status = 200, body = Vec<AccessRecord>), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn access_log(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filter): Query<crate::views::access_log::AccessFilter>,
) -> Result<Json<Vec<AccessRecord>>, ApiError> {
    Ok(Json(
        crate::views::access_log::access_log(&state, &user, &filter).await?,
    ))
}
