//! Webhooks end to end on both databases: a system administrator registers
//! a local receiver over the API (others are refused), cases, referrals, a
//! report and an urgent call happen, the receiver is down at first — the
//! deliveries wait and are retried after the backoff — then takes them:
//! each signed (checked with the receiver's own HMAC), carrying codes and
//! numbers only, never a name. Stopping the endpoint stops the deliveries.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use chrono::{Duration, Utc};
use common::{reception, woman, Agent, TestServer};
use haven_domain::role::Role;
use haven_server::webhooks::Dispatcher;
use haven_store::access::AccessQuery;
use haven_store::report_submissions::SubmissionWrite;
use haven_testkit::fixtures::{add_user, seed_hotline_agencies, seed_org};
use haven_testkit::webhook_receiver::WebhookReceiver;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const NAME: &str = "Giả Lập Thị Móc";
const PHONE: &str = "0912345678";

fn urgent_contact() -> Value {
    json!({
        "channel": "phone_call",
        "started_at": (Utc::now() - Duration::minutes(15)).to_rfc3339(),
        "ended_at": (Utc::now() - Duration::minutes(7)).to_rfc3339(),
        "caller": {"relation": "parent", "consents_to_keep_number": true, "phone": PHONE},
        "concerned": {"sex": "female", "age_years": 15, "place_unit_id": "2025/01/00070"},
        "categories": ["rescue_request"],
        "urgency": "immediate_danger",
        "summary": format!("{NAME} bị giữ tại nhà nghỉ."),
        "steps": ["information_given"],
        "outcome": "ongoing"
    })
}

