//! The scheduled backups for the system's administrators: the schedule
//! configured (or how to make one) and the latest runs — when, the file,
//! its size, or why it failed. Read only: backups are configured in
//! `haven.toml` and restored with `haven restore`.

use crate::i18n::Lang;
use crate::pages::context::Page;
use crate::pages::hotline::moment;
use crate::pages::{error_page, layout};
use crate::views::backups;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_store::backup::runs::{BackupRun, RunStatus};
use maud::html;

pub async fn page(State(state): State<AppState>, page: Page) -> Response {
    let lang = page.lang;
    let status = match backups::status(&state, &page.user).await {
        Ok(status) => status,
        Err(error) => return error_page(&page, error),
    };
    let body = html! {
        (super::subnav(&page))
        section.card #backup-schedule {
            h2 { (lang.t("backups-schedule")) }
            @match &status.schedule {
                Some(schedule) => {
                    p { (lang.t_with("backups-schedule-on", &[
                        ("at", schedule.daily_at.clone().into()),
                        ("keep", schedule.keep.into()),
                        ("recipients", schedule.recipients.into()),
                    ])) }
                    p { (lang.t("backups-dir")) " " code { (schedule.dir) } }
                }
                None => p { (lang.t("backups-schedule-off")) },
            }
            p { (lang.t("backups-keys")) }
        }
        section.card {
            h2 { (lang.t("backups-runs")) }
            @if status.runs.is_empty() {
                p { (lang.t("backups-no-runs")) }
            } @else {
                table #backup-runs {
                    thead { tr {
                        th scope="col" { (lang.t("backups-day")) }
                        th scope="col" { (lang.t("backups-state")) }
                        th scope="col" { (lang.t("backups-finished")) }
                        th scope="col" { (lang.t("backups-file")) }
                    } }
                    tbody {
                        @for run in &status.runs {
                            tr.failed[run.status == RunStatus::Failed] {
                                td data-label=(lang.t("backups-day")) { (run.day.format("%d/%m/%Y")) }
                                td data-label=(lang.t("backups-state")) { (state_label(lang, run.status)) }
                                td data-label=(lang.t("backups-finished")) { (run.finished_at.map(moment).unwrap_or_default()) }
                                td data-label=(lang.t("backups-file")) { (outcome(lang, run)) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(&page, &lang.t("admin-backups-title"), body).into_response()
}

fn state_label(lang: Lang, status: RunStatus) -> String {
    lang.t(&format!("backups-status-{}", status.code()))
}

/// The file and its size, or why it failed.
fn outcome(lang: Lang, run: &BackupRun) -> String {
    match (run.status, &run.file, &run.error) {
        (RunStatus::Done, Some(file), _) => {
            let megabytes = run.bytes.unwrap_or(0) as f64 / 1_048_576.0;
            format!("{file} ({megabytes:.1} MB)")
        }
        (RunStatus::Failed, _, Some(error)) => error.clone(),
        (RunStatus::Running, _, _) => lang.t("backups-running"),
        (RunStatus::Done | RunStatus::Failed, _, _) => String::new(),
    }
}
