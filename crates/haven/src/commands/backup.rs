//! `haven backup` and `haven restore`: one encrypted archive holding the
//! database as of one moment and the attachment files, restorable into an
//! empty SQLite data directory or an empty PostgreSQL database, whichever
//! it was taken from. The keys are never in it.

use super::{audit, open_store_with_attachments};
use crate::config::Config;
use anyhow::{anyhow, bail, Context};
use clap::Args;
use haven_store::backup::archive::{self, Opener, Protection};
use haven_store::backup::{self, Manifest};
use haven_store::Store;
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
    let store = open_store_with_attachments(config).await?;
    let folder = scratch_folder(&args.to)?;
    let manifest = store.back_up_into(folder.path()).await?;
    let (from, to) = (folder.path().to_path_buf(), args.to.clone());
    tokio::task::spawn_blocking(move || archive::seal(&from, &to, protection))
        .await
        .map_err(|e| anyhow!("the archive could not be written: {e}"))??;
    drop(folder);
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
    let target = Store::open(&config.database_target()?).await?;
    let folder = scratch_folder(&config.data_dir)?;
    let (from, into) = (args.from.clone(), folder.path().to_path_buf());
    tokio::task::spawn_blocking(move || archive::open(&from, &opener, &into))
        .await
        .map_err(|e| anyhow!("the archive could not be read: {e}"))??;
    let manifest = backup::restore(folder.path(), &target, &attachment_dir).await?;
    drop(folder);
    target.close().await?;
    print_restored(&manifest, config);
    let store = open_store_with_attachments(config).await?;
    audit::verify(&store).await
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
    if config.database_url.is_none() {
        println!("Into {}.", config.data_dir.display());
    }
}

/// A private folder beside `near` for the unencrypted copy, removed when dropped.
fn scratch_folder(near: &Path) -> anyhow::Result<tempfile::TempDir> {
    let parent = match near.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) | None => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    tempfile::Builder::new()
        .prefix(".haven-backup-")
        .tempdir_in(&parent)
        .with_context(|| format!("cannot write in {}", parent.display()))
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
