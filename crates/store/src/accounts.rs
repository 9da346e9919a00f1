//! Account administration: changing a user's name, roles and standing,
//! ending all their sessions, resetting a password or a lost second factor,
//! and a user changing their own password. Who may do which is the access
//! policy's business; here each change is written whole or not at all.

use crate::credentials::{generate_password, hash_password, secret_digest, verify_password};
use crate::entities::{api_token, recovery_code, second_factor, session, user, user_role};
use crate::error::{StoreError, StoreResult};
use crate::store::{Store, WriteTxn};
use crate::users::UserAccount;
use chrono::Utc;
use haven_domain::ids::AgencyId;
use haven_domain::organisation::{check_password, NewUser};
use haven_domain::role::Role;
use haven_domain::{Violation, Violations};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

/// A change to an account, based on the version the administrator saw.
/// Fields left out stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    pub version: i64,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub roles: Option<Vec<Role>>,
    /// A deactivated user cannot log in; their sessions and tokens end.
    #[serde(default)]
    pub active: Option<bool>,
}

impl AccountChange {
    fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        if let Some(name) = &self.display_name {
            v.require_text("display_name", name, 120);
        }
        if self.roles.as_ref().is_some_and(Vec::is_empty) {
            v.push(Violation::new(
                "roles",
                "required",
                "Người dùng phải có ít nhất một vai trò.",
                "A user needs at least one role.",
            ));
        }
        v.into_result()
    }
}

/// What an administrator sees of an account's security standing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountStanding {
    #[serde(flatten)]
    pub account: UserAccount,
    pub second_factor_enabled: bool,
    pub live_sessions: u64,
    pub live_api_tokens: u64,
}

/// What ending a user's access took away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revoked {
    pub sessions: u64,
    pub api_tokens: u64,
}

/// A new account as an administrator asks for it: Haven makes up the
/// first password, shown once, to be changed at the first login.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub agency_code: String,
    pub roles: Vec<Role>,
}

impl Store {
    /// Creates the account with a temporary password, returned once.
    pub async fn create_account(&self, new: &NewAccount) -> StoreResult<(UserAccount, String)> {
        let temporary = generate_password();
        let user = NewUser {
            username: new.username.trim().to_owned(),
            display_name: new.display_name.clone(),
            agency_code: new.agency_code.clone(),
            roles: new.roles.clone(),
            password: temporary.clone(),
        };
        Ok((self.insert_user(&user, true).await?, temporary))
    }

