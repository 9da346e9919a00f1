//! A national installation registers every commune's People's Committee as
//! an agency. With 5,000 agencies registered, a case page stays under 60 KB
//! (it was 1.1 MB when every form listed every agency), on both databases;
//! an agency outside the forms' short list is found with the picker and then
//! offered on the case page.
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
use haven_domain::organisation::NewAgency;
use haven_testkit::fixtures::seed_org;
use serde_json::json;

const AGENCIES: usize = 5_000;
const BUDGET_BYTES: usize = 60_000;

haven_testkit::backend_tests! {
    async fn a_case_page_stays_small_with_five_thousand_agencies(store) {
        seed_org(&store).await;
        let communes: Vec<String> = {
            let mut all = Vec::new();
            for province in store.admin_units_under("2025", None).await.unwrap() {
                all.extend(store.admin_units_under("2025", Some(&province.id)).await.unwrap().into_iter().map(|c| c.id));
            }
            all
        };
        assert!(communes.len() > 3_000, "the 2025 communes are reference data");
        for i in 0..AGENCIES {
            store.add_agency(&NewAgency {
                code: format!("UBND-X{i:05}"),
                name: format!("Ủy ban nhân dân xã số {i:05}"),
                sector: "peoples_committee".into(),
                admin_unit_id: communes[i % communes.len()].clone(),
                parent_agency_code: None,
            }).await.unwrap();
        }
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let n = commune.open(woman("Giả Lập Thị Nhẹ", json!({"kind": "year", "year": 1992}), "VN"), reception("self_report", "2025-08-01")).await;
        let page = commune.http.get(server.url(&format!("/cases/{n}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.len() < BUDGET_BYTES, "the case page weighs {} bytes with {AGENCIES} agencies", page.len());
        println!("case page: {} bytes with {AGENCIES} agencies registered", page.len());

        // One of them, far away: found by name, then offered on the case page.
        let wanted = store.agency_by_code("UBND-X04321").await.unwrap().unwrap();
        assert!(!page.contains(&format!("option value=\"{}\"", wanted.id)));
        let found = commune.http.get(server.url(&format!("/agencies/pick?q=xa+so+04321&back={n}&action=send_referral"))).send().await.unwrap().text().await.unwrap();
        let link = format!("/cases/{n}?pick={}&amp;pick_for=send_referral#action-send_referral", wanted.id);
        assert!(found.contains(&link), "the picker links back with the agency: {found}");
        let page = commune.http.get(server.url(&format!("/cases/{n}?pick={}&pick_for=send_referral", wanted.id))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("option value=\"{}\" selected", wanted.id)), "the picked agency is offered, chosen");
        let referral_form = page.split("id=\"action-send_referral\"").nth(1).unwrap();
        assert!(referral_form.starts_with(" open"), "the form it was looked up for is open");
        assert!(page.len() < BUDGET_BYTES);
        // Nothing was recorded by coming back.
        let (_, history) = commune.get(&format!("/api/v1/cases/{n}/history")).await;
        assert_eq!(history.as_array().unwrap().len(), 1, "{history}");

        // Where script runs, the same search answers the type-ahead, 20 at most.
        let typed: serde_json::Value = commune.http.get(server.url("/api/v1/agencies?q=x%C3%A3%20s%E1%BB%91%2004321&limit=20")).send().await.unwrap().json().await.unwrap();
        let names: Vec<&str> = typed.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Ủy ban nhân dân xã số 04321"]);
        let many: serde_json::Value = commune.http.get(server.url("/api/v1/agencies?q=xa+so&limit=20")).send().await.unwrap().json().await.unwrap();
        assert_eq!(many.as_array().unwrap().len(), 20, "a search answers 20 at most when asked");
        let all: serde_json::Value = commune.http.get(server.url("/api/v1/agencies")).send().await.unwrap().json().await.unwrap();
        assert!(all.as_array().unwrap().len() > AGENCIES, "without a search, every agency");
        server.stop().await;
    }
}
