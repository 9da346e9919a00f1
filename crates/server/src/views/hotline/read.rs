//! Reading contacts: one (as the reader may see it), a list, a contact's
//! history, the dispatches waiting for the reader's agency. Each contact
//! read is asked of the policy and written to the access log.

use super::{names_of, row, view, ContactRow, ContactView};
use crate::case_access::{principal, write_log};
use crate::error::ApiError;
use crate::AppState;
use chrono::{DateTime, Utc};
use haven_access::{
    contact_sight, decide_contact, ContactAction, ContactParties, ContactSight, Decision,
    DenyReason, Permission,
};
use haven_domain::hotline::{ContactCategory, Urgency};
use haven_domain::ids::AgencyId;
use haven_store::access::AccessEntry;
use haven_store::hotline::{ContactFilter, ContactRecord};
use haven_store::UserAccount;
use serde::Deserialize;
use utoipa::IntoParams;

/// A moment in a query: RFC 3339 (`2026-11-29T08:00:00+07:00`), or a day
/// (`2026-11-29`) meaning its start in Vietnam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct QueryMoment(pub DateTime<Utc>);

impl<'de> Deserialize<'de> for QueryMoment {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let typed = String::deserialize(deserializer)?;
        let typed = typed.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(typed) {
            return Ok(QueryMoment(at.to_utc()));
        }
        chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d")
            .ok()
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .and_then(|start| start.and_local_timezone(crate::case_access::vietnam()).single())
            .map(|start| QueryMoment(start.to_utc()))
            .ok_or_else(|| {
                serde::de::Error::custom(
                    "một ngày (2026-11-29) hoặc một thời điểm (2026-11-29T08:00:00+07:00) / a day or a moment (RFC 3339)",
                )
            })
    }
}

/// What a contact list holds.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct ContactQuery {
    /// From this moment (RFC 3339) or day (`2026-11-29`, from its start in Vietnam).
    #[param(value_type = Option<String>)]
    pub from: Option<QueryMoment>,
    /// Up to, not including: a moment, or a day (up to its start).
    #[param(value_type = Option<String>)]
    pub until: Option<QueryMoment>,
    pub urgency: Option<Urgency>,
    pub category: Option<ContactCategory>,
    /// At most this many (50 when none, 500 at most), newest first.
    pub limit: Option<u64>,
    /// Skipping this many.
    pub offset: Option<u64>,
}

/// Writes the access log's line for a contact.
pub(super) async fn log_contact(
    state: &AppState,
    user: &UserAccount,
    action: &'static str,
    number: Option<&str>,
    denied: Option<DenyReason>,
) {
    write_log(
        state,
        AccessEntry {
            user_id: user.id,
            agency_id: user.agency_id,
            action,
            case_number: number,
            allowed: denied.is_none(),
            detail: denied.map(DenyReason::code),
            account_user_id: None,
        },
    )
    .await;
}

