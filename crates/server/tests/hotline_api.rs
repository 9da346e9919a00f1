//! The hotline's contacts over HTTP on both databases: an anonymous tip
//! that stays a contact, an urgent call dispatched to the ward police,
//! unanswered, escalated and answered, a case opened from a contact
//! without retyping (and only where the policy allows), a repeat caller's
//! history shown to the hotline only, a stale correction refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use chrono::{Duration, Utc};
use common::{Agent, TestServer};
use haven_domain::role::Role;
use haven_store::Store;
use haven_testkit::fixtures::{add_user, seed_org, Org};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The seeded organisation with a hotline (`operator`), a ward police
/// station under the city police (`ward`), and a statistician.
async fn hotline(store: &Store) -> Org {
    let org = seed_org(store).await;
    haven_testkit::fixtures::seed_hotline_agencies(store).await;
    add_user(store, "operator", "TD111", Role::HotlineOperator).await;
    add_user(store, "ward", "HNI-CA-HK", Role::PoliceOfficer).await;
    add_user(store, "numbers", "HNI-SYT", Role::Statistician).await;
    org
}

fn contact(urgency: &str, phone: Option<&str>) -> Value {
    json!({
        "channel": "phone_call",
        "started_at": (Utc::now() - Duration::minutes(15)).to_rfc3339(),
        "ended_at": (Utc::now() - Duration::minutes(7)).to_rfc3339(),
        "caller": {"relation": if phone.is_some() { "parent" } else { "unknown" }, "consents_to_keep_number": phone.is_some(), "phone": phone},
        "concerned": {"sex": "female", "age_years": 15, "place_unit_id": "2025/01/00070"},
        "categories": if urgency == "immediate_danger" { json!(["rescue_request"]) } else { json!(["recruiter_tip_off"]) },
        "urgency": urgency,
        "summary": "Người gọi báo một em gái 15 tuổi bị giữ tại nhà nghỉ.",
        "steps": ["information_given"],
        "outcome": "ongoing"
    })
}

async fn agency_id(store: &Store, code: &str) -> i64 {
    store.agency_by_code(code).await.unwrap().unwrap().id
}

