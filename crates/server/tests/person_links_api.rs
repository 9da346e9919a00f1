//! The review's attack on need-to-know, played over HTTP on both databases:
//! an agency of another province types a child's name without diacritics and
//! her year of birth, is proposed the known person, and tries to open a case
//! "for" her to read her record. Nothing of the record comes back; the link
//! goes through a request the lead agency answers, sharing only what it chooses.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{reception, Agent, TestServer};
use haven_domain::role::Role;
use haven_testkit::fixtures::{add_user, seed_org};
use reqwest::StatusCode;
use serde_json::{json, Value};

const CITIZEN_ID: &str = "015311000777";
const EXACT_NAME: &str = "Giả Lập Thị Mai";
const ADDRESS: &str = "Bản Giả Lập Số 7";

fn the_child() -> Value {
    json!({
        "full_name": EXACT_NAME, "sex": "female", "birth": {"kind": "year", "year": 2011}, "nationality": "VN",
        "identity_papers": [{"kind": "citizen_id", "number": CITIZEN_ID}],
        "permanent_residence": {"admin_unit_id": "2025/15/02683", "address_line": ADDRESS},
        "contact": "0911000777"
    })
}

/// What the police typed: her name without diacritics and a year.
fn typed_by_police() -> Value {
    json!({"full_name": "gia lap thi mai", "sex": "female", "birth": {"kind": "year", "year": 2011}, "nationality": "VN"})
}

fn leaks(body: &Value) -> bool {
    let text = body.to_string();
    text.contains(CITIZEN_ID) || text.contains(EXACT_NAME) || text.contains(ADDRESS)
}

