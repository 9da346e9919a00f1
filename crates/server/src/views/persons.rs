//! Known persons who may be the one being received: proposed before a new
//! person is created, with only the case numbers the caller may open.

use crate::case_access::{allow, scope_for};
use crate::error::ApiError;
use crate::AppState;
use haven_access::{decide, Action, Decision};
use haven_domain::case::person::Person;
use haven_store::UserAccount;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CandidateView {
    pub person_id: i64,
    pub score: u32,
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
}

pub async fn duplicate_candidates(
    state: &AppState,
    user: &UserAccount,
    probe: &Person,
) -> Result<Vec<CandidateView>, ApiError> {
    let who = allow(state, user, Action::SearchPersons).await?;
    let mut out = Vec::new();
    for candidate in state.store.duplicate_candidates(probe).await? {
        let mut case_numbers = Vec::new();
        let mut other_cases = 0;
        let mut open_directly = false;
        for id in &candidate.case_ids {
            match state.store.case_by_id(*id).await? {
                Some(case) => {
                    let (scope, _) = scope_for(state, &who, &case).await?;
                    open_directly |= scope == haven_access::Scope::Lead;
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
        out.push(CandidateView {
            person_id: candidate.person_id,
            score: candidate.score,
            reasons: candidate.reasons,
            case_numbers,
            other_cases,
            open_directly,
            known_to_agency_id: known_to.as_ref().map(|a| a.id),
            known_to_agency_name: known_to.map(|a| a.name),
        });
    }
    Ok(out)
}
