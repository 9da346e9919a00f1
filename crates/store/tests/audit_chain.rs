//! The keyed audit chain on both databases: someone with write access to the
//! database but not the audit key can neither rewrite an entry and recompute
//! the chain, nor cut a case's last entries and roll the case back to match;
//! and an old unkeyed chain is sealed only if it still verifies.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::Command;
use haven_store::audit_key::AuditKey;
use haven_store::cases::history::{EntryContent, GENESIS};
use haven_store::{DatabaseTarget, Store};
use haven_testkit::fixtures::{day, person, reception, seed_org, today};
use sea_orm::{ConnectionTrait, Statement};

async fn raw(target: &DatabaseTarget, sql: &str) {
    let db = sea_orm::Database::connect(haven_testkit::database_url(target))
        .await
        .unwrap();
    db.execute(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    db.close().await.unwrap();
}

fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn note(text: &str) -> Command {
    Command::AddNote { text: text.into() }
}

/// Recomputes a case's chain with the unkeyed SHA-256 of old databases, as
/// an attacker without the key would after altering an entry.
async fn rechain_unkeyed(target: &DatabaseTarget, case_id: i64) {
    let db = sea_orm::Database::connect(haven_testkit::database_url(target))
        .await
        .unwrap();
    let rows = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT id, seq, recorded_at, actor_user_id, actor_agency_id, command, payload, changes, reason FROM case_history WHERE case_id = {case_id} ORDER BY seq"),
        ))
        .await
        .unwrap();
    let mut prev = GENESIS.to_owned();
    for row in rows {
        let (id, seq): (i64, i64) = (
            row.try_get("", "id").unwrap(),
            row.try_get("", "seq").unwrap(),
        );
        let recorded_at: chrono::DateTime<chrono::Utc> = row.try_get("", "recorded_at").unwrap();
        let (command, payload, changes): (String, String, String) = (
            row.try_get("", "command").unwrap(),
            row.try_get("", "payload").unwrap(),
            row.try_get("", "changes").unwrap(),
        );
        let reason: Option<String> = row.try_get("", "reason").unwrap();
        let entry = EntryContent {
            case_id,
            seq,
            recorded_at,
            actor_user_id: row.try_get("", "actor_user_id").unwrap(),
            actor_agency_id: row.try_get("", "actor_agency_id").unwrap(),
            command: &command,
            payload: &payload,
            changes: &changes,
            reason: reason.as_deref(),
        };
        let hash = entry.legacy_hash(&prev);
        db.execute(Statement::from_string(
            db.get_database_backend(),
            format!(
                "UPDATE case_history SET prev_hash = {}, hash = {} WHERE id = {id}",
                quoted(&prev),
                quoted(&hash)
            ),
        ))
        .await
        .unwrap();
        prev = hash;
    }
    db.close().await.unwrap();
}

