//! Bad input on the pages gets a page that names the field and keeps what
//! was typed, never the API's raw JSON nor a dead end, on both databases:
//! a malformed address, an impossible day in a filter, a stale person
//! correction, a reception with several faults; and the API names the
//! field a rule is about.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{demo_login, reception, woman, Agent, TestServer};
use haven_server::ServerSettings;
use haven_testkit::fixtures::seed_org;
use reqwest::StatusCode;
use serde_json::json;

async fn page(
    http: &reqwest::Client,
    server: &TestServer,
    path: &str,
) -> (StatusCode, String, String) {
    let r = http.get(server.url(path)).send().await.unwrap();
    let status = r.status();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, r.text().await.unwrap())
}

/// The value of a form's hidden field, as the browser would send it.
fn hidden_in(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of the form's hidden `version` field.
fn version_in(html: &str) -> String {
    html.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned()
}

haven_testkit::backend_tests! {
    async fn a_malformed_address_answers_a_page_naming_the_parameter(store) {
        seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let n = commune.open(woman("Giả Lập Thị Địa Chỉ", json!({"kind": "year", "year": 1993}), "VN"), reception("self_report", "2025-08-01")).await;
        for (path, named) in [
            (format!("/cases/{n}?pick=abc"), "«pick»"),
            ("/tasks?page=-1".to_owned(), "«page»"),
            (format!("/cases/{n}/handovers/abc/print"), ""),
        ] {
            let (status, kind, body) = page(&commune.http, &server, &path).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
            assert!(kind.starts_with("text/html"), "{path} answers a page, not {kind}");
            assert!(body.contains("role=\"alert\"") && body.contains(named), "{path}: {body}");
        }
        // An address no page has: a page too, not JSON; the API keeps JSON.
        let (status, kind, body) = page(&commune.http, &server, "/no-such-page").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(kind.starts_with("text/html") && body.contains("Không có trang ở địa chỉ này"), "{body}");
        let (status, kind, _) = page(&commune.http, &server, "/api/v1/no-such-thing").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(kind.starts_with("application/json"), "{kind}");
        // A form longer than any page's is refused for its size, not as a forgery.
        let long = "a".repeat(100_000);
        let (status, _) = commune.post_form("/cases", &[("q", long)]).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        server.stop().await;
    }

    async fn filters_typed_in_the_address_bar_keep_the_form_and_name_the_field(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let auditor = demo_login(&server, "auditor").await;
        let (status, _, body) = page(&auditor, &server, "/audit?from=2026-13-45").await;
        assert_eq!(status, StatusCode::OK, "the page, with the error on it");
        assert!(body.contains("«Từ ngày» không phải là một ngày có thật"), "{body}");
        assert!(body.contains("id=\"from\"") && body.contains("value=\"2026-13-45\""), "the form keeps what was typed");
        assert!(!body.contains("id=\"access-log\""), "no entries read for a filter that is not one");
        // A case number typed in small letters finds the case's entries.
        let worker = demo_login(&server, "social.worker").await;
        assert_eq!(page(&worker, &server, "/cases/HNI-2025-000001").await.0, StatusCode::OK);
        let small = page(&auditor, &server, "/audit?case_number=hni-2025-000001").await.2;
        assert!(small.contains("id=\"access-log\""), "{small}");
        let (_, _, body) = page(&auditor, &server, "/audit?from=2026-03-10&to=2026-03-01").await;
        assert!(body.contains("«Đến ngày» phải từ «Từ ngày» trở đi"), "{body}");
        // A username in other letters finds the same person's entries.
        let exact = page(&auditor, &server, "/audit?username=social.worker").await.2;
        let shouted = page(&auditor, &server, "/audit?username=SOCIAL.Worker").await.2;
        let rows = |html: &str| html.matches("<tr").count();
        assert!(rows(&exact) > 1, "the demo worker has entries");
        assert_eq!(rows(&exact), rows(&shouted));

        let statistician = demo_login(&server, "statistician").await;
        let (status, _, body) = page(&statistician, &server, "/reports?period_kind=month&period_year=1&period_part=M01").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("form class=\"filters\""), "the form stays: {body}");
        assert!(body.contains("role=\"alert\""), "{body}");
        // A whole month is named as the month.
        let (_, _, body) = page(&statistician, &server, "/reports?period_kind=month&period_year=2025&period_part=M02").await;
        assert!(body.contains("Tháng 2 năm 2025"), "{body}");
        server.stop().await;
    }

    async fn a_correction_on_a_stale_version_keeps_both_users_changes(store) {
        seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let n = commune.open(woman("Giả Lập Thị Hai Người Sửa", json!({"kind": "year", "year": 1996}), "VN"), reception("self_report", "2025-08-01")).await;
        let (_, _, form) = page(&commune.http, &server, &format!("/cases/{n}/person")).await;
        let seen_version = version_in(&form);
        let seen = hidden_in(&form, "seen");
        // A colleague adds her phone number meanwhile.
        let mut theirs = woman("Giả Lập Thị Hai Người Sửa", json!({"kind": "year", "year": 1996}), "VN");
        theirs["contact"] = json!("0900000111");
        let (status, _) = commune.send("PUT", &format!("/api/v1/cases/{n}/person"), Some(json!({"version": seen_version.parse::<i64>().unwrap(), "person": theirs}))).await;
        assert_eq!(status, StatusCode::OK);
        // This user, on the form as it was, changes only her other names.
        let typed = |version: String, seen: String, contact: &str| -> Vec<(&'static str, String)> {
            let shown: Vec<(String, String)> = serde_json::from_str(&hidden_in(&form, "seen")).unwrap();
            let mut fields: Vec<(&'static str, String)> = shown
                .into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "version" | "other_names" | "contact"))
                .map(|(k, v)| (&*Box::leak(k.into_boxed_str()), v))
                .collect();
            fields.extend([("version", version), ("seen", seen), ("other_names", "Bé Hai".to_owned()), ("contact", contact.to_owned())]);
            fields
        };
        let (status, body) = commune.post_form(&format!("/cases/{n}/person"), &typed(seen_version.clone(), seen, "0900000001")).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_ne!(version_in(&body), seen_version, "the form now carries the version on record");
        let notice = body.split("id=\"form-notice\"").nth(1).and_then(|rest| rest.split("</p>").next()).unwrap();
        assert!(notice.contains("«Số điện thoại liên lạc»"), "the colleague's change is named: {notice}");
        assert!(!notice.contains("permanent"), "no field code: {notice}");
        assert!(body.contains("value=\"0900000111\""), "the colleague's number is in the form: {notice} {}", body.split("name=\"contact\"").nth(1).unwrap_or("").chars().take(200).collect::<String>());
        assert!(body.contains("value=\"Bé Hai\""), "what this user changed is kept");
        // Saved again as the form now stands: both changes are on record.
        let (status, _) = commune.post_form(&format!("/cases/{n}/person"), &typed(version_in(&body), hidden_in(&body, "seen"), "0900000111")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let person_id = store.case_by_number(&n).await.unwrap().unwrap().person_id;
        let person = store.person(person_id).await.unwrap().unwrap();
        assert_eq!((person.contact.as_deref(), person.other_names.clone()), (Some("0900000111"), vec!["Bé Hai".to_owned()]));
        server.stop().await;
    }

    async fn a_reception_names_every_fault_at_once_before_the_duplicate_check(store) {
        seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let (status, body) = commune.post_form("/cases/new", &[
            ("step", "check".to_owned()),
            ("full_name", "Giả Lập Thị Nhiều Lỗi".to_owned()),
            ("sex", "female".to_owned()),
            ("birth_year", "1995".to_owned()),
            ("nationality", "VN".to_owned()),
            ("channel", "self_report".to_owned()),
            ("received_on", "2099-01-01".to_owned()),
            ("place_province", String::new()),
        ]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("«Tỉnh, thành phố nơi tiếp nhận»"), "the place is named: {body}");
        assert!(body.contains("Ngày tiếp nhận không thể ở tương lai"), "and, at once, the day: {body}");
        assert_eq!(store.count_cases().await.unwrap(), 0);
        // With the place given, the day in the future is named at the check, not after it.
        let (status, body) = commune.post_form("/cases/new", &[
            ("step", "check".to_owned()),
            ("full_name", "Giả Lập Thị Nhiều Lỗi".to_owned()),
            ("sex", "female".to_owned()),
            ("birth_year", "1995".to_owned()),
            ("nationality", "VN".to_owned()),
            ("channel", "self_report".to_owned()),
            ("received_on", "2099-01-01".to_owned()),
            ("place_province", "2025/01".to_owned()),
            ("place_commune", "2025/01/00004".to_owned()),
        ]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Ngày tiếp nhận không thể ở tương lai"), "{body}");
        assert!(!body.contains("id=\"candidates\""), "no duplicate check on a form that cannot be opened");
        server.stop().await;
    }

    async fn a_form_sent_after_the_session_ended_goes_back_to_its_owner_only(store) {
        seed_org(&store).await;
        let session = haven_store::SessionPolicy { idle_timeout: chrono::Duration::seconds(2), absolute_timeout: chrono::Duration::hours(1) };
        let server = TestServer::start(store.clone(), ServerSettings { session, ..common::settings() }).await;
        let commune = Agent::login(&server, "commune").await;
        let n = commune.open(woman("Giả Lập Thị Phiên Hết", json!({"kind": "year", "year": 1990}), "VN"), reception("self_report", "2025-08-01")).await;
        let version = commune.get(&format!("/api/v1/cases/{n}")).await.1["version"].as_i64().unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        let (status, login) = commune.post_form(&format!("/cases/{n}/actions/add_note"), &[("version", version.to_string()), ("text", "Ghi chú của cán bộ xã".to_owned())]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let hidden = |name: &str| login.split(&format!("name=\"{name}\" value=\"")).nth(1).and_then(|rest| rest.split('"').next()).unwrap().to_owned();
        assert_eq!(hidden("resume_user"), "commune", "{login}");
        let carried = [("resume_path", hidden("resume_path")), ("resume_form", hidden("resume_form").replace("&amp;", "&")), ("resume_user", hidden("resume_user"))];
        // Someone else logging in at the same browser does not get the form.
        let other = common::client();
        let mut form: Vec<(&str, String)> = vec![("username", "police".into()), ("password", common::PASSWORD.into())];
        form.extend(carried.iter().cloned());
        let answer = other.post(server.url("/login")).form(&form).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "straight to the dashboard");
        assert!(!answer.text().await.unwrap().contains("Ghi chú của cán bộ xã"));
        // Its owner does.
        let owner = common::client();
        let mut form: Vec<(&str, String)> = vec![("username", "commune".into()), ("password", common::PASSWORD.into())];
        form.extend(carried.iter().cloned());
        let answer = owner.post(server.url("/login")).form(&form).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        assert!(answer.text().await.unwrap().contains("Ghi chú của cán bộ xã"));
        server.stop().await;
    }

    async fn the_api_names_the_field_a_rule_is_about(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let police = Agent::login(&server, "police").await;
        let n = commune.open(woman("Giả Lập Thị Trường", json!({"kind": "year", "year": 1992}), "VN"), reception("self_report", "2025-08-01")).await;
        let path = format!("/api/v1/cases/{n}/commands");
        let version = commune.get(&format!("/api/v1/cases/{n}")).await.1["version"].as_i64().unwrap();
        // A missing field inside the command is named in full.
        let (status, error) = commune.post(&path, json!({"version": version, "command": {"command": "send_referral", "to_agency_id": org.police.agency_id, "sent_on": "2025-08-02"}})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(error["field"], "command.reason", "{error}");
        // A day after today is refused on its own field.
        let (status, error) = commune.post(&path, json!({"version": version, "command": {"command": "send_referral", "to_agency_id": org.police.agency_id, "reason": "hỗ trợ", "sent_on": "2999-01-01"}})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(error["field"], "sent_on", "{error}");
        // A referral for a service: no lead transfer and no fields to say.
        let (status, answer) = commune.post(&path, json!({"version": version, "command": {"command": "send_referral", "to_agency_id": org.police.agency_id, "reason": "hỗ trợ", "sent_on": "2025-08-02"}})).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        // The police, still deciding, may not print the summary of the journey.
        let (status, kind, _) = page(&police.http, &server, &format!("/cases/{n}/print")).await;
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN, "{status}");
        assert!(kind.starts_with("text/html"));
        police.step(&n, json!({"command": "accept_referral", "referral_no": 1, "answered_on": "2025-08-03"})).await;
        let (status, _, _) = page(&police.http, &server, &format!("/cases/{n}/print")).await;
        assert_eq!(status, StatusCode::OK, "once accepted, it may");
        server.stop().await;
    }
}
