//! One module a subcommand.

pub mod agency;
pub mod audit;
pub mod copy_db;
pub mod demo;
pub mod migrate;
pub mod serve;
pub mod user;

use crate::config::Config;
use haven_store::Store;

/// Opens the configured database and brings its schema up to date.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let target = config.database_target()?;
    Ok(Store::open_and_migrate(&target)
        .await?
        .with_rules(config.case_rules())
        .with_attachments(config.attachment_dir(), config.attachments.clone()))
}
