//! The worker that carries notices out of Haven: it raises the deadline
//! notices (hourly), turns each new notice into emails for those who chose
//! them, gathers the daily digests, and sends what waits in the outbox —
//! trying again with backoff while the mail server is down. Several Haven
//! instances on one database may all run it: the store hands each notice
//! and each email to one of them.

mod mail;
mod text;

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use haven_access::PermissionTable;
use haven_domain::notice::EmailChoice;
use haven_store::notices::{NewEmail, NoticeRecord, Recipient};
use haven_store::{Store, StoreResult};
use std::sync::Arc;

pub use mail::{MailSettings, Mailer};

/// How long a worker holds the emails it claimed before another may take them.
const EMAIL_HOLD_MINUTES: i64 = 5;
/// Emails sent per round.
const EMAILS_PER_ROUND: u64 = 50;
/// Notices turned into emails per round.
const NOTICES_PER_ROUND: u64 = 200;
/// How often the worker looks.
const EVERY: std::time::Duration = std::time::Duration::from_secs(30);
/// How often deadlines are scanned.
const DEADLINE_SCAN_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// What the worker needs to know.
#[derive(Clone)]
pub struct Notifier {
    store: Store,
    permissions: PermissionTable,
    public_url: String,
    /// None: this installation sends no email; notices stay in the inbox.
    mailer: Option<Arc<Mailer>>,
    /// Days before a deadline that its notice comes.
    deadline_days: u32,
    /// The hour (Vietnam time) after which the daily digest goes out.
    digest_hour: u32,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    /// Notices turned into emails (or found to need none).
    pub notices: usize,
    /// Emails queued for them.
    pub queued: usize,
    pub digests: usize,
    pub sent: usize,
    pub failed: usize,
}

impl Notifier {
    pub fn new(
        store: Store,
        permissions: PermissionTable,
        public_url: String,
        mailer: Option<Arc<Mailer>>,
        deadline_days: u32,
        digest_hour: u32,
    ) -> Notifier {
        Notifier {
            store,
            permissions,
            public_url,
            mailer,
            deadline_days,
            digest_hour: digest_hour.min(23),
        }
    }

    /// Raises the deadline notices of `now`'s day (Vietnam time).
    pub async fn scan_deadlines(&self, now: DateTime<Utc>) -> StoreResult<usize> {
        let today = now
            .with_timezone(&crate::case_access::vietnam())
            .date_naive();
        let scan = self
            .store
            .notices()
            .scan_deadlines(today, self.deadline_days, now)
            .await?;
        Ok(scan.raised)
    }

    /// One pass: queue the new notices' emails, the digests due, and send.
    pub async fn round(&self, now: DateTime<Utc>) -> StoreResult<Round> {
        let mut round = Round::default();
        self.fan_out(now, &mut round).await?;
        if let Some(mailer) = &self.mailer {
            self.digests(now, &mut round).await?;
            self.send(mailer, now, &mut round).await?;
        }
        Ok(round)
    }

    async fn fan_out(&self, now: DateTime<Utc>, round: &mut Round) -> StoreResult<()> {
        let notices = self.store.notices();
        for notice in notices.waiting_fan_out(NOTICES_PER_ROUND).await? {
            let emails = match &self.mailer {
                Some(_) => self.emails_for(&notice).await?,
                None => Vec::new(),
            };
            if notices.fan_out(notice.id, &emails, now).await? {
                round.notices += 1;
                round.queued += emails.len();
            }
        }
        Ok(())
    }

    /// An email for each recipient who acts on the notice and chose it one by one.
    async fn emails_for(&self, notice: &NoticeRecord) -> StoreResult<Vec<NewEmail>> {
        let recipients = self.store.notices().recipients(notice).await?;
        // Read already (the worker was behind, or the mail server down): no email.
        let read = self.store.notices().readers_of(notice.id).await?;
        Ok(recipients
            .into_iter()
            .filter(|r| !read.contains(&r.user_id))
            .filter(|r| self.concerns(notice, r))
            .filter_map(|r| {
                let to = r.settings.settings.email.clone()?;
                (r.settings.settings.choice(notice.kind) == EmailChoice::Each).then(|| NewEmail {
                    user_id: r.user_id,
                    to,
                    subject: text::subject(notice),
                    body: text::body(notice, &self.public_url),
                })
            })
            .collect())
    }

