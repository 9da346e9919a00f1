//! The statistics page in headless Chromium on both databases: the
//! ministry reads the country with the targets and a chart, in both
//! languages with nothing untranslated; a province's statistician reads
//! her province with small figures hidden; no name appears.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::browser::Browser;
use common::TestServer;
use haven_server::ServerSettings;
use haven_store::demo::{DEMO_PASSWORD, NATIONAL_AGENCY};

haven_testkit::backend_tests! {
    async fn statistics_read_as_aggregates_in_both_languages(store) {
        store.load_demo().await.unwrap();
        let mut names = Vec::new();
        for id in 1..=store.count_cases().await.unwrap() as i64 {
            if let Some(case) = store.case_by_id(id).await.unwrap() {
                if let Some(p) = store.person(case.person_id).await.unwrap() { names.push(p.full_name); }
            }
        }
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let Some(browser) = Browser::start(&server.base, &format!("statistics-{}", store.backend_name())).await else { return };
        browser.log_in("ministry", DEMO_PASSWORD).await;
        assert_eq!(browser.path_after("/").await, "/");
        browser.click_link("Thống kê").await;
        assert_eq!(browser.text_after("main h1", "Thống kê, báo cáo").await, "Thống kê, báo cáo");
        // The period is picked, not typed: two whole years make the review period.
        browser.client.find(fantoccini::Locator::Css("#period_kind")).await.unwrap().select_by_value("custom").await.unwrap();
        browser.set_value("#period_from", "2025-01-01").await;
        browser.set_value("#period_to", "2026-12-31").await;
        browser.click("form.filters button[type=submit]").await;
        // The page before has a heading too: wait for the new one.
        let mut heading = String::new();
        for _ in 0..100 {
            heading = browser.text_when_shown("#report-heading").await;
            if heading.contains("Giai đoạn 2025–2026") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(heading.contains("Giai đoạn 2025–2026") && heading.contains("Toàn quốc"), "{heading}");
        let received = browser.text("#indicator-received h2").await;
        let total = store.count_cases().await.unwrap().to_string();
        assert!(received.ends_with(&total), "{received}");
        assert!(browser.exists("#indicator-received svg.chart").await, "a chart is drawn");
        assert!(browser.text("#targets").await.contains("100%"));
        browser.shot("national-vi").await;
        for (lang, path) in [("vi", "/reports?period=2025-2026&area=VN"), ("en", "/reports?period=2025&area=01&geography=legacy")] {
            browser.goto(&format!("/lang/{lang}?next=/")).await;
            browser.goto(path).await;
            let html = browser.source().await;
            assert!(!html.contains('⟦'), "{path} in {lang} has an untranslated message");
            assert!(html.len() < 200_000, "{path} weighs {} bytes", html.len());
            for name in &names {
                assert!(!html.contains(name.as_str()), "no name on the statistics page");
            }
            browser.shot(&format!("report-{lang}")).await;
        }
        browser.goto("/lang/vi?next=/").await;
        browser.log_out().await;

        browser.log_in("statistician", DEMO_PASSWORD).await;
        browser.goto("/reports?period=2025-2026").await;
        let heading = browser.text_when_shown("#report-heading").await;
        assert!(heading.contains("Hà Nội"), "{heading}");
        assert!(browser.source().await.contains("abbr class=\"hidden\""), "small figures are hidden");
        browser.shot("province-hidden").await;
        browser.goto("/reports?area=VN").await;
        assert!(browser.source().await.contains("role=\"alert\""), "the country is refused");
        browser.close().await;
        server.stop().await;
    }
}
