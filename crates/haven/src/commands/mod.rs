//! One module a subcommand.

pub mod agency;
pub mod audit;
pub mod copy_db;
pub mod demo;
pub mod keys;
pub mod migrate;
pub mod serve;
pub mod user;

use crate::config::Config;
use haven_store::attachments::KeyRing;
use haven_store::audit_key::AuditKey;
use haven_store::Store;

/// Opens the configured database, brings its schema up to date, and seals
/// the case histories with the audit key (the first time: see `seal_audit_chains`).
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let target = config.database_target()?;
    let store = Store::open_and_migrate(&target).await?;
    let key_file = config.audit_key_file();
    // A lost key is noticed, never silently replaced: without it no chain verifies.
    if !key_file.exists() && store.audit_chains_sealed().await? {
        anyhow::bail!(
            "the audit key file {} is missing but the case histories are sealed with it; restore the key file from its backup (or set audit_key_file)",
            key_file.display()
        );
    }
    let store = store
        .with_rules(config.case_rules())
        .with_audit_key(AuditKey::open_or_create(&key_file)?);
    let sealed = store.seal_audit_chains().await?;
    if sealed.sealed > 0 {
        tracing::info!(
            cases = sealed.sealed,
            "case histories sealed with the audit key"
        );
    }
    Ok(store)
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
