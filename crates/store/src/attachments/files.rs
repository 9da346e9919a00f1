//! Attachment files on disk, outside the database: each under a random name
//! (so a name says nothing about the person or the content), written to a
//! temporary file, synced and renamed into place, so a crash leaves either
//! the whole file or none.

use sha2::{Digest, Sha256};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

/// Why a stored file cannot be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    Missing,
    Corrupted,
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>) -> FileStore {
        FileStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stores `content`; returns the new file's id and its SHA-256 (hex).
    pub async fn write(&self, content: &[u8]) -> std::io::Result<(String, String)> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let file_id = hex::encode(rand::random::<[u8; 16]>());
        let temporary = self.dir.join(format!(".{file_id}.partial"));
        let mut file = tokio::fs::File::create(&temporary).await?;
        file.write_all(content).await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&temporary, self.path_of(&file_id)?).await?;
        Ok((file_id, hex::encode(Sha256::digest(content))))
    }

    /// The content, only when it is there and still has the checksum it was stored with.
    pub async fn read_verified(
        &self,
        file_id: &str,
        sha256: &str,
    ) -> std::io::Result<Result<Vec<u8>, FileProblem>> {
        let path = self.path_of(file_id)?;
        match tokio::fs::read(path).await {
            Ok(content) if hex::encode(Sha256::digest(&content)) == sha256 => Ok(Ok(content)),
            Ok(_) => Ok(Err(FileProblem::Corrupted)),
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
        let files = FileStore::new(dir.path().join("attachments"));
        let (id, sum) = files.write(b"bien ban ban giao").await.unwrap();
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
