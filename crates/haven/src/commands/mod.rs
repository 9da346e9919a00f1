//! One module a subcommand.

pub mod agency;
pub mod audit;
pub mod backup;
pub mod copy_db;
pub mod demo;
pub mod files;
pub mod import;
pub mod keys;
pub mod migrate;
pub mod serve;
pub mod user;

use crate::config::Config;
use haven_store::attachments::KeyRing;
use haven_store::audit_key::AuditKey;
use haven_store::Store;
use std::path::Path;

/// Opens the configured database, brings its schema up to date, and seals
/// the case histories with the audit key (the first time: see `seal_audit_chains`).
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let target = config.database_target()?;
    let store = Store::open_and_migrate_with(&target, config.database_pool).await?;
    let key_file = config.audit_key_file();
    // A lost key is noticed, never silently replaced: without it no chain verifies.
    if !key_file.exists() && store.audit_chains_sealed().await? {
        anyhow::bail!(
            "the audit key file {} is missing but the case histories are sealed with it; restore the key file from its backup (or set audit_key_file)",
            key_file.display()
        );
    }
    let key = settle_audit_key(&store, &key_file).await?;
    let store = store.with_rules(config.case_rules()).with_audit_key(key);
    if store
        .audit_seal()
        .await?
        .is_some_and(|seal| seal.key_id.is_none())
    {
        store.record_audit_key_id().await?;
    }
    let sealed = store.seal_audit_chains().await?;
    if sealed.sealed > 0 {
        tracing::info!(
            cases = sealed.sealed,
            "case histories sealed with the audit key"
        );
    }
    // After a migration, a change of the deadline rules or of the key: the
    // lookups searches and lists read are rebuilt before anything reads them.
    store.refresh_kept_lookups().await?;
    Ok(store)
}

/// The audit key the database was sealed with. A key rotation interrupted
/// after the database was re-sealed leaves the new key pending beside the old
/// one: it is put in place here. A key file that is not the one the database
/// names is refused, never used to seal anything.
async fn settle_audit_key(store: &Store, key_file: &Path) -> anyhow::Result<AuditKey> {
    let key = AuditKey::open_or_create(key_file)?;
    let pending_file = AuditKey::pending_path(key_file);
    let sealed_with = store.audit_seal().await?.and_then(|seal| seal.key_id);
    let pending = if pending_file.exists() {
        Some(AuditKey::open(&pending_file)?)
    } else {
        None
    };
    match (sealed_with, pending) {
        (Some(id), Some(pending)) if pending.id() == id => {
            tracing::warn!(
                "finishing an interrupted audit key rotation: the new key is put in place"
            );
            Ok(pending.promote(key_file)?)
        }
        (sealed_with, pending) => {
            if pending.is_some() {
                // The rotation stopped before the database was re-sealed.
                std::fs::remove_file(&pending_file)?;
            }
            if let Some(id) = sealed_with.filter(|id| *id != key.id()) {
                anyhow::bail!(
                    "the audit key file {} is not the key that sealed the case histories (key id {id}); restore the right key file from its backup",
                    key_file.display()
                );
            }
            Ok(key)
        }
    }
}

/// Like [`open_store`], with the attachment files and their keys, for the
/// commands that read or write attachments.
pub async fn open_store_with_attachments(config: &Config) -> anyhow::Result<Store> {
    let keys = attachment_keys(config)?;
    Ok(open_store(config).await?.with_attachments(
        config.attachment_dir(),
        keys,
        config.attachments.clone(),
    ))
}

/// The attachment key ring; a new one only while no attachment exists, so a
/// lost key file is noticed instead of silently replaced.
fn attachment_keys(config: &Config) -> anyhow::Result<KeyRing> {
    let key_file = config.attachment_key_file();
    let has_files = std::fs::read_dir(config.attachment_dir())
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if !key_file.exists() && has_files {
        anyhow::bail!(
            "the attachment key file {} is missing but {} holds attachments; restore the key file from its backup (or set attachment_key_file)",
            key_file.display(),
            config.attachment_dir().display()
        );
    }
    Ok(KeyRing::open_or_create(&key_file)?)
}
