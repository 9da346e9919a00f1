//! Pages for people at work, in headless Chromium on both databases: every
//! page fits a 390 px phone without sideways scrolling and passes axe-core;
//! a session about to end warns and can be kept; a form sent after it ended
//! survives the login and comes back filled in, with nothing recorded.
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
use haven_store::cases::Actor;
use haven_store::demo::DEMO_PASSWORD;
use haven_store::SessionPolicy;
use std::time::Duration;

/// Elements wider than the window, and whether the page itself scrolls sideways.
const OVERFLOW: &str = "
    const width = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().width > width + 1)
      .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
    return { scrolls: document.documentElement.scrollWidth > width + 1, wide: wide.slice(0, 10) };";

haven_testkit::backend_tests! {
    async fn every_page_fits_a_phone_and_passes_axe(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("phone-{}", store.backend_name())).await else { return };
        browser.client.set_window_size(390, 844).await.unwrap();
        // The check can fail: a field without a label is a fault axe-core names.
        browser.goto("/login").await;
        browser.client.execute("document.querySelector('form').insertAdjacentHTML('beforeend', '<input id=unlabelled type=text>')", vec![]).await.unwrap();
        let faults = browser.accessibility_faults().await;
        if !faults.is_empty() || std::env::var("HAVEN_TEST_REQUIRE_AXE").as_deref() == Ok("1") {
            assert!(faults.iter().any(|f| f.starts_with("label")), "{faults:?}");
        }
        let case = "HNI-2025-000001";
        let city = store.programme().plans().await.unwrap().into_iter().find(|p| p.area_code == "01").unwrap().id;
        let activity = store.programme().activities(&Default::default(), 0, 1).await.unwrap().1[0].id;
        let group = store.programme().working_groups().await.unwrap()[0].id;
        let company = store.programme().companies().await.unwrap()[0].id;
        // The demo's mother who called twice: dispatches, an earlier call, history.
        let contacts = store.hotline().list(&Default::default()).await.unwrap();
        let escalated = contacts.iter().find(|c| c.dispatches.len() > 1).unwrap().number.clone();
        let entry = store.directory().search(&Default::default()).await.unwrap()[0].id;
        let waiting = contacts.iter().find(|c| c.dispatches.iter().any(|d| d.answered_at.is_none() && d.escalated_at.is_none())).unwrap().number.clone();
        // A list uploaded and its columns confirmed: the check and confirmation show.
        let worker = store.user_by_username("social.worker").await.unwrap().unwrap();
        let list = "Họ và tên;Năm sinh;Quê quán;Ngày tiếp nhận;Hình thức trở về;Ghi chú\nGiả Lập Thị Hẹp;1999;Lào Cai;05/03/2021;Tự trở về;\n;2001;;31/02/2021;Tự trở về;\n";
        let import = store.import_jobs().create(haven_store::import::jobs::NewImportJob { agency_id: haven_domain::ids::AgencyId(worker.agency_id), user_id: worker.id, file_name: "danh-sach-rat-dai-ten-tep-cua-xa-2021.csv", content: list.as_bytes(), shape: "x" }).await.unwrap();
        let columns = haven_domain::import::columns::Mapping::suggested(&["Họ và tên", "Năm sinh", "Quê quán", "Ngày tiếp nhận", "Hình thức trở về", "Ghi chú"].map(String::from)).columns;
        store.import_jobs().set_mapping(&import, 1, &columns).await.unwrap();
        let import_page = format!("/admin/import/{}", import.id);
        let pages: &[(&str, &[&str])] = &[
            ("accountant", &["/plans", &format!("/plans/{city}"), &format!("/plans/{city}/budget"), &format!("/plans/{city}/review"), "/activities", &format!("/activities/{activity}")]),
            ("police", &["/", "/working-groups", &format!("/working-groups/{group}"), "/companies", &format!("/companies/{company}"), "/activities/new?kind=inspection"]),
            ("social.worker", &["/", "/tasks", "/cases", &format!("/cases/{case}"), "/cases/new", "/referrals", "/facilities", "/profile", "/notifications", "/notifications/settings", "/admin/import", &import_page]),
            ("statistician", &["/", "/reports", "/reports/submissions"]),
            ("hotline", &["/contacts", "/contacts/new", &format!("/contacts/{escalated}"), &format!("/contacts/{escalated}/edit"), &format!("/cases/new?contact={waiting}")]),
            ("border.guard", &["/contacts", &format!("/contacts/{waiting}"), "/directory?province=2025/15&service=shelter_stay&takes_children=on", "/directory/print?province=2025/15"]),
            ("admin", &["/admin/users", "/admin/organisation", "/admin/roles", "/admin/code-lists", "/admin/webhooks", "/admin/backups", "/directory", "/directory/new", &format!("/directory/{entry}/edit")]),
            ("auditor", &["/", "/audit", "/audit?denied=on&from=2025-01-01"]),
        ];
        for (user, paths) in pages {
            browser.log_in(user, DEMO_PASSWORD).await;
            for path in *paths {
                browser.goto(path).await;
                let fit = browser.client.execute(OVERFLOW, vec![]).await.unwrap();
                assert_eq!(fit["scrolls"], false, "{user} at {path} scrolls sideways at 390 px: {fit}");
                assert_eq!(fit["wide"], serde_json::json!([]), "{user} at {path}: elements wider than 390 px");
                // Stacked rows keep their column's name beside each value.
                let unnamed = browser.client.execute("return [...document.querySelectorAll('main table tbody td')].filter(td => !td.dataset.label).length", vec![]).await.unwrap();
                assert_eq!(unnamed, 0, "{user} at {path}: table cells without data-label");
                browser.shot(&format!("{user}-{}", path.replace('/', "_"))).await;
            }
            // The menu is one line until opened; opened, every entry shows within the width.
            browser.goto("/").await;
            let links = "return [...document.querySelectorAll('nav.site ul a')].map(a => { const r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right <= window.innerWidth + 1; })";
            let shown = browser.client.execute(links, vec![]).await.unwrap();
            assert!(shown.as_array().unwrap().iter().all(|v| v == false), "{user}: menu entries shown before the menu is opened: {shown}");
            browser.click("label.menu-toggle").await;
            let shown = browser.client.execute(links, vec![]).await.unwrap();
            assert!(shown.as_array().unwrap().len() >= 3 && shown.as_array().unwrap().iter().all(|v| v == true), "{user}: opened menu hides entries: {shown}");
            browser.log_out().await;
        }
        browser.close().await;
        server.stop().await;
    }

    async fn the_printed_summary_carries_the_marking_the_printer_the_person_and_the_steps(store) {
        store.load_demo().await.unwrap();
        let case = store.case_by_number("HNI-2025-000001").await.unwrap().unwrap();
        let name = store.person(case.person_id).await.unwrap().unwrap().full_name;
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("print-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        open_case(&browser, &case.case_number).await;
        let worker = store.user_by_username("social.worker").await.unwrap().unwrap();
        let reads = || async {
            let query = haven_store::access::AccessQuery { case_number: Some(case.case_number.clone()), user_id: Some(worker.id), limit: 1000, ..Default::default() };
            store.access_log(&query).await.unwrap().iter().filter(|e| e.action == "read_case").count()
        };
        let before = reads().await;
        browser.click("#print-case").await;
        assert_eq!(browser.text_when_shown("#secret-marking").await, "MẬT");
        let printed = browser.text("#printed").await;
        assert!(printed.contains(&worker.display_name) && printed.starts_with("In lúc "), "{printed}");
        assert!(browser.text(".print-header .agency").await.to_lowercase().contains(&worker.agency_name.to_lowercase()));
        assert_eq!(browser.text("#person dd[data-field=full_name]").await, name);
        assert!(browser.text("#timeline").await.contains("Tiếp nhận"), "the steps with their dates");
        assert!(!browser.exists("nav.site").await && !browser.exists("form").await, "nothing on the page but the summary");
        browser.shot("print").await;
        // Reading the summary is reading the case: it is in the access log.
        assert!(reads().await > before, "the print is logged");
        browser.close().await;
        server.stop().await;
    }

    async fn a_session_about_to_end_warns_and_a_form_sent_after_it_ended_survives_the_login(store) {
        store.load_demo().await.unwrap();
        let worker = store.user_by_username("social.worker").await.unwrap().unwrap();
        let actor = Actor { user_id: worker.id, agency_id: worker.agency_id };
        let case = store.open_case(actor, &haven_testkit::fixtures::person("Giả Lập Thị Phiên", 1992), &haven_testkit::fixtures::reception("self_report", haven_testkit::fixtures::day(2026, 3, 1)), haven_testkit::fixtures::today()).await.unwrap();
        let session = SessionPolicy { idle_timeout: chrono::Duration::seconds(20), absolute_timeout: chrono::Duration::hours(1) };
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, session, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("session-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        open_case(&browser, &case.case_number).await;

        // Before the idle limit, a warning with a way to stay.
        assert!(!browser.client.find(fantoccini::Locator::Css("#session-warning")).await.unwrap().is_displayed().await.unwrap());
        let mut warned = false;
        for _ in 0..200 {
            if browser.client.find(fantoccini::Locator::Css("#session-warning")).await.unwrap().is_displayed().await.unwrap() {
                warned = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(warned, "the warning shows before the session ends");
        browser.shot("session-warning").await;
        browser.click("#session-stay").await;
        let mut hidden = false;
        for _ in 0..50 {
            if !browser.client.find(fantoccini::Locator::Css("#session-warning")).await.unwrap().is_displayed().await.unwrap() {
                hidden = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(hidden, "staying hides it");
        // Staying kept the session alive past the limit counted from the page load.
        tokio::time::sleep(Duration::from_millis(12000)).await;
        browser.goto(&format!("/cases/{}", case.case_number)).await;
        assert_eq!(browser.path().await, format!("/cases/{}", case.case_number), "still logged in");

        // A note typed, then a long pause: the session ends before it is sent.
        browser.click("#action-add_note summary").await;
        browser.fill("#add_note-text", "Gọi lại cho gia đình vào thứ Hai").await;
        tokio::time::sleep(Duration::from_millis(21000)).await;
        browser.click("#action-add_note button[type=submit]").await;
        let notice = browser.text_when_shown("form.card p.error").await;
        assert!(notice.contains("Phiên làm việc đã hết"), "{notice}");
        assert!(!browser.source().await.contains("localStorage"), "nothing kept in the browser's storage");
        browser.shot("session-ended").await;
        browser.fill("#username", "social.worker").await;
        browser.fill("#password", DEMO_PASSWORD).await;
        browser.click("form.card button[type=submit]").await;
        browser.text_when_shown("#resume").await;
        browser.shot("session-resume").await;
        browser.click("#resume button[type=submit]").await;
        // The form is back, filled in, and nothing was recorded.
        assert_eq!(browser.text_when_shown("#action-add_note summary").await, "Thêm ghi chú");
        assert_eq!(browser.value("#add_note-text").await, "Gọi lại cho gia đình vào thứ Hai");
        assert_eq!(store.case_by_number(&case.case_number).await.unwrap().unwrap().version, case.version, "nothing recorded yet");
        browser.shot("session-form-back").await;
        browser.click("#action-add_note button[type=submit]").await;
        let done = format!("/cases/{}?done=add_note", case.case_number);
        assert_eq!(browser.path_after(&done).await, done);
        assert_eq!(store.case_by_number(&case.case_number).await.unwrap().unwrap().version, case.version + 1);
        browser.close().await;
        server.stop().await;
    }
}
