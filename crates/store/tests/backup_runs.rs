//! Scheduled backups' log on both backends: one run a day whichever process
//! asks first, a dead process's run taken over after three hours, and a
//! failure recorded together with the administrators' notices.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::{Duration, Utc};
use haven_domain::ids::AgencyId;
use haven_domain::notice::NoticeKind;
use haven_store::backup::runs::RunStatus;
use haven_store::notices::Reader;
use haven_testkit::fixtures::{day, seed_org};

haven_testkit::backend_tests! {
    async fn a_day_is_backed_up_once(store) {
        let runs = store.backup_runs();
        let now = Utc::now();
        let first = runs.claim(day(2026, 12, 1), now).await.unwrap();
        assert!(first.is_some());
        assert_eq!(runs.claim(day(2026, 12, 1), now + Duration::minutes(1)).await.unwrap(), None, "another process finds the day taken");
        runs.succeeded(first.unwrap(), "/srv/backups/haven-2026-12-01.age", 4096, now + Duration::minutes(2)).await.unwrap();
        assert_eq!(runs.claim(day(2026, 12, 1), now + Duration::hours(5)).await.unwrap(), None, "a day done is done");
        let next = runs.claim(day(2026, 12, 2), now + Duration::days(1)).await.unwrap();
        assert!(next.is_some() && next != first);
        let latest = runs.latest(10).await.unwrap();
        assert_eq!(latest.iter().map(|r| (r.day, r.status)).collect::<Vec<_>>(), vec![(day(2026, 12, 2), RunStatus::Running), (day(2026, 12, 1), RunStatus::Done)]);
        assert_eq!((latest[1].file.as_deref(), latest[1].bytes), (Some("/srv/backups/haven-2026-12-01.age"), Some(4096)));
    }

    async fn a_run_its_process_left_is_taken_over_after_three_hours(store) {
        let runs = store.backup_runs();
        let started = Utc::now();
        runs.claim(day(2026, 12, 1), started).await.unwrap().unwrap();
        assert_eq!(runs.claim(day(2026, 12, 1), started + Duration::hours(2)).await.unwrap(), None);
        let later = started + Duration::hours(4);
        let taken = runs.claim(day(2026, 12, 1), later).await.unwrap();
        assert!(taken.is_some());
        assert_eq!(runs.claim(day(2026, 12, 1), later).await.unwrap(), None, "by one process only");
    }

    async fn a_failure_tells_the_administrators(store) {
        let org = seed_org(&store).await;
        let runs = store.backup_runs();
        let id = runs.claim(day(2026, 12, 1), Utc::now()).await.unwrap().unwrap();
        let admin = org.commune;
        runs.failed(id, "cannot write /srv/backups: permission denied", &[(admin.user_id, AgencyId(admin.agency_id))], Utc::now()).await.unwrap();
        let latest = runs.latest(1).await.unwrap();
        assert_eq!((latest[0].status, latest[0].error.as_deref()), (RunStatus::Failed, Some("cannot write /srv/backups: permission denied")));
        // Tried again an hour later, by one process; a second failure tells no one twice.
        let failed_at = latest[0].finished_at.unwrap();
        assert_eq!(runs.claim(day(2026, 12, 1), failed_at + Duration::minutes(30)).await.unwrap(), None);
        let again = runs.claim(day(2026, 12, 1), failed_at + Duration::minutes(61)).await.unwrap();
        assert_eq!(again, Some(id));
        assert_eq!(runs.claim(day(2026, 12, 1), failed_at + Duration::minutes(61)).await.unwrap(), None);
        runs.failed(id, "still failing", &[(admin.user_id, AgencyId(admin.agency_id))], Utc::now()).await.unwrap();
        let reader = Reader { user_id: admin.user_id, agency: AgencyId(admin.agency_id), acts_on: vec![] };
        let inbox = store.notices().inbox(&reader, false, 10, 0).await.unwrap();
        assert_eq!(inbox.notices.iter().map(|n| (n.kind, n.subject_ref.as_str())).collect::<Vec<_>>(), vec![(NoticeKind::BackupFailed, "2026-12-01")]);
        let police = Reader { user_id: org.police.user_id, agency: AgencyId(org.police.agency_id), acts_on: NoticeKind::ALL.to_vec() };
        assert!(store.notices().inbox(&police, false, 10, 0).await.unwrap().notices.is_empty());
    }
}
