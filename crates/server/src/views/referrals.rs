//! Referrals waiting for the caller's agency to accept or decline.

use crate::case_access::{allow, scope_for, today};
use crate::error::ApiError;
use crate::AppState;
use chrono::NaiveDate;
use haven_access::Action;
use haven_domain::case::aggregate::ReferralStatus;
use haven_domain::case::deadlines::DueKind;
use haven_store::cases::{CaseQuery, MAX_PAGE};
use haven_store::UserAccount;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct WaitingReferral {
    pub case_number: String,
    pub version: i64,
    pub referral_no: u32,
    pub from_agency_id: i64,
    pub to_facility_id: Option<i64>,
    pub transfer_lead: bool,
    pub sent_on: NaiveDate,
    pub answer_due: Option<NaiveDate>,
    pub overdue: bool,
    /// The person's name, when the referral shared it with the caller.
    pub full_name: Option<String>,
}

/// Pending referrals to the caller's agency, the oldest first.
pub async fn waiting_referrals(
    state: &AppState,
    user: &UserAccount,
) -> Result<Vec<WaitingReferral>, ApiError> {
    let who = allow(state, user, Action::ReadCase).await?;
    let query = CaseQuery {
        limit: MAX_PAGE,
        ..Default::default()
    };
    let page = state.store.list_cases(user.agency_id, &query).await?;
    let rules = &state.store.rules().deadlines;
    let today = today();
    let mut waiting = Vec::new();
    let mut named = Vec::new();
    for case in page.items {
        let (_, identity) = scope_for(state, &who, &case).await?;
        let shows_name = identity.shows(haven_domain::case::person_fields::PersonField::FullName);
        let due = rules.due_items(&case.state, today);
        for (index, referral) in case.state.referrals.iter().enumerate() {
            if referral.to_agency_id != user.agency_id || referral.status != ReferralStatus::Pending
            {
                continue;
            }
            let referral_no = index as u32 + 1;
            let answer = due.iter().find(|d| {
                matches!(d.kind, DueKind::AnswerReferral { referral_no: n, .. } if n == referral_no)
            });
            waiting.push(WaitingReferral {
                case_number: case.case_number.clone(),
                version: case.version,
                referral_no,
                from_agency_id: referral.from_agency_id,
                to_facility_id: referral.to_facility_id,
                transfer_lead: referral.transfer_lead,
                sent_on: referral.sent_on,
                answer_due: answer.map(|d| d.due_on),
                overdue: answer.is_some_and(|d| d.overdue),
                full_name: None,
            });
            named.push(shows_name.then_some(case.person_id));
        }
    }
    let persons = state
        .store
        .persons(&named.iter().flatten().copied().collect::<Vec<_>>())
        .await?;
    for (referral, person_id) in waiting.iter_mut().zip(named) {
        referral.full_name = person_id
            .and_then(|id| persons.get(&id))
            .map(|p| p.full_name.clone());
    }
    waiting.sort_by_key(|w| w.sent_on);
    Ok(waiting)
}
