//! A pool with no connection free for the whole wait answers "busy",
//! which the server turns into 503 with `Retry-After` — never an internal
//! error — on both databases.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_store::{PoolSettings, Store, StoreError};

haven_testkit::backend_tests! {
    async fn a_pool_with_every_connection_taken_answers_busy_and_recovers(store) {
        let one = PoolSettings { max_connections: Some(1), acquire_timeout_seconds: Some(1) };
        let small = Store::open_with(store.target(), one).await.unwrap();
        let held = small.begin_write().await.unwrap();
        match small.count_cases().await {
            Err(StoreError::Busy(_)) => {}
            other => panic!("expected busy, got {other:?}"),
        }
        drop(held);
        assert_eq!(small.count_cases().await.unwrap(), 0, "served again once a connection is free");
        small.close().await.unwrap();
    }
}
