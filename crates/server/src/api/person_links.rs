//! Link requests over JSON: ask the agency leading a known person's case to
//! link her to one's new case, list the requests sent and received, answer.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::Json as JsonBody;
use crate::extract::Path;
use crate::views::person_links::{
    answer_link, link_requests, request_link, LinkAnswerInput, LinkRequestInput, LinkRequestView,
};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request))
        .routes(routes!(list))
        .routes(routes!(answer))
}

/// Asks the agency leading the known person's case to link her to this case.
#[utoipa::path(post, path = "/api/v1/cases/{number}/person-links", tag = "persons", params(("number" = String, Path)), request_body = LinkRequestInput, responses((status = 201, body = LinkRequestView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn request(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(input): JsonBody<LinkRequestInput>,
) -> Result<(StatusCode, Json<LinkRequestView>), ApiError> {
    let sent = request_link(&state, &user, &number, input).await?;
    Ok((StatusCode::CREATED, Json(sent)))
}

/// The link requests the caller's agency sent and those it must answer.
#[utoipa::path(get, path = "/api/v1/person-links", tag = "persons", responses((status = 200, body = Vec<LinkRequestView>), (status = 403, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<LinkRequestView>>, ApiError> {
    Ok(Json(link_requests(&state, &user).await?))
}

/// Accepts (sharing the fields chosen) or declines a link request.
#[utoipa::path(post, path = "/api/v1/person-links/{id}/answer", tag = "persons", params(("id" = i64, Path)), request_body = LinkAnswerInput, responses((status = 200, body = LinkRequestView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<LinkAnswerInput>,
) -> Result<Json<LinkRequestView>, ApiError> {
    Ok(Json(answer_link(&state, &user, id, input).await?))
}
