//! Hard limits on input, over HTTP on both databases: each of the review's
//! reproductions once crashed a connection, wrapped a sum or was accepted;
//! each now gets a 4xx that names the field, and nothing is written.
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
use haven_testkit::fixtures::seed_org;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn service(provider: i64, amount: Value) -> Value {
    json!({"command": "record_service", "service_type": "food", "clause": null, "provider_agency_id": provider,
           "delivered_on": "2025-08-02", "amount_vnd": amount, "funding_source": null, "outside_entitlement_reason": null})
}

haven_testkit::backend_tests! {
    async fn bad_input_is_refused_by_field_and_nothing_is_written(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let n = commune.open(woman("Giả Lập Thị Biên", json!({"kind": "year", "year": 1995}), "VN"), reception("self_report", "2025-08-01")).await;

        // Paging past any list once dropped the connection (a panic binding the offset).
        let (status, body) = commune.get("/api/v1/cases?offset=9223372036854775808").await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("offset")), "{body}");
        let (status, _) = commune.get("/api/v1/cases?offset=18446744073709551615").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = commune.http.get(format!("{}/cases?page=9223372036854775807", commune.base)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "the page list stops at its last page");

        // Amounts: the largest 64-bit amount once wrapped the report's sum.
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": service(org.commune.agency_id, json!(i64::MAX))})).await;
        assert_eq!((status, body["field"].as_str(), body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("amount_vnd"), Some("max_amount")), "{body}");
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": service(-1, json!(100000))})).await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("provider_agency_id")), "{body}");
        let past_64_bits = service(org.commune.agency_id, json!(1)).to_string().replace("\"amount_vnd\":1", "\"amount_vnd\":99999999999999999999");
        let response = commune.http.post(format!("{}/api/v1/cases/{n}/commands", commune.base)).header("content-type", "application/json").body(format!("{{\"version\": 1, \"command\": {past_64_bits}}}")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "an amount past 64 bits is not a number Haven reads");

        // The duplicate search once dropped the connection on the largest year (found by Schemathesis).
        for year in [i32::MAX as i64, i32::MIN as i64] {
            let (status, body) = commune.post("/api/v1/persons/duplicates", json!({"person": {"full_name": "", "sex": "female", "birth": {"kind": "year", "year": year}, "nationality": "VN"}})).await;
            assert_eq!(status, StatusCode::OK, "{year}: {body}");
        }

        // Births and receptions that cannot be.
        let bad_persons = [
            (json!({"kind": "estimated_age", "years": 4294967295u64, "on": "2025-08-01"}), "person.birth"),
            (json!({"kind": "year", "year": -2147483648i64}), "person.birth"),
            (json!({"kind": "date", "date": "1800-01-01"}), "person.birth"),
        ];
        for (birth, field) in bad_persons {
            let (status, body) = commune.post("/api/v1/cases", json!({"person": woman("Giả Lập", birth.clone(), "VN"), "reception": reception("self_report", "2025-08-01")})).await;
            assert_eq!((status, body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some(field)), "{birth}: {body}");
        }
        let (status, body) = commune.post("/api/v1/cases", json!({"person": woman("Giả Lập", json!({"kind": "year", "year": 1990}), "VN"), "reception": reception("self_report", "0001-01-01")})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["violations"].as_array().unwrap().iter().any(|v| v["field"] == "reception.received_on" && v["rule"] == "not_before"), "{body}");
        let mut many = woman("Giả Lập", json!({"kind": "year", "year": 1990}), "VN");
        many["other_names"] = Value::Array((0..10_000).map(|i| json!(format!("Tên {i}"))).collect());
        let (status, body) = commune.post("/api/v1/cases", json!({"person": many, "reception": reception("self_report", "2025-08-01")})).await;
        assert_eq!((status, body["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("person.other_names"), Some("max_items")));

        // A body far past any form: 413, not a parse error.
        let (_, token) = commune.post("/api/v1/me/tokens", json!({"name": "limits"})).await;
        assert_eq!(raw_status_of_huge_post(&commune.base, token["token"].as_str().unwrap()).await, 413);

        // Errors say what and where, never the value sent.
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "Nguyễn Thị Bí Mật"}})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(!body.to_string().contains("Bí Mật"), "{body}");

        // Free text is bounded in every field of a step (the review recorded a
        // note of a million characters), and a funding source is a code of its
        // list (text typed there reached the statistics as a column label).
        let note = |chars: usize| json!({"version": 1, "command": {"command": "add_note", "text": "ă".repeat(chars)}});
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), note(10_001)).await;
        assert_eq!((status, body["violations"][0]["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("text"), Some("max_length")));
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "add_note", "text": "ghi chú"}, "reason": "x".repeat(10_001)})).await;
        assert_eq!((status, body["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")), "{body}");
        let mut typed_source = service(org.commune.agency_id, json!(5000));
        typed_source["funding_source"] = json!("Gia đình chị Giả Lập Thị An, SĐT 0912345678");
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": typed_source})).await;
        assert_eq!((status, body["violations"][0]["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("funding_source"), Some("known_code")), "{body}");
        assert!(!body.to_string().contains("0912345678"));

        // Codes are codes of their lists, and text is text (the review's
        // "ZZ" nationality, paper kind "x", and a name reversed on screen).
        let mut odd = woman("Giả Lập", json!({"kind": "year", "year": 1990}), "ZZ");
        odd["identity_papers"] = json!([{"kind": "x", "number": "001090000001"}]);
        odd["other_names"] = json!(["Hoa\u{202E}ooH"]);
        let (status, body) = commune.post("/api/v1/cases", json!({"person": odd, "reception": reception("self_report", "2025-08-01")})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let rules: Vec<(String, String)> = body["violations"].as_array().unwrap().iter().map(|v| (v["field"].as_str().unwrap().to_owned(), v["rule"].as_str().unwrap().to_owned())).collect();
        for expected in [("person.nationality", "known_code"), ("person.identity_papers[0].kind", "known_code"), ("person.other_names[0]", "plain_text")] {
            assert!(rules.contains(&(expected.0.to_owned(), expected.1.to_owned())), "{expected:?} in {rules:?}");
        }
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "send_referral", "to_agency_id": org.shelter.agency_id, "to_facility_id": null, "reason": "hỗ trợ", "shared_fields": ["password"], "transfer_lead": false, "sent_on": "2025-08-02"}})).await;
        assert_eq!((status, body["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("shared_fields")), "{body}");
        let (status, body) = commune.get("/api/v1/cases?phase=zzz").await;
        assert_eq!((status, body["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("phase")), "{body}");

        // A misspelt field is refused, not silently dropped, and its name is not echoed.
        let (status, body) = commune.post("/api/v1/cases", json!({"person": woman("Giả Lập", json!({"kind": "year", "year": 1990}), "VN"), "reception": reception("self_report", "2025-08-01"), "Giả Lập Bí Mật": true})).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_json")), "{body}");
        assert!(!body.to_string().contains("Bí Mật"), "{body}");
        let (status, body) = commune.get("/api/v1/cases?offset=-1").await;
        assert_eq!((status, body["field"].as_str(), body["violations"][0]["rule"].as_str()), (StatusCode::BAD_REQUEST, Some("offset"), Some("well_formed")), "{body}");
        assert!(!body["message_vi"].as_str().unwrap().contains("deserialize"), "Vietnamese, not the parser's English: {body}");

        // Searches are bounded (a 50,000-character search and a 100,000-character
        // name once answered 500), and coded details of trafficking are codes.
        let (status, body) = commune.post("/api/v1/cases/search", json!({"q": "x".repeat(50_000)})).await;
        assert_eq!((status, body["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("q")), "{body}");
        let (status, body) = commune.post("/api/v1/persons/duplicates", json!({"person": {"full_name": "x".repeat(100_000), "sex": "female"}})).await;
        assert_eq!((status, body["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("person.full_name")), "{body}");
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 1, "command": {"command": "record_trafficking", "purposes": ["forced_labour"], "destination_country": null, "destination_place": null, "period_from": null, "period_to": null, "recruitment": "Giả Lập Tên Riêng", "means_of_control": ["debt_bondage", "Giả Lập"], "relation_to_recruiter": null}})).await;
        let fields: Vec<&str> = body["violations"].as_array().unwrap().iter().map(|v| v["field"].as_str().unwrap()).collect();
        assert_eq!((status, fields), (StatusCode::UNPROCESSABLE_ENTITY, vec!["means_of_control[1]", "recruitment"]), "{body}");

        // Nothing of the above was written.
        assert_eq!(store.count_cases().await.unwrap(), 1);
        let (_, case) = commune.get(&format!("/api/v1/cases/{n}")).await;
        assert_eq!(case["version"], 1);

        // Within the bounds, both are recorded.
        let (status, _) = commune.post(&format!("/api/v1/cases/{n}/commands"), note(10_000)).await;
        assert_eq!(status, StatusCode::OK);
        let mut coded_source = service(org.commune.agency_id, json!(5000));
        coded_source["funding_source"] = json!("state_budget_local");
        let (status, body) = commune.post(&format!("/api/v1/cases/{n}/commands"), json!({"version": 2, "command": coded_source})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        server.stop().await;
    }
}

/// Posts a 10 MB JSON body over a raw connection and reads the status line
/// while the body is still being written: the server may answer (and stop
/// reading) before the client has sent it all, which an HTTP client reports
/// as a broken pipe instead of the answer.
async fn raw_status_of_huge_post(base: &str, token: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = base.trim_start_matches("http://");
    let stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let body = format!(
        "{{\"person\": {{\"full_name\": \"{}\"}}}}",
        "a".repeat(10 * 1024 * 1024)
    );
    let head = format!(
        "POST /api/v1/cases HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let writing = tokio::spawn(async move {
        let _ = writer.write_all(head.as_bytes()).await;
        let _ = writer.write_all(body.as_bytes()).await;
        writer
    });
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while !answer.windows(2).any(|w| w == b"\r\n") {
        let read = reader.read(&mut buffer).await.unwrap();
        assert!(read > 0, "the server closed without answering");
        answer.extend_from_slice(&buffer[..read]);
    }
    writing.abort();
    let line = String::from_utf8_lossy(&answer).into_owned();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
