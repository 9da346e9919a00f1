//! Imports done from the page, kept as jobs on both backends: the file
//! sealed and read back whole, each step taken on the version the user
//! saw, a job visible to its own agency only, the mapping remembered for
//! the file's shape when asked, and a job cut off by a stopped server
//! offered to go on.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::ids::AgencyId;
use haven_domain::import::columns::ImportColumn;
use haven_domain::import::job::{DuplicateDecision, ImportStatus};
use haven_store::import::jobs::{ImportProgress, NewImportJob};
use haven_store::StoreError;
use haven_testkit::fixtures::seed_org;
use std::collections::BTreeMap;

const LIST: &[u8] = b"Ho ten;Nam sinh;Ngay tiep nhan\nGia Lap Thi Mot;1999;05/03/2021\n";
const SHAPE: &str = "ho ten | nam sinh | ngay tiep nhan";

haven_testkit::backend_tests! {
    async fn a_job_goes_from_columns_to_writing_on_the_version_seen(store) {
        let org = seed_org(&store).await;
        let commune = AgencyId(org.commune.agency_id);
        let jobs = store.import_jobs();
        let job = jobs.create(NewImportJob { agency_id: commune, user_id: org.commune.user_id, file_name: "danh-sach.csv", content: LIST, shape: SHAPE }).await.unwrap();
        assert_eq!((job.status, job.version), (ImportStatus::Uploaded, 1));
        assert_eq!(jobs.content(&job).await.unwrap(), LIST, "the file comes back as it was sent");
        let sealed = std::fs::read_dir(store.attachment_dir().unwrap()).unwrap().count();
        assert_eq!(sealed, 1);
        assert!(store.stray_attachment_files().await.unwrap().is_empty(), "an uploaded list is no stray");
        assert!(jobs.job(AgencyId(org.police.agency_id), job.id).await.unwrap().is_none(), "another agency's import is not found");

        let mapping = vec![Some(ImportColumn::FullName), Some(ImportColumn::BirthYear), Some(ImportColumn::ReceivedOn)];
        let mapped = jobs.set_mapping(&job, 1, &mapping).await.unwrap();
        assert_eq!((mapped.status, mapped.version, mapped.mapping.clone()), (ImportStatus::Mapped, 2, Some(mapping.clone())));
        let stale = jobs.set_mapping(&job, 1, &mapping).await;
        assert!(matches!(stale, Err(StoreError::StaleVersion { expected: 1, current: 2 })), "{stale:?}");
        assert_eq!(jobs.saved_mapping(commune, SHAPE).await.unwrap(), None, "kept only when the user asks, at the start");

        let decisions = BTreeMap::from([(2, DuplicateDecision::Link(7)), (3, DuplicateDecision::Skip)]);
        let started = jobs.start(&mapped, 2, &decisions, 1, Some(SHAPE)).await.unwrap();
        assert_eq!((started.status, started.rows_ready, started.decisions.clone()), (ImportStatus::Importing, 1, decisions.clone()));
        assert_eq!(jobs.saved_mapping(commune, SHAPE).await.unwrap(), Some(mapping.clone()));
        assert_eq!(jobs.saved_mapping(AgencyId(org.police.agency_id), SHAPE).await.unwrap(), None, "by agency");
        match jobs.start(&mapped, 2, &decisions, 1, None).await {
            Err(StoreError::Rejected(r)) => assert_eq!(r.code, "import_already_started", "a start sent twice says so, not that someone else changed it"),
            other => panic!("started twice: {other:?}"),
        }
        match jobs.start(&started, started.version, &decisions, 1, None).await {
            Err(StoreError::Rejected(r)) => assert_eq!(r.code, "import_already_started"),
            other => panic!("started twice: {other:?}"),
        }
        match jobs.set_mapping(&started, started.version, &mapping).await {
            Err(StoreError::Rejected(r)) => assert_eq!(r.code, "import_already_started"),
            other => panic!("columns changed while writing: {other:?}"),
        }

        jobs.progress(started.id, ImportProgress { rows_done: 1, created: 1, ..Default::default() }).await.unwrap();
        assert_eq!(jobs.interrupted(chrono::Utc::now() - chrono::Duration::minutes(2)).await.unwrap(), 0, "a job that reported lately is running");
        assert_eq!(jobs.interrupted(chrono::Utc::now() + chrono::Duration::seconds(1)).await.unwrap(), 1, "a server stopped mid-import leaves it to go on");
        let cut = jobs.job(commune, started.id).await.unwrap().unwrap();
        assert_eq!((cut.status, cut.rows_done, cut.created, cut.failure.as_deref()), (ImportStatus::Failed, 1, 1, Some("interrupted")));
        let again = jobs.start(&cut, cut.version, &decisions, 1, None).await.unwrap();
        jobs.finish(again.id, None).await.unwrap();
        let done = jobs.job(commune, again.id).await.unwrap().unwrap();
        assert_eq!((done.status, done.failure), (ImportStatus::Done, None));
        assert_eq!(jobs.jobs(commune).await.unwrap().len(), 1);
        assert!(jobs.jobs(AgencyId(org.police.agency_id)).await.unwrap().is_empty());
    }
}
