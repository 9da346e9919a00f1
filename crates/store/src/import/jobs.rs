//! Imports done from the page, kept as jobs: the uploaded file (sealed in
//! the attachment directory like a case's documents), the mapping the
//! user confirmed, the decisions on possible duplicates and how far the
//! writing got. Every change is checked against the version the user saw.
//! The mappings an agency confirmed are kept by the shape of the file's
//! headers, so the next file of that shape comes with its columns mapped.

use crate::entities::{import_job, import_mapping};
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::{DateTime, Utc};
use haven_domain::case::Rejection;
use haven_domain::ids::{AgencyId, ImportJobId};
use haven_domain::import::columns::ImportColumn;
use haven_domain::import::job::{DuplicateDecision, ImportStatus};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Jobs an agency's page lists, newest first.
const JOBS_LISTED: u64 = 50;

/// A column code per header (`None`: not imported).
pub type ColumnMapping = Vec<Option<ImportColumn>>;

/// An import as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportJob {
    pub id: ImportJobId,
    pub agency_id: AgencyId,
    pub user_id: i64,
    pub file_name: String,
    pub mapping: Option<ColumnMapping>,
    /// By the row's line in the file.
    pub decisions: BTreeMap<usize, DuplicateDecision>,
    pub status: ImportStatus,
    pub rows_ready: i64,
    pub rows_done: i64,
    pub created: i64,
    pub linked: i64,
    pub skipped: i64,
    pub already_imported: i64,
    /// Why writing stopped (a failed job): no personal data.
    pub failure: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A file just uploaded.
pub struct NewImportJob<'a> {
    pub agency_id: AgencyId,
    pub user_id: i64,
    pub file_name: &'a str,
    pub content: &'a [u8],
    /// `domain::import::columns::shape_key` of its headers.
    pub shape: &'a str,
}

/// Counts written so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportProgress {
    pub rows_done: i64,
    pub created: i64,
    pub linked: i64,
    pub skipped: i64,
    pub already_imported: i64,
}

/// The import jobs and saved mappings (`Store::import_jobs`).
pub struct ImportJobs<'a> {
    store: &'a Store,
}

impl Store {
    pub fn import_jobs(&self) -> ImportJobs<'_> {
        ImportJobs { store: self }
    }
}

fn shape_digest(shape: &str) -> String {
    hex::encode(Sha256::digest(shape.as_bytes()))
}

fn mapping_json(mapping: &ColumnMapping) -> StoreResult<String> {
    serde_json::to_string(mapping).map_err(|e| StoreError::Internal(e.to_string()))
}

