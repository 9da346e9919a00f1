use super::open_store;
use crate::config::Config;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute every case's history hash chain and compare it with the stored state.
    Verify,
}

pub async fn run(config: &Config, command: AuditCommand) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    match command {
        AuditCommand::Verify => {
            let checked = store.count_cases().await?;
            let tampered = store.verify_histories().await?;
            if tampered.is_empty() {
                println!("{checked} case histories verified: every hash chain holds.");
                return Ok(());
            }
            for case in &tampered {
                println!(
                    "{}: history altered at entry {}",
                    case.case_number, case.first_bad_seq
                );
            }
            anyhow::bail!(
                "{} of {checked} case histories were altered outside Haven",
                tampered.len()
            )
        }
    }
}
