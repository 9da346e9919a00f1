//! A person known to another agency, by clicking in headless Chromium on both
//! databases: the reception wizard proposes her without her name, the new case
//! opens with only what was typed and a link request; the agency that knows
//! her answers from its inbox, choosing what to share (nothing pre-ticked).
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
use haven_domain::case::person::Birth;
use haven_server::ServerSettings;
use haven_store::cases::Actor;
use haven_store::demo::DEMO_PASSWORD;
use haven_testkit::fixtures::{day, person, reception, today};

haven_testkit::backend_tests! {
    async fn a_link_request_is_sent_from_reception_and_answered_from_the_inbox(store) {
        store.load_demo().await.unwrap();
        let border = store.user_by_username("border.guard").await.unwrap().unwrap();
        let mut known = person("Giả Lập Thị Liên Kết", 2001);
        known.identity_papers[0].number = "015301009999".into();
        let held = store
            .open_case(Actor { user_id: border.id, agency_id: border.agency_id }, &known, &reception("border_gate_handover", day(2026, 3, 1)), today())
            .await
            .unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("person-links-{}", store.backend_name())).await else { return };

        browser.log_in("social.worker", DEMO_PASSWORD).await;
        browser.goto("/cases/new").await;
        browser.fill("#full_name", "gia lap thi lien ket").await;
        browser.fill("#birth_year", "2001").await;
        browser.client.find(fantoccini::Locator::Css("#sex")).await.unwrap().select_by_value("female").await.unwrap();
        browser.client.find(fantoccini::Locator::Css("#channel")).await.unwrap().select_by_value("border_gate_handover").await.unwrap();
        common::browser::choose_place_commune(&browser).await;
        browser.click("button[value=check]").await;
        let candidates = browser.text_when_shown("#candidates").await;
        assert!(candidates.contains("gửi yêu cầu liên kết"), "{candidates}");
        assert!(!candidates.contains("Giả Lập Thị Liên Kết") && !candidates.contains(&held.case_number), "{candidates}");
        browser.shot("candidate-known-elsewhere").await;
        browser.click(&format!("#person-{}", held.person_id)).await;
        browser.fill("#link_reason", "Cùng tên, cùng năm sinh, trở về qua cửa khẩu").await;
        browser.click("button[value=open]").await;
        assert_eq!(browser.text_after("p.notice", "Đã ghi: Tiếp nhận.").await, "Đã ghi: Tiếp nhận.");
        let number = browser.path().await.trim_start_matches("/cases/").split('?').next().unwrap().to_owned();
        let opened = store.case_by_number(&number).await.unwrap().unwrap();
        assert_ne!(opened.person_id, held.person_id, "the new case has its own person");
        let page = browser.source().await;
        assert!(!page.contains("015301009999") && !page.contains("Giả Lập Thị Liên Kết"), "nothing of hers on the new case");
        assert!(browser.text("#timeline").await.contains("Gửi yêu cầu liên kết hồ sơ cá nhân"));
        browser.shot("case-with-link-request").await;
        browser.log_out().await;

        browser.log_in("border.guard", DEMO_PASSWORD).await;
        browser.goto("/referrals").await;
        let request = browser.text_when_shown("#link-requests").await;
        assert!(request.contains(&number) && request.contains("Cùng tên, cùng năm sinh"), "{request}");
        let id = store.person_links_of_case(opened.id).await.unwrap()[0].id;
        assert!(!browser.exists(&format!("#accept-{id}:checked")).await, "nothing is chosen in advance");
        browser.shot("link-request-inbox").await;
        // Sending without a decision comes back with the error at the request.
        browser.click(&format!("#accept-{id}")).await;
        browser.click(&format!("#link-{id} button[type=submit]")).await;
        let error = browser.text_when_shown(&format!("#link-{id} .field-error")).await;
        assert!(error.contains("thông tin chia sẻ"), "no field ticked: {error}");
        browser.click(&format!("#accept-{id}")).await;
        browser.click(&format!("#share-{id}-birth")).await;
        browser.click(&format!("#link-{id} button[type=submit]")).await;
        let mut answered = String::new();
        for _ in 0..100 {
            answered = browser.text_when_shown("#link-requests").await;
            if answered.contains("Đã đồng ý") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(answered.contains("Đã đồng ý"), "{answered}");
        browser.shot("link-request-accepted").await;

        let shared = store.person(opened.person_id).await.unwrap().unwrap();
        assert_eq!(shared.birth, Some(Birth::Year { year: 2001 }));
        assert!(shared.identity_papers.is_empty(), "only what was chosen is shared");
        assert_eq!(shared.full_name, "gia lap thi lien ket");
        browser.close().await;
        server.stop().await;
    }
}