impl ImportJobs<'_> {
    /// Keeps the file (sealed) and opens a job for it.
    pub async fn create(&self, new: NewImportJob<'_>) -> StoreResult<ImportJob> {
        let files = self.store.attachment_files()?;
        let (file_id, sha256) = files.write(new.content).await.map_err(|e| {
            StoreError::Unreachable(format!("the uploaded list could not be kept: {e}"))
        })?;
        let now = crate::cases::history::now_micros();
        let txn = self.store.begin_write().await?;
        let row = import_job::ActiveModel {
            agency_id: Set(new.agency_id.get()),
            user_id: Set(new.user_id),
            file_name: Set(new.file_name.chars().take(255).collect()),
            file_id: Set(file_id),
            file_sha256: Set(sha256),
            shape_key: Set(shape_digest(new.shape)),
            mapping: Set(None),
            decisions: Set("{}".into()),
            status: Set(ImportStatus::Uploaded.code().into()),
            rows_ready: Set(0),
            rows_done: Set(0),
            created: Set(0),
            linked: Set(0),
            skipped: Set(0),
            already_imported: Set(0),
            failure: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        job_of(row)
    }

    /// The agency's job `id`.
    pub async fn job(&self, agency: AgencyId, id: ImportJobId) -> StoreResult<Option<ImportJob>> {
        import_job::Entity::find_by_id(id.get())
            .filter(import_job::Column::AgencyId.eq(agency.get()))
            .one(self.store.db())
            .await?
            .map(job_of)
            .transpose()
    }

    /// The agency's latest jobs, newest first.
    pub async fn jobs(&self, agency: AgencyId) -> StoreResult<Vec<ImportJob>> {
        import_job::Entity::find()
            .filter(import_job::Column::AgencyId.eq(agency.get()))
            .order_by_desc(import_job::Column::Id)
            .limit(JOBS_LISTED)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(job_of)
            .collect()
    }

    /// The uploaded file, as it was sent.
    pub async fn content(&self, job: &ImportJob) -> StoreResult<Vec<u8>> {
        let row = import_job::Entity::find_by_id(job.id.get())
            .one(self.store.db())
            .await?
            .ok_or(StoreError::NotFound { what: "import" })?;
        let files = self.store.attachment_files()?;
        match files.read_verified(&row.file_id, &row.file_sha256).await {
            Ok(Ok(content)) => Ok(content),
            Ok(Err(problem)) => Err(StoreError::AttachmentUnavailable(problem)),
            Err(e) => Err(StoreError::Unreachable(format!(
                "the uploaded list could not be read: {e}"
            ))),
        }
    }

    /// Confirms the columns; the job is then ready to be checked.
    pub async fn set_mapping(
        &self,
        job: &ImportJob,
        expected_version: i64,
        mapping: &ColumnMapping,
    ) -> StoreResult<ImportJob> {
        self.change(job, expected_version, |row, status| {
            if !status.open_to_mapping() {
                return Err(already_started());
            }
            row.mapping = Set(Some(mapping_json(mapping)?));
            row.status = Set(ImportStatus::Mapped.code().into());
            Ok(())
        })
        .await
    }

    /// Starts writing (or, after a failure, writing again) with the
    /// user's decisions on possible duplicates and the number of rows
    /// ready; saves the mapping for the file's shape when asked.
    pub async fn start(
        &self,
        job: &ImportJob,
        expected_version: i64,
        decisions: &BTreeMap<usize, DuplicateDecision>,
        rows_ready: i64,
        remember_mapping: Option<&str>,
    ) -> StoreResult<ImportJob> {
        let decided =
            serde_json::to_string(decisions).map_err(|e| StoreError::Internal(e.to_string()))?;
        let started = self
            .change(job, expected_version, |row, status| {
                if !status.may_start() {
                    return Err(already_started());
                }
                row.decisions = Set(decided.clone());
                row.rows_ready = Set(rows_ready);
                row.failure = Set(None);
                row.status = Set(ImportStatus::Importing.code().into());
                Ok(())
            })
            .await?;
        if let (Some(shape), Some(mapping)) = (remember_mapping, &started.mapping) {
            self.save_mapping(started.agency_id, shape, mapping).await?;
        }
        Ok(started)
    }

    /// How far the writing got (after each batch).
    pub async fn progress(&self, id: ImportJobId, progress: ImportProgress) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        import_job::Entity::update_many()
            .col_expr(import_job::Column::RowsDone, progress.rows_done.into())
            .col_expr(import_job::Column::Created, progress.created.into())
            .col_expr(import_job::Column::Linked, progress.linked.into())
            .col_expr(import_job::Column::Skipped, progress.skipped.into())
            .col_expr(
                import_job::Column::AlreadyImported,
                progress.already_imported.into(),
            )
            .col_expr(
                import_job::Column::UpdatedAt,
                crate::cases::history::now_micros().into(),
            )
            .filter(import_job::Column::Id.eq(id.get()))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The writing ended: every row done, or stopped by `failure`.
    pub async fn finish(&self, id: ImportJobId, failure: Option<&str>) -> StoreResult<()> {
        let status = match failure {
            None => ImportStatus::Done,
            Some(_) => ImportStatus::Failed,
        };
        self.end(
            status,
            failure,
            Condition::all().add(import_job::Column::Id.eq(id.get())),
        )
        .await?;
        Ok(())
    }

    /// Jobs left `importing` by a server that stopped — no progress since
    /// `quiet_since` — marked failed, so the page offers to go on (the rows
    /// written are recognised). A running import reports after every batch.
    pub async fn interrupted(&self, quiet_since: DateTime<Utc>) -> StoreResult<u64> {
        self.end(
            ImportStatus::Failed,
            Some("interrupted"),
            Condition::all()
                .add(import_job::Column::Status.eq(ImportStatus::Importing.code()))
                .add(import_job::Column::UpdatedAt.lt(quiet_since)),
        )
        .await
    }

    /// Ends the jobs `which` selects with `status` (and why, when failed).
    async fn end(
        &self,
        status: ImportStatus,
        failure: Option<&str>,
        which: Condition,
    ) -> StoreResult<u64> {
        let txn = self.store.begin_write().await?;
        let done = import_job::Entity::update_many()
            .col_expr(import_job::Column::Status, status.code().into())
            .col_expr(
                import_job::Column::Failure,
                failure
                    .map(|f| f.chars().take(500).collect::<String>())
                    .into(),
            )
            .col_expr(
                import_job::Column::Version,
                sea_orm::sea_query::Expr::col(import_job::Column::Version).add(1),
            )
            .col_expr(
                import_job::Column::UpdatedAt,
                crate::cases::history::now_micros().into(),
            )
            .filter(which)
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(done.rows_affected)
    }

    /// The mapping the agency confirmed for files of this shape.
    pub async fn saved_mapping(
        &self,
        agency: AgencyId,
        shape: &str,
    ) -> StoreResult<Option<ColumnMapping>> {
        let Some(row) = import_mapping::Entity::find()
            .filter(import_mapping::Column::AgencyId.eq(agency.get()))
            .filter(import_mapping::Column::ShapeKey.eq(shape_digest(shape)))
            .one(self.store.db())
            .await?
        else {
            return Ok(None);
        };
        // A mapping naming a column Haven no longer takes is not offered.
        Ok(serde_json::from_str(&row.mapping).ok())
    }

    async fn save_mapping(
        &self,
        agency: AgencyId,
        shape: &str,
        mapping: &ColumnMapping,
    ) -> StoreResult<()> {
        let txn = self.store.begin_write().await?;
        import_mapping::Entity::insert(import_mapping::ActiveModel {
            agency_id: Set(agency.get()),
            shape_key: Set(shape_digest(shape)),
            mapping: Set(mapping_json(mapping)?),
            saved_at: Set(crate::cases::history::now_micros()),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                import_mapping::Column::AgencyId,
                import_mapping::Column::ShapeKey,
            ])
            .update_columns([
                import_mapping::Column::Mapping,
                import_mapping::Column::SavedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(&*txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Applies `edit` to the job at `expected_version`, bumping it.
    async fn change(
        &self,
        job: &ImportJob,
        expected_version: i64,
        edit: impl FnOnce(&mut import_job::ActiveModel, ImportStatus) -> StoreResult<()>,
    ) -> StoreResult<ImportJob> {
        let txn = self.store.begin_write().await?;
        let row = import_job::Entity::find_by_id(job.id.get())
            .filter(import_job::Column::AgencyId.eq(job.agency_id.get()))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "import" })?;
        let status = status_of(&row.status)?;
        let version = row.version;
        let mut active = row.into_active_model();
        // What the job's state refuses is said first: a start sent twice
        // is "already started", not "changed by someone else".
        edit(&mut active, status)?;
        if version != expected_version {
            return Err(StoreError::StaleVersion {
                expected: expected_version,
                current: version,
            });
        }
        active.version = Set(version + 1);
        active.updated_at = Set(crate::cases::history::now_micros());
        let saved = active.update(&*txn).await?;
        txn.commit().await?;
        job_of(saved)
    }
}

fn already_started() -> StoreError {
    StoreError::Rejected(Rejection::new(
        "import_already_started",
        "Việc nhập danh sách này đã bắt đầu hoặc đã xong.",
        "This list's import has already started or finished.",
    ))
}

fn status_of(code: &str) -> StoreResult<ImportStatus> {
    ImportStatus::from_code(code)
        .ok_or_else(|| StoreError::Internal(format!("unknown import status {code}")))
}

fn job_of(row: import_job::Model) -> StoreResult<ImportJob> {
    let bad = |e: serde_json::Error| StoreError::Internal(e.to_string());
    Ok(ImportJob {
        id: ImportJobId(row.id),
        agency_id: AgencyId(row.agency_id),
        user_id: row.user_id,
        file_name: row.file_name,
        mapping: row
            .mapping
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(bad)?,
        decisions: serde_json::from_str(&row.decisions).map_err(bad)?,
        status: status_of(&row.status)?,
        rows_ready: row.rows_ready,
        rows_done: row.rows_done,
        created: row.created,
        linked: row.linked,
        skipped: row.skipped,
        already_imported: row.already_imported,
        failure: row.failure,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The files of every import job, so the attachment directory's sweep
/// never takes them for strays.
pub(crate) async fn files_of_import_jobs(store: &Store) -> StoreResult<Vec<(String, String)>> {
    Ok(import_job::Entity::find()
        .select_only()
        .column(import_job::Column::FileId)
        .column(import_job::Column::FileSha256)
        .into_tuple::<(String, String)>()
        .all(store.db())
        .await?)
}
