//! Member agencies' periodic reports: one record per agency and period,
//! written on the version the writer saw, each step with its entry in
//! `programme_history`. The workflow's rules are the report crate's; this
//! module keeps what they decide. Figures only: a snapshot holds counts,
//! never a case.

use crate::entities::{agency_report, programme_history};
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::{DateTime, Utc};
use haven_domain::ids::AgencyId;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyReportRecord {
    pub id: i64,
    pub agency_id: AgencyId,
    pub area_code: String,
    pub period_code: String,
    pub status: String,
    /// JSON of the report crate's `Narrative`.
    pub narrative: String,
    /// JSON of the report crate's `AgencyFigures`.
    pub snapshot: String,
    /// The first sending, kept when a returned report is sent again.
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<agency_report::Model> for AgencyReportRecord {
    fn from(m: agency_report::Model) -> Self {
        AgencyReportRecord {
            id: m.id,
            agency_id: AgencyId(m.agency_id),
            area_code: m.area_code,
            period_code: m.period_code,
            status: m.status,
            narrative: m.narrative,
            snapshot: m.snapshot,
            first_submitted_at: m.first_submitted_at,
            submitted_at: m.submitted_at,
            reviewed_at: m.reviewed_at,
            review_comment: m.review_comment,
            version: m.version,
            updated_at: m.updated_at,
        }
    }
}

/// What a workflow step writes.
#[derive(Debug, Clone)]
pub struct AgencyReportWrite<'a> {
    pub agency_id: AgencyId,
    pub area_code: &'a str,
    pub period_code: &'a str,
    /// The version the writer saw; `None`: the writer saw no record.
    pub expected_version: Option<i64>,
    pub status: &'a str,
    /// `draft`, `submit`, `approve`, `return`.
    pub action: &'static str,
    pub user_id: i64,
    /// Kept as they were when `None` (a review does not touch them).
    pub narrative: Option<&'a str>,
    pub snapshot: Option<&'a str>,
    pub submits: bool,
    /// The step is the reviewer's, with this comment.
    pub review_comment: Option<&'a str>,
}

/// The reports of agencies, in one store.
pub struct AgencyReports<'a> {
    store: &'a Store,
}

impl Store {
    pub fn agency_reports(&self) -> AgencyReports<'_> {
        AgencyReports { store: self }
    }
}

impl AgencyReports<'_> {
    pub async fn of_agency(
        &self,
        agency: AgencyId,
        period_code: &str,
    ) -> StoreResult<Option<AgencyReportRecord>> {
        Ok(agency_report::Entity::find()
            .filter(agency_report::Column::AgencyId.eq(agency.get()))
            .filter(agency_report::Column::PeriodCode.eq(period_code))
            .one(self.store.db())
            .await?
            .map(Into::into))
    }

    pub async fn by_id(&self, id: i64) -> StoreResult<Option<AgencyReportRecord>> {
        Ok(agency_report::Entity::find_by_id(id)
            .one(self.store.db())
            .await?
            .map(Into::into))
    }

    /// The reports filed to an area's authority for a period.
    pub async fn of_area(
        &self,
        area_code: &str,
        period_code: &str,
    ) -> StoreResult<Vec<AgencyReportRecord>> {
        Ok(agency_report::Entity::find()
            .filter(agency_report::Column::AreaCode.eq(area_code))
            .filter(agency_report::Column::PeriodCode.eq(period_code))
            .order_by_asc(agency_report::Column::AgencyId)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Writes a step on the version the writer saw, with its history entry.
    pub async fn save(&self, write: AgencyReportWrite<'_>) -> StoreResult<AgencyReportRecord> {
        let txn = self.store.begin_write().await?;
        let now = crate::cases::history::now_micros();
        let current = agency_report::Entity::find()
            .filter(agency_report::Column::AgencyId.eq(write.agency_id.get()))
            .filter(agency_report::Column::PeriodCode.eq(write.period_code))
            .one(&*txn)
            .await?;
        let seen = current.as_ref().map(|c| c.version);
        if seen != write.expected_version {
            return Err(StoreError::StaleVersion {
                expected: write.expected_version.unwrap_or(0),
                current: seen.unwrap_or(0),
            });
        }
        let before = current
            .as_ref()
            .map(|c| serde_json::json!({"status": c.status, "narrative": c.narrative, "review_comment": c.review_comment}).to_string());
        let saved = match current {
            None => {
                agency_report::ActiveModel {
                    agency_id: Set(write.agency_id.get()),
                    area_code: Set(write.area_code.to_owned()),
                    period_code: Set(write.period_code.to_owned()),
                    status: Set(write.status.to_owned()),
                    narrative: Set(write.narrative.unwrap_or("{}").to_owned()),
                    snapshot: Set(write.snapshot.unwrap_or("{}").to_owned()),
                    first_submitted_at: Set(write.submits.then_some(now)),
                    submitted_at: Set(write.submits.then_some(now)),
                    submitted_by: Set(write.submits.then_some(write.user_id)),
                    version: Set(1),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&*txn)
                .await?
            }
            Some(row) => {
                let version = row.version;
                let first_sent = row.first_submitted_at;
                let mut active: agency_report::ActiveModel = row.into();
                active.status = Set(write.status.to_owned());
                if let Some(narrative) = write.narrative {
                    active.narrative = Set(narrative.to_owned());
                }
                if let Some(snapshot) = write.snapshot {
                    active.snapshot = Set(snapshot.to_owned());
                }
                if write.submits {
                    active.first_submitted_at = Set(first_sent.or(Some(now)));
                    active.submitted_at = Set(Some(now));
                    active.submitted_by = Set(Some(write.user_id));
                }
                if let Some(comment) = write.review_comment {
                    active.reviewed_at = Set(Some(now));
                    active.reviewed_by = Set(Some(write.user_id));
                    active.review_comment = Set(Some(comment.to_owned()));
                }
                active.version = Set(version + 1);
                active.updated_at = Set(now);
                let updated = agency_report::Entity::update_many()
                    .set(active)
                    .filter(agency_report::Column::AgencyId.eq(write.agency_id.get()))
                    .filter(agency_report::Column::PeriodCode.eq(write.period_code))
                    .filter(agency_report::Column::Version.eq(version))
                    .exec(&*txn)
                    .await?;
                if updated.rows_affected != 1 {
                    return Err(StoreError::StaleVersion {
                        expected: version,
                        current: version + 1,
                    });
                }
                agency_report::Entity::find()
                    .filter(agency_report::Column::AgencyId.eq(write.agency_id.get()))
                    .filter(agency_report::Column::PeriodCode.eq(write.period_code))
                    .one(&*txn)
                    .await?
                    .ok_or(StoreError::NotFound {
                        what: "agency report",
                    })?
            }
        };
        let after = serde_json::json!({"status": saved.status, "narrative": saved.narrative, "review_comment": saved.review_comment}).to_string();
        programme_history::ActiveModel {
            plan_id: Set(None),
            record_kind: Set("agency_report".to_owned()),
            record_id: Set(saved.id),
            action: Set(write.action.to_owned()),
            user_id: Set(write.user_id),
            at: Set(now),
            before: Set(before),
            after: Set(after),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        Ok(saved.into())
    }

    /// Who did what to a report, oldest first.
    pub async fn history(&self, id: i64) -> StoreResult<Vec<crate::programme::ProgrammeChange>> {
        self.store
            .programme()
            .record_history("agency_report", id)
            .await
    }
}
