//! Recording steps through the case page's forms in headless Chromium, on
//! both databases: a referral answered from the inbox, a server-side error
//! shown next to its field with what was typed kept, and an edit based on
//! a version someone else has just changed, explained and re-applied.
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
use haven_domain::case::Command;
use haven_server::ServerSettings;
use haven_store::cases::Actor;
use haven_store::demo::DEMO_PASSWORD;

haven_testkit::backend_tests! {
    async fn closing_without_a_chosen_reason_leaves_the_case_open(store) {
        // Nothing consequential by default: the closure reason starts unchosen,
        // the browser will not send it empty, and the server refuses it empty.
        store.load_demo().await.unwrap();
        let worker = store.user_by_username("social.worker").await.unwrap().unwrap();
        let actor = Actor { user_id: worker.id, agency_id: worker.agency_id };
        let case = store.open_case(actor, &haven_testkit::fixtures::person("Giả Lập Thị Chưa Đóng", 1990), &haven_testkit::fixtures::reception("self_report", haven_testkit::fixtures::day(2026, 3, 1)), haven_testkit::fixtures::today()).await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("close-unchosen-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        common::browser::open_case(&browser, &case.case_number).await;
        browser.click("#action-close summary").await;
        assert_eq!(browser.value("#close-reason").await, "", "no reason is chosen in advance");
        browser.click("#action-close button[type=submit]").await;
        assert_eq!(store.case_by_number(&case.case_number).await.unwrap().unwrap().version, case.version, "the browser did not send it");
        // Past the browser's check (no JavaScript validation, an old browser), the server refuses it.
        browser.client.execute("document.querySelector('#close-reason').removeAttribute('required')", vec![]).await.unwrap();
        browser.click("#action-close button[type=submit]").await;
        assert!(!browser.text_when_shown("#action-close .field-error").await.is_empty());
        let after = store.case_by_number(&case.case_number).await.unwrap().unwrap();
        assert_eq!((after.version, after.state.phase.code()), (case.version, case.state.phase.code()), "still open");
        browser.shot("close-without-reason").await;
    }

    async fn a_closure_is_confirmed_on_a_second_screen_that_says_what_will_happen(store) {
        store.load_demo().await.unwrap();
        let worker = store.user_by_username("social.worker").await.unwrap().unwrap();
        let actor = Actor { user_id: worker.id, agency_id: worker.agency_id };
        let case = store.open_case(actor, &haven_testkit::fixtures::person("Giả Lập Thị Xác Nhận", 1990), &haven_testkit::fixtures::reception("self_report", haven_testkit::fixtures::day(2026, 3, 1)), haven_testkit::fixtures::today()).await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("close-confirmed-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        common::browser::open_case(&browser, &case.case_number).await;
        browser.click("#action-close summary").await;
        assert_eq!(browser.text("#action-close button[type=submit]").await, "Kết thúc hồ sơ…", "the button names the step");
        browser.client.find(fantoccini::Locator::Css("#close-reason")).await.unwrap().select_by_value("not_trafficking").await.unwrap();
        browser.click("#action-close button[type=submit]").await;
        // The second screen says plainly what will happen; nothing is recorded yet.
        let statement = browser.text_when_shown("#confirm-statement").await;
        assert!(statement.contains(&format!("Hồ sơ {} sẽ được kết thúc với lý do «", case.case_number)), "{statement}");
        assert!(!statement.contains("not_trafficking"), "words, not codes: {statement}");
        assert_eq!(browser.text("#confirm button[value=yes]").await, "Kết thúc hồ sơ");
        browser.shot("close-confirm").await;
        assert_eq!(store.case_by_number(&case.case_number).await.unwrap().unwrap().version, case.version, "nothing recorded before confirming");
        // Going back shows the form again with the reason still chosen, and records nothing.
        browser.click("#confirm button[value=back]").await;
        assert_eq!(browser.text_when_shown("#action-close summary").await, "Kết thúc hồ sơ");
        assert_eq!(browser.value("#close-reason").await, "not_trafficking", "the choice survives going back");
        assert_eq!(store.case_by_number(&case.case_number).await.unwrap().unwrap().version, case.version, "going back records nothing");
        // Confirmed, the case is closed.
        browser.click("#action-close button[type=submit]").await;
        browser.text_when_shown("#confirm-statement").await;
        browser.click("#confirm button[value=yes]").await;
        let done = format!("/cases/{}?done=close", case.case_number);
        assert_eq!(browser.path_after(&done).await, done);
        let after = store.case_by_number(&case.case_number).await.unwrap().unwrap();
        assert_eq!(after.state.phase.code(), "closed");
        browser.shot("closed").await;
    }

    async fn a_refused_consent_sends_the_referral_without_her_identity_and_says_why(store) {
        store.load_demo().await.unwrap();
        let worker = store.user_by_username("social.worker").await.unwrap().unwrap();
        let shelter = store.user_by_username("shelter").await.unwrap().unwrap();
        let actor = Actor { user_id: worker.id, agency_id: worker.agency_id };
        let case = store.open_case(actor, &haven_testkit::fixtures::person("Giả Lập Thị Từ Chối", 1990), &haven_testkit::fixtures::reception("self_report", haven_testkit::fixtures::day(2026, 3, 1)), haven_testkit::fixtures::today()).await.unwrap();
        let number = case.case_number.clone();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("consent-refused-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        common::browser::open_case(&browser, &number).await;
        // Nothing is answered for her in advance.
        browser.click("#action-record_consent summary").await;
        assert_eq!((browser.value("#record_consent-given").await, browser.value("#record_consent-given_by").await), (String::new(), String::new()));
        browser.click("#action-record_consent summary").await;
        common::browser::act(&browser, &number, "record_consent", &[], &[("scope-kind", "share_with".into()), ("scope-agency_id", shelter.agency_id.to_string()), ("given", "no".into()), ("given_by", "person".into())], &[]).await;
        browser.click("#action-send_referral summary").await;
        assert!(browser.text("#referral-consent").await.contains("Chưa có sự đồng ý chia sẻ thông tin với cơ quan nào."));
        browser.shot("referral-consent-hint").await;
        browser.click("#action-send_referral summary").await;
        common::browser::act(&browser, &number, "send_referral", &[("reason", "Lưu trú")], &[("to_agency_id", shelter.agency_id.to_string())], &["shared_fields-full_name", "shared_fields-birth"]).await;
        assert_eq!(browser.text("#sharing-notice").await, "Không gửi kèm thông tin nhân thân: người đó đã từ chối chia sẻ với cơ quan này.");
        assert_eq!(browser.text("#referral-1 .sharing").await, "Không gửi kèm thông tin nhân thân: người đó đã từ chối chia sẻ với cơ quan này.");
        browser.shot("referral-without-identity").await;

        // The shelter gets the referral, not her name.
        browser.log_out().await;
        browser.log_in("shelter", DEMO_PASSWORD).await;
        common::browser::open_case(&browser, &number).await;
        assert!(!browser.text("main").await.contains("Giả Lập Thị Từ Chối"));
        assert_eq!(browser.text("#referral-1 .sharing").await, "Không gửi kèm thông tin nhân thân: người đó đã từ chối chia sẻ với cơ quan này.");
        let stored = store.case_by_number(&number).await.unwrap().unwrap();
        assert!(stored.state.referrals[0].shared_fields.is_empty());
    }

    async fn a_referral_is_answered_and_a_note_kept_through_errors_and_a_concurrent_edit(store) {
        store.load_demo().await.unwrap();
        let number = "LCI-2026-000001";
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("actions-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        assert_eq!(browser.path_after("/").await, "/");

        browser.click_link("Chuyển tuyến").await;
        assert_eq!(browser.text_after("main h1", "Chuyển tuyến đến cơ quan").await, "Chuyển tuyến đến cơ quan");
        browser.shot("referral-inbox").await;
        browser.click_link(number).await;
        assert_eq!(browser.text_after("main h1", &format!("Hồ sơ {number}")).await, format!("Hồ sơ {number}"));
        let before = store.case_by_number(number).await.unwrap().unwrap().version;

        // Declining needs a reason: blank (spaces pass the browser's check) comes back with the error at the field.
        browser.click("#action-decline_referral-1 summary").await;
        browser.fill("#decline_referral-1-reason", "   ").await;
        browser.click("#action-decline_referral-1 button[type=submit]").await;
        let error = browser.text_after("#decline_referral-1-reason-error", "Trường «Lý do» là bắt buộc.").await;
        assert!(!error.contains("reason"), "the field is named by its label: {error}");
        assert_eq!(store.case_by_number(number).await.unwrap().unwrap().version, before, "nothing was written");
        browser.shot("decline-without-reason").await;

        // Until it accepts, the agency sees the answer to give and no other step.
        assert!(!browser.exists("#action-add_note").await, "no other step before the referral is accepted");
        // Accepting the referral: the form disappears once answered.
        browser.click("#action-accept_referral-1 summary").await;
        browser.click("#action-accept_referral-1 button[type=submit]").await;
        assert_eq!(browser.text_after("p.notice", "Đã ghi: Nhận chuyển tuyến.").await, "Đã ghi: Nhận chuyển tuyến.");
        assert!(!browser.exists("#action-accept_referral-1").await);
        browser.shot("referral-accepted").await;

        // A note typed while the border guard records something on the same case.
        browser.click("#action-add_note summary").await;
        browser.fill("#add_note-text", "Đã gọi điện cho gia đình, hẹn gặp thứ Hai").await;
        let border = store.user_by_username("border.guard").await.unwrap().unwrap();
        store.execute(Actor { user_id: border.id, agency_id: border.agency_id }, number, before + 1, &Command::AddNote { text: "Biên phòng bổ sung hồ sơ".into() }, None, haven_testkit::fixtures::today()).await.unwrap();
        browser.click("#action-add_note button[type=submit]").await;
        let notice = browser.text_when_shown("#form-notice").await;
        assert!(notice.contains("vừa được người khác cập nhật"), "the conflict is explained: {notice}");
        assert!(!notice.contains(&(before + 2).to_string()), "without the internal version number: {notice}");
        let kept = Some(browser.value("#add_note-text").await);
        assert_eq!(kept.as_deref(), Some("Đã gọi điện cho gia đình, hẹn gặp thứ Hai"), "nothing typed is lost");
        browser.shot("stale-version").await;
        browser.click("#action-add_note button[type=submit]").await;
        assert_eq!(browser.text_after("p.notice", "Đã ghi: Ghi chú.").await, "Đã ghi: Ghi chú.");
        let timeline = browser.text("#timeline").await;
        assert!(timeline.contains("Đã gọi điện cho gia đình"), "{timeline}");
        let case = store.case_by_number(number).await.unwrap().unwrap();
        assert_eq!(case.version, before + 3);
        assert_eq!(case.state.referrals[0].status, haven_domain::case::aggregate::ReferralStatus::Accepted);
        browser.goto("/referrals").await;
        assert!(!browser.source().await.contains(number), "the inbox is empty again");
        browser.close().await;
        server.stop().await;
    }

    async fn the_reception_wizard_proposes_known_persons_before_creating_one(store) {
        store.load_demo().await.unwrap();
        let known = store.case_by_number("HNI-2025-000001").await.unwrap().unwrap();
        let name = store.person(known.person_id).await.unwrap().unwrap().full_name;
        let cases_before = store.count_cases().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("reception-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        assert_eq!(browser.path_after("/").await, "/");
        browser.click_link("Tiếp nhận").await;
        assert_eq!(browser.text_after("main h1", "Tiếp nhận người bị mua bán").await, "Tiếp nhận người bị mua bán");
        browser.shot("reception-empty").await;

        // A wrong year comes back next to its field, with everything typed kept.
        let folded = haven_domain::matching::fold_name(&name);
        browser.fill("#full_name", &folded).await;
        browser.fill("#birth_year", "khoảng 1994").await;
        browser.fill("#contact", "0900000999").await;
        // Nothing is chosen for her: sex and channel start empty, and must be chosen.
        assert_eq!(browser.value("#sex").await, "");
        assert_eq!(browser.value("#channel").await, "");
        browser.client.find(fantoccini::Locator::Css("#sex")).await.unwrap().select_by_value("female").await.unwrap();
        browser.client.find(fantoccini::Locator::Css("#channel")).await.unwrap().select_by_value("self_report").await.unwrap();
        common::browser::choose_place_commune(&browser).await;
        browser.click("button[value=check]").await;
        assert!(browser.text_when_shown("#birth_year-error").await.contains("Năm sinh"));
        assert_eq!(browser.value("#full_name").await, folded);
        assert_eq!(browser.value("#contact").await, "0900000999");
        browser.shot("reception-error").await;

        // Her name without diacritics and her year: she is proposed, with the case this worker may open.
        browser.fill("#birth_year", "1994").await;
        browser.client.find(fantoccini::Locator::Css("#province")).await.unwrap().select_by_value("2025/01").await.unwrap();
        browser.click("button[value=check]").await;
        let candidates = browser.text_when_shown("#candidates").await;
        assert!(candidates.contains("HNI-2025-000001"), "{candidates}");
        assert!(browser.exists("#commune").await, "the province's communes to choose from");
        assert!(candidates.contains(&name) && candidates.contains("sinh năm 1994"), "her name and year, as this worker leads her case: {candidates}");
        assert!(candidates.contains("Rất giống") || candidates.contains("Có thể trùng"), "how alike, in words: {candidates}");
        assert!(!candidates.contains("Mức giống"), "{candidates}");
        browser.shot("reception-candidates").await;
        browser.click(&format!("#person-{}", known.person_id)).await;
        browser.click("button[value=open]").await;
        let notice = browser.text_when_shown("p.notice").await;
        assert_eq!(notice, "Đã ghi: Tiếp nhận.");
        let path = browser.path().await;
        let number = path.trim_start_matches("/cases/").split('?').next().unwrap().to_owned();
        let opened = store.case_by_number(&number).await.unwrap().unwrap();
        assert_eq!(opened.person_id, known.person_id, "the new case is hers, not a new person's");
        assert_eq!(store.count_cases().await.unwrap(), cases_before + 1);
        browser.shot("reception-opened").await;
        browser.close().await;
        server.stop().await;
    }
}
