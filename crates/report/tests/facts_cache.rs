//! The facts kept between reports, on both databases: the same facts while
//! nothing changes, fresh ones as soon as a case is opened or a step is
//! recorded, and always what a fresh load reads.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::Command;
use haven_report::source::{load_facts, FactsCache};
use haven_testkit::fixtures::{day, person, reception, seed_org, today};
use std::sync::Arc;

haven_testkit::backend_tests! {
    async fn facts_are_kept_until_a_record_changes(store) {
        let org = seed_org(&store).await;
        let cache = FactsCache::default();
        assert!(cache.facts(&store).await.unwrap().is_empty());

        let case = store
            .open_case(org.social_affairs, &person("Giả Lập Thị Bộ Nhớ", 1999), &reception("self_report", day(2026, 3, 2)), today())
            .await
            .unwrap();
        let first = cache.facts(&store).await.unwrap();
        assert_eq!(first.len(), 1, "a new case is seen at once");
        let again = cache.facts(&store).await.unwrap();
        assert!(Arc::ptr_eq(&first, &again), "nothing changed: the kept facts");
        assert_eq!(first[0].verification_started_on, None);

        store
            .execute(org.social_affairs, &case.case_number, case.version, &Command::StartVerification { agency_id: org.police.agency_id }, None, today())
            .await
            .unwrap();
        let after = cache.facts(&store).await.unwrap();
        assert!(!Arc::ptr_eq(&first, &after), "a step refreshes the facts");
        assert!(after[0].verification_started_on.is_some());
        assert_eq!(*after, load_facts(&store).await.unwrap(), "the kept facts are a fresh load's");
    }
}
