//! Account administration over real HTTP on both databases: a system
//! administrator manages every account, an agency administrator only their
//! own agency's; resets force a password change; revocation ends sessions;
//! a user changes their own password; every decision is in the access log.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{client, Agent, TestServer};
use haven_domain::role::Role;
use haven_testkit::fixtures::{add_user, seed_org, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn login_with(
    server: &TestServer,
    username: &str,
    password: &str,
) -> (StatusCode, Value, Agent) {
    let http = client();
    let r = http
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let csrf = common::csrf_of(&r);
    let body = r.json().await.unwrap_or(Value::Null);
    (
        status,
        body,
        Agent {
            http,
            base: server.base.clone(),
            csrf,
        },
    )
}

fn usernames(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

haven_testkit::backend_tests! {
    async fn a_new_account_changes_its_temporary_password_before_anything_else(store) {
        seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        // `commune`, the first user, is the system administrator.
        let admin = Agent::login(&server, "commune").await;
        let (status, created) = admin.post("/api/v1/users", json!({
            "username": "lan.nguyen", "display_name": "Nguyễn Thị Lan",
            "agency_code": "HNI-CA", "roles": ["police_officer"]
        })).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["must_change_password"], true);
        let temporary = created["temporary_password"].as_str().unwrap().to_owned();
        let (status, again) = admin.post("/api/v1/users", json!({
            "username": "lan.nguyen", "display_name": "X", "agency_code": "HNI-CA", "roles": ["police_officer"]
        })).await;
        assert_eq!((status, again["code"].as_str()), (StatusCode::CONFLICT, Some("already_exists")));
        let (status, invalid) = admin.post("/api/v1/users", json!({
            "username": "A B", "display_name": "", "agency_code": "NOPE", "roles": []
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = invalid["violations"].as_array().unwrap().iter().map(|v| v["field"].as_str().unwrap()).collect();
        assert_eq!(fields, vec!["username", "display_name", "roles"], "{invalid}");

        let (status, me, lan) = login_with(&server, "lan.nguyen", &temporary).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["must_change_password"], true);
        let (status, body) = lan.get("/api/v1/cases").await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("password_change_required")));
        assert_eq!(lan.get("/api/v1/me").await.0, StatusCode::OK, "the account page stays reachable");

        let (status, body) = lan.post("/api/v1/me/password", json!({"current_password": "wrong one entirely", "new_password": "my own long passphrase"})).await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("current_password")));
        assert!(body["violations"][0]["message_vi"].as_str().unwrap().contains("Mật khẩu hiện tại"), "{body}");
        let (status, body) = lan.post("/api/v1/me/password", json!({"current_password": temporary, "new_password": "short"})).await;
        assert_eq!((status, body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("min_length")));
        for (guessable, rule) in [("password1234", "common"), ("1234567890123", "common"), ("lan.nguyen-2026", "not_username")] {
            let (status, body) = lan.post("/api/v1/me/password", json!({"current_password": temporary, "new_password": guessable})).await;
            assert_eq!((status, body["violations"][0]["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password"), Some(rule)), "{body}");
            assert!(!body.to_string().contains(guessable), "the password is not echoed: {body}");
        }
        let (status, _) = lan.post("/api/v1/me/password", json!({"current_password": temporary, "new_password": "my own long passphrase"})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(lan.get("/api/v1/cases").await.0, StatusCode::OK, "the same session goes on");
        assert_eq!(login_with(&server, "lan.nguyen", &temporary).await.0, StatusCode::UNAUTHORIZED);
        let (status, me, _) = login_with(&server, "lan.nguyen", "my own long passphrase").await;
        assert_eq!((status, me["must_change_password"].as_bool()), (StatusCode::OK, Some(false)));
        server.stop().await;
    }

    async fn an_agency_admin_manages_only_their_own_agency_and_no_national_role(store) {
        seed_org(&store).await;
        add_user(&store, "syt.admin", "HNI-SYT", Role::AgencyAdmin).await;
        add_user(&store, "syt.auditor", "HNI-SYT", Role::Auditor).await;
        let police = store.user_by_username("police").await.unwrap().unwrap();
        let social = store.user_by_username("social").await.unwrap().unwrap();
        let auditor = store.user_by_username("syt.auditor").await.unwrap().unwrap();
        let server = TestServer::start(store.clone(), common::settings()).await;
        let admin = Agent::login(&server, "syt.admin").await;

        let (status, list) = admin.get("/api/v1/users").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(usernames(&list), vec!["social", "syt.admin"], "own agency, national roles left out");
        assert_eq!(admin.get(&format!("/api/v1/users/{}", police.id)).await.0, StatusCode::NOT_FOUND);
        assert_eq!(admin.get(&format!("/api/v1/users/{}", auditor.id)).await.0, StatusCode::FORBIDDEN);
        let (status, standing) = admin.get(&format!("/api/v1/users/{}", social.id)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((standing["second_factor_enabled"].as_bool(), standing["username"].as_str()), (Some(false), Some("social")));

        let new = |agency: &str, role: &str| json!({"username": format!("new.{}", role), "display_name": "Cán bộ mới", "agency_code": agency, "roles": [role]});
        assert_eq!(admin.post("/api/v1/users", new("HNI-CA", "police_officer")).await.0, StatusCode::FORBIDDEN);
        assert_eq!(admin.post("/api/v1/users", new("HNI-SYT", "auditor")).await.0, StatusCode::FORBIDDEN);
        assert_eq!(admin.post("/api/v1/users", new("HNI-SYT", "system_admin")).await.0, StatusCode::FORBIDDEN);
        assert_eq!(admin.post("/api/v1/users", new("HNI-SYT", "shelter_staff")).await.0, StatusCode::CREATED);
        // A role that sees identities only where the agency's sector does that work.
        let (status, refused) = admin.post("/api/v1/users", new("HNI-SYT", "police_officer")).await;
        assert_eq!((status, refused["violations"][0]["field"].as_str(), refused["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("roles"), Some("role_not_for_sector")), "{refused}");
        assert!(store.user_by_username("new.police_officer").await.unwrap().is_none());
        assert_eq!(admin.post("/api/v1/users", new("HNI-SYT", "statistician")).await.0, StatusCode::CREATED, "a role any agency may have");
        // Nor anyone's second factor: only a system administrator. (A rule on
        // the account's roles would not hold: the review demoted a worker to
        // statistician, removed her second factor, restored her role and reset
        // her password — and held her account.)
        let statistician = store.user_by_username("new.statistician").await.unwrap().unwrap();
        for account in [social.id, statistician.id] {
            let (status, body) = admin.send("DELETE", &format!("/api/v1/users/{account}/second-factor"), None).await;
            assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("system_admin_only")));
        }

        // Roles change on the version the administrator saw; a stale one is refused.
        let version = standing["version"].as_i64().unwrap();
        let path = format!("/api/v1/users/{}", social.id);
        let (status, changed) = admin.send("PATCH", &path, Some(json!({"version": version, "roles": ["social_worker", "supervisor"]}))).await;
        assert_eq!(status, StatusCode::OK, "{changed}");
        assert_eq!(changed["roles"], json!(["social_worker", "supervisor"]));
        let (status, stale) = admin.send("PATCH", &path, Some(json!({"version": version, "display_name": "Khác"}))).await;
        assert_eq!((status, stale["current_version"].as_i64()), (StatusCode::CONFLICT, Some(version + 1)));
        let (status, _) = admin.send("PATCH", &path, Some(json!({"version": version + 1, "roles": ["auditor"]}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "no national role from an agency administrator");
        let (status, body) = admin.send("PATCH", &path, Some(json!({"version": version + 1, "rank": "boss"}))).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_json")), "unknown fields are refused: {body}");
        let me = store.user_by_username("syt.admin").await.unwrap().unwrap();
        let (status, body) = admin.send("PATCH", &format!("/api/v1/users/{}", me.id), Some(json!({"version": me.version, "active": false}))).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("own_account")));

        // Nobody else manages accounts.
        let worker = Agent::login(&server, "police").await;
        assert_eq!(worker.get("/api/v1/users").await.0, StatusCode::FORBIDDEN);
        assert_eq!(worker.send("DELETE", &format!("/api/v1/users/{}/sessions", social.id), None).await.0, StatusCode::FORBIDDEN);

        // Every decision is in the access log, with the account concerned and no name.
        let log: Vec<(String, String, Option<i64>)> = store
            .access_log(&haven_store::access::AccessQuery { limit: 100, ..Default::default() })
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.case_number.is_none())
            .map(|e| (e.action, e.outcome, e.account_user_id))
            .collect();
        assert!(log.contains(&("read_account".into(), "deny".into(), Some(police.id))), "{log:?}");
        assert!(log.contains(&("change_account".into(), "allow".into(), Some(social.id))), "{log:?}");
        assert!(log.contains(&("revoke_access".into(), "deny".into(), Some(social.id))), "{log:?}");
        assert!(log.contains(&("list_accounts".into(), "deny".into(), None)), "{log:?}");
        server.stop().await;
    }

    async fn revocation_reset_and_lost_second_factor_end_access_at_once(store) {
        seed_org(&store).await;
        let shelter = store.user_by_username("shelter").await.unwrap().unwrap();
        let server = TestServer::start(store.clone(), common::settings()).await;
        let admin = Agent::login(&server, "commune").await;
        let laptop = Agent::login(&server, "shelter").await;
        let phone = Agent::login(&server, "shelter").await;
        let (_, token) = laptop.post("/api/v1/me/tokens", json!({"name": "script"})).await;
        let token = token["token"].as_str().unwrap().to_owned();

        let (status, revoked) = admin.send("DELETE", &format!("/api/v1/users/{}/sessions", shelter.id), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((revoked["sessions"].as_u64(), revoked["api_tokens"].as_u64()), (Some(2), Some(1)));
        assert_eq!(laptop.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(phone.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        let by_token = client().get(server.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(by_token.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(admin.get("/api/v1/me").await.0, StatusCode::OK, "the administrator's own session stays");

        let again = Agent::login(&server, "shelter").await;
        let (status, reset) = admin.post(&format!("/api/v1/users/{}/password-reset", shelter.id), json!({})).await;
        assert_eq!(status, StatusCode::OK);
        let temporary = reset["temporary_password"].as_str().unwrap().to_owned();
        assert_eq!(again.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(login_with(&server, "shelter", PASSWORD).await.0, StatusCode::UNAUTHORIZED);
        let (status, me, _) = login_with(&server, "shelter", &temporary).await;
        assert_eq!((status, me["must_change_password"].as_bool()), (StatusCode::OK, Some(true)));

        let enrollment = store.begin_second_factor(shelter.id, "shelter").await.unwrap();
        assert!(!enrollment.secret.is_empty());
        let (status, _) = admin.send("DELETE", &format!("/api/v1/users/{}/second-factor", shelter.id), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(!store.second_factor_enabled(shelter.id).await.unwrap());
        assert_eq!(admin.send("DELETE", "/api/v1/users/999999/second-factor", None).await.0, StatusCode::NOT_FOUND);

        // Deactivation ends access too.
        let back = Agent::login(&server, "police").await;
        let police = store.user_by_username("police").await.unwrap().unwrap();
        let (status, _) = admin.send("PATCH", &format!("/api/v1/users/{}", police.id), Some(json!({"version": police.version, "active": false}))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(back.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(login_with(&server, "police", PASSWORD).await.0, StatusCode::UNAUTHORIZED);
        server.stop().await;
    }
}
