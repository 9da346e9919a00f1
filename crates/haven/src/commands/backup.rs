//! `haven backup` and `haven restore`: one encrypted archive holding the
//! database as of one moment and the attachment files, restorable into an
//! empty SQLite data directory or an empty PostgreSQL database, whichever
//! it was taken from. The keys are never in it.

use super::{audit, open_store_with_attachments};
use crate::config::Config;
use anyhow::{anyhow, bail, Context};
use clap::Args;
use haven_store::attachments::KeyRing;
use haven_store::audit_key::AuditKey;
use haven_store::backup::archive::{self, Opener, Protection};
use haven_store::backup::{self, CheckedBackup, Manifest};
use haven_store::{DatabaseTarget, Store};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The shortest passphrase a backup is encrypted with.
const MIN_PASSPHRASE_CHARS: usize = 12;

#[derive(Args)]
pub struct BackupArgs {
    /// The archive to write (an age-encrypted tar file).
    #[arg(long)]
    to: PathBuf,
    /// An age public key (`age1…`) the backup is encrypted for; repeat for several.
    #[arg(long = "recipient")]
    recipients: Vec<String>,
    /// Encrypt with a passphrase read from the first line of standard input instead.
    #[arg(long)]
    passphrase_stdin: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The archive `haven backup` wrote.
    #[arg(long)]
    from: PathBuf,
    /// A file holding the age secret key (`AGE-SECRET-KEY-1…`) of one of its recipients.
    #[arg(long = "identity")]
    identities: Vec<PathBuf>,
    /// Read the backup's passphrase from the first line of standard input.
    #[arg(long)]
    passphrase_stdin: bool,
}

pub async fn back_up(config: &Config, args: BackupArgs) -> anyhow::Result<()> {
    let protection = match (args.recipients.is_empty(), args.passphrase_stdin) {
        (false, false) => Protection::Recipients(
            args.recipients
                .iter()
                .map(|r| archive::recipient(r))
                .collect::<Result<_, _>>()?,
        ),
        (true, true) => Protection::Passphrase(passphrase()?.into()),
        (false, true) | (true, false) => {
            bail!("give either --recipient (one or more age public keys) or --passphrase-stdin")
        }
    };
    existing_installation(config).await?;
    let store = open_store_with_attachments(config).await?;
    let manifest = write_archive(config, &store, &args.to, protection).await?;
    println!(
        "Backup of {} written to {}: {} tables, {} rows, {} attachment files.",
        store.target().describe(),
        args.to.display(),
        manifest.tables.len(),
        manifest.total_rows(),
        manifest.attachment_files()
    );
    println!(
        "The keys are not in it. Keep {} and {} apart from the backup: without them the case histories cannot be verified nor the attachments read.",
        config.audit_key_file().display(),
        config.attachment_key_file().display()
    );
    Ok(())
}

/// Writes the backup of `store` to `to`: refused when attachment files are
/// missing, made in a private staging folder that is removed afterwards.
/// The command and the schedule both come here.
pub async fn write_archive(
    config: &Config,
    store: &Store,
    to: &Path,
    protection: Protection,
) -> anyhow::Result<Manifest> {
    let missing = store.verify_attachments().await?.len();
    if missing > 0 {
        bail!(
            "{missing} attachment files the database refers to are missing or altered in {}: check --data-dir (or attachment_dir), or run `haven audit verify` to see which",
            config.attachment_dir().display()
        );
    }
    remove_leftovers(&config.data_dir, AN_HOUR);
    let folder = private_folder(&config.data_dir)?;
    let manifest = store.back_up_into(folder.path()).await?;
    let (from, into) = (folder.path().to_path_buf(), to.to_path_buf());
    tokio::task::spawn_blocking(move || archive::seal(&from, &into, protection))
        .await
        .map_err(|e| anyhow!("the archive could not be written: {e}"))??;
    drop(folder);
    restrict_file(to)?;
    Ok(manifest)
}

