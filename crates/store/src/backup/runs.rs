//! The scheduled backups' log: one run a day, claimed by the first process
//! to insert the day (the day is unique), so several Haven processes on one
//! database make one backup a day. A run left `running` by a process that
//! died may be claimed again once it is [`ABANDONED_AFTER`] old. A failure
//! is recorded together with the notices telling the administrators.

use crate::entities::backup_run;
use crate::error::StoreResult;
use crate::notices::{raise, Audience, NewNotice};
use crate::store::Store;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use haven_domain::ids::AgencyId;
use haven_domain::notice::NoticeKind;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TryInsertResult,
};
use serde::Serialize;

/// How long a run may stay `running` before it is taken for abandoned.
pub const ABANDONED_AFTER: Duration = Duration::hours(3);
/// How long after a failed run the day's backup is tried again.
pub const RETRY_AFTER: Duration = Duration::hours(1);
/// The longest error kept.
const ERROR_MAX_CHARS: usize = 500;

pub struct BackupRuns<'a> {
    store: &'a Store,
}

impl Store {
    pub fn backup_runs(&self) -> BackupRuns<'_> {
        BackupRuns { store: self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Done,
    Failed,
}

impl RunStatus {
    pub fn code(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Done => "done",
            RunStatus::Failed => "failed",
        }
    }
}

/// One day's scheduled backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BackupRun {
    pub id: i64,
    pub day: NaiveDate,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub status: RunStatus,
    pub file: Option<String>,
    pub bytes: Option<i64>,
    pub error: Option<String>,
}

impl BackupRun {
    fn from_row(row: backup_run::Model) -> Option<BackupRun> {
        let status = [RunStatus::Running, RunStatus::Done, RunStatus::Failed]
            .into_iter()
            .find(|s| s.code() == row.status)?;
        Some(BackupRun {
            id: row.id,
            day: row.day,
            started_at: row.started_at,
            finished_at: row.finished_at,
            status,
            file: row.file,
            bytes: row.bytes,
            error: row.error,
        })
    }
}

impl BackupRuns<'_> {
    /// The day's run for this process, or `None` when another has it or
    /// it is done (a day is backed up once); a failed day is tried again
    /// [`RETRY_AFTER`] later.
    pub async fn claim(&self, day: NaiveDate, now: DateTime<Utc>) -> StoreResult<Option<i64>> {
        let txn = self.store.begin_write().await?;
        let inserted = backup_run::Entity::insert(backup_run::ActiveModel {
            day: Set(day),
            started_at: Set(now),
            finished_at: Set(None),
            status: Set(RunStatus::Running.code().into()),
            file: Set(None),
            bytes: Set(None),
            error: Set(None),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(backup_run::Column::Day)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(&*txn)
        .await?;
        let Some(row) = backup_run::Entity::find()
            .filter(backup_run::Column::Day.eq(day))
            .one(&*txn)
            .await?
        else {
            return Ok(None);
        };
        let claimed = if matches!(inserted, TryInsertResult::Inserted(1)) {
            true
        } else if row.status == RunStatus::Running.code() && row.started_at < now - ABANDONED_AFTER
        {
            // Its process died: the run is taken over, by one process only.
            backup_run::Entity::update_many()
                .col_expr(backup_run::Column::StartedAt, Expr::value(now))
                .filter(backup_run::Column::Id.eq(row.id))
                .filter(backup_run::Column::StartedAt.eq(row.started_at))
                .filter(backup_run::Column::Status.eq(RunStatus::Running.code()))
                .exec(&*txn)
                .await?
                .rows_affected
                == 1
        } else if row.status == RunStatus::Failed.code()
            && row.finished_at.is_some_and(|at| at < now - RETRY_AFTER)
        {
            // The day failed an hour ago or more: tried again, by one process.
            backup_run::Entity::update_many()
                .col_expr(
                    backup_run::Column::Status,
                    Expr::value(RunStatus::Running.code()),
                )
                .col_expr(backup_run::Column::StartedAt, Expr::value(now))
                .col_expr(
                    backup_run::Column::FinishedAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .filter(backup_run::Column::Id.eq(row.id))
                .filter(backup_run::Column::Status.eq(RunStatus::Failed.code()))
                .exec(&*txn)
                .await?
                .rows_affected
                == 1
        } else {
            false
        };
        txn.commit().await?;
        Ok(claimed.then_some(row.id))
    }

    pub async fn succeeded(
        &self,
        id: i64,
        file: &str,
        bytes: u64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        backup_run::Entity::update_many()
            .col_expr(
                backup_run::Column::Status,
                Expr::value(RunStatus::Done.code()),
            )
            .col_expr(backup_run::Column::FinishedAt, Expr::value(now))
            .col_expr(backup_run::Column::File, Expr::value(truncated(file)))
            .col_expr(
                backup_run::Column::Bytes,
                Expr::value(i64::try_from(bytes).unwrap_or(i64::MAX)),
            )
            .filter(backup_run::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// Records the failure and tells `administrators` (each user with their
    /// agency), in one transaction.
    pub async fn failed(
        &self,
        id: i64,
        error: &str,
        administrators: &[(i64, AgencyId)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        let Some(row) = backup_run::Entity::find_by_id(id).one(&*txn).await? else {
            return Ok(());
        };
        backup_run::Entity::update_many()
            .col_expr(
                backup_run::Column::Status,
                Expr::value(RunStatus::Failed.code()),
            )
            .col_expr(backup_run::Column::FinishedAt, Expr::value(now))
            .col_expr(backup_run::Column::Error, Expr::value(truncated(error)))
            .filter(backup_run::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        for (user_id, agency) in administrators {
            raise(
                &*txn,
                NewNotice {
                    kind: NoticeKind::BackupFailed,
                    to: Audience::User {
                        user_id: *user_id,
                        agency: *agency,
                    },
                    subject_ref: row.day.to_string(),
                    detail: None,
                    from_user_id: None,
                    dedupe_key: Some(format!("backup_failed:{}:{user_id}", row.day)),
                    at: now,
                },
            )
            .await?;
        }
        txn.commit().await
    }

    /// Removes the runs still going (from a backup's own copy).
    pub(crate) async fn forget_running(&self) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        backup_run::Entity::delete_many()
            .filter(backup_run::Column::Status.eq(RunStatus::Running.code()))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// The latest runs, newest first.
    pub async fn latest(&self, limit: u64) -> StoreResult<Vec<BackupRun>> {
        Ok(backup_run::Entity::find()
            .order_by_desc(backup_run::Column::Day)
            .limit(limit.clamp(1, 366))
            .all(self.store.db())
            .await?
            .into_iter()
            .filter_map(BackupRun::from_row)
            .collect())
    }
}

fn truncated(text: &str) -> String {
    text.chars().take(ERROR_MAX_CHARS).collect()
}
