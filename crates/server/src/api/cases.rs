//! Cases over JSON: open one at reception, read it with its entitlements and
//! deadlines, record each step as a command with the version it was based on,
//! read its history. Every handler asks the access policy first.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::Json as JsonBody;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{FixedOffset, NaiveDate, Utc};
use haven_access::{decide, relation, Action, Decision, DenyReason, Principal, Relation};
use haven_domain::case::deadlines::{DeadlineRules, DueItem};
use haven_domain::case::entitlements::{EntitlementRules, EntitlementStatus};
use haven_domain::case::person::Person;
use haven_domain::case::{Command, Reception};
use haven_store::cases::{Actor, CaseRecord, HistoryEntry};
use haven_store::UserAccount;
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
        .routes(routes!(duplicates))
}

/// Dates are Vietnamese dates: UTC+7 all year.
fn today() -> NaiveDate {
    match FixedOffset::east_opt(7 * 3600) {
        Some(vietnam) => Utc::now().with_timezone(&vietnam).date_naive(),
        None => Utc::now().date_naive(),
    }
}

fn principal(user: &UserAccount) -> Principal {
    Principal {
        user_id: user.id,
        agency_id: user.agency_id,
        roles: user.roles.clone(),
    }
}

fn actor(user: &UserAccount) -> Actor {
    Actor {
        user_id: user.id,
        agency_id: user.agency_id,
    }
}

/// Allow, or the error to answer: an uninvolved agency learns nothing, not even that the case exists.
fn enforce(decision: Decision) -> Result<(), ApiError> {
    match decision {
        Decision::Allow => Ok(()),
        Decision::Deny(DenyReason::RoleHasNoCaseAccess) => Err(ApiError::forbidden()),
        Decision::Deny(DenyReason::NotInvolved) => Err(ApiError::not_found()),
    }
}

/// The case, when the caller may take `action` on it.
async fn case_for(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    action: Action<'_>,
) -> Result<(CaseRecord, Relation), ApiError> {
    let who = principal(user);
    enforce(decide(&who, action, Relation::Lead))?;
    let case = state
        .store
        .case_by_number(number)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let relation = relation(&who, &case.state);
    enforce(decide(&who, action, relation))?;
    Ok((case, relation))
}

/// A new case for a new person, or for a known one (`person_id`, after the
/// case worker confirmed a duplicate candidate).
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
    enforce(decide(
        &principal(&user),
        Action::OpenCase,
        Relation::Unrelated,
    ))?;
    let case = match (new.person, new.person_id) {
        (None, Some(person_id)) => {
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
        _ => {
            return Err(ApiError::invalid(haven_domain::Violations(
                vec![haven_domain::Violation::new(
                "person",
                "one_of",
                "Ghi thông tin người mới (person) hoặc chọn người đã có (person_id), không cả hai.",
                "Give either a new person (person) or a known one (person_id), not both.",
            )],
            )))
        }
    };
    Ok((StatusCode::CREATED, Json(case)))
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
    relation: Relation,
    overdue: usize,
}

/// Filters of the case list; all optional.
#[derive(Deserialize, IntoParams)]
struct ListFilter {
    phase: Option<String>,
    identification: Option<String>,
    /// `true`: only cases with an overdue item.
    overdue: Option<bool>,
    /// Only cases led by the caller's agency (not those referred to it).
    lead_only: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(ListFilter), responses((status = 200, body = Vec<CaseSummary>), (status = 403, body = crate::error::ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filter): Query<ListFilter>,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    let who = principal(&user);
    enforce(decide(&who, Action::ReadCase, Relation::Lead))?;
    let rules = DeadlineRules::default();
    let today = today();
    let cases = state.store.cases_of_agency(user.agency_id).await?;
    Ok(Json(
        cases
            .into_iter()
            .map(|c| CaseSummary {
                relation: relation(&who, &c.state),
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
            })
            .filter(|c| filter.phase.as_deref().is_none_or(|p| p == c.phase))
            .filter(|c| {
                filter
                    .identification
                    .as_deref()
                    .is_none_or(|i| i == c.identification)
            })
            .filter(|c| filter.overdue.is_none_or(|o| o == (c.overdue > 0)))
            .filter(|c| !filter.lead_only.unwrap_or(false) || c.relation == Relation::Lead)
            .collect(),
    ))
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
    relation: Relation,
    /// Absent for roles that may not see identities.
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<Person>,
    entitlements: Entitlements,
    deadlines: Vec<DueItem>,
}

#[utoipa::path(get, path = "/api/v1/cases/{number}", tag = "cases", params(("number" = String, Path)), responses((status = 200, body = CaseView), (status = 404, body = crate::error::ErrorBody)))]
async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<CaseView>, ApiError> {
    let (case, relation) = case_for(&state, &user, &number, Action::ReadCase).await?;
    let person = if haven_access::may_view_identity(&principal(&user)) {
        state.store.person(case.person_id).await?
    } else {
        None
    };
    let rules = EntitlementRules::default();
    let entitlements = Entitlements {
        status: EntitlementRules::status_of(&case.state),
        clauses: rules.clauses_for(&case.state).to_vec(),
        source: rules.source.clone(),
    };
    let deadlines = DeadlineRules::default().due_items(&case.state, today());
    Ok(Json(CaseView {
        case,
        relation,
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
    case_for(&state, &user, &number, Action::ReadHistory).await?;
    Ok(Json(state.store.case_history(&number).await?))
}

#[derive(Deserialize, ToSchema)]
struct Probe {
    person: Person,
}

#[derive(Serialize, ToSchema)]
struct CandidateView {
    person_id: i64,
    score: u32,
    reasons: Vec<haven_domain::duplicates::Reason>,
    /// The candidate's cases this user may open.
    case_numbers: Vec<String>,
    /// Cases held by agencies this user has no part in: counted, not shown.
    other_cases: usize,
}

/// Persons already known who may be the one being received, before a new
/// person is created. Case numbers only where the caller may read the case.
#[utoipa::path(post, path = "/api/v1/persons/duplicates", tag = "cases", request_body = Probe, responses((status = 200, body = Vec<CandidateView>)))]
async fn duplicates(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(probe): JsonBody<Probe>,
) -> Result<Json<Vec<CandidateView>>, ApiError> {
    let who = principal(&user);
    enforce(decide(&who, Action::OpenCase, Relation::Unrelated))?;
    let mut out = Vec::new();
    for candidate in state.store.duplicate_candidates(&probe.person).await? {
        let mut case_numbers = Vec::new();
        let mut other_cases = 0;
        for id in &candidate.case_ids {
            match state.store.case_by_id(*id).await? {
                Some(case)
                    if decide(&who, Action::ReadCase, relation(&who, &case.state))
                        == Decision::Allow =>
                {
                    case_numbers.push(case.case_number)
                }
                _ => other_cases += 1,
            }
        }
        out.push(CandidateView {
            person_id: candidate.person_id,
            score: candidate.score,
            reasons: candidate.reasons,
            case_numbers,
            other_cases,
        });
    }
    Ok(Json(out))
}
