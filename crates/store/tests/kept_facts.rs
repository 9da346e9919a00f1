//! The statistical facts the write path keeps beside each case are, after
//! every kind of write, exactly what folding the histories gives; a
//! period's read holds every case that can count in it and leaves out
//! the rest; lost facts are restated by the refresh — on both databases.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::NaiveDate;
use haven_domain::case::command::{Outcome, Service};
use haven_domain::case::person::Sex;
use haven_domain::case::Command;
use haven_domain::statistics::{open_end, CaseFacts};
use haven_store::cases::statistics::FactsScope;
use haven_store::Store;
use haven_testkit::fixtures::{day, person, reception, seed_org, today};
use sea_orm::{ConnectionTrait, Statement};

fn ever() -> FactsScope {
    FactsScope {
        from: NaiveDate::MIN,
        to: open_end(),
        province: None,
        lead_agency_id: None,
    }
}

fn year(y: i32) -> FactsScope {
    FactsScope {
        from: day(y, 1, 1),
        to: day(y, 12, 31),
        province: None,
        lead_agency_id: None,
    }
}

async fn kept_equal_folded(store: &Store, after: &str) -> Vec<CaseFacts> {
    let kept = store.kept_facts(&ever()).await.unwrap();
    assert_eq!(
        kept,
        store.folded_facts().await.unwrap(),
        "after {after}: the kept facts are the histories' fold"
    );
    kept
}

