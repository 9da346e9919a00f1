//! Refusals on the case page say what went wrong, on both databases: a step
//! a colleague made impossible meanwhile (its form is gone) still shows the
//! rule's reason, and a choice that needs another part names that field
//! rather than the parser's words.
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
use serde_json::json;

haven_testkit::backend_tests! {
    async fn a_refused_step_says_why_even_when_its_form_is_gone(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let n = commune.open(woman("Giả Lập Thị Từ Chối", json!({"kind": "year", "year": 1991}), "VN"), reception("self_report", "2025-08-01")).await;
        // A colleague starts the verification while this page was open.
        let version = commune.step(&n, json!({"command": "start_verification", "agency_id": org.police.agency_id})).await;
        let (status, page) = commune.post_form(&format!("/cases/{n}/actions/start_verification"), &[("version", version.to_string()), ("agency_id", org.police.agency_id.to_string())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let refused = page.split("id=\"step-refused\"").nth(1).and_then(|rest| rest.split("</p>").next()).expect("the reason is on the page");
        assert!(refused.contains("Việc xác định đã có kết luận hoặc đang tiến hành"), "{refused}");

        // Consent to share, with no agency chosen: the agency field is named.
        let (status, page) = commune.post_form(&format!("/cases/{n}/actions/record_consent"), &[("version", version.to_string()), ("scope.kind", "share_with".into()), ("scope.agency_id", String::new()), ("given", "yes".into()), ("given_by", "person".into()), ("on", "2025-08-02".into())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!page.contains("missing field"), "no parser's words");
        let error = page.split("id=\"record_consent-scope-agency_id-error\"").nth(1).and_then(|rest| rest.split("</p>").next()).expect("the agency field has the error");
        assert!(error.contains("Cơ quan được chia sẻ thông tin"), "{error}");
        server.stop().await;
    }
}