haven_testkit::backend_tests! {
    async fn a_person_known_elsewhere_is_linked_only_when_her_lead_agency_agrees(store) {
        let org = seed_org(&store).await;
        add_user(&store, "auditor", "HNI-SYT", Role::Auditor).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let border = Agent::login(&server, "border").await;
        let police = Agent::login(&server, "police").await;
        let auditor = Agent::login(&server, "auditor").await;
        let held = border.open(the_child(), reception("border_gate_handover", "2025-08-01")).await;
        let (_, held_case) = border.get(&format!("/api/v1/cases/{held}")).await;
        let known_id = held_case["person_id"].as_i64().unwrap();

        // The search proposes her, without her record or her case number, and says who knows her.
        let (status, candidates) = police.post("/api/v1/persons/duplicates", json!({"person": typed_by_police()})).await;
        assert_eq!(status, StatusCode::OK);
        let top = candidates.as_array().unwrap().iter().find(|c| c["person_id"] == known_id).expect("she is proposed").clone();
        assert_eq!((top["case_numbers"].clone(), top["open_directly"].as_bool()), (json!([]), Some(false)));
        assert_eq!(top["known_to_agency_id"], org.border_guard.agency_id);
        assert!(!leaks(&candidates), "{candidates}");

        // The attack: open a case "for" her with the details that got her proposed.
        let (status, refused) = police.post("/api/v1/cases", json!({"person_id": known_id, "person": typed_by_police(), "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!((status, refused["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("link_request_needed")), "{refused}");
        let (status, refused) = police.post("/api/v1/cases", json!({"person_id": known_id, "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert!(!leaks(&refused));
        // A link request needs her proposed for what was typed, and a reason.
        let (status, _) = police.post("/api/v1/cases", json!({"person": {"full_name": "Trần Văn Khác", "sex": "male", "birth": {"kind": "year", "year": 1970}, "nationality": "KH"}, "link_request": {"person_id": known_id, "reason": "có thể là cùng người"}, "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an id alone proves nothing");
        let (status, no_reason) = police.post("/api/v1/cases", json!({"person": typed_by_police(), "link_request": {"person_id": known_id, "reason": "  "}, "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!((status, no_reason["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")));
        let cases_before = store.count_cases().await.unwrap();
        let (status, opened) = police.post("/api/v1/cases", json!({"person": typed_by_police(), "link_request": {"person_id": known_id, "reason": "Cùng tên không dấu, cùng năm sinh, được giải cứu ở biên giới"}, "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!(status, StatusCode::CREATED, "{opened}");
        assert_eq!(store.count_cases().await.unwrap(), cases_before + 1);
        let mine = opened["case_number"].as_str().unwrap().to_owned();
        assert_ne!(opened["person_id"].as_i64(), Some(known_id), "the new case has its own person");
        assert!(!leaks(&opened));

        // Until she answers, nothing of the record reaches the police: case, person, history, lists.
        for path in [format!("/api/v1/cases/{mine}"), format!("/api/v1/cases/{mine}/history"), format!("/api/v1/persons/{}", opened["person_id"]), "/api/v1/person-links".to_owned(), "/api/v1/cases".to_owned(), "/api/v1/notifications".to_owned()] {
            let (status, body) = police.get(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            assert!(!leaks(&body), "{path} leaks: {body}");
        }
        assert_eq!(police.get(&format!("/api/v1/persons/{known_id}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(police.get(&format!("/api/v1/cases/{held}")).await.0, StatusCode::NOT_FOUND);
        let (_, sent) = police.get("/api/v1/person-links").await;
        let request = sent.as_array().unwrap().first().expect("the request is listed").clone();
        assert_eq!((request["side"].as_str(), request["status"].as_str(), request["answering_case_number"].clone()), (Some("sent"), Some("pending"), Value::Null));

        // The border guard is told, sees the request with her case, and answers.
        let (_, notes) = border.get("/api/v1/notifications").await;
        assert!(notes["notices"].as_array().unwrap().iter().any(|n| n["kind"] == "person_link_requested" && n["reference"] == held.as_str()), "{notes}");
        let (_, received) = border.get("/api/v1/person-links").await;
        let incoming = received.as_array().unwrap().first().unwrap().clone();
        assert_eq!((incoming["side"].as_str(), incoming["answering_case_number"].as_str(), incoming["requesting_case_number"].as_str()), (Some("received"), Some(held.as_str()), Some(mine.as_str())));
        let id = incoming["id"].as_i64().unwrap();
        let (status, _) = police.post(&format!("/api/v1/person-links/{id}/answer"), json!({"version": 1, "decision": "accept", "shared_fields": ["full_name", "identity_papers"]})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the asking agency cannot answer its own request");
        let (status, none) = border.post(&format!("/api/v1/person-links/{id}/answer"), json!({"version": 1, "decision": "accept", "shared_fields": []})).await;
        assert_eq!((status, none["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("shared_fields")));
        let (status, stale) = border.post(&format!("/api/v1/person-links/{id}/answer"), json!({"version": 7, "decision": "accept", "shared_fields": ["birth"]})).await;
        assert_eq!((status, stale["code"].as_str()), (StatusCode::CONFLICT, Some("stale_version")));
        let (status, accepted) = border.post(&format!("/api/v1/person-links/{id}/answer"), json!({"version": 1, "decision": "accept", "shared_fields": ["birth", "ethnicity"], "comment": "Cùng một em"})).await;
        assert_eq!((status, accepted["status"].as_str()), (StatusCode::OK, Some("accepted")), "{accepted}");
        let (status, twice) = border.post(&format!("/api/v1/person-links/{id}/answer"), json!({"version": 2, "decision": "decline", "comment": "nhầm"})).await;
        assert_eq!((status, twice["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("already_answered")));

        // The police get exactly what was shared: still no name, paper or address of hers.
        let (_, case) = police.get(&format!("/api/v1/cases/{mine}")).await;
        assert_eq!(case["person"]["person"]["birth"], json!({"kind": "year", "year": 2011}));
        assert!(!leaks(&case), "{case}");
        let (_, notes) = police.get("/api/v1/notifications").await;
        assert!(notes["notices"].as_array().unwrap().iter().any(|n| n["kind"] == "person_link_answered" && n["detail"] == "accepted" && n["reference"] == mine.as_str()), "{notes}");
        // Both decisions are in both histories.
        let commands = |history: Value| history.as_array().unwrap().iter().map(|e| e["command"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
        let (_, mine_history) = police.get(&format!("/api/v1/cases/{mine}/history")).await;
        assert_eq!(commands(mine_history), ["receive", "request_person_link", "person_link_accepted"]);
        let (_, held_history) = border.get(&format!("/api/v1/cases/{held}/history")).await;
        assert_eq!(commands(held_history), ["receive", "person_link_requested", "person_link_accepted"]);
        // And in the access log, on both cases.
        for number in [&mine, &held] {
            let (status, log) = auditor.get(&format!("/api/v1/access-log?case_number={number}")).await;
            assert_eq!(status, StatusCode::OK, "{log}");
            assert!(log.as_array().unwrap().iter().any(|e| e["action"] == "request_person_link"), "{number}: {log}");
            assert!(log.as_array().unwrap().iter().any(|e| e["action"] == "answer_person_link"), "{number}: {log}");
        }
        // The chains still verify after entries that change no journey state.
        assert_eq!(store.verify_histories().await.unwrap(), vec![]);

        // A second case, declined: the case keeps only its own person.
        let (status, second) = police.post("/api/v1/cases", json!({"person": typed_by_police(), "reception": reception("rescue", "2026-02-10")})).await;
        assert_eq!(status, StatusCode::CREATED);
        let second_number = second["case_number"].as_str().unwrap().to_owned();
        let (status, asked) = police.post(&format!("/api/v1/cases/{second_number}/person-links"), json!({"version": 1, "person_id": known_id, "reason": "có thể là em Mai"})).await;
        assert_eq!(status, StatusCode::CREATED, "{asked}");
        let (status, again) = police.post(&format!("/api/v1/cases/{second_number}/person-links"), json!({"version": 2, "person_id": known_id, "reason": "lần nữa"})).await;
        assert_eq!((status, again["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("already_requested")));
        let (status, no_comment) = border.post(&format!("/api/v1/person-links/{}/answer", asked["id"]), json!({"version": 1, "decision": "decline", "comment": ""})).await;
        assert_eq!((status, no_comment["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("comment")));
        let (status, declined) = border.post(&format!("/api/v1/person-links/{}/answer", asked["id"]), json!({"version": 1, "decision": "decline", "comment": "Không phải cùng người"})).await;
        assert_eq!((status, declined["status"].as_str()), (StatusCode::OK, Some("declined")));
        let (_, case) = police.get(&format!("/api/v1/cases/{second_number}")).await;
        assert_eq!(case["person"]["person"]["full_name"], "gia lap thi mai");
        assert!(!leaks(&case));
        server.stop().await;
    }

    async fn a_referred_agency_cannot_merge_its_way_into_the_whole_record(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store, common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let police = Agent::login(&server, "police").await;
        let theirs = police.open(the_child(), reception("rescue", "2026-02-01")).await;
        police.step(&theirs, json!({"command": "send_referral", "to_agency_id": org.commune.agency_id, "to_facility_id": null, "reason": "hỗ trợ tại xã", "shared_fields": [], "transfer_lead": false, "sent_on": "2026-02-02"})).await;
        let own = commune.open(typed_by_police(), reception("self_report", "2026-02-03")).await;
        let person_of = |case: Value| case["person_id"].as_i64().unwrap();
        let theirs_person = person_of(police.get(&format!("/api/v1/cases/{theirs}")).await.1);
        let own_person = person_of(commune.get(&format!("/api/v1/cases/{own}")).await.1);
        let (status, refused) = commune.post(&format!("/api/v1/persons/{own_person}/merge"), json!({"version": 1, "merge_person_id": theirs_person, "merge_person_version": 1, "reason": "trùng"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "referred is not lead: {refused}");
        let (status, refused) = commune.post("/api/v1/cases", json!({"person_id": theirs_person, "reception": reception("self_report", "2026-02-04")})).await;
        assert_eq!((status, refused["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("link_request_needed")));
        let (_, case) = commune.get(&format!("/api/v1/cases/{own}")).await;
        assert!(!leaks(&case));
        server.stop().await;
    }

    async fn a_birth_learnt_through_a_link_makes_the_case_a_childs(store) {
        // The second review: a case opened without a birth is an adult's; the
        // link shares her birth (2011) and name; another agency then broke the
        // glass and read a child's name. The child rule follows what is known now.
        seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let border = Agent::login(&server, "border").await;
        let police = Agent::login(&server, "police").await;
        let commune = Agent::login(&server, "commune").await;
        let held = border.open(the_child(), reception("border_gate_handover", "2025-08-01")).await;
        let (_, held_case) = border.get(&format!("/api/v1/cases/{held}")).await;
        let known_id = held_case["person_id"].as_i64().unwrap();
        let typed = json!({"full_name": "gia lap thi mai", "sex": "female", "nationality": "VN", "identity_papers": [{"kind": "citizen_id", "number": CITIZEN_ID}]});
        let (status, opened) = police.post("/api/v1/cases", json!({"person": typed, "link_request": {"person_id": known_id, "reason": "Cùng số căn cước công dân"}, "reception": reception("rescue", "2026-01-10")})).await;
        assert_eq!(status, StatusCode::CREATED, "{opened}");
        assert_eq!(opened["state"]["child"], false, "no birth was typed");
        let mine = opened["case_number"].as_str().unwrap().to_owned();
        let (_, received) = border.get("/api/v1/person-links").await;
        let id = received[0]["id"].as_i64().unwrap();
        let (status, _) = border.post(&format!("/api/v1/person-links/{id}/answer"), json!({"version": 1, "decision": "accept", "shared_fields": ["full_name", "birth"]})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = commune.post(&format!("/api/v1/cases/{mine}/emergency-access"), json!({"reason": "Khẩn cấp: cần liên hệ ngay với người này"})).await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, seen) = commune.get(&format!("/api/v1/cases/{mine}")).await;
        assert_eq!(seen["scope"], "emergency");
        assert!(seen["person"]["person"]["full_name"].is_null(), "{seen}");
        assert_eq!(seen["person"]["hidden_because"], "child_record");
        assert!(!leaks(&seen));
        server.stop().await;
    }
}
