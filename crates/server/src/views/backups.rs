//! The scheduled backups as the system's administrators see them: the
//! schedule configured and the latest runs with their outcome. The API and
//! the administration page both come here; each look is in the access log.

use crate::error::ApiError;
use crate::AppState;
use haven_store::backup::runs::BackupRun;
use haven_store::users::UserAccount;
use serde::Serialize;
use utoipa::ToSchema;

/// Runs listed.
const RUNS_SHOWN: u64 = 30;

/// `[backups]` as configured (the keys they are encrypted for are not named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BackupSchedule {
    /// `HH:MM`, Vietnam time.
    pub daily_at: String,
    pub keep: u32,
    /// The folder the archives are written to.
    pub dir: String,
    /// How many age keys they are encrypted for.
    pub recipients: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BackupStatus {
    /// None: no scheduled backups (make them with `haven backup`).
    pub schedule: Option<BackupSchedule>,
    /// The latest runs, newest first.
    pub runs: Vec<BackupRun>,
}

pub async fn status(state: &AppState, user: &UserAccount) -> Result<BackupStatus, ApiError> {
    super::webhooks::may_manage(state, user, "read_backups").await?;
    Ok(BackupStatus {
        schedule: state.settings.backup_schedule.clone(),
        runs: state.store.backup_runs().latest(RUNS_SHOWN).await?,
    })
}
