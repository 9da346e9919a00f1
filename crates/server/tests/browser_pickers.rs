//! Choosing an agency outside a form's short list, in headless Chromium on
//! both databases: where script runs, typing part of its name in the box
//! beside the list finds it and chooses it; nothing is recorded until the
//! form is sent.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::browser::{open_case, Browser};
use common::TestServer;
use haven_server::ServerSettings;
use haven_store::demo::DEMO_PASSWORD;
use std::time::Duration;

haven_testkit::backend_tests! {
    async fn typing_an_agencys_name_finds_and_chooses_it(store) {
        store.load_demo().await.unwrap();
        let wanted = store.agency_by_code("NAN-CA").await.unwrap().unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("pickers-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        let number = "HNI-2025-000001";
        open_case(&browser, number).await;
        let history_before = store.case_history(number).await.unwrap().len();
        let select = "#send_referral-to_agency_id";
        let offered = |id: i64| format!("return !!document.querySelector('{select} option[value=\"{id}\"]')");
        assert_eq!(browser.client.execute(&offered(wanted.id), vec![]).await.unwrap(), false, "Nghệ An's police are not on a Hà Nội worker's short list");
        browser.click("#action-send_referral summary").await;
        browser.fill(&format!("{select}-search"), "cong an nghe").await;
        let first = "return (document.querySelector('#send_referral-to_agency_id-found option') || {}).value || ''";
        let mut suggestion = String::new();
        for _ in 0..50 {
            suggestion = browser.client.execute(first, vec![]).await.unwrap().as_str().unwrap_or_default().to_owned();
            if !suggestion.is_empty() { break; }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(suggestion, format!("{} ({})", wanted.name, wanted.code));
        // Taking the suggestion, as a click on it in the list does.
        browser.client.execute(&format!("const i = document.querySelector('{select}-search'); i.value = arguments[0]; i.dispatchEvent(new Event('input'));"), vec![serde_json::json!(suggestion)]).await.unwrap();
        assert_eq!(browser.value(select).await, wanted.id.to_string(), "the agency found is chosen in the list");
        browser.check_accessibility("picker-type-ahead").await;
        let history_after = store.case_history(number).await.unwrap().len();
        assert_eq!(history_before, history_after, "nothing is recorded until the form is sent");
        browser.close().await;
        server.stop().await;
    }
}
