//! Throttling of failed logins: after too many failures in a window, an
//! account (whether or not it exists) or an address is locked for a while.

use crate::entities::login_throttle;
use crate::error::StoreResult;
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

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
    /// When the attempt is locked out, until when.
    pub async fn login_locked_until(
        &self,
        username: &str,
        address: &str,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        let now = Utc::now();
        let mut until = None;
        for (subject, _) in subjects(username, address) {
            if let Some(row) = login_throttle::Entity::find_by_id(subject)
                .one(self.db())
                .await?
            {
                if let Some(locked) = row.locked_until.filter(|l| *l > now) {
                    until = until.max(Some(locked));
                }
            }
        }
        Ok(until)
    }

    pub async fn record_login_failure(
        &self,
        username: &str,
        address: &str,
        policy: ThrottlePolicy,
    ) -> StoreResult<()> {
        let now = Utc::now();
        let txn = self.begin_write().await?;
        for (subject, is_account) in subjects(username, address) {
            let limit = if is_account {
                policy.max_failures_per_account
            } else {
                policy.max_failures_per_address
            };
            let existing = login_throttle::Entity::find_by_id(subject.clone())
                .one(&*txn)
                .await?;
            let (failures, first) = match &existing {
                Some(row) if now - row.first_failure_at < policy.window => {
                    (row.failures + 1, row.first_failure_at)
                }
                _ => (1, now),
            };
            let locked_until = (failures >= limit).then(|| now + policy.lock_for);
            let exists = existing.is_some();
            let row = login_throttle::ActiveModel {
                subject: Set(subject),
                // A lock starts a fresh count for after it ends.
                failures: Set(if locked_until.is_some() { 0 } else { failures }),
                first_failure_at: Set(first),
                locked_until: Set(locked_until.or(existing.and_then(|r| r.locked_until))),
            };
            if exists {
                row.update(&*txn).await?;
            } else {
                row.insert(&*txn).await?;
            }
        }
        txn.commit().await
    }

    /// A successful login forgets the account's failures (not the address's).
    pub async fn clear_login_failures(&self, username: &str) -> StoreResult<()> {
        let [(subject, _), _] = subjects(username, "");
        let txn = self.begin_write().await?;
        login_throttle::Entity::delete_by_id(subject)
            .exec(&*txn)
            .await?;
        txn.commit().await
    }
}
