//! Cases on both databases: numbers, the write path, optimistic concurrency,
//! capacity, refusals that write nothing, and the tamper-evident history.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::command::{Outcome, Service};
use haven_domain::case::{Command, Phase};
use haven_store::{Store, StoreError};
use haven_testkit::fixtures::{day, person, reception, seed_org, today};
use sea_orm::{ConnectionTrait, Statement};

fn note(text: &str) -> Command {
    Command::AddNote { text: text.into() }
}

async fn raw(store_target: &haven_store::DatabaseTarget, sql: &str) {
    // Tampering goes around Haven: a separate connection, plain SQL.
    let db = sea_orm::Database::connect(haven_testkit::database_url(store_target))
        .await
        .unwrap();
    db.execute(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    db.close().await.unwrap();
}

haven_testkit::backend_tests! {
    async fn cases_are_numbered_per_province_and_year(store) {
        let org = seed_org(&store).await;
        let first = store.open_case(org.commune, &person("Nguyễn Thị Hoa", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let second = store.open_case(org.police, &person("Trần Thị Mai", 2001), &reception("rescue", day(2025, 9, 1)), today()).await.unwrap();
        let other_year = store.open_case(org.police, &person("Lò Thị Xuân", 2003), &reception("rescue", day(2026, 1, 5)), today()).await.unwrap();
        let other_province = store.open_case(org.border_guard, &person("Vàng Thị Sáu", 2000), &reception("border_gate_handover", day(2025, 9, 2)), today()).await.unwrap();
        assert_eq!(first.case_number, "HNI-2025-000001");
        assert_eq!(second.case_number, "HNI-2025-000002");
        assert_eq!(other_year.case_number, "HNI-2026-000001");
        assert_eq!(other_province.case_number, "LCI-2025-000001");
        assert_eq!(first.version, 1);
        assert_eq!(first.lead_agency_id, org.commune.agency_id);
        assert_eq!(store.case_history(&first.case_number).await.unwrap()[0].command, "receive");
        let all = haven_store::cases::CaseQuery { limit: 10, ..Default::default() };
        let commune_cases = store.list_cases(org.commune.agency_id, &all).await.unwrap().items;
        assert_eq!(commune_cases.iter().map(|c| c.case_number.as_str()).collect::<Vec<_>>(), vec![first.case_number.as_str()]);
        assert_eq!(store.list_cases(org.police.agency_id, &all).await.unwrap().total, 2);
    }

    async fn concurrent_receptions_get_distinct_numbers(store) {
        let org = seed_org(&store).await;
        let mut tasks = Vec::new();
        for i in 0..20 {
            let store = store.clone();
            let actor = org.police;
            tasks.push(tokio::spawn(async move {
                store.open_case(actor, &person(&format!("Người thử {i}"), 1995), &reception("rescue", day(2025, 8, 1)), today()).await.unwrap().case_number
            }));
        }
        let mut numbers = Vec::new();
        for task in tasks {
            numbers.push(task.await.unwrap());
        }
        numbers.sort();
        let expected: Vec<String> = (1..=20).map(|i| format!("HNI-2025-{i:06}")).collect();
        assert_eq!(numbers, expected);
    }

    async fn a_stale_version_is_refused_and_nothing_is_overwritten(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Nguyễn Thị Hoa", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let updated = store.execute(org.commune, &case.case_number, 1, &note("ghi chú 1"), None, today()).await.unwrap();
        assert_eq!(updated.version, 2);
        let stale = store.execute(org.commune, &case.case_number, 1, &note("ghi chú 2"), None, today()).await.unwrap_err();
        assert!(matches!(stale, StoreError::StaleVersion { expected: 1, current: 2 }), "{stale}");
        let history = store.case_history(&case.case_number).await.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[1].payload["text"], "ghi chú 1");
    }

    async fn concurrent_edits_of_one_version_let_exactly_one_through(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Nguyễn Thị Hoa", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..8 {
            let store = store.clone();
            let number = case.case_number.clone();
            let actor = org.commune;
            tasks.push(tokio::spawn(async move { store.execute(actor, &number, 1, &note(&format!("n{i}")), None, today()).await }));
        }
        let mut ok = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => ok += 1,
                Err(StoreError::StaleVersion { .. }) => {}
                Err(other) => panic!("unexpected {other}"),
            }
        }
        assert_eq!(ok, 1);
        assert_eq!(store.case_by_number(&case.case_number).await.unwrap().unwrap().version, 2);
    }

    async fn a_refused_command_writes_nothing(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Nguyễn Thị Hoa", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let refused = store
            .execute(org.commune, &case.case_number, 1, &Command::RecordReturn { returned_on: day(2025, 8, 3), handover_record: "BB".into(), escort: None, to_unit_id: None }, None, today())
            .await
            .unwrap_err();
        match refused {
            StoreError::Rejected(r) => assert_eq!(r.code, "family_not_contacted"),
            other => panic!("{other}"),
        }
        let after = store.case_by_number(&case.case_number).await.unwrap().unwrap();
        assert_eq!((after.version, after.state.clone()), (case.version, case.state.clone()));
        assert_eq!(store.case_history(&case.case_number).await.unwrap().len(), 1);
        let unknown_service = Command::RecordService(Service {
            service_type: "spa_day".into(), clause: None, provider_agency_id: org.commune.agency_id,
            delivered_on: day(2025, 8, 2), amount_vnd: None, funding_source: None, outside_entitlement_reason: None,
        });
        assert!(matches!(store.execute(org.commune, &case.case_number, 1, &unknown_service, None, today()).await, Err(StoreError::Invalid(_))));
        let unknown_purpose = Command::RecordTrafficking(haven_domain::case::command::TraffickingDetails {
            purposes: vec!["forced_labour".into(), "tourism".into()], destination_country: Some("XX".into()), destination_place: None,
            period_from: None, period_to: None, recruitment: None, means_of_control: vec![], relation_to_recruiter: None,
        });
        let StoreError::Invalid(v) = store.execute(org.commune, &case.case_number, 1, &unknown_purpose, None, today()).await.unwrap_err() else { panic!() };
        let fields: Vec<&str> = v.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, vec!["purposes[1]", "destination_country"]);
        let bad_close = Command::Close { reason: "bored".into(), closed_on: day(2025, 8, 2) };
        assert!(matches!(store.execute(org.commune, &case.case_number, 1, &bad_close, None, today()).await, Err(StoreError::Invalid(_))));
        assert_eq!(store.case_history(&case.case_number).await.unwrap().len(), 1);
        // Protection for a named relative: the fixture person has one, numbered 1.
        let protect = |n| Command::ApplyProtection { measure: "keep_identity_secret".into(), for_relative: Some(n), from: day(2025, 8, 2) };
        let StoreError::Rejected(refused) = store.execute(org.commune, &case.case_number, 1, &protect(2), None, today()).await.unwrap_err() else { panic!() };
        assert_eq!((refused.code, refused.field), ("exists", Some("for_relative")));
        assert_eq!(store.execute(org.commune, &case.case_number, 1, &protect(1), None, today()).await.unwrap().version, 2);
    }

    async fn reception_input_is_validated_by_field(store) {
        let org = seed_org(&store).await;
        let mut p = person("Nguyễn Thị Hoa", 2030);
        p.ethnicity = Some("99".into());
        let mut r = reception("carrier_pigeon", day(2025, 8, 1));
        r.place_unit_id = Some("2025/99/99999".into());
        let err = store.open_case(org.commune, &p, &r, today()).await.unwrap_err();
        let StoreError::Invalid(v) = err else { panic!("{err}") };
        let fields: Vec<&str> = v.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, vec!["person.birth", "reception.channel", "reception.place_unit_id", "person.ethnicity"]);
        assert_eq!(store.count_cases().await.unwrap(), 0, "nothing half-written");
    }

    async fn services_get_their_clause_and_shelters_their_capacity(store) {
        let org = seed_org(&store).await;
        let mut numbers = Vec::new();
        for name in ["A", "B", "C"] {
            let case = store.open_case(org.police, &person(name, 1999), &reception("rescue", day(2025, 8, 1)), today()).await.unwrap();
            store.execute(org.police, &case.case_number, 1, &Command::RecordIdentification {
                outcome: Outcome::Victim, deciding_agency_id: Some(org.police.agency_id), document_number: Some(format!("XN-{name}")), document_date: Some(day(2025, 8, 5)),
            }, None, today()).await.unwrap();
            numbers.push(case.case_number);
        }
        let admit = Command::AdmitToFacility { facility_id: org.shelter_facility_id, admitted_on: day(2025, 8, 6) };
        store.execute(org.shelter, &numbers[0], 2, &admit, None, today()).await.unwrap();
        store.execute(org.shelter, &numbers[1], 2, &admit, None, today()).await.unwrap();
        let full = store.execute(org.shelter, &numbers[2], 2, &admit, None, today()).await.unwrap_err();
        assert!(matches!(&full, StoreError::Rejected(r) if r.code == "facility_full"), "{full}");
        store.execute(org.shelter, &numbers[0], 3, &Command::DischargeFromFacility { discharged_on: day(2025, 9, 1), reason: None }, None, today()).await.unwrap();
        let admitted = store.execute(org.shelter, &numbers[2], 2, &admit, None, today()).await.unwrap();
        assert_eq!(admitted.state.phase, Phase::InShelter);
        let stays = store.current_stays(org.shelter_facility_id).await.unwrap();
        assert_eq!(stays, vec![(numbers[1].clone(), day(2025, 8, 6)), (numbers[2].clone(), day(2025, 8, 6))], "the discharged stay is gone");
        assert_eq!(store.occupancy().await.unwrap().get(&org.shelter_facility_id), Some(&2));
        let service = Command::RecordService(Service {
            service_type: "medical_care".into(), clause: None, provider_agency_id: org.shelter.agency_id,
            delivered_on: day(2025, 8, 7), amount_vnd: Some(500_000), funding_source: None, outside_entitlement_reason: None,
        });
        let with_service = store.execute(org.shelter, &numbers[1], 3, &service, None, today()).await.unwrap();
        assert_eq!(with_service.state.services[0].clause.as_deref(), Some("b"));
    }

    async fn history_records_who_what_and_the_changes(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Nguyễn Thị Hoa", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        store.execute(org.commune, &case.case_number, 1, &Command::StartVerification { agency_id: org.police.agency_id }, Some("cần xác minh"), today()).await.unwrap();
        let history = store.case_history(&case.case_number).await.unwrap();
        let entry = &history[1];
        assert_eq!((entry.seq, entry.command.as_str(), entry.actor_user_id, entry.actor_agency_id), (2, "start_verification", org.commune.user_id, org.commune.agency_id));
        assert_eq!(entry.changes["identification"], serde_json::json!({"before": "not_started", "after": "under_verification"}));
        assert_eq!(entry.reason.as_deref(), Some("cần xác minh"));
        assert!(store.verify_histories().await.unwrap().is_empty());
    }
}

