//! Migrations apply from an empty database on both backends, and the schema is
//! the one `copy-db` knows about.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_store::{copy::TABLES, Store};

haven_testkit::backend_database_tests! {
    async fn migrations_apply_from_empty_and_are_idempotent(target) {
        let store = Store::open(&target).await.unwrap();
        assert!(store.schema_tables().await.unwrap().is_empty(), "a new database has no tables");
        let known = Store::known_migrations();
        assert_eq!(store.pending_migrations().await.unwrap(), known.len());
        assert_eq!(store.migrate().await.unwrap(), known.len());
        assert_eq!(store.pending_migrations().await.unwrap(), 0);
        assert_eq!(store.migrate().await.unwrap(), 0, "a second run applies nothing");
        store.close().await.unwrap();
    }

    async fn the_agency_notifications_of_before_become_notices(target) {
        let keys = tempfile::tempdir().unwrap();
        let key = haven_store::audit_key::AuditKey::open_or_create(&keys.path().join("audit.key")).unwrap();
        let store = Store::open(&target).await.unwrap().with_audit_key(key);
        let before = Store::known_migrations().iter().position(|m| m.contains("m0028")).unwrap();
        store.migrate_first(u32::try_from(before).unwrap()).await.unwrap();
        let org = haven_testkit::fixtures::seed_org(&store).await;
        let db = sea_orm::Database::connect(haven_testkit::database_url(&target)).await.unwrap();
        // Today's code looks for webhook endpoints when a case opens and
        // keeps lookups beside it; their tables come later in the
        // migrations, so empty ones stand in.
        let stand_ins = [
            ("CREATE TABLE webhook_endpoints (id BIGINT PRIMARY KEY, url TEXT, events TEXT, secret TEXT, active BOOLEAN, version BIGINT, created_by BIGINT, created_at TEXT, deactivated_at TEXT)", "DROP TABLE webhook_endpoints"),
            ("CREATE TABLE person_match_keys (match_key TEXT, person_id BIGINT)", "DROP TABLE person_match_keys"),
            ("CREATE TABLE case_name_tokens (agency_id BIGINT, token TEXT, case_id BIGINT)", "DROP TABLE case_name_tokens"),
            ("ALTER TABLE cases ADD COLUMN next_due_on DATE", "ALTER TABLE cases DROP COLUMN next_due_on"),
            ("CREATE TABLE case_facts (case_id BIGINT, lead_agency_id BIGINT, province_code TEXT, first_on DATE, last_on DATE, facts TEXT)", "DROP TABLE case_facts"),
        ];
        for (create, _) in stand_ins {
            sea_orm::ConnectionTrait::execute_unprepared(&db, create).await.unwrap();
        }
        let case = store.open_case(org.commune, &haven_testkit::fixtures::person("Giả Lập Cũ", 1999), &haven_testkit::fixtures::reception("rescue", haven_testkit::fixtures::day(2025, 8, 1)), haven_testkit::fixtures::today()).await.unwrap();
        for (_, drop) in stand_ins {
            sea_orm::ConnectionTrait::execute_unprepared(&db, drop).await.unwrap();
        }
        for kind in ["emergency_access", "person_link_accepted"] {
            sea_orm::ConnectionTrait::execute_unprepared(&db, &format!(
                "INSERT INTO notifications (agency_id, kind, case_id, from_user_id, created_at) \
                 SELECT lead_agency_id, '{kind}', id, {}, created_at FROM cases", org.police.user_id
            )).await.unwrap();
        }
        db.close().await.unwrap();
        assert_eq!(store.migrate().await.unwrap(), Store::known_migrations().len() - before);
        let reader = haven_store::notices::Reader { user_id: org.commune.user_id, agency: haven_domain::ids::AgencyId(org.commune.agency_id), acts_on: haven_domain::notice::NoticeKind::ALL.to_vec() };
        let moved: Vec<(String, String, Option<String>, Option<i64>)> = store.notices().inbox(&reader, false, 10, 0).await.unwrap().notices.into_iter()
            .map(|n| (n.kind.code().to_owned(), n.subject_ref, n.detail, n.from_user_id)).collect();
        assert_eq!(moved, [
            ("person_link_answered".to_owned(), case.case_number.clone(), Some("accepted".to_owned()), Some(org.police.user_id)),
            ("emergency_access".to_owned(), case.case_number.clone(), None, Some(org.police.user_id)),
        ]);
        assert!(store.notices().waiting_fan_out(10).await.unwrap().is_empty(), "old notices are not emailed now");
        store.close().await.unwrap();
    }
}

haven_testkit::backend_tests! {
    async fn every_table_in_the_schema_is_known_to_copy_db(store) {
        let mut known: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
        known.sort();
        assert_eq!(store.schema_tables().await.unwrap(), known);
    }

    async fn a_fresh_database_is_ready(store) {
        store.ping().await.unwrap();
        assert_eq!(store.count_users().await.unwrap(), 0);
        assert!(store.agencies().await.unwrap().is_empty());
    }
}
