//! Reports submitted up the hierarchy: one record per unit (area) and
//! period, written on the version the writer saw, with the trail of what
//! was done to it. The workflow's rules are the report crate's; this module
//! keeps what they decide. Figures only: a snapshot holds aggregates, never
//! a case.

use crate::entities::{report_submission, report_submission_event, user};
use crate::error::{StoreError, StoreResult};
use crate::notices::{Audience, NewNotice};
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::ids::AgencyId;
use haven_domain::notice::NoticeKind;
use haven_domain::webhook::WebhookEvent;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmissionRecord {
    pub id: i64,
    pub area_code: String,
    pub period_code: String,
    pub level: String,
    pub province_code: Option<String>,
    pub status: String,
    pub results: String,
    pub limitations: String,
    pub difficulties: String,
    pub proposals: String,
    #[serde(skip)]
    pub snapshot: String,
    pub fingerprint: String,
    pub due_on: Option<NaiveDate>,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<i64>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<i64>,
    pub review_comment: Option<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmissionEvent {
    pub action: String,
    pub user_id: i64,
    pub username: String,
    pub at: DateTime<Utc>,
    pub comment: Option<String>,
}

/// What a workflow step writes.
#[derive(Debug, Clone)]
pub struct SubmissionWrite<'a> {
    pub area_code: &'a str,
    pub period_code: &'a str,
    pub level: &'a str,
    pub province_code: Option<&'a str>,
    /// The version the writer saw; `None`: the writer saw no record.
    pub expected_version: Option<i64>,
    pub status: &'a str,
    pub action: &'a str,
    pub user_id: i64,
    /// Kept as they were when `None` (a review does not touch them).
    pub narrative: Option<NarrativeWrite<'a>>,
    /// New figures (JSON, fingerprint); kept when `None`.
    pub snapshot: Option<(&'a str, &'a str)>,
    pub due_on: Option<NaiveDate>,
    /// The step sends the report up: submitted now, by the user.
    pub submits: bool,
    /// The step is the level above's: reviewed now, by the user, with this comment.
    pub review_comment: Option<&'a str>,
}

/// What the unit writes beside its figures, part by part.
#[derive(Debug, Clone, Copy)]
pub struct NarrativeWrite<'a> {
    pub results: &'a str,
    pub limitations: &'a str,
    pub difficulties: &'a str,
    pub proposals: &'a str,
}

impl From<report_submission::Model> for SubmissionRecord {
    fn from(m: report_submission::Model) -> Self {
        SubmissionRecord {
            id: m.id,
            area_code: m.area_code,
            period_code: m.period_code,
            level: m.level,
            province_code: m.province_code,
            status: m.status,
            results: m.results,
            limitations: m.limitations,
            difficulties: m.difficulties,
            proposals: m.proposals,
            snapshot: m.snapshot,
            fingerprint: m.fingerprint,
            due_on: m.due_on,
            first_submitted_at: m.first_submitted_at,
            submitted_at: m.submitted_at,
            submitted_by: m.submitted_by,
            reviewed_at: m.reviewed_at,
            reviewed_by: m.reviewed_by,
            review_comment: m.review_comment,
            version: m.version,
            updated_at: m.updated_at,
        }
    }
}

impl Store {
    pub async fn report_submission(
        &self,
        area_code: &str,
        period_code: &str,
    ) -> StoreResult<Option<SubmissionRecord>> {
        Ok(report_submission::Entity::find()
            .filter(report_submission::Column::AreaCode.eq(area_code))
            .filter(report_submission::Column::PeriodCode.eq(period_code))
            .one(self.db())
            .await?
            .map(SubmissionRecord::from))
    }

