//! One backup as one file: the folder's files in a tar archive, encrypted
//! in the age format (age-encryption.org/v1) for a passphrase or for X25519
//! recipients. age authenticates every chunk, so an altered or cut file,
//! a wrong passphrase or a key it was not made for is refused; unpacking
//! goes into a folder of the caller's, used only once it all checked.

use age::secrecy::SecretString;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::str::FromStr;

/// Whom a backup is encrypted for.
pub enum Protection {
    Passphrase(SecretString),
    /// Public keys (`age1…`); each one's secret key opens the backup.
    Recipients(Vec<age::x25519::Recipient>),
}

/// What opens a backup.
pub enum Opener {
    Passphrase(SecretString),
    /// Secret keys (`AGE-SECRET-KEY-1…`).
    Identities(Vec<age::x25519::Identity>),
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{0} is not a Haven backup (not an age-encrypted file)")]
    NotABackup(String),
    #[error("the passphrase or key does not open this backup")]
    WrongKey,
    #[error("the backup is damaged or was altered: {0}")]
    Damaged(String),
    #[error("{0}")]
    Io(String),
    #[error("not an age public key (age1…): {0}")]
    BadRecipient(String),
    #[error("{0} holds no age secret key (AGE-SECRET-KEY-1…)")]
    NoIdentity(String),
}

pub fn recipient(text: &str) -> Result<age::x25519::Recipient, ArchiveError> {
    age::x25519::Recipient::from_str(text.trim()).map_err(|_| {
        // A secret key put here by mistake is never repeated back.
        let shown = if text
            .trim()
            .to_ascii_uppercase()
            .starts_with("AGE-SECRET-KEY")
        {
            "a secret key (AGE-SECRET-KEY-1…): give the public key, keep the secret key apart"
                .to_owned()
        } else {
            text.trim().chars().take(80).collect()
        };
        ArchiveError::BadRecipient(shown)
    })
}

/// The secret keys of an identity file (as `age-keygen` writes it).
pub fn identities(file: &Path) -> Result<Vec<age::x25519::Identity>, ArchiveError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| ArchiveError::Io(format!("cannot read {}: {e}", file.display())))?;
    let found: Vec<age::x25519::Identity> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| age::x25519::Identity::from_str(l).ok())
        .collect();
    if found.is_empty() {
        return Err(ArchiveError::NoIdentity(file.display().to_string()));
    }
    Ok(found)
}

/// Archives every file under `folder` into `out`, encrypted for
/// `protection`; written beside `out` and moved over it when complete.
pub fn seal(folder: &Path, out: &Path, protection: Protection) -> Result<(), ArchiveError> {
    let io = |e: std::io::Error| ArchiveError::Io(format!("cannot write {}: {e}", out.display()));
    let encryptor = match protection {
        Protection::Passphrase(passphrase) => age::Encryptor::with_user_passphrase(passphrase),
        Protection::Recipients(recipients) => {
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| ArchiveError::Io(format!("cannot encrypt: {e}")))?
        }
    };
    let partial = out.with_extension("partial");
    let file = std::fs::File::create(&partial).map_err(io)?;
    let mut encrypted = encryptor.wrap_output(BufWriter::new(file)).map_err(io)?;
    {
        let mut tar = tar::Builder::new(&mut encrypted);
        tar.follow_symlinks(false);
        tar.append_dir_all(".", folder).map_err(io)?;
        tar.finish().map_err(io)?;
    }
    let mut buffered = encrypted.finish().map_err(io)?;
    buffered.flush().map_err(io)?;
    let file = buffered.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(&partial, out).map_err(io)
}

/// Decrypts `archive` and unpacks it into the empty folder `into`.
pub fn open(archive: &Path, opener: &Opener, into: &Path) -> Result<(), ArchiveError> {
    let file = std::fs::File::open(archive)
        .map_err(|e| ArchiveError::Io(format!("cannot read {}: {e}", archive.display())))?;
    let decryptor = age::Decryptor::new(BufReader::new(file))
        .map_err(|_| ArchiveError::NotABackup(archive.display().to_string()))?;
    let scrypt;
    let keys: Vec<&dyn age::Identity> = match opener {
        Opener::Passphrase(passphrase) => {
            scrypt = age::scrypt::Identity::new(passphrase.clone());
            vec![&scrypt]
        }
        Opener::Identities(identities) => {
            identities.iter().map(|i| i as &dyn age::Identity).collect()
        }
    };
    let reader = decryptor.decrypt(keys.into_iter()).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys
        | age::DecryptError::DecryptionFailed
        | age::DecryptError::KeyDecryptionFailed => ArchiveError::WrongKey,
        age::DecryptError::ExcessiveWork { .. } => {
            ArchiveError::Damaged("its passphrase's work factor is beyond what is accepted".into())
        }
        other @ (age::DecryptError::InvalidHeader
        | age::DecryptError::InvalidMac
        | age::DecryptError::Io(_)
        | age::DecryptError::UnknownFormat) => ArchiveError::Damaged(other.to_string()),
    })?;
    let mut tar = tar::Archive::new(reader);
    tar.set_preserve_permissions(false);
    tar.unpack(into)
        .map_err(|e| ArchiveError::Damaged(e.to_string()))
}
