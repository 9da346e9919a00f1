//! `haven keys rotate`: a new key for new files, every stored file
//! re-encrypted under it, then the old keys retired. Run with Haven stopped:
//! a running server keeps the keys it started with.

use super::files::FileStore;
use super::keys::{KeyError, KeyRing};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    pub reencrypted: usize,
    /// Files already under the new key (a rotation resumed after a crash).
    pub already_current: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum RotationError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("cannot re-encrypt the attachments in {dir}: {source}")]
    Files { dir: String, source: std::io::Error },
}

/// Rotates the key in `key_file` for the files in `attachment_dir`. An
/// interrupted rotation is finished, not restarted: the ring still lists the
/// old keys, so no new key is added.
pub async fn rotate(key_file: &Path, attachment_dir: &Path) -> Result<Rotation, RotationError> {
    let mut ring = KeyRing::open(key_file)?;
    if !ring.is_rotating() {
        ring.add_current_key()?;
    }
    let files = FileStore::new(attachment_dir, ring.clone());
    let (reencrypted, already_current) =
        files
            .reencrypt_all()
            .await
            .map_err(|source| RotationError::Files {
                dir: attachment_dir.display().to_string(),
                source,
            })?;
    ring.retire_old_keys()?;
    Ok(Rotation {
        reencrypted,
        already_current,
    })
}