/// The code the access log names a contact action by.
fn action_code(action: ContactAction<'_>) -> &'static str {
    match action {
        ContactAction::Record => "record_contact",
        ContactAction::Read(_) => "read_contact",
        ContactAction::Keep(_) => "keep_contact",
        ContactAction::Answer { .. } => "answer_dispatch",
        ContactAction::OpenCaseFrom(_) => "open_case_from_contact",
    }
}

/// What is asked of one contact; the policy's action once its parties are known.
#[derive(Debug, Clone, Copy)]
pub(super) enum Asked {
    Read,
    /// Read the history: its hotline's staff only, logged as a read.
    History,
    Keep,
    /// Answer the dispatch made to this agency.
    Answer(AgencyId),
    OpenCaseFrom,
}

impl Asked {
    fn on(self, parties: ContactParties<'_>) -> ContactAction<'_> {
        match self {
            Asked::Read => ContactAction::Read(parties),
            Asked::History | Asked::Keep => ContactAction::Keep(parties),
            Asked::Answer(to) => ContactAction::Answer { parties, to },
            Asked::OpenCaseFrom => ContactAction::OpenCaseFrom(parties),
        }
    }
}

/// The contact numbered `number`, if the policy lets the user take
/// `asked` on it; logged either way. A contact out of the user's reach is
/// not found, as if it did not exist.
pub(super) async fn contact_for(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    asked: Asked,
) -> Result<(ContactRecord, Option<ContactSight>), ApiError> {
    let who = principal(state, user);
    let action = |parties| asked.on(parties);
    let Some(record) = state.store.hotline().by_number(number).await? else {
        let none = ContactParties {
            keeper: AgencyId(0),
            dispatched_to: &[],
        };
        let denied = match decide_contact(&who, action(none)) {
            Decision::Deny(DenyReason::MissingPermission) => DenyReason::MissingPermission,
            Decision::Allow | Decision::Deny(DenyReason::NotInScope) => DenyReason::NotInScope,
        };
        log_contact(state, user, action_code(action(none)), None, Some(denied)).await;
        return Err(crate::case_access::refusal(denied));
    };
    let dispatched = record.dispatched_to();
    let parties = ContactParties {
        keeper: record.keeper_agency_id,
        dispatched_to: &dispatched,
    };
    let asked_action = action(parties);
    let code = match asked {
        Asked::History => "read_contact_history",
        Asked::Read | Asked::Keep | Asked::Answer(_) | Asked::OpenCaseFrom => {
            action_code(asked_action)
        }
    };
    match decide_contact(&who, asked_action) {
        Decision::Allow => {
            log_contact(state, user, code, Some(number), None).await;
            let sight = contact_sight(&who, parties);
            Ok((record, sight))
        }
        Decision::Deny(reason) => {
            log_contact(state, user, code, Some(number), Some(reason)).await;
            Err(crate::case_access::refusal(reason))
        }
    }
}

pub async fn contact(
    state: &AppState,
    user: &UserAccount,
    number: &str,
) -> Result<ContactView, ApiError> {
    let (record, sight) = contact_for(state, user, number, Asked::Read).await?;
    let sight = sight.ok_or_else(ApiError::not_found)?;
    let now = Utc::now();
    let earlier = match sight {
        ContactSight::Keeper => state
            .store
            .hotline()
            .earlier_from_caller(&record)
            .await?
            .iter()
            .map(|r| row(r, now))
            .collect(),
        ContactSight::Dispatched => Vec::new(),
    };
    let names = names_of(state, &[&record]).await?;
    Ok(view(
        record,
        sight,
        AgencyId(user.agency_id),
        earlier,
        &names,
        now,
    ))
}

/// The contact whole, for its hotline's staff to correct; for anyone else
/// refused as the policy says.
pub async fn kept_contact(
    state: &AppState,
    user: &UserAccount,
    number: &str,
) -> Result<super::KeptContact, ApiError> {
    let (record, _) = contact_for(state, user, number, Asked::Keep).await?;
    let names = names_of(state, &[&record]).await?;
    match view(
        record,
        ContactSight::Keeper,
        AgencyId(user.agency_id),
        Vec::new(),
        &names,
        Utc::now(),
    ) {
        ContactView::Kept(kept) => Ok(*kept),
        ContactView::Dispatched(_) => Err(ApiError::forbidden()),
    }
}

/// The contacts the user's agency keeps (the hotline's staff) or was
/// dispatched (an agency asked to act), newest first.
pub async fn contacts(
    state: &AppState,
    user: &UserAccount,
    query: &ContactQuery,
) -> Result<Vec<ContactRow>, ApiError> {
    if let (Some(from), Some(until)) = (query.from, query.until) {
        if until < from {
            return Err(ApiError::invalid(haven_domain::Violations(vec![
                haven_domain::Violation::new(
                    "until",
                    "after_from",
                    "«until» phải sau «from».",
                    "“until” comes after “from”.",
                ),
            ])));
        }
    }
    let who = principal(state, user);
    let own = AgencyId(user.agency_id);
    let mut filter = ContactFilter {
        from: query.from.map(|m| m.0),
        until: query.until.map(|m| m.0),
        urgency: query.urgency,
        category: query.category,
        limit: Some(query.limit.unwrap_or(50)),
        offset: query.offset,
        ..Default::default()
    };
    if who.can(Permission::RecordContacts) {
        filter.keeper = Some(own);
    } else if who.can(Permission::AnswerDispatches) {
        filter.dispatched_to = Some(own);
    } else {
        log_contact(
            state,
            user,
            "list_contacts",
            None,
            Some(DenyReason::MissingPermission),
        )
        .await;
        return Err(ApiError::forbidden());
    }
    let now = Utc::now();
    Ok(state
        .store
        .hotline()
        .list(&filter)
        .await?
        .iter()
        .map(|r| row(r, now))
        .collect())
}

/// The contacts dispatched to the user's agency and not answered yet,
/// soonest deadline first.
pub async fn waiting_for_my_agency(
    state: &AppState,
    user: &UserAccount,
) -> Result<Vec<ContactRow>, ApiError> {
    if !principal(state, user).can(Permission::AnswerDispatches) {
        return Err(ApiError::forbidden());
    }
    let now = Utc::now();
    Ok(state
        .store
        .hotline()
        .waiting_for(AgencyId(user.agency_id))
        .await?
        .iter()
        .map(|r| row(r, now))
        .collect())
}

/// The call backs the user planned and has not made, soonest first: the
/// operator's own tasks.
pub async fn my_call_backs(
    state: &AppState,
    user: &UserAccount,
) -> Result<Vec<ContactRow>, ApiError> {
    if !principal(state, user).can(Permission::RecordContacts) {
        return Err(ApiError::forbidden());
    }
    let now = Utc::now();
    Ok(state
        .store
        .hotline()
        .call_backs_of(user.id)
        .await?
        .iter()
        .map(|r| row(r, now))
        .collect())
}

/// One change in a contact's history.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ContactChangeView {
    /// `create`, `update`, `dispatch`, `answer`, `escalate`, `link_case`, `follow_up_done`.
    pub action: String,
    /// Who did it; none for what Haven did by itself (an escalation).
    pub username: Option<String>,
    pub at: DateTime<Utc>,
    /// The contact, dispatch or answer as it was and as it became.
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub after: serde_json::Value,
}

async fn changes_of(
    state: &AppState,
    id: haven_domain::ids::ContactId,
) -> Result<Vec<ContactChangeView>, ApiError> {
    Ok(state
        .store
        .hotline()
        .history(id)
        .await?
        .into_iter()
        .map(|change| {
            let haven_store::hotline::ContactChange {
                action,
                user_id: _,
                username,
                at,
                before,
                after,
            } = change;
            ContactChangeView {
                action,
                username,
                at,
                before,
                after,
            }
        })
        .collect())
}

/// A contact's history: the hotline's own staff only (it holds the
/// caller's number as it was).
pub async fn history(
    state: &AppState,
    user: &UserAccount,
    number: &str,
) -> Result<Vec<ContactChangeView>, ApiError> {
    let (record, _) = contact_for(state, user, number, Asked::History).await?;
    changes_of(state, record.id).await
}

/// The history of a contact already read whole (only its hotline's staff
/// hold a [`super::KeptContact`]); not asked or logged again.
pub async fn contact_history_seen(
    state: &AppState,
    kept: &super::KeptContact,
) -> Result<Vec<ContactChangeView>, ApiError> {
    changes_of(state, kept.id).await
}
