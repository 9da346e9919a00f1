//! "My tasks": what is due on the open cases the caller is assigned to,
//! soonest first, overdue ones on top. Deadlines come from the journey's
//! rules (`haven_domain::case::deadlines`), never typed in by hand.

use crate::case_access::{allow, today};
use crate::error::ApiError;
use crate::AppState;
use haven_access::Action;
use haven_domain::case::deadlines::DueItem;
use haven_store::cases::{CaseQuery, MAX_PAGE};
use haven_store::UserAccount;

#[derive(Debug, Clone)]
pub struct Task {
    pub case_number: String,
    pub item: DueItem,
}

/// The caller's open due items, at most `limit`, with how many there are in all.
pub async fn my_tasks(
    state: &AppState,
    user: &UserAccount,
    limit: usize,
) -> Result<(Vec<Task>, usize), ApiError> {
    allow(state, user, Action::ReadCase).await?;
    // A worker is assigned only to cases their agency leads.
    let query = CaseQuery {
        lead_only: true,
        limit: MAX_PAGE,
        ..Default::default()
    };
    let cases = state.store.list_cases(user.agency_id, &query).await?;
    let rules = &state.store.rules().deadlines;
    let today = today();
    let mut tasks: Vec<Task> = cases
        .items
        .iter()
        .filter(|c| c.state.phase.is_active() && c.state.assigned_user_ids.contains(&user.id))
        .flat_map(|c| {
            rules
                .due_items(&c.state, today)
                .into_iter()
                .filter(|i| !i.done)
                .map(|item| Task {
                    case_number: c.case_number.clone(),
                    item,
                })
        })
        .collect();
    tasks.sort_by_key(|t| (!t.item.overdue, t.item.due_on));
    let total = tasks.len();
    tasks.truncate(limit);
    Ok((tasks, total))
}
