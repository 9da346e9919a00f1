//! The `haven` command. It only wires the crates together: configuration in,
//! storage opened, server or task run, one-line errors out.

mod commands;
mod config;
mod logging;
mod scheduled_backups;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "haven",
    version,
    about = "Haven: reception, support and reintegration of victims of human trafficking"
)]
struct Cli {
    /// TOML configuration file (default: ./haven.toml when present).
    #[arg(long, global = true, env = "HAVEN_CONFIG")]
    config: Option<PathBuf>,
    /// Directory for the embedded SQLite database.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (applies pending migrations first).
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080.
        #[arg(long)]
        listen: Option<String>,
        /// Load the demo dataset into an empty database and show the demo users on the login page.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load the synthetic demo dataset into an empty database.
    Demo,
    /// Manage users.
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// Manage agencies.
    #[command(subcommand)]
    Agency(commands::agency::AgencyCommand),
    /// Check the integrity of the stored case histories.
    #[command(subcommand)]
    Audit(commands::audit::AuditCommand),
    /// Manage the key attachment files are encrypted with.
    #[command(subcommand)]
    Keys(commands::keys::KeysCommand),
    /// Write an encrypted backup of the database and the attachment files.
    Backup(commands::backup::BackupArgs),
    /// Restore a backup into an empty database and check it.
    Restore(commands::backup::RestoreArgs),
    /// Write a statistics report file, as the API gives it to the named user.
    Report(commands::files::ReportArgs),
    /// Import a list of victims (XLSX, XLS, ODS or CSV): a dry run first, then the rows that are ready.
    Import(commands::import::ImportArgs),
    /// Write data for exchange with other systems.
    #[command(subcommand)]
    Export(commands::files::ExportCommand),
    /// Copy a whole database to another, empty one (e.g. SQLite to PostgreSQL).
    CopyDb {
        /// Source database URL (sqlite:///path/haven.sqlite or postgres://…).
        #[arg(long)]
        from: String,
        /// Target database URL; must be empty.
        #[arg(long)]
        to: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&anyhow::anyhow!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// One line on standard error: the context chain joined, no backtrace.
fn fail(error: &anyhow::Error) -> ExitCode {
    let message: Vec<String> = error
        .chain()
        .map(|c| c.to_string().replace('\n', " "))
        .collect();
    eprintln!("haven: error: {}", message.join(": "));
    ExitCode::FAILURE
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = config::Config::load(cli.config.as_deref())?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    logging::init(&config);
    match cli.command {
        Command::Serve { listen, demo } => {
            if let Some(listen) = listen {
                config.listen = listen;
            }
            commands::serve::run(&config, demo).await
        }
        Command::Migrate => commands::migrate::run(&config).await,
        Command::Demo => commands::demo::run(&config).await,
        Command::User(command) => commands::user::run(&config, command).await,
        Command::Agency(command) => commands::agency::run(&config, command).await,
        Command::Audit(command) => commands::audit::run(&config, command).await,
        Command::Keys(command) => commands::keys::run(&config, command).await,
        Command::Backup(args) => commands::backup::back_up(&config, args).await,
        Command::Restore(args) => commands::backup::restore(&config, args).await,
        Command::Report(args) => commands::files::report(&config, args).await,
        Command::Export(command) => commands::files::export(&config, command).await,
        Command::Import(args) => commands::import::run(&config, args).await,
        Command::CopyDb { from, to } => commands::copy_db::run(&from, &to).await,
    }
}
