//! Merging two records of one person, and the case list's SQL filters and
//! paging, on both databases.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::person::IdentityPaper;
use haven_domain::case::{Command, Reception};
use haven_store::cases::CaseQuery;
use haven_store::StoreError;
use haven_testkit::fixtures::{day, person, reception, seed_org, today};

fn received_in(channel: &str, on: chrono::NaiveDate, unit: &str) -> Reception {
    Reception {
        place_unit_id: Some(unit.into()),
        ..reception(channel, on)
    }
}

haven_testkit::backend_tests! {
    async fn two_records_of_one_person_merge_keeping_both_histories(store) {
        let org = seed_org(&store).await;
        let mut hoa = person("Nguyễn Thị Hoa", 1999);
        hoa.relatives.clear();
        let first = store.open_case(org.commune, &hoa, &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let mut again = person("Nguyen thi hoa", 1999);
        again.identity_papers = vec![IdentityPaper { kind: "citizen_id".into(), number: "001199012345".into() }];
        let second = store.open_case(org.commune, &again, &reception("rescue", day(2026, 2, 1)), today()).await.unwrap();
        store.execute(org.commune, &second.case_number, 1, &Command::AddNote { text: "trước khi gộp".into() }, None, today()).await.unwrap();
        assert_ne!(first.person_id, second.person_id);

        let stale = store.merge_persons(org.commune, (first.person_id, 2), (second.person_id, 1), "cùng một người").await;
        assert!(matches!(stale, Err(StoreError::StaleVersion { .. })), "{stale:?}");
        let no_reason = store.merge_persons(org.commune, (first.person_id, 1), (second.person_id, 1), " ").await;
        assert!(matches!(no_reason, Err(StoreError::Invalid(_))));
        let merge = store.merge_persons(org.commune, (first.person_id, 1), (second.person_id, 1), "cùng số CCCD, cùng quê").await.unwrap();
        assert_eq!(merge.moved_cases, vec![second.case_number.clone()]);

        let moved = store.case_by_number(&second.case_number).await.unwrap().unwrap();
        assert_eq!((moved.person_id, moved.version), (first.person_id, 3));
        let history = store.case_history(&second.case_number).await.unwrap();
        let commands: Vec<&str> = history.iter().map(|h| h.command.as_str()).collect();
        assert_eq!(commands, ["receive", "add_note", "merge_person"], "the moved case keeps its history and says it moved");
        assert_eq!(history[2].reason.as_deref(), Some("cùng số CCCD, cùng quê"));
        let kept_history = store.case_history(&first.case_number).await.unwrap();
        assert_eq!(kept_history.last().unwrap().command, "merge_person");
        assert!(store.verify_histories().await.unwrap().is_empty(), "merge entries keep every chain valid");

        let kept = store.person_view(first.person_id).await.unwrap().unwrap();
        assert_eq!(kept.version, 2);
        assert_eq!(kept.person.identity_papers.len(), 2, "the kept record learned the second paper");
        let merged = store.person_view(second.person_id).await.unwrap().unwrap();
        assert_eq!(merged.merged_into_id, Some(first.person_id), "the merged record stays, pointing at the kept one");
        let cases: Vec<String> = store.cases_of_person(first.person_id).await.unwrap().into_iter().map(|c| c.case_number).collect();
        assert_eq!(cases, vec![first.case_number.clone(), second.case_number.clone()]);
        let found = store.duplicate_candidates(&again).await.unwrap();
        assert_eq!(found.iter().map(|c| c.person_id).collect::<Vec<_>>(), vec![first.person_id], "the merged record is no longer proposed");

        let twice = store.merge_persons(org.commune, (first.person_id, 2), (second.person_id, 2), "lại").await;
        assert!(matches!(twice, Err(StoreError::Rejected(ref r)) if r.code == "already_merged"), "{twice:?}");
        let itself = store.merge_persons(org.commune, (first.person_id, 2), (first.person_id, 2), "x").await;
        assert!(matches!(itself, Err(StoreError::Invalid(_))));
    }

    async fn the_case_list_filters_by_unit_phase_and_lead_in_sql_and_pages(store) {
        let org = seed_org(&store).await;
        // Phường Hoàn Kiếm (2025) replaced legacy wards of Quận Hoàn Kiếm, e.g. legacy/01/002/00040.
        let mut numbers = Vec::new();
        for (i, unit) in ["2025/01/00070", "legacy/01/002/00040", "2025/01/00004", "2025/01/00070"].into_iter().enumerate() {
            let case = store.open_case(org.commune, &person(&format!("Giả Lập Thị {i}"), 1999), &received_in("self_report", day(2025, 8, 1 + i as u32), unit), today()).await.unwrap();
            numbers.push(case.case_number);
        }
        let border = store.open_case(org.border_guard, &person("Giả Lập Thị Biên", 2000), &received_in("border_gate_handover", day(2025, 9, 1), "2025/15"), today()).await.unwrap();
        let list = |query: CaseQuery| {
            let store = store.clone();
            async move {
                let page = store.list_cases(org.commune.agency_id, &CaseQuery { limit: 50, ..query }).await.unwrap();
                (page.total, page.items.into_iter().map(|c| c.case_number).collect::<Vec<_>>())
            }
        };
        let (total, all) = list(CaseQuery::default()).await;
        assert_eq!(total, 4, "only the commune's own cases");
        assert_eq!(all, vec![numbers[3].clone(), numbers[2].clone(), numbers[1].clone(), numbers[0].clone()], "newest reception first");
        let (_, ward) = list(CaseQuery { unit_id: Some("2025/01/00070".into()), ..CaseQuery::default() }).await;
        assert_eq!(ward, vec![numbers[3].clone(), numbers[1].clone(), numbers[0].clone()], "the 2025 ward takes the legacy wards it replaced");
        let (_, district) = list(CaseQuery { unit_id: Some("legacy/01/002".into()), ..CaseQuery::default() }).await;
        assert_eq!(district, vec![numbers[1].clone()]);
        let (_, province) = list(CaseQuery { unit_id: Some("2025/01".into()), ..CaseQuery::default() }).await;
        assert_eq!(province.len(), 4);
        let unknown = store.list_cases(org.commune.agency_id, &CaseQuery { unit_id: Some("2025/99/1".into()), limit: 10, ..CaseQuery::default() }).await;
        assert!(matches!(unknown, Err(StoreError::Invalid(ref v)) if v.0[0].field == "unit_id"));

        let page = store.list_cases(org.commune.agency_id, &CaseQuery { offset: 1, limit: 2, ..CaseQuery::default() }).await.unwrap();
        assert_eq!(page.total, 4);
        assert_eq!(page.items.iter().map(|c| c.case_number.clone()).collect::<Vec<_>>(), vec![numbers[2].clone(), numbers[1].clone()]);

        store.execute(org.commune, &numbers[0], 1, &Command::SendReferral {
            to_agency_id: org.social_affairs.agency_id, to_facility_id: None, reason: "chuyển".into(),
            shared_fields: vec![], transfer_lead: true, sent_on: day(2025, 8, 1),
            shared_with_roles: vec![],
                        best_interest_reason: None,
        }, None, today()).await.unwrap();
        store.execute(org.social_affairs, &numbers[0], 2, &Command::AcceptReferral { referral_no: 1, answered_on: day(2025, 8, 2) }, None, today()).await.unwrap();
        let (_, led) = list(CaseQuery { lead_only: true, ..CaseQuery::default() }).await;
        assert_eq!(led.len(), 3, "a case handed over with the lead is no longer the commune's");
        let by_lead = store.list_cases(org.social_affairs.agency_id, &CaseQuery { lead_agency_id: Some(org.social_affairs.agency_id), limit: 10, ..CaseQuery::default() }).await.unwrap();
        assert_eq!(by_lead.items.iter().map(|c| c.case_number.clone()).collect::<Vec<_>>(), vec![numbers[0].clone()]);
        let none = store.list_cases(org.social_affairs.agency_id, &CaseQuery { lead_agency_id: Some(org.commune.agency_id), limit: 10, ..CaseQuery::default() }).await.unwrap();
        assert_eq!(none.total, 0);
        let (overdue_total, _) = list(CaseQuery { overdue: Some((true, today())), ..CaseQuery::default() }).await;
        assert_eq!(overdue_total, 3, "self-reports never forwarded are overdue");
        let (not_overdue, _) = list(CaseQuery { overdue: Some((false, today())), ..CaseQuery::default() }).await;
        assert_eq!(not_overdue, 0);
        let (_, received) = list(CaseQuery { phase: Some("received".into()), identification: Some("not_started".into()), ..CaseQuery::default() }).await;
        assert_eq!(received.len(), 3);
        let (_, closed) = list(CaseQuery { phase: Some("closed".into()), ..CaseQuery::default() }).await;
        assert!(closed.is_empty());
        let (_, theirs) = {
            let page = store.list_cases(org.border_guard.agency_id, &CaseQuery { limit: 10, ..CaseQuery::default() }).await.unwrap();
            (page.total, page.items.into_iter().map(|c| c.case_number).collect::<Vec<_>>())
        };
        assert_eq!(theirs, vec![border.case_number]);
    }
}
