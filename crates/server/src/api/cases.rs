//! Cases over JSON: open one at reception, read it with its entitlements and
//! deadlines, record each step as a command with the version it was based on,
//! read its history. Every handler asks the access policy first.

use crate::auth::CurrentUser;
use crate::case_access::{actor, allow, case_for, log, scope_for, today};
use crate::error::ApiError;
use crate::extract::Json as JsonBody;
use crate::extract::{Path, Query};
use crate::views;
use crate::views::cases::{CaseList, CaseView, ListFilter};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_access::{decide, Action, Decision, DenyReason, Principal};
use haven_domain::case::person::Person;
use haven_domain::case::{Command, Reception};
use haven_store::cases::{CaseRecord, HistoryEntry};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, open))
        .routes(routes!(read))
        .routes(routes!(record))
        .routes(routes!(history))
}

/// A new case for a new person (`person`), or for a known one (`person_id`):
/// a person whose cases the caller reaches, or a candidate the duplicate
/// search proposes for the details typed at reception (`person` with
/// `person_id`; those details only prove the match and are not stored).
#[derive(Deserialize, ToSchema)]
struct NewCase {
    person: Option<Person>,
    person_id: Option<i64>,
    reception: Reception,
}

#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = NewCase, responses((status = 201, body = CaseRecord), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new): JsonBody<NewCase>,
) -> Result<(StatusCode, Json<CaseRecord>), ApiError> {
    let who = allow(&state, &user, Action::OpenCase).await?;
    let case = match (new.person, new.person_id) {
        (probe, Some(person_id)) => {
            if !may_link(&state, &who, person_id, probe.as_ref()).await? {
                log(
                    &state,
                    &user,
                    Action::OpenCase,
                    None,
                    Some(DenyReason::NotInScope),
                )
                .await;
                return Err(ApiError::invalid(haven_domain::Violations(vec![
                    haven_domain::Violation::new(
                        "person_id",
                        "proposed",
                        "Chỉ chọn được người mà cơ quan đang làm hồ sơ, hoặc người mà tìm kiếm trùng lặp đề xuất cho thông tin vừa nhập (gửi kèm person).",
                        "Choose a person whose cases your agency works on, or one the duplicate search proposes for the details you typed (send them as person).",
                    ),
                ])));
            }
            state
                .store
                .open_case_for_person(actor(&user), person_id, &new.reception, today())
                .await?
        }
        (Some(person), None) => {
            state
                .store
                .open_case(actor(&user), &person, &new.reception, today())
                .await?
        }
        (None, None) => {
            return Err(ApiError::invalid(haven_domain::Violations(
                vec![haven_domain::Violation::new(
                "person",
                "required",
                "Ghi thông tin người được tiếp nhận (person) hoặc chọn người đã có (person_id).",
                "Give the person received (person) or choose a known one (person_id).",
            )],
            )))
        }
    };
    Ok((StatusCode::CREATED, Json(case)))
}

/// A known person may get a new case from the caller when the caller already
/// reaches one of their cases, or when the duplicate search proposes them for
/// the details the caller typed: a person id alone must not open a door to
/// someone else's records.
async fn may_link(
    state: &AppState,
    who: &Principal,
    person_id: i64,
    probe: Option<&Person>,
) -> Result<bool, ApiError> {
    for case in state.store.cases_of_person(person_id).await? {
        let (scope, _) = scope_for(state, who, &case).await?;
        if decide(who, Action::ReadCase, scope) == Decision::Allow {
            return Ok(true);
        }
    }
    let Some(probe) = probe else {
        return Ok(false);
    };
    Ok(state
        .store
        .duplicate_candidates(probe)
        .await?
        .iter()
        .any(|c| c.person_id == person_id))
}

#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(ListFilter), responses((status = 200, body = CaseList), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filter): Query<ListFilter>,
) -> Result<Json<CaseList>, ApiError> {
    Ok(Json(views::cases::case_list(&state, &user, filter).await?))
}

#[utoipa::path(get, path = "/api/v1/cases/{number}", tag = "cases", params(("number" = String, Path)), responses((status = 200, body = CaseView), (status = 404, body = crate::error::ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(views::cases::case_view(&state, &user, &number).await?))
}

#[derive(Deserialize, ToSchema)]
struct Recorded {
    /// The case version the change was based on.
    version: i64,
    command: Command,
    reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/cases/{number}/commands", tag = "cases", params(("number" = String, Path)), request_body = Recorded, responses((status = 200, body = CaseRecord), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(input): JsonBody<Recorded>,
) -> Result<Json<CaseRecord>, ApiError> {
    case_for(&state, &user, &number, Action::Record(&input.command)).await?;
    let case = state
        .store
        .execute(
            actor(&user),
            &number,
            input.version,
            &input.command,
            input.reason.as_deref(),
            today(),
        )
        .await?;
    Ok(Json(case))
}

#[utoipa::path(get, path = "/api/v1/cases/{number}/history", tag = "cases", params(("number" = String, Path)), responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = crate::error::ErrorBody)))]
async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    Ok(Json(
        views::cases::case_history(&state, &user, &number).await?,
    ))
}
