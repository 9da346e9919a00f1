//! The hotline's contacts as each reader may see them. The policy
//! (`haven_access::hotline`) decides who sees what; what leaves the server
//! is a type per sight, built by destructuring the record whole, so a field
//! added to a contact must be placed in each view by the compiler's asking:
//! the hotline's staff see a [`KeptContact`], an agency a contact was
//! dispatched to a [`DispatchedContact`] (the caller's number masked, the
//! operator's notes left out). Every read and every refusal is logged.

mod read;
mod write;

pub use read::{
    contact, contact_history_seen, contacts, history, kept_contact, my_call_backs,
    waiting_for_my_agency, ContactChangeView, ContactQuery, QueryMoment,
};
pub use write::{
    answer, attach_to_case, call_back_done, contact_for_reception, correct, dispatch, record,
    NewContact,
};

use crate::error::ApiError;
use crate::views::programme::{agencies, agency_ref, AgencyRef};
use crate::AppState;
use chrono::{DateTime, Utc};
use haven_access::ContactSight;
use haven_domain::hotline::{
    CallerRelation, ContactCategory, ContactChannel, ContactDraft, ContactOutcome, ContactStep,
    PersonConcerned, Urgency,
};
use haven_domain::ids::{AgencyId, ContactId, DispatchId};
use haven_store::hotline::{ContactRecord, DispatchRecord};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A contact as its reader may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "sight", rename_all = "snake_case")]
pub enum ContactView {
    /// The hotline's own staff.
    Kept(Box<KeptContact>),
    /// An agency it was dispatched to.
    Dispatched(Box<DispatchedContact>),
}

impl ContactView {
    pub fn number(&self) -> &str {
        match self {
            ContactView::Kept(c) => &c.number,
            ContactView::Dispatched(c) => &c.number,
        }
    }
}

/// Everything, for the hotline that keeps it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KeptContact {
    pub id: ContactId,
    pub number: String,
    pub version: i64,
    pub keeper: AgencyRef,
    pub operator_user_id: i64,
    pub channel: ContactChannel,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Whole minutes, when it has ended.
    pub duration_minutes: Option<i64>,
    pub caller_relation: CallerRelation,
    pub consents_to_keep_number: bool,
    /// The caller's number, whole.
    pub caller_number: Option<String>,
    pub concerned: PersonConcerned,
    pub categories: Vec<ContactCategory>,
    pub urgency: Urgency,
    pub summary: String,
    pub steps: Vec<ContactStep>,
    pub follow_up_at: Option<DateTime<Utc>>,
    pub follow_up_done_at: Option<DateTime<Utc>>,
    pub outcome: ContactOutcome,
    pub outcome_note: String,
    pub case_number: Option<String>,
    pub dispatches: Vec<DispatchView>,
    /// The same caller's earlier contacts with this hotline, newest first.
    pub earlier_from_caller: Vec<ContactRow>,
    /// The draft as recorded, for the correction form (not sent: the fields
    /// above say the same).
    #[serde(skip)]
    pub draft: ContactDraft,
}

/// What an agency asked to act needs: where, who, how urgent, what was
/// said. Not the caller's number (masked), nor the operator's notes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DispatchedContact {
    pub id: ContactId,
    pub number: String,
    pub version: i64,
    pub keeper: AgencyRef,
    pub channel: ContactChannel,
    pub started_at: DateTime<Utc>,
    pub caller_relation: CallerRelation,
    /// The caller's number masked (`091*****78`), when one was left.
    pub caller_number_masked: Option<String>,
    pub concerned: PersonConcerned,
    pub categories: Vec<ContactCategory>,
    pub urgency: Urgency,
    pub summary: String,
    pub case_number: Option<String>,
    pub dispatches: Vec<DispatchView>,
    /// The dispatch to the reader's agency still waiting for its answer.
    pub to_answer: Option<DispatchId>,
}

/// Where a dispatch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DispatchStanding {
    Waiting,
    /// Past its deadline, unanswered.
    Overdue,
    /// Past its deadline and sent to the agency above.
    Escalated,
    Answered,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DispatchView {
    pub id: DispatchId,
    pub agency: AgencyRef,
    pub note: String,
    pub dispatched_at: DateTime<Utc>,
    /// Haven sent it by itself, the agency below having not answered.
    pub escalation: bool,
    pub due_at: DateTime<Utc>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub answer: Option<String>,
    pub standing: DispatchStanding,
}

/// A line of a list: nothing that names anyone.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactRow {
    pub number: String,
    pub channel: ContactChannel,
    pub started_at: DateTime<Utc>,
    pub urgency: Urgency,
    pub categories: Vec<ContactCategory>,
    pub outcome: ContactOutcome,
    pub case_number: Option<String>,
    /// How its latest dispatch stands, if it was dispatched.
    pub dispatch: Option<DispatchStanding>,
    /// When the follow-up call is due, if one is planned and not made.
    pub call_back_at: Option<DateTime<Utc>>,
}

