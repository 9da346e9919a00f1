//! Password hashing (argon2id) and bearer secrets (random, stored as SHA-256).

use crate::error::{StoreError, StoreResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Hash jobs run at once. Each takes argon2id's 19 MiB for its whole run:
/// a burst of logins queues here instead of taking a thread and 19 MiB each
/// (hundreds of MiB the allocator keeps long after), and no more jobs run
/// than there are cores to run them.
fn hash_jobs() -> &'static tokio::sync::Semaphore {
    static JOBS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    JOBS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        tokio::sync::Semaphore::new(cores.clamp(1, 8))
    })
}

async fn hash_job<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> StoreResult<T> {
    let _turn = hash_jobs()
        .acquire()
        .await
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| StoreError::Internal(e.to_string()))
}

/// Hashes off the async runtime: argon2id is deliberately slow.
pub async fn hash_password(password: String) -> StoreResult<String> {
    hash_job(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Internal(format!("password hashing failed: {e}")))
    })
    .await?
}

/// Verifies against `stored`, or against a dummy hash when there is no user, so
/// that "no such user" and "wrong password" take the same time.
pub async fn verify_password(password: String, stored: Option<String>) -> StoreResult<bool> {
    hash_job(move || {
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let ok = match PasswordHash::new(&stored) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        };
        exists && ok
    })
    .await
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no user has this password", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// 256 random bits, hex-encoded.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn secret_digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A password for a person to change later: 20 characters from an alphabet
/// without look-alikes (about 110 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .filter_map(|b| ALPHABET.get(*b as usize % ALPHABET.len()))
        .map(|b| char::from(*b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(!verify_password("wrong horse battery".into(), Some(hash))
            .await
            .unwrap());
        assert!(!verify_password("anything".into(), None).await.unwrap());
    }

    #[test]
    fn secrets_are_random_and_digests_stable() {
        assert_ne!(random_secret(), random_secret());
        assert_eq!(random_secret().len(), 64);
        assert_eq!(secret_digest("a"), secret_digest("a"));
        assert_eq!(generate_password().len(), 20);
    }
}
