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
        for id in &candidate.case_ids {
            match state.store.case_by_id(*id).await? {
                Some(case) => {
                    let (scope, _) = scope_for(state, &who, &case).await?;
                    if decide(&who, Action::ReadCase, scope) == Decision::Allow {
                        case_numbers.push(case.case_number)
                    } else {
                        other_cases += 1
                    }
                }
                None => other_cases += 1,
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
    Ok(out)
}
