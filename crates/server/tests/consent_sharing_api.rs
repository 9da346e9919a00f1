//! Consent counts, on both databases: a referral carries the person's
//! identity only to an agency she consented to share with (a child's only on
//! a parent's or guardian's consent, or a best-interest reason the lead
//! agency's social worker gives); otherwise it goes without and says why, and
//! withdrawing consent takes back what was shared.
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

fn referral(to: i64, best_interest: Option<&str>) -> Value {
    let mut command = json!({"command": "send_referral", "to_agency_id": to, "to_facility_id": null, "reason": "lưu trú", "shared_fields": ["full_name", "birth"], "transfer_lead": false, "sent_on": "2025-08-02"});
    if let Some(reason) = best_interest {
        command["best_interest_reason"] = json!(reason);
    }
    command
}

fn consent(to: i64, given: bool, given_by: &str) -> Value {
    json!({"command": "record_consent", "scope": {"kind": "share_with", "agency_id": to}, "given": given, "given_by": given_by, "on": "2025-08-02"})
}

/// Posts a step on the case's current version, answering status and body.
async fn try_step(agent: &Agent, number: &str, command: Value) -> (StatusCode, Value) {
    let (_, case) = agent.get(&format!("/api/v1/cases/{number}")).await;
    let version = case["version"].as_i64().unwrap();
    agent
        .post(
            &format!("/api/v1/cases/{number}/commands"),
            json!({"version": version, "command": command}),
        )
        .await
}

