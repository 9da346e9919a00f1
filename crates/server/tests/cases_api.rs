//! The seeds' journeys played through the JSON API on both databases, as the
//! agencies involved, and the policy's refusals along the way.
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
use haven_domain::role::Role;
use haven_testkit::fixtures::{add_user, seed_org};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn service(kind: &str, provider: i64, on: &str, amount: Option<i64>) -> Value {
    json!({"command": "record_service", "service_type": kind, "clause": null, "provider_agency_id": provider,
           "delivered_on": on, "amount_vnd": amount, "funding_source": "state_budget_local", "outside_entitlement_reason": null})
}

haven_testkit::backend_tests! {
    async fn a_woman_handed_over_at_the_border_goes_all_the_way_to_closure(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let border = Agent::login(&server, "border").await;
        let police = Agent::login(&server, "police").await;
        let social = Agent::login(&server, "social").await;
        let shelter = Agent::login(&server, "shelter").await;
        let n = border.open(woman("Giả Lập Thị Lan", json!({"kind": "year", "year": 1997}), "VN"), reception("border_gate_handover", "2025-08-04")).await;
        assert!(n.starts_with("LCI-2025-"), "{n}");
        border.step(&n, service("food", org.border_guard.agency_id, "2025-08-04", Some(150000))).await;
        assert_eq!(police.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::NOT_FOUND, "police not involved yet");
        border.step(&n, json!({"command": "send_referral", "to_agency_id": org.police.agency_id, "to_facility_id": null, "reason": "xác minh", "shared_fields": ["sex"], "transfer_lead": true, "sent_on": "2025-08-04"})).await;
        police.step(&n, json!({"command": "accept_referral", "referral_no": 1, "answered_on": "2025-08-05"})).await;
        police.step(&n, json!({"command": "request_verification", "to_agency_id": org.social_affairs.agency_id, "abroad": false, "question": "nhân thân", "sent_on": "2025-08-05"})).await;
        police.step(&n, json!({"command": "record_identification", "outcome": "victim", "deciding_agency_id": org.police.agency_id, "document_number": "125/XN", "document_date": "2025-08-20"})).await;
        police.step(&n, json!({"command": "send_referral", "to_agency_id": org.social_affairs.agency_id, "to_facility_id": null, "reason": "hỗ trợ", "shared_fields": [], "transfer_lead": true, "sent_on": "2025-08-20"})).await;
        social.step(&n, json!({"command": "accept_referral", "referral_no": 2, "answered_on": "2025-08-21"})).await;
        social.step(&n, json!({"command": "send_referral", "to_agency_id": org.shelter.agency_id, "to_facility_id": org.shelter_facility_id, "reason": "lưu trú", "shared_fields": [], "transfer_lead": false, "sent_on": "2025-08-21"})).await;
        shelter.step(&n, json!({"command": "accept_referral", "referral_no": 3, "answered_on": "2025-08-22"})).await;
        shelter.step(&n, json!({"command": "admit_to_facility", "facility_id": org.shelter_facility_id, "admitted_on": "2025-08-22"})).await;
        for (kind, on) in [("medical_care", "2025-08-23"), ("psychological_counselling", "2025-08-25"), ("legal_aid", "2025-09-01")] {
            shelter.step(&n, service(kind, org.shelter.agency_id, on, None)).await;
        }
        shelter.step(&n, json!({"command": "discharge_from_facility", "discharged_on": "2025-09-29", "reason": null})).await;
        social.step(&n, json!({"command": "record_family_contact", "contacted_on": "2025-09-20", "contacted_by": "cán bộ xã hội", "outcome": null})).await;
        social.step(&n, json!({"command": "record_return", "returned_on": "2025-09-30", "handover_record": "BB-01", "escort": null, "to_unit_id": "2025/15/02683"})).await;
        social.step(&n, service("vocational_training", org.social_affairs.agency_id, "2025-10-15", Some(3000000))).await;
        social.step(&n, service("loan_womens_union", org.social_affairs.agency_id, "2025-11-01", Some(20000000))).await;
        // The hardship allowance: applied for at the commune (recorded here by social affairs, who lead), forwarded within 3 working days.
        social.step(&n, json!({"command": "apply_for_hardship_allowance", "applied_on": "2025-10-03"})).await;
        let (_, case) = social.get(&format!("/api/v1/cases/{n}")).await;
        let forward = case["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "forward_hardship_application").unwrap().clone();
        assert_eq!((forward["due_on"].as_str(), forward["done"].as_bool()), (Some("2025-10-08"), Some(false)), "Friday + 3 working days");
        social.step(&n, json!({"command": "forward_hardship_application", "to_agency_id": org.social_affairs.agency_id, "forwarded_on": "2025-10-06"})).await;
        for on in ["2025-10-30", "2025-12-30", "2026-03-30", "2026-09-30"] {
            social.step(&n, json!({"command": "record_follow_up", "visited_on": on, "situation": "ổn định", "retrafficking_risk": "low"})).await;
        }
        social.step(&n, json!({"command": "close", "reason": "reintegrated", "closed_on": "2026-10-01"})).await;
        let (_, case) = social.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(case["state"]["phase"], "closed");
        assert_eq!(case["lead_agency_id"], org.social_affairs.agency_id);
        assert_eq!(case["entitlements"]["status"], "vietnamese_victim");
        assert_eq!(case["person"]["person"]["full_name"], "Giả Lập Thị Lan");
        let follow_ups: Vec<&Value> = case["deadlines"].as_array().unwrap().iter().filter(|d| d["kind"] == "follow_up").collect();
        assert!(follow_ups.iter().all(|d| d["done"] == true), "{follow_ups:?}");
        assert!(case["deadlines"].as_array().unwrap().iter().filter(|d| d["kind"].as_str().unwrap().contains("hardship")).all(|d| d["done"] == true));
        let (_, history) = social.get(&format!("/api/v1/cases/{n}/history")).await;
        assert_eq!(history.as_array().unwrap().len() as i64, case["version"].as_i64().unwrap());
        assert_eq!(history[0]["command"], "receive");
        server.stop().await;
    }

    async fn a_fifteen_year_old_is_supported_before_identification_and_escorted_home(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let social = Agent::login(&server, "social").await;
        let n = commune.open(woman("Giả Lập Thị Mơ", json!({"kind": "date", "date": "2010-05-01"}), "VN"), reception("self_report", "2025-09-01")).await;
        let (_, case) = commune.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(case["state"]["minor"], true);
        assert_eq!(case["entitlements"]["status"], "being_identified_in_vietnam");
        commune.step(&n, service("psychological_counselling", org.commune.agency_id, "2025-09-01", None)).await;
        let (status, refused) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 2, "command": service("vocational_training", org.commune.agency_id, "2025-09-01", None)})).await;
        assert_eq!((status, refused["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("outside_entitlements")));
        assert_eq!(refused["field"], "outside_entitlement_reason");
        commune.step(&n, json!({"command": "send_referral", "to_agency_id": org.social_affairs.agency_id, "to_facility_id": null, "reason": "trình báo", "shared_fields": [], "transfer_lead": true, "sent_on": "2025-09-01"})).await;
        social.step(&n, json!({"command": "accept_referral", "referral_no": 1, "answered_on": "2025-09-01"})).await;
        social.step(&n, json!({"command": "record_family_contact", "contacted_on": "2025-09-02", "contacted_by": "cán bộ xã hội", "outcome": null})).await;
        let (status, refused) = social.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 5, "command": {"command": "record_return", "returned_on": "2025-09-03", "handover_record": "BB-7", "escort": null, "to_unit_id": null}})).await;
        assert_eq!((status, refused["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("escort")));
        social.step(&n, json!({"command": "record_return", "returned_on": "2025-09-03", "handover_record": "BB-7", "escort": "cán bộ xã hội", "to_unit_id": null})).await;
        let (_, case) = social.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!((case["state"]["phase"].as_str(), case["state"]["identification"].as_str()), (Some("returned_home"), Some("not_started")));
        server.stop().await;
    }

    async fn a_foreign_victim_is_found_and_handed_back(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let police = Agent::login(&server, "police").await;
        let n = police.open(woman("Giả Lập Sokha", json!({"kind": "year", "year": 2001}), "KH"), reception("foreign_victim_found", "2025-10-01")).await;
        police.step(&n, json!({"command": "record_identification", "outcome": "victim", "deciding_agency_id": org.police.agency_id, "document_number": "9/XN", "document_date": "2025-10-10"})).await;
        police.step(&n, service("interpretation", org.police.agency_id, "2025-10-11", None)).await;
        let (status, refused) = police.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 3, "command": {"command": "record_return", "returned_on": "2025-10-20", "handover_record": "BB", "escort": null, "to_unit_id": null}})).await;
        assert_eq!((status, refused["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("foreign_victim_is_handed_back")));
        police.step(&n, json!({"command": "record_handback", "handed_back_on": "2025-10-20", "receiving_authority": "Cơ quan chức năng Campuchia", "handover_record": "BB-TT-3"})).await;
        police.step(&n, json!({"command": "close", "reason": "handed_back", "closed_on": "2025-10-21"})).await;
        let (_, case) = police.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(case["state"]["foreign_national"], true);
        assert_eq!(case["entitlements"]["status"], "foreign_victim");
        server.stop().await;
    }

    async fn a_hotline_tip_that_is_not_trafficking_is_closed(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let social = Agent::login(&server, "social").await;
        let n = social.open(woman("Giả Lập Thị Nụ", json!({"kind": "estimated_age", "years": 30, "on": "2025-11-03"}), "VN"), reception("tip_hotline_111", "2025-11-03")).await;
        social.step(&n, json!({"command": "start_verification", "agency_id": org.police.agency_id})).await;
        social.step(&n, json!({"command": "record_identification", "outcome": "not_victim", "deciding_agency_id": org.police.agency_id, "document_number": "KL-4", "document_date": "2025-11-10"})).await;
        social.step(&n, json!({"command": "close", "reason": "not_trafficking", "closed_on": "2025-11-12"})).await;
        assert_eq!(social.get("/api/v1/cases?phase=closed").await.1["items"].as_array().unwrap().len(), 1);
        assert!(social.get("/api/v1/cases?phase=received").await.1["items"].as_array().unwrap().is_empty());
        assert_eq!(social.get("/api/v1/cases?identification=not_victim&lead_only=true").await.1["items"].as_array().unwrap().len(), 1);
        let (_, list) = social.get("/api/v1/cases").await;
        assert_eq!((list["total"].as_u64(), list["offset"].as_u64(), list["limit"].as_u64()), (Some(1), Some(0), Some(50)));
        let list = &list["items"];
        assert_eq!(list[0]["case_number"], n.as_str());
        assert_eq!(list[0]["phase"], "closed");
        assert_eq!(list[0]["full_name"], "Giả Lập Thị Nụ", "the lead agency sees her name in its list");
        // Referred without her consent, the police list the case without her name; with it, named.
        let police = Agent::login(&server, "police").await;
        let m = social.open(woman("Giả Lập Thị Nhờ", json!({"kind": "year", "year": 1990}), "VN"), reception("tip_hotline_111", "2025-11-03")).await;
        let refer = json!({"command": "send_referral", "to_agency_id": org.police.agency_id, "to_facility_id": null, "reason": "xác minh", "shared_fields": ["full_name"], "transfer_lead": false, "sent_on": "2025-11-04"});
        social.step(&m, refer.clone()).await;
        let (_, theirs) = police.get("/api/v1/cases").await;
        assert_eq!(theirs["items"][0]["case_number"], m.as_str());
        assert!(theirs["items"][0]["full_name"].is_null(), "{theirs}");
        social.step(&m, json!({"command": "record_consent", "scope": {"kind": "share_with", "agency_id": org.police.agency_id}, "given": true, "given_by": "person", "on": "2025-11-04"})).await;
        social.step(&m, refer).await;
        let (_, theirs) = police.get("/api/v1/cases").await;
        assert_eq!(theirs["items"][0]["full_name"], "Giả Lập Thị Nhờ");
        server.stop().await;
    }

    async fn the_policy_and_the_version_guard_hold_over_http(store) {
        let org = seed_org(&store).await;
        add_user(&store, "stats", "HNI-SYT", Role::Statistician).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let police = Agent::login(&server, "police").await;
        let stats = Agent::login(&server, "stats").await;
        let n = commune.open(woman("Giả Lập Thị Oanh", json!({"kind": "year", "year": 1999}), "VN"), reception("self_report", "2025-08-01")).await;
        assert_eq!(police.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(police.get(&format!("/api/v1/cases/{n}/history")).await.0, StatusCode::NOT_FOUND);
        let (status, _) = police.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "add_note", "text": "x"}})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "an uninvolved agency cannot write either");
        assert_eq!(stats.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::FORBIDDEN);
        assert_eq!(stats.get("/api/v1/cases").await.0, StatusCode::FORBIDDEN);
        assert_eq!(stats.post("/api/v1/cases", json!({"person": woman("X", json!(null), "VN"), "reception": reception("rescue", "2025-08-01")})).await.0, StatusCode::FORBIDDEN);
        assert!(police.get("/api/v1/cases").await.1["items"].as_array().unwrap().is_empty());
        let (_, overdue) = commune.get("/api/v1/cases?overdue=true").await;
        assert_eq!(overdue["items"][0]["case_number"], n.as_str(), "a self-report not forwarded at once is overdue");
        assert!(commune.get("/api/v1/cases?overdue=false").await.1["items"].as_array().unwrap().is_empty());

        commune.step(&n, json!({"command": "add_note", "text": "lần 1"})).await;
        let (status, stale) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "add_note", "text": "lần 2"}})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!((stale["code"].as_str(), stale["current_version"].as_i64()), (Some("stale_version"), Some(2)));
        assert!(stale["message_vi"].as_str().unwrap().contains("tải lại"));

        let (status, bad) = commune.post("/api/v1/cases", json!({"person": woman("Y", json!({"kind": "year", "year": 2030}), "VN"), "reception": reception("self_report", "2025-08-01")})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!((bad["field"].as_str(), bad["violations"][0]["rule"].as_str()), (Some("person.birth"), Some("before_reception")));
        let (status, _) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 2, "command": {"command": "record_service", "service_type": "food", "clause": null, "provider_agency_id": org.commune.agency_id, "delivered_on": "2025-08-02", "amount_vnd": -5, "funding_source": null, "outside_entitlement_reason": null}})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "negative amounts are refused");
        let (status, bad) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 2, "command": {"command": "fly_to_the_moon"}})).await;
        assert_eq!((status, bad["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_json")), "unknown commands are a 4xx, never a 500");
        server.stop().await;
    }

    async fn only_case_workers_of_the_lead_agency_are_assigned(store) {
        seed_org(&store).await;
        let statistician = add_user(&store, "commune.stats", "HNI-UBND-HK", Role::Statistician).await;
        let administrator = add_user(&store, "commune.admin", "HNI-UBND-HK", Role::AgencyAdmin).await;
        let colleague = add_user(&store, "commune.worker", "HNI-UBND-HK", Role::SocialWorker).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let n = commune.open(woman("Giả Lập Thị Phân", json!({"kind": "year", "year": 1999}), "VN"), reception("self_report", "2025-08-01")).await;
        for (who, user_id) in [("statistician", statistician.user_id), ("administrator", administrator.user_id)] {
            let (status, refused) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "assign_worker", "user_id": user_id}})).await;
            assert_eq!((status, refused["code"].as_str(), refused["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("not_a_case_worker"), Some("user_id")), "a {who} is not assigned: {refused}");
        }
        // The page offers the colleague and no one who does not do case work.
        let page = commune.raw_get(&format!("/cases/{n}")).await.text().await.unwrap();
        let offered = page.split("id=\"assign_worker-user_id\"").nth(1).unwrap().split("</select>").next().unwrap().to_owned();
        assert!(offered.contains("Cán bộ commune.worker"), "{offered}");
        assert!(!offered.contains("Cán bộ commune.stats") && !offered.contains("Cán bộ commune.admin"), "{offered}");
        commune.step(&n, json!({"command": "assign_worker", "user_id": colleague.user_id})).await;
        server.stop().await;
    }

    async fn duplicates_are_proposed_before_a_person_is_created(store) {
        seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let border = Agent::login(&server, "border").await;
        let police = Agent::login(&server, "police").await;
        let _first = border.open(woman("Nguyễn Thị Hoa", json!({"kind": "year", "year": 1998}), "VN"), reception("border_gate_handover", "2025-08-01")).await;
        let (status, candidates) = police.post("/api/v1/persons/duplicates", json!({"person": woman("Nguyen thi Hoa", json!({"kind": "year", "year": 1999}), "VN")})).await;
        assert_eq!(status, StatusCode::OK);
        let top = &candidates[0];
        // Known only to the border guard: proposed as strong, without saying which details agree.
        assert_eq!((top["reasons"].clone(), top["score"].as_u64()), (json!([]), Some(100)), "{top}");
        let (_, own) = border.post("/api/v1/persons/duplicates", json!({"person": woman("Nguyen thi Hoa", json!({"kind": "year", "year": 1999}), "VN")})).await;
        assert!(own[0]["reasons"].as_array().unwrap().contains(&json!("same_name")));
        assert!(own[0]["reasons"].as_array().unwrap().contains(&json!("same_identity_number")));
        assert_eq!(top["case_numbers"], json!([]), "police may not see the border guard's case number");
        assert_eq!(top["other_cases"], 1);
        assert!(top.get("full_name").is_none());
        // Neither a person id nor the details that got her proposed open someone
        // else's record: the police open their own and ask for a link (see person_links_api).
        let (status, refused) = police.post("/api/v1/cases", json!({"person_id": top["person_id"], "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!((status, refused["field"].as_str(), refused["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("person_id"), Some("link_request_needed")));
        let (status, refused) = police.post("/api/v1/cases", json!({"person_id": top["person_id"], "person": woman("Nguyen thi Hoa", json!({"kind": "year", "year": 1999}), "VN"), "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!((status, refused["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("person_id")));
        let (status, asked) = police.post("/api/v1/cases", json!({"person": woman("Nguyen thi Hoa", json!({"kind": "year", "year": 1999}), "VN"), "link_request": {"person_id": top["person_id"], "reason": "cùng tên, cùng số CCCD"}, "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!(status, StatusCode::CREATED, "{asked}");
        assert_ne!(asked["person_id"], top["person_id"]);
        // The border guard, who leads her case, opens another for her with her id alone.
        let (status, again) = border.post("/api/v1/cases", json!({"person_id": top["person_id"], "reception": reception("rescue", "2026-02-10")})).await;
        assert_eq!((status, again["person_id"].clone()), (StatusCode::CREATED, top["person_id"].clone()));
        let (_, candidates) = border.post("/api/v1/persons/duplicates", json!({"person": woman("Nguyễn Thị Hoa", json!({"kind": "year", "year": 1998}), "VN")})).await;
        let hers = candidates.as_array().unwrap().iter().find(|c| c["person_id"] == top["person_id"]).unwrap();
        assert_eq!(hers["case_numbers"].as_array().unwrap().len(), 2);
        assert_eq!(hers["open_directly"], true);
        let (status, neither) = police.post("/api/v1/cases", json!({"reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!((status, neither["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("person")));
        server.stop().await;
    }

    async fn an_agency_admits_only_to_its_own_facility_or_the_one_a_referral_named(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let shelter = Agent::login(&server, "shelter").await;
        let n = commune.open(woman("Giả Lập Thị Lưu Trú", json!({"kind": "year", "year": 1994}), "VN"), reception("rescue", "2025-08-01")).await;
        let admit = json!({"command": "admit_to_facility", "facility_id": org.shelter_facility_id, "admitted_on": "2025-08-02"});
        let (_, case) = commune.get(&format!("/api/v1/cases/{n}")).await;
        let (status, refused) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": case["version"], "command": admit.clone()})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!((refused["violations"][0]["field"].as_str(), refused["violations"][0]["rule"].as_str()), (Some("facility_id"), Some("not_an_admitting_agency")));
        // Referred to the shelter that runs it: the shelter admits her once it accepts.
        commune.step(&n, json!({"command": "send_referral", "to_agency_id": org.shelter.agency_id, "to_facility_id": org.shelter_facility_id, "reason": "lưu trú", "shared_fields": [], "transfer_lead": false, "sent_on": "2025-08-02"})).await;
        shelter.step(&n, json!({"command": "accept_referral", "referral_no": 1, "answered_on": "2025-08-02"})).await;
        shelter.step(&n, admit).await;
        server.stop().await;
    }
}
