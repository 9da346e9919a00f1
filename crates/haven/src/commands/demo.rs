use super::open_store_with_attachments;
use crate::config::Config;
use haven_store::demo::{DEMO_PASSWORD, DEMO_USERS};

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let store = open_store_with_attachments(config).await?;
    let summary = store.load_demo().await?;
    println!(
        "Demo loaded into {}: {} agencies, {} facilities, {} users, {} cases.",
        store.target().describe(),
        summary.agencies,
        summary.facilities,
        summary.users,
        summary.cases
    );
    println!("Every demo user's password is {DEMO_PASSWORD}. Users:");
    for user in DEMO_USERS {
        println!(
            "  {:<14} {} ({})",
            user.username,
            user.role.name_en(),
            user.agency_code
        );
    }
    Ok(())
}
