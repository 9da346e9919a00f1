//! A whole journey with the logs captured at debug level: no victim's or
//! relative's name, identity number, phone or address may appear in them,
//! nor in any error response. Runs on both databases.
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
use haven_testkit::fixtures::seed_org;
use serde_json::{json, Value};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

/// Everything every test in this binary logged.
fn captured() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_ansi(false)
            .with_writer(move || Capture(sink.clone()))
            .init();
        logs
    })
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Personal data that must never leave the record.
const SECRETS: &[&str] = &[
    "Bí Mật Thị Hằng",
    "Bi Mat Thi Hang",
    "034199008877",
    "0912345678",
    "Xóm Bí Mật",
    "Bí Mật Văn Cha",
    "0987654321",
];

haven_testkit::backend_tests! {
    async fn no_personal_data_reaches_the_logs_or_error_responses(store) {
        let logs = captured();
        let org = seed_org(&store).await;
        store.add_agency(&haven_domain::organisation::NewAgency {
            code: "TD111".into(), name: "Tổng đài 111".into(), sector: "hotline_111".into(),
            admin_unit_id: "2025/01/00004".into(), parent_agency_code: None,
        }).await.unwrap();
        haven_testkit::fixtures::add_user(&store, "operator", "TD111", haven_domain::role::Role::HotlineOperator).await;
        // Every kind of event goes to a webhook receiver: its deliveries leave Haven too.
        let receiver = haven_testkit::webhook_receiver::WebhookReceiver::start().await;
        let every_kind = haven_domain::webhook::WebhookEvent::ALL.to_vec();
        store.webhooks().register(&haven_domain::webhook::NewEndpoint { url: receiver.url().into(), events: every_kind }, org.social_affairs.user_id, chrono::Utc::now()).await.unwrap();
        let dispatcher = haven_server::webhooks::Dispatcher::new(store.clone(), "https://haven.example.vn".into()).unwrap();
        let server = TestServer::start(store, common::settings()).await;
        let social = Agent::login(&server, "social").await;
        let police = Agent::login(&server, "police").await;
        let person = json!({
            "full_name": SECRETS[0], "other_names": [SECRETS[1]], "sex": "female",
            "birth": {"kind": "year", "year": 1999}, "nationality": "VN",
            "identity_papers": [{"kind": "citizen_id", "number": SECRETS[2]}],
            "permanent_residence": {"admin_unit_id": "2025/15/02683", "address_line": SECRETS[4]},
            "contact": SECRETS[3],
            "relatives": [{"relationship": "father", "full_name": SECRETS[5], "contact": SECRETS[6]}]
        });
        let mut responses: Vec<Value> = Vec::new();
        let (_, candidates) = social.post("/api/v1/persons/duplicates", json!({"person": person})).await;
        responses.push(candidates);
        let n = social.open(person.clone(), json!({"channel": "rescue", "received_on": "2025-08-01"})).await;
        for step in [
            json!({"command": "request_verification", "to_agency_id": org.police.agency_id, "abroad": false, "question": "xác minh", "sent_on": "2025-08-02"}),
            json!({"command": "apply_protection", "measure": "keep_identity_secret", "for_relative": 1, "from": "2025-08-02"}),
            json!({"command": "record_consent", "scope": {"kind": "share_with", "agency_id": org.police.agency_id}, "given": true, "given_by": "person", "on": "2025-08-02"}),
            json!({"command": "send_referral", "to_agency_id": org.police.agency_id, "to_facility_id": null, "reason": "xác minh", "shared_fields": ["full_name"], "transfer_lead": false, "sent_on": "2025-08-02"}),
        ] {
            social.step(&n, step).await;
        }
        // Refusals and bad input of every kind, with the secrets in them.
        for (path, body) in [
            ("/api/v1/cases".to_string(), json!({"person": {"full_name": SECRETS[0], "sex": "female", "birth": {"kind": "year", "year": 2090}, "nationality": "VN", "contact": SECRETS[3]}, "reception": {"channel": "rescue", "received_on": "2025-08-01"}})),
            ("/api/v1/cases".to_string(), json!({"person": {"full_name": SECRETS[0], "sex": "female", "nationality": "ZZ", "identity_papers": [{"kind": "citizen_id", "number": SECRETS[2]}]}, "reception": {"channel": "no_such_channel", "received_on": "2025-08-01"}})),
            (format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "add_note", "text": SECRETS[0]}})),
            (format!("/api/v1/cases/{n}/commands"), json!({"version": 99, "command": {"command": "close", "reason": SECRETS[0], "closed_on": "2025-08-03"}})),
            (format!("/api/v1/cases/{n}/emergency-access"), json!({"reason": SECRETS[0]})),
        ] {
            let (status, body) = social.post(&path, body).await;
            assert!(status.is_client_error(), "{path}: {status}");
            responses.push(body);
        }
        let (_, read_by_police) = police.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(read_by_police["person"]["person"]["full_name"], SECRETS[0], "the referral shared the name");
        assert!(read_by_police["person"]["person"]["contact"].is_null(), "but not the phone");
        responses.push(json!({"masked_for_police": read_by_police["person"]["person"]["relatives"]}));
        let (_, log) = social.get("/api/v1/access-log").await;
        responses.push(log);

        // A hotline contact with a caller's number and a name in what was said,
        // dispatched to the police, read, answered, and refused in every way.
        let operator = Agent::login(&server, "operator").await;
        let call = json!({
            "channel": "phone_call", "started_at": (chrono::Utc::now() - chrono::Duration::minutes(9)).to_rfc3339(),
            "caller": {"relation": "parent", "consents_to_keep_number": true, "phone": SECRETS[3]},
            "concerned": {"sex": "female", "age_years": 15, "place_unit_id": "2025/01/00070"},
            "categories": ["rescue_request"], "urgency": "immediate_danger",
            "summary": format!("{} bị giữ ở {}", SECRETS[0], SECRETS[4]), "outcome": "ongoing"
        });
        let (status, kept) = operator.post("/api/v1/contacts", json!({"contact": call, "dispatch": {"agency_id": org.police.agency_id}})).await;
        assert_eq!(status, reqwest::StatusCode::CREATED, "{kept}");
        let number = kept["number"].as_str().unwrap().to_owned();
        let (_, seen) = police.get(&format!("/api/v1/contacts/{number}")).await;
        responses.push(json!({"masked_for_police": seen["caller_number_masked"]}));
        let dispatch = seen["to_answer"].as_i64().unwrap();
        assert_eq!(police.post(&format!("/api/v1/contacts/{number}/dispatches/{dispatch}/answer"), json!({"answer": format!("Đã gặp {}", SECRETS[0])})).await.0, reqwest::StatusCode::OK);
        let mut bad_phone = call.clone();
        bad_phone["caller"]["phone"] = json!(format!("{} {}", SECRETS[3], SECRETS[0]));
        let mut no_consent = call.clone();
        no_consent["caller"]["consents_to_keep_number"] = json!(false);
        for (who, path, body) in [
            (&operator, "/api/v1/contacts".to_owned(), json!({"contact": bad_phone})),
            (&operator, "/api/v1/contacts".to_owned(), json!({"contact": no_consent})),
            (&operator, "/api/v1/contacts".to_owned(), json!({"contact": call})),
            (&social, "/api/v1/contacts".to_owned(), json!({"contact": call})),
            (&social, format!("/api/v1/contacts/{number}/case"), json!({"version": 1, "case_number": SECRETS[0]})),
            (&operator, format!("/api/v1/contacts/{number}/case"), json!({"version": 99, "case_number": SECRETS[2]})),
        ] {
            let (status, body) = who.post(&path, body).await;
            assert!(status.is_client_error(), "{path}: {status} {body}");
            responses.push(body);
        }
        server.stop().await;
        let sent = dispatcher.round(chrono::Utc::now() + chrono::Duration::seconds(1)).await.unwrap();
        assert!(sent.delivered >= 3, "{sent:?}");
        let delivered: Vec<String> = receiver.received().into_iter().map(|d| d.body).collect();
        assert_eq!(delivered.len(), sent.delivered);
        for body in &delivered {
            for secret in SECRETS {
                assert!(!body.contains(secret), "a webhook delivery holds {secret:?}: {body}");
            }
        }

        let logged = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
        assert!(logged.contains("DEBUG") || logged.contains("INFO"), "the capture works");
        let errors = serde_json::to_string(&responses).unwrap();
        for secret in SECRETS {
            assert!(!logged.contains(secret), "the logs hold {secret:?}");
            assert!(!errors.contains(secret), "a response holds {secret:?}: {errors}");
        }
    }
}
