//! Login sessions (browser cookies) and personal API tokens (programs).
//! Only SHA-256 digests of the secrets are stored.

use crate::credentials::{random_secret, secret_digest};
use crate::entities::{api_token, session};
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use crate::users::UserAccount;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

/// Prefix of personal API tokens, so a leaked one is recognisable in a scan.
pub const API_TOKEN_PREFIX: &str = "hvn_";

#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after login whatever happens.
    pub absolute_timeout: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(12),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiTokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

impl Store {
    /// Starts a session and returns its secret, to be put in a cookie.
    pub async fn start_session(&self, user_id: i64, policy: SessionPolicy) -> StoreResult<String> {
        let secret = random_secret();
        let now = Utc::now();
        let txn = self.begin_write().await?;
        session::ActiveModel {
            token_hash: Set(secret_digest(&secret)),
            user_id: Set(user_id),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + policy.absolute_timeout),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        Ok(secret)
    }

    /// The user of a live session, refreshing its idle clock; `None` when the
    /// session is unknown, idle too long, past its absolute end, or its user inactive.
    pub async fn session_user(
        &self,
        secret: &str,
        policy: SessionPolicy,
    ) -> StoreResult<Option<UserAccount>> {
        let now = Utc::now();
        let Some(found) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(secret_digest(secret)))
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        if now >= found.expires_at || now - found.last_seen_at >= policy.idle_timeout {
            self.end_session(secret).await?;
            return Ok(None);
        }
        // Refresh at most once a minute (sooner for very short idle limits): a
        // page load should not always be a write, and the pages' warning
        // before the idle limit may be off by this much at most.
        let refresh_after = std::cmp::min(Duration::minutes(1), policy.idle_timeout / 4);
        if now - found.last_seen_at > refresh_after {
            let txn = self.begin_write().await?;
            let mut active: session::ActiveModel = found.clone().into();
            active.last_seen_at = Set(now);
            active.update(&*txn).await?;
            txn.commit().await?;
        }
        self.active_account(found.user_id).await
    }

    /// The username a session belongs to, live or not (while its row is
    /// kept): a form sent after it ended is carried through the login only
    /// for that same user.
    pub async fn session_owner(&self, secret: &str) -> StoreResult<Option<String>> {
        let Some(found) = session::Entity::find()
            .filter(session::Column::TokenHash.eq(secret_digest(secret)))
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        Ok(self.user_account(found.user_id).await?.map(|u| u.username))
    }

    pub async fn end_session(&self, secret: &str) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(secret_digest(secret)))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// Creates a personal API token; the secret is returned once and never stored.
    pub async fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
    ) -> StoreResult<(ApiTokenInfo, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(haven_domain::Violations(vec![haven_domain::Violation::new(
                "name",
                "length",
                "Tên mã truy cập dài từ 1 đến 100 ký tự.",
                "A token name has 1 to 100 characters.",
            )])
            .into());
        }
        let secret = format!("{API_TOKEN_PREFIX}{}", random_secret());
        let txn = self.begin_write().await?;
        let created = api_token::ActiveModel {
            user_id: Set(user_id),
            name: Set(name.to_owned()),
            token_hash: Set(secret_digest(&secret)),
            created_at: Set(Utc::now()),
            last_used_at: Set(None),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        Ok((token_info(created), secret))
    }

    pub async fn api_token_user(&self, secret: &str) -> StoreResult<Option<UserAccount>> {
        let Some(found) = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(secret_digest(secret)))
            .filter(api_token::Column::RevokedAt.is_null())
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        let now = Utc::now();
        if found
            .last_used_at
            .is_none_or(|t| now - t > Duration::minutes(1))
        {
            let txn = self.begin_write().await?;
            let user_id = found.user_id;
            let mut active: api_token::ActiveModel = found.into();
            active.last_used_at = Set(Some(now));
            active.update(&*txn).await?;
            txn.commit().await?;
            return self.active_account(user_id).await;
        }
        self.active_account(found.user_id).await
    }

    pub async fn api_tokens_of(&self, user_id: i64) -> StoreResult<Vec<ApiTokenInfo>> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user_id))
            .order_by_asc(api_token::Column::Id)
            .all(self.db())
            .await?
            .into_iter()
            .map(token_info)
            .collect())
    }

    /// Revokes one of the user's own tokens; another user's token is "not found".
    pub async fn revoke_api_token(&self, user_id: i64, token_id: i64) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let found = api_token::Entity::find_by_id(token_id)
            .filter(api_token::Column::UserId.eq(user_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "API token" })?;
        let mut active: api_token::ActiveModel = found.into();
        active.revoked_at = Set(Some(Utc::now()));
        active.update(&*txn).await?;
        txn.commit().await
    }

    async fn active_account(&self, user_id: i64) -> StoreResult<Option<UserAccount>> {
        Ok(self.user_account(user_id).await?.filter(|u| u.active))
    }
}

fn token_info(m: api_token::Model) -> ApiTokenInfo {
    ApiTokenInfo {
        id: m.id,
        name: m.name,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        revoked: m.revoked_at.is_some(),
    }
}