fn ids(facts: &[CaseFacts]) -> Vec<i64> {
    facts.iter().map(|f| f.case_id).collect()
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
    async fn the_kept_facts_follow_every_kind_of_write(store) {
        let org = seed_org(&store).await;
        let mut hoa = person("Nguyễn Thị Hoa", 1999);
        hoa.relatives.clear();
        let case = store.open_case(org.police, &hoa, &reception("rescue", day(2025, 8, 1)), today()).await.unwrap();
        let facts = kept_equal_folded(&store, "the opening").await;
        assert_eq!((facts.len(), facts[0].lead_agency_id), (1, org.police.agency_id));

        store.execute(org.police, &case.case_number, 1, &Command::RecordIdentification {
            outcome: Outcome::Victim, deciding_agency_id: Some(org.police.agency_id), document_number: Some("XN-1".into()), document_date: Some(day(2025, 8, 5)),
        }, None, today()).await.unwrap();
        store.execute(org.police, &case.case_number, 2, &Command::RecordService(Service {
            service_type: "medical_care".into(), clause: None, provider_agency_id: org.police.agency_id,
            delivered_on: day(2025, 8, 7), amount_vnd: Some(500_000), funding_source: None, outside_entitlement_reason: None,
        }), None, today()).await.unwrap();
        let facts = kept_equal_folded(&store, "two steps").await;
        assert_eq!(facts[0].identified_on(), Some(day(2025, 8, 5)));
        assert_eq!(facts[0].services.len(), 1);

        // Handed over with the lead: counted as the new lead's.
        store.execute(org.police, &case.case_number, 3, &Command::SendReferral {
            to_agency_id: org.social_affairs.agency_id, to_facility_id: None, reason: "chuyển".into(),
            shared_fields: vec![], shared_with_roles: vec![], best_interest_reason: None, transfer_lead: true, sent_on: day(2025, 8, 8),
        }, None, today()).await.unwrap();
        store.execute(org.social_affairs, &case.case_number, 4, &Command::AcceptReferral { referral_no: 1, answered_on: day(2025, 8, 9) }, None, today()).await.unwrap();
        kept_equal_folded(&store, "the transfer").await;
        let of_social = FactsScope { lead_agency_id: Some(org.social_affairs.agency_id), ..year(2025) };
        assert_eq!(ids(&store.kept_facts(&of_social).await.unwrap()), vec![case.id]);
        let of_police = FactsScope { lead_agency_id: Some(org.police.agency_id), ..year(2025) };
        assert!(store.kept_facts(&of_police).await.unwrap().is_empty());

        // Her record corrected: her cases count her as she now is.
        let view = store.person_view(case.person_id).await.unwrap().unwrap();
        let mut corrected = view.person.clone();
        corrected.sex = Sex::Male;
        corrected.ethnicity = Some("02".into());
        store.correct_person(org.social_affairs, case.person_id, view.version, &corrected, today()).await.unwrap();
        let facts = kept_equal_folded(&store, "the correction").await;
        assert_eq!((facts[0].sex.as_str(), facts[0].ethnicity.as_deref()), ("male", Some("02")));

        // A second record of her merged in: its case counts her, kept as she is.
        let mut again = person("Nguyen T. Hoa", 1999);
        again.relatives.clear();
        let second = store.open_case(org.social_affairs, &again, &reception("self_return", day(2025, 9, 1)), today()).await.unwrap();
        assert_eq!(kept_equal_folded(&store, "a second opening").await[1].sex, "female");
        let kept_version = store.person_view(case.person_id).await.unwrap().unwrap().version;
        store.merge_persons(org.social_affairs, (case.person_id, kept_version), (second.person_id, 1), "cùng một người").await.unwrap();
        let facts = kept_equal_folded(&store, "the merge").await;
        assert_eq!(facts[1].sex, "male", "the moved case counts the kept record");
    }

    async fn a_period_reads_the_cases_that_can_count_in_it_and_no_other(store) {
        let org = seed_org(&store).await;
        let open = |name: &'static str, on| {
            let store = store.clone();
            async move {
                let mut p = person(name, 1990);
                p.relatives.clear();
                store.open_case(org.shelter, &p, &reception("rescue", on), today()).await.unwrap()
            }
        };
        let done_in_2023 = open("A", day(2023, 3, 1)).await;
        let staying = open("B", day(2023, 5, 1)).await;
        store.execute(org.shelter, &staying.case_number, 1, &Command::AdmitToFacility { facility_id: org.shelter_facility_id, admitted_on: day(2023, 5, 2) }, None, today()).await.unwrap();
        let supported_later = open("C", day(2024, 1, 10)).await;
        store.execute(org.shelter, &supported_later.case_number, 1, &Command::RecordService(Service {
            service_type: "medical_care".into(), clause: None, provider_agency_id: org.shelter.agency_id,
            delivered_on: day(2025, 2, 1), amount_vnd: None, funding_source: None, outside_entitlement_reason: None,
        }), None, today()).await.unwrap();
        let received_2025 = open("D", day(2025, 6, 1)).await;
        kept_equal_folded(&store, "the openings").await;

        assert_eq!(ids(&store.kept_facts(&year(2023)).await.unwrap()), vec![done_in_2023.id, staying.id]);
        assert_eq!(
            ids(&store.kept_facts(&year(2025)).await.unwrap()),
            vec![staying.id, supported_later.id, received_2025.id],
            "a stay not ended counts in every later period; a case received earlier counts where a later step does"
        );
        assert_eq!(ids(&store.kept_facts(&year(2026)).await.unwrap()), vec![staying.id]);
        let province = store.folded_facts().await.unwrap()[0].province.clone();
        let elsewhere = FactsScope { province: Some(format!("{province}9")), ..year(2025) };
        assert!(store.kept_facts(&elsewhere).await.unwrap().is_empty());
        let here = FactsScope { province: Some(province), ..year(2025) };
        assert_eq!(store.kept_facts(&here).await.unwrap().len(), 3);
    }

    async fn lost_kept_facts_are_restated_by_the_refresh(store) {
        let org = seed_org(&store).await;
        for name in ["A", "B", "C"] {
            let mut p = person(name, 1990);
            p.relatives.clear();
            store.open_case(org.commune, &p, &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        }
        let first = store.refresh_kept_lookups().await.unwrap();
        assert_eq!(first.facts_restated, 3, "never built before");
        assert_eq!(store.refresh_kept_lookups().await.unwrap().facts_restated, 0);
        execute(&store, "DELETE FROM case_facts").await;
        execute(&store, "DELETE FROM kept_derivations").await;
        assert!(store.kept_facts(&ever()).await.unwrap().is_empty());
        assert_eq!(store.refresh_kept_lookups().await.unwrap().facts_restated, 3);
        assert_eq!(kept_equal_folded(&store, "the refresh").await.len(), 3);
    }
}
