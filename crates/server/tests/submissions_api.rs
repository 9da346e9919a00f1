//! Report submission over HTTP on the demo data, on both databases: Hà
//! Nội's statistician drafts her province's report, is told what is missing,
//! submits; the ministry sees it among the 34 provinces, returns it with a
//! comment; she resubmits; a new case changes the live figures and Haven
//! says so; the ministry approves; nothing more can be done to it. Steps on
//! an old version are refused; case workers and other units are refused.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{demo_login as login, get_json as get, TestServer};
use haven_domain::role::Role;
use haven_server::ServerSettings;
use haven_store::demo::NATIONAL_AGENCY;
use haven_testkit::fixtures::{add_user, day, person, reception};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PERIOD: &str = "2025-2026";

async fn step(
    http: &reqwest::Client,
    server: &TestServer,
    action: &str,
    area: &str,
    body: Value,
) -> (StatusCode, Value) {
    let r = http
        .post(server.url(&format!(
            "/api/v1/statistics/submission/{action}?area={area}&period={PERIOD}"
        )))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn fields(error: &Value) -> Vec<String> {
    error["violations"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|v| v["field"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

haven_testkit::backend_tests! {
    async fn a_report_is_drafted_submitted_returned_resubmitted_and_approved(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { national_agencies: vec![NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let hanoi = login(&server, "statistician").await;
        let ministry = login(&server, "ministry").await;
        let view = format!("/api/v1/statistics/submission?area=01&period={PERIOD}");

        // Nothing drafted yet; the due day comes from the calendar (15 December of the last year).
        let (status, report) = get(&hanoi, &server, &view).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["status"], Value::Null);
        assert_eq!(report["due_on"], "2026-12-15");
        assert_eq!(report["actions"], json!(["draft", "submit"]));
        assert_eq!(report["area_name"], "Thành phố Hà Nội");

        // The ministry reads the province's report but does not draft it.
        let (status, _) = step(&ministry, &server, "draft", "01", json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, seen) = get(&ministry, &server, &view).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(seen["actions"], json!([]), "nothing to review yet");

        // Drafted: figures computed now, kept with the draft.
        // The four parts nested, as the agencies' reports take them, are read the same.
        let (status, draft) = step(&hanoi, &server, "draft", "01", json!({"narrative": {"difficulties": "Thiếu cán bộ chuyên trách"}})).await;
        assert_eq!(status, StatusCode::OK, "{draft}");
        assert_eq!(draft["status"], "draft");
        assert_eq!(draft["record"]["version"], 1);
        let received = |report: &Value| report["figures"]["indicators"].as_array().unwrap().iter()
            .find(|i| i["code"] == "received").unwrap()["by_place"]["total"].as_i64();
        let drafted = received(&draft).expect("a province's total of receptions is shown");
        assert!(drafted >= 5, "Hà Nội's demo receptions: {drafted}");
        // The draft's words go into the unit's own report files, not yet into the ministry's.
        let statistics = format!("/api/v1/statistics/report?area=01&period={PERIOD}");
        let (_, own_file) = get(&hanoi, &server, &statistics).await;
        assert_eq!(own_file["narrative"]["difficulties"], "Thiếu cán bộ chuyên trách", "{}", own_file["narrative"]);
        let (_, theirs) = get(&ministry, &server, &statistics).await;
        assert_eq!(theirs["narrative"], Value::Null, "a draft stays the unit's own");
        let (_, seen) = get(&ministry, &server, &view).await;
        assert_eq!(seen["record"]["difficulties"], "", "nor does the level above read it on the submission: {}", seen["record"]);
        let (_, own) = get(&hanoi, &server, &view).await;
        assert_eq!(own["record"]["difficulties"], "Thiếu cán bộ chuyên trách");

        // Submitting asks for the narrative the seeds require.
        let (status, refused) = step(&hanoi, &server, "submit", "01", json!({"version": 1, "results": "Tiếp nhận, xác minh đủ", "difficulties": "Thiếu cán bộ chuyên trách", "proposals": " "})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(fields(&refused), ["limitations", "proposals"], "all four parts the seeds ask for");
        assert!(refused["violations"][0]["message_vi"].as_str().unwrap().contains("Cần ghi"));
        let narrative = json!({"version": 1, "results": "Tiếp nhận, xác minh đủ", "limitations": "Chậm hỗ trợ ở cấp xã", "difficulties": "Thiếu cán bộ chuyên trách", "proposals": "Bổ sung kinh phí hỗ trợ"});
        let (status, submitted) = step(&hanoi, &server, "submit", "01", narrative).await;
        assert_eq!(status, StatusCode::OK, "{submitted}");
        assert_eq!(submitted["status"], "submitted");
        assert_eq!(submitted["live_changed"], false);
        let first_submitted_at = submitted["record"]["first_submitted_at"].clone();
        assert!(first_submitted_at.is_string());
        let (status, again) = step(&hanoi, &server, "draft", "01", json!({"version": 2})).await;
        assert_eq!((status, fields(&again)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["status".to_owned()]), "a submitted report is not redrafted");

        let (_, sent) = get(&ministry, &server, &view).await;
        assert_eq!(sent["record"]["limitations"], "Chậm hỗ trợ ở cấp xã", "sent up, the level above reads it");
        // A period that has not begun is not reported on.
        let next_year = chrono::Datelike::year(&chrono::Utc::now()) + 2;
        let r = hanoi.post(server.url(&format!("/api/v1/statistics/submission/draft?area=01&period={next_year}"))).json(&json!({})).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.unwrap();
        assert_eq!(fields(&body), ["period"]);

        // The ministry sees it among the provinces, with completeness.
        let (status, overview) = get(&ministry, &server, &format!("/api/v1/statistics/submissions?period={PERIOD}")).await;
        assert_eq!(status, StatusCode::OK, "{overview}");
        assert_eq!(overview["own_area"], "VN");
        assert_eq!(overview["units"].as_array().unwrap().len(), 34);
        let hanoi_row = overview["units"].as_array().unwrap().iter().find(|u| u["area"] == "01").unwrap();
        assert_eq!(hanoi_row["status"], "submitted");
        assert_eq!(hanoi_row["due_on"], "2026-12-15");
        assert_eq!(overview["completeness"]["expected"], 34);
        assert_eq!(overview["completeness"]["submitted"], 1);
        assert_eq!(overview["completeness"]["approved"], 0);

        // Returned, with the reason required.
        let (status, refused) = step(&ministry, &server, "return", "01", json!({"version": 2})).await;
        assert_eq!((status, fields(&refused)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["comment".to_owned()]));
        let (status, refused) = step(&hanoi, &server, "approve", "01", json!({"version": 2})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a unit does not approve its own report: {refused}");
        let (status, returned) = step(&ministry, &server, "return", "01", json!({"version": 2, "comment": "Đề nghị bổ sung số liệu hỗ trợ"})).await;
        assert_eq!(status, StatusCode::OK, "{returned}");
        assert_eq!(returned["status"], "returned");
        assert_eq!(returned["record"]["review_comment"], "Đề nghị bổ sung số liệu hỗ trợ");
        let (status, _) = step(&ministry, &server, "approve", "01", json!({"version": 3})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "only a submitted report is approved");

        // Resubmitted; a step on an old version is refused and changes nothing.
        let (status, stale) = step(&hanoi, &server, "submit", "01", json!({"version": 2, "results": "r", "limitations": "l", "difficulties": "x", "proposals": "y"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{stale}");
        assert_eq!(stale["current_version"], 3);
        let (status, resubmitted) = step(&hanoi, &server, "submit", "01", json!({"version": 3, "results": "Tiếp nhận, xác minh đủ", "limitations": "Chậm hỗ trợ ở cấp xã", "difficulties": "Thiếu cán bộ chuyên trách", "proposals": "Bổ sung kinh phí; tập huấn cán bộ xã"})).await;
        assert_eq!(status, StatusCode::OK, "{resubmitted}");
        assert_eq!(resubmitted["status"], "submitted");
        assert_eq!(resubmitted["record"]["first_submitted_at"], first_submitted_at, "timeliness counts the first submission");
        let frozen = received(&resubmitted).unwrap();

        // A case received since: the frozen figures stay, Haven says the live ones changed.
        let worker = add_user(&store, "new.worker", "HNI-SYT", Role::SocialWorker).await;
        store.open_case(worker, &person("Giả Lập Thị Mới", 1998), &reception("self_report", day(2026, 6, 1)), day(2026, 6, 1)).await.unwrap();
        let (_, seen) = get(&ministry, &server, &view).await;
        assert_eq!(received(&seen), Some(frozen), "the snapshot does not move");
        assert_eq!(seen["live_changed"], true);
        assert!(seen["changed_indicators"].as_array().unwrap().contains(&json!("received")), "{}", seen["changed_indicators"]);
        assert_eq!(seen["actions"], json!(["approve", "return"]));

        let (status, approved) = step(&ministry, &server, "approve", "01", json!({"version": 4, "comment": ""})).await;
        assert_eq!(status, StatusCode::OK, "{approved}");
        assert_eq!(approved["status"], "approved");
        assert_eq!(approved["actions"], json!([]));
        for action in ["draft", "submit"] {
            let (status, _) = step(&hanoi, &server, action, "01", json!({"version": 5, "results": "r", "limitations": "l", "difficulties": "x", "proposals": "y"})).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action} after approval");
        }
        let trail: Vec<&str> = approved["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(trail, ["draft", "submit", "return", "submit", "approve"]);
        assert_eq!(approved["events"][2]["username"], "ministry");
        let (_, overview) = get(&ministry, &server, &format!("/api/v1/statistics/submissions?period={PERIOD}")).await;
        assert_eq!(overview["completeness"]["approved"], 1);

        // The report's files carry the narrative, read back from each format.
        let file = |format: &str| ministry.get(server.url(&format!("/api/v1/statistics/report.{format}?area=01&period={PERIOD}"))).send();
        let xlsx = file("xlsx").await.unwrap().bytes().await.unwrap();
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
        let sheet = book.worksheet_range("Đánh giá").expect("a sheet of the narrative");
        let rows: Vec<(String, String)> = sheet.rows().filter(|r| r.len() >= 2).map(|r| (r[0].to_string(), r[1].to_string())).collect();
        assert!(rows.contains(&("Hạn chế và nguyên nhân".to_owned(), "Chậm hỗ trợ ở cấp xã".to_owned())), "{rows:?}");
        assert!(rows.contains(&("Đề xuất, kiến nghị".to_owned(), "Bổ sung kinh phí; tập huấn cán bộ xã".to_owned())), "{rows:?}");
        let pdf = file("pdf").await.unwrap().bytes().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let output = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils) reads the PDF");
        let text = String::from_utf8_lossy(&output.stdout);
        for words in ["Đánh giá chung", "1. Kết quả đạt được", "Tiếp nhận, xác minh đủ", "2. Hạn chế và nguyên nhân", "Chậm hỗ trợ ở cấp xã"] {
            assert!(text.contains(words), "the PDF lacks «{words}»");
        }
        let csv = file("csv").await.unwrap().text().await.unwrap();
        assert!(csv.lines().any(|l| l.contains(",narrative,") && l.contains("limitations") && l.contains("Chậm hỗ trợ ở cấp xã")), "{csv}");

        // Others: case work gives no reports; a province is not the ministry.
        let worker = login(&server, "police").await;
        assert_eq!(get(&worker, &server, &view).await.0, StatusCode::FORBIDDEN);
        assert_eq!(get(&worker, &server, "/api/v1/statistics/submissions").await.0, StatusCode::FORBIDDEN);
        assert_eq!(get(&hanoi, &server, &format!("/api/v1/statistics/submission?area=15&period={PERIOD}")).await.0, StatusCode::FORBIDDEN);
        let (status, _) = step(&hanoi, &server, "approve", "15", json!({"version": 0})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, bad) = get(&hanoi, &server, "/api/v1/statistics/submission?area=01&period=2026-Q5").await;
        assert_eq!((status, fields(&bad)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["period".to_owned()]));

        // Every step is in the access log.
        let log = store.access_log(&haven_store::access::AccessQuery { limit: 500, ..Default::default() }).await.unwrap();
        for action in ["draft_report", "submit_report", "return_report", "approve_report"] {
            assert!(log.iter().any(|e| e.action == action && e.outcome == "allow"), "{action} logged");
        }
        assert!(log.iter().any(|e| e.action == "approve_report" && e.outcome == "deny"));
        server.stop().await;
    }
}
