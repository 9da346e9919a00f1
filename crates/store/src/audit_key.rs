//! The key the history chains are sealed with (HMAC-SHA-256). It is kept in a
//! file outside the database, beside the attachment key: someone who can
//! write to the database but does not hold the key cannot rewrite an entry,
//! or cut a case's last entries, and recompute a chain that still verifies.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::{Path, PathBuf};

const KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct AuditKey {
    key: [u8; KEY_BYTES],
    path: PathBuf,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuditKeyError {
    #[error("cannot read the audit key file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the audit key file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the audit key file {0} does not hold one 64-hex-digit key")]
    Malformed(PathBuf),
}

impl AuditKey {
    /// Reads the key file; creates it with a new key when it does not exist.
    pub fn open_or_create(path: &Path) -> Result<AuditKey, AuditKeyError> {
        if path.exists() {
            return Self::open(path);
        }
        let key = AuditKey {
            key: rand::random(),
            path: path.to_owned(),
        };
        key.save()?;
        tracing::debug!(path = %path.display(), "created a new audit key file");
        Ok(key)
    }

    pub fn open(path: &Path) -> Result<AuditKey, AuditKeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| AuditKeyError::Read {
            path: path.to_owned(),
            source,
        })?;
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .ok_or_else(|| AuditKeyError::Malformed(path.to_owned()))?;
        let key: [u8; KEY_BYTES] = hex::decode(line)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| AuditKeyError::Malformed(path.to_owned()))?;
        Ok(AuditKey {
            key,
            path: path.to_owned(),
        })
    }

    /// A new random key to replace this one, written to the same file by [`AuditKey::save`].
    pub fn successor(&self) -> AuditKey {
        AuditKey {
            key: rand::random(),
            path: self.path.clone(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A short fingerprint naming this key (not revealing it), kept in the
    /// database so a wrong key file is noticed.
    pub fn id(&self) -> String {
        self.mac(&["haven audit key id"]).chars().take(16).collect()
    }

    /// Where a rotation keeps the next key until the database is sealed with it.
    pub fn pending_path(path: &Path) -> PathBuf {
        let mut name = path.as_os_str().to_owned();
        name.push(".next");
        PathBuf::from(name)
    }

    /// A new random key for a rotation, to be saved at the pending path first.
    pub fn next(&self) -> AuditKey {
        AuditKey {
            key: rand::random(),
            path: Self::pending_path(&self.path),
        }
    }

    /// Puts a pending key in place of the key file it was made for (an atomic
    /// rename, then the directory synced), once the database is sealed with it.
    pub fn promote(self, key_file: &Path) -> Result<AuditKey, AuditKeyError> {
        let write_error = |source| AuditKeyError::Write {
            path: key_file.to_owned(),
            source,
        };
        std::fs::rename(&self.path, key_file).map_err(write_error)?;
        if let Some(dir) = key_file.parent() {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(write_error)?;
        }
        Ok(AuditKey {
            key: self.key,
            path: key_file.to_owned(),
        })
    }

    /// HMAC-SHA-256 of the parts, each length-prefixed so that no two
    /// different lists feed the same bytes; hex.
    pub fn mac(&self, parts: &[&str]) -> String {
        // HMAC takes a key of any length: this never fails.
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.key) else {
            return String::new();
        };
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// Writes the key to a temporary file, owner-only, then renames it into place.
    pub fn save(&self) -> Result<(), AuditKeyError> {
        let write_error = |source| AuditKeyError::Write {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(write_error)?;
        }
        let temporary = self.path.with_extension("key.partial");
        let text = format!(
            "# Haven's audit key (HMAC-SHA-256 of the case histories). Keep it apart from the data.\n{}\n",
            hex::encode(self.key)
        );
        {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&temporary).map_err(write_error)?;
            file.write_all(text.as_bytes()).map_err(write_error)?;
            file.sync_all().map_err(write_error)?;
        }
        std::fs::rename(&temporary, &self.path).map_err(write_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_reads_back_and_keys_the_mac() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("audit.key");
        let key = AuditKey::open_or_create(&path).unwrap();
        let again = AuditKey::open_or_create(&path).unwrap();
        assert_eq!(key.mac(&["a", "b"]), again.mac(&["a", "b"]));
        assert_ne!(
            key.mac(&["a", "b"]),
            key.mac(&["ab", ""]),
            "parts are length-prefixed"
        );
        assert_ne!(key.mac(&["a"]), key.successor().mac(&["a"]));
        std::fs::write(&path, "not a key").unwrap();
        assert!(matches!(
            AuditKey::open(&path),
            Err(AuditKeyError::Malformed(_))
        ));
    }
}
