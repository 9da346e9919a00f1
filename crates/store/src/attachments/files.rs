//! Attachment files on disk, outside the database: each under a random name
//! (so a name says nothing about the person or the content), encrypted with
//! the key ring's current key, written to a temporary file, synced and
//! renamed into place, so a crash leaves either the whole file or none.

use super::keys::KeyRing;
use sha2::{Digest, Sha256};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
    keys: KeyRing,
}

/// Why a stored file cannot be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    Missing,
    Corrupted,
}

/// A file in the attachment directory that no case refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    pub name: String,
    pub kind: StrayKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrayKind {
    /// Left mid-write by a crash: never a whole file.
    Partial,
    /// Whole, but no case refers to it.
    Orphan,
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>, keys: KeyRing) -> FileStore {
        FileStore {
            dir: dir.into(),
            keys,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stores `content`; returns the new file's id and its SHA-256 (hex).
    pub async fn write(&self, content: &[u8]) -> std::io::Result<(String, String)> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let file_id = hex::encode(rand::random::<[u8; 16]>());
        let sealed = self.keys.seal(&file_id, content)?;
        self.replace(&file_id, &sealed).await?;
        Ok((file_id, hex::encode(Sha256::digest(content))))
    }

    /// Puts `sealed` in place of the file `file_id`, whole or not at all.
    async fn replace(&self, file_id: &str, sealed: &[u8]) -> std::io::Result<()> {
        let temporary = self.dir.join(format!(".{file_id}.partial"));
        let mut file = tokio::fs::File::create(&temporary).await?;
        file.write_all(sealed).await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&temporary, self.path_of(file_id)?).await?;
        // The rename is durable only once the directory itself is synced.
        tokio::fs::File::open(&self.dir).await?.sync_all().await
    }

    /// Files in the directory that are not attachments of any case: `.partial`
    /// files a crash left mid-write, and sealed files no case refers to (an
    /// upload whose record never committed). Only those older than `settled`
    /// count, so an upload in flight on another server is left alone.
    pub async fn strays(
        &self,
        referenced: &std::collections::HashSet<String>,
        settled: std::time::Duration,
    ) -> std::io::Result<Vec<Stray>> {
        let mut strays = Vec::new();
        let mut entries = match tokio::fs::read_dir(&self.dir).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(strays),
            Err(e) => return Err(e),
        };
        let now = std::time::SystemTime::now();
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            let age = entry
                .metadata()
                .await?
                .modified()
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .unwrap_or_default();
            if age < settled {
                continue;
            }
            let kind = if name.starts_with('.') && name.ends_with(".partial") {
                StrayKind::Partial
            } else if self.path_of(&name).is_ok() && !referenced.contains(&name) {
                StrayKind::Orphan
            } else {
                continue;
            };
            strays.push(Stray { name, kind });
        }
        strays.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(strays)
    }

    /// Removes stray files (see [`FileStore::strays`]); returns how many went.
    pub async fn sweep(&self, strays: &[Stray]) -> usize {
        let mut removed = 0;
        for stray in strays {
            if tokio::fs::remove_file(self.dir.join(&stray.name))
                .await
                .is_ok()
            {
                removed += 1;
            }
        }
        removed
    }

    /// Re-encrypts every file not under the current key; returns (re-encrypted, already current).
    /// A file no key opens is left as it is for `haven audit verify` to report.
    pub async fn reencrypt_all(&self) -> std::io::Result<(usize, usize)> {
        let mut done = (0, 0);
        let mut entries = match tokio::fs::read_dir(&self.dir).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(done),
            Err(e) => return Err(e),
        };
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            if self.path_of(&name).is_err() {
                continue;
            }
            let sealed = tokio::fs::read(entry.path()).await?;
            if self.keys.is_current(&sealed) {
                done.1 += 1;
                continue;
            }
            if let Some(plaintext) = self.keys.open_sealed(&name, &sealed) {
                self.replace(&name, &self.keys.seal(&name, &plaintext)?)
                    .await?;
                done.0 += 1;
            }
        }
        Ok(done)
    }

    /// The content, only when it is there and still has the checksum it was stored with.
    pub async fn read_verified(
        &self,
        file_id: &str,
        sha256: &str,
    ) -> std::io::Result<Result<Vec<u8>, FileProblem>> {
        let path = self.path_of(file_id)?;
        match tokio::fs::read(path).await {
            Ok(sealed) => match self.keys.open_sealed(file_id, &sealed) {
                Some(content) if hex::encode(Sha256::digest(&content)) == sha256 => Ok(Ok(content)),
                _ => Ok(Err(FileProblem::Corrupted)),
            },
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(Err(FileProblem::Missing)),
            Err(e) => Err(e),
        }
    }

    /// Removes a file that no case refers to (an upload whose command was refused).
    pub async fn remove(&self, file_id: &str) {
        if let Ok(path) = self.path_of(file_id) {
            let _ = tokio::fs::remove_file(path).await;
        }
    }

    /// Ids are ours (32 hex digits); anything else never reaches the file system.
    fn path_of(&self, file_id: &str) -> std::io::Result<PathBuf> {
        if file_id.len() != 32 || !file_id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(std::io::Error::new(
                ErrorKind::InvalidInput,
                "not an attachment file id",
            ));
        }
        Ok(self.dir.join(file_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_reads_back_until_it_is_altered_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let keys = KeyRing::open_or_create(&dir.path().join("attachments.key")).unwrap();
        let files = FileStore::new(dir.path().join("attachments"), keys);
        let (id, sum) = files.write(b"bien ban ban giao").await.unwrap();
        let raw = std::fs::read(files.dir().join(&id)).unwrap();
        assert!(
            !raw.windows(8).any(|w| w == b"ban giao"),
            "no plaintext at rest"
        );
        assert_eq!(
            files.read_verified(&id, &sum).await.unwrap().unwrap(),
            b"bien ban ban giao"
        );
        std::fs::write(files.dir().join(&id), b"bien ban da sua").unwrap();
        assert_eq!(
            files.read_verified(&id, &sum).await.unwrap(),
            Err(FileProblem::Corrupted)
        );
        files.remove(&id).await;
        assert_eq!(
            files.read_verified(&id, &sum).await.unwrap(),
            Err(FileProblem::Missing)
        );
        assert!(files.read_verified("../../etc/passwd", &sum).await.is_err());
    }
}