pub async fn restore(config: &Config, args: RestoreArgs) -> anyhow::Result<()> {
    let opener = match (args.identities.is_empty(), args.passphrase_stdin) {
        (false, false) => {
            let mut keys = Vec::new();
            for file in &args.identities {
                keys.extend(archive::identities(file)?);
            }
            Opener::Identities(keys)
        }
        (true, true) => Opener::Passphrase(passphrase()?.into()),
        (false, true) | (true, false) => {
            bail!("give either --identity (a file with an age secret key) or --passphrase-stdin")
        }
    };
    // The keys first: restoring what cannot be verified or read helps no one.
    for key in [config.audit_key_file(), config.attachment_key_file()] {
        if !key.exists() {
            bail!(
                "put the keys kept apart from the backup in place first: {} is missing (the audit key and the attachment key of the installation the backup was taken from)",
                key.display()
            );
        }
    }
    let attachment_dir = config.attachment_dir();
    if std::fs::read_dir(&attachment_dir).is_ok_and(|mut e| e.next().is_some()) {
        bail!(
            "the attachment directory {} is not empty; restore only into an empty installation",
            attachment_dir.display()
        );
    }
    let fresh = !config.data_dir.exists();
    create_private_dir(&config.data_dir)?;
    // No other restore can be running into this installation.
    remove_leftovers(&config.data_dir, std::time::Duration::ZERO);
    let folder = private_folder(&config.data_dir)?;
    let outcome = restore_from(config, &args.from, opener, folder.path(), &attachment_dir).await;
    drop(folder);
    let manifest = match outcome {
        Ok(manifest) => manifest,
        Err(e) => {
            // A refused archive leaves no trace of an installation.
            if fresh {
                let _ = std::fs::remove_dir_all(&config.data_dir);
            }
            return Err(e);
        }
    };
    print_restored(&manifest, config);
    let store = open_store_with_attachments(config).await?;
    audit::verify(&store).await
}

/// Unpacks and checks the archive in `staging`, then fills the database.
async fn restore_from(
    config: &Config,
    archive_file: &Path,
    opener: Opener,
    staging: &Path,
    attachment_dir: &Path,
) -> anyhow::Result<Manifest> {
    let (from, into) = (archive_file.to_path_buf(), staging.to_path_buf());
    tokio::task::spawn_blocking(move || archive::open(&from, &opener, &into))
        .await
        .map_err(|e| anyhow!("the archive could not be read: {e}"))??;
    let checked = CheckedBackup::check(staging)?;
    check_keys(config, &checked).await?;
    let target = config.database_target()?;
    match &target {
        // A new SQLite file is built in the staging folder and moved in
        // whole: a restore cut short leaves no half database behind.
        DatabaseTarget::Sqlite { path } if !path.exists() => {
            let building = staging.join("restoring.sqlite");
            let store = Store::open(&DatabaseTarget::Sqlite {
                path: building.clone(),
            })
            .await?;
            let manifest = backup::restore(&checked, &store, attachment_dir).await;
            store.close().await?;
            let manifest = manifest?;
            std::fs::rename(&building, path).with_context(|| {
                format!("cannot move the restored database to {}", path.display())
            })?;
            Ok(manifest)
        }
        DatabaseTarget::Sqlite { .. } | DatabaseTarget::Postgres { .. } => {
            let store = Store::open(&target).await?;
            let manifest = backup::restore(&checked, &store, attachment_dir).await;
            store.close().await?;
            Ok(manifest?)
        }
    }
}

/// The installation's keys must be those the backup was made under: every
/// history in it verifies under the audit key and every attachment file
/// opens with the attachment key — checked before anything is written.
async fn check_keys(config: &Config, checked: &CheckedBackup) -> anyhow::Result<()> {
    let staged = Store::open_and_migrate(&DatabaseTarget::Sqlite {
        path: checked.database(),
    })
    .await?
    .with_rules(config.case_rules())
    .with_audit_key(AuditKey::open(&config.audit_key_file())?)
    .with_attachments(
        checked.attachments(),
        KeyRing::open(&config.attachment_key_file())?,
        config.attachments.clone(),
    );
    let altered = staged.verify_histories().await?.len();
    let unreadable = staged.verify_attachments().await?.len();
    staged.close().await?;
    if altered > 0 {
        bail!(
            "{altered} case histories in the backup do not verify under the audit key {}: put the keys of the installation the backup was taken from in place",
            config.audit_key_file().display()
        );
    }
    if unreadable > 0 {
        bail!(
            "{unreadable} attachment files in the backup do not open with the attachment key {}: put the keys of the installation the backup was taken from in place",
            config.attachment_key_file().display()
        );
    }
    Ok(())
}

