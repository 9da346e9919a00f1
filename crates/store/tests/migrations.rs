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