    /// The reports of a period of the units whose area code starts with
    /// `area_prefix` (`01/` for the communes of province 01; all when `None`),
    /// without their snapshots.
    pub async fn report_submissions_of_period(
        &self,
        period_code: &str,
        area_prefix: Option<&str>,
    ) -> StoreResult<Vec<SubmissionRecord>> {
        use report_submission::Column;
        use sea_orm::Iterable;
        // Every column but the snapshot, which is read as empty: an overview
        // of 34 provinces needs their status, not their figures.
        let mut query = report_submission::Entity::find()
            .select_only()
            .columns(Column::iter().filter(|c| !matches!(c, Column::Snapshot)))
            .column_as(sea_orm::sea_query::Expr::val(""), "snapshot")
            .filter(Column::PeriodCode.eq(period_code));
        if let Some(prefix) = area_prefix {
            query = query.filter(Column::AreaCode.starts_with(prefix));
        }
        let rows = query
            .order_by_asc(Column::AreaCode)
            .into_model::<report_submission::Model>()
            .all(self.db())
            .await?;
        Ok(rows.into_iter().map(SubmissionRecord::from).collect())
    }

    pub async fn report_submission_events(
        &self,
        submission_id: i64,
    ) -> StoreResult<Vec<SubmissionEvent>> {
        let events = report_submission_event::Entity::find()
            .filter(report_submission_event::Column::SubmissionId.eq(submission_id))
            .order_by_asc(report_submission_event::Column::Id)
            .all(self.db())
            .await?;
        let ids: Vec<i64> = events.iter().map(|e| e.user_id).collect();
        let names: HashMap<i64, String> = user::Entity::find()
            .select_only()
            .columns([user::Column::Id, user::Column::Username])
            .filter(user::Column::Id.is_in(ids))
            .into_tuple::<(i64, String)>()
            .all(self.db())
            .await?
            .into_iter()
            .collect();
        Ok(events
            .into_iter()
            .map(|e| SubmissionEvent {
                username: names.get(&e.user_id).cloned().unwrap_or_default(),
                action: e.action,
                user_id: e.user_id,
                at: e.at,
                comment: e.comment,
            })
            .collect())
    }

