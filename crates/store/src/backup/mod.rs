//! Backups: the whole database as of one moment, copied into an SQLite
//! file, with the attachment files (still sealed under the attachment key)
//! and a manifest of row counts and checksums — the contents of one
//! encrypted archive (`archive`). Restoring copies them into an empty
//! database of either kind and checks the counts against the manifest.
//! The keys are never in a backup: they are kept apart from it.

pub mod archive;
pub mod runs;

use crate::copy::TableCount;
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use crate::target::DatabaseTarget;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The database's file inside a backup.
pub const DATABASE_FILE: &str = "haven.sqlite";
/// The attachment files' folder inside a backup.
pub const ATTACHMENTS_DIR: &str = "attachments";
pub const MANIFEST_FILE: &str = "manifest.json";
const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub haven_version: String,
    pub created_at: DateTime<Utc>,
    /// `sqlite` or `postgresql`: where the backup was taken.
    pub source: String,
    pub tables: Vec<CountedTable>,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedTable {
    pub table: String,
    pub rows: u64,
}

/// A file of the backup, by its path inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

impl Manifest {
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }

    pub fn attachment_files(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.starts_with(ATTACHMENTS_DIR))
            .count()
    }
}

impl Store {
    /// Writes the backup's contents into the empty folder `into`: the
    /// database as of one moment, then every attachment file (those written
    /// since are harmless extras), then the manifest.
    pub async fn back_up_into(&self, into: &Path) -> StoreResult<Manifest> {
        let building = into.join(BUILDING_DIR);
        std::fs::create_dir_all(&building).map_err(io("create", &building))?;
        let copy = Store::open(&DatabaseTarget::Sqlite {
            path: building.join(DATABASE_FILE),
        })
        .await?;
        self.copy_to(&copy).await?;
        // The scheduled run making this backup has no outcome yet: it is
        // left out, so a restored installation makes its own that day.
        copy.backup_runs().forget_running().await?;
        let counts = copy.table_counts().await?;
        copy.close().await?;
        let database = into.join(DATABASE_FILE);
        self_contained_copy(&building.join(DATABASE_FILE), &database).await?;
        std::fs::remove_dir_all(&building).map_err(io("remove", &building))?;
        let mut files = vec![entry_of(into, &database)?];
        if let Some(dir) = self.attachment_dir() {
            let copied = into.join(ATTACHMENTS_DIR);
            std::fs::create_dir_all(&copied).map_err(io("create", &copied))?;
            for file in attachment_files_in(dir)? {
                let Some(name) = file.file_name() else {
                    continue;
                };
                let target = copied.join(name);
                std::fs::copy(&file, &target).map_err(io("copy", &file))?;
                files.push(entry_of(into, &target)?);
            }
        }
        let manifest = Manifest {
            format: FORMAT,
            haven_version: env!("CARGO_PKG_VERSION").to_owned(),
            created_at: Utc::now(),
            source: match self.target() {
                DatabaseTarget::Sqlite { .. } => "sqlite",
                DatabaseTarget::Postgres { .. } => "postgresql",
            }
            .to_owned(),
            tables: counts.iter().map(counted).collect(),
            files,
        };
        let text = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| StoreError::Internal(format!("manifest: {e}")))?;
        let path = into.join(MANIFEST_FILE);
        std::fs::write(&path, text).map_err(io("write", &path))?;
        Ok(manifest)
    }
}

/// Where the copy is written before it becomes the backup's one file.
const BUILDING_DIR: &str = "building";

/// Writes `copy` (a database in WAL mode) into the single file `into`, from
/// a connection of its own. A pool's `close` may return while one of its
/// connections still has to checkpoint the WAL into the file it was
/// writing; the file made here is finished when the statement returns, so
/// its checksum holds whatever that straggler does later.
async fn self_contained_copy(copy: &Path, into: &Path) -> StoreResult<()> {
    use sea_orm::sqlx::sqlite::SqliteConnectOptions;
    use sea_orm::sqlx::{ConnectOptions, Connection};
    let mut connection = SqliteConnectOptions::new()
        .filename(copy)
        .connect()
        .await
        .map_err(|e| StoreError::Unreachable(format!("cannot read {}: {e}", copy.display())))?;
    let written = sea_orm::sqlx::query("VACUUM INTO ?")
        .bind(into.to_string_lossy().into_owned())
        .execute(&mut connection)
        .await;
    connection.close().await.ok();
    written
        .map_err(|e| StoreError::Unreachable(format!("cannot write {}: {e}", into.display())))?;
    Ok(())
}

