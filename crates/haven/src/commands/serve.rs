use super::open_store_with_attachments;
use crate::config::Config;
use anyhow::anyhow;
use haven_server::AppState;
use std::io::ErrorKind;
use tokio::net::TcpListener;

pub async fn run(config: &Config, demo: bool) -> anyhow::Result<()> {
    // Bind first: a taken port should fail before any database work.
    let listener = TcpListener::bind(&config.listen).await.map_err(|e| {
        // io::ErrorKind is non-exhaustive: one cause is named, any other reported as it is.
        if e.kind() == ErrorKind::AddrInUse {
            anyhow!(
                "cannot listen on {}: the port is already in use; stop the other program or choose another address with --listen",
                config.listen
            )
        } else {
            anyhow!("cannot listen on {}: {e}; choose another address with --listen", config.listen)
        }
    })?;
    let store = open_store_with_attachments(config).await?;
    // Unencrypted copies an interrupted backup or restore left behind.
    super::backup::remove_leftovers(&config.data_dir, super::backup::AN_HOUR);
    let swept = store.sweep_attachment_files().await?;
    if !swept.is_empty() {
        tracing::warn!(
            files = swept.len(),
            "removed attachment files no case refers to or left unfinished by a crash"
        );
    }
    let today = chrono::Utc::now().date_naive();
    if let Some(last) = store.rules().deadlines.calendar.holidays_run_out(today) {
        tracing::warn!(
            last_known_holiday = %last,
            "the working-day calendar knows no public holiday more than 90 days ahead: add the next year's days off (and make-up working days) to [deadlines.calendar] in the configuration, or deadlines will count holidays as working days"
        );
    }
    let mut demo_mode = false;
    if demo {
        if store.has_demo_data().await? {
            demo_mode = true;
        } else if store.count_users().await? == 0 {
            store.load_demo().await?;
            demo_mode = true;
            tracing::info!("demo dataset loaded");
        } else {
            tracing::warn!("--demo ignored: this database has its own users");
        }
    }
    if demo_mode && config.require_second_factor {
        tracing::warn!("demo mode: two-factor login is not required; never run a real installation with --demo");
    }
    if config.backups.daily_at.is_none() && !config.backups.recipients.is_empty() {
        tracing::warn!("[backups] names recipients but no daily_at: no backup is scheduled");
    }
    if let Some(schedule) = config.backup_schedule()? {
        tracing::info!(
            daily_at = %schedule.at.format("%H:%M"),
            keep = schedule.keep,
            dir = %schedule.dir.display(),
            "scheduled backups are on"
        );
        tokio::spawn(crate::scheduled_backups::run(
            config.clone(),
            store.clone(),
            schedule,
            config.permissions.clone(),
        ));
    }
    let address = listener.local_addr()?;
    tracing::info!(%address, database = %store.target().describe(), demo = demo_mode, "Haven is listening");
    let state = AppState::new(store, config.server_settings(demo_mode)?);
    haven_server::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish what is in flight, exit 0.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
