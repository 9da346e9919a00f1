//! Known persons who may be the one being received: proposed before a new
//! person is created, with only the case numbers the caller may open.

use crate::case_access::{action_code, allow, scope_for, write_log};
use crate::error::ApiError;
use crate::AppState;
use haven_access::{decide, Action, Decision};
use haven_domain::case::person::Person;
use haven_store::access::AccessEntry;
use haven_store::UserAccount;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CandidateView {
    pub person_id: i64,
    /// How alike, 0–100. For a person the caller does not see whole, only
    /// a band (strong: 100, possible: the candidate threshold), so the
    /// search cannot be used to test her fields one by one.
    pub score: u32,
    /// Which details agree: only for a person the caller sees whole.
    pub reasons: Vec<haven_domain::duplicates::Reason>,
    /// The candidate's cases this user may open.
    pub case_numbers: Vec<String>,
    /// Cases held by agencies this user has no part in: counted, not shown.
    pub other_cases: usize,
    /// The caller's agency leads one of the candidate's cases: a new case may be
    /// opened for this very record (`person_id`). Otherwise ask for a link.
    pub open_directly: bool,
    /// The agency that would answer a link request: it leads the candidate's latest case.
    pub known_to_agency_id: Option<i64>,
    pub known_to_agency_name: Option<String>,
    /// Enough to decide, only for a person the caller sees whole (whose case
    /// it leads): her name, year of birth and home commune.
    pub known: Option<KnownPerson>,
}

/// Who a candidate is, for a caller who may see her whole.
#[derive(Serialize, ToSchema)]
pub struct KnownPerson {
    pub full_name: String,
    pub birth_year: Option<i32>,
    /// The administrative unit of her permanent residence.
    pub home_unit_id: Option<String>,
}

pub async fn duplicate_candidates(
    state: &AppState,
    user: &UserAccount,
    probe: &Person,
) -> Result<Vec<CandidateView>, ApiError> {
    let who = allow(state, user, Action::SearchPersons).await?;
    // The same bounds as a person received: a name of 150 characters at most,
    // every text plain and bounded (a 100,000-character name once answered 500).
    let mut bounds = haven_domain::Violations::default();
    bounds.max_text("person.full_name", &probe.full_name, 150);
    let typed = serde_json::json!({ "person": probe });
    if let Err(texts) = haven_domain::case::limits::check_texts(&typed) {
        bounds.0.extend(texts.0);
    }
    if !bounds.0.is_empty() {
        return Err(ApiError::invalid(bounds));
    }
    let mut out = Vec::new();
    let mut elsewhere = 0;
    for candidate in state.store.duplicate_candidates(probe).await? {
        let mut case_numbers = Vec::new();
        let mut other_cases = 0;
        let mut open_directly = false;
        for id in &candidate.case_ids {
            match state.store.case_by_id(*id).await? {
                Some(case) => {
                    let (scope, identity) = scope_for(state, &who, &case).await?;
                    // As `open_case` decides: a worker who sees her whole.
                    open_directly |= scope == haven_access::Scope::Lead
                        && identity.is_whole()
                        && decide(&who, Action::ReadCase, scope) == Decision::Allow;
                    if decide(&who, Action::ReadCase, scope) == Decision::Allow {
                        case_numbers.push(case.case_number)
                    } else {
                        other_cases += 1
                    }
                }
                None => other_cases += 1,
            }
        }
        let known_to = match state.store.link_answering_case(candidate.person_id).await? {
            Some(case_id) => match state.store.case_by_id(case_id).await? {
                Some(case) => state.store.agency(case.lead_agency_id).await?,
                None => None,
            },
            None => None,
        };
        let (score, reasons) = if open_directly {
            (candidate.score, candidate.reasons)
        } else {
            (score_band(candidate.score), Vec::new())
        };
        let known = if open_directly {
            state
                .store
                .person(candidate.person_id)
                .await?
                .map(|person| KnownPerson {
                    full_name: person.full_name,
                    birth_year: person.birth.map(|b| b.year()),
                    home_unit_id: person.permanent_residence.admin_unit_id,
                })
        } else {
            None
        };
        elsewhere += usize::from(!open_directly);
        out.push(CandidateView {
            person_id: candidate.person_id,
            score,
            reasons,
            case_numbers,
            other_cases,
            open_directly,
            known_to_agency_id: known_to.as_ref().map(|a| a.id),
            known_to_agency_name: known_to.map(|a| a.name),
            known,
        });
    }
    // Every search is in the access log (never what was searched for), and
    // says when it proposed persons the caller does not see whole.
    write_log(
        state,
        AccessEntry {
            user_id: user.id,
            agency_id: user.agency_id,
            action: action_code(Action::SearchPersons),
            case_number: None,
            allowed: true,
            detail: (elsewhere > 0).then_some("proposed_persons_known_elsewhere"),
            account_user_id: None,
        },
    )
    .await;
    Ok(out)
}

/// How alike a candidate is, in words a worker can act on: the message key's
/// last part (`very-alike`, `possible-duplicate`).
pub fn likeness(score: u32) -> &'static str {
    if score >= STRONG_MATCH {
        "very-alike"
    } else {
        "possible-duplicate"
    }
}

/// A strong candidate (such as the same identity number) or a possible one.
fn score_band(score: u32) -> u32 {
    if score >= STRONG_MATCH {
        100
    } else {
        haven_domain::duplicates::CANDIDATE_THRESHOLD
    }
}

/// The score from which a candidate is shown as strong.
const STRONG_MATCH: u32 = 80;
