//! Break-the-glass, the access log, notifications, referral sharing,
//! children's identities and supervisors' jurisdiction over HTTP, on both
//! databases.
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
use haven_domain::role::Role;
use haven_testkit::fixtures::{add_user, seed_org};
use reqwest::StatusCode;
use serde_json::json;

haven_testkit::backend_tests! {
    async fn break_the_glass_opens_a_case_for_a_time_logs_it_and_tells_the_lead(store) {
        let org = seed_org(&store).await;
        add_user(&store, "auditor", "HNI-SYT", Role::Auditor).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let border = Agent::login(&server, "border").await;
        let auditor = Agent::login(&server, "auditor").await;
        let n = commune.open(woman("Giả Lập Thị Khẩn", json!({"kind": "year", "year": 1998}), "VN"), reception("self_report", "2025-08-01")).await;
        commune.step(&n, json!({"command": "add_note", "text": "Đã gặp Giả Lập Thị Khẩn tại nhà"})).await;

        assert_eq!(border.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::NOT_FOUND);
        let (status, short) = border.post(&format!("/api/v1/cases/{n}/emergency-access"), json!({"reason": "gấp"})).await;
        assert_eq!((status, short["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")));
        let (status, grant) = border.post(&format!("/api/v1/cases/{n}/emergency-access"), json!({"reason": "Đối tượng đang truy tìm nạn nhân tại cửa khẩu"})).await;
        assert_eq!(status, StatusCode::CREATED, "{grant}");
        assert!(grant["expires_at"].as_str().unwrap() > grant["granted_at"].as_str().unwrap());
        let (status, case) = border.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(case["scope"], "emergency");
        assert_eq!(case["person"]["person"]["full_name"], "Giả Lập Thị Khẩn");
        let (status, _) = border.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "add_note", "text": "x"}})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "an emergency opens reading, not writing");
        let (status, again) = commune.post(&format!("/api/v1/cases/{n}/emergency-access"), json!({"reason": "Không cần vì đã có quyền"})).await;
        assert_eq!((status, again["code"].as_str()), (StatusCode::CONFLICT, Some("already_in_scope")));

        let (_, notes) = commune.get("/api/v1/notifications").await;
        assert_eq!(notes["notices"][0]["kind"], "emergency_access");
        assert_eq!(notes["notices"][0]["reference"], n.as_str());
        assert_eq!(notes["notices"][0]["from_user_id"], org.border_guard.user_id);

        assert_eq!(commune.get("/api/v1/access-log").await.0, StatusCode::FORBIDDEN, "case workers do not read the log");
        let (status, log) = auditor.get(&format!("/api/v1/access-log?case_number={n}")).await;
        assert_eq!(status, StatusCode::OK);
        let entries: Vec<(String, String, i64)> = log.as_array().unwrap().iter()
            .map(|e| (e["action"].as_str().unwrap().to_owned(), e["outcome"].as_str().unwrap().to_owned(), e["user_id"].as_i64().unwrap()))
            .collect();
        assert!(entries.contains(&("read_case".into(), "deny".into(), org.border_guard.user_id)), "{entries:?}");
        assert!(entries.contains(&("emergency_access".into(), "allow".into(), org.border_guard.user_id)));
        assert!(entries.contains(&("read_case".into(), "allow".into(), org.border_guard.user_id)));
        assert!(!log.to_string().contains("Khẩn"), "the log holds no name");
        let (_, denied) = auditor.get("/api/v1/access-log?denied=true").await;
        assert!(denied.as_array().unwrap().iter().all(|e| e["outcome"] == "deny"));
        assert!(denied.as_array().unwrap().iter().any(|e| e["action"] == "read_access_log"), "the commune's attempt on the log is logged too");
        // By agency and by day (Vietnam's days, the last one included); a day no log can hold is named.
        let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).date_naive();
        let (_, border_today) = auditor.get(&format!("/api/v1/access-log?agency_id={}&from={today}&to={today}", org.border_guard.agency_id)).await;
        let border_today = border_today.as_array().unwrap();
        assert!(!border_today.is_empty() && border_today.iter().all(|e| e["agency_id"] == org.border_guard.agency_id), "{border_today:?}");
        let (_, tomorrow) = auditor.get(&format!("/api/v1/access-log?from={}", today.succ_opt().unwrap())).await;
        assert_eq!(tomorrow, serde_json::json!([]), "nothing is logged tomorrow yet");
        let (status, wrong) = auditor.get("/api/v1/access-log?from=0001-01-01").await;
        assert_eq!((status, wrong["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("from")));
        let (status, history) = auditor.get(&format!("/api/v1/cases/{n}/history")).await;
        assert_eq!(status, StatusCode::OK, "auditors read histories");
        assert!(!history.to_string().contains("Khẩn"), "notes are redacted for auditors: {history}");
        assert_eq!(history[1]["command"], "add_note");
        assert_eq!(history[1]["payload"]["text"], haven_access::REDACTED);
        let (_, own) = commune.get(&format!("/api/v1/cases/{n}/history")).await;
        assert_eq!(own[1]["payload"]["text"], "Đã gặp Giả Lập Thị Khẩn tại nhà", "the lead agency reads its own notes");
        assert_eq!(auditor.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::FORBIDDEN, "but never the case with its person");
        server.stop().await;
    }

    async fn referrals_share_what_the_sender_chose_and_children_stay_with_assigned_workers(store) {
        let org = seed_org(&store).await;
        add_user(&store, "commune2", "HNI-UBND-HK", Role::SocialWorker).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let colleague = Agent::login(&server, "commune2").await;
        let shelter = Agent::login(&server, "shelter").await;
        let adult = commune.open(woman("Giả Lập Thị Lớn", json!({"kind": "year", "year": 1995}), "VN"), reception("self_report", "2025-08-01")).await;
        commune.step(&adult, json!({"command": "record_consent", "scope": {"kind": "share_with", "agency_id": org.shelter.agency_id}, "given": true, "given_by": "person", "on": "2025-08-01"})).await;
        commune.step(&adult, json!({"command": "send_referral", "to_agency_id": org.shelter.agency_id, "to_facility_id": org.shelter_facility_id, "reason": "lưu trú", "shared_fields": ["full_name", "birth"], "transfer_lead": false, "sent_on": "2025-08-01"})).await;
        let (_, seen) = shelter.get(&format!("/api/v1/cases/{adult}")).await;
        assert_eq!(seen["scope"], "offered", "a referral waiting for its answer");
        assert_eq!(seen["person"]["person"]["full_name"], "Giả Lập Thị Lớn");
        assert!(seen["person"]["person"]["contact"].is_null() && seen["person"]["person"]["identity_papers"].is_null());
        assert!(seen["person"]["masked_fields"].as_array().unwrap().contains(&json!("contact")));
        assert_eq!(seen["person"]["person"]["nationality"], "VN", "non-identifying fields stay");
        let (_, by_colleague) = colleague.get(&format!("/api/v1/cases/{adult}")).await;
        assert_eq!(by_colleague["person"]["masked_fields"], json!([]));

        let child = commune.open(woman("Giả Lập Thị Nhỏ", json!({"kind": "year", "year": 2011}), "VN"), reception("self_report", "2025-08-01")).await;
        let (_, mine) = commune.get(&format!("/api/v1/cases/{child}")).await;
        assert_eq!(mine["state"]["child"], true);
        assert_eq!(mine["person"]["person"]["full_name"], "Giả Lập Thị Nhỏ", "the receiving worker is assigned");
        let (_, theirs) = colleague.get(&format!("/api/v1/cases/{child}")).await;
        assert!(theirs["person"]["person"]["full_name"].is_null(), "a child: only assigned workers see who she is");
        let colleague_id = store.user_by_username("commune2").await.unwrap().unwrap().id;
        commune.step(&child, json!({"command": "assign_worker", "user_id": colleague_id})).await;
        let (_, theirs) = colleague.get(&format!("/api/v1/cases/{child}")).await;
        assert_eq!(theirs["person"]["person"]["full_name"], "Giả Lập Thị Nhỏ");
        let version = theirs["version"].as_i64().unwrap();
        let (status, wrong) = commune.post(&format!("/api/v1/cases/{child}/commands"), json!({"version": version, "command": {"command": "assign_worker", "user_id": org.police.user_id}})).await;
        assert_eq!((status, wrong["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("lead_agency_user")));
        server.stop().await;
    }

    async fn a_supervisor_sees_the_cases_held_in_the_province_with_identities_masked(store) {
        seed_org(&store).await;
        store.add_agency(&NewAgency { code: "HNI-LD".into(), name: "Lãnh đạo Sở".into(), sector: "social_affairs".into(), admin_unit_id: "2025/01".into(), parent_agency_code: None }).await.unwrap();
        store.add_agency(&NewAgency { code: "LCI-LD".into(), name: "Lãnh đạo Lào Cai".into(), sector: "social_affairs".into(), admin_unit_id: "2025/15".into(), parent_agency_code: None }).await.unwrap();
        add_user(&store, "supervisor", "HNI-LD", Role::Supervisor).await;
        add_user(&store, "far_supervisor", "LCI-LD", Role::Supervisor).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let supervisor = Agent::login(&server, "supervisor").await;
        let far = Agent::login(&server, "far_supervisor").await;
        let n = commune.open(woman("Giả Lập Thị Giám", json!({"kind": "year", "year": 1995}), "VN"), reception("self_report", "2025-08-01")).await;
        let (_, list) = supervisor.get("/api/v1/cases").await;
        assert_eq!(list["items"][0]["case_number"], n.as_str());
        assert_eq!(list["items"][0]["scope"], "supervised");
        let (status, case) = supervisor.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(case["person"]["person"]["full_name"].is_null(), "supervision is not a reason to see who she is");
        assert!(far.get("/api/v1/cases").await.1["items"].as_array().unwrap().is_empty());
        assert_eq!(far.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::NOT_FOUND);
        server.stop().await;
    }

    async fn no_way_around_a_childs_record_and_no_document_for_who_sees_no_identity(store) {
        // The outside review's ways in, each closed: a second case "for" the
        // child, assigning oneself, breaking the glass; and a supervisor
        // downloading a document whose content names the victim.
        let org = seed_org(&store).await;
        add_user(&store, "commune2", "HNI-UBND-HK", Role::SocialWorker).await;
        store.add_agency(&NewAgency { code: "HNI-LD".into(), name: "Lãnh đạo Sở".into(), sector: "social_affairs".into(), admin_unit_id: "2025/01".into(), parent_agency_code: None }).await.unwrap();
        add_user(&store, "supervisor", "HNI-LD", Role::Supervisor).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let colleague = Agent::login(&server, "commune2").await;
        let border = Agent::login(&server, "border").await;
        let supervisor = Agent::login(&server, "supervisor").await;
        let child = commune.open(woman("Giả Lập Bé Mười", json!({"kind": "year", "year": 2015}), "VN"), reception("self_report", "2025-08-01")).await;
        let record = store.case_by_number(&child).await.unwrap().unwrap();
        let cases_before = store.cases_of_person(record.person_id).await.unwrap().len();

        let (status, refused) = colleague.post("/api/v1/cases", json!({"person_id": record.person_id, "reception": {"channel": "self_report", "received_on": "2025-09-01"}})).await;
        assert_eq!((status, refused["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("link_request_needed")), "{refused}");
        assert_eq!(store.cases_of_person(record.person_id).await.unwrap().len(), cases_before, "no second case was opened");
        assert!(!refused.to_string().contains("Bé Mười"));

        let colleague_id = store.user_by_username("commune2").await.unwrap().unwrap().id;
        let (status, refused) = colleague.post(&format!("/api/v1/cases/{child}/commands"), json!({"version": record.version, "command": {"command": "assign_worker", "user_id": colleague_id}})).await;
        assert_eq!((status, refused["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("self_assignment")), "{refused}");
        let (_, theirs) = colleague.get(&format!("/api/v1/cases/{child}")).await;
        assert!(theirs["person"]["person"]["full_name"].is_null());
        assert_eq!(theirs["person"]["hidden_because"], "child_record");

        let (status, _) = border.post(&format!("/api/v1/cases/{child}/emergency-access"), json!({"reason": "Cần xác minh khẩn cấp danh tính"})).await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, seen) = border.get(&format!("/api/v1/cases/{child}")).await;
        assert_eq!((status, seen["scope"].as_str()), (StatusCode::OK, Some("emergency")));
        assert!(seen["person"]["person"]["full_name"].is_null(), "the glass never opens a child's identity");
        assert_eq!(seen["person"]["hidden_because"], "child_record");
        // The lead agency is told; its statistician, who reads no cases, is not shown case numbers.
        add_user(&store, "commune.stat", "HNI-UBND-HK", Role::Statistician).await;
        let statistician = Agent::login(&server, "commune.stat").await;
        assert_eq!(statistician.get("/api/v1/notifications").await.1["notices"], json!([]));
        assert!(!commune.get("/api/v1/notifications").await.1["notices"].as_array().unwrap().is_empty());

        // Nor by merging a record of one's own into hers (the second review read
        // her whole record that way), nor by searching her name.
        let (_, own) = colleague.post("/api/v1/cases", json!({"person": woman("Thu Nghiệm Một", json!({"kind": "year", "year": 1990}), "VN"), "reception": reception("self_report", "2025-09-01")})).await;
        let (status, refused) = colleague.post(&format!("/api/v1/persons/{}/merge", own["person_id"]), json!({"version": 1, "merge_person_id": record.person_id, "merge_person_version": 1, "reason": "trùng"})).await;
        assert_eq!((status, refused["code"].as_str()), (StatusCode::FORBIDDEN, Some("identity_not_visible")), "{refused}");
        let (_, found) = colleague.post("/api/v1/cases/search", json!({"q": "be muoi"})).await;
        assert_eq!(found["total"], 0, "her name finds nothing for a colleague who sees her masked: {found}");
        let (_, found) = commune.post("/api/v1/cases/search", json!({"q": "be muoi"})).await;
        assert_eq!(found["items"][0]["case_number"], child.as_str(), "her assigned worker finds her");
        let (_, found) = commune.post("/api/v1/cases/search", json!({"q": "gia lap muoi"})).await;
        assert_eq!(found["items"][0]["case_number"], child.as_str(), "each word of her name, wherever it stands: {found}");
        for wildcard in ["%", "_", "%%"] {
            let (_, found) = commune.post("/api/v1/cases/search", json!({"q": wildcard})).await;
            assert_eq!(found["total"], 0, "{wildcard} is not a wildcard: {found}");
        }

        // A document naming an adult victim: listed for the supervisor, never opened.
        let adult = commune.open(woman("Giả Lập Thị Bình", json!({"kind": "year", "year": 1999}), "VN"), reception("self_report", "2025-08-01")).await;
        store.attach(org.commune, &adult, 1, haven_store::attachments::Upload { file_name: "bien-ban-Gia-Lap-Thi-Binh.txt", description: None, content: "BIÊN BẢN: Giả Lập Thị Bình, CCCD 019990000023".as_bytes() }, haven_testkit::fixtures::today()).await.unwrap();
        let (_, files) = supervisor.get(&format!("/api/v1/cases/{adult}/attachments")).await;
        assert!(files[0]["file_name"].is_null());
        let download = supervisor.raw_get(&format!("/api/v1/cases/{adult}/attachments/1")).await;
        assert_eq!(download.status(), StatusCode::FORBIDDEN);
        assert!(download.headers().get("content-disposition").is_none());
        assert!(!download.text().await.unwrap().contains("019990000023"));
        let by_worker = commune.raw_get(&format!("/api/v1/cases/{adult}/attachments/1")).await;
        assert_eq!(by_worker.status(), StatusCode::OK);
        // Referred with her sex and birth year only: the shelter sees that a document exists, not what it says.
        commune.step(&adult, json!({"command": "send_referral", "to_agency_id": org.shelter.agency_id, "to_facility_id": null, "reason": "hỗ trợ", "shared_fields": ["sex", "birth"], "transfer_lead": false, "sent_on": "2025-08-02"})).await;
        let shelter = Agent::login(&server, "shelter").await;
        let (status, _) = shelter.get(&format!("/api/v1/cases/{adult}/attachments")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "until it accepts, the shelter sees no document at all");
        assert_eq!(shelter.raw_get(&format!("/api/v1/cases/{adult}/history")).await.status(), StatusCode::NOT_FOUND, "nor the journey");
        shelter.step(&adult, json!({"command": "accept_referral", "referral_no": 1, "answered_on": "2025-08-02"})).await;
        let (status, files) = shelter.get(&format!("/api/v1/cases/{adult}/attachments")).await;
        assert_eq!((status, files.as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "{files}");
        assert!(files[0]["file_name"].is_null(), "{files}");
        assert_eq!(shelter.raw_get(&format!("/api/v1/cases/{adult}/attachments/1")).await.status(), StatusCode::FORBIDDEN);

        // The duplicate search proposes her to another agency, but says neither
        // which details agree nor how much (the review found her birth year and
        // home commune by changing one detail at a time); and it is logged.
        let probe = json!({"person": {"full_name": "Gia Lap Thi Binh", "sex": "female", "birth": {"kind": "year", "year": 1999}, "nationality": "VN"}});
        let (status, found) = border.post("/api/v1/persons/duplicates", probe.clone()).await;
        assert_eq!(status, StatusCode::OK);
        let her = found.as_array().unwrap().iter().find(|c| c["known_to_agency_id"] == org.commune.agency_id).expect("proposed").clone();
        assert_eq!(her["reasons"], json!([]), "{her}");
        assert!([45, 100].contains(&her["score"].as_u64().unwrap()), "{her}");
        let (_, own) = commune.post("/api/v1/persons/duplicates", probe).await;
        assert!(!own[0]["reasons"].as_array().unwrap().is_empty(), "the lead agency's worker sees why");
        let border_id = store.user_by_username("border").await.unwrap().unwrap().id;
        let searches = store.access_log(&haven_store::access::AccessQuery { limit: 100, ..Default::default() }).await.unwrap()
            .into_iter().filter(|e| e.action == "search_persons" && e.user_id == border_id).count();
        assert_eq!(searches, 1, "the search is in the access log");
        server.stop().await;
    }

    async fn agencies_registered_in_legacy_units_are_supervised_through_the_2025_mapping(store) {
        seed_org(&store).await;
        let legacy = |code: &str, unit: &str| NewAgency { code: code.into(), name: format!("Cơ quan {code}"), sector: "police".into(), admin_unit_id: unit.into(), parent_agency_code: None };
        // A district police office (districts were abolished in 2025), a supervisor
        // registered under the legacy province of Hà Nội, and one under a legacy district.
        store.add_agency(&legacy("HK-CA", "legacy/01/002")).await.unwrap();
        store.add_agency(&legacy("HN-LD-CU", "legacy/01")).await.unwrap();
        store.add_agency(&legacy("HK-LD", "legacy/01/002")).await.unwrap();
        add_user(&store, "district.police", "HK-CA", Role::PoliceOfficer).await;
        add_user(&store, "old.supervisor", "HN-LD-CU", Role::Supervisor).await;
        add_user(&store, "district.supervisor", "HK-LD", Role::Supervisor).await;
        assert_eq!(store.user_by_username("old.supervisor").await.unwrap().unwrap().agency_unit_today.as_deref(), Some("2025/01"));
        assert_eq!(store.user_by_username("district.supervisor").await.unwrap().unwrap().agency_unit_today, None, "no 2025 district: no jurisdiction, rather than a whole province");
        let server = TestServer::start(store.clone(), common::settings()).await;
        let police = Agent::login(&server, "district.police").await;
        let n = police.open(woman("Giả Lập Thị Cũ", json!({"kind": "year", "year": 1990}), "VN"), reception("rescue", "2025-08-01")).await;
        let old = Agent::login(&server, "old.supervisor").await;
        let (_, list) = old.get("/api/v1/cases").await;
        assert_eq!(list["items"][0]["case_number"], n.as_str(), "the district's case is held in today's province: {list}");
        assert_eq!(list["items"][0]["scope"], "supervised");
        assert_eq!(old.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::OK);
        let district = Agent::login(&server, "district.supervisor").await;
        assert_eq!(district.get("/api/v1/cases").await.1["total"], 0);
        assert_eq!(district.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::NOT_FOUND);
        server.stop().await;
    }
}