haven_testkit::backend_tests! {
    async fn deliveries_are_signed_retried_and_carry_no_personal_data(store) {
        let org = seed_org(&store).await;
        seed_hotline_agencies(&store).await;
        add_user(&store, "operator", "TD111", Role::HotlineOperator).await;
        add_user(&store, "sysadmin", "HNI-SYT", Role::SystemAdmin).await;
        add_user(&store, "agencyadmin", "HNI-SYT", Role::AgencyAdmin).await;
        let receiver = WebhookReceiver::start().await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let admin = Agent::login(&server, "sysadmin").await;

        // Only the system's administrators see and register endpoints.
        let every_kind: Vec<&str> = haven_domain::webhook::WebhookEvent::ALL.iter().map(|e| e.code()).collect();
        for username in ["police", "agencyadmin"] {
            let other = Agent::login(&server, username).await;
            assert_eq!(other.get("/api/v1/admin/webhooks").await.0, StatusCode::FORBIDDEN);
            assert_eq!(other.get("/api/v1/admin/webhooks/deliveries").await.0, StatusCode::FORBIDDEN);
            let (status, _) = other.post("/api/v1/admin/webhooks", json!({"url": receiver.url(), "events": every_kind})).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let (status, refused) = admin.post("/api/v1/admin/webhooks", json!({"url": "http://hethong.example.vn/hook", "events": []})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let rules: Vec<(&str, &str)> = refused["violations"].as_array().unwrap().iter().map(|v| (v["field"].as_str().unwrap(), v["rule"].as_str().unwrap())).collect();
        assert_eq!(rules, [("url", "https"), ("events", "required")], "{refused}");
        assert!(refused["violations"][0]["message_vi"].as_str().unwrap().contains("https://"));
        let (status, registered) = admin.post("/api/v1/admin/webhooks", json!({"url": receiver.url(), "events": every_kind})).await;
        assert_eq!(status, StatusCode::CREATED, "{registered}");
        let secret = registered["secret"].as_str().unwrap().to_owned();
        assert_eq!(secret.len(), 64);
        let endpoint_id = registered["endpoint"]["id"].as_i64().unwrap();
        let (_, listed) = admin.get("/api/v1/admin/webhooks").await;
        assert!(!listed.to_string().contains(&secret), "the secret is shown once only");
        let log = store.access_log(&AccessQuery { limit: 100, ..Default::default() }).await.unwrap();
        let logged: BTreeSet<(&str, &str)> = log.iter().filter(|e| e.action.contains("webhook")).map(|e| (e.action.as_str(), e.outcome.as_str())).collect();
        assert_eq!(logged, BTreeSet::from([("read_webhooks", "deny"), ("register_webhook", "deny"), ("register_webhook", "allow"), ("read_webhooks", "allow")]));

        // Things happen: a case opened, referred and accepted, another closed,
        // a report submitted and approved, an urgent call dispatched.
        let commune = Agent::login(&server, "commune").await;
        let shelter = Agent::login(&server, "shelter").await;
        let today = Utc::now().date_naive().to_string();
        let number = commune.open(woman(NAME, json!({"kind": "year", "year": 2004}), "VN"), reception("self_report", &today)).await;
        commune.step(&number, json!({"command": "send_referral", "to_agency_id": org.shelter.agency_id, "reason": "Cần chỗ ở", "shared_fields": ["full_name"], "sent_on": today})).await;
        shelter.step(&number, json!({"command": "accept_referral", "referral_no": 1, "answered_on": today})).await;
        let second = commune.open(woman("Giả Lập Thị Hai", json!({"kind": "year", "year": 2005}), "VN"), reception("self_report", &today)).await;
        commune.step(&second, json!({"command": "close", "reason": "not_trafficking", "closed_on": today})).await;
        for (action, status, version) in [("submit", "submitted", None), ("approve", "approved", Some(1))] {
            store.save_report_submission(SubmissionWrite {
                area_code: "01", period_code: "2026-Q3", level: "province", province_code: Some("01"),
                expected_version: version, status, action,
                user_id: if action == "submit" { org.commune.user_id } else { org.police.user_id },
                narrative: None, snapshot: None, due_on: None, submits: action == "submit",
                review_comment: (action == "approve").then_some("Đạt"),
            }).await.unwrap();
        }
        let operator = Agent::login(&server, "operator").await;
        let (status, contact) = operator.post("/api/v1/contacts", json!({"contact": urgent_contact(), "dispatch": {"agency_id": org.police.agency_id, "note": "Đến ngay"}})).await;
        assert_eq!(status, StatusCode::CREATED, "{contact}");
        let contact_number = contact["number"].as_str().unwrap().to_owned();

        // The receiver is down: everything waits, to be tried again.
        let dispatcher = Dispatcher::new(store.clone(), "https://haven.example.vn/".into()).unwrap();
        receiver.answer_with(503);
        let now = Utc::now() + Duration::seconds(1);
        let first = dispatcher.round(now).await.unwrap();
        assert_eq!((first.delivered, first.failed), (0, 8));
        assert_eq!(dispatcher.round(now).await.unwrap().failed, 0, "nothing is retried before the backoff");
        let (status, waiting) = admin.get("/api/v1/admin/webhooks/deliveries?status=pending").await;
        assert_eq!(status, StatusCode::OK);
        let waiting = waiting.as_array().unwrap();
        assert_eq!(waiting.len(), 8);
        assert!(waiting.iter().all(|d| d["attempts"] == 1 && d["last_error"] == "status" && d["last_status"] == 503), "{waiting:?}");
        let (status, bad) = admin.get("/api/v1/admin/webhooks/deliveries?status=lost").await;
        assert_eq!((status, bad["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("status")));

        // Back up: each is delivered once, after the backoff.
        receiver.answer_with(200);
        let second_round = dispatcher.round(now + Duration::minutes(2)).await.unwrap();
        assert_eq!((second_round.delivered, second_round.failed), (8, 0));
        assert_eq!(dispatcher.round(now + Duration::hours(3)).await.unwrap(), Default::default());
        let received = receiver.received();
        assert_eq!(received.len(), 16, "eight refused, then eight taken");
        let taken = &received[8..];
        for delivery in &received {
            assert!(delivery.signed_with(&secret), "{delivery:?}");
            assert!(!delivery.signed_with("another secret"));
            assert_eq!(delivery.content_type, "application/json");
            assert!(!delivery.body.contains(NAME) && !delivery.body.contains("Giả Lập") && !delivery.body.contains(PHONE), "{}", delivery.body);
        }
        let mut tampered = taken[0].clone();
        tampered.body = tampered.body.replacen("\"event\"", "\"evenT\"", 1);
        assert!(!tampered.signed_with(&secret), "the signature covers the body");
        // A retry is the same body, the same event id (deliveries go side by side: in any order).
        let refused_bodies: BTreeSet<&str> = received[..8].iter().map(|d| d.body.as_str()).collect();
        let taken_bodies: BTreeSet<&str> = taken.iter().map(|d| d.body.as_str()).collect();
        assert_eq!(refused_bodies, taken_bodies);
        let events: BTreeSet<(String, String, Vec<String>)> = taken.iter().map(|d| {
            let body = d.json();
            let keys: BTreeSet<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, BTreeSet::from(["id", "event", "subject", "agencies", "occurred_at", "link"]), "{body}");
            assert_eq!(body["event"].as_str().unwrap(), d.event_header);
            let agencies = body["agencies"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect();
            (body["event"].as_str().unwrap().to_owned(), body["subject"].as_str().unwrap().to_owned(), agencies)
        }).collect();
        let s = |x: &str| x.to_owned();
        assert_eq!(events, BTreeSet::from([
            (s("case_opened"), number.clone(), vec![s("HNI-UBND-HK")]),
            (s("referral_sent"), number.clone(), vec![s("HNI-UBND-HK"), s("HNI-TTBTXH")]),
            (s("referral_answered"), number.clone(), vec![s("HNI-TTBTXH"), s("HNI-UBND-HK")]),
            (s("case_opened"), second.clone(), vec![s("HNI-UBND-HK")]),
            (s("case_closed"), second.clone(), vec![s("HNI-UBND-HK")]),
            (s("report_submitted"), s("01/2026-Q3"), vec![s("HNI-UBND-HK")]),
            (s("report_approved"), s("01/2026-Q3"), vec![s("HNI-CA"), s("HNI-UBND-HK")]),
            (s("contact_dispatched"), contact_number.clone(), vec![s("TD111"), s("HNI-CA")]),
        ]));
        let links: BTreeSet<String> = taken.iter().map(|d| d.json()["link"].as_str().unwrap().to_owned()).collect();
        assert_eq!(links, BTreeSet::from([
            format!("https://haven.example.vn/cases/{number}"),
            format!("https://haven.example.vn/cases/{second}"),
            s("https://haven.example.vn/reports/submission?area=01&period=2026-Q3"),
            format!("https://haven.example.vn/contacts/{contact_number}"),
        ]));
        let ids: BTreeSet<String> = taken.iter().map(|d| d.json()["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(ids.len(), 8);

        // Stopping is on the version seen, and for good.
        let (status, _) = admin.post(&format!("/api/v1/admin/webhooks/{endpoint_id}/deactivate"), json!({"version": 9})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, stopped) = admin.post(&format!("/api/v1/admin/webhooks/{endpoint_id}/deactivate"), json!({"version": 1})).await;
        assert_eq!((status, &stopped["active"]), (StatusCode::OK, &json!(false)), "{stopped}");
        commune.open(woman("Giả Lập Thị Ba", json!({"kind": "year", "year": 2006}), "VN"), reception("self_report", &today)).await;
        assert_eq!(dispatcher.round(Utc::now() + Duration::hours(4)).await.unwrap(), Default::default());
        assert_eq!(receiver.received().len(), 16);
        server.stop().await;
    }
}
