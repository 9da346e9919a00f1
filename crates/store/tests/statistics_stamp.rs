//! The statistics cache's stamp must change with every committed write, also
//! when two writes commit in the other order than they began (PostgreSQL hands
//! out history ids when rows are inserted, not when they commit).
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::Command;
use haven_testkit::fixtures::{day, person, reception, seed_org, today};
use sea_orm::{ConnectionTrait, Statement};

/// What the write path does to a case, inside the caller's transaction:
/// the version moves on and a history row is added.
async fn touch(txn: &haven_store::WriteTxn, case_id: i64, seq: i64) {
    let backend = txn.get_database_backend();
    let (update, insert) = match backend {
        sea_orm::DatabaseBackend::Postgres => (
            "UPDATE cases SET version = version + 1 WHERE id = $1",
            "INSERT INTO case_history (case_id, seq, recorded_at, actor_user_id, actor_agency_id, command, payload, changes, reason, prev_hash, hash) \
             SELECT $1, $2, CURRENT_TIMESTAMP, actor_user_id, actor_agency_id, 'add_note', '{}', '{}', NULL, 'x', 'y' FROM case_history WHERE case_id = $1 AND seq = 1",
        ),
        _ => (
            "UPDATE cases SET version = version + 1 WHERE id = ?",
            "INSERT INTO case_history (case_id, seq, recorded_at, actor_user_id, actor_agency_id, command, payload, changes, reason, prev_hash, hash) \
             SELECT ?, ?, CURRENT_TIMESTAMP, actor_user_id, actor_agency_id, 'add_note', '{}', '{}', NULL, 'x', 'y' FROM case_history WHERE case_id = ? AND seq = 1",
        ),
    };
    txn.execute(Statement::from_sql_and_values(
        backend,
        update,
        [case_id.into()],
    ))
    .await
    .unwrap();
    let values: Vec<sea_orm::Value> = match backend {
        sea_orm::DatabaseBackend::Postgres => vec![case_id.into(), seq.into()],
        _ => vec![case_id.into(), seq.into(), case_id.into()],
    };
    txn.execute(Statement::from_sql_and_values(backend, insert, values))
        .await
        .unwrap();
}

haven_testkit::backend_tests! {
    async fn the_stamp_sees_a_write_that_commits_after_a_later_one(store) {
        let org = seed_org(&store).await;
        let first = store.open_case(org.commune, &person("Giả Lập Thị Tem", 1990), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let second = store.open_case(org.commune, &person("Giả Lập Thị Dấu", 1991), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let before = store.statistics_stamp().await.unwrap();
        if store.backend_name() == "postgres" {
            // A takes the lower history id, B the higher; B commits first.
            let a = store.begin_write().await.unwrap();
            touch(&a, first.id, 2).await;
            let b = store.begin_write().await.unwrap();
            touch(&b, second.id, 2).await;
            b.commit().await.unwrap();
            let after_b = store.statistics_stamp().await.unwrap();
            assert_ne!(after_b, before);
            a.commit().await.unwrap();
            assert_ne!(store.statistics_stamp().await.unwrap(), after_b, "A's write, committed last, changes the stamp");
        } else {
            // SQLite has one writer at a time: the writes commit in order.
            store.execute(org.commune, &first.case_number, 1, &Command::AddNote { text: "a".into() }, None, today()).await.unwrap();
            let after_a = store.statistics_stamp().await.unwrap();
            assert_ne!(after_a, before);
            store.execute(org.commune, &second.case_number, 1, &Command::AddNote { text: "b".into() }, None, today()).await.unwrap();
            assert_ne!(store.statistics_stamp().await.unwrap(), after_a);
        }
    }
}
