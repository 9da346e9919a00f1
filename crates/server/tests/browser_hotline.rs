//! The hotline by keyboard and by clicking, in headless Chromium on both
//! databases: the operator fills in an urgent call with the keyboard alone
//! (Tab from field to field, typing and Space), dispatching it to the
//! border guard; the border guard finds it waiting and answers; the
//! operator opens the case from the contact, the wizard filled with what
//! the call told, and the case and the contact point to each other. Every
//! page is checked with axe-core and kept as a screenshot.
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

const TAB: &str = "\u{e004}";
const SPACE: &str = "\u{e00d}";
const ENTER: &str = "\u{e007}";

haven_testkit::backend_tests! {
    async fn an_urgent_call_is_taken_by_keyboard_answered_and_becomes_a_case(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("hotline-{}", store.backend_name())).await else { return };
        browser.log_in("hotline", DEMO_PASSWORD).await;
        // The dashboard: the week by day and by category, and the call back planned.
        let week = browser.text_when_shown("#hotline-week").await;
        assert!(week.contains("7 ngày qua") && week.contains("Đề nghị giải cứu"), "{week}");
        assert_eq!(browser.client.find_all(fantoccini::Locator::Css("#call-back-list li")).await.unwrap().len(), 1);
        browser.shot("hotline-dashboard").await;
        browser.goto("/tasks").await;
        assert!(browser.text_when_shown("#call-back-tasks").await.contains("LH-"), "a call back is the operator's task");
        browser.goto("/").await;
        browser.click_link("Tổng đài").await;
        assert_eq!(browser.text_after("main h1", "Các cuộc liên hệ với tổng đài").await, "Các cuộc liên hệ với tổng đài");
        assert!(browser.text_when_shown("#contact-list").await.contains("Đang gặp nguy hiểm"), "the demo's week is listed");
        browser.shot("contacts").await;
        browser.click("#new-contact").await;
        browser.shot("contact-form").await;

        // The keyboard alone: from the channel (a phone call, already chosen) to the button.
        browser.client.execute("document.querySelector('#channel').focus();", vec![]).await.unwrap();
        let mut presses = 0;
        presses += browser.tab_to("duration_minutes", 12).await;
        browser.keys("6").await;
        presses += browser.tab_to("caller_relation", 3).await;
        browser.keys("Người thân").await;
        presses += browser.tab_to("sex", 6).await;
        browser.keys("Nữ").await;
        presses += browser.tab_to("age_years", 2).await;
        browser.keys("15").await;
        presses += browser.tab_to("province", 3).await;
        browser.keys("Tỉnh Lào Cai").await;
        presses += browser.tab_to("categories-rescue_request", 8).await;
        browser.keys(SPACE).await;
        presses += browser.tab_to("urgency-immediate_danger", 8).await;
        browser.keys(SPACE).await;
        presses += browser.tab_to("dispatch_agency_id", 4).await;
        browser.keys("Bộ Chỉ huy Bộ đội Biên phòng").await;
        presses += browser.tab_to("dispatch_note", 2).await;
        browser.keys("Chặn ở cửa khẩu").await;
        presses += browser.tab_to("summary", 2).await;
        browser.keys("Chị gái báo em 15 tuổi đang bị đưa ra cửa khẩu Lào Cai.").await;
        presses += browser.tab_to("steps-transfer", 6).await;
        browser.keys(SPACE).await;
        presses += browser.tab_to("outcome", 10).await;
        browser.keys("Đang").await;
        browser.keys(TAB).await;
        browser.keys(TAB).await;
        browser.keys(ENTER).await;
        assert!(presses <= 45, "{presses} Tabs from the first field to the last");
        assert!(browser.text_containing("#done", "Đã lưu cuộc liên hệ").await, "saved from the keyboard");
        let number = browser.path().await.trim_start_matches("/contacts/").split('?').next().unwrap().to_owned();
        let saved = store.hotline().by_number(&number).await.unwrap().unwrap();
        assert_eq!(saved.contact.concerned.age_years, Some(15));
        assert_eq!(saved.contact.concerned.place_unit_id.as_deref(), Some("2025/15"));
        assert_eq!(saved.contact.caller.relation, haven_domain::hotline::CallerRelation::Relative);
        assert_eq!(saved.contact.outcome, haven_domain::hotline::ContactOutcome::Ongoing);
        assert_eq!(saved.contact.duration(), Some(chrono::Duration::minutes(6)));
        assert_eq!(saved.dispatches.len(), 1, "dispatched with the call");
        assert!(browser.text_when_shown("#dispatches").await.contains("Đang chờ trả lời"));
        browser.shot("contact-saved").await;
        browser.log_out().await;

        // The border guard find it waiting, the caller's number nowhere, and answer.
        browser.log_in("border.guard", DEMO_PASSWORD).await;
        assert!(browser.text_when_shown("#waiting-list").await.contains(&number), "waiting on the dashboard");
        browser.click_link("Tổng đài").await;
        assert!(browser.text_when_shown("#waiting").await.contains(&number));
        browser.shot("dispatches-waiting").await;
        browser.click_link(&number).await;
        assert_eq!(browser.text_when_shown("#caller-number").await, "Không để lại số");
        assert!(!browser.exists("#edit-contact").await, "the border guard do not correct the hotline's record");
        browser.fill("#answer", "Đã chặn tại cửa khẩu, em an toàn.").await;
        browser.click("#answer-form button[type=submit]").await;
        assert!(browser.text_containing("#done", "Đã gửi trả lời").await);
        assert!(browser.text_when_shown("#dispatches").await.contains("Đã chặn tại cửa khẩu"));
        browser.shot("dispatch-answered").await;
        browser.log_out().await;

        // The operator opens the case from the contact: nothing typed twice.
        browser.log_in("hotline", DEMO_PASSWORD).await;
        browser.goto(&format!("/contacts/{number}")).await;
        browser.click("#open-case").await;
        assert!(browser.text_when_shown("#from-contact").await.contains(&number));
        assert_eq!(browser.value("#channel").await, "tip_hotline_111");
        assert_eq!(browser.value("#sex").await, "female");
        let year = chrono::Datelike::year(&chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()));
        assert_eq!(browser.value("#birth_year").await, (year - 15).to_string());
        assert_eq!(browser.value("#place_province").await, "2025/15");
        assert!(browser.value("#circumstances").await.contains("cửa khẩu Lào Cai"));
        browser.shot("reception-from-contact").await;
        browser.fill("#full_name", "Giả Lập Thị Mây").await;
        // The call knew the province; the commune is the one thing chosen here.
        common::browser::choose_place_commune(&browser).await;
        browser.click("button[value=check]").await;
        browser.text_when_shown("#candidates").await;
        browser.click("button[value=open]").await;
        // The wizard has a notice of its own (the contact): wait for the case's.
        assert!(browser.text_containing("p.notice", "Đã ghi: Tiếp nhận.").await, "the case is opened");
        let case_number = browser.path().await.trim_start_matches("/cases/").split('?').next().unwrap().to_owned();
        let linked = store.hotline().by_number(&number).await.unwrap().unwrap();
        assert_eq!(linked.case_number.as_deref(), Some(case_number.as_str()));
        browser.goto(&format!("/contacts/{number}")).await;
        assert_eq!(browser.text_when_shown("#case-link").await, case_number);
        assert!(!browser.exists("#open-case").await, "a contact opens one case");
        browser.shot("contact-with-case").await;
        browser.close().await;
        server.stop().await;
    }
}
