//! Notices: what Haven tells people. Each is raised in the transaction of
//! the event it tells of (an outbox), addressed to one user or to an agency
//! — where the users whose role acts on its kind read it (the server knows
//! the roles; the store takes the kinds a reader acts on). Emails wait in
//! an outbox a worker sends from: each notice is turned into emails once,
//! each email claimed by one worker at a time (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL), tried again with backoff when the mail server fails.
//!
//! `store.notices()` gives a [`Notices`], whose methods are all there is.

mod case_events;
mod deadlines;
mod inbox;
mod outbox;
mod raise;
mod settings;

use crate::store::Store;
use chrono::{DateTime, Utc};
use haven_domain::ids::{AgencyId, NoticeId};
use haven_domain::notice::NoticeKind;
use serde::Serialize;

pub(crate) use case_events::{raise_for_step, CaseStep};
pub use deadlines::{DeadlineScan, DueDetail};
pub use inbox::{InboxPage, Reader};
pub use outbox::{EmailFailure, NewEmail, OutboxCounts, OutgoingEmail, Recipient, WaitingNotice};
pub use raise::Audience;
pub(crate) use raise::{raise, raise_for_case, NewNotice};
pub use settings::StoredEmailSettings;

/// Notices and their emails in one store.
pub struct Notices<'a> {
    store: &'a Store,
}

impl Store {
    pub fn notices(&self) -> Notices<'_> {
        Notices { store: self }
    }
}

/// One notice as its reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeRecord {
    pub id: NoticeId,
    pub kind: NoticeKind,
    /// The agency it concerns.
    pub agency_id: AgencyId,
    /// Set when it is for one user.
    pub user_id: Option<i64>,
    /// A case's or contact's number, a report's `area/period`, or empty.
    pub subject_ref: String,
    pub detail: Option<String>,
    pub from_user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// When this reader read it.
    pub read_at: Option<DateTime<Utc>>,
}

impl NoticeRecord {
    fn from_row(
        row: crate::entities::notice::Model,
        read_at: Option<DateTime<Utc>>,
    ) -> Option<Self> {
        Some(NoticeRecord {
            id: NoticeId(row.id),
            kind: NoticeKind::from_code(&row.kind)?,
            agency_id: AgencyId(row.agency_id),
            user_id: row.user_id,
            subject_ref: row.subject_ref,
            detail: row.detail,
            from_user_id: row.from_user_id,
            created_at: row.created_at,
            read_at,
        })
    }
}