    /// Writes one workflow step and its trail entry together, on the
    /// version the writer saw (`StaleVersion` otherwise: nothing written).
    pub async fn save_report_submission(
        &self,
        write: SubmissionWrite<'_>,
    ) -> StoreResult<SubmissionRecord> {
        let txn = self.begin_write().await?;
        let found = report_submission::Entity::find()
            .filter(report_submission::Column::AreaCode.eq(write.area_code))
            .filter(report_submission::Column::PeriodCode.eq(write.period_code))
            .one(&*txn)
            .await?;
        let current = found.as_ref().map_or(0, |f| f.version);
        if write.expected_version.unwrap_or(0) != current {
            return Err(StoreError::StaleVersion {
                expected: write.expected_version.unwrap_or(0),
                current,
            });
        }
        let now = crate::cases::history::now_micros();
        let mut row: report_submission::ActiveModel = match found {
            Some(existing) => existing.into(),
            None => report_submission::ActiveModel {
                area_code: Set(write.area_code.to_owned()),
                period_code: Set(write.period_code.to_owned()),
                level: Set(write.level.to_owned()),
                province_code: Set(write.province_code.map(str::to_owned)),
                results: Set(String::new()),
                limitations: Set(String::new()),
                difficulties: Set(String::new()),
                proposals: Set(String::new()),
                snapshot: Set(String::new()),
                fingerprint: Set(String::new()),
                first_submitted_at: Set(None),
                submitted_at: Set(None),
                submitted_by: Set(None),
                reviewed_at: Set(None),
                reviewed_by: Set(None),
                review_comment: Set(None),
                ..Default::default()
            },
        };
        row.status = Set(write.status.to_owned());
        row.due_on = Set(write.due_on);
        row.version = Set(current + 1);
        row.updated_at = Set(now);
        if let Some(narrative) = write.narrative {
            let NarrativeWrite {
                results,
                limitations,
                difficulties,
                proposals,
            } = narrative;
            row.results = Set(results.to_owned());
            row.limitations = Set(limitations.to_owned());
            row.difficulties = Set(difficulties.to_owned());
            row.proposals = Set(proposals.to_owned());
        }
        if let Some((snapshot, fingerprint)) = write.snapshot {
            row.snapshot = Set(snapshot.to_owned());
            row.fingerprint = Set(fingerprint.to_owned());
        }
        if write.submits {
            if row.first_submitted_at.clone().take().flatten().is_none() {
                row.first_submitted_at = Set(Some(now));
            }
            row.submitted_at = Set(Some(now));
            row.submitted_by = Set(Some(write.user_id));
        }
        if let Some(comment) = write.review_comment {
            row.reviewed_at = Set(Some(now));
            row.reviewed_by = Set(Some(write.user_id));
            row.review_comment = Set((!comment.trim().is_empty()).then(|| comment.to_owned()));
        }
        let saved = if current == 0 {
            row.insert(&*txn).await?
        } else {
            // The version in the WHERE clause guards a writer in another process.
            let updated = report_submission::Entity::update_many()
                .set(row)
                .filter(report_submission::Column::AreaCode.eq(write.area_code))
                .filter(report_submission::Column::PeriodCode.eq(write.period_code))
                .filter(report_submission::Column::Version.eq(current))
                .exec(&*txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(StoreError::StaleVersion {
                    expected: current,
                    current: current + 1,
                });
            }
            report_submission::Entity::find()
                .filter(report_submission::Column::AreaCode.eq(write.area_code))
                .filter(report_submission::Column::PeriodCode.eq(write.period_code))
                .one(&*txn)
                .await?
                .ok_or(StoreError::NotFound {
                    what: "report submission",
                })?
        };
        report_submission_event::ActiveModel {
            submission_id: Set(saved.id),
            action: Set(write.action.to_owned()),
            user_id: Set(write.user_id),
            at: Set(now),
            comment: Set(write
                .review_comment
                .filter(|c| !c.trim().is_empty())
                .map(str::to_owned)),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        tell_submitter(&txn, &write, &saved, now).await?;
        announce(&txn, &write, &saved, now).await?;
        txn.commit().await?;
        Ok(saved.into())
    }
}

/// A report submitted, returned or approved is news for other systems:
/// the agency of who acted, then the submitter's.
async fn announce(
    txn: &crate::store::WriteTxn,
    write: &SubmissionWrite<'_>,
    saved: &report_submission::Model,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let event = match write.action {
        "submit" => WebhookEvent::ReportSubmitted,
        "return" => WebhookEvent::ReportReturned,
        "approve" => WebhookEvent::ReportApproved,
        // A draft saved is no event.
        _ => return Ok(()),
    };
    let mut agencies = Vec::new();
    for user_id in [Some(write.user_id), saved.submitted_by]
        .into_iter()
        .flatten()
    {
        if let Some(found) = user::Entity::find_by_id(user_id).one(&**txn).await? {
            agencies.push(AgencyId(found.agency_id));
        }
    }
    crate::webhooks::raise(
        &**txn,
        crate::webhooks::NewEvent {
            event,
            subject_ref: format!("{}/{}", saved.area_code, saved.period_code),
            agencies,
            at: now,
        },
    )
    .await
}

/// A report returned or approved is news for whoever submitted it.
async fn tell_submitter(
    txn: &crate::store::WriteTxn,
    write: &SubmissionWrite<'_>,
    saved: &report_submission::Model,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let kind = match write.action {
        "return" => NoticeKind::ReportReturned,
        "approve" => NoticeKind::ReportApproved,
        _ => return Ok(()),
    };
    let Some(submitter) = saved.submitted_by else {
        return Ok(());
    };
    let Some(found) = user::Entity::find_by_id(submitter).one(&**txn).await? else {
        return Ok(());
    };
    crate::notices::raise(
        &**txn,
        NewNotice {
            kind,
            to: Audience::User {
                user_id: submitter,
                agency: AgencyId(found.agency_id),
            },
            subject_ref: format!("{}/{}", saved.area_code, saved.period_code),
            detail: None,
            from_user_id: Some(write.user_id),
            dedupe_key: None,
            at: now,
        },
    )
    .await
}
