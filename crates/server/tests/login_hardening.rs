//! Failed logins lock the account name and the address for a while, the same
//! way whether or not the account exists; over real HTTP on both databases.
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

async fn upload(
    server: &TestServer,
    agent: &common::Agent,
    number: &str,
    token: Option<&str>,
    origin: Option<&str>,
) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new().text("version", "1").part(
        "file",
        reqwest::multipart::Part::bytes(b"bien ban".to_vec()).file_name("a.txt"),
    );
    let mut request = agent
        .http
        .post(server.url(&format!("/api/v1/cases/{number}/attachments")))
        .multipart(form);
    if let Some(token) = token {
        request = request.header(haven_server::CSRF_HEADER, token);
    }
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    let r = request.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The case page's upload form: the token travels as a field of the multipart body.
async fn page_upload(
    server: &TestServer,
    agent: &common::Agent,
    number: &str,
    fields: &[(&str, &str)],
) -> StatusCode {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = if *name == "file" {
            form.part(
                "file",
                reqwest::multipart::Part::bytes(value.as_bytes().to_vec())
                    .file_name("bien-ban.txt"),
            )
        } else {
            form.text(name.to_string(), value.to_string())
        };
    }
    agent
        .http
        .post(server.url(&format!("/cases/{number}/documents")))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .status()
}

