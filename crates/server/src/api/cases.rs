//! Cases over JSON: open one at reception, read it with its entitlements and
//! deadlines, record each step as a command with the version it was based on,
//! read its history. Every handler asks the access policy first.

use super::case_access::{actor, allow, case_for, log, scope_for, today};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::Json as JsonBody;
use crate::extract::{Path, Query};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use haven_access::{
    decide, mask_person, redact_free_text, Action, Decision, DenyReason, IdentityView,
    MaskedPerson, Principal, Scope, REDACTED,
};
use haven_domain::case::deadlines::DueItem;
use haven_domain::case::entitlements::{EntitlementRules, EntitlementStatus};
use haven_domain::case::person::Person;
use haven_domain::case::{Command, Reception};
use haven_store::cases::{CaseQuery, CaseRecord, HistoryEntry, MAX_PAGE};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
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

#[derive(Serialize, ToSchema)]
struct CaseSummary {
    case_number: String,
    version: i64,
    phase: &'static str,
    identification: &'static str,
    channel: String,
    received_on: NaiveDate,
    lead_agency_id: i64,
    /// How the caller stands to the case: lead, referred, supervised or emergency.
    scope: Scope,
    overdue: usize,
}

/// Filters of the case list; all optional.
#[derive(Deserialize, IntoParams)]
struct ListFilter {
    phase: Option<String>,
    identification: Option<String>,
    /// `true`: only cases with an overdue item; `false`: only those without.
    overdue: Option<bool>,
    /// Only cases led by the caller's agency (not those referred to it).
    lead_only: Option<bool>,
    /// Only cases led by this agency.
    lead_agency_id: Option<i64>,
    /// Only cases received in this administrative unit (province, district or
    /// commune; legacy or 2025) or anywhere under it.
    unit_id: Option<String>,
    /// Cases to skip (paging); 0 by default.
    offset: Option<u64>,
    /// Page size: 50 by default, at most 500.
    limit: Option<u64>,
}

#[derive(Serialize, ToSchema)]
struct CaseList {
    /// Matching cases over all pages.
    total: u64,
    offset: u64,
    limit: u64,
    items: Vec<CaseSummary>,
}

#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(ListFilter), responses((status = 200, body = CaseList), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filter): Query<ListFilter>,
) -> Result<Json<CaseList>, ApiError> {
    let who = allow(&state, &user, Action::ReadCase).await?;
    let today = today();
    let limit = filter.limit.unwrap_or(50).clamp(1, MAX_PAGE);
    let offset = filter.offset.unwrap_or(0);
    let query = CaseQuery {
        phase: filter.phase,
        identification: filter.identification,
        lead_only: filter.lead_only.unwrap_or(false),
        lead_agency_id: filter.lead_agency_id,
        jurisdiction: who.jurisdiction.clone(),
        unit_id: filter.unit_id.filter(|u| !u.trim().is_empty()),
        overdue: filter.overdue.map(|o| (o, today)),
        offset,
        limit,
    };
    let page = state.store.list_cases(user.agency_id, &query).await?;
    let rules = &state.store.rules().deadlines;
    let mut items = Vec::with_capacity(page.items.len());
    for c in page.items {
        let (scope, _) = scope_for(&state, &who, &c).await?;
        items.push(CaseSummary {
            scope,
            overdue: rules
                .due_items(&c.state, today)
                .iter()
                .filter(|i| i.overdue)
                .count(),
            case_number: c.case_number,
            version: c.version,
            phase: c.state.phase.code(),
            identification: c.state.identification.code(),
            channel: c.state.channel.clone(),
            received_on: c.state.received_on,
            lead_agency_id: c.lead_agency_id,
        });
    }
    Ok(Json(CaseList {
        total: page.total,
        offset,
        limit,
        items,
    }))
}

#[derive(Serialize, ToSchema)]
struct Entitlements {
    status: EntitlementStatus,
    clauses: Vec<String>,
    source: String,
}

#[derive(Serialize, ToSchema)]
struct CaseView {
    #[serde(flatten)]
    case: CaseRecord,
    scope: Scope,
    /// Identity fields the caller may not see are `null` and listed in `masked_fields`.
    person: Option<MaskedPerson>,
    entitlements: Entitlements,
    deadlines: Vec<DueItem>,
}

#[utoipa::path(get, path = "/api/v1/cases/{number}", tag = "cases", params(("number" = String, Path)), responses((status = 200, body = CaseView), (status = 404, body = crate::error::ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let access = case_for(&state, &user, &number, Action::ReadCase).await?;
    let (mut case, scope) = (access.case, access.scope);
    if access.identity == IdentityView::Masked {
        for attachment in &mut case.state.attachments {
            attachment.attachment.file_name = REDACTED.to_owned();
            attachment.attachment.description = None;
        }
    }
    let person = state
        .store
        .person(case.person_id)
        .await?
        .map(|p| mask_person(&p, &access.identity));
    let rules = &state.store.rules().entitlements;
    let entitlements = Entitlements {
        status: EntitlementRules::status_of(&case.state),
        clauses: rules.clauses_for(&case.state).to_vec(),
        source: rules.source.clone(),
    };
    let deadlines = state
        .store
        .rules()
        .deadlines
        .due_items(&case.state, today());
    Ok(Json(CaseView {
        case,
        scope,
        person,
        entitlements,
        deadlines,
    }))
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
    let access = case_for(&state, &user, &number, Action::ReadHistory).await?;
    let mut entries = state.store.case_history(&number).await?;
    // Whoever may not see identities (auditors, supervisors) reads the steps,
    // not the notes, reasons and file names that could name someone.
    if access.identity == IdentityView::Masked {
        for entry in &mut entries {
            redact_free_text(&mut entry.payload);
            redact_free_text(&mut entry.changes);
            entry.reason = entry.reason.as_ref().map(|_| REDACTED.to_owned());
        }
    }
    Ok(Json(entries))
}
