//! The emails that carry notices out, in an outbox: a notice is turned into
//! emails once (claimed by a conditional update, in the transaction that
//! queues them), each email is claimed by one worker at a time and, when
//! the mail server fails, tried again later with backoff, so a mail server
//! down for a while loses nothing. The daily digest gathers a user's
//! deadline notices into one email, claimed the same way.

use super::inbox::Reader;
use super::settings::{from_row, StoredEmailSettings};
use super::{NoticeRecord, Notices};
use crate::entities::{email_outbox, notice, notification_setting, user, user_role};
use crate::error::StoreResult;
use chrono::{DateTime, Duration, Utc};
use haven_domain::ids::NoticeId;
use haven_domain::notice::{retry_delay, EmailChoice, NoticeKind, MAX_EMAIL_ATTEMPTS};
use haven_domain::role::Role;
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// A notice whose emails are not queued yet.
pub type WaitingNotice = NoticeRecord;

/// Someone a notice may be emailed to: the server decides from the roles
/// whether their role acts on it, and from the settings whether they want it.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: i64,
    pub roles: Vec<Role>,
    pub settings: StoredEmailSettings,
}

/// An email to queue. Its text names no one: kinds, numbers and a link.
#[derive(Clone, PartialEq, Eq)]
pub struct NewEmail {
    pub user_id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// An email a worker holds to send.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub id: i64,
    pub user_id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i32,
}

impl std::fmt::Debug for OutgoingEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingEmail")
            .field("id", &self.id)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// Why an attempt failed, as a class: a mail server's own words may quote
/// the address, so they are not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailFailure {
    /// The server could not be reached or the connection broke.
    Unreachable,
    /// The server answered with a temporary refusal (4xx).
    Refused,
    /// The server refused for good (5xx): trying again will not help.
    Rejected,
}

impl EmailFailure {
    fn code(self) -> &'static str {
        match self {
            EmailFailure::Unreachable => "unreachable",
            EmailFailure::Refused => "refused",
            EmailFailure::Rejected => "rejected",
        }
    }
}

/// Counts of the outbox by state, for the health page and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