async fn attempt_from(
    server: &TestServer,
    forwarded_for: &str,
    username: &str,
    password: &str,
) -> StatusCode {
    client()
        .post(server.url("/api/v1/session"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

haven_testkit::backend_tests! {
    async fn behind_a_trusted_proxy_each_client_has_its_own_address_lock(store) {
        seed_org(&store).await;
        let throttle = ThrottlePolicy { max_failures_per_address: 3, max_failures_per_account: 100, ..ThrottlePolicy::default() };
        let proxied = haven_server::ServerSettings { throttle, trusted_proxies: vec!["127.0.0.1".parse().unwrap()], ..common::settings() };
        let server = TestServer::start(store.clone(), proxied).await;
        for i in 0..3 {
            assert_eq!(attempt_from(&server, "203.0.113.1", &format!("nobody{i}"), "wrong").await, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(attempt_from(&server, "203.0.113.1", "commune", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(attempt_from(&server, "203.0.113.2", "commune", PASSWORD).await, StatusCode::OK, "another client behind the proxy is not locked out");
        server.stop().await;

        // Without the setting the header is nobody's word: every request is the peer's.
        let direct = haven_server::ServerSettings { throttle, ..common::settings() };
        let server = TestServer::start(store, direct).await;
        for i in 0..3 {
            assert_eq!(attempt_from(&server, &format!("198.51.100.{i}"), &format!("someone{i}"), "wrong").await, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(attempt_from(&server, "198.51.100.9", "police", PASSWORD).await, StatusCode::TOO_MANY_REQUESTS, "a forged header does not dodge the lock");
        server.stop().await;
    }

    async fn parallel_guesses_check_no_more_passwords_than_the_limit(store) {
        seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let guesses = (0..16).map(|i| {
            let server = &server;
            async move { attempt(server, "commune", &format!("wrong guess {i}")).await.0 }
        });
        let answers = futures::future::join_all(guesses).await;
        let checked = answers.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
        let locked = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!(checked + locked, 16, "{answers:?}");
        assert!(checked <= ThrottlePolicy::default().max_failures_per_account as usize, "{checked} passwords were checked: {answers:?}");
        assert_eq!(attempt(&server, "commune", PASSWORD).await.0, StatusCode::TOO_MANY_REQUESTS, "the right password waits out the lock too");
        // Successful logins from one address give their attempt back: the address never locks.
        for _ in 0..25 {
            assert_eq!(attempt(&server, "police", PASSWORD).await.0, StatusCode::OK);
        }
        server.stop().await;
    }

    async fn a_page_upload_carries_the_token_as_its_first_field(store) {
        seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = common::Agent::login(&server, "commune").await;
        let n = commune.open(common::woman("Giả Lập Thị Tệp", json!(null), "VN"), common::reception("self_report", "2025-08-01")).await;
        let token = commune.csrf.clone();
        assert_eq!(page_upload(&server, &commune, &n, &[("version", "1"), ("file", "x")]).await, StatusCode::FORBIDDEN, "no token");
        assert_eq!(page_upload(&server, &commune, &n, &[("csrf", "nope"), ("version", "1"), ("file", "x")]).await, StatusCode::FORBIDDEN, "a wrong token");
        assert_eq!(page_upload(&server, &commune, &n, &[("version", "1"), ("csrf", &token), ("file", "x")]).await, StatusCode::FORBIDDEN, "the token not first");
        assert_eq!(store.case_by_number(&n).await.unwrap().unwrap().state.attachments.len(), 0, "nothing was kept");
        // Bigger than what the check reads ahead: the rest still streams through intact.
        let big = "biên bản ".repeat(20_000);
        assert_eq!(page_upload(&server, &commune, &n, &[("csrf", &token), ("version", "1"), ("description", "Biên bản"), ("file", &big)]).await, StatusCode::SEE_OTHER);
        let case = store.case_by_number(&n).await.unwrap().unwrap();
        assert_eq!(case.state.attachments[0].attachment.size_bytes, big.len() as i64);
        assert_eq!(case.state.attachments[0].attachment.description.as_deref(), Some("Biên bản"));
        // A stale version comes back as the page with the form open, not as an error.
        let status = page_upload(&server, &commune, &n, &[("csrf", &token), ("version", "1"), ("file", "x")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        server.stop().await;
    }

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

    async fn form_like_posts_need_the_session_csrf_token_and_a_same_origin(store) {
        seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = common::Agent::login(&server, "commune").await;
        assert_eq!(commune.csrf.len(), 64);
        let n = commune.open(common::woman("Giả Lập Thị Mẫu", json!(null), "VN"), common::reception("self_report", "2025-08-01")).await;
        let (status, body) = upload(&server, &commune, &n, None, None).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("csrf")), "an upload without the token");
        let (status, _) = upload(&server, &commune, &n, Some(&"0".repeat(64)), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a wrong token");
        let (status, body) = upload(&server, &commune, &n, Some(&commune.csrf), Some("https://evil.example")).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("cross_origin")));
        let (status, _) = upload(&server, &commune, &n, Some(&commune.csrf), Some(&server.base)).await;
        assert_eq!(status, StatusCode::CREATED, "the right token from this origin");
        let (status, _) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 2, "command": {"command": "add_note", "text": "JSON needs no token"}})).await;
        assert_eq!(status, StatusCode::OK);

        // The browser's logout form carries the token as a field.
        let page = commune.http.get(server.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("value=\"{}\"", commune.csrf)), "the page embeds the token");
        let forged = commune.http.post(server.url("/logout")).form(&[("csrf", "nope")]).send().await.unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
        assert!(forged.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "a page's form is refused with a page");
        let refusal = forged.text().await.unwrap();
        assert!(refusal.contains("Yêu cầu bị từ chối vì không đến từ trang của Haven") && refusal.contains("reload the page"), "{refusal}");
        assert_eq!(commune.get("/api/v1/me").await.0, StatusCode::OK, "still logged in");
        let logout = commune.http.post(server.url("/logout")).form(&[("csrf", commune.csrf.as_str())]).send().await.unwrap();
        assert_eq!(logout.status(), StatusCode::SEE_OTHER);
        assert_eq!(commune.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        let cross_login = client().post(server.url("/login")).header("origin", "https://evil.example").form(&[("username", "commune"), ("password", PASSWORD)]).send().await.unwrap();
        assert_eq!(cross_login.status(), StatusCode::FORBIDDEN, "no login from another site's form");
        // Browsers send `Origin: null` under no-referrer; fetch metadata tells the sites apart.
        let null_cross = client().post(server.url("/login")).header("origin", "null").header("sec-fetch-site", "cross-site").form(&[("username", "commune"), ("password", PASSWORD)]).send().await.unwrap();
        assert_eq!(null_cross.status(), StatusCode::FORBIDDEN, "a null origin from another site");
        let null_same = client().post(server.url("/login")).header("origin", "null").header("sec-fetch-site", "same-origin").form(&[("username", "commune"), ("password", PASSWORD)]).send().await.unwrap();
        assert_eq!(null_same.status(), StatusCode::SEE_OTHER, "this site's own login form");
        server.stop().await;
    }
}
