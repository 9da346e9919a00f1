//! The case list exported as CSV and Excel, on both databases: the rows the
//! viewer may see, a name only where the policy shows it, words not codes,
//! and every export in the access log (with each case whose name it carried).
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{reception, woman, Agent, TestServer};
use haven_store::access::AccessQuery;
use haven_testkit::fixtures::seed_org;
use reqwest::StatusCode;
use serde_json::json;

async fn export(agent: &Agent, server: &TestServer, format: &str) -> reqwest::Response {
    agent
        .http
        .post(server.url(&format!("/cases/export.{format}")))
        .form(&[("csrf", agent.csrf.as_str()), ("phase", ""), ("q", "")])
        .send()
        .await
        .unwrap()
}

haven_testkit::backend_tests! {
    async fn the_case_list_is_exported_as_the_viewer_sees_it_and_logged(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let police = Agent::login(&server, "police").await;
        let n = commune.open(woman("Giả Lập Thị Xuất", json!({"kind": "year", "year": 1993}), "VN"), reception("self_report", "2025-08-01")).await;
        // A name typed to look like a formula stays text in a spreadsheet.
        let formula = commune.open(woman("=1+2 Giả Lập", json!({"kind": "year", "year": 1993}), "VN"), reception("self_report", "2025-08-01")).await;
        // Referred to the police without her consent: they list the case, not her name.
        commune.step(&n, json!({"command": "send_referral", "to_agency_id": org.police.agency_id, "to_facility_id": null, "reason": "xác minh", "shared_fields": ["full_name"], "transfer_lead": false, "sent_on": "2025-08-02"})).await;

        let csv = export(&commune, &server, "csv").await;
        assert_eq!(csv.status(), StatusCode::OK);
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(csv.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"ho-so-"));
        let bytes = csv.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark, for spreadsheets");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Số hồ sơ,Họ và tên,Ngày tiếp nhận,Hình thức tiếp nhận,Giai đoạn,Xác định nạn nhân,Quan hệ với hồ sơ,Số việc quá hạn", "{text}");
        assert!(lines.iter().any(|l| l.starts_with(&format!("{n},Giả Lập Thị Xuất,01/08/2025,"))), "{text}");
        assert!(!text.contains("self_report"), "words, not codes: {text}");
        assert!(text.contains(&format!("{formula},'=1+2 Giả Lập,")), "an apostrophe keeps it inert: {text}");

        let xlsx = export(&police, &server, "xlsx").await;
        assert_eq!(xlsx.status(), StatusCode::OK);
        let bytes = xlsx.bytes().await.unwrap().to_vec();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        use calamine::Reader;
        let sheet = book.worksheet_range("Hồ sơ").unwrap();
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).map(|d| d.to_string()).unwrap_or_default();
        assert_eq!((cell(1, 0), cell(1, 1)), (n.clone(), "(ẩn)".to_owned()), "the police see the case, not her name");
        assert_eq!(sheet.height(), 2, "only the case referred to them");
        // The day of reception is a day and the overdue count a number, not text.
        assert!(matches!(sheet.get_value((1, 2)), Some(calamine::Data::DateTime(_))), "{:?}", sheet.get_value((1, 2)));
        assert!(matches!(sheet.get_value((1, 7)), Some(calamine::Data::Float(_) | calamine::Data::Int(_))), "{:?}", sheet.get_value((1, 7)));

        // Without the form's token, nothing is exported.
        let forged = commune.http.post(server.url("/cases/export.csv")).form(&[("phase", "")]).send().await.unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);

        let log = store.access_log(&AccessQuery { limit: 100, ..Default::default() }).await.unwrap();
        let exports: Vec<(i64, Option<String>, Option<String>)> = log.iter().filter(|e| e.action == "export_cases").map(|e| (e.user_id, e.case_number.clone(), e.detail.clone())).collect();
        let commune_id = org.commune.user_id;
        let police_id = org.police.user_id;
        assert!(exports.contains(&(commune_id, None, Some("csv".into()))), "{exports:?}");
        assert!(exports.contains(&(commune_id, Some(n.clone()), Some("csv".into()))), "the case whose name left in the file: {exports:?}");
        assert!(exports.contains(&(police_id, None, Some("xlsx".into()))), "{exports:?}");
        assert!(!exports.iter().any(|(user, case, _)| *user == police_id && case.is_some()), "no name left with the police's file: {exports:?}");
        server.stop().await;
    }
}
