//! The day's backup while Haven serves: after `[backups] daily_at`
//! (Vietnam time) the first process to claim the day writes an encrypted
//! archive `haven-YYYY-MM-DD.age` into the backup folder, removes the
//! oldest beyond `keep`, and records the outcome — a failure with a notice
//! to every administrator who manages the organisation.

use crate::commands::backup::{create_private_dir, write_archive};
use crate::config::Config;
use anyhow::Context;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use haven_access::{Permission, PermissionTable};
use haven_domain::ids::AgencyId;
use haven_store::backup::archive::{self, Protection};
use haven_store::Store;
use std::path::{Path, PathBuf};

/// How often the schedule looks at the clock.
const EVERY: std::time::Duration = std::time::Duration::from_secs(60);
const PREFIX: &str = "haven-";
const SUFFIX: &str = ".age";

/// `[backups]` as checked by the configuration.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub at: NaiveTime,
    pub keep: usize,
    pub dir: PathBuf,
    pub recipients: Vec<String>,
}

/// What a look at the clock did.
#[derive(Debug)]
pub enum Tick {
    /// Too early, or the day is another process's or done.
    Nothing,
    Written {
        file: PathBuf,
        bytes: u64,
    },
    Failed(String),
}

pub async fn run(config: Config, store: Store, schedule: Schedule, permissions: PermissionTable) {
    let mut ticks = tokio::time::interval(EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match tick(&config, &store, &schedule, &permissions, Utc::now()).await {
            Ok(Tick::Nothing) => {}
            Ok(Tick::Written { file, bytes }) => {
                tracing::info!(file = %file.display(), bytes, "the scheduled backup was written")
            }
            Ok(Tick::Failed(error)) => {
                tracing::error!(%error, "the scheduled backup failed; the administrators are told")
            }
            Err(error) => {
                tracing::warn!(%error, "the scheduled backup could not be started; tried again shortly")
            }
        }
    }
}

fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or(chrono::Offset::fix(&Utc))
}

/// Makes the day's backup if it is due at `now` and this process claims it.
pub async fn tick(
    config: &Config,
    store: &Store,
    schedule: &Schedule,
    permissions: &PermissionTable,
    now: DateTime<Utc>,
) -> anyhow::Result<Tick> {
    let local = now.with_timezone(&vietnam());
    if local.time() < schedule.at {
        return Ok(Tick::Nothing);
    }
    let day = local.date_naive();
    let runs = store.backup_runs();
    let Some(run) = runs.claim(day, now).await? else {
        return Ok(Tick::Nothing);
    };
    match back_up(config, store, schedule, day).await {
        Ok((file, bytes)) => {
            runs.succeeded(run, &file.display().to_string(), bytes, Utc::now())
                .await?;
            Ok(Tick::Written { file, bytes })
        }
        Err(error) => {
            let error = format!("{error:#}");
            let administrators = administrators(store, permissions).await?;
            runs.failed(run, &error, &administrators, Utc::now())
                .await?;
            Ok(Tick::Failed(error))
        }
    }
}

async fn back_up(
    config: &Config,
    store: &Store,
    schedule: &Schedule,
    day: NaiveDate,
) -> anyhow::Result<(PathBuf, u64)> {
    let protection = Protection::Recipients(
        schedule
            .recipients
            .iter()
            .map(|r| archive::recipient(r))
            .collect::<Result<_, _>>()?,
    );
    create_private_dir(&schedule.dir)?;
    let file = schedule.dir.join(format!("{PREFIX}{day}{SUFFIX}"));
    write_archive(config, store, &file, protection).await?;
    let bytes = std::fs::metadata(&file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    remove_beyond(&schedule.dir, schedule.keep, &file)?;
    Ok((file, bytes))
}

/// Removes the oldest scheduled backups beyond `keep`, never the one just
/// `written` (whatever the other files' dates say); nothing else in the
/// folder is touched.
fn remove_beyond(dir: &Path, keep: usize, written: &Path) -> anyhow::Result<()> {
    let mut days: Vec<(NaiveDate, PathBuf)> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let day = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
            Some((day.parse::<NaiveDate>().ok()?, entry.path()))
        })
        .filter(|(_, path)| path != written)
        .collect();
    days.sort();
    let beyond = days.len().saturating_sub(keep.saturating_sub(1));
    for (_, path) in days.into_iter().take(beyond) {
        std::fs::remove_file(&path)
            .with_context(|| format!("cannot remove the old backup {}", path.display()))?;
        tracing::info!(file = %path.display(), "an old scheduled backup was removed");
    }
    Ok(())
}

/// Active users who manage the organisation, with their agency.
async fn administrators(
    store: &Store,
    permissions: &PermissionTable,
) -> anyhow::Result<Vec<(i64, AgencyId)>> {
    Ok(store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.active)
        .filter(|u| {
            permissions
                .permissions_of(&u.roles)
                .contains(&Permission::ManageOrganisation)
        })
        .map(|u| (u.id, AgencyId(u.agency_id)))
        .collect())
}