fn insert_email(
    email: &NewEmail,
    notice_id: Option<i64>,
    now: DateTime<Utc>,
) -> email_outbox::ActiveModel {
    email_outbox::ActiveModel {
        notice_id: Set(notice_id),
        user_id: Set(email.user_id),
        to_address: Set(email.to.clone()),
        subject: Set(email.subject.clone()),
        body: Set(email.body.clone()),
        status: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
}

impl Notices<'_> {
    /// Notices whose emails are not queued yet, oldest first.
    pub async fn waiting_fan_out(&self, limit: u64) -> StoreResult<Vec<WaitingNotice>> {
        Ok(notice::Entity::find()
            .filter(notice::Column::FannedOutAt.is_null())
            .order_by_asc(notice::Column::Id)
            .limit(limit.clamp(1, 500))
            .all(self.store.db())
            .await?
            .into_iter()
            .filter_map(|row| NoticeRecord::from_row(row, None))
            .collect())
    }

    /// Who may receive a notice: the user it is for, or the agency's
    /// active users; each with roles and email settings.
    pub async fn recipients(&self, of: &NoticeRecord) -> StoreResult<Vec<Recipient>> {
        let db = self.store.db();
        let mut users = user::Entity::find().filter(user::Column::Active.eq(true));
        users = match of.user_id {
            Some(id) => users.filter(user::Column::Id.eq(id)),
            None => users.filter(user::Column::AgencyId.eq(of.agency_id.get())),
        };
        let ids: Vec<i64> = users.all(db).await?.into_iter().map(|u| u.id).collect();
        let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
        for row in user_role::Entity::find()
            .filter(user_role::Column::UserId.is_in(ids.iter().copied()))
            .all(db)
            .await?
        {
            if let Some(role) = Role::from_code(&row.role_code) {
                roles.entry(row.user_id).or_default().push(role);
            }
        }
        let mut settings: HashMap<i64, StoredEmailSettings> = HashMap::new();
        for row in notification_setting::Entity::find()
            .filter(notification_setting::Column::UserId.is_in(ids.iter().copied()))
            .all(db)
            .await?
        {
            let user_id = row.user_id;
            settings.insert(user_id, from_row(row)?);
        }
        Ok(ids
            .into_iter()
            .map(|user_id| Recipient {
                user_id,
                roles: roles.remove(&user_id).unwrap_or_default(),
                settings: settings.remove(&user_id).unwrap_or(StoredEmailSettings {
                    settings: Default::default(),
                    digest_through: None,
                    version: 0,
                }),
            })
            .collect())
    }

    /// Queues the notice's emails and marks it done, in one transaction;
    /// `false` (nothing queued) when another worker did it first.
    pub async fn fan_out(
        &self,
        id: NoticeId,
        emails: &[NewEmail],
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let txn = self.store.begin_write().await?;
        let claimed = notice::Entity::update_many()
            .col_expr(notice::Column::FannedOutAt, Expr::value(now))
            .filter(notice::Column::Id.eq(id.get()))
            .filter(notice::Column::FannedOutAt.is_null())
            .exec(&*txn)
            .await?;
        if claimed.rows_affected != 1 {
            return Ok(false);
        }
        for email in emails {
            insert_email(email, Some(id.get()), now)
                .insert(&*txn)
                .await?;
        }
        txn.commit().await?;
        Ok(true)
    }

    /// Claims up to `limit` emails due at `now` for `hold`: no other worker
    /// takes them meanwhile (PostgreSQL skips rows another worker is
    /// claiming; SQLite has one writer at a time). A worker that dies
    /// holding some lets them go when the hold ends.
    pub async fn claim_emails(
        &self,
        now: DateTime<Utc>,
        hold: Duration,
        limit: u64,
    ) -> StoreResult<Vec<OutgoingEmail>> {
        let txn = self.store.begin_write().await?;
        let mut due = email_outbox::Entity::find()
            .filter(email_outbox::Column::Status.eq("pending"))
            .filter(email_outbox::Column::NextAttemptAt.lte(now))
            .filter(
                Condition::any()
                    .add(email_outbox::Column::ClaimedUntil.is_null())
                    .add(email_outbox::Column::ClaimedUntil.lt(now)),
            )
            .order_by_asc(email_outbox::Column::Id)
            .limit(limit.clamp(1, 100));
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let rows = due.all(&*txn).await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::ClaimedUntil, Expr::value(now + hold))
            .filter(email_outbox::Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(rows
            .into_iter()
            .map(|r| OutgoingEmail {
                id: r.id,
                user_id: r.user_id,
                to: r.to_address,
                subject: r.subject,
                body: r.body,
                attempts: r.attempts,
            })
            .collect())
    }

    /// The mail server took it.
    pub async fn email_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, Expr::value("sent"))
            .col_expr(email_outbox::Column::SentAt, Expr::value(now))
            .col_expr(
                email_outbox::Column::ClaimedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                email_outbox::Column::Attempts,
                Expr::col(email_outbox::Column::Attempts).add(1),
            )
            .filter(email_outbox::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// An attempt failed: tried again after the backoff, or given up after
    /// the last attempt or a refusal for good.
    pub async fn email_failed(
        &self,
        id: i64,
        failure: EmailFailure,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        let Some(row) = email_outbox::Entity::find_by_id(id).one(&*txn).await? else {
            return Ok(());
        };
        let attempts = row.attempts.saturating_add(1);
        let gives_up = attempts >= MAX_EMAIL_ATTEMPTS || failure == EmailFailure::Rejected;
        let mut active: email_outbox::ActiveModel = row.into();
        active.attempts = Set(attempts);
        active.claimed_until = Set(None);
        active.last_error = Set(Some(failure.code().to_owned()));
        if gives_up {
            active.status = Set("failed".into());
        } else {
            active.next_attempt_at = Set(now + retry_delay(attempts));
        }
        active.update(&*txn).await?;
        txn.commit().await?;
        if gives_up {
            tracing::warn!(
                email_id = id,
                attempts,
                failure = failure.code(),
                "an email was given up"
            );
        } else {
            tracing::warn!(
                email_id = id,
                attempts,
                failure = failure.code(),
                "the mail server did not take an email; it is tried again later"
            );
        }
        Ok(())
    }

    pub async fn outbox_counts(&self) -> StoreResult<OutboxCounts> {
        let db = self.store.db();
        let count = |status: &'static str| {
            email_outbox::Entity::find()
                .filter(email_outbox::Column::Status.eq(status))
                .count(db)
        };
        Ok(OutboxCounts {
            pending: count("pending").await?,
            sent: count("sent").await?,
            failed: count("failed").await?,
        })
    }

    /// Users with an address who chose a daily digest for some kind.
    pub async fn digest_subscribers(&self) -> StoreResult<Vec<(i64, StoredEmailSettings)>> {
        let mut out = Vec::new();
        for row in notification_setting::Entity::find()
            .filter(notification_setting::Column::Email.is_not_null())
            .all(self.store.db())
            .await?
        {
            let user_id = row.user_id;
            let stored = from_row(row)?;
            if NoticeKind::ALL
                .iter()
                .any(|k| stored.settings.choice(*k) == EmailChoice::Daily)
            {
                out.push((user_id, stored));
            }
        }
        Ok(out)
    }

    /// The notices a digest for `reader` up to `until` gathers.
    pub async fn digest_notices(
        &self,
        reader: &Reader,
        settings: &StoredEmailSettings,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<NoticeRecord>> {
        let kinds: Vec<NoticeKind> = NoticeKind::ALL
            .iter()
            .copied()
            .filter(|k| settings.settings.choice(*k) == EmailChoice::Daily)
            .collect();
        // A first digest covers the day before it.
        let after = settings.digest_through.unwrap_or(until - Duration::days(1));
        self.raised_between(reader, &kinds, Some(after), until)
            .await
    }

    /// Moves the user's digest on to `until` and queues its email, once:
    /// `false` when another worker's digest got there first.
    pub async fn queue_digest(
        &self,
        user_id: i64,
        seen_through: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
        email: Option<&NewEmail>,
    ) -> StoreResult<bool> {
        let txn = self.store.begin_write().await?;
        let mut claim = notification_setting::Entity::update_many()
            .col_expr(
                notification_setting::Column::DigestThrough,
                Expr::value(until),
            )
            .filter(notification_setting::Column::UserId.eq(user_id));
        claim = match seen_through {
            Some(at) => claim.filter(notification_setting::Column::DigestThrough.eq(at)),
            None => claim.filter(notification_setting::Column::DigestThrough.is_null()),
        };
        if claim.exec(&*txn).await?.rows_affected != 1 {
            return Ok(false);
        }
        if let Some(email) = email {
            insert_email(email, None, until).insert(&*txn).await?;
        }
        txn.commit().await?;
        Ok(true)
    }
}
