//! Two-factor login with TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step of
//! clock skew, as authenticator apps expect), each code accepted once, and
//! ten one-time recovery codes for a lost phone.

use crate::entities::{recovery_code, second_factor};
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::Utc;
use haven_domain::{Violation, Violations};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

const STEP_SECONDS: u64 = 30;
const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "Haven";

/// What an authenticator app needs to start producing codes.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrollment {
    /// Base32, for typing into the app.
    pub secret: String,
    /// `otpauth://totp/…`, for a QR code.
    pub otpauth_url: String,
}

fn totp(secret: &str, username: &str) -> StoreResult<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|_| StoreError::Internal("a stored TOTP secret is not base32".into()))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.into()),
        username.to_owned(),
    )
    .map_err(|e| StoreError::Internal(format!("TOTP: {e}")))
}

/// The step `code` is valid for now (allowing one step either side), if any.
fn matching_step(totp: &TOTP, code: &str) -> Option<i64> {
    let now = u64::try_from(Utc::now().timestamp()).ok()?;
    let code = code.trim();
    [now.saturating_sub(STEP_SECONDS), now, now + STEP_SECONDS]
        .into_iter()
        .find(|t| totp.generate(*t) == code)
        .and_then(|t| i64::try_from(t / STEP_SECONDS).ok())
}

fn digest(code: &str) -> String {
    let normalised: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    hex::encode(Sha256::digest(normalised.as_bytes()))
}

fn bad_code() -> StoreError {
    Violations(vec![Violation::new(
        "code",
        "second_factor",
        "Mã xác thực không đúng hoặc đã dùng.",
        "The authentication code is wrong or was already used.",
    )])
    .into()
}

impl Store {
    pub async fn second_factor_enabled(&self, user_id: i64) -> StoreResult<bool> {
        Ok(second_factor::Entity::find_by_id(user_id)
            .one(self.db())
            .await?
            .is_some_and(|f| f.enabled))
    }

    /// A new secret for the user, not in force until confirmed with a code.
    pub async fn begin_second_factor(
        &self,
        user_id: i64,
        username: &str,
    ) -> StoreResult<Enrollment> {
        if self.second_factor_enabled(user_id).await? {
            return Err(StoreError::AlreadyExists {
                what: "second factor",
            });
        }
        let secret = Secret::Raw(rand::random::<[u8; 20]>().to_vec())
            .to_encoded()
            .to_string();
        let otpauth_url = totp(&secret, username)?.get_url();
        let row = second_factor::ActiveModel {
            user_id: Set(user_id),
            secret: Set(secret.clone()),
            enabled: Set(false),
            last_step: Set(None),
            created_at: Set(Utc::now()),
        };
        // One transaction: a failure between the two never leaves the user without any row.
        let txn = self.begin_write().await?;
        second_factor::Entity::delete_by_id(user_id)
            .exec(&*txn)
            .await?;
        row.insert(&*txn).await?;
        txn.commit().await?;
        Ok(Enrollment {
            secret,
            otpauth_url,
        })
    }

    /// Puts the second factor in force when `code` comes from the new secret;
    /// returns the recovery codes, shown this once.
    pub async fn confirm_second_factor(
        &self,
        user_id: i64,
        username: &str,
        code: &str,
    ) -> StoreResult<Vec<String>> {
        let row = second_factor::Entity::find_by_id(user_id)
            .one(self.db())
            .await?
            .filter(|f| !f.enabled)
            .ok_or(StoreError::NotFound {
                what: "pending second factor",
            })?;
        let step = matching_step(&totp(&row.secret, username)?, code).ok_or_else(bad_code)?;
        let codes: Vec<String> = (0..RECOVERY_CODES)
            .map(|_| {
                let raw = hex::encode(rand::random::<[u8; 5]>());
                format!("{}-{}", &raw[..5], &raw[5..])
            })
            .collect();
        let txn = self.begin_write().await?;
        let mut active: second_factor::ActiveModel = row.into();
        active.enabled = Set(true);
        active.last_step = Set(Some(step));
        active.update(&*txn).await?;
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::UserId.eq(user_id))
            .exec(&*txn)
            .await?;
        for code in &codes {
            recovery_code::ActiveModel {
                user_id: Set(user_id),
                code_hash: Set(digest(code)),
                used_at: Set(None),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
        }
        txn.commit().await?;
        Ok(codes)
    }

    /// Whether `code` (a current TOTP code not used before, or an unused
    /// recovery code) proves the second factor; a recovery code is spent.
    pub async fn check_second_factor(
        &self,
        user_id: i64,
        username: &str,
        code: &str,
    ) -> StoreResult<bool> {
        let Some(row) = second_factor::Entity::find_by_id(user_id)
            .one(self.db())
            .await?
            .filter(|f| f.enabled)
        else {
            return Ok(false);
        };
        if let Some(step) = matching_step(&totp(&row.secret, username)?, code) {
            // Filtered on the last step, so two logins racing with one code cannot both pass.
            let txn = self.begin_write().await?;
            let accepted = second_factor::Entity::update_many()
                .col_expr(second_factor::Column::LastStep, Some(step).into())
                .filter(second_factor::Column::UserId.eq(user_id))
                .filter(
                    sea_orm::Condition::any()
                        .add(second_factor::Column::LastStep.is_null())
                        .add(second_factor::Column::LastStep.lt(step)),
                )
                .exec(&*txn)
                .await?;
            txn.commit().await?;
            return Ok(accepted.rows_affected == 1);
        }
        let txn = self.begin_write().await?;
        let spent = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Some(Utc::now()).into())
            .filter(recovery_code::Column::UserId.eq(user_id))
            .filter(recovery_code::Column::CodeHash.eq(digest(code)))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(spent.rows_affected == 1)
    }
}
