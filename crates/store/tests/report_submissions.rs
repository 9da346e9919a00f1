//! A unit's report as the store keeps it, on both databases: each step is
//! written on the version seen with its trail entry, a stale step writes
//! nothing, the first submission's time survives a return and resubmission,
//! a review keeps the narrative and the frozen figures.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::role::Role;
use haven_store::report_submissions::{NarrativeWrite, SubmissionWrite};
use haven_store::StoreError;
use haven_testkit::fixtures::{add_user, seed_org};

fn write<'a>(
    expected_version: Option<i64>,
    status: &'a str,
    action: &'a str,
    user_id: i64,
) -> SubmissionWrite<'a> {
    SubmissionWrite {
        area_code: "01/00070",
        period_code: "2026-Q3",
        level: "commune",
        province_code: Some("01"),
        expected_version,
        status,
        action,
        user_id,
        narrative: None,
        snapshot: None,
        due_on: chrono::NaiveDate::from_ymd_opt(2026, 9, 25),
        submits: false,
        review_comment: None,
    }
}

haven_testkit::backend_tests! {
    async fn steps_are_written_on_the_version_seen_with_their_trail(store) {
        seed_org(&store).await;
        let unit = add_user(&store, "commune.statistician", "HNI-SYT", Role::Statistician).await.user_id;
        let reviewer = add_user(&store, "province.statistician", "HNI-SYT", Role::Statistician).await.user_id;
        let draft = store.save_report_submission(SubmissionWrite {
            narrative: Some(NarrativeWrite { results: "Tiếp nhận 12 người", limitations: "", difficulties: "Thiếu cán bộ", proposals: "" }),
            snapshot: Some(("{\"indicators\":[]}", "f1")),
            ..write(None, "draft", "draft", unit)
        }).await.unwrap();
        assert_eq!((draft.version, draft.status.as_str(), draft.difficulties.as_str(), draft.results.as_str()), (1, "draft", "Thiếu cán bộ", "Tiếp nhận 12 người"));
        // Someone else drafted first: a writer who saw nothing is refused.
        let err = store.save_report_submission(write(None, "draft", "draft", unit)).await.unwrap_err();
        assert!(matches!(err, StoreError::StaleVersion { expected: 0, current: 1 }), "{err}");

        let submitted = store.save_report_submission(SubmissionWrite {
            narrative: Some(NarrativeWrite { results: "Tiếp nhận 12 người", limitations: "Chậm xác minh", difficulties: "Thiếu cán bộ", proposals: "Tăng kinh phí" }),
            snapshot: Some(("{\"indicators\":[1]}", "f2")),
            submits: true,
            ..write(Some(1), "submitted", "submit", unit)
        }).await.unwrap();
        let first = submitted.first_submitted_at.expect("submitted now");
        assert_eq!(submitted.submitted_by, Some(unit));

        let returned = store.save_report_submission(SubmissionWrite {
            review_comment: Some("Bổ sung số liệu"),
            ..write(Some(2), "returned", "return", reviewer)
        }).await.unwrap();
        assert_eq!(returned.review_comment.as_deref(), Some("Bổ sung số liệu"));
        assert_eq!((returned.proposals.as_str(), returned.limitations.as_str(), returned.fingerprint.as_str()), ("Tăng kinh phí", "Chậm xác minh", "f2"), "a review keeps what the unit wrote and froze");
        let stale = store.save_report_submission(write(Some(2), "approved", "approve", reviewer)).await.unwrap_err();
        assert!(matches!(stale, StoreError::StaleVersion { expected: 2, current: 3 }));

        let again = store.save_report_submission(SubmissionWrite {
            submits: true,
            snapshot: Some(("{\"indicators\":[2]}", "f3")),
            ..write(Some(3), "submitted", "submit", unit)
        }).await.unwrap();
        assert_eq!(again.first_submitted_at, Some(first), "timeliness counts the first submission");
        assert!(again.submitted_at >= Some(first));
        assert_eq!(again.snapshot, "{\"indicators\":[2]}");

        let trail = store.report_submission_events(again.id).await.unwrap();
        let steps: Vec<(&str, &str)> = trail.iter().map(|e| (e.action.as_str(), e.username.as_str())).collect();
        assert_eq!(steps, [("draft", "commune.statistician"), ("submit", "commune.statistician"), ("return", "province.statistician"), ("submit", "commune.statistician")]);
        assert_eq!(trail[2].comment.as_deref(), Some("Bổ sung số liệu"));

        // The province's view of its communes, without the snapshots.
        let listed = store.report_submissions_of_period("2026-Q3", Some("01/")).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].snapshot.is_empty());
        assert!(store.report_submissions_of_period("2026-Q3", Some("15/")).await.unwrap().is_empty());
        assert!(store.report_submission("01/00070", "2026-Q2").await.unwrap().is_none());
    }
}
