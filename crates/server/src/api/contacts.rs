//! The hotline's contacts over JSON (see `views::hotline`): recorded and
//! kept by the hotline, dispatched to the agency that must act and
//! answered by it, attached to the case they concern.

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path, Query};
use crate::views::hotline::{
    self, ContactChangeView, ContactQuery, ContactRow, ContactView, NewContact,
};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_domain::hotline::{AnswerDraft, ContactDraft, DispatchDraft};
use haven_domain::ids::DispatchId;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contacts, record_contact))
        .routes(routes!(read_contact, correct_contact))
        .routes(routes!(contact_history))
        .routes(routes!(dispatch_contact))
        .routes(routes!(answer_dispatch))
        .routes(routes!(attach_contact_to_case))
        .routes(routes!(call_back_made))
        .routes(routes!(dispatches_waiting))
}

#[derive(Deserialize, ToSchema)]
struct ContactCorrection {
    version: i64,
    contact: ContactDraft,
}

#[derive(Deserialize, ToSchema)]
struct ContactDispatch {
    version: i64,
    #[serde(flatten)]
    dispatch: DispatchDraft,
}

#[derive(Deserialize, ToSchema)]
struct CaseAttachment {
    version: i64,
    case_number: String,
}

#[derive(Deserialize, ToSchema)]
struct OnVersion {
    version: i64,
}

/// The contacts the caller's hotline keeps, or those dispatched to the caller's agency; newest first.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "hotline", params(ContactQuery), responses((status = 200, body = Vec<ContactRow>), (status = 403, body = ErrorBody)))]
async fn list_contacts(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ContactQuery>,
) -> Result<Json<Vec<ContactRow>>, ApiError> {
    Ok(Json(hotline::contacts(&state, &user, &query).await?))
}

/// Records a contact; one in immediate danger needs `dispatch`, the agency that must act.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "hotline", request_body = NewContact, responses((status = 201, body = ContactView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn record_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new): JsonBody<NewContact>,
) -> Result<(StatusCode, Json<ContactView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(hotline::record(&state, &user, &new).await?),
    ))
}

/// One contact as the caller may see it: whole for its hotline, what is needed to act for an agency it was dispatched to.
#[utoipa::path(get, path = "/api/v1/contacts/{number}", tag = "hotline", params(("number" = String, Path)), responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(hotline::contact(&state, &user, &number).await?))
}

/// Corrects a contact: its hotline, on its version.
#[utoipa::path(put, path = "/api/v1/contacts/{number}", tag = "hotline", params(("number" = String, Path)), request_body = ContactCorrection, responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn correct_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(change): JsonBody<ContactCorrection>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(
        hotline::correct(&state, &user, &number, change.version, &change.contact).await?,
    ))
}

/// A contact's history: its hotline only.
#[utoipa::path(get, path = "/api/v1/contacts/{number}/history", tag = "hotline", params(("number" = String, Path)), responses((status = 200, body = Vec<ContactChangeView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn contact_history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<Vec<ContactChangeView>>, ApiError> {
    Ok(Json(hotline::history(&state, &user, &number).await?))
}

/// Dispatches a contact to the agency that must act, with the configured deadline.
#[utoipa::path(post, path = "/api/v1/contacts/{number}/dispatches", tag = "hotline", params(("number" = String, Path)), request_body = ContactDispatch, responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn dispatch_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(change): JsonBody<ContactDispatch>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(
        hotline::dispatch(&state, &user, &number, change.version, &change.dispatch).await?,
    ))
}

/// The answer of the agency a contact was dispatched to: once.
#[utoipa::path(post, path = "/api/v1/contacts/{number}/dispatches/{dispatch_id}/answer", tag = "hotline", params(("number" = String, Path), ("dispatch_id" = i64, Path)), request_body = AnswerDraft, responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn answer_dispatch(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((number, dispatch_id)): Path<(String, i64)>,
    JsonBody(draft): JsonBody<AnswerDraft>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(
        hotline::answer(&state, &user, &number, DispatchId(dispatch_id), &draft).await?,
    ))
}

/// Attaches a contact to an existing case the caller may read, on the contact's version.
#[utoipa::path(post, path = "/api/v1/contacts/{number}/case", tag = "hotline", params(("number" = String, Path)), request_body = CaseAttachment, responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn attach_contact_to_case(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(change): JsonBody<CaseAttachment>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(
        hotline::attach_to_case(&state, &user, &number, change.version, &change.case_number)
            .await?,
    ))
}

/// Marks the planned call back made, on the contact's version.
#[utoipa::path(post, path = "/api/v1/contacts/{number}/call-back-made", tag = "hotline", params(("number" = String, Path)), request_body = OnVersion, responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn call_back_made(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(change): JsonBody<OnVersion>,
) -> Result<Json<ContactView>, ApiError> {
    Ok(Json(
        hotline::call_back_done(&state, &user, &number, change.version).await?,
    ))
}

/// The contacts dispatched to the caller's agency and not answered yet, soonest deadline first.
#[utoipa::path(get, path = "/api/v1/dispatches/waiting", tag = "hotline", responses((status = 200, body = Vec<ContactRow>), (status = 403, body = ErrorBody)))]
async fn dispatches_waiting(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<ContactRow>>, ApiError> {
    Ok(Json(hotline::waiting_for_my_agency(&state, &user).await?))
}
