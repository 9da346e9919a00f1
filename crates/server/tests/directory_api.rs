//! The directory of services over HTTP, on the demo, on both databases:
//! "shelters that take boys in Lào Cai" and "legal aid within the
//! province" found; an agency's administrator keeps her agency's entry and
//! no other; providers outside Haven are the system's administrators'; the
//! printable referral list of a province.
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

fn names(found: &Value) -> Vec<String> {
    let mut names: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

haven_testkit::backend_tests! {
    async fn the_directory_finds_the_right_door_and_is_kept_by_its_own(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let police = Agent::login_with(&server, "police", DEMO_PASSWORD).await;
        let (status, boys) = police.get("/api/v1/directory?place=2025/15&service=shelter_stay&takes_children=true&takes_men=true").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(names(&boys), ["Nhà tạm lánh Giả Lập Vì Trẻ Em (tổ chức phi chính phủ)"]);
        let (_, legal) = police.get("/api/v1/directory?place=2025/15&service=legal_aid").await;
        assert_eq!(names(&legal), ["Trung tâm Tư vấn pháp luật Giả Lập"]);
        assert!(boys[0]["may_edit"] == false, "the police read it, they do not keep it");

        // The city's agency administrator keeps the city's entry, and no one else's.
        let admin_of_city = Agent::login_with(&server, "agency.admin", DEMO_PASSWORD).await;
        let (_, all) = admin_of_city.get("/api/v1/directory").await;
        let own = all.as_array().unwrap().iter().find(|e| e["name"] == "Sở Y tế Hà Nội (lĩnh vực xã hội)").unwrap().clone();
        let other = all.as_array().unwrap().iter().find(|e| e["name"] == "Sở Y tế tỉnh Lào Cai (lĩnh vực xã hội)").unwrap().clone();
        assert_eq!((own["may_edit"].as_bool(), other["may_edit"].as_bool()), (Some(true), Some(false)));
        let entry = |e: &Value, hours: &str| json!({"name": e["name"], "kind": e["kind"], "unit_id": e["unit_id"], "services": e["services"], "areas_served": e["areas_served"], "phones": e["phones"], "opening_hours": hours});
        let (status, changed) = admin_of_city.send("PUT", &format!("/api/v1/directory/{}", own["id"]), Some(json!({"version": own["version"], "entry": entry(&own, "24/7")}))).await;
        assert_eq!((status, changed["opening_hours"].as_str()), (StatusCode::OK, Some("24/7")));
        let (status, _) = admin_of_city.send("PUT", &format!("/api/v1/directory/{}", own["id"]), Some(json!({"version": own["version"], "entry": entry(&own, "8–17")}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "on the version seen");
        // Her entry stays her agency's: named and placed as its record, serving its own province.
        let mut everywhere = entry(&changed, "24/7 cả nước");
        everywhere["areas_served"] = json!(["VN"]);
        everywhere["name"] = json!("Công an Thành phố Hà Nội");
        let (status, body) = admin_of_city.send("PUT", &format!("/api/v1/directory/{}", own["id"]), Some(json!({"version": changed["version"], "entry": everywhere}))).await;
        assert_eq!((status, body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("within_own_province")));
        everywhere["areas_served"] = json!(["2025/01"]);
        let (_, renamed) = admin_of_city.send("PUT", &format!("/api/v1/directory/{}", own["id"]), Some(json!({"version": changed["version"], "entry": everywhere}))).await;
        assert_eq!(renamed["name"], "Sở Y tế Hà Nội (lĩnh vực xã hội)", "the agency's own name, not one typed");
        let (status, body) = police.get("/api/v1/directory?place=2025/99").await;
        assert_eq!((status, body["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("place")));
        assert_eq!(police.get("/api/v1/directory?service=massage").await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _) = admin_of_city.send("PUT", &format!("/api/v1/directory/{}", other["id"]), Some(json!({"version": other["version"], "entry": entry(&other, "24/7")}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let ngo = json!({"provider": {"kind": "outside"}, "entry": {"name": "Tổ chức mới", "kind": "ngo", "unit_id": "2025/01", "services": ["legal_aid"], "areas_served": ["2025/01"]}});
        assert_eq!(admin_of_city.post("/api/v1/directory", ngo.clone()).await.0, StatusCode::FORBIDDEN, "outside Haven: the system's administrators'");
        let system = Agent::login_with(&server, "admin", DEMO_PASSWORD).await;
        assert_eq!(system.post("/api/v1/directory", ngo).await.0, StatusCode::CREATED);
        let (status, body) = system.post("/api/v1/directory", json!({"provider": {"kind": "outside"}, "entry": {"name": "Sai", "kind": "ngo", "unit_id": "2025/01", "services": ["massage"], "areas_served": []}})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["violations"].as_array().unwrap().iter().map(|v| v["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["areas_served", "services_0"], "every fault at once, each by its field");

        // The referral list of a province, to print.
        let page = police.raw_get("/directory/print?province=2025/15").await.text().await.unwrap();
        assert!(page.contains("Nhà tạm lánh Giả Lập Vì Trẻ Em") && page.contains("Tỉnh Lào Cai"));
        assert!(!page.contains("Bệnh viện Giả Lập Hà Nội"), "Hà Nội's hospital is not Lào Cai's");
        server.stop().await;
    }

    async fn a_case_page_suggests_where_to_refer_from_the_directory(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let worker = Agent::login_with(&server, "social.worker", DEMO_PASSWORD).await;
        let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive().to_string();
        let open = |name: &str, sex: &str, year: i32| json!({
            "full_name": name, "sex": sex, "birth": {"kind": "year", "year": year}, "nationality": "VN",
            "permanent_residence": {"admin_unit_id": "2025/01/00070"}
        });
        let suggestions = |html: &str| -> String {
            let start = html.find("id=\"referral-suggestions\"").expect("the suggestions are shown");
            let end = html[start..].find("</details>").unwrap();
            html[start..start + end].to_owned()
        };
        let police = store.agency_by_code("HNI-CA").await.unwrap().unwrap().id;
        // A boy of 14 from a Hà Nội ward: providers serving the city that take boys.
        let boy = worker.open(open("Giả Lập Văn Nam", "male", 2012), common::reception("self_report", &today)).await;
        let page = worker.raw_get(&format!("/cases/{boy}")).await.text().await.unwrap();
        let found = suggestions(&page);
        assert!(found.contains("Công an Thành phố Hà Nội"), "{found}");
        assert!(found.contains(&format!("/cases/{boy}?pick={police}&amp;pick_for=send_referral")), "{found}");
        assert!(found.contains("Bệnh viện Giả Lập Hà Nội"), "a provider outside Haven is named with its phone");
        assert!(!found.contains("Cơ sở hỗ trợ nạn nhân Hà Nội"), "that shelter does not take men: {found}");
        assert!(!found.contains("Hội Liên hiệp Phụ nữ"), "nor children");
        assert!(!found.contains("Sở Y tế Hà Nội"), "not the agency that leads the case");
        assert!(!found.contains("Lào Cai"), "not another province's");
        // A woman: the shelter is offered, and choosing it opens the referral form with it chosen.
        let woman = worker.open(open("Giả Lập Thị Hoa", "female", 1998), common::reception("self_report", &today)).await;
        let page = worker.raw_get(&format!("/cases/{woman}")).await.text().await.unwrap();
        assert!(suggestions(&page).contains("Cơ sở hỗ trợ nạn nhân Hà Nội"));
        let chosen = worker.raw_get(&format!("/cases/{woman}?pick={police}&pick_for=send_referral")).await.text().await.unwrap();
        let form = &chosen[chosen.find("id=\"action-send_referral\"").expect("the referral form")..];
        let selected = form.find(&format!("value=\"{police}\" selected")).expect("the police chosen");
        assert!(selected < form.find("</form>").unwrap());
        // A reader who may not refer sees no suggestion.
        let supervisor = Agent::login_with(&server, "supervisor", DEMO_PASSWORD).await;
        let response = supervisor.raw_get(&format!("/cases/{woman}")).await;
        assert_eq!(response.status(), StatusCode::OK, "the province's supervisor reads the case");
        assert!(!response.text().await.unwrap().contains("referral-suggestions"), "a supervisor does not refer");
        server.stop().await;
    }
}
