use super::open_store;
use crate::config::Config;
use clap::Subcommand;
use haven_domain::organisation::NewAgency;

#[derive(Subcommand)]
pub enum AgencyCommand {
    /// Create an agency.
    Add {
        /// Short code, e.g. HNI-SYT.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Sector code from the agency_sector list, e.g. social_affairs, police.
        #[arg(long)]
        sector: String,
        /// Administrative unit id, e.g. 2025/01 (Hà Nội) or 2025/01/00070.
        #[arg(long)]
        unit: String,
        /// Code of the parent agency.
        #[arg(long)]
        parent: Option<String>,
    },
    /// List agencies.
    List,
}

pub async fn run(config: &Config, command: AgencyCommand) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    match command {
        AgencyCommand::Add {
            code,
            name,
            sector,
            unit,
            parent,
        } => {
            let agency = store
                .add_agency(&NewAgency {
                    code,
                    name,
                    sector,
                    admin_unit_id: unit,
                    parent_agency_code: parent,
                })
                .await?;
            println!("Agency {} created (id {}).", agency.code, agency.id);
        }
        AgencyCommand::List => {
            for agency in store.agencies().await? {
                println!(
                    "{:<14} {:<20} {:<16} {}",
                    agency.code, agency.sector, agency.admin_unit_id, agency.name
                );
            }
        }
    }
    Ok(())
}
