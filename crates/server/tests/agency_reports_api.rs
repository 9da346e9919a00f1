//! Member agencies' periodic reports over the API on the demo data, on both
//! databases: the police draft and send up their report (every part named
//! when missing, figures frozen once sent), the city's social-affairs
//! statistician sees who reported, returns it with a reason and approves it
//! sent again; the city's yearly report consolidates it; no one else reads it.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{Agent, TestServer};
use haven_server::ServerSettings;
use haven_store::demo::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn fields(body: &Value) -> Vec<&str> {
    body["violations"]
        .as_array()
        .map(|v| v.iter().map(|x| x["field"].as_str().unwrap()).collect())
        .unwrap_or_default()
}

haven_testkit::backend_tests! {
    async fn the_police_report_to_social_affairs_which_reviews_and_consolidates(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let police = Agent::login_with(&server, "police", DEMO_PASSWORD).await;
        let statistician = Agent::login_with(&server, "statistician", DEMO_PASSWORD).await;
        let women = Agent::login_with(&server, "womens.union", DEMO_PASSWORD).await;
        let police_id = store.agency_by_code("HNI-CA").await.unwrap().unwrap().id;

        // The police's figures: their own inspections of 2026, counted here too.
        let (status, own) = police.get("/api/v1/agency-reports/own?period=2026").await;
        assert_eq!(status, StatusCode::OK, "{own}");
        assert_eq!((own["status"].clone(), own["area_code"].as_str(), own["may_file"].as_bool()), (Value::Null, Some("01"), Some(true)));
        let (_, held) = police.get(&format!("/api/v1/activities?kind=inspection&agency_id={police_id}&from=2026-01-01&to=2026-12-31&limit=200")).await;
        assert_eq!(own["figures"]["inspections_held"], held["total"]);
        let cases = store.statistical_cases().await.unwrap();
        let received = cases.iter().filter(|c| c.lead_agency_id == police_id && chrono::Datelike::year(&c.received_on) == 2026).count();
        assert_eq!(own["figures"]["cases_received"].as_u64().unwrap() as usize, received, "its own cases, shown in full to itself");

        // Sending up needs every part written; a draft does not.
        let narrative = json!({"results": "Triệt phá 2 đường dây", "limitations": "", "difficulties": "Thiếu phiên dịch", "proposals": ""});
        let (status, body) = police.send("POST", "/api/v1/agency-reports/own/submit", Some(json!({"period": "2026", "narrative": narrative}))).await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["limitations", "proposals"]));
        let (status, draft) = police.send("POST", "/api/v1/agency-reports/own/draft", Some(json!({"period": "2026", "narrative": narrative}))).await;
        assert_eq!((status, draft["status"].as_str(), draft["version"].as_i64()), (StatusCode::OK, Some("draft"), Some(1)), "{draft}");
        let (status, body) = police.send("POST", "/api/v1/agency-reports/own/draft", Some(json!({"period": "2026", "narrative": narrative}))).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("stale_version")), "a draft over an unseen one is refused");
        let draft_id = draft["id"].as_i64().unwrap();
        let (status, body) = statistician.get(&format!("/api/v1/agency-reports/{draft_id}")).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_sent")), "a draft is the agency's own until sent");
        let full = json!({"results": "Triệt phá 2 đường dây", "limitations": "Chưa phát hiện sớm", "difficulties": "Thiếu phiên dịch", "proposals": "Bổ sung kinh phí phiên dịch"});
        let (status, sent) = police.send("POST", "/api/v1/agency-reports/own/submit", Some(json!({"period": "2026", "version": 1, "narrative": full}))).await;
        assert_eq!((status, sent["status"].as_str()), (StatusCode::OK, Some("submitted")), "{sent}");
        let id = sent["id"].as_i64().unwrap();
        let (status, _) = police.send("POST", "/api/v1/agency-reports/own/draft", Some(json!({"period": "2026", "version": 2, "narrative": full}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "sent up, it waits for the review");

        // Social affairs sees who reported, reads it, returns it with a reason.
        let (status, overview) = statistician.get("/api/v1/agency-reports?period=2026").await;
        assert_eq!(status, StatusCode::OK, "{overview}");
        let row = overview["agencies"].as_array().unwrap().iter().find(|r| r["agency"]["id"] == police_id).unwrap();
        assert_eq!((row["status"].as_str(), row["report_id"].as_i64()), (Some("submitted"), Some(id)));
        assert_eq!(overview["reported"], 1);
        // Due by 15 December (the calendar's member-agency days), judged by the first sending.
        let vietnam_today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
        let expected = if vietnam_today <= chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap() { "on_time" } else { "late" };
        assert_eq!((overview["due_on"].as_str(), row["timeliness"].as_str()), (Some("2026-12-15"), Some(expected)), "{overview}");
        assert_eq!(overview["on_time"].as_u64(), Some(u64::from(expected == "on_time")));
        assert_eq!(overview["late"].as_u64(), Some(u64::from(expected == "late")));
        assert_eq!((sent["due_on"].as_str(), sent["timeliness"].as_str()), (Some("2026-12-15"), Some(expected)));
        let (_, last_year) = statistician.get("/api/v1/agency-reports?period=2025").await;
        let unsent = last_year["agencies"].as_array().unwrap().iter().find(|r| r["agency"]["id"] == police_id).unwrap();
        assert_eq!((last_year["due_on"].as_str(), unsent["timeliness"].as_str()), (Some("2025-12-15"), Some("overdue")), "{last_year}");
        assert_eq!(last_year["overdue"].as_u64().unwrap() as usize, last_year["agencies"].as_array().unwrap().len(), "no one reported for 2025");
        let (status, read) = statistician.get(&format!("/api/v1/agency-reports/{id}")).await;
        assert_eq!((status, read["may_review"].as_bool()), (StatusCode::OK, Some(true)));
        assert_eq!(read["narrative"]["proposals"], "Bổ sung kinh phí phiên dịch");
        let (status, body) = statistician.send("POST", &format!("/api/v1/agency-reports/{id}/return"), Some(json!({"version": 2, "comment": ""}))).await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["comment"]));
        let (status, returned) = statistician.send("POST", &format!("/api/v1/agency-reports/{id}/return"), Some(json!({"version": 2, "comment": "Bổ sung số liệu quý IV"}))).await;
        assert_eq!((status, returned["status"].as_str()), (StatusCode::OK, Some("returned")));
        // Others may not read or review it; the police may not review their own.
        assert_eq!(women.get(&format!("/api/v1/agency-reports/{id}")).await.0, StatusCode::FORBIDDEN);
        assert_eq!(police.send("POST", &format!("/api/v1/agency-reports/{id}/approve"), Some(json!({"version": 3}))).await.0, StatusCode::FORBIDDEN);
        assert_eq!(women.get("/api/v1/agency-reports?period=2026").await.0, StatusCode::FORBIDDEN);

        // Sent again and approved; the city's report consolidates it.
        let (_, own) = police.get("/api/v1/agency-reports/own?period=2026").await;
        assert_eq!(own["review_comment"], "Bổ sung số liệu quý IV");
        let (status, again) = police.send("POST", "/api/v1/agency-reports/own/submit", Some(json!({"period": "2026", "version": 3, "narrative": full}))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(again["timeliness"], sent["timeliness"], "sent again, it keeps its first sending's day");
        let (status, approved) = statistician.send("POST", &format!("/api/v1/agency-reports/{id}/approve"), Some(json!({"version": 4}))).await;
        assert_eq!((status, approved["status"].as_str()), (StatusCode::OK, Some("approved")), "{approved}");
        let (_, report) = statistician.get("/api/v1/statistics/report?period=2026&area=01").await;
        let section = report["programme"]["sections"].as_array().unwrap().iter().find(|s| s["code"] == "agency_reports").cloned().unwrap();
        let line = |code: &str| section["lines"].as_array().unwrap().iter().find(|l| l["code"] == code).cloned().unwrap();
        assert_eq!(line("agency_reports_in")["value"], 1.0);
        assert_eq!(line(&format!("agency_report:{police_id}:activities"))["value"].as_f64().unwrap() as u64, own["figures"]["inspections_held"].as_u64().unwrap() + own["figures"]["meetings_held"].as_u64().unwrap() + own["figures"]["communication_sessions"].as_u64().unwrap() + own["figures"]["training_courses"].as_u64().unwrap());
        let cases_line = line(&format!("agency_report:{police_id}:cases_received"));
        assert_eq!(cases_line["hidden"], json!(received > 0 && received < 5), "small counts of persons are hidden in the area's report: {cases_line}");
        // Two officers on one draft (the half-year's): the later save is refused, and
        // the page shows what was saved in the form with the refused text beside it.
        let other = Agent::login_with(&server, "police", DEMO_PASSWORD).await;
        let part = |text: &str| vec![("period", "2026-H1".to_owned()), ("action", "draft".to_owned()), ("results", text.to_owned()), ("version", "0".to_owned())];
        let (status, _) = police.post_form("/agency-reports", &part("Bản của cán bộ A")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, page) = other.post_form("/agency-reports", &part("Bản của cán bộ B")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains("id=\"unsaved-text\"") && page.contains("Bản của cán bộ B"), "the refused text is kept in sight");
        assert!(page.contains("Bản của cán bộ A"), "the form holds what was saved");
        let (_, saved) = police.get("/api/v1/agency-reports/own?period=2026-H1").await;
        assert_eq!(saved["narrative"]["results"], "Bản của cán bộ A", "nothing was overwritten");
        let (_, history) = police.get(&format!("/api/v1/agency-reports/{id}")).await;
        assert_eq!(history["status"], "approved");
        server.stop().await;
    }
}
