//! Persons over JSON: duplicate candidates at reception, reading a person
//! with the cases the caller may see, and merging two records of one person.

use crate::auth::CurrentUser;
use crate::case_access::{actor, allow, log, scope_for};
use crate::error::ApiError;
use crate::extract::Json as JsonBody;
use crate::extract::Path;
use crate::views;
use crate::views::persons::CandidateView;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_access::{
    decide, mask_person, Action, Decision, HiddenBecause, IdentityView, MaskedPerson, Principal,
};
use haven_domain::case::person::Person;
use haven_store::cases::{PersonMerge, PersonView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(duplicates))
        .routes(routes!(read))
        .routes(routes!(merge))
        .routes(routes!(correct))
}

/// A person's cases the caller may take `action` on, the count of the
/// others, and the widest identity view those cases give.
struct Reach {
    allowed: Vec<String>,
    others: usize,
    identity: IdentityView,
    /// Every allowed case shows the person whole to the caller.
    whole_everywhere: bool,
}

async fn reach(
    state: &AppState,
    who: &Principal,
    person_id: i64,
    action: Action<'_>,
) -> Result<Reach, ApiError> {
    let mut reach = Reach {
        allowed: Vec::new(),
        others: 0,
        identity: IdentityView::Hidden(HiddenBecause::NotInvolved),
        whole_everywhere: true,
    };
    for case in state.store.cases_of_person(person_id).await? {
        let (scope, identity) = scope_for(state, who, &case).await?;
        if decide(who, action, scope) != Decision::Allow {
            reach.others += 1;
            continue;
        }
        reach.whole_everywhere &= identity.is_whole();
        reach.allowed.push(case.case_number);
        reach.identity = std::mem::replace(
            &mut reach.identity,
            IdentityView::Hidden(HiddenBecause::NotInvolved),
        )
        .widest(identity);
    }
    Ok(reach)
}

#[derive(Serialize, ToSchema)]
struct PersonRead {
    id: i64,
    version: i32,
    merged_into_id: Option<i64>,
    /// Identity fields the caller may not see are `null` and listed in `masked_fields`.
    #[serde(flatten)]
    person: MaskedPerson,
    /// The person's cases this user may open.
    case_numbers: Vec<String>,
    /// Cases held by agencies this user has no part in: counted, not shown.
    other_cases: usize,
}

