use super::open_store_with_attachments;
use crate::config::Config;
use clap::Subcommand;
use haven_store::attachments::{FileProblem, StrayKind};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute every case's history hash chain and compare it with the stored state.
    Verify,
}

pub async fn run(config: &Config, command: AuditCommand) -> anyhow::Result<()> {
    let store = open_store_with_attachments(config).await?;
    match command {
        AuditCommand::Verify => verify(&store).await,
    }
}

/// Prints what `audit verify` finds; fails when a history or a file was altered.
pub async fn verify(store: &haven_store::Store) -> anyhow::Result<()> {
    let checked = store.count_cases().await?;
    let tampered = store.verify_histories().await?;
    let damaged = store.verify_attachments().await?;
    for case in &tampered {
        println!(
            "{}: history altered at entry {}",
            case.case_number, case.first_bad_seq
        );
    }
    for attachment in &damaged {
        let problem = match attachment.problem {
            FileProblem::Missing => "file missing",
            FileProblem::Corrupted => "file altered or damaged",
        };
        println!(
            "{}: attachment {}: {problem}",
            attachment.case_number, attachment.attachment_no
        );
    }
    for stray in store.stray_attachment_files().await? {
        let what = match stray.kind {
            StrayKind::Partial => "an unfinished write a crash left behind",
            StrayKind::Orphan => "a file no case refers to",
        };
        println!(
            "attachment directory: {}: {what} (removed when Haven starts)",
            stray.name
        );
    }
    if tampered.is_empty() && damaged.is_empty() {
        println!(
            "{checked} case histories verified: every hash chain holds; every attachment file matches its checksum."
        );
        return Ok(());
    }
    anyhow::bail!(
        "{} of {checked} case histories were altered outside Haven; {} attachment files are missing or altered",
        tampered.len(),
        damaged.len()
    )
}
