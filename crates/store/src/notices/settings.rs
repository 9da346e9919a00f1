//! Each user's choice of what comes by email, and where to; written on the
//! version the user saw.

use super::Notices;
use crate::entities::notification_setting;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use haven_domain::notice::EmailSettings;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// The settings with what the store keeps beside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEmailSettings {
    pub settings: EmailSettings,
    /// The last daily digest covered notices up to here.
    pub digest_through: Option<DateTime<Utc>>,
    /// 0 until the user first saves.
    pub version: i64,
}

pub(super) fn from_row(row: notification_setting::Model) -> StoreResult<StoredEmailSettings> {
    let choices =
        serde_json::from_str(&row.choices).map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(StoredEmailSettings {
        settings: EmailSettings {
            email: row.email,
            choices,
        },
        digest_through: row.digest_through,
        version: row.version,
    })
}

impl Notices<'_> {
    pub async fn email_settings(&self, user_id: i64) -> StoreResult<StoredEmailSettings> {
        match notification_setting::Entity::find_by_id(user_id)
            .one(self.store.db())
            .await?
        {
            Some(row) => from_row(row),
            None => Ok(StoredEmailSettings {
                settings: EmailSettings::default(),
                digest_through: None,
                version: 0,
            }),
        }
    }

    /// Saves the user's choice on the version they saw.
    pub async fn save_email_settings(
        &self,
        user_id: i64,
        expected_version: i64,
        settings: &EmailSettings,
    ) -> StoreResult<StoredEmailSettings> {
        let settings = settings.normalised();
        settings.check()?;
        let email = settings.email.clone();
        let choices = serde_json::to_string(&settings.choices)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let now = crate::cases::history::now_micros();
        let txn = self.store.begin_write().await?;
        let found = notification_setting::Entity::find_by_id(user_id)
            .one(&*txn)
            .await?;
        let current = found.as_ref().map_or(0, |f| f.version);
        if current != expected_version {
            return Err(StoreError::StaleVersion {
                expected: expected_version,
                current,
            });
        }
        match found {
            None => {
                notification_setting::ActiveModel {
                    user_id: Set(user_id),
                    email: Set(email),
                    choices: Set(choices),
                    digest_through: Set(None),
                    version: Set(1),
                    updated_at: Set(now),
                }
                .insert(&*txn)
                .await?;
            }
            Some(_) => {
                let updated = notification_setting::Entity::update_many()
                    .col_expr(notification_setting::Column::Email, email.into())
                    .col_expr(notification_setting::Column::Choices, choices.into())
                    .col_expr(notification_setting::Column::Version, (current + 1).into())
                    .col_expr(notification_setting::Column::UpdatedAt, now.into())
                    .filter(notification_setting::Column::UserId.eq(user_id))
                    .filter(notification_setting::Column::Version.eq(current))
                    .exec(&*txn)
                    .await?;
                if updated.rows_affected != 1 {
                    return Err(StoreError::StaleVersion {
                        expected: expected_version,
                        current: current + 1,
                    });
                }
            }
        }
        txn.commit().await?;
        self.email_settings(user_id).await
    }
}
