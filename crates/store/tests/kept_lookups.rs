//! The lookups the write path keeps (name words under the lead agency,
//! blocking keys, the next due day) follow every write that changes what
//! they are built from, hold no identity number in clear, and are rebuilt
//! when their recipe changes — on both databases.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::person::IdentityPaper;
use haven_domain::case::rules::CaseRules;
use haven_domain::case::Command;
use haven_store::cases::{CaseQuery, CaseSearch};
use haven_store::Store;
use haven_testkit::fixtures::{day, person, reception, seed_org, today};
use sea_orm::{ConnectionTrait, Statement};

async fn found_by_name(store: &Store, agency_id: i64, text: &str) -> Vec<String> {
    let query = CaseQuery {
        search: Some(CaseSearch {
            text: text.into(),
            names_of_agency: Some(agency_id),
        }),
        limit: 50,
        ..CaseQuery::default()
    };
    store
        .list_cases(agency_id, &query)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.case_number)
        .collect()
}

async fn count(store: &Store, sql: &str) -> i64 {
    let db = sea_orm::Database::connect(haven_testkit::database_url(store.target()))
        .await
        .unwrap();
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    let n: i64 = row.try_get_by_index(0).unwrap();
    db.close().await.unwrap();
    n
}

async fn execute(store: &Store, sql: &str) {
    let db = sea_orm::Database::connect(haven_testkit::database_url(store.target()))
        .await
        .unwrap();
    db.execute(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    db.close().await.unwrap();
}

haven_testkit::backend_tests! {
    async fn names_are_found_by_the_beginnings_of_their_words_under_the_lead_agency_only(store) {
        let org = seed_org(&store).await;
        let mut dung = person("Giả Lập Thị Dung", 1999);
        dung.other_names = vec!["Mỷ".into()];
        let case = store.open_case(org.commune, &dung, &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        store.open_case(org.commune, &person("Giả Lập Văn Nam", 1990), &reception("rescue", day(2025, 8, 2)), today()).await.unwrap();
        let only = vec![case.case_number.clone()];
        for text in ["gia lap dung", "Dung lập", "dun", "  THỊ  du ", "my"] {
            assert_eq!(found_by_name(&store, org.commune.agency_id, text).await, only, "{text}");
        }
        assert_eq!(found_by_name(&store, org.commune.agency_id, "gia lap").await.len(), 2);
        for text in ["ung", "dung nam", "%", "_"] {
            assert!(found_by_name(&store, org.commune.agency_id, text).await.is_empty(), "{text}");
        }
        assert!(found_by_name(&store, org.police.agency_id, "dung").await.is_empty(), "another agency does not find her by name");

        // Corrected, she is found by her new name only.
        let view = store.person_view(case.person_id).await.unwrap().unwrap();
        let mut corrected = view.person.clone();
        corrected.full_name = "Giả Lập Thị Hạnh".into();
        store.correct_person(org.commune, case.person_id, view.version, &corrected, today()).await.unwrap();
        assert_eq!(found_by_name(&store, org.commune.agency_id, "hanh").await, only);
        assert!(found_by_name(&store, org.commune.agency_id, "dung").await.is_empty());

        // Handed over with the lead, the case is searched by name by its new lead.
        store.execute(org.commune, &case.case_number, 2, &Command::SendReferral {
            to_agency_id: org.social_affairs.agency_id, to_facility_id: None, reason: "chuyển".into(),
            shared_fields: vec![], shared_with_roles: vec![], best_interest_reason: None, transfer_lead: true, sent_on: day(2025, 8, 3),
        }, None, today()).await.unwrap();
        store.execute(org.social_affairs, &case.case_number, 3, &Command::AcceptReferral { referral_no: 1, answered_on: day(2025, 8, 4) }, None, today()).await.unwrap();
        assert_eq!(found_by_name(&store, org.social_affairs.agency_id, "hanh").await, only);
        assert!(found_by_name(&store, org.commune.agency_id, "hanh").await.is_empty());
    }

    async fn a_merge_files_the_moved_cases_under_the_kept_name_and_drops_the_merged_record(store) {
        let org = seed_org(&store).await;
        let mut kept = person("Nguyễn Thị Hoa", 1999);
        kept.relatives.clear();
        let mut other = person("Nguyen T. Hoa", 1999);
        other.relatives.clear();
        let first = store.open_case(org.commune, &kept, &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let second = store.open_case(org.commune, &other, &reception("self_report", day(2025, 9, 1)), today()).await.unwrap();
        assert_eq!(found_by_name(&store, org.commune.agency_id, "t.").await, vec![second.case_number.clone()]);
        store.merge_persons(org.commune, (first.person_id, 1), (second.person_id, 1), "cùng một người").await.unwrap();
        let mut both = found_by_name(&store, org.commune.agency_id, "nguyen thi hoa").await;
        both.sort();
        let mut expected = vec![first.case_number.clone(), second.case_number.clone()];
        expected.sort();
        assert_eq!(both, expected);
        let mut by_other_name = found_by_name(&store, org.commune.agency_id, "t.").await;
        by_other_name.sort();
        assert_eq!(by_other_name, expected, "the merged record's name is now one of her other names");
        let candidates = store.duplicate_candidates(&person("Nguyễn Thị Hoa", 1999)).await.unwrap();
        assert_eq!(candidates.iter().map(|c| c.person_id).collect::<Vec<_>>(), vec![first.person_id], "the merged record is not a candidate");
        assert_eq!(count(&store, &format!("SELECT COUNT(*) FROM person_match_keys WHERE person_id = {}", second.person_id)).await, 0);
    }

    async fn identity_numbers_are_matched_through_keyed_hashes_never_kept_in_clear(store) {
        let org = seed_org(&store).await;
        let mut known = person("Trần Thị Lan", 1990);
        known.identity_papers = vec![IdentityPaper { kind: "citizen_id".into(), number: "001190012345".into() }];
        let case = store.open_case(org.police, &known, &reception("rescue", day(2025, 8, 1)), today()).await.unwrap();
        let mut stranger = person("Lò Thị Xuân", 1970);
        stranger.identity_papers = vec![IdentityPaper { kind: "citizen_id".into(), number: "0011 9001-2345".into() }];
        let found = store.duplicate_candidates(&stranger).await.unwrap();
        assert_eq!(found.iter().map(|c| c.person_id).collect::<Vec<_>>(), vec![case.person_id]);
        assert!(count(&store, "SELECT COUNT(*) FROM person_match_keys").await > 0);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM person_match_keys WHERE match_key LIKE '%001190012345%' OR match_key LIKE '%lan%'").await, 0);
        // A typo in her name, a year apart: still proposed.
        let found = store.duplicate_candidates(&person("Tran Thi Lam", 1991)).await.unwrap();
        assert_eq!(found.iter().map(|c| c.person_id).collect::<Vec<_>>(), vec![case.person_id]);
    }

    async fn overdue_is_the_kept_next_due_day_and_follows_each_step(store) {
        let org = seed_org(&store).await;
        // A self-report is to be forwarded at once and verified within 3 days.
        let case = store.open_case(org.commune, &person("Giả Lập A", 1999), &reception("self_report", day(2026, 11, 2)), today()).await.unwrap();
        let overdue_on = |on| CaseQuery { overdue: Some((true, on)), limit: 10, ..CaseQuery::default() };
        let not_overdue_on = |on| CaseQuery { overdue: Some((false, on)), limit: 10, ..CaseQuery::default() };
        let list = |q: CaseQuery| { let store = store.clone(); async move { store.list_cases(org.commune.agency_id, &q).await.unwrap().total } };
        assert_eq!(list(overdue_on(day(2026, 11, 2))).await, 0, "due today is not yet overdue");
        assert_eq!(list(not_overdue_on(day(2026, 11, 2))).await, 1);
        assert_eq!(list(overdue_on(day(2026, 11, 3))).await, 1);
        // Forwarded: the next open deadline is the verification's.
        store.execute(org.commune, &case.case_number, 1, &Command::SendReferral {
            to_agency_id: org.social_affairs.agency_id, to_facility_id: None, reason: "chuyển".into(),
            shared_fields: vec![], shared_with_roles: vec![], best_interest_reason: None, transfer_lead: false, sent_on: day(2026, 11, 2),
        }, None, today()).await.unwrap();
        let stored = store.case_by_number(&case.case_number).await.unwrap().unwrap();
        let expected = store.rules().deadlines.due_items(&stored.state, day(2026, 11, 2)).into_iter().filter(|i| !i.done).map(|i| i.due_on).min();
        assert_eq!(expected, Some(day(2026, 11, 5)));
        assert_eq!(list(overdue_on(day(2026, 11, 5))).await, 0);
        assert_eq!(list(overdue_on(day(2026, 11, 6))).await, 1);
    }

    async fn a_change_of_the_deadline_rules_or_lost_lookups_are_rebuilt_once(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Giả Lập B", 1999), &reception("rescue", day(2026, 11, 2)), today()).await.unwrap();
        store.open_case(org.commune, &person("Hoàng Văn Tư", 1960), &reception("rescue", day(2026, 11, 2)), today()).await.unwrap();
        let first = store.refresh_kept_lookups().await.unwrap();
        assert_eq!((first.cases_refiled, first.persons_refiled), (2, 2), "never built before: everything");
        let again = store.refresh_kept_lookups().await.unwrap();
        assert_eq!((again.cases_refiled, again.persons_refiled), (0, 0), "nothing changed: nothing rebuilt");

        // Verification allowed 10 days instead of 3: the kept day moves.
        let mut rules = CaseRules::default();
        rules.deadlines.verify_initial_information_days = 10;
        let store = store.with_rules(rules);
        let overdue_on = |on| CaseQuery { overdue: Some((true, on)), limit: 10, ..CaseQuery::default() };
        assert_eq!(store.list_cases(org.commune.agency_id, &overdue_on(day(2026, 11, 6))).await.unwrap().total, 2, "still on the old rules");
        let changed = store.refresh_kept_lookups().await.unwrap();
        assert_eq!((changed.cases_refiled, changed.persons_refiled), (2, 0));
        assert_eq!(store.list_cases(org.commune.agency_id, &overdue_on(day(2026, 11, 12))).await.unwrap().total, 0);
        assert_eq!(store.list_cases(org.commune.agency_id, &overdue_on(day(2026, 11, 6))).await.unwrap().total, 0);
        assert_eq!(store.list_cases(org.commune.agency_id, &overdue_on(day(2026, 11, 13))).await.unwrap().total, 2);

        // Lookups lost (a restore of an older copy, a hand edit) come back with their recipe's fingerprint cleared.
        execute(&store, "DELETE FROM case_name_tokens").await;
        execute(&store, "DELETE FROM person_match_keys").await;
        execute(&store, "DELETE FROM kept_derivations").await;
        assert!(found_by_name(&store, org.commune.agency_id, "b").await.is_empty());
        store.refresh_kept_lookups().await.unwrap();
        assert_eq!(found_by_name(&store, org.commune.agency_id, "gia lap b").await, vec![case.case_number.clone()]);
        let found = store.duplicate_candidates(&person("Giả Lập B", 1999)).await.unwrap();
        assert_eq!(found[0].person_id, case.person_id, "{found:?}");
        assert!(found[0].reasons.contains(&haven_domain::duplicates::Reason::SameName));
    }
}