    /// A notice for one user is theirs; an agency's is for those whose role acts on it.
    fn concerns(&self, notice: &NoticeRecord, recipient: &Recipient) -> bool {
        notice.user_id.is_some()
            || self
                .permissions
                .permissions_of(&recipient.roles)
                .contains(&haven_access::notice::acts_on(notice.kind))
    }

    async fn digests(&self, now: DateTime<Utc>, round: &mut Round) -> StoreResult<()> {
        let local = now.with_timezone(&crate::case_access::vietnam());
        if local.hour() < self.digest_hour {
            return Ok(());
        }
        let today = local.date_naive();
        let notices = self.store.notices();
        for (user_id, stored) in notices.digest_subscribers().await? {
            if last_digest_day(stored.digest_through) >= Some(today) {
                continue;
            }
            let Some(account) = self.store.user_account(user_id).await? else {
                continue;
            };
            if !account.active {
                continue;
            }
            let reader = crate::views::notices::reader_under(&self.permissions, &account);
            let gathered = notices.digest_notices(&reader, &stored, now).await?;
            let email = match (&stored.settings.email, gathered.is_empty()) {
                (Some(to), false) => Some(NewEmail {
                    user_id,
                    to: to.clone(),
                    subject: text::digest_subject(gathered.len()),
                    body: text::digest_body(&gathered, &self.public_url),
                }),
                (Some(_), true) | (None, _) => None,
            };
            if notices
                .queue_digest(user_id, stored.digest_through, now, email.as_ref())
                .await?
                && email.is_some()
            {
                round.digests += 1;
            }
        }
        Ok(())
    }

    async fn send(
        &self,
        mailer: &Mailer,
        now: DateTime<Utc>,
        round: &mut Round,
    ) -> StoreResult<()> {
        let notices = self.store.notices();
        let claimed = notices
            .claim_emails(now, Duration::minutes(EMAIL_HOLD_MINUTES), EMAILS_PER_ROUND)
            .await?;
        for email in claimed {
            match mailer.send(&email).await {
                Ok(()) => {
                    notices.email_sent(email.id, now).await?;
                    round.sent += 1;
                }
                Err(failure) => {
                    notices.email_failed(email.id, failure, now).await?;
                    round.failed += 1;
                }
            }
        }
        Ok(())
    }
}

fn last_digest_day(through: Option<DateTime<Utc>>) -> Option<NaiveDate> {
    through.map(|t| t.with_timezone(&crate::case_access::vietnam()).date_naive())
}

/// Runs rounds while Haven serves; deadlines are scanned at start and hourly.
pub async fn run(notifier: Notifier) {
    let mut ticks = tokio::time::interval(EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_scan: Option<tokio::time::Instant> = None;
    loop {
        ticks.tick().await;
        if last_scan.is_none_or(|at| at.elapsed() >= DEADLINE_SCAN_EVERY) {
            match notifier.scan_deadlines(Utc::now()).await {
                Ok(raised) => {
                    last_scan = Some(tokio::time::Instant::now());
                    if raised > 0 {
                        tracing::info!(raised, "deadline notices raised");
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "scanning deadlines failed; tried again next round")
                }
            }
        }
        match notifier.round(Utc::now()).await {
            Ok(round) if round != Round::default() => tracing::info!(
                notices = round.notices,
                queued = round.queued,
                digests = round.digests,
                sent = round.sent,
                failed = round.failed,
                "notices carried out"
            ),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "a round of notices failed; tried again shortly"),
        }
    }
}
