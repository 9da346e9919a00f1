//! Correcting a person over JSON, on both databases: on the version seen,
//! each changed field in every case's history with its value before and
//! after, shown to each reader only where the policy shows that field.
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
use haven_testkit::fixtures::seed_org;
use reqwest::StatusCode;
use serde_json::json;

haven_testkit::backend_tests! {
    async fn a_person_is_corrected_on_the_version_seen_and_each_change_is_in_the_history_masked_per_reader(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let police = Agent::login(&server, "police").await;
        let n = commune.open(woman("Giả Lập Thị Sai Tên", json!({"kind": "year", "year": 1996}), "VN"), reception("self_report", "2025-08-01")).await;
        commune.step(&n, json!({"command": "send_referral", "to_agency_id": org.police.agency_id, "to_facility_id": null, "reason": "xác minh", "shared_fields": ["sex"], "transfer_lead": false, "sent_on": "2025-08-02"})).await;
        police.step(&n, json!({"command": "accept_referral", "referral_no": 1, "answered_on": "2025-08-03"})).await;
        let person_id = store.case_by_number(&n).await.unwrap().unwrap().person_id;
        let version = store.person_view(person_id).await.unwrap().unwrap().version;
        // The whole record as it should be: her name and birth corrected, her mother added.
        let mut corrected = woman("Giả Lập Thị Đúng Tên", json!({"kind": "date", "date": "1996-04-30"}), "VN");
        corrected["relatives"] = json!([{"relationship": "mẹ", "full_name": "Giả Lập Thị Mẹ Ruột", "contact": "0900000777"}]);
        let path = format!("/api/v1/cases/{n}/person");

        // The referred police see only her sex: they cannot correct her.
        let (status, _) = police.send("PUT", &path, Some(json!({"version": version, "person": corrected}))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "only the lead agency corrects the person");
        // A birth after the reception is refused, naming the field.
        let (status, refused) = commune.send("PUT", &path, Some(json!({"version": version, "person": {"full_name": "Giả Lập Thị Đúng Tên", "sex": "female", "birth": {"kind": "year", "year": 2030}, "nationality": "VN"}}))).await;
        assert_eq!((status, refused["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("person.birth")), "{refused}");
        let (status, unchanged) = commune.send("PUT", &path, Some(json!({"version": version, "person": woman("Giả Lập Thị Sai Tên", json!({"kind": "year", "year": 1996}), "VN")}))).await;
        assert_eq!((status, unchanged["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("no_change")), "{unchanged}");

        let (status, answer) = commune.send("PUT", &path, Some(json!({"version": version, "person": corrected}))).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!((answer["version"].as_i64(), answer["person"]["full_name"].as_str()), (Some(i64::from(version) + 1), Some("Giả Lập Thị Đúng Tên")));
        // The same correction on the version it was based on is stale now.
        let (status, stale) = commune.send("PUT", &path, Some(json!({"version": version, "person": corrected}))).await;
        assert_eq!((status, stale["code"].as_str()), (StatusCode::CONFLICT, Some("stale_version")), "{stale}");

        let (_, history) = commune.get(&format!("/api/v1/cases/{n}/history")).await;
        let entry = history.as_array().unwrap().iter().find(|e| e["command"] == "correct_person").unwrap();
        assert_eq!(entry["payload"]["fields"], json!(["full_name", "birth", "relatives"]));
        assert_eq!(entry["changes"]["full_name"], json!({"before": "Giả Lập Thị Sai Tên", "after": "Giả Lập Thị Đúng Tên"}));
        assert_eq!(entry["changes"]["birth"]["before"], json!({"kind": "year", "year": 1996}));
        assert_eq!(entry["changes"]["relatives"]["before"], json!([]));

        // The police read the step, not the values they were never shown.
        let (status, theirs) = police.get(&format!("/api/v1/cases/{n}/history")).await;
        assert_eq!(status, StatusCode::OK);
        let entry = theirs.as_array().unwrap().iter().find(|e| e["command"] == "correct_person").unwrap();
        assert_eq!(entry["changes"]["full_name"], json!({"before": null, "after": null, "masked": true}));
        assert_eq!(entry["changes"]["relatives"]["masked"], true);
        let text = theirs.to_string();
        for secret in ["Sai Tên", "Đúng Tên", "Mẹ Ruột", "0900000777", "1996-04-30"] {
            assert!(!text.contains(secret), "{secret} in the referred agency's history: {text}");
        }
        // The case page's timeline names the fields changed, in words.
        let page = commune.raw_get(&format!("/cases/{n}")).await.text().await.unwrap();
        assert!(page.contains("Đã sửa: Họ và tên, Ngày sinh"), "the timeline says what was corrected");
        server.stop().await;
    }
}
