use super::open_store;
use crate::config::Config;
use clap::Subcommand;
use haven_store::attachments::rotation;
use haven_store::audit_key::AuditKey;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Make new keys and retire the old ones: the audit key (every case history is verified
    /// under the old key and re-sealed under the new one, or nothing changes) and the
    /// attachment key (every stored file re-encrypted). Stop Haven first; an interrupted
    /// rotation is finished by running this again (or, for the audit key, by the next start).
    Rotate,
}

pub async fn run(config: &Config, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Rotate => {
            let resealed = rotate_audit_key(config).await?;
            println!(
                "audit key rotated in {}: {resealed} case histories re-sealed.",
                config.audit_key_file().display()
            );
            let key_file = config.attachment_key_file();
            let done = rotation::rotate(&key_file, &config.attachment_dir()).await?;
            println!(
                "attachment key rotated in {}: {} files re-encrypted, {} already under the new key.",
                key_file.display(),
                done.reencrypted,
                done.already_current
            );
            Ok(())
        }
    }
}

/// The next key is written beside the current one first, the database
/// re-sealed with it in one transaction, and only then the key file
/// replaced: a crash at any point leaves a database and a key that agree
/// (see `settle_audit_key`).
async fn rotate_audit_key(config: &Config) -> anyhow::Result<usize> {
    let key_file = config.audit_key_file();
    let store = open_store(config).await?;
    let next = AuditKey::open(&key_file)?.next();
    next.save()?;
    let resealed = match store.reseal_audit_chains(&next).await {
        Ok(resealed) => resealed,
        Err(error) => {
            std::fs::remove_file(next.path())?;
            return Err(error.into());
        }
    };
    store.close().await?;
    next.promote(&key_file)?;
    Ok(resealed)
}
