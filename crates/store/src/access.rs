//! What the access policy needs from the database, and what it leaves
//! behind: the access log, break-the-glass grants and the notices they
//! send the lead agency.

use crate::entities::{access_log, agency, case, emergency_grant};
use crate::error::{StoreError, StoreResult};
use crate::notices::{raise_for_case, NewNotice};
use crate::store::Store;
use chrono::{DateTime, Duration, Utc};
use haven_domain::ids::AgencyId;
use haven_domain::notice::NoticeKind;
use haven_domain::{Violation, Violations};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

/// One line of the access log: codes and numbers only, never a name.
#[derive(Debug, Clone)]
pub struct AccessEntry<'a> {
    pub user_id: i64,
    pub agency_id: i64,
    pub action: &'static str,
    pub case_number: Option<&'a str>,
    pub allowed: bool,
    pub detail: Option<&'static str>,
    /// The account an administrator managed, for account administration.
    pub account_user_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: i64,
    pub agency_id: i64,
    pub action: String,
    pub case_number: Option<String>,
    pub outcome: String,
    pub detail: Option<String>,
    pub account_user_id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct AccessQuery {
    pub case_number: Option<String>,
    pub user_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub denied_only: bool,
    /// Entries at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Entries before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Entries to skip, newest first (a page of the log).
    pub offset: u64,
    pub limit: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmergencyGrant {
    pub case_number: String,
    pub granted_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Appends a line through the one write path, so a read that is logged
    /// never races a case write for SQLite's lock.
    pub async fn log_access(&self, entry: AccessEntry<'_>) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        access_log::ActiveModel {
            at: Set(crate::cases::history::now_micros()),
            user_id: Set(entry.user_id),
            agency_id: Set(entry.agency_id),
            action: Set(entry.action.to_owned()),
            case_number: Set(entry.case_number.map(str::to_owned)),
            outcome: Set(if entry.allowed { "allow" } else { "deny" }.to_owned()),
            detail: Set(entry.detail.map(str::to_owned)),
            account_user_id: Set(entry.account_user_id),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await
    }

    /// The newest entries first.
    pub async fn access_log(&self, query: &AccessQuery) -> StoreResult<Vec<AccessRecord>> {
        let mut select = access_log::Entity::find();
        if let Some(number) = &query.case_number {
            select = select.filter(access_log::Column::CaseNumber.eq(number.as_str()));
        }
        if let Some(user) = query.user_id {
            select = select.filter(access_log::Column::UserId.eq(user));
        }
        if let Some(agency) = query.agency_id {
            select = select.filter(access_log::Column::AgencyId.eq(agency));
        }
        if query.denied_only {
            select = select.filter(access_log::Column::Outcome.eq("deny"));
        }
        if let Some(from) = query.from {
            select = select.filter(access_log::Column::At.gte(from));
        }
        if let Some(until) = query.until {
            select = select.filter(access_log::Column::At.lt(until));
        }
        Ok(select
            .order_by_desc(access_log::Column::Id)
            .offset(query.offset.min(10_000_000))
            .limit(query.limit.clamp(1, 1000))
            .all(self.db())
            .await?
            .into_iter()
            .map(|r| AccessRecord {
                id: r.id,
                at: r.at,
                user_id: r.user_id,
                agency_id: r.agency_id,
                action: r.action,
                case_number: r.case_number,
                outcome: r.outcome,
                detail: r.detail,
                account_user_id: r.account_user_id,
            })
            .collect())
    }

    /// Where a case led by this agency is held, as a 2025 unit: a legacy unit
    /// through its successor, and a legacy district (abolished in 2025, most
    /// without a successor) through its province's, so the province's
    /// supervisors still see the cases of a district agency not yet re-registered.
    pub async fn agency_unit(&self, agency_id: i64) -> StoreResult<Option<String>> {
        let Some(agency) = agency::Entity::find_by_id(agency_id).one(self.db()).await? else {
            return Ok(None);
        };
        let mut unit = agency.admin_unit_id;
        loop {
            if let Some(today) = self.unit_today(&unit).await? {
                return Ok(Some(today));
            }
            match unit.rsplit_once('/') {
                Some((parent, _)) if parent.contains('/') => unit = parent.to_owned(),
                _ => return Ok(None),
            }
        }
    }

    /// A unit as a 2025 unit: itself, or a legacy unit's primary successor.
    /// Never widened to a parent: a supervisor's jurisdiction must not grow.
    pub async fn unit_today(&self, unit_id: &str) -> StoreResult<Option<String>> {
        if unit_id.starts_with("2025/") {
            return Ok(Some(unit_id.to_owned()));
        }
        Ok(self.primary_successor(unit_id).await?.map(|u| u.id))
    }

    pub async fn has_emergency_grant(&self, user_id: i64, case_id: i64) -> StoreResult<bool> {
        Ok(emergency_grant::Entity::find()
            .filter(emergency_grant::Column::UserId.eq(user_id))
            .filter(emergency_grant::Column::CaseId.eq(case_id))
            .filter(emergency_grant::Column::ExpiresAt.gt(Utc::now()))
            .one(self.db())
            .await?
            .is_some())
    }

    /// Grants `user_id` reading access to the case for `hours`, logs it and
    /// notifies the lead agency, in one transaction.
    pub async fn grant_emergency_access(
        &self,
        user_id: i64,
        agency_id: i64,
        case_number: &str,
        reason: &str,
        hours: i64,
    ) -> StoreResult<EmergencyGrant> {
        if reason.trim().chars().count() < 10 {
            return Err(Violations(vec![Violation::new(
                "reason",
                "min_length",
                "Hãy ghi rõ lý do khẩn cấp (ít nhất 10 ký tự).",
                "Explain the emergency (at least 10 characters).",
            )])
            .into());
        }
        haven_domain::case::limits::check_texts(&serde_json::json!({ "reason": reason }))?;
        let txn = self.begin_write().await?;
        let found = case::Entity::find()
            .filter(case::Column::CaseNumber.eq(case_number))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "case" })?;
        let now = crate::cases::history::now_micros();
        let expires_at = now + Duration::hours(hours.clamp(1, 72));
        emergency_grant::ActiveModel {
            user_id: Set(user_id),
            case_id: Set(found.id),
            reason: Set(reason.trim().to_owned()),
            granted_at: Set(now),
            expires_at: Set(expires_at),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        let state: haven_domain::case::aggregate::Case =
            serde_json::from_str(&found.state).map_err(|e| StoreError::Internal(e.to_string()))?;
        raise_for_case(
            &*txn,
            AgencyId(found.lead_agency_id),
            &state.assigned_user_ids,
            |to| NewNotice {
                kind: NoticeKind::EmergencyAccess,
                to,
                subject_ref: found.case_number.clone(),
                detail: None,
                from_user_id: Some(user_id),
                dedupe_key: None,
                at: now,
            },
        )
        .await?;
        access_log::ActiveModel {
            at: Set(now),
            user_id: Set(user_id),
            agency_id: Set(agency_id),
            action: Set("emergency_access".into()),
            case_number: Set(Some(found.case_number.clone())),
            outcome: Set("allow".into()),
            detail: Set(None),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        tracing::warn!(
            user_id,
            case_id = found.id,
            "break-the-glass access granted"
        );
        Ok(EmergencyGrant {
            case_number: found.case_number,
            granted_at: now,
            expires_at,
        })
    }
}
