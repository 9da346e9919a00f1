//! Attachments, person records and the paged case list over HTTP, on both
//! databases, with the policy's refusals.
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
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

async fn upload(
    agent: &Agent,
    number: &str,
    version: i64,
    name: &str,
    content: &[u8],
) -> (StatusCode, Value) {
    let form = Form::new()
        .text("version", version.to_string())
        .text("description", "Biên bản bàn giao")
        .part(
            "file",
            Part::bytes(content.to_vec()).file_name(name.to_owned()),
        );
    let r = agent
        .http
        .post(format!("{}/api/v1/cases/{number}/attachments", agent.base))
        .header(haven_server::CSRF_HEADER, &agent.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

haven_testkit::backend_tests! {
    async fn a_step_answers_with_the_case_as_the_caller_may_see_it(store) {
        seed_org(&store).await;
        add_user(&store, "supervisor", "HNI-SYT", Role::Supervisor).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let supervisor = Agent::login(&server, "supervisor").await;
        let n = commune.open(woman("Giả Lập Thị Kín", json!({"kind": "year", "year": 1996}), "VN"), reception("self_report", "2025-08-01")).await;
        let (status, uploaded) = upload(&commune, &n, 1, "cccd-gia-lap-thi-kin.pdf", PDF).await;
        assert_eq!(status, StatusCode::CREATED, "{uploaded}");
        assert_eq!(uploaded["person"]["person"]["full_name"], "Giả Lập Thị Kín", "the lead sees what it typed");
        // A supervisor may close a case in its province but sees no identity: neither
        // may the answer to its step carry one (it once returned the stored record).
        let (status, closed) = supervisor.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 2, "command": {"command": "close", "reason": "not_trafficking", "closed_on": "2025-08-02"}})).await;
        assert_eq!(status, StatusCode::OK, "{closed}");
        assert_eq!((closed["version"].as_i64(), closed["scope"].as_str()), (Some(3), Some("supervised")));
        let text = closed.to_string();
        assert!(!text.contains("cccd-gia-lap") && !text.contains("Kín") && !text.contains("001199000001"), "{text}");
        assert!(closed["person"]["person"]["full_name"].is_null());
        server.stop().await;
    }

    async fn files_are_uploaded_listed_downloaded_and_refused_when_damaged(store) {
        seed_org(&store).await;
        let dir = store.attachment_dir().unwrap().to_owned();
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let police = Agent::login(&server, "police").await;
        let n = commune.open(woman("Giả Lập Thị Đào", json!({"kind": "year", "year": 2001}), "VN"), reception("self_report", "2025-08-01")).await;

        let (status, case) = upload(&commune, &n, 1, "biên bản bàn giao.pdf", PDF).await;
        assert_eq!(status, StatusCode::CREATED, "{case}");
        assert_eq!(case["version"], 2);
        let (status, stale) = upload(&commune, &n, 1, "b.pdf", PDF).await;
        assert_eq!((status, stale["code"].as_str()), (StatusCode::CONFLICT, Some("stale_version")));
        let (status, refused) = upload(&commune, &n, 2, "virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!((refused["field"].as_str(), refused["violations"][0]["rule"].as_str()), (Some("file"), Some("file_type")));
        assert!(refused["message_vi"].as_str().is_some() && refused["violations"][0]["message_vi"].as_str().unwrap().contains("Loại tệp"));
        let (status, no_version) = {
            let form = Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("a.pdf"));
            let r = commune.http.post(format!("{}/api/v1/cases/{n}/attachments", commune.base)).header(haven_server::CSRF_HEADER, &commune.csrf).multipart(form).send().await.unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        };
        assert_eq!((status, no_version["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("version")));
        let (status, not_form) = commune.post(&format!("/api/v1/cases/{n}/attachments"), json!({"version": 2})).await;
        assert_eq!((status, not_form["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_multipart")));
        let (status, forged) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 2, "command": {
            "command": "attach_document", "file_id": "00000000000000000000000000000000", "file_name": "x.pdf",
            "media_type": "application/pdf", "size_bytes": 1, "sha256": "00", "description": null, "attached_on": "2025-08-02"}})).await;
        assert_eq!((status, forged["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("attach_through_upload")));

        let (status, list) = commune.get(&format!("/api/v1/cases/{n}/attachments")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!((list[0]["attachment_no"].as_u64(), list[0]["media_type"].as_str(), list[0]["file_name"].as_str()), (Some(1), Some("application/pdf"), Some("biên bản bàn giao.pdf")));
        let file = commune.http.get(format!("{}/api/v1/cases/{n}/attachments/1", commune.base)).send().await.unwrap();
        assert_eq!(file.status(), StatusCode::OK);
        assert_eq!(file.headers()["content-type"], "application/pdf");
        assert_eq!(file.headers()["cache-control"], "no-store");
        let disposition = file.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''bi%C3%AAn"), "{disposition}");
        assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);

        assert_eq!(police.get(&format!("/api/v1/cases/{n}/attachments")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(police.get(&format!("/api/v1/cases/{n}/attachments/1")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(upload(&police, &n, 2, "a.pdf", PDF).await.0, StatusCode::NOT_FOUND);
        assert_eq!(commune.get(&format!("/api/v1/cases/{n}/attachments/9")).await.0, StatusCode::NOT_FOUND);

        let file_id = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
        std::fs::write(&file_id, b"%PDF-1.7 altered behind Haven's back").unwrap();
        let (status, damaged) = commune.get(&format!("/api/v1/cases/{n}/attachments/1")).await;
        assert_eq!((status, damaged["code"].as_str()), (StatusCode::INTERNAL_SERVER_ERROR, Some("attachment_corrupted")));
        std::fs::remove_file(&file_id).unwrap();
        let (_, missing) = commune.get(&format!("/api/v1/cases/{n}/attachments/1")).await;
        assert_eq!(missing["code"], "attachment_missing");
        commune.step(&n, json!({"command": "withdraw_attachment", "attachment_no": 1, "reason": "nhầm hồ sơ"})).await;
        let (status, gone) = commune.get(&format!("/api/v1/cases/{n}/attachments/1")).await;
        assert_eq!((status, gone["code"].as_str()), (StatusCode::GONE, Some("attachment_withdrawn")));
        server.stop().await;
    }

    async fn person_records_are_read_and_merged_by_the_agency_holding_all_their_cases(store) {
        let org = seed_org(&store).await;
        add_user(&store, "stats", "HNI-SYT", Role::Statistician).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let police = Agent::login(&server, "police").await;
        let stats = Agent::login(&server, "stats").await;
        let a = commune.open(woman("Giả Lập Thị Hồng", json!({"kind": "year", "year": 1998}), "VN"), reception("self_report", "2025-08-01")).await;
        let b = commune.open(woman("Gia Lap Thi Hong", json!({"kind": "year", "year": 1999}), "VN"), reception("self_return", "2026-01-05")).await;
        let c = police.open(woman("Giả Lập Thị Hồng", json!({"kind": "year", "year": 1998}), "VN"), reception("rescue", "2026-02-01")).await;
        let person_of = |case: Value| case["person_id"].as_i64().unwrap();
        let pa = person_of(commune.get(&format!("/api/v1/cases/{a}")).await.1);
        let pb = person_of(commune.get(&format!("/api/v1/cases/{b}")).await.1);
        let pc = person_of(police.get(&format!("/api/v1/cases/{c}")).await.1);

        let (status, read) = commune.get(&format!("/api/v1/persons/{pa}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((read["person"]["full_name"].as_str(), read["version"].as_i64()), (Some("Giả Lập Thị Hồng"), Some(1)));
        assert_eq!(read["case_numbers"], json!([a]));
        assert_eq!(police.get(&format!("/api/v1/persons/{pa}")).await.0, StatusCode::NOT_FOUND, "no case of hers at the police");
        assert_eq!(stats.get(&format!("/api/v1/persons/{pa}")).await.0, StatusCode::FORBIDDEN);
        assert_eq!(commune.get("/api/v1/persons/999999").await.0, StatusCode::NOT_FOUND);

        let (status, held) = commune.post(&format!("/api/v1/persons/{pa}/merge"), json!({"version": 1, "merge_person_id": pc, "merge_person_version": 1, "reason": "trùng"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the commune cannot reach the police's record: {held}");
        let (status, stale) = commune.post(&format!("/api/v1/persons/{pa}/merge"), json!({"version": 7, "merge_person_id": pb, "merge_person_version": 1, "reason": "trùng"})).await;
        assert_eq!((status, stale["code"].as_str()), (StatusCode::CONFLICT, Some("stale_version")));
        let (status, merged) = commune.post(&format!("/api/v1/persons/{pa}/merge"), json!({"version": 1, "merge_person_id": pb, "merge_person_version": 1, "reason": "cùng người, khác cách viết tên"})).await;
        assert_eq!(status, StatusCode::OK, "{merged}");
        assert_eq!(merged["moved_cases"], json!([b]));
        let (_, read) = commune.get(&format!("/api/v1/persons/{pa}")).await;
        assert_eq!(read["case_numbers"], json!([a, b]));
        assert_eq!(read["person"]["other_names"], json!([]), "the same name folded is not added twice");
        let (_, history) = commune.get(&format!("/api/v1/cases/{b}/history")).await;
        assert_eq!(history.as_array().unwrap().last().unwrap()["command"], "merge_person");

        // The police's record has a case the commune is only referred: a referred agency
        // does not merge (the merged record would show it more than the police shared).
        police.step(&c, json!({"command": "send_referral", "to_agency_id": org.commune.agency_id, "to_facility_id": null, "reason": "hỗ trợ tại xã", "shared_fields": [], "transfer_lead": false, "sent_on": "2026-02-02"})).await;
        let (status, refused) = commune.post(&format!("/api/v1/persons/{pc}/merge"), json!({"version": 1, "merge_person_id": pa, "merge_person_version": 2, "reason": "trùng"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "referred is not lead: {refused}");
        let (_, read) = police.get(&format!("/api/v1/persons/{pc}")).await;
        assert_eq!((read["case_numbers"].clone(), read["other_cases"].as_u64()), (json!([c]), Some(0)));

        // One of her cases moves to the police: the commune no longer leads every case of hers.
        commune.step(&b, json!({"command": "send_referral", "to_agency_id": org.police.agency_id, "to_facility_id": null, "reason": "xác minh", "shared_fields": [], "transfer_lead": true, "sent_on": "2026-02-03"})).await;
        police.step(&b, json!({"command": "accept_referral", "referral_no": 1, "answered_on": "2026-02-04"})).await;
        let d = commune.open(woman("Giả Lập Thị Hương", json!({"kind": "year", "year": 1998}), "VN"), reception("self_report", "2026-03-02")).await;
        let pd = person_of(commune.get(&format!("/api/v1/cases/{d}")).await.1);
        let (status, refused) = commune.post(&format!("/api/v1/persons/{pd}/merge"), json!({"version": 1, "merge_person_id": pa, "merge_person_version": 2, "reason": "trùng"})).await;
        assert_eq!((status, refused["code"].as_str()), (StatusCode::FORBIDDEN, Some("cases_held_elsewhere")));
        assert!(refused["message_vi"].as_str().unwrap().contains("cơ quan khác"));
        server.stop().await;
    }

    async fn the_case_list_pages_and_filters_by_administrative_unit(store) {
        seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let mut numbers = Vec::new();
        for (i, unit) in ["2025/01/00070", "legacy/01/002/00040", "2025/01/00004"].into_iter().enumerate() {
            let n = commune.open(woman(&format!("Giả Lập Thị {i}"), json!(null), "VN"), json!({"channel": "self_report", "received_on": format!("2025-08-0{}", i + 1), "place_unit_id": unit})).await;
            numbers.push(n);
        }
        let (_, ward) = commune.get("/api/v1/cases?unit_id=2025/01/00070").await;
        let ward: Vec<&str> = ward["items"].as_array().unwrap().iter().map(|c| c["case_number"].as_str().unwrap()).collect();
        assert_eq!(ward, vec![numbers[1].as_str(), numbers[0].as_str()]);
        let (_, page) = commune.get("/api/v1/cases?limit=1&offset=1").await;
        assert_eq!((page["total"].as_u64(), page["items"].as_array().unwrap().len()), (Some(3), 1));
        assert_eq!(page["items"][0]["case_number"], numbers[1].as_str());
        let (status, bad) = commune.get("/api/v1/cases?unit_id=2025/99").await;
        assert_eq!((status, bad["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unit_id")));
        let (status, bad) = commune.get("/api/v1/cases?limit=abc").await;
        assert_eq!((status, bad["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_query")));
        assert!(bad["message_vi"].as_str().is_some() && bad["message_en"].as_str().is_some());
        let (status, bad) = commune.get("/api/v1/persons/abc").await;
        assert_eq!((status, bad["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_path")));
        let (status, bad) = commune.get(&format!("/api/v1/cases/{}/attachments/x", numbers[0])).await;
        assert_eq!((status, bad["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_path")));
        server.stop().await;
    }
}
