//! The keys attachment files are encrypted with: a small text file kept
//! outside the data directory (so a copy of the data alone reveals nothing),
//! one key per line in hex, the first line the key new files use. During a
//! rotation the file holds the new key and the old ones until every file is
//! re-encrypted, so a crash part-way leaves every file readable.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;
const KEY_ID_BYTES: usize = 8;
/// Every encrypted file starts with this, then the key id and the nonce.
const MAGIC: &[u8; 4] = b"HVN1";
const HEADER_BYTES: usize = MAGIC.len() + KEY_ID_BYTES + NONCE_BYTES;

#[derive(Clone)]
pub struct KeyRing {
    path: PathBuf,
    /// The first is current.
    keys: Vec<[u8; KEY_BYTES]>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("path", &self.path)
            .field("keys", &self.keys.len())
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the attachment key file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the attachment key file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the attachment key file {0} is not a list of 64-hex-digit keys")]
    Malformed(PathBuf),
}

/// A sealed file's key id, nonce and ciphertext; `None` when it is not one of ours.
fn parts(sealed: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let rest = sealed.strip_prefix(MAGIC)?;
    let (id, rest) = rest.split_at_checked(KEY_ID_BYTES)?;
    let (nonce, ciphertext) = rest.split_at_checked(NONCE_BYTES)?;
    Some((id, nonce, ciphertext))
}

fn key_id(key: &[u8; KEY_BYTES]) -> [u8; KEY_ID_BYTES] {
    let digest = Sha256::digest(key);
    let mut id = [0u8; KEY_ID_BYTES];
    for (to, from) in id.iter_mut().zip(digest.iter()) {
        *to = *from;
    }
    id
}

impl KeyRing {
    /// Reads the key file; creates it with one new key when it does not exist.
    pub fn open_or_create(path: &Path) -> Result<KeyRing, KeyError> {
        if path.exists() {
            return Self::open(path);
        }
        let ring = KeyRing {
            path: path.to_owned(),
            keys: vec![rand::random()],
        };
        ring.save()?;
        tracing::warn!(path = %path.display(), "created a new attachment key file; back it up apart from the data");
        Ok(ring)
    }

    pub fn open(path: &Path) -> Result<KeyRing, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeyError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut keys = Vec::new();
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let bytes = hex::decode(line).map_err(|_| KeyError::Malformed(path.to_owned()))?;
            let key: [u8; KEY_BYTES] = bytes
                .try_into()
                .map_err(|_| KeyError::Malformed(path.to_owned()))?;
            keys.push(key);
        }
        if keys.is_empty() {
            return Err(KeyError::Malformed(path.to_owned()));
        }
        Ok(KeyRing {
            path: path.to_owned(),
            keys,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True while a rotation has not finished: older keys are still listed.
    pub fn is_rotating(&self) -> bool {
        self.keys.len() > 1
    }

    /// Puts a new key first, keeping the others until [`KeyRing::retire_old_keys`].
    pub fn add_current_key(&mut self) -> Result<(), KeyError> {
        self.keys.insert(0, rand::random());
        self.save()
    }

    pub fn retire_old_keys(&mut self) -> Result<(), KeyError> {
        self.keys.truncate(1);
        self.save()
    }

    /// Whether `sealed` was encrypted with the current key.
    pub fn is_current(&self, sealed: &[u8]) -> bool {
        match (self.keys.first(), parts(sealed)) {
            (Some(key), Some((id, _, _))) => id == key_id(key),
            _ => false,
        }
    }

    /// Encrypts with the current key; `file_id` is bound in, so a file moved
    /// under another name no longer opens.
    pub fn seal(&self, file_id: &str, plaintext: &[u8]) -> std::io::Result<Vec<u8>> {
        let Some(key) = self.keys.first() else {
            return Err(std::io::Error::other(
                "the attachment key ring holds no key",
            ));
        };
        let nonce: [u8; NONCE_BYTES] = rand::random();
        let cipher = XChaCha20Poly1305::new(key.into());
        let Ok(ciphertext) = cipher.encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: file_id.as_bytes(),
            },
        ) else {
            // Only a message beyond 256 GiB fails; attachments are capped far below.
            return Err(std::io::Error::other(
                "the attachment could not be encrypted",
            ));
        };
        let mut sealed = Vec::with_capacity(HEADER_BYTES + ciphertext.len());
        sealed.extend_from_slice(MAGIC);
        sealed.extend_from_slice(&key_id(key));
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    /// The plaintext, or `None` when the file is not ours, was altered, or
    /// its key is not in the ring.
    pub fn open_sealed(&self, file_id: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        let (id, nonce, ciphertext) = parts(sealed)?;
        let key = self.keys.iter().find(|k| key_id(k) == id)?;
        XChaCha20Poly1305::new(key.into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: file_id.as_bytes(),
                },
            )
            .ok()
    }

    /// Writes the ring to a temporary file, owner-only, then renames it into place.
    fn save(&self) -> Result<(), KeyError> {
        let write_error = |source| KeyError::Write {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(write_error)?;
        }
        let temporary = self.path.with_extension("partial");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temporary).map_err(write_error)?;
        let mut text = String::from("# Haven attachment keys: the first encrypts new files. Keep secret; back up apart from the data.\n");
        for key in &self.keys {
            text.push_str(&hex::encode(key));
            text.push('\n');
        }
        file.write_all(text.as_bytes()).map_err(write_error)?;
        file.sync_all().map_err(write_error)?;
        std::fs::rename(&temporary, &self.path).map_err(write_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_files_open_only_with_their_key_and_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("attachments.key");
        let mut ring = KeyRing::open_or_create(&path).unwrap();
        let sealed = ring.seal("f1", b"Nguyen Thi Hoa").unwrap();
        assert!(!sealed.windows(5).any(|w| w == b"Nguye"));
        assert_eq!(ring.open_sealed("f1", &sealed).unwrap(), b"Nguyen Thi Hoa");
        assert!(
            ring.open_sealed("f2", &sealed).is_none(),
            "bound to its name"
        );
        let mut altered = sealed.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert!(ring.open_sealed("f1", &altered).is_none());

        ring.add_current_key().unwrap();
        let reread = KeyRing::open(&path).unwrap();
        assert!(reread.is_rotating());
        assert!(!reread.is_current(&sealed));
        assert_eq!(
            reread.open_sealed("f1", &sealed).unwrap(),
            b"Nguyen Thi Hoa"
        );
        ring.retire_old_keys().unwrap();
        assert!(KeyRing::open(&path)
            .unwrap()
            .open_sealed("f1", &sealed)
            .is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "owner-only");
        }
        std::fs::write(&path, "not a key\n").unwrap();
        assert!(matches!(KeyRing::open(&path), Err(KeyError::Malformed(_))));
    }
}
