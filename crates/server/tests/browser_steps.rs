//! The steps beyond the main journey, recorded through their forms in
//! headless Chromium on both databases: trafficking details (several
//! purposes ticked), risk, needs, consent to share with an agency (a nested
//! choice), a verification request and its answer, a second worker assigned
//! and released, a document uploaded as a file and then withdrawn.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::browser::{act, as_user, open_case, Browser};
use common::{reception, woman, Agent, TestServer};
use haven_domain::role::Role;
use haven_testkit::fixtures::{add_user, seed_org};
use serde_json::json;

haven_testkit::backend_tests! {
    async fn the_remaining_steps_are_recorded_through_their_forms(store) {
        let org = seed_org(&store).await;
        let colleague = add_user(&store, "social2", "HNI-SYT", Role::SocialWorker).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let social = Agent::login(&server, "social").await;
        let number = social.open(woman("Lò Thị Xuân", json!({"kind": "year", "year": 2000}), "VN"), reception("self_report", "2026-03-02")).await;
        let Some(browser) = Browser::start(&server.base, &format!("steps-{}", store.backend_name())).await else { return };
        as_user(&browser, "social").await;
        // The case she received is on her list of tasks, with what is due first.
        let tasks = browser.text("#my-tasks").await;
        assert!(tasks.contains(&number), "{tasks}");
        browser.shot("my-tasks").await;
        open_case(&browser, &number).await;

        act(&browser, &number, "record_trafficking", &[("destination_place", "Sihanoukville")],
            &[("destination_country", "KH".into()), ("recruitment", "job_offer".into())],
            &["purposes-sexual_exploitation", "purposes-forced_labour", "means_of_control-debt_bondage"]).await;
        act(&browser, &number, "assess_risk", &[("notes", "Kẻ môi giới biết địa chỉ gia đình")],
            &[("level", "high".into())], &["relatives_at_risk"]).await;
        act(&browser, &number, "assess_needs", &[("wishes", "Muốn học nghề may")], &[], &["needs-b", "needs-i"]).await;
        act(&browser, &number, "record_consent", &[],
            &[("scope-kind", "share_with".into()), ("scope-agency_id", org.police.agency_id.to_string()), ("given", "yes".into()), ("given_by", "person".into())], &[]).await;
        act(&browser, &number, "request_verification", &[("question", "Xác minh nơi cư trú trước khi đi")],
            &[("to_agency_id", org.police.agency_id.to_string())], &[]).await;
        act(&browser, &number, "answer_verification-1", &[("answer", "Đúng địa chỉ thường trú")], &[], &[]).await;
        act(&browser, &number, "assign_worker", &[], &[("user_id", colleague.user_id.to_string())], &[]).await;
        act(&browser, &number, "release_worker", &[], &[("user_id", colleague.user_id.to_string())], &[]).await;

        // A real file, chosen as a user would.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bien-ban-tiep-nhan.pdf");
        std::fs::write(&file, b"%PDF-1.4\n% Haven test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n").unwrap();
        browser.click("#action-attach_document summary").await;
        browser.client.find(fantoccini::Locator::Css("#upload-file")).await.unwrap()
            .send_keys(file.to_str().unwrap()).await.unwrap();
        browser.fill("#upload-description", "Biên bản tiếp nhận").await;
        browser.click("#action-attach_document button[type=submit]").await;
        let expected = format!("/cases/{number}?done=attach_document");
        assert_eq!(browser.path_after(&expected).await, expected, "{}", browser.text("main").await);
        let documents = browser.text("#documents").await;
        assert!(documents.contains("bien-ban-tiep-nhan.pdf") && documents.contains("Biên bản tiếp nhận"), "{documents}");
        browser.shot("document-attached").await;
        act(&browser, &number, "withdraw_attachment-1", &[("reason", "Nhầm hồ sơ")], &[], &[]).await;
        assert!(browser.text("#documents").await.contains("đã thu hồi"));

        let case = store.case_by_number(&number).await.unwrap().unwrap();
        let history = store.case_history(&number).await.unwrap();
        let commands: Vec<&str> = history.iter().map(|e| e.command.as_str()).collect();
        assert_eq!(commands[1..], [
            "record_trafficking", "assess_risk", "assess_needs", "record_consent", "request_verification",
            "answer_verification", "assign_worker", "release_worker", "attach_document", "withdraw_attachment",
        ]);
        let trafficking = &history[1].payload;
        assert_eq!(trafficking["purposes"], json!(["sexual_exploitation", "forced_labour"]));
        assert_eq!(trafficking["destination_country"], "KH");
        assert_eq!(trafficking["means_of_control"], json!(["debt_bondage"]));
        assert_eq!(history[2].payload["level"], "high");
        assert_eq!(history[2].payload["relatives_at_risk"], true);
        assert_eq!(history[3].payload["needs"], json!(["b", "i"]));
        assert_eq!(history[4].payload["scope"], json!({"kind": "share_with", "agency_id": org.police.agency_id}));
        assert!(case.state.verification_requests[0].answered_on.is_some());
        assert!(!case.state.assigned_user_ids.contains(&colleague.user_id));
        assert!(case.state.attachments[0].withdrawn);
        browser.close().await;
        server.stop().await;
    }
}
