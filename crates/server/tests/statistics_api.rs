//! Statistics over HTTP on the demo data, on both databases: a province's
//! statistician reads her province with small figures hidden, not the
//! country; the ministry reads the country with its totals; a wrong period
//! is named; case workers read no statistics; no name appears anywhere.
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
use haven_server::ServerSettings;
use haven_store::demo::NATIONAL_AGENCY;
use reqwest::StatusCode;
use serde_json::json;

haven_testkit::backend_tests! {
    async fn statistics_are_aggregates_for_the_area_the_reader_answers_for(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { national_agencies: vec![NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let names: Vec<String> = {
            let mut names = Vec::new();
            for id in 1..=store.count_cases().await.unwrap() as i64 {
                if let Some(case) = store.case_by_id(id).await.unwrap() {
                    if let Some(p) = store.person(case.person_id).await.unwrap() { names.push(p.full_name); }
                }
            }
            names
        };
        assert!(!names.is_empty());

        let statistician = login(&server, "statistician").await;
        let (status, report) = get(&statistician, &server, "/api/v1/statistics/report?period=2025-2026").await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["area"], json!({"level": "province", "code": "01"}));
        assert_eq!(report["suppression_threshold"], 5);
        let received = report["indicators"].as_array().unwrap().iter().find(|i| i["code"] == "received").unwrap();
        assert!(received["definition_vi"].as_str().unwrap().contains("tiếp nhận"));
        let text = report.to_string();
        for name in &names {
            assert!(!text.contains(name.as_str()), "no name in statistics");
        }
        // Small figures are hidden in a province's tables.
        let hidden = received["breakdowns"].as_array().unwrap().iter()
            .flat_map(|t| t["cells"][0].as_array().unwrap().clone())
            .filter(|c| c.is_null()).count();
        let shown_small = received["breakdowns"].as_array().unwrap().iter()
            .flat_map(|t| t["cells"][0].as_array().unwrap().clone())
            .filter(|c| c.as_i64().is_some_and(|v| (1..5).contains(&v))).count();
        assert_eq!(shown_small, 0, "no figure between 1 and 4 is published below national level");
        assert!(hidden > 0, "the demo's small counts are hidden");
        assert_eq!(get(&statistician, &server, "/api/v1/statistics/report?area=VN").await.0, StatusCode::FORBIDDEN);
        assert_eq!(get(&statistician, &server, "/api/v1/statistics/report?area=15").await.0, StatusCode::FORBIDDEN);
        let (status, error) = get(&statistician, &server, "/api/v1/statistics/report?period=2026-Q5").await;
        assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("period")));

        let ministry = login(&server, "ministry").await;
        let (status, national) = get(&ministry, &server, "/api/v1/statistics/report?period=2025-2026&area=VN").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(national["area"], json!({"level": "national"}));
        assert!(national["suppression_threshold"].is_null());
        let received = national["indicators"].as_array().unwrap().iter().find(|i| i["code"] == "received").unwrap();
        let total = received["by_place"]["total"].as_i64().expect("the national total is published");
        assert_eq!(total, store.count_cases().await.unwrap() as i64, "every demo case was received in 2025–2026");
        assert_eq!(received["by_place"]["rows"].as_array().unwrap().len(), 34, "every province is listed");
        assert_eq!(get(&ministry, &server, "/api/v1/statistics/report?period=2025&area=15").await.0, StatusCode::OK);
        assert_eq!(get(&ministry, &server, "/api/v1/statistics/report?period=2025&area=01/00070").await.0, StatusCode::OK);
        // A code that names no area is refused, not answered with an official-looking report of zeros.
        for unknown in ["99", "ABC", "01/99999", "legacy/01", "001"] {
            let (status, error) = get(&ministry, &server, &format!("/api/v1/statistics/report?period=2025&area={unknown}")).await;
            assert_eq!((status, error["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("area")), "{unknown}: {error}");
        }
        // Today's province 15 is Lào Cai (Yên Bái's legacy code is also 15: the names once crossed).
        let csv = ministry.get(server.url("/api/v1/statistics/report.csv?period=2025-2026&area=VN")).send().await.unwrap().text().await.unwrap();
        assert!(csv.contains("Lào Cai") && !csv.contains("Yên Bái"), "{}", csv.lines().filter(|l| l.contains("by_place")).take(40).collect::<Vec<_>>().join("\n"));
        let (_, catalogue) = get(&ministry, &server, "/api/v1/statistics/catalogue").await;
        assert_eq!(catalogue["suppression_threshold"], 5);

        // The files: XLSX in the official layout, CSV; both for the province only.
        let xlsx = statistician.get(server.url("/api/v1/statistics/report.xlsx?period=2025-2026")).send().await.unwrap();
        assert_eq!(xlsx.status(), StatusCode::OK);
        assert_eq!(xlsx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains("bao-cao-2025-2026-01.xlsx"));
        let bytes = xlsx.bytes().await.unwrap().to_vec();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        use calamine::Reader;
        let sheet = book.worksheet_range("Báo cáo").unwrap();
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(cell(0, 0), "SỞ Y TẾ HÀ NỘI (LĨNH VỰC XÃ HỘI)");
        assert!(cell(2, 2).starts_with("Hà Nội, ngày "), "{}", cell(2, 2));
        assert_eq!(cell(7, 0), "Địa bàn: Thành phố Hà Nội");
        assert!(!book.sheet_names().contains(&"Theo tỉnh".to_string()), "a province's report has no province sheet");
        let csv = statistician.get(server.url("/api/v1/statistics/report.csv?period=2025-2026")).send().await.unwrap();
        assert_eq!(csv.status(), StatusCode::OK);
        let csv = csv.text().await.unwrap();
        assert!(csv.starts_with("period,area,indicator"));
        assert!(csv.lines().any(|l| l.contains(",received,") && l.ends_with(",yes")), "hidden figures are marked");
        for name in &names {
            assert!(!csv.contains(name.as_str()));
        }
        assert_eq!(statistician.get(server.url("/api/v1/statistics/report.xlsx?area=VN")).send().await.unwrap().status(), StatusCode::FORBIDDEN);

        let worker = login(&server, "social.worker").await;
        assert_eq!(get(&worker, &server, "/api/v1/statistics/report").await.0, StatusCode::FORBIDDEN);
        server.stop().await;
    }
}