/// A person record, when the caller's agency works on at least one of their cases.
#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "persons", params(("id" = i64, Path)), responses((status = 200, body = PersonRead), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<PersonRead>, ApiError> {
    let who = allow(&state, &user, Action::ReadPerson).await?;
    let view: PersonView = state
        .store
        .person_view(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let reach = reach(&state, &who, id, Action::ReadPerson).await?;
    if reach.allowed.is_empty() {
        log(
            &state,
            &user,
            Action::ReadPerson,
            None,
            Some(haven_access::DenyReason::NotInScope),
        )
        .await;
        return Err(ApiError::not_found());
    }
    for number in &reach.allowed {
        log(&state, &user, Action::ReadPerson, Some(number), None).await;
    }
    Ok(Json(PersonRead {
        id: view.id,
        version: view.version,
        merged_into_id: view.merged_into_id,
        person: mask_person(&view.person, &reach.identity),
        case_numbers: reach.allowed,
        other_cases: reach.others,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MergeRequest {
    /// The version of this (kept) record the user saw.
    version: i32,
    /// The record to merge into this one.
    merge_person_id: i64,
    merge_person_version: i32,
    reason: String,
}

/// Merges another record of the same person into this one. The caller's
/// agency must work on every case of both records.
#[utoipa::path(post, path = "/api/v1/persons/{id}/merge", tag = "persons", params(("id" = i64, Path)), request_body = MergeRequest, responses((status = 200, body = PersonMerge), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn merge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(request): JsonBody<MergeRequest>,
) -> Result<Json<PersonMerge>, ApiError> {
    let who = allow(&state, &user, Action::MergePersons).await?;
    let mut held_elsewhere = 0;
    let mut whole = true;
    let mut numbers = Vec::new();
    for person_id in [id, request.merge_person_id] {
        let reach = reach(&state, &who, person_id, Action::MergePersons).await?;
        if reach.allowed.is_empty() {
            return Err(ApiError::not_found());
        }
        held_elsewhere += reach.others;
        whole &= reach.whole_everywhere;
        numbers.extend(reach.allowed);
    }
    // A merge shows the kept record with both records' details: only a user
    // who already sees both whole (a child's: her assigned worker) merges.
    if !whole {
        for number in &numbers {
            log(
                &state,
                &user,
                Action::MergePersons,
                Some(number),
                Some(haven_access::DenyReason::NotInScope),
            )
            .await;
        }
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "identity_not_visible",
            "Chỉ người được xem đầy đủ cả hai hồ sơ người (hồ sơ trẻ em: cán bộ được phân công) mới gộp được.",
            "Only a user who sees both person records whole (a child's: her assigned worker) can merge them.",
        ));
    }
    if held_elsewhere > 0 {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "cases_held_elsewhere",
            "Một số hồ sơ của người này do cơ quan khác quản lý; hãy đề nghị cơ quan đó gộp hoặc chuyển hồ sơ cho bạn.",
            "Some of this person's cases are held by other agencies; ask them to merge, or to refer the cases to you.",
        ));
    }
    let merged = state
        .store
        .merge_persons(
            actor(&user),
            (id, request.version),
            (request.merge_person_id, request.merge_person_version),
            &request.reason,
        )
        .await?;
    for number in &numbers {
        log(&state, &user, Action::MergePersons, Some(number), None).await;
    }
    Ok(Json(merged))
}

#[derive(Deserialize, ToSchema)]
struct Probe {
    person: Person,
}

/// Persons already known who may be the one being received, before a new
/// person is created. Case numbers only where the caller may read the case.
#[utoipa::path(post, path = "/api/v1/persons/duplicates", tag = "cases", request_body = Probe, responses((status = 200, body = Vec<CandidateView>)))]
async fn duplicates(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(probe): JsonBody<Probe>,
) -> Result<Json<Vec<CandidateView>>, ApiError> {
    Ok(Json(
        views::persons::duplicate_candidates(&state, &user, &probe.person).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PersonCorrection {
    /// The version of the person record the user saw (`version` of `GET /api/v1/persons/{id}`).
    version: i32,
    /// The whole record as it should be: names, birth, papers, residences,
    /// contact, languages, disability and the relatives to protect.
    person: Person,
}

#[derive(Serialize, ToSchema)]
struct PersonCorrected {
    id: i64,
    version: i32,
    #[serde(flatten)]
    person: MaskedPerson,
}

/// Corrects the person of a case. Only the lead agency's users who see her
/// whole (a child's: her assigned workers) correct her; every changed field
/// goes, with its value before and after, into the history of each of her cases.
#[utoipa::path(put, path = "/api/v1/cases/{number}/person", tag = "persons", params(("number" = String, Path)), request_body = PersonCorrection, responses((status = 200, body = PersonCorrected), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    JsonBody(input): JsonBody<PersonCorrection>,
) -> Result<Json<PersonCorrected>, ApiError> {
    let access =
        crate::case_access::case_for(&state, &user, &number, Action::CorrectPerson).await?;
    if !access.identity.is_whole() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "identity_not_visible",
            "Chỉ người được xem đầy đủ thông tin người này (hồ sơ trẻ em: cán bộ được phân công) mới sửa được.",
            "Only a user who sees this person whole (a child's: her assigned worker) can correct the record.",
        ));
    }
    let corrected = state
        .store
        .correct_person(
            actor(&user),
            access.case.person_id,
            input.version,
            &input.person,
            crate::case_access::today(),
        )
        .await?;
    Ok(Json(PersonCorrected {
        id: corrected.id,
        version: corrected.version,
        person: mask_person(&corrected.person, &access.identity),
    }))
}