haven_testkit::backend_database_tests! {
    async fn a_forged_chain_and_a_history_cut_short_are_both_detected(target) {
        let keys = tempfile::tempdir().unwrap();
        let key = AuditKey::open_or_create(&keys.path().join("audit.key")).unwrap();
        let store = Store::open_and_migrate(&target).await.unwrap().with_audit_key(key.clone());
        let org = seed_org(&store).await;
        let forged = store.open_case(org.commune, &person("Giả Lập Sửa", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let cut = store.open_case(org.commune, &person("Giả Lập Cắt", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        store.execute(org.commune, &forged.case_number, 1, &note("ghi chú thật"), None, today()).await.unwrap();
        store.execute(org.commune, &cut.case_number, 1, &note("một"), None, today()).await.unwrap();
        let before_last = store.case_by_number(&cut.case_number).await.unwrap().unwrap();
        store.execute(org.commune, &cut.case_number, 2, &note("hai: đã báo công an"), None, today()).await.unwrap();
        assert_eq!(store.verify_histories().await.unwrap(), vec![]);

        // Rewrite a note and recompute the whole chain without the key.
        raw(&target, &format!("UPDATE case_history SET payload = {} WHERE case_id = {} AND seq = 2", quoted(r#"{"command":"add_note","text":"ghi chú giả"}"#), forged.id)).await;
        rechain_unkeyed(&target, forged.id).await;
        // Cut the last entry and roll the case back to the version and state before it.
        raw(&target, &format!("DELETE FROM case_history WHERE case_id = {} AND seq = 3", cut.id)).await;
        let state = serde_json::to_string(&before_last.state).unwrap();
        raw(&target, &format!("UPDATE cases SET version = 2, state = {} WHERE id = {}", quoted(&state), cut.id)).await;

        let tampered: Vec<(String, i64)> = store.verify_histories().await.unwrap().into_iter().map(|t| (t.case_number, t.first_bad_seq)).collect();
        assert_eq!(tampered, vec![(forged.case_number.clone(), 1), (cut.case_number.clone(), 2)]);

        // With another key nothing verifies: the seal is the key's.
        let other = Store::open(&target).await.unwrap().with_audit_key(key.successor());
        assert_eq!(other.verify_histories().await.unwrap().len(), 2);
        store.close().await.unwrap();
    }

    async fn a_new_audit_key_reseals_every_chain_or_none(target) {
        let keys = tempfile::tempdir().unwrap();
        let key = AuditKey::open_or_create(&keys.path().join("audit.key")).unwrap();
        let store = Store::open_and_migrate(&target).await.unwrap().with_audit_key(key.clone());
        let org = seed_org(&store).await;
        assert_eq!(store.seal_audit_chains().await.unwrap().sealed, 0);
        assert_eq!(store.audit_seal().await.unwrap().unwrap().key_id, Some(key.id()));
        let mut cases = Vec::new();
        for name in ["Giả Lập Một", "Giả Lập Hai"] {
            let case = store.open_case(org.commune, &person(name, 1995), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
            store.execute(org.commune, &case.case_number, 1, &note("ghi chú"), None, today()).await.unwrap();
            cases.push(case);
        }
        let next = key.next();
        assert_eq!(store.reseal_audit_chains(&next).await.unwrap(), 2);
        assert_eq!(store.audit_seal().await.unwrap().unwrap().key_id, Some(next.id()));
        let under_next = Store::open(&target).await.unwrap().with_audit_key(next.clone());
        assert_eq!(under_next.verify_histories().await.unwrap(), vec![], "every chain holds under the new key");
        assert_eq!(store.verify_histories().await.unwrap().len(), 2, "and none under the old one");

        // A chain altered before the rotation: nothing is re-sealed, the key id stays.
        raw(&target, &format!("UPDATE case_history SET reason = 'sửa lén' WHERE case_id = {} AND seq = 2", cases[1].id)).await;
        let refused = under_next.reseal_audit_chains(&next.next()).await.unwrap_err();
        assert!(refused.to_string().contains(&cases[1].case_number), "{refused}");
        assert_eq!(store.audit_seal().await.unwrap().unwrap().key_id, Some(next.id()));
        let tampered: Vec<String> = under_next.verify_histories().await.unwrap().into_iter().map(|t| t.case_number).collect();
        assert_eq!(tampered, vec![cases[1].case_number.clone()], "the intact chain was not re-sealed either");
        under_next.close().await.unwrap();
        store.close().await.unwrap();
    }

    async fn old_unkeyed_chains_are_sealed_only_when_they_still_hold(target) {
        let keys = tempfile::tempdir().unwrap();
        let key = AuditKey::open_or_create(&keys.path().join("audit.key")).unwrap();
        let store = Store::open_and_migrate(&target).await.unwrap().with_audit_key(key);
        let org = seed_org(&store).await;
        let intact = store.open_case(org.commune, &person("Giả Lập Cũ", 1990), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let altered = store.open_case(org.commune, &person("Giả Lập Sửa Cũ", 1990), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        for case in [&intact, &altered] {
            store.execute(org.commune, &case.case_number, 1, &note("trước khi có khóa"), None, today()).await.unwrap();
        }
        // As a database written before the audit key: unkeyed chains, no heads, not sealed.
        for case in [&intact, &altered] {
            rechain_unkeyed(&target, case.id).await;
        }
        raw(&target, "UPDATE cases SET history_head = NULL").await;
        // And one entry altered in that old database (its old chain no longer holds).
        raw(&target, &format!("UPDATE case_history SET reason = 'sửa lén' WHERE case_id = {} AND seq = 2", altered.id)).await;
        assert!(!store.audit_chains_sealed().await.unwrap());

        let report = store.seal_audit_chains().await.unwrap();
        assert_eq!((report.sealed, report.refused.clone()), (1, vec![altered.case_number.clone()]));
        assert!(store.audit_chains_sealed().await.unwrap());
        let tampered: Vec<String> = store.verify_histories().await.unwrap().into_iter().map(|t| t.case_number).collect();
        assert_eq!(tampered, vec![altered.case_number.clone()], "the altered chain is not laundered");
        // Sealing happens once: a later unsealed chain stays tampered.
        assert_eq!(store.seal_audit_chains().await.unwrap().sealed, 0);
        store.execute(org.commune, &intact.case_number, 2, &note("sau khi có khóa"), None, today()).await.unwrap();
        assert_eq!(store.verify_histories().await.unwrap().len(), 1);
        store.close().await.unwrap();
    }

    async fn states_stored_before_consent_counted_are_recomputed_and_take_back_unconsented_sharing(target) {
        let keys = tempfile::tempdir().unwrap();
        let key = AuditKey::open_or_create(&keys.path().join("audit.key")).unwrap();
        let store = Store::open_and_migrate(&target).await.unwrap().with_audit_key(key);
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Giả Lập Cũ", 1998), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let referral = Command::SendReferral { to_agency_id: org.shelter.agency_id, to_facility_id: None, reason: "lưu trú".into(), shared_fields: vec!["full_name".into()], shared_with_roles: vec![], best_interest_reason: None, transfer_lead: false, sent_on: day(2025, 8, 2) };
        store.execute(org.commune, &case.case_number, 1, &referral, None, today()).await.unwrap();
        let now = store.case_by_number(&case.case_number).await.unwrap().unwrap();
        assert!(now.state.referrals[0].shared_fields.is_empty(), "no consent: nothing shared");
        // The state an older binary stored: the name shared, no consents, no sharing outcome.
        let mut old = serde_json::to_value(&now.state).unwrap();
        old.as_object_mut().unwrap().remove("consents");
        old.as_object_mut().unwrap().remove("risk");
        old["referrals"][0].as_object_mut().unwrap().remove("sharing");
        old["referrals"][0]["shared_fields"] = serde_json::json!(["full_name"]);
        raw(&target, &format!("UPDATE cases SET state = {} WHERE id = {}", quoted(&old.to_string()), now.id)).await;
        assert_eq!(store.verify_histories().await.unwrap().len(), 1, "the stored state no longer follows from the history");

        assert_eq!(store.recompute_case_states().await.unwrap(), 1);
        assert_eq!(store.verify_histories().await.unwrap(), vec![]);
        let after = store.case_by_number(&case.case_number).await.unwrap().unwrap();
        assert!(after.state.referrals[0].shared_fields.is_empty(), "what was shared without consent is taken back");
        assert_eq!(store.recompute_case_states().await.unwrap(), 0, "a second run changes nothing");
        store.close().await.unwrap();
    }
}
