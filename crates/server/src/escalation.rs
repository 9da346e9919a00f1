//! While Haven serves, a dispatch left unanswered past its deadline is
//! escalated to the agency above, checked every minute. Several instances
//! on one database may all run this: the store claims each escalation
//! once.

use haven_store::Store;
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(60);

pub(crate) async fn run(store: Store, answer_hours: u32) {
    let mut ticks = tokio::time::interval(EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match store
            .hotline()
            .escalate_overdue(chrono::Utc::now(), answer_hours)
            .await
        {
            Ok(made) if !made.is_empty() => {
                tracing::info!(escalations = made.len(), "unanswered dispatches escalated");
            }
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(%error, "escalating unanswered dispatches failed; tried again in a minute")
            }
        }
    }
}
