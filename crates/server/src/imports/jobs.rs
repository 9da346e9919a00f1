//! An import taken step by step from the page, on a job the store keeps:
//! the file uploaded and read, its columns proposed (from the mapping the
//! agency saved for files of that shape, or from the headers) and
//! confirmed, the check — the dry run, plus the rows that may be persons
//! Haven already knows, found by the reception's own duplicate search with
//! its access rules — and, once the user has decided each of those, the
//! writing, in the background, with its progress kept on the job.

use super::plan::{plan, run, ImportPlan, REQUIRED};
use super::table::{read_table, Table};
use crate::case_access::require_logged;
use crate::error::ApiError;
use crate::views::persons::{duplicate_candidates, CandidateView};
use crate::AppState;
use haven_access::Permission;
use haven_domain::ids::{AgencyId, ImportJobId};
use haven_domain::import::columns::{shape_key, Mapping};
use haven_domain::import::job::{DuplicateDecision, ImportStatus};
use haven_domain::matching::fold_name;
use haven_domain::{Violation, Violations};
use haven_store::import::jobs::{ImportJob, ImportProgress, NewImportJob};
use haven_store::users::UserAccount;
use std::collections::BTreeMap;

/// Rows of one file given a duplicate search: beyond them, the check says
/// the file is too alike to what Haven holds to be reviewed row by row.
pub const DUPLICATE_SEARCHES_MAX: usize = 1_000;

/// Where the proposed columns come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingSource {
    /// The user confirmed them for this file.
    Confirmed,
    /// Saved by the agency for files of the same headers.
    Saved,
    /// Recognised from the headers.
    Recognised,
}

/// A row that may be a person Haven knows, with whom.
pub struct PossibleDuplicate {
    pub line: usize,
    pub full_name: String,
    pub birth_year: Option<i32>,
    pub candidates: Vec<CandidateView>,
}

/// The check of a job whose columns are confirmed.
pub struct JobCheck {
    pub plan: ImportPlan,
    pub duplicates: Vec<PossibleDuplicate>,
    /// More rows matched known names than are searched.
    pub duplicates_cut: bool,
}

fn unreadable(error: super::table::Unreadable) -> ApiError {
    ApiError::invalid(Violations(vec![Violation::new(
        "file",
        error.rule,
        error.message_vi,
        error.message_en,
    )]))
}

/// Keeps an uploaded list as a new job of the user's agency, once it reads.
pub async fn upload(
    state: &AppState,
    user: &UserAccount,
    file_name: &str,
    content: &[u8],
) -> Result<ImportJob, ApiError> {
    require_logged(state, user, Permission::OpenCase, "import_upload").await?;
    let table = read_table(file_name, content).map_err(unreadable)?;
    if table.rows.is_empty() {
        return Err(ApiError::invalid(Violations(vec![Violation::new(
            "file",
            "no_rows",
            "Tệp chỉ có dòng tiêu đề, không có người nào để nhập.",
            "The file has its headers but no one to import.",
        )])));
    }
    Ok(state
        .store
        .import_jobs()
        .create(NewImportJob {
            agency_id: AgencyId(user.agency_id),
            user_id: user.id,
            file_name,
            content,
            shape: &shape_key(&table.headers),
        })
        .await?)
}

/// The user's agency's latest imports.
pub async fn jobs(state: &AppState, user: &UserAccount) -> Result<Vec<ImportJob>, ApiError> {
    require_logged(state, user, Permission::OpenCase, "import_list_jobs").await?;
    Ok(state
        .store
        .import_jobs()
        .jobs(AgencyId(user.agency_id))
        .await?)
}

/// An import with no progress for this long was cut off (a running one
/// reports after every batch of 500 rows).
pub const QUIET_MAX: chrono::Duration = chrono::Duration::minutes(2);

/// Marks the imports cut off by a stopped server as failed, so their
/// pages offer to go on.
pub async fn settle_interrupted(state: &AppState) -> Result<u64, ApiError> {
    Ok(state
        .store
        .import_jobs()
        .interrupted(chrono::Utc::now() - QUIET_MAX)
        .await?)
}

