//! The server over real HTTP on both databases: health, login by JSON and by
//! form, cookies, API tokens, the login layer, reference data, headers.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{client, seed_user, TestServer, PASSWORD};
use haven_server::{ServerSettings, SESSION_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Every route behind the login layer, with its method. A route missing here
/// is still protected by construction; this list proves it over the wire.
const PROTECTED: &[(&str, &str)] = &[
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/me/tokens"),
    ("POST", "/api/v1/me/tokens"),
    ("DELETE", "/api/v1/me/tokens/1"),
    ("GET", "/api/v1/agencies"),
    ("GET", "/api/v1/facilities"),
    ("GET", "/api/v1/reference/admin-units"),
    ("GET", "/api/v1/reference/ethnic-groups"),
    ("GET", "/api/v1/reference/countries"),
    ("GET", "/api/v1/reference/code-lists/reception_channel"),
    ("GET", "/api/v1/cases"),
    ("POST", "/api/v1/cases"),
    ("POST", "/api/v1/cases/search"),
    ("GET", "/api/v1/cases/HNI-2025-000001"),
    ("POST", "/api/v1/cases/HNI-2025-000001/commands"),
    ("GET", "/api/v1/cases/HNI-2025-000001/history"),
    ("GET", "/api/v1/cases/HNI-2025-000001/attachments"),
    ("POST", "/api/v1/cases/HNI-2025-000001/attachments"),
    ("GET", "/api/v1/cases/HNI-2025-000001/attachments/1"),
    ("POST", "/api/v1/persons/duplicates"),
    ("GET", "/api/v1/persons/1"),
    ("POST", "/api/v1/persons/1/merge"),
    ("PUT", "/api/v1/cases/HNI-2025-000001/person"),
    ("POST", "/api/v1/cases/HNI-2025-000001/person-links"),
    ("GET", "/api/v1/person-links"),
    ("POST", "/api/v1/person-links/1/answer"),
    ("POST", "/api/v1/cases/HNI-2025-000001/emergency-access"),
    ("GET", "/api/v1/notifications"),
    ("POST", "/api/v1/notifications/1/read"),
    ("POST", "/api/v1/notifications/read-all"),
    ("GET", "/api/v1/me/notification-settings"),
    ("PUT", "/api/v1/me/notification-settings"),
    ("POST", "/api/v1/me/second-factor"),
    ("POST", "/api/v1/me/second-factor/confirm"),
    ("GET", "/api/v1/access-log"),
    ("GET", "/api/v1/statistics/catalogue"),
    ("GET", "/api/v1/statistics/report"),
    ("GET", "/api/v1/statistics/report.xlsx"),
    ("GET", "/api/v1/statistics/report.csv"),
    ("GET", "/api/v1/statistics/report.pdf"),
    ("GET", "/api/v1/statistics/microdata"),
    ("GET", "/api/v1/statistics/microdata.csv"),
    ("GET", "/api/v1/admin/webhooks"),
    ("POST", "/api/v1/admin/webhooks"),
    ("POST", "/api/v1/admin/webhooks/1/deactivate"),
    ("GET", "/api/v1/admin/webhooks/deliveries"),
    ("GET", "/api/v1/admin/backups"),
    ("GET", "/api/v1/statistics/submissions"),
    ("GET", "/api/v1/statistics/submission"),
    ("POST", "/api/v1/statistics/submission/draft"),
    ("POST", "/api/v1/me/password"),
    ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"),
    ("GET", "/api/v1/users/1"),
    ("PATCH", "/api/v1/users/1"),
    ("POST", "/api/v1/users/1/password-reset"),
    ("DELETE", "/api/v1/users/1/sessions"),
    ("DELETE", "/api/v1/users/1/second-factor"),
    ("GET", "/api/v1/plans"),
    ("POST", "/api/v1/plans"),
    ("GET", "/api/v1/plans/1"),
    ("PUT", "/api/v1/plans/1"),
    ("POST", "/api/v1/plans/1/copies"),
    ("GET", "/api/v1/plans/1/history"),
    ("GET", "/api/v1/plans/1/review"),
    ("GET", "/api/v1/plans/1/review.xlsx"),
    ("POST", "/api/v1/plans/1/targets"),
    ("PUT", "/api/v1/plans/1/targets/1"),
    ("POST", "/api/v1/plans/1/tasks"),
    ("PUT", "/api/v1/plans/1/tasks/1"),
    ("GET", "/api/v1/plans/1/budget"),
    ("POST", "/api/v1/plans/1/budget/lines"),
    ("PUT", "/api/v1/plans/1/budget/lines/1"),
    ("POST", "/api/v1/plans/1/budget/lines/1/entries"),
    ("PUT", "/api/v1/plans/1/budget/entries/1"),
    ("GET", "/api/v1/plans/1/documents"),
    ("POST", "/api/v1/plans/1/documents"),
    ("GET", "/api/v1/plans/1/documents/1"),
    ("POST", "/api/v1/plans/1/documents/1/withdraw"),
    ("GET", "/api/v1/agency-reports/own"),
    ("POST", "/api/v1/agency-reports/own/draft"),
    ("GET", "/api/v1/agency-reports"),
    ("GET", "/api/v1/agency-reports/1"),
    ("POST", "/api/v1/agency-reports/1/approve"),
    ("GET", "/api/v1/working-groups"),
    ("POST", "/api/v1/working-groups"),
    ("GET", "/api/v1/working-groups/1"),
    ("PUT", "/api/v1/working-groups/1"),
    ("GET", "/api/v1/activities/1/actions"),
    ("PUT", "/api/v1/actions/1"),
    ("GET", "/api/v1/companies"),
    ("POST", "/api/v1/companies"),
    ("GET", "/api/v1/companies/1"),
    ("PUT", "/api/v1/companies/1"),
    ("GET", "/api/v1/activities"),
    ("POST", "/api/v1/activities"),
    ("GET", "/api/v1/activities/1"),
    ("PUT", "/api/v1/activities/1"),
    ("GET", "/api/v1/activities/1/history"),
    ("GET", "/api/v1/contacts"),
    ("POST", "/api/v1/contacts"),
    ("GET", "/api/v1/contacts/LH-2026-000001"),
    ("PUT", "/api/v1/contacts/LH-2026-000001"),
    ("GET", "/api/v1/contacts/LH-2026-000001/history"),
    ("POST", "/api/v1/contacts/LH-2026-000001/dispatches"),
    (
        "POST",
        "/api/v1/contacts/LH-2026-000001/dispatches/1/answer",
    ),
    ("POST", "/api/v1/contacts/LH-2026-000001/case"),
    ("POST", "/api/v1/contacts/LH-2026-000001/call-back-made"),
    ("GET", "/api/v1/dispatches/waiting"),
    ("GET", "/api/v1/directory"),
    ("POST", "/api/v1/directory"),
    ("GET", "/api/v1/directory/1"),
    ("PUT", "/api/v1/directory/1"),
    ("GET", "/api/v1/openapi.json"),
];

/// Public API routes, documented too.
const PUBLIC_API: &[(&str, &str)] = &[("POST", "/api/v1/session"), ("DELETE", "/api/v1/session")];

async fn login(
    http: &reqwest::Client,
    server: &TestServer,
    username: &str,
    password: &str,
) -> reqwest::Response {
    http.post(server.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
}

haven_testkit::backend_tests! {
    async fn health_and_readiness_answer_without_login(store) {
        let server = TestServer::start(store, common::settings()).await;
        let http = client();
        let health = http.get(server.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let ready: Value = http.get(server.url("/readyz")).send().await.unwrap().json().await.unwrap();
        assert_eq!(ready, json!({"status": "ready", "database": "ok", "pending_migrations": 0}));
        server.stop().await;
    }

    async fn every_protected_route_refuses_anonymous_callers(store) {
        seed_user(&store, "lan").await;
        let server = TestServer::start(store, common::settings()).await;
        let http = client();
        for (method, path) in PROTECTED {
            let response = http
                .request(method.parse().unwrap(), server.url(path))
                .json(&json!({"name": "x"}))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["code"], "unauthenticated", "{method} {path}");
            assert!(body["message_vi"].as_str().unwrap().contains("đăng nhập"));
        }
        let bogus = http.get(server.url("/api/v1/me")).bearer_auth("hvn_notatoken").send().await.unwrap();
        assert_eq!(bogus.status(), StatusCode::UNAUTHORIZED);
        let basic = http.get(server.url("/api/v1/me")).basic_auth("lan", Some(PASSWORD)).send().await.unwrap();
        assert_eq!(basic.status(), StatusCode::UNAUTHORIZED, "only bearer tokens and sessions count");
        let page = http.get(server.url("/")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::SEE_OTHER);
        assert_eq!(page.headers()["location"], "/login");
        server.stop().await;
    }

    async fn json_login_sets_a_safe_cookie_and_logout_ends_the_session(store) {
        let user = seed_user(&store, "lan").await;
        let server = TestServer::start(store, common::settings()).await;
        let http = client();
        let wrong = login(&http, &server, "lan", "not the password").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        let wrong: Value = wrong.json().await.unwrap();
        let unknown: Value = login(&http, &server, "nobody", PASSWORD).await.json().await.unwrap();
        assert_eq!(wrong, unknown, "no hint whether the username exists");
        assert_eq!(wrong["code"], "bad_credentials");

        let ok = login(&http, &server, "lan", PASSWORD).await;
        assert_eq!(ok.status(), StatusCode::OK);
        let cookie = ok.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.starts_with(&format!("{SESSION_COOKIE}=")));
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"));
        assert!(!cookie.contains("Secure"), "plain-HTTP deployments cannot use Secure cookies");
        let me: Value = ok.json().await.unwrap();
        assert_eq!(me["id"], user.id);
        assert!(me.get("password_hash").is_none());

        let me: Value = http.get(server.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["username"], "lan");
        assert_eq!(me["agency_code"], "HNI-SYT");
        let out = http.delete(server.url("/api/v1/session")).send().await.unwrap();
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        let after = http.get(server.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
        server.stop().await;
    }

    async fn cookies_are_secure_behind_https(store) {
        seed_user(&store, "lan").await;
        let settings = ServerSettings { public_url: "https://haven.example.gov.vn".into(), ..Default::default() };
        let server = TestServer::start(store, settings).await;
        let ok = login(&client(), &server, "lan", PASSWORD).await;
        assert!(ok.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
        server.stop().await;
    }

    async fn api_tokens_serve_programs_until_revoked(store) {
        seed_user(&store, "lan").await;
        let server = TestServer::start(store, common::settings()).await;
        let browser = client();
        login(&browser, &server, "lan", PASSWORD).await;
        let created = browser.post(server.url("/api/v1/me/tokens")).json(&json!({"name": "xuất báo cáo"})).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        let token = created["token"].as_str().unwrap().to_owned();
        let program = client();
        let me = program.get(server.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(me.status(), StatusCode::OK);
        let listed: Value = browser.get(server.url("/api/v1/me/tokens")).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed[0]["name"], "xuất báo cáo");
        assert!(listed[0].get("token").is_none(), "the secret is shown only once");
        let empty_name = browser.post(server.url("/api/v1/me/tokens")).json(&json!({"name": ""})).send().await.unwrap();
        assert_eq!(empty_name.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = empty_name.json().await.unwrap();
        assert_eq!(body["field"], "name");
        let revoke = browser.delete(server.url(&format!("/api/v1/me/tokens/{}", created["id"]))).send().await.unwrap();
        assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
        let after = program.get(server.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
        server.stop().await;
    }

    async fn form_login_keeps_the_username_and_reaches_the_start_page(store) {
        seed_user(&store, "lan").await;
        let server = TestServer::start(store, common::settings()).await;
        let http = client();
        let page = http.get(server.url("/login")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Tên đăng nhập") && page.contains("name=\"password\""));
        assert!(!page.contains("haven-demo-2025"), "demo passwords only in demo mode");
        let failed = http.post(server.url("/login")).form(&[("username", "lan<b>"), ("password", "nope")]).send().await.unwrap();
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
        let failed = failed.text().await.unwrap();
        assert!(failed.contains("value=\"lan&lt;b&gt;\""), "typed username kept and escaped");
        assert!(failed.contains("không đúng"));
        let ok = http.post(server.url("/login")).form(&[("username", "lan"), ("password", PASSWORD)]).send().await.unwrap();
        assert_eq!(ok.status(), StatusCode::SEE_OTHER);
        assert_eq!(ok.headers()["location"], "/");
        let home = http.get(server.url("/")).send().await.unwrap();
        assert_eq!(home.status(), StatusCode::OK);
        let home = home.text().await.unwrap();
        assert!(home.contains("Sở Y tế Hà Nội") && home.contains("Cán bộ xã hội"));
        let token = home.split("name=\"csrf\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("the logout form carries the CSRF token").to_owned();
        let out = http.post(server.url("/logout")).form(&[("csrf", token.as_str())]).send().await.unwrap();
        assert_eq!(out.headers()["location"], "/login");
        assert_eq!(http.get(server.url("/")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
        server.stop().await;
    }

    async fn the_demo_login_page_lists_demo_users(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, ..Default::default() };
        let server = TestServer::start(store, settings).await;
        let page = client().get(server.url("/login")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("haven-demo-2025"));
        for user in haven_store::demo::DEMO_USERS {
            assert!(page.contains(user.username), "{}", user.username);
        }
        server.stop().await;
    }

    async fn pages_are_compressed_and_name_the_system_its_operator_and_the_hotline(store) {
        let settings = ServerSettings { operator: "Cục Bảo trợ xã hội".into(), ..Default::default() };
        let server = TestServer::start(store, settings).await;
        let plain = client().get(server.url("/login")).send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none(), "a client that asks for nothing gets it plain");
        let page = plain.text().await.unwrap();
        let title = page.split("<title>").nth(1).unwrap().split("</title>").next().unwrap();
        assert!(title.contains("Hệ thống tiếp nhận, xác minh, bảo vệ, hỗ trợ nạn nhân bị mua bán"), "{title}");
        let footer = page.split("<footer").nth(1).unwrap();
        for part in ["Cục Bảo trợ xã hội", "111", env!("CARGO_PKG_VERSION")] {
            assert!(footer.contains(part), "{part} in the footer: {footer}");
        }
        let gzipped = client().get(server.url("/login")).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(gzipped.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
        let compressed = gzipped.bytes().await.unwrap().len();
        assert!(compressed < page.len(), "{compressed} bytes compressed of {}", page.len());
        let brotli = client().get(server.url("/static/haven.css")).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!(brotli.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("br"));
        server.stop().await;
    }

    async fn reference_data_is_served_to_logged_in_users(store) {
        seed_user(&store, "lan").await;
        let server = TestServer::start(store, common::settings()).await;
        let http = client();
        login(&http, &server, "lan", PASSWORD).await;
        let provinces: Vec<Value> = http.get(server.url("/api/v1/reference/admin-units")).send().await.unwrap().json().await.unwrap();
        assert_eq!(provinces.len(), 34);
        let legacy: Vec<Value> = http.get(server.url("/api/v1/reference/admin-units?generation=legacy")).send().await.unwrap().json().await.unwrap();
        assert_eq!(legacy.len(), 63);
        let hanoi: Vec<Value> = http.get(server.url("/api/v1/reference/admin-units?parent=2025/01")).send().await.unwrap().json().await.unwrap();
        assert_eq!(hanoi.len(), 126);
        let bad = http.get(server.url("/api/v1/reference/admin-units?generation=1990")).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let bad: Value = bad.json().await.unwrap();
        assert_eq!((bad["field"].as_str(), bad["violations"][0]["rule"].as_str()), (Some("generation"), Some("one_of")));
        let channels: Vec<Value> = http.get(server.url("/api/v1/reference/code-lists/reception_channel")).send().await.unwrap().json().await.unwrap();
        assert!(channels.iter().any(|c| c["code"] == "border_gate_handover" && c["label_en"] == "Handover at a border gate"));
        let missing = http.get(server.url("/api/v1/reference/code-lists/no_such_list")).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let groups: Vec<Value> = http.get(server.url("/api/v1/reference/ethnic-groups")).send().await.unwrap().json().await.unwrap();
        assert_eq!(groups.len(), 54);
        let agencies: Vec<Value> = http.get(server.url("/api/v1/agencies")).send().await.unwrap().json().await.unwrap();
        assert_eq!(agencies.len(), 1);
        server.stop().await;
    }

    async fn a_connection_that_never_finishes_its_headers_is_closed(store) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let settings = haven_server::ServerSettings { header_read_timeout: std::time::Duration::from_secs(1), ..common::settings() };
        let server = TestServer::start(store, settings).await;
        let address = server.base.trim_start_matches("http://").to_owned();
        let mut stalled = tokio::net::TcpStream::connect(&address).await.unwrap();
        stalled.write_all(b"GET /login HTTP/1.1\r\nHost: haven\r\nX-Slow: ").await.unwrap();
        let mut answer = Vec::new();
        let read = tokio::time::timeout(std::time::Duration::from_secs(10), stalled.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "the server closed the connection within its header timeout");
        // The server still answers others, and stops although a client stalls.
        let _stalled_again = {
            let mut s = tokio::net::TcpStream::connect(&address).await.unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
            s
        };
        assert_eq!(client().get(server.url("/login")).send().await.unwrap().status(), StatusCode::OK);
        tokio::time::timeout(std::time::Duration::from_secs(15), server.stop()).await.expect("the server stops");
    }

    async fn responses_carry_security_headers_and_unknown_api_paths_are_json_404(store) {
        let server = TestServer::start(store, common::settings()).await;
        let page = client().get(server.url("/no/such/page")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::NOT_FOUND);
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "a browser's address gets a page");
        let response = client().get(server.url("/api/v1/no/such/thing")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let headers = response.headers();
        assert!(headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
        let bad_json = client().post(server.url("/api/v1/session")).header("content-type", "application/json").body("{not json").send().await.unwrap();
        assert_eq!(bad_json.status(), StatusCode::BAD_REQUEST);
        let bad_json: Value = bad_json.json().await.unwrap();
        assert_eq!(bad_json["code"], "bad_json");
        assert!(bad_json["message_vi"].as_str().unwrap().contains("JSON"));
        let missing_field = client()
            .post(server.url("/api/v1/session"))
            .json(&json!({"username": "lan"}))
            .send()
            .await
            .unwrap();
        assert_eq!(missing_field.status(), StatusCode::BAD_REQUEST);
        let missing_field: Value = missing_field.json().await.unwrap();
        assert!(missing_field["message_en"].as_str().unwrap().contains("password"));
        let not_json = client().post(server.url("/api/v1/session")).body("username=lan").send().await.unwrap();
        assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_describes_every_api_route_and_nothing_else() {
    haven_testkit::with_store(haven_testkit::Backend::Sqlite, |store| async move {
        seed_user(&store, "lan").await;
        let server = TestServer::start(store, common::settings()).await;
        let http = client();
        login(&http, &server, "lan", PASSWORD).await;
        let response = http
            .get(server.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let doc: Value = response.json().await.unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let mut documented = Vec::new();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for method in operations.as_object().unwrap().keys() {
                documented.push((method.to_uppercase(), path.clone()));
            }
        }
        documented.sort();
        let mut served: Vec<(String, String)> = PROTECTED
            .iter()
            .chain(PUBLIC_API)
            .filter(|(_, path)| *path != "/api/v1/openapi.json")
            .map(|(method, path)| {
                let template = path
                    .replace("/tokens/1", "/tokens/{id}")
                    .replace("HNI-2025-000001", "{number}")
                    .replace("/code-lists/reception_channel", "/code-lists/{list}")
                    .replace("/attachments/1", "/attachments/{attachment_no}")
                    .replace("/persons/1", "/persons/{id}")
                    .replace("/person-links/1", "/person-links/{id}")
                    .replace("/notifications/1", "/notifications/{id}")
                    .replace("/users/1", "/users/{id}")
                    .replace("/webhooks/1/", "/webhooks/{id}/")
                    .replace("/plans/1/targets/1", "/plans/{id}/targets/{target_id}")
                    .replace("/plans/1/tasks/1", "/plans/{id}/tasks/{task_id}")
                    .replace("/budget/lines/1", "/budget/lines/{line_id}")
                    .replace("/budget/entries/1", "/budget/entries/{entry_id}")
                    .replace("/documents/1", "/documents/{document_id}")
                    .replace("/plans/1", "/plans/{id}")
                    .replace("/activities/1", "/activities/{id}")
                    .replace("/companies/1", "/companies/{id}")
                    .replace("/working-groups/1", "/working-groups/{id}")
                    .replace("/agency-reports/own/draft", "/agency-reports/own/{action}")
                    .replace("/agency-reports/1/approve", "/agency-reports/{id}/{action}")
                    .replace("/agency-reports/1", "/agency-reports/{id}")
                    .replace("/actions/1", "/actions/{id}")
                    .replace("/submission/draft", "/submission/{action}")
                    .replace("LH-2026-000001", "{number}")
                    .replace("/directory/1", "/directory/{id}")
                    .replace("/dispatches/1/", "/dispatches/{dispatch_id}/");
                (method.to_string(), template)
            })
            .collect();
        served.sort();
        assert_eq!(
            documented, served,
            "the document and the routes must list the same operations"
        );
        for schema in ["Command", "Person", "CaseView", "ErrorBody", "Reception"] {
            assert!(
                doc["components"]["schemas"].get(schema).is_some(),
                "schema {schema}"
            );
        }
        server.stop().await;
    })
    .await;
}

haven_testkit::backend_database_tests! {
    async fn readiness_is_red_until_migrations_are_applied(target) {
        let store = haven_store::Store::open(&target).await.unwrap();
        let server = TestServer::start(store.clone(), common::settings()).await;
        let http = client();
        let before = http.get(server.url("/readyz")).send().await.unwrap();
        assert_eq!(before.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(http.get(server.url("/healthz")).send().await.unwrap().status(), StatusCode::OK);
        store.migrate().await.unwrap();
        let after = http.get(server.url("/readyz")).send().await.unwrap();
        assert_eq!(after.status(), StatusCode::OK);
        server.stop().await;
    }
}