fn fields(body: &Value) -> Vec<String> {
    body["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["field"].as_str().unwrap().to_owned())
        .collect()
}

haven_testkit::backend_tests! {
    async fn an_anonymous_tip_stays_a_contact_seen_by_its_hotline_only(store) {
        hotline(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let operator = Agent::login(&server, "operator").await;
        let (status, tip) = operator.post("/api/v1/contacts", json!({"contact": contact("not_urgent", None)})).await;
        assert_eq!(status, StatusCode::CREATED, "{tip}");
        assert_eq!((tip["sight"].as_str(), tip["caller_number"].as_str(), tip["duration_minutes"].as_i64()), (Some("kept"), None, Some(8)));
        let number = tip["number"].as_str().unwrap();
        let (_, listed) = operator.get("/api/v1/contacts").await;
        assert_eq!(listed.as_array().unwrap().len(), 1);
        // A day or a moment; a day means its start in Vietnam.
        let today = (Utc::now() - Duration::minutes(15)).with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).date_naive();
        let (status, by_day) = operator.get(&format!("/api/v1/contacts?from={today}")).await;
        assert_eq!((status, by_day.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));
        let (_, none) = operator.get(&format!("/api/v1/contacts?from={}", today.succ_opt().unwrap())).await;
        assert_eq!(none, json!([]));
        let (status, body) = operator.get(&format!("/api/v1/contacts?from={today}&until=2020-01-01")).await;
        assert_eq!((status, body["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("until")));
        assert_eq!(operator.get("/api/v1/contacts?from=hôm-qua").await.0, StatusCode::BAD_REQUEST);
        assert!(listed[0].get("summary").is_none(), "a list names no one and tells nothing said");

        let police = Agent::login(&server, "police").await;
        assert_eq!(police.get(&format!("/api/v1/contacts/{number}")).await.0, StatusCode::NOT_FOUND, "not dispatched: as if it did not exist");
        assert_eq!(police.get("/api/v1/contacts").await.1, json!([]));
        let statistician = Agent::login(&server, "numbers").await;
        assert_eq!(statistician.get("/api/v1/contacts").await.0, StatusCode::FORBIDDEN);
        assert_eq!(statistician.get(&format!("/api/v1/contacts/{number}")).await.0, StatusCode::FORBIDDEN);

        // The statistician sees the tip counted, as an aggregate, in the city's report.
        let year = chrono::Datelike::year(&(Utc::now() - Duration::minutes(15)).with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()));
        let (status, report) = statistician.get(&format!("/api/v1/statistics/report?period={year}&area=01")).await;
        assert_eq!(status, StatusCode::OK);
        let hotline = report["programme"]["sections"].as_array().unwrap().iter().find(|s| s["code"] == "hotline").unwrap_or_else(|| panic!("a hotline section: {report}")).clone();
        let value = |code: &str| hotline["lines"].as_array().unwrap().iter().find(|l| l["code"] == code).map(|l| l["value"].clone());
        assert_eq!(value("contacts"), Some(json!(1.0)));
        assert_eq!(value("contact_category:recruiter_tip_off"), Some(json!(1.0)));
        assert_eq!(value("became_cases"), Some(json!(0.0)));
        assert_eq!(value("average_minutes"), Some(json!(8.0)));
        assert!(!hotline.to_string().contains(number), "figures, not contacts");
        let (status, _) = police.post("/api/v1/contacts", json!({"contact": contact("not_urgent", None)})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only a hotline records contacts");

        // The API's document names the codes as the API takes them.
        let (_, doc) = operator.get("/api/v1/openapi.json").await;
        let relations = doc["components"]["schemas"]["CallerRelation"]["enum"].clone();
        assert!(relations.as_array().unwrap().contains(&json!("self")), "{relations}");
        assert!(doc["components"]["schemas"]["AgeGroup"]["enum"].as_array().unwrap().contains(&json!("16_17")));

        // Bad input names the field, in both languages.
        let mut bad = contact("not_urgent", Some("0912 345 678"));
        bad["caller"]["consents_to_keep_number"] = json!(false);
        let (status, body) = operator.post("/api/v1/contacts", json!({"contact": bad})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), ["caller.phone"]);
        assert!(body["violations"][0]["message_vi"].as_str().unwrap().contains("đồng ý"));
        server.stop().await;
    }

    async fn an_urgent_call_is_dispatched_unanswered_escalated_then_answered(store) {
        hotline(&store).await;
        let ward_id = agency_id(&store, "HNI-CA-HK").await;
        let city_id = agency_id(&store, "HNI-CA").await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let operator = Agent::login(&server, "operator").await;
        let (status, body) = operator.post("/api/v1/contacts", json!({"contact": contact("immediate_danger", Some("0912345678"))})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), ["dispatch.agency_id"]);
        let (status, urgent) = operator.post("/api/v1/contacts", json!({"contact": contact("immediate_danger", Some("0912345678")), "dispatch": {"agency_id": ward_id, "note": "Đến ngay nhà nghỉ"}})).await;
        assert_eq!(status, StatusCode::CREATED, "{urgent}");
        let number = urgent["number"].as_str().unwrap().to_owned();
        assert_eq!(urgent["dispatches"][0]["standing"], "waiting");

        // The ward police see what they need to act: the number masked, no operator's notes.
        let ward = Agent::login(&server, "ward").await;
        let (_, waiting) = ward.get("/api/v1/dispatches/waiting").await;
        assert_eq!(waiting[0]["number"], number.as_str());
        let (status, seen) = ward.get(&format!("/api/v1/contacts/{number}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((seen["sight"].as_str(), seen["caller_number_masked"].as_str()), (Some("dispatched"), Some("091*****78")));
        assert!(!seen.to_string().contains("0912345678"));
        for kept_only in ["caller_number", "steps", "outcome", "outcome_note", "earlier_from_caller", "follow_up_at"] {
            assert!(seen.get(kept_only).is_none(), "{kept_only} is the hotline's");
        }
        assert_eq!(ward.get(&format!("/api/v1/contacts/{number}/history")).await.0, StatusCode::FORBIDDEN);
        let city = Agent::login(&server, "police").await;
        assert_eq!(city.get(&format!("/api/v1/contacts/{number}")).await.0, StatusCode::NOT_FOUND, "not yet the city's");

        // Unanswered past the deadline: the city police are asked, with a deadline of their own.
        let made = store.hotline().escalate_overdue(Utc::now() + Duration::hours(3), 2).await.unwrap();
        assert_eq!(made.len(), 1);
        let (_, seen) = city.get(&format!("/api/v1/contacts/{number}")).await;
        assert_eq!(seen["dispatches"][1]["agency"]["id"], city_id);
        assert_eq!(seen["dispatches"][1]["escalation"], true);
        let to_answer = seen["to_answer"].as_i64().unwrap();
        let ward_dispatch = seen["dispatches"][0]["id"].as_i64().unwrap();
        assert_eq!(ward.post(&format!("/api/v1/contacts/{number}/dispatches/{to_answer}/answer"), json!({"answer": "Không phải của phường"})).await.0, StatusCode::NOT_FOUND, "one answers only one's own dispatch");
        let (status, body) = city.post(&format!("/api/v1/contacts/{number}/dispatches/{to_answer}/answer"), json!({"answer": " "})).await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["answer".to_owned()]));
        let (status, answered) = city.post(&format!("/api/v1/contacts/{number}/dispatches/{to_answer}/answer"), json!({"answer": "Đã giải cứu, bàn giao Trung tâm Bảo trợ xã hội."})).await;
        assert_eq!(status, StatusCode::OK, "{answered}");
        let (status, _) = city.post(&format!("/api/v1/contacts/{number}/dispatches/{to_answer}/answer"), json!({"answer": "Lần hai"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "answered once");
        assert_eq!(ward.post(&format!("/api/v1/contacts/{number}/dispatches/{ward_dispatch}/answer"), json!({"answer": "Phường đã nắm"})).await.0, StatusCode::OK, "the ward may still say what it did");

        let (_, kept) = operator.get(&format!("/api/v1/contacts/{number}")).await;
        let standings: Vec<&str> = kept["dispatches"].as_array().unwrap().iter().map(|d| d["standing"].as_str().unwrap()).collect();
        assert_eq!(standings, ["answered", "answered"]);
        let (_, history) = operator.get(&format!("/api/v1/contacts/{number}/history")).await;
        let actions: Vec<&str> = history.as_array().unwrap().iter().map(|c| c["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["create", "dispatch", "escalate", "answer", "answer"]);
        assert!(store.hotline().escalate_overdue(Utc::now() + Duration::hours(9), 2).await.unwrap().is_empty());
        server.stop().await;
    }

    async fn a_case_is_opened_from_a_contact_once_and_only_where_allowed(store) {
        hotline(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let operator = Agent::login(&server, "operator").await;
        let (_, first) = operator.post("/api/v1/contacts", json!({"contact": contact("urgent", None)})).await;
        let number = first["number"].as_str().unwrap().to_owned();
        let contact_id = first["id"].as_i64().unwrap();
        let person = json!({"full_name": "Giả Lập Thị Lan", "sex": "female", "birth": {"kind": "year", "year": 2011}, "nationality": "VN"});

        // Another agency cannot link itself to the hotline's contact, even by naming it in the reception.
        let social = Agent::login(&server, "social").await;
        let (status, _) = social.post("/api/v1/cases", json!({"person": person, "reception": {"channel": "tip_hotline_111", "received_on": "2026-11-01"}, "contact_number": number})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, opened) = social.post("/api/v1/cases", json!({"person": person, "reception": {"channel": "tip_hotline_111", "received_on": "2026-11-01", "from_contact": contact_id}})).await;
        assert_eq!(status, StatusCode::CREATED, "{opened}");
        let (_, still) = operator.get(&format!("/api/v1/contacts/{number}")).await;
        assert!(still["case_number"].is_null(), "a reception naming a contact by itself links nothing");

        let (status, case) = operator.post("/api/v1/cases", json!({"person": person, "reception": {"channel": "tip_hotline_111", "received_on": "2026-11-01"}, "contact_number": number})).await;
        assert_eq!(status, StatusCode::CREATED, "{case}");
        let case_number = case["case_number"].as_str().unwrap();
        let (_, linked) = operator.get(&format!("/api/v1/contacts/{number}")).await;
        assert_eq!(linked["case_number"], case_number);
        let (_, opened_case) = operator.get(&format!("/api/v1/cases/{case_number}")).await;
        assert_eq!(opened_case["contacts"], json!([number]), "the case names its contact too");
        let (status, body) = operator.post("/api/v1/cases", json!({"person": person, "reception": {"channel": "tip_hotline_111", "received_on": "2026-11-01"}, "contact_number": number})).await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["contact_number".to_owned()]));

        // A later call about her joins the case, on the version seen; a case the operator cannot read is not found.
        let (_, later) = operator.post("/api/v1/contacts", json!({"contact": contact("not_urgent", None)})).await;
        let later_number = later["number"].as_str().unwrap();
        let other_case = opened["case_number"].as_str().unwrap();
        let (status, _) = operator.post(&format!("/api/v1/contacts/{later_number}/case"), json!({"version": 1, "case_number": other_case})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the social-affairs office's case is not the hotline's to read: named, like one that does not exist");
        let (status, _) = operator.post(&format!("/api/v1/contacts/{later_number}/case"), json!({"version": 9, "case_number": case_number})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, joined) = operator.post(&format!("/api/v1/contacts/{later_number}/case"), json!({"version": 1, "case_number": case_number.to_lowercase()})).await;
        assert_eq!((status, joined["case_number"].as_str()), (StatusCode::OK, Some(case_number)));
        server.stop().await;
    }

    async fn a_repeat_callers_history_is_the_hotlines_alone(store) {
        hotline(&store).await;
        let ward_id = agency_id(&store, "HNI-CA-HK").await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let operator = Agent::login(&server, "operator").await;
        let (_, first) = operator.post("/api/v1/contacts", json!({"contact": contact("not_urgent", Some("0912 345 678"))})).await;
        let (status, again) = operator.post("/api/v1/contacts", json!({"contact": contact("immediate_danger", Some("+84912345678")), "dispatch": {"agency_id": ward_id}})).await;
        assert_eq!(status, StatusCode::CREATED, "{again}");
        assert_eq!(again["earlier_from_caller"][0]["number"], first["number"]);
        let ward = Agent::login(&server, "ward").await;
        let (_, seen) = ward.get(&format!("/api/v1/contacts/{}", again["number"].as_str().unwrap())).await;
        assert!(seen.get("earlier_from_caller").is_none());
        assert!(!seen.to_string().contains(first["number"].as_str().unwrap()), "the ward learns nothing of the earlier call");

        // A correction on an old version is refused; on the version seen it is kept.
        let number = first["number"].as_str().unwrap();
        let mut corrected = contact("urgent", Some("0912345678"));
        corrected["summary"] = json!("Gọi lại lần hai, đã có thêm thông tin.");
        let (status, body) = operator.send("PUT", &format!("/api/v1/contacts/{number}"), Some(json!({"version": 7, "contact": corrected}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let (status, saved) = operator.send("PUT", &format!("/api/v1/contacts/{number}"), Some(json!({"version": 1, "contact": corrected}))).await;
        assert_eq!((status, saved["version"].as_i64()), (StatusCode::OK, Some(2)));
        server.stop().await;
    }

    async fn the_pages_forms_name_every_fault_at_once_and_keep_what_was_typed(store) {
        hotline(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let operator = Agent::login(&server, "operator").await;
        let (_, kept) = operator.post("/api/v1/contacts", json!({"contact": contact("urgent", None)})).await;
        let number = kept["number"].as_str().unwrap().to_owned();

        // The contact form: every fault in one round, each at its field.
        let (status, page) = operator.post_form("/contacts", &[("started_at", "2026-11-30T09:00".into()), ("caller_phone", "0912 345 678".into()), ("sex", "x".into()), ("age_years", "abc".into())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["channel-error", "caller_relation-error", "urgency-error", "outcome-error", "summary-error", "categories-error", "caller_phone-error", "sex-error", "age_years-error"] {
            assert!(page.contains(&format!("id=\"{field}\"")), "{field} named in the first round");
        }
        assert!(page.contains("0912 345 678"), "what was typed is kept");

        // A small form refused comes back with its fault and its text.
        let (status, page) = operator.post_form(&format!("/contacts/{number}/dispatch"), &[("version", "1".into()), ("agency_id", "".into()), ("note", "Chặn ở cửa khẩu".into())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"dispatch-errors\"") && page.contains("value=\"Chặn ở cửa khẩu\""), "{page}");
        let (status, page) = operator.post_form(&format!("/contacts/{number}/case"), &[("version", "1".into()), ("case_number", "HNI-2026-999999".into())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"attach-errors\"") && page.contains("HNI-2026-999999"));

        // A correction on a stale version: what is saved now in the form, what was typed beside it.
        let mut form: Vec<(&str, String)> = vec![
            ("version", "9".into()), ("channel", "phone_call".into()), ("started_at", "2026-11-30T09:00".into()),
            ("caller_relation", "neighbour".into()), ("categories", "safe_migration".into()), ("urgency", "not_urgent".into()),
            ("summary", "Bản sửa của người thứ hai".into()), ("outcome", "resolved".into()),
        ];
        let (status, page) = operator.post_form(&format!("/contacts/{number}"), &form).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("id=\"unsaved-text\"") && page.contains("Bản sửa của người thứ hai"));
        assert!(page.contains("name=\"version\" value=\"1\""), "the form is on the version saved now");
        // Someone in danger is not marked so without a dispatch.
        form[0] = ("version", "1".into());
        form[5] = ("urgency", "immediate_danger".into());
        let (status, page) = operator.post_form(&format!("/contacts/{number}"), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"urgency-error\""));
        // Saved, the history says what the correction changed.
        form[5] = ("urgency", "not_urgent".into());
        assert_eq!(operator.post_form(&format!("/contacts/{number}"), &form).await.0, StatusCode::SEE_OTHER);
        let page = operator.raw_get(&format!("/contacts/{number}")).await.text().await.unwrap();
        let history = &page[page.find("id=\"history\"").unwrap()..];
        assert!(history.contains("Sửa") && history.contains("Tóm tắt nội dung") && history.contains("Người gọi"), "{history}");
        server.stop().await;
    }
}