/// The job `id` of the user's agency, and its file read again.
pub async fn job(
    state: &AppState,
    user: &UserAccount,
    id: ImportJobId,
) -> Result<(ImportJob, Table), ApiError> {
    require_logged(state, user, Permission::OpenCase, "import_view").await?;
    let jobs = state.store.import_jobs();
    let mut job = jobs
        .job(AgencyId(user.agency_id), id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    // Only an import shown as running but quiet is worth a write to settle.
    if job.status == ImportStatus::Importing && job.updated_at < chrono::Utc::now() - QUIET_MAX {
        settle_interrupted(state).await?;
        job = jobs
            .job(AgencyId(user.agency_id), id)
            .await?
            .ok_or_else(ApiError::not_found)?;
    }
    let content = jobs.content(&job).await?;
    let table = read_table(&job.file_name, &content).map_err(unreadable)?;
    Ok((job, table))
}

/// The columns to propose for the job's file, and where they come from.
pub async fn proposed_mapping(
    state: &AppState,
    job: &ImportJob,
    table: &Table,
) -> Result<(Mapping, MappingSource), ApiError> {
    if let Some(columns) = &job.mapping {
        return Ok((
            Mapping {
                columns: columns.clone(),
            },
            MappingSource::Confirmed,
        ));
    }
    let saved = state
        .store
        .import_jobs()
        .saved_mapping(job.agency_id, &shape_key(&table.headers))
        .await?
        .filter(|columns| columns.len() == table.headers.len());
    Ok(match saved {
        Some(columns) => (Mapping { columns }, MappingSource::Saved),
        None => (
            Mapping::suggested(&table.headers),
            MappingSource::Recognised,
        ),
    })
}

/// Confirms the columns the user chose.
pub async fn confirm_columns(
    state: &AppState,
    user: &UserAccount,
    id: ImportJobId,
    version: i64,
    mapping: &Mapping,
) -> Result<ImportJob, ApiError> {
    let (job, table) = job(state, user, id).await?;
    mapping
        .check(table.headers.len(), REQUIRED)
        .into_result()
        .map_err(ApiError::invalid)?;
    Ok(state
        .store
        .import_jobs()
        .set_mapping(&job, version, &mapping.columns)
        .await?)
}

/// The dry run of a job whose columns are confirmed, with the rows that
/// may be persons Haven knows.
pub async fn check(
    state: &AppState,
    user: &UserAccount,
    job: &ImportJob,
    table: Table,
) -> Result<JobCheck, ApiError> {
    let mapping = job.mapping.clone().map(|columns| Mapping { columns });
    let plan = plan(state, user, &job.file_name, table, mapping).await?;
    let (duplicates, duplicates_cut) = possible_duplicates(state, user, &plan).await?;
    Ok(JobCheck {
        plan,
        duplicates,
        duplicates_cut,
    })
}

/// The ready rows that may be persons Haven knows, found by the
/// reception's own search (its scoring, its access rules, its log), at
/// most [`DUPLICATE_SEARCHES_MAX`]; and whether more matched a known name.
/// Rows imported before are passed over when written: not asked about.
pub async fn possible_duplicates(
    state: &AppState,
    user: &UserAccount,
    plan: &ImportPlan,
) -> Result<(Vec<PossibleDuplicate>, bool), ApiError> {
    // Only rows whose folded name a known person bears are searched: the
    // search itself then scores them as a reception's would.
    let keys: Vec<String> = plan
        .ready
        .iter()
        .map(|row| fold_name(&row.person.full_name))
        .collect();
    let known = state.store.known_name_keys(&keys).await?;
    let alike: Vec<_> = plan
        .ready
        .iter()
        .zip(&keys)
        .filter(|(row, key)| known.contains(*key) && !plan.imported_before.contains(&row.line))
        .map(|(row, _)| row)
        .collect();
    let duplicates_cut = alike.len() > DUPLICATE_SEARCHES_MAX;
    let mut duplicates = Vec::new();
    for row in alike.into_iter().take(DUPLICATE_SEARCHES_MAX) {
        let candidates = duplicate_candidates(state, user, &row.person).await?;
        if !candidates.is_empty() {
            duplicates.push(PossibleDuplicate {
                line: row.line,
                full_name: row.person.full_name.clone(),
                birth_year: row.person.birth.map(|b| b.year()),
                candidates,
            });
        }
    }
    Ok((duplicates, duplicates_cut))
}

/// What the user chose to start an import with.
pub struct StartRequest {
    pub version: i64,
    pub decisions: BTreeMap<usize, DuplicateDecision>,
    /// Save the columns for the next file of the same headers.
    pub remember_columns: bool,
}

/// Checks every possible duplicate is decided — and a link only to a
/// person the search offered the user to open a case for — then starts
/// writing in the background.
pub async fn start(
    state: &AppState,
    user: &UserAccount,
    id: ImportJobId,
    request: StartRequest,
) -> Result<ImportJob, ApiError> {
    let (job, table) = job(state, user, id).await?;
    let shape = shape_key(&table.headers);
    let check = check(state, user, &job, table).await?;
    let mut problems = Violations::default();
    let mut decisions = BTreeMap::new();
    for duplicate in &check.duplicates {
        let field = format!("decision-{}", duplicate.line);
        match request.decisions.get(&duplicate.line) {
            None => problems.push(Violation::new(
                &field,
                "required",
                format!(
                    "Dòng {}: hãy chọn bỏ qua, tạo người mới hay mở hồ sơ cho người đã có.",
                    duplicate.line
                ),
                format!(
                    "Line {}: choose to leave it out, create a new person or open the case for the person known.",
                    duplicate.line
                ),
            )),
            Some(DuplicateDecision::Link(person))
                if !duplicate
                    .candidates
                    .iter()
                    .any(|c| c.person_id == *person && c.open_directly) =>
            {
                problems.push(Violation::new(
                    &field,
                    "not_offered",
                    format!("Dòng {}: người này không nằm trong những người được đề xuất.", duplicate.line),
                    format!("Line {}: that person is not among those proposed.", duplicate.line),
                ))
            }
            Some(decision) => {
                decisions.insert(duplicate.line, *decision);
            }
        }
    }
    if check.plan.ready.is_empty() {
        problems.push(Violation::new(
            "file",
            "nothing_ready",
            "Không có dòng nào sẵn sàng để nhập.",
            "No row is ready to import.",
        ));
    }
    problems.into_result().map_err(ApiError::invalid)?;
    let rows_ready = i64::try_from(check.plan.ready.len()).unwrap_or(i64::MAX);
    let started = state
        .store
        .import_jobs()
        .start(
            &job,
            request.version,
            &decisions,
            rows_ready,
            request.remember_columns.then_some(shape.as_str()),
        )
        .await?;
    let (state, user, plan, job_id) = (state.clone(), user.clone(), check.plan, started.id);
    tokio::spawn(async move {
        let jobs = state.store.import_jobs();
        let outcome = run(&state, &user, &plan, &decisions, |done| {
            let jobs = state.store.import_jobs();
            async move {
                let progress = ImportProgress {
                    rows_done: count(done.rows_done),
                    created: count(done.created),
                    linked: count(done.linked),
                    skipped: count(done.skipped),
                    already_imported: count(done.already_imported),
                };
                if let Err(e) = jobs.progress(job_id, progress).await {
                    tracing::error!(error = %e, job = %job_id, "an import's progress could not be kept");
                }
            }
        })
        .await;
        // The failure kept is the error's kind, never a row's values.
        let failure = outcome.err().map(|e| e.body.code.to_owned());
        if let Some(code) = &failure {
            tracing::warn!(job = %job_id, failure = %code, "an import stopped");
        }
        if let Err(e) = jobs.finish(job_id, failure.as_deref()).await {
            tracing::error!(error = %e, job = %job_id, "an import's end could not be kept");
        }
    });
    Ok(started)
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
