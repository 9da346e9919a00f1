//! `copy-db`: a whole database copied between backends with identical row counts.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_store::report_submissions::{NarrativeWrite, SubmissionWrite};
use haven_store::{Store, StoreError};

fn submission_write(
    expected_version: Option<i64>,
    status: &'static str,
    action: &'static str,
) -> SubmissionWrite<'static> {
    SubmissionWrite {
        area_code: "01",
        period_code: "2026",
        level: "province",
        province_code: Some("01"),
        expected_version,
        status,
        action,
        user_id: 1,
        narrative: Some(NarrativeWrite {
            results: "Kết quả",
            limitations: "Hạn chế",
            difficulties: "Khó khăn",
            proposals: "Kiến nghị",
        }),
        snapshot: Some(("{}", "abc")),
        due_on: None,
        submits: action == "submit",
        review_comment: None,
    }
}
use haven_testkit::{with_database, Backend};

async fn copy_demo(from: Backend, to: Backend) {
    haven_testkit::with_store(from, |source| async move {
        source.load_demo().await.unwrap();
        let (_, token) = source.create_api_token(1, "sync").await.unwrap();
        // Rows of the tables a copy once left behind: the access log and a report's trail.
        source
            .log_access(haven_store::access::AccessEntry {
                user_id: 1,
                agency_id: 1,
                action: "read_case",
                case_number: None,
                allowed: true,
                detail: None,
                account_user_id: None,
            })
            .await
            .unwrap();
        source
            .save_report_submission(submission_write(None, "draft", "draft"))
            .await
            .unwrap();
        with_database(to, |target| async move {
            let target = Store::open(&target).await.unwrap();
            let counts = source.copy_to(&target).await.unwrap();
            assert_eq!(counts, source.table_counts().await.unwrap());
            assert!(counts.iter().any(|c| c.table == "users" && c.rows == 16));
            for table in [
                "access_log",
                "report_submissions",
                "report_submission_events",
                "plans",
                "plan_targets",
                "plan_tasks",
                "activities",
                "programme_history",
            ] {
                assert!(
                    counts.iter().any(|c| c.table == table && c.rows >= 1),
                    "{table} copied"
                );
            }
            // The copy goes on from where the source was.
            let next = target
                .save_report_submission(submission_write(Some(1), "submitted", "submit"))
                .await
                .unwrap();
            assert_eq!(next.version, 2);
            // The copy is a working Haven database: logins, tokens and new rows work.
            assert!(target
                .check_login("admin", haven_store::demo::DEMO_PASSWORD)
                .await
                .unwrap()
                .is_some());
            assert!(target.api_token_user(&token).await.unwrap().is_some());
            let next = target
                .add_agency(&haven_domain::organisation::NewAgency {
                    code: "NEW-AFTER-COPY".into(),
                    name: "Cơ quan mới".into(),
                    sector: "police".into(),
                    admin_unit_id: "2025/01".into(),
                    parent_agency_code: None,
                })
                .await
                .unwrap();
            assert!(
                next.id > 15,
                "identity sequences continue after the copied ids"
            );
            // A second copy into the now non-empty target is refused.
            let err = source.copy_to(&target).await.unwrap_err();
            assert!(matches!(err, StoreError::Refused(_)), "{err}");
            assert!(err.to_string().contains("not empty"));
            target.close().await.unwrap();
        })
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_sqlite() {
    copy_demo(Backend::Sqlite, Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres() {
    copy_demo(Backend::Sqlite, Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_to_sqlite() {
    copy_demo(Backend::Postgres, Backend::Sqlite).await;
}
