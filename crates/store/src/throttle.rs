//! Throttling of failed logins: after too many failures in a window, an
//! account (whether or not it exists) or an address is locked for a while.

use crate::entities::login_throttle;
use crate::error::StoreResult;
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub max_failures_per_account: i32,
    pub max_failures_per_address: i32,
    /// Failures older than this are forgotten.
    pub window: Duration,
    pub lock_for: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            max_failures_per_account: 5,
            max_failures_per_address: 20,
            window: Duration::minutes(15),
            lock_for: Duration::minutes(15),
        }
    }
}

/// The throttle keys of one login attempt.
pub fn subjects(username: &str, address: &str) -> [(String, bool); 2] {
    [
        (format!("account:{}", username.trim().to_lowercase()), true),
        (format!("address:{address}"), false),
    ]
}

impl Store {
    /// Counts an attempt as failed *before* its password is checked, so that
    /// parallel attempts cannot all pass a lock check made before any of them
    /// was counted: under the throttle rows' lock (the write path on SQLite,
    /// `FOR UPDATE` on PostgreSQL) an attempt either finds the lock, or counts
    /// itself and may be checked. At most the limit of attempts are ever checked
    /// inside a window. [`Store::settle_login_attempt`] gives the count back when
    /// the attempt succeeds. Returns the end of the lock when locked.
    pub async fn begin_login_attempt(
        &self,
        username: &str,
        address: &str,
        policy: ThrottlePolicy,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        let now = Utc::now();
        let txn = self.begin_write().await?;
        let mut rows = Vec::new();
        for (subject, is_account) in subjects(username, address) {
            // The row exists before it is locked, so two first attempts share one.
            login_throttle::Entity::insert(login_throttle::ActiveModel {
                subject: Set(subject.clone()),
                failures: Set(0),
                first_failure_at: Set(now),
                locked_until: Set(None),
            })
            .on_conflict(
                OnConflict::column(login_throttle::Column::Subject)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&*txn)
            .await?;
            let row = login_throttle::Entity::find_by_id(subject)
                .lock_exclusive()
                .one(&*txn)
                .await?;
            rows.push((row, is_account));
        }
        let locked = rows
            .iter()
            .filter_map(|(row, _)| row.as_ref().and_then(|r| r.locked_until))
            .filter(|until| *until > now)
            .max();
        if locked.is_some() {
            txn.commit().await?;
            return Ok(locked);
        }
        for (row, is_account) in rows {
            let Some(row) = row else { continue };
            let limit = if is_account {
                policy.max_failures_per_account
            } else {
                policy.max_failures_per_address
            };
            let (failures, first) =
                if now - row.first_failure_at < policy.window && row.failures > 0 {
                    (row.failures.saturating_add(1), row.first_failure_at)
                } else {
                    (1, now)
                };
            let locked_until = (failures >= limit).then(|| now + policy.lock_for);
            login_throttle::ActiveModel {
                subject: Set(row.subject),
                // A lock starts a fresh count for after it ends.
                failures: Set(if locked_until.is_some() { 0 } else { failures }),
                first_failure_at: Set(first),
                locked_until: Set(locked_until.or(row.locked_until)),
            }
            .update(&*txn)
            .await?;
        }
        txn.commit().await?;
        Ok(None)
    }

    /// Ends an attempt begun with [`Store::begin_login_attempt`]: a success
    /// forgets the account's failures and gives the address back the attempt
    /// it counted; a failure stays counted.
    pub async fn settle_login_attempt(
        &self,
        username: &str,
        address: &str,
        succeeded: bool,
    ) -> StoreResult<()> {
        if !succeeded {
            return Ok(());
        }
        let [(account, _), (address, _)] = subjects(username, address);
        let txn = self.begin_write().await?;
        login_throttle::Entity::delete_by_id(account)
            .exec(&*txn)
            .await?;
        login_throttle::Entity::update_many()
            .col_expr(
                login_throttle::Column::Failures,
                Expr::col(login_throttle::Column::Failures).sub(1),
            )
            .filter(login_throttle::Column::Subject.eq(address))
            .filter(login_throttle::Column::Failures.gt(0))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }
}