/// An unpacked backup whose files were found as its manifest lists them,
/// before anything opened its database (opening may rewrite the file).
#[derive(Debug)]
pub struct CheckedBackup {
    folder: PathBuf,
    manifest: Manifest,
}

impl CheckedBackup {
    /// The unpacked backup in `from`, once every file its manifest lists is
    /// there with its checksum.
    pub fn check(from: &Path) -> StoreResult<CheckedBackup> {
        Ok(CheckedBackup {
            folder: from.to_path_buf(),
            manifest: read_manifest(from)?,
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The backup's database file.
    pub fn database(&self) -> PathBuf {
        self.folder.join(DATABASE_FILE)
    }

    /// The backup's attachment files' folder.
    pub fn attachments(&self) -> PathBuf {
        self.folder.join(ATTACHMENTS_DIR)
    }
}

/// Copies a checked backup into `target` (which must be empty) and its
/// attachment files into `attachment_dir`, and compares the row counts
/// with the manifest.
pub async fn restore(
    backup: &CheckedBackup,
    target: &Store,
    attachment_dir: &Path,
) -> StoreResult<Manifest> {
    let manifest = backup.manifest();
    let source = Store::open_and_migrate(&DatabaseTarget::Sqlite {
        path: backup.database(),
    })
    .await?;
    let restored = source.copy_to(target).await;
    source.close().await?;
    let restored = restored?;
    let expected: Vec<CountedTable> = manifest.tables.clone();
    let found: Vec<CountedTable> = restored.iter().map(counted).collect();
    // A backup from an older Haven has fewer tables: those it has must match.
    for table in &expected {
        if !found.contains(table) {
            return Err(StoreError::Refused(format!(
                "after the restore table {} does not have the {} rows the manifest lists",
                table.table, table.rows
            )));
        }
    }
    let copied = backup.attachments();
    if copied.is_dir() {
        std::fs::create_dir_all(attachment_dir).map_err(io("create", attachment_dir))?;
        for file in attachment_files_in(&copied)? {
            let Some(name) = file.file_name() else {
                continue;
            };
            let into = attachment_dir.join(name);
            std::fs::copy(&file, &into).map_err(io("copy", &file))?;
        }
    }
    Ok(manifest.clone())
}

/// The manifest of an unpacked backup, once every file it lists is there
/// with its checksum.
fn read_manifest(from: &Path) -> StoreResult<Manifest> {
    let path = from.join(MANIFEST_FILE);
    let text = std::fs::read(&path).map_err(|_| refused("it has no manifest"))?;
    let manifest: Manifest =
        serde_json::from_slice(&text).map_err(|_| refused("its manifest cannot be read"))?;
    if manifest.format != FORMAT {
        return Err(refused("it is in a format this Haven does not know"));
    }
    for file in &manifest.files {
        let found = entry_of(from, &from.join(&file.path)).map_err(|_| {
            refused(&format!(
                "{} is listed in the manifest but missing",
                file.path
            ))
        })?;
        if found != *file {
            return Err(refused(&format!(
                "{} does not match the manifest's checksum",
                file.path
            )));
        }
    }
    Ok(manifest)
}

fn refused(why: &str) -> StoreError {
    StoreError::Refused(format!("the backup cannot be restored: {why}"))
}

fn counted(count: &TableCount) -> CountedTable {
    CountedTable {
        table: count.table.to_owned(),
        rows: count.rows,
    }
}

/// The regular files of an attachment folder, unfinished writes left out.
fn attachment_files_in(dir: &Path) -> StoreResult<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(io("read", dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(io("read", dir))?;
        let unfinished = entry.file_name().to_string_lossy().starts_with('.');
        if entry.path().is_file() && !unfinished {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

fn entry_of(root: &Path, file: &Path) -> StoreResult<FileEntry> {
    let content = std::fs::read(file).map_err(io("read", file))?;
    let path = file
        .strip_prefix(root)
        .map_err(|_| StoreError::Internal("a backup file outside the backup".into()))?
        .to_string_lossy()
        .replace('\\', "/");
    Ok(FileEntry {
        path,
        bytes: content.len() as u64,
        sha256: hex::encode(Sha256::digest(&content)),
    })
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl Fn(std::io::Error) -> StoreError + 'a {
    move |e| StoreError::Unreachable(format!("cannot {action} {}: {e}", path.display()))
}