/// A backup is of an installation that exists: never one it would create.
async fn existing_installation(config: &Config) -> anyhow::Result<()> {
    // The attachment files and the keys are found from the data directory
    // on either database: a wrong one would make a backup without them.
    if !config.data_dir.is_dir() {
        bail!(
            "the data directory {} does not exist: check --data-dir (a backup never creates an installation)",
            config.data_dir.display()
        );
    }
    match config
        .database_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        None => {
            let file = config.data_dir.join("haven.sqlite");
            if !file.exists() {
                bail!(
                    "there is no Haven database at {}: check --data-dir (a backup never creates an installation)",
                    file.display()
                );
            }
        }
        Some(url) => {
            let store = Store::open(&DatabaseTarget::from_url(url)?).await?;
            let empty = store.pending_migrations().await? > 0 || store.count_users().await? == 0;
            store.close().await?;
            if empty {
                bail!(
                    "{} holds no Haven installation: check DATABASE_URL",
                    DatabaseTarget::from_url(url)?.describe()
                );
            }
        }
    }
    Ok(())
}

fn print_restored(manifest: &Manifest, config: &Config) {
    println!(
        "Restored the backup taken {} from {} (Haven {}): {} tables, {} rows, {} attachment files; row counts match the manifest.",
        manifest.created_at.format("%Y-%m-%d %H:%M UTC"),
        manifest.source,
        manifest.haven_version,
        manifest.tables.len(),
        manifest.total_rows(),
        manifest.attachment_files()
    );
    if let Ok(target) = config.database_target() {
        println!(
            "Into {}; attachment files into {}.",
            target.describe(),
            config.attachment_dir().display()
        );
    }
}

/// Where the unencrypted copy is made: a folder only Haven's user may
/// enter, inside the data directory (which already holds the database),
/// removed when dropped — never beside the backup, which may be a shared disk.
fn private_folder(data_dir: &Path) -> anyhow::Result<tempfile::TempDir> {
    create_private_dir(data_dir)?;
    let folder = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(data_dir)
        .with_context(|| format!("cannot write in {}", data_dir.display()))?;
    restrict(folder.path())?;
    Ok(folder)
}

const STAGING_PREFIX: &str = ".haven-backup-";

/// How old a staging folder must be to be taken for a leftover by a run
/// that another one might be running beside.
pub const AN_HOUR: std::time::Duration = std::time::Duration::from_secs(3600);

/// Folders an interrupted backup or restore left in the data directory,
/// older than `older_than` (one running now is left alone).
pub fn remove_leftovers(data_dir: &Path, older_than: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= older_than);
        if name.to_string_lossy().starts_with(STAGING_PREFIX) && old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

pub(crate) fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        restrict(dir)?;
    }
    Ok(())
}

#[cfg(unix)]
fn restrict(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("cannot restrict {}", dir.display()))
}

#[cfg(not(unix))]
fn restrict(_: &Path) -> anyhow::Result<()> {
    Ok(())
}

/// An archive is for Haven's user alone, encrypted or not.
#[cfg(unix)]
fn restrict_file(file: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("cannot restrict {}", file.display()))
}

#[cfg(not(unix))]
fn restrict_file(_: &Path) -> anyhow::Result<()> {
    Ok(())
}

fn passphrase() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the passphrase from standard input")?;
    let passphrase = line.trim_end_matches(['\r', '\n']).to_owned();
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        bail!("the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters");
    }
    Ok(passphrase)
}
