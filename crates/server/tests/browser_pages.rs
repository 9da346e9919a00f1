//! The web pages in a real headless Chromium, over the demo dataset, on
//! both databases: a case worker finds and reads a case in Vietnamese and
//! in English (no untranslated message on any page), a statistician and an
//! out-of-scope user see no identity anywhere, and demo users are listed
//! on the login page in demo mode only. Screenshots land in
//! `target/tmp/browser-screenshots/`.
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
use haven_store::demo::DEMO_PASSWORD;
use haven_store::Store;

/// Names of the persons of the cases `agency_code` does not work on (all with `None`).
async fn names_outside(store: &Store, agency_code: Option<&str>) -> Vec<String> {
    let agency_id = match agency_code {
        Some(code) => store.agency_by_code(code).await.unwrap().unwrap().id,
        None => -1,
    };
    let mut names = Vec::new();
    for id in 1..=store.count_cases().await.unwrap() as i64 {
        let Some(case) = store.case_by_id(id).await.unwrap() else {
            continue;
        };
        let involved = case.lead_agency_id == agency_id
            || case
                .state
                .referrals
                .iter()
                .any(|r| r.to_agency_id == agency_id);
        if !involved {
            names.push(
                store
                    .person(case.person_id)
                    .await
                    .unwrap()
                    .unwrap()
                    .full_name,
            );
        }
    }
    assert!(!names.is_empty());
    names
}

fn demo_settings(demo_mode: bool) -> ServerSettings {
    ServerSettings {
        demo_mode,
        ..common::settings()
    }
}

const UNTRANSLATED: char = '⟦';

haven_testkit::backend_tests! {
    async fn a_case_worker_finds_a_case_and_reads_it_in_both_languages(store) {
        store.load_demo().await.unwrap();
        let number = "HNI-2025-000001";
        let case = store.case_by_number(number).await.unwrap().unwrap();
        let name = store.person(case.person_id).await.unwrap().unwrap().full_name;
        let server = TestServer::start(store.clone(), demo_settings(true)).await;
        let Some(browser) = Browser::start(&server.base, &format!("case-worker-{}", store.backend_name())).await else { return };

        browser.goto("/login").await;
        assert!(browser.exists("#demo-users").await, "demo mode lists the demo users");
        browser.shot("login").await;
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        assert_eq!(browser.path_after("/").await, "/", "{}", browser.source().await);
        assert_eq!(browser.text_after("main h1", "Tổng quan").await, "Tổng quan");
        assert!(browser.exists("#overdue").await && browser.exists("#by-phase svg").await);
        browser.shot("dashboard").await;

        browser.click_link("Hồ sơ").await;
        assert_eq!(browser.text_after("main h1", "Hồ sơ").await, "Hồ sơ");
        browser.shot("case-list").await;
        // The search ignores diacritics and case.
        let folded = haven_domain::matching::fold_name(&name);
        browser.fill("#q", &folded.to_uppercase()).await;
        browser.click("form.filters button[type=submit]").await;
        assert_eq!(browser.text_after("p.count", "1 hồ sơ").await, "1 hồ sơ", "the search narrows the list to her case");
        let listed = browser.text("#case-list tbody").await;
        assert!(listed.contains(number), "{folded} finds {number}: {listed}");
        assert!(listed.contains(&name), "the lead agency's worker sees her name in the list: {listed}");
        assert_eq!(browser.path().await, "/cases", "the search is posted: no name in the address");
        browser.shot("case-search").await;

        browser.click_link(number).await;
        assert_eq!(browser.path_after(&format!("/cases/{number}")).await, format!("/cases/{number}"));
        assert_eq!(browser.text("#person dd[data-field=full_name]").await, name);
        assert!(browser.exists("#timeline li").await && browser.exists("#deadlines table").await);
        assert!(!browser.source().await.contains(UNTRANSLATED));
        browser.shot("case").await;

        // English, on every page, with nothing left untranslated.
        browser.click("header.site a.lang").await;
        assert_eq!(browser.path_after(&format!("/cases/{number}")).await, format!("/cases/{number}"), "the switch comes back to the page");
        assert_eq!(browser.text_after("main h1", &format!("Case {number}")).await, format!("Case {number}"));
        browser.shot("case-en").await;
        for (path, title) in [("/", "Dashboard"), ("/cases", "Cases"), ("/cases?q=zzz&phase=closed", "Cases"), ("/profile", "My account"), ("/cases/new", "Receive a trafficked person"), ("/referrals", "Referrals to your agency"), ("/facilities", "Victim support facilities"), (&format!("/cases/{number}") as &str, &format!("Case {number}") as &str)] {
            browser.goto(path).await;
            assert_eq!(browser.text_after("main h1", title).await, title, "{path}");
            let html = browser.source().await;
            assert!(html.contains("lang=\"en\""), "{path}");
            assert!(!html.contains(UNTRANSLATED), "{path} has an untranslated message");
            assert!(html.len() < 200_000, "{path} weighs {} bytes; a page stays under 200 KB", html.len());
            browser.shot(&format!("en{}", path.replace(['/', '?', '=', '&'], "-"))).await;
        }
        browser.click("header.site a.lang").await;
        assert_eq!(browser.text_after("main h1", &format!("Hồ sơ {number}")).await, format!("Hồ sơ {number}"));
        browser.log_out().await;
        assert_eq!(browser.path_after("/login").await, "/login");
        browser.close().await;
        server.stop().await;
    }

    async fn statisticians_and_outsiders_see_no_identity_anywhere(store) {
        store.load_demo().await.unwrap();
        let number = "HNI-2025-000001";
        let everyone: Vec<String> = names_outside(&store, None).await;
        let server = TestServer::start(store.clone(), demo_settings(false)).await;
        let Some(browser) = Browser::start(&server.base, &format!("no-identity-{}", store.backend_name())).await else { return };
        browser.goto("/login").await;
        assert!(!browser.exists("#demo-users").await, "a normal start never lists demo users");

        browser.log_in("statistician", DEMO_PASSWORD).await;
        assert_eq!(browser.path_after("/").await, "/");
        browser.shot("statistician-dashboard").await;
        for path in ["/", "/cases", &format!("/cases/{number}") as &str, "/profile"] {
            browser.goto(path).await;
            let html = browser.source().await;
            for name in &everyone {
                assert!(!html.contains(name.as_str()), "{path} shows {name} to a statistician");
            }
            assert!(!html.contains(UNTRANSLATED), "{path}");
        }
        browser.goto(&format!("/cases/{number}")).await;
        assert_eq!(browser.text_after("main h1", "Không được phép").await, "Không được phép");
        browser.shot("statistician-case-refused").await;
        browser.log_out().await;

        let outside = names_outside(&store, Some("LCI-BDBP")).await;
        browser.log_in("border.guard", DEMO_PASSWORD).await;
        browser.goto(&format!("/cases/{number}")).await;
        assert_eq!(browser.text_after("main h1", "Không tìm thấy").await, "Không tìm thấy", "outside scope a case does not exist");
        browser.shot("outsider-case-refused").await;
        for path in ["/", "/cases", &format!("/cases/{number}") as &str] {
            browser.goto(path).await;
            let html = browser.source().await;
            for name in &outside {
                assert!(!html.contains(name.as_str()), "{path} shows {name} to an outsider");
            }
        }
        assert!(!browser.source().await.contains(number));
        browser.close().await;
        server.stop().await;
    }
}
