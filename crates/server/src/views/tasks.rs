//! "My tasks": what is due on the open cases the caller is assigned to, and
//! the answers the caller's agency owes to referrals sent to it, soonest
//! first, overdue ones on top. Deadlines come from the journey's rules
//! (`haven_domain::case::deadlines`), never typed in by hand.

use crate::case_access::{allow, today};
use crate::error::ApiError;
use crate::AppState;
use haven_access::Action;
use haven_access::Permission;
use haven_domain::case::deadlines::{DueItem, DueKind};
use haven_store::cases::{CaseQuery, MAX_PAGE};
use haven_store::UserAccount;

#[derive(Debug, Clone)]
pub struct Task {
    pub case_number: String,
    pub item: DueItem,
}

/// The caller's open due items from `offset`, at most `limit`, with how many there are in all.
pub async fn my_tasks(
    state: &AppState,
    user: &UserAccount,
    offset: usize,
    limit: usize,
) -> Result<(Vec<Task>, usize), ApiError> {
    let who = allow(state, user, Action::ReadCase).await?;
    let answers_referrals = who.can(Permission::AnswerReferral);
    // Every case the agency has a part in: those it leads (the worker's own
    // deadlines) and those referred to it (the answer it owes).
    // Only cases with a deadline not yet met can owe a task: the kept next
    // due day says which, so cases long settled are not read at all.
    let query = CaseQuery {
        limit: MAX_PAGE,
        open_deadline: true,
        ..Default::default()
    };
    let cases = state.store.list_cases(user.agency_id, &query).await?;
    let rules = &state.store.rules().deadlines;
    let today = today();
    let mut tasks: Vec<Task> = cases
        .items
        .iter()
        .filter(|c| c.state.phase.is_active())
        .flat_map(|c| {
            let assigned =
                c.lead_agency_id == user.agency_id && c.state.assigned_user_ids.contains(&user.id);
            rules
                .due_items(&c.state, today)
                .into_iter()
                .filter(move |i| {
                    !i.done
                        && match i.kind {
                            DueKind::AnswerReferral { to_agency_id, .. } => {
                                answers_referrals && to_agency_id == user.agency_id
                            }
                            DueKind::ForwardSelfReport
                            | DueKind::VerifyInitialInformation
                            | DueKind::ShelterMealsLimit { .. }
                            | DueKind::HardshipAllowanceApplication
                            | DueKind::ForwardHardshipApplication
                            | DueKind::FollowUp { .. } => assigned,
                        }
                })
                .map(|item| Task {
                    case_number: c.case_number.clone(),
                    item,
                })
        })
        .collect();
    tasks.sort_by_key(|t| (!t.item.overdue, t.item.due_on));
    let total = tasks.len();
    let page = tasks.into_iter().skip(offset).take(limit).collect();
    Ok((page, total))
}
