//! `haven report` and `haven export ctdc`: the files the API gives, made
//! from the command line for a named user — the same access checks, the
//! same access-log entries, the same bytes.

use super::open_store_with_attachments;
use crate::config::Config;
use anyhow::{anyhow, Context};
use clap::{Args, Subcommand};
use haven_server::files::{ExportedFile, MicrodataQuery, ReportFormat, ReportQuery};
use haven_server::AppState;
use haven_store::UserAccount;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ReportArgs {
    /// `2026`, `2026-Q1`, `2026-H1`, `2021-2025` or `2026-01-01..2026-03-31`.
    #[arg(long)]
    period: String,
    /// `VN` for the country, a province's code (`01`) or a commune's (`01/00070`); the user's own by default.
    #[arg(long)]
    area: Option<String>,
    /// xlsx, pdf, csv or json.
    #[arg(long, value_parser = parse_format)]
    format: ReportFormat,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
    /// The login name the report is made for: it heads the report and its
    /// access is checked and logged as for the API.
    #[arg(long)]
    user: String,
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Anonymised victim-level data in the layout of CTDC's Global Synthetic
    /// Dataset, k-anonymous (national statistics readers only).
    Ctdc {
        /// `2026`, `2021-2025` …
        #[arg(long)]
        period: String,
        /// Each combination of year, gender, age, citizenship and country of
        /// exploitation occurs at least k times (the configured `microdata_k` by default, never less).
        #[arg(long)]
        k: Option<u32>,
        /// The CSV file to write.
        #[arg(long)]
        out: PathBuf,
        /// The login name of the national statistics reader exporting.
        #[arg(long)]
        user: String,
    },
}

fn parse_format(name: &str) -> Result<ReportFormat, String> {
    ReportFormat::parse(name).ok_or_else(|| "one of xlsx, pdf, csv, json".to_owned())
}

pub async fn report(config: &Config, args: ReportArgs) -> anyhow::Result<()> {
    let (state, user) = state_for(config, &args.user).await?;
    let query = ReportQuery {
        period: Some(args.period),
        area: args.area,
        geography: None,
    };
    let file = haven_server::files::report_file(&state, &user, &query, args.format).await?;
    write(&args.out, &file)
}

pub async fn export(config: &Config, command: ExportCommand) -> anyhow::Result<()> {
    match command {
        ExportCommand::Ctdc {
            period,
            k,
            out,
            user,
        } => {
            let (state, user) = state_for(config, &user).await?;
            let query = MicrodataQuery {
                period: Some(period),
                k,
            };
            let file = haven_server::files::microdata_file(&state, &user, &query).await?;
            write(&out, &file)
        }
    }
}

pub(crate) async fn state_for(
    config: &Config,
    username: &str,
) -> anyhow::Result<(AppState, UserAccount)> {
    let store = open_store_with_attachments(config).await?;
    let user = store
        .user_by_username(username)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| anyhow!("no active user named {username}"))?;
    let demo = store.has_demo_data().await?;
    Ok((AppState::new(store, config.server_settings(demo)?), user))
}

/// Written beside the target and moved over it: a crash leaves the old file or the new one.
fn write(out: &Path, file: &ExportedFile) -> anyhow::Result<()> {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) | None => PathBuf::from("."),
    };
    let mut partial = tempfile::NamedTempFile::new_in(&folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    std::io::Write::write_all(&mut partial, &file.bytes)
        .with_context(|| format!("cannot write {}", out.display()))?;
    partial
        .persist(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "{}: {} bytes ({})",
        out.display(),
        file.bytes.len(),
        file.media_type
    );
    if let Some(statement) = &file.statement {
        println!("{statement}");
    }
    Ok(())
}
