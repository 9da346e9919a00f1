//! Duplicate candidates at reception on both databases.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::person::{IdentityPaper, Residence};
use haven_domain::duplicates::Reason;
use haven_testkit::fixtures::{day, person, reception, seed_org, today};

haven_testkit::backend_tests! {
    async fn the_same_woman_received_twice_is_proposed_with_reasons(store) {
        let org = seed_org(&store).await;
        let mut first = person("Nguyễn Thị Hoa", 1998);
        first.identity_papers = vec![];
        first.permanent_residence = Residence { admin_unit_id: Some("legacy/10/082/02683".into()), address_line: None };
        let known = store.open_case(org.border_guard, &first, &reception("border_gate_handover", day(2025, 8, 1)), today()).await.unwrap();
        store.open_case(org.police, &person("Trần Thị Mai", 1998), &reception("rescue", day(2025, 8, 1)), today()).await.unwrap();

        let mut again = person("Nguyen thi hoa", 1999);
        again.identity_papers = vec![];
        again.permanent_residence = Residence { admin_unit_id: None, address_line: None };
        let found = store.duplicate_candidates(&again).await.unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].person_id, known.person_id);
        assert_eq!(found[0].reasons, vec![Reason::SameName, Reason::BirthYearWithinOne]);
        assert_eq!(found[0].case_ids, vec![known.id]);

        // An identity number finds her whatever name she gives.
        let mut other_name = person("Lò Thị Xuân", 1970);
        other_name.identity_papers = vec![IdentityPaper { kind: "citizen_id".into(), number: "0011-9000-0000".into() }];
        let by_number = store.duplicate_candidates(&other_name).await.unwrap();
        assert!(by_number.iter().all(|c| c.reasons.contains(&Reason::SameIdentityNumber)));
        assert!(!by_number.is_empty());

        // A second case for the known person shares the person record.
        let linked = store.open_case_for_person(org.social_affairs, known.person_id, &reception("self_return", day(2026, 2, 1)), today()).await.unwrap();
        assert_eq!(linked.person_id, known.person_id);
        assert_ne!(linked.case_number, known.case_number);
        let found = store.duplicate_candidates(&again).await.unwrap();
        assert_eq!(found[0].case_ids.len(), 2);
    }

    async fn a_legacy_home_commune_matches_its_2025_successor(store) {
        let org = seed_org(&store).await;
        // Phường Phúc Xá (legacy) became part of Phường Hồng Hà (2025).
        let mut old = person("Đặng Thị Cúc", 1990);
        old.identity_papers = vec![];
        old.permanent_residence = Residence { admin_unit_id: Some("legacy/01/001/00001".into()), address_line: None };
        store.open_case(org.police, &old, &reception("rescue", day(2025, 3, 1)), today()).await.unwrap();
        let mut new = person("Đặng Thị Cúc", 1990);
        new.identity_papers = vec![];
        new.permanent_residence = Residence { admin_unit_id: Some("2025/01/00097".into()), address_line: None };
        let found = store.duplicate_candidates(&new).await.unwrap();
        assert_eq!(found[0].reasons, vec![Reason::SameName, Reason::SameBirthYear, Reason::SameHomeCommune]);
        assert_eq!(found[0].score, 70);
    }
}