haven_testkit::backend_database_tests! {
    async fn audit_verify_names_a_case_whose_history_was_altered(target) {
        let keys = tempfile::tempdir().unwrap();
        let key = haven_store::audit_key::AuditKey::open_or_create(&keys.path().join("audit.key")).unwrap();
        let store = Store::open_and_migrate(&target).await.unwrap().with_audit_key(key);
        let org = seed_org(&store).await;
        let a = store.open_case(org.commune, &person("A", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let b = store.open_case(org.commune, &person("B", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        for (number, v) in [(&a.case_number, 1), (&a.case_number, 2), (&b.case_number, 1)] {
            store.execute(org.commune, number, v, &note("đã gọi điện"), None, today()).await.unwrap();
        }
        assert!(store.verify_histories().await.unwrap().is_empty());
        raw(&target, &format!("UPDATE case_history SET payload = '{{\"command\":\"add_note\",\"text\":\"sửa lén\"}}' WHERE case_id = {} AND seq = 2", a.id)).await;
        let tampered = store.verify_histories().await.unwrap();
        assert_eq!(tampered.len(), 1);
        assert_eq!((tampered[0].case_number.as_str(), tampered[0].first_bad_seq), (a.case_number.as_str(), 2));
        raw(&target, &format!("UPDATE cases SET state = REPLACE(state, '\"phase\":\"received\"', '\"phase\":\"closed\"') WHERE id = {}", b.id)).await;
        raw(&target, &format!("DELETE FROM case_history WHERE case_id = {} AND seq = 3", a.id)).await;
        let tampered: Vec<String> = store.verify_histories().await.unwrap().into_iter().map(|t| t.case_number).collect();
        assert_eq!(tampered, vec![a.case_number.clone(), b.case_number.clone()]);
        store.close().await.unwrap();
    }
}
