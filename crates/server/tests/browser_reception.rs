//! Receiving a person by clicking, in headless Chromium on both databases:
//! the place of reception starts as the agency's own commune and is
//! required, the circumstances (still abroad, an accompanying child) and a
//! relative to protect are recorded, and the case counts in its commune's
//! figures.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::browser::{as_user, Browser};
use common::TestServer;
use fantoccini::Locator;
use haven_testkit::fixtures::seed_org;

const COMMUNE: &str = "01/00070";

haven_testkit::backend_tests! {
    async fn a_reception_by_clicking_records_its_place_and_relative_and_counts_in_the_communes_figures(store) {
        seed_org(&store).await;
        let counted_before = store.folded_facts().await.unwrap().iter().filter(|f| f.commune.as_deref() == Some(COMMUNE)).count();
        let server = TestServer::start(store.clone(), common::settings()).await;
        let Some(browser) = Browser::start(&server.base, &format!("reception-place-{}", store.backend_name())).await else { return };
        as_user(&browser, "commune").await;
        browser.click_link("Tiếp nhận").await;
        // Received where the commune works unless the worker says otherwise.
        assert_eq!(browser.value("#place_province").await, "2025/01");
        assert_eq!(browser.value("#place_commune").await, "2025/01/00070");
        browser.fill("#full_name", "Giả Lập Thị Nơi Nhận").await;
        browser.fill("#birth_year", "1996").await;
        browser.client.find(Locator::Css("#sex")).await.unwrap().select_by_value("female").await.unwrap();
        browser.client.find(Locator::Css("#channel")).await.unwrap().select_by_value("self_return").await.unwrap();
        browser.click("#located_abroad").await;
        // A relative with a name but no relationship comes back at its field, everything kept.
        browser.fill("#relative_name", "Giả Lập Văn Chồng").await;
        browser.fill("#relative_contact", "0900000123").await;
        browser.click("button[value=check]").await;
        assert!(browser.text_when_shown("#relative_relationship-error").await.contains("Quan hệ"));
        assert_eq!(browser.value("#relative_name").await, "Giả Lập Văn Chồng");
        browser.shot("reception-relative-error").await;
        // Without a place, nothing is opened: the commune's figures need it.
        browser.fill("#relative_relationship", "chồng").await;
        browser.client.execute("var s = document.querySelector('#place_commune'); s.removeAttribute('required'); s.value = '';", vec![]).await.unwrap();
        browser.click("button[value=check]").await;
        assert!(!browser.text_when_shown("#place_commune + p.field-error, p.field-error").await.is_empty());
        assert_eq!(store.count_cases().await.unwrap(), 0, "nothing opened without a place");
        browser.client.find(Locator::Css("#place_commune")).await.unwrap().select_by_value("2025/01/00070").await.unwrap();
        browser.click("button[value=check]").await;
        assert!(browser.text_when_shown("#candidates").await.contains("Không tìm thấy ai giống"));
        browser.shot("reception-place").await;
        browser.click("button[value=open]").await;
        assert_eq!(browser.text_when_shown("p.notice").await, "Đã ghi: Tiếp nhận.");
        let number = browser.path().await.trim_start_matches("/cases/").split('?').next().unwrap().to_owned();

        let case = store.case_by_number(&number).await.unwrap().unwrap();
        assert!(case.state.located_abroad && !case.state.accompanying_child);
        let person = store.person(case.person_id).await.unwrap().unwrap();
        assert_eq!(person.relatives.len(), 1);
        assert_eq!((person.relatives[0].full_name.as_str(), person.relatives[0].relationship.as_str(), person.relatives[0].contact.as_deref()), ("Giả Lập Văn Chồng", "chồng", Some("0900000123")));
        let counted_after = store.folded_facts().await.unwrap().iter().filter(|f| f.commune.as_deref() == Some(COMMUNE)).count();
        assert_eq!(counted_after, counted_before + 1, "the case received by clicking counts in its commune's figures");
        browser.close().await;
        server.stop().await;
    }
}
