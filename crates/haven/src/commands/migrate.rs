use crate::config::Config;
use haven_store::Store;

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let target = config.database_target()?;
    let store = Store::open(&target).await?;
    let applied = store.migrate().await?;
    println!(
        "{}: {applied} migration(s) applied; schema is current",
        target.describe()
    );
    Ok(())
}