haven_testkit::backend_tests! {
    async fn an_adults_identity_goes_only_where_she_consented_and_comes_back_when_she_withdraws(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let shelter = Agent::login(&server, "shelter").await;
        let police = Agent::login(&server, "police").await;
        let n = commune.open(woman("Giả Lập Thị Đồng Ý", json!({"kind": "year", "year": 1995}), "VN"), reception("self_report", "2025-08-01")).await;

        // Consent to share with the police is not consent to share with the shelter.
        commune.step(&n, consent(org.police.agency_id, true, "person")).await;
        let (status, sent) = try_step(&commune, &n, referral(org.shelter.agency_id, None)).await;
        assert_eq!(status, StatusCode::OK, "the referral goes all the same");
        let first = &sent["state"]["referrals"][0];
        assert_eq!(first["shared_fields"], json!([]));
        assert_eq!(first["sharing"], json!({"outcome": "withheld", "asked": ["full_name", "birth"], "because": "no_consent"}));
        let (_, seen) = shelter.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(seen["scope"], "offered");
        assert_eq!(seen["state"]["referrals"][0]["reason"], "lưu trú", "the agency reads why before it decides");
        assert!(seen["person"]["person"]["full_name"].is_null(), "{seen}");
        assert!(seen["person"]["masked_fields"].as_array().unwrap().contains(&json!("full_name")));

        // Her consent to share with the shelter: the next referral carries what was chosen.
        commune.step(&n, consent(org.shelter.agency_id, true, "person")).await;
        let (_, sent) = try_step(&commune, &n, referral(org.shelter.agency_id, None)).await;
        assert_eq!(sent["state"]["referrals"][1]["sharing"], json!({"outcome": "shared", "basis": "consent"}));
        let (_, seen) = shelter.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(seen["person"]["person"]["full_name"], "Giả Lập Thị Đồng Ý");
        assert!(seen["person"]["person"]["contact"].is_null(), "only what the sender chose");
        // The police were referred nothing: their consent alone opens nothing.
        assert_eq!(police.get(&format!("/api/v1/cases/{n}")).await.0, StatusCode::NOT_FOUND);

        // She withdraws it: what was shared on it is taken back at once.
        commune.step(&n, consent(org.shelter.agency_id, false, "person")).await;
        let (_, seen) = shelter.get(&format!("/api/v1/cases/{n}")).await;
        assert!(seen["person"]["person"]["full_name"].is_null(), "{seen}");
        assert_eq!(seen["state"]["referrals"][1]["sharing"]["because"], "consent_withdrawn");

        // An adult's identity is hers to share: no best-interest reason for her.
        let (status, refused) = try_step(&commune, &n, referral(org.shelter.agency_id, Some("vì lợi ích của chị"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["violations"][0]["field"], "best_interest_reason");
        assert_eq!(refused["violations"][0]["rule"], "best_interest_only_for_a_child");
        server.stop().await;
    }

    async fn a_birth_learnt_later_takes_back_what_her_own_consent_shared(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let shelter = Agent::login(&server, "shelter").await;
        let n = commune.open(woman("Giả Lập Thị Tưởng Lớn", json!({"kind": "year", "year": 1995}), "VN"), reception("self_report", "2025-08-01")).await;
        commune.step(&n, consent(org.shelter.agency_id, true, "person")).await;
        commune.step(&n, referral(org.shelter.agency_id, None)).await;
        shelter.step(&n, json!({"command": "accept_referral", "referral_no": 1, "answered_on": "2025-08-03"})).await;
        assert_eq!(shelter.get(&format!("/api/v1/cases/{n}")).await.1["person"]["person"]["full_name"], "Giả Lập Thị Tưởng Lớn");
        // A document whose name and description name her.
        let version = commune.get(&format!("/api/v1/cases/{n}")).await.1["version"].as_i64().unwrap();
        let form = reqwest::multipart::Form::new()
            .text("version", version.to_string())
            .text("description", "Biên bản giao nhận Giả Lập Thị Tưởng Lớn")
            .part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec()).file_name("Giả Lập Thị Tưởng Lớn - CCCD.pdf"));
        let uploaded = commune.http.post(server.url(&format!("/api/v1/cases/{n}/attachments"))).header(haven_server::CSRF_HEADER, &commune.csrf).multipart(form).send().await.unwrap();
        assert!(uploaded.status().is_success(), "{}", uploaded.status());
        // Her papers show she is twelve: her own consent no longer shares her record.
        let person_id = store.case_by_number(&n).await.unwrap().unwrap().person_id;
        let version = store.person_view(person_id).await.unwrap().unwrap().version;
        let child = woman("Giả Lập Thị Tưởng Lớn", json!({"kind": "date", "date": "2013-04-30"}), "VN");
        let (status, _) = commune.send("PUT", &format!("/api/v1/cases/{n}/person"), Some(json!({"version": version, "person": child}))).await;
        assert_eq!(status, StatusCode::OK);
        let (status, seen) = shelter.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(seen["person"]["person"]["full_name"].is_null(), "{seen}");
        assert!(seen["person"]["person"]["birth"].is_null(), "{seen}");
        let (_, history) = shelter.get(&format!("/api/v1/cases/{n}/history")).await;
        assert!(!history.to_string().contains("Tưởng Lớn"), "{history}");
        server.stop().await;
    }

    async fn a_childs_identity_goes_on_a_guardians_consent_or_the_lead_social_workers_best_interest_reason(store) {
        let org = seed_org(&store).await;
        add_user(&store, "commune_wu", "HNI-UBND-HK", Role::WomensUnionOfficer).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let womens_union = Agent::login(&server, "commune_wu").await;
        let shelter = Agent::login(&server, "shelter").await;
        let police = Agent::login(&server, "police").await;
        let child = commune.open(woman("Giả Lập Thị Bé", json!({"kind": "year", "year": 2012}), "VN"), reception("self_report", "2025-08-01")).await;

        // The child's own consent is recorded, but does not share her record.
        commune.step(&child, consent(org.shelter.agency_id, true, "person")).await;
        let (_, sent) = try_step(&commune, &child, referral(org.shelter.agency_id, None)).await;
        assert_eq!(sent["state"]["referrals"][0]["sharing"]["because"], "child_needs_guardian_consent");
        let (_, seen) = shelter.get(&format!("/api/v1/cases/{child}")).await;
        assert!(seen["person"]["person"]["full_name"].is_null(), "{seen}");

        // A parent's consent to share with the shelter does.
        commune.step(&child, consent(org.shelter.agency_id, true, "parent_or_guardian")).await;
        let (_, sent) = try_step(&commune, &child, referral(org.shelter.agency_id, None)).await;
        assert_eq!(sent["state"]["referrals"][1]["sharing"], json!({"outcome": "shared", "basis": "guardian_consent"}));
        let (_, seen) = shelter.get(&format!("/api/v1/cases/{child}")).await;
        assert_eq!(seen["person"]["person"]["full_name"], "Giả Lập Thị Bé");

        // Without a guardian's consent for the police, only the lead agency's
        // social worker may give a best-interest reason — not another role there…
        let (status, refused) = try_step(&womens_union, &child, referral(org.police.agency_id, Some("Cha mẹ liên quan đến vụ việc"))).await;
        assert_eq!((status, refused["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("best_interest_reason")), "{refused}");
        assert_eq!(refused["violations"][0]["rule"], "not_a_social_worker");
        // …and an empty reason is no reason.
        let (status, refused) = try_step(&commune, &child, referral(org.police.agency_id, Some("  "))).await;
        assert_eq!((status, refused["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("required")));
        let (_, sent) = try_step(&commune, &child, referral(org.police.agency_id, Some("Cha mẹ liên quan đến vụ việc"))).await;
        assert_eq!(sent["state"]["referrals"][2]["sharing"], json!({"outcome": "shared", "basis": "best_interest"}));
        let (_, seen) = police.get(&format!("/api/v1/cases/{child}")).await;
        assert_eq!(seen["person"]["person"]["full_name"], "Giả Lập Thị Bé");
        assert!(seen["person"]["person"]["contact"].is_null());

        // The reason stays in the history, as free text masked where the policy masks it.
        let (_, history) = commune.get(&format!("/api/v1/cases/{child}/history")).await;
        let entry = history.as_array().unwrap().iter().rev().find(|e| e["command"] == "send_referral").unwrap();
        assert_eq!(entry["payload"]["best_interest_reason"], "Cha mẹ liên quan đến vụ việc");

        // A referred agency cannot share a child onwards in her best interest.
        police.step(&child, json!({"command": "accept_referral", "referral_no": 3, "answered_on": "2025-08-03"})).await;
        // Their own referral's slip, not the shelter's.
        assert_eq!(police.raw_get(&format!("/cases/{child}/referrals/3/print")).await.status(), StatusCode::OK);
        assert_eq!(police.raw_get(&format!("/cases/{child}/referrals/1/print")).await.status(), StatusCode::NOT_FOUND);
        let (status, refused) = try_step(&police, &child, referral(org.shelter.agency_id, Some("khẩn cấp"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["violations"][0]["field"], "best_interest_reason");
        server.stop().await;
    }
}
