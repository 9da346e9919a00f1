//! Two-factor login over real HTTP on both databases: roles that may see
//! identities must enrol before reaching cases; the code is checked at login,
//! works once, and recovery codes work once each.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{client, TestServer};
use haven_testkit::fixtures::{seed_org, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};
use totp_rs::{Algorithm, Secret, TOTP};

async fn post(
    http: &reqwest::Client,
    server: &TestServer,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let r = http
        .post(server.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn code_now(secret: &str, offset_steps: i64) -> String {
    let totp = TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        Secret::Encoded(secret.into()).to_bytes().unwrap(),
        Some("Haven".into()),
        "x".into(),
    )
    .unwrap();
    let now = chrono::Utc::now().timestamp() + offset_steps * 30;
    totp.generate(now as u64)
}

haven_testkit::backend_tests! {
    async fn identity_roles_enrol_then_log_in_with_a_code_that_works_once(store) {
        seed_org(&store).await;
        haven_testkit::fixtures::add_user(&store, "stats", "HNI-SYT", haven_domain::role::Role::Statistician).await;
        let server = TestServer::start(store, haven_server::ServerSettings::default()).await;
        let http = client();
        let (status, _) = post(&http, &server, "/api/v1/session", json!({"username": "social", "password": PASSWORD})).await;
        assert_eq!(status, StatusCode::OK, "not enrolled yet: the password alone opens a session");
        let cases = http.get(server.url("/api/v1/cases")).send().await.unwrap();
        assert_eq!(cases.status(), StatusCode::FORBIDDEN);
        assert_eq!(cases.json::<Value>().await.unwrap()["code"], "second_factor_enrollment_required");
        assert_eq!(http.get(server.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::OK, "enrolment stays reachable");

        let stats = client();
        post(&stats, &server, "/api/v1/session", json!({"username": "stats", "password": PASSWORD})).await;
        assert_eq!(stats.get(server.url("/api/v1/agencies")).send().await.unwrap().status(), StatusCode::OK, "roles that never see identities are not held back");

        let (status, enrollment) = post(&http, &server, "/api/v1/me/second-factor", json!({})).await;
        assert_eq!(status, StatusCode::CREATED);
        let secret = enrollment["secret"].as_str().unwrap().to_owned();
        assert!(enrollment["otpauth_url"].as_str().unwrap().starts_with("otpauth://totp/Haven:"));
        let (status, wrong) = post(&http, &server, "/api/v1/me/second-factor/confirm", json!({"code": "000000"})).await;
        assert_eq!((status, wrong["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("code")));
        let first = code_now(&secret, 0);
        let (status, confirmed) = post(&http, &server, "/api/v1/me/second-factor/confirm", json!({"code": first})).await;
        assert_eq!(status, StatusCode::OK, "{confirmed}");
        let recovery: Vec<String> = confirmed["recovery_codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
        assert_eq!(recovery.len(), 10);
        assert_eq!(http.get(server.url("/api/v1/cases")).send().await.unwrap().status(), StatusCode::OK);

        let fresh = client();
        let (status, needed) = post(&fresh, &server, "/api/v1/session", json!({"username": "social", "password": PASSWORD})).await;
        assert_eq!((status, needed["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("second_factor_required")));
        let (status, reused) = post(&fresh, &server, "/api/v1/session", json!({"username": "social", "password": PASSWORD, "code": first})).await;
        assert_eq!((status, reused["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("bad_second_factor")), "the confirming code does not open a session again");
        let next = code_now(&secret, 1);
        let (status, _) = post(&fresh, &server, "/api/v1/session", json!({"username": "social", "password": PASSWORD, "code": next})).await;
        assert_eq!(status, StatusCode::OK, "the next step's code (one step of skew) works");
        assert_eq!(fresh.get(server.url("/api/v1/cases")).send().await.unwrap().status(), StatusCode::OK);
        let (status, _) = post(&client(), &server, "/api/v1/session", json!({"username": "social", "password": PASSWORD, "code": next})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a code works once");

        let (status, _) = post(&client(), &server, "/api/v1/session", json!({"username": "social", "password": PASSWORD, "code": recovery[3].to_uppercase()})).await;
        assert_eq!(status, StatusCode::OK, "a recovery code logs in");
        let (status, _) = post(&client(), &server, "/api/v1/session", json!({"username": "social", "password": PASSWORD, "code": recovery[3]})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "once");
        let (status, _) = post(&client(), &server, "/api/v1/session", json!({"username": "social", "password": "wrong password!", "code": recovery[4]})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "a code never stands in for the password");
        let (status, again) = post(&http, &server, "/api/v1/me/second-factor", json!({})).await;
        assert_eq!((status, again["code"].as_str()), (StatusCode::CONFLICT, Some("already_exists")));
        server.stop().await;
    }
}