fn standing(d: &DispatchRecord, now: DateTime<Utc>) -> DispatchStanding {
    match (d.answered_at, d.escalated_at) {
        (Some(_), _) => DispatchStanding::Answered,
        (None, Some(_)) => DispatchStanding::Escalated,
        (None, None) if now >= d.due_at => DispatchStanding::Overdue,
        (None, None) => DispatchStanding::Waiting,
    }
}

fn dispatch_views(
    dispatches: &[DispatchRecord],
    names: &HashMap<AgencyId, AgencyRef>,
    now: DateTime<Utc>,
) -> Vec<DispatchView> {
    dispatches
        .iter()
        .map(|d| {
            let DispatchRecord {
                id,
                agency_id,
                note,
                dispatched_at,
                dispatched_by: _,
                due_at,
                escalated_from,
                escalated_at,
                answered_at,
                answered_by: _,
                answer,
            } = d;
            DispatchView {
                id: *id,
                agency: agency_ref(names, *agency_id),
                note: note.clone(),
                dispatched_at: *dispatched_at,
                escalation: escalated_from.is_some(),
                due_at: *due_at,
                escalated_at: *escalated_at,
                answered_at: *answered_at,
                answer: answer.clone(),
                standing: standing(d, now),
            }
        })
        .collect()
}

/// The agencies a contact names (its keeper, those it was dispatched to).
pub(crate) async fn names_of(
    state: &AppState,
    records: &[&ContactRecord],
) -> Result<HashMap<AgencyId, AgencyRef>, ApiError> {
    let ids = records
        .iter()
        .flat_map(|r| std::iter::once(r.keeper_agency_id).chain(r.dispatched_to()))
        .collect();
    agencies(state, ids).await
}

pub(crate) fn row(record: &ContactRecord, now: DateTime<Utc>) -> ContactRow {
    let call_back_at = match record.follow_up_done_at {
        Some(_) => None,
        None => record.contact.follow_up_at,
    };
    ContactRow {
        number: record.number.clone(),
        channel: record.contact.channel,
        started_at: record.contact.started_at,
        urgency: record.contact.urgency,
        categories: record.contact.categories.clone(),
        outcome: record.contact.outcome,
        case_number: record.case_number.clone(),
        dispatch: record.dispatches.last().map(|d| standing(d, now)),
        call_back_at,
    }
}

/// The contact as one reader may see it.
pub(crate) fn view(
    record: ContactRecord,
    sight: ContactSight,
    reader_agency: AgencyId,
    earlier: Vec<ContactRow>,
    names: &HashMap<AgencyId, AgencyRef>,
    now: DateTime<Utc>,
) -> ContactView {
    let ContactRecord {
        id,
        number,
        keeper_agency_id,
        operator_user_id,
        contact,
        case_number,
        follow_up_done_at,
        dispatches,
        version,
        created_at: _,
        updated_at: _,
    } = record;
    let draft = contact.clone();
    let ContactDraft {
        channel,
        started_at,
        ended_at,
        caller,
        concerned,
        categories,
        urgency,
        summary,
        steps,
        follow_up_at,
        outcome,
        outcome_note,
    } = contact;
    let dispatch_list = dispatch_views(&dispatches, names, now);
    let keeper = agency_ref(names, keeper_agency_id);
    match sight {
        ContactSight::Keeper => ContactView::Kept(Box::new(KeptContact {
            id,
            number,
            version,
            keeper,
            operator_user_id,
            channel,
            started_at,
            ended_at,
            duration_minutes: ended_at.map(|end| (end - started_at).num_minutes()),
            caller_relation: caller.relation,
            consents_to_keep_number: caller.consents_to_keep_number,
            caller_number: caller.phone.map(|p| p.as_str().to_owned()),
            concerned,
            categories,
            urgency,
            summary,
            steps,
            follow_up_at,
            follow_up_done_at,
            outcome,
            outcome_note,
            case_number,
            dispatches: dispatch_list,
            earlier_from_caller: earlier,
            draft,
        })),
        ContactSight::Dispatched => ContactView::Dispatched(Box::new(DispatchedContact {
            id,
            number,
            version,
            keeper,
            channel,
            started_at,
            caller_relation: caller.relation,
            caller_number_masked: caller.phone.map(|p| p.masked()),
            concerned,
            categories,
            urgency,
            summary,
            case_number,
            to_answer: dispatches
                .iter()
                .find(|d| d.agency_id == reader_agency && d.answered_at.is_none())
                .map(|d| d.id),
            dispatches: dispatch_list,
        })),
    }
}