    pub async fn account_standing(&self, user_id: i64) -> StoreResult<Option<AccountStanding>> {
        let Some(account) = self.user_account(user_id).await? else {
            return Ok(None);
        };
        let live_sessions = session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .count(self.db())
            .await?;
        let live_api_tokens = api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user_id))
            .filter(api_token::Column::RevokedAt.is_null())
            .count(self.db())
            .await?;
        Ok(Some(AccountStanding {
            second_factor_enabled: self.second_factor_enabled(user_id).await?,
            account,
            live_sessions,
            live_api_tokens,
        }))
    }

    /// Applies a change made on `change.version`; a deactivation also ends
    /// every session and token, in the same transaction.
    pub async fn change_account(
        &self,
        user_id: i64,
        change: &AccountChange,
    ) -> StoreResult<UserAccount> {
        change.validate()?;
        let txn = self.begin_write().await?;
        let found = current_user(&txn, user_id, Some(change.version)).await?;
        let version = found.version;
        let mut active: user::ActiveModel = found.into();
        if let Some(name) = &change.display_name {
            active.display_name = Set(name.trim().to_owned());
        }
        if let Some(is_active) = change.active {
            active.active = Set(is_active);
            if !is_active {
                revoke_all(&txn, user_id).await?;
            }
        }
        active.version = Set(version + 1);
        active.update(&*txn).await?;
        if let Some(roles) = &change.roles {
            let mut roles = roles.clone();
            roles.sort();
            roles.dedup();
            user_role::Entity::delete_many()
                .filter(user_role::Column::UserId.eq(user_id))
                .exec(&*txn)
                .await?;
            for role in roles {
                user_role::ActiveModel {
                    user_id: Set(user_id),
                    role_code: Set(role.code().to_owned()),
                }
                .insert(&*txn)
                .await?;
            }
        }
        txn.commit().await?;
        self.user_account(user_id)
            .await?
            .ok_or(StoreError::NotFound { what: "user" })
    }

    /// Ends every session and revokes every API token of the user, e.g. when a
    /// laptop is stolen.
    pub async fn revoke_access(&self, user_id: i64) -> StoreResult<Revoked> {
        let txn = self.begin_write().await?;
        current_user(&txn, user_id, None).await?;
        let revoked = revoke_all(&txn, user_id).await?;
        txn.commit().await?;
        Ok(revoked)
    }

    /// An administrator's reset: a temporary password, returned once, which
    /// must be changed at the next login; every session and token ends.
    pub async fn reset_password(&self, user_id: i64) -> StoreResult<String> {
        let temporary = generate_password();
        let hash = hash_password(temporary.clone()).await?;
        let txn = self.begin_write().await?;
        let found = current_user(&txn, user_id, None).await?;
        let version = found.version;
        let found_agency = found.agency_id;
        let mut active: user::ActiveModel = found.into();
        active.password_hash = Set(hash);
        active.must_change_password = Set(true);
        active.version = Set(version + 1);
        let agency = AgencyId(found_agency);
        active.update(&*txn).await?;
        revoke_all(&txn, user_id).await?;
        account_changed(&txn, user_id, agency, "password_reset").await?;
        txn.commit().await?;
        Ok(temporary)
    }

    /// A user's own change: the current password proves it is them. Every
    /// other session of theirs ends; `keep_session` (the caller's) stays.
    pub async fn change_own_password(
        &self,
        user_id: i64,
        current_password: &str,
        new_password: &str,
        keep_session: Option<&str>,
    ) -> StoreResult<()> {
        let mut violations = Violations::default();
        let username = user::Entity::find_by_id(user_id)
            .one(self.db())
            .await?
            .map(|u| u.username)
            .unwrap_or_default();
        if let Err(mut v) = check_password(new_password, &username) {
            v.field = "new_password".into();
            violations.push(v);
        }
        if new_password == current_password {
            violations.push(Violation::new(
                "new_password",
                "different",
                "Mật khẩu mới phải khác mật khẩu hiện tại.",
                "The new password must differ from the current one.",
            ));
        }
        violations.into_result()?;
        let stored = user::Entity::find_by_id(user_id)
            .one(self.db())
            .await?
            .map(|u| u.password_hash);
        if !verify_password(current_password.to_owned(), stored).await? {
            return Err(Violations(vec![Violation::new(
                "current_password",
                "matches",
                "Mật khẩu hiện tại không đúng.",
                "The current password is not correct.",
            )])
            .into());
        }
        let hash = hash_password(new_password.to_owned()).await?;
        let txn = self.begin_write().await?;
        let found = current_user(&txn, user_id, None).await?;
        let version = found.version;
        let mut active: user::ActiveModel = found.into();
        active.password_hash = Set(hash);
        active.must_change_password = Set(false);
        active.version = Set(version + 1);
        active.update(&*txn).await?;
        let mut others = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
        if let Some(secret) = keep_session {
            others = others.filter(session::Column::TokenHash.ne(secret_digest(secret)));
        }
        others.exec(&*txn).await?;
        txn.commit().await
    }

    /// An administrator's reset for a user who lost phone and recovery codes:
    /// the next login asks for enrolment again (when required).
    /// Whether there was one to remove.
    pub async fn remove_second_factor(&self, user_id: i64) -> StoreResult<bool> {
        let txn = self.begin_write().await?;
        let found = current_user(&txn, user_id, None).await?;
        // Told only when there was one to remove.
        let had_one = second_factor::Entity::find_by_id(user_id)
            .one(&*txn)
            .await?
            .is_some();
        if had_one {
            account_changed(
                &txn,
                user_id,
                AgencyId(found.agency_id),
                "second_factor_removed",
            )
            .await?;
        }
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::UserId.eq(user_id))
            .exec(&*txn)
            .await?;
        second_factor::Entity::delete_by_id(user_id)
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(had_one)
    }
}

async fn current_user(
    txn: &WriteTxn,
    user_id: i64,
    expected_version: Option<i64>,
) -> StoreResult<user::Model> {
    let found = user::Entity::find_by_id(user_id)
        .one(&**txn)
        .await?
        .ok_or(StoreError::NotFound { what: "user" })?;
    match expected_version {
        Some(expected) if expected != i64::from(found.version) => Err(StoreError::StaleVersion {
            expected,
            current: i64::from(found.version),
        }),
        _ => Ok(found),
    }
}

async fn revoke_all(txn: &WriteTxn, user_id: i64) -> StoreResult<Revoked> {
    let sessions = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(&**txn)
        .await?
        .rows_affected;
    let api_tokens = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now())),
        )
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&**txn)
        .await?
        .rows_affected;
    Ok(Revoked {
        sessions,
        api_tokens,
    })
}

/// The user hears of a change an administrator made to their account: if
/// it was not asked for, someone may be taking it over.
async fn account_changed(
    txn: &WriteTxn,
    user_id: i64,
    agency: AgencyId,
    what: &str,
) -> StoreResult<()> {
    crate::notices::raise(
        &**txn,
        crate::notices::NewNotice {
            kind: haven_domain::notice::NoticeKind::AccountChanged,
            to: crate::notices::Audience::User { user_id, agency },
            subject_ref: String::new(),
            detail: Some(what.to_owned()),
            from_user_id: None,
            dedupe_key: None,
            at: crate::cases::history::now_micros(),
        },
    )
    .await
}
