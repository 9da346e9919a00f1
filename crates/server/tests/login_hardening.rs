//! Failed logins lock the account name and the address for a while, the same
//! way whether or not the account exists; over real HTTP on both databases.

mod common;

use common::{client, TestServer};
use haven_store::throttle::ThrottlePolicy;
use haven_testkit::fixtures::{seed_org, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn attempt(server: &TestServer, username: &str, password: &str) -> (StatusCode, Value) {
    let r = client()
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

haven_testkit::backend_tests! {
    async fn repeated_failures_lock_an_account_name_whether_or_not_it_exists(store) {
        seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        for username in ["social", "no.such.user"] {
            let mut seen = Vec::new();
            for _ in 0..5 {
                seen.push(attempt(&server, username, "wrong password!").await.0);
            }
            assert_eq!(seen, vec![StatusCode::UNAUTHORIZED; 5], "{username}");
            let (status, body) = attempt(&server, username, PASSWORD).await;
            assert_eq!((status, body["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts")), "{username}: even the right password waits");
            assert!(body["message_vi"].as_str().unwrap().contains("phút"));
        }
        assert_eq!(attempt(&server, "SOCIAL ", PASSWORD).await.0, StatusCode::TOO_MANY_REQUESTS, "the name is compared as typed, case and spaces aside");
        assert_eq!(attempt(&server, "police", PASSWORD).await.0, StatusCode::OK, "other accounts are not locked");
        server.stop().await;
    }

    async fn a_success_forgets_earlier_failures_and_an_address_is_locked_too(store) {
        seed_org(&store).await;
        let settings = haven_server::ServerSettings {
            throttle: ThrottlePolicy { max_failures_per_address: 8, ..ThrottlePolicy::default() },
            ..common::settings()
        };
        let server = TestServer::start(store, settings).await;
        for _ in 0..4 {
            assert_eq!(attempt(&server, "police", "wrong password!").await.0, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(attempt(&server, "police", PASSWORD).await.0, StatusCode::OK);
        for _ in 0..4 {
            assert_eq!(attempt(&server, "police", "wrong password!").await.0, StatusCode::UNAUTHORIZED, "the count started again");
        }
        // Eight failures from this address in all: the address is locked for every name.
        assert_eq!(attempt(&server, "shelter", PASSWORD).await.0, StatusCode::TOO_MANY_REQUESTS);
        server.stop().await;
    }
}
