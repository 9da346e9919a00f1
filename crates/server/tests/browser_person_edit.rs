//! Correcting a person by clicking, in headless Chromium on both databases:
//! her name and full date of birth, a relative changed, one added and one
//! removed; a correction based on a record someone else has just changed
//! is explained and kept, never written over it.
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
use haven_testkit::fixtures::{day, person, reception, today};

haven_testkit::backend_tests! {
    async fn a_worker_corrects_a_person_and_her_relatives(store) {
        store.load_demo().await.unwrap();
        let worker = store.user_by_username("social.worker").await.unwrap().unwrap();
        let actor = Actor { user_id: worker.id, agency_id: worker.agency_id };
        let case = store.open_case(actor, &person("Giả Lập Thị Sai", 1994), &reception("self_report", day(2026, 3, 1)), today()).await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("person-edit-{}", store.backend_name())).await else { return };
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        open_case(&browser, &case.case_number).await;
        browser.click("#edit-person").await;
        assert_eq!(browser.value("#full_name").await, "Giả Lập Thị Sai", "the form shows the record as it is");
        assert_eq!(browser.value("#relative_name_0").await, "Giả Lập Thị Mẹ");
        browser.shot("person-edit").await;

        browser.fill("#full_name", "Giả Lập Thị Đúng").await;
        browser.click("#birth_kind_date").await;
        browser.set_value("#birth_date", "1994-05-17").await;
        browser.fill("#relative_contact_0", "0900000555").await;
        browser.fill("#relative_relationship_1", "chồng").await;
        browser.fill("#relative_name_1", "Giả Lập Văn Chồng").await;
        browser.click("#person-edit button[value=save]").await;
        assert_eq!(browser.text_when_shown("p.notice").await, "Đã ghi: Sửa thông tin người.");
        assert_eq!(browser.text("#person dd[data-field=full_name]").await, "Giả Lập Thị Đúng");
        assert_eq!(browser.text("#person dd[data-field=birth]").await, "17/05/1994");
        assert!(browser.text("#timeline").await.contains("Đã sửa: Họ và tên, Ngày sinh, Người thân"));
        browser.shot("person-corrected").await;
        let corrected = store.person(case.person_id).await.unwrap().unwrap();
        assert_eq!(corrected.relatives.len(), 2);
        assert_eq!(corrected.relatives[0].contact.as_deref(), Some("0900000555"));
        assert_eq!(corrected.relatives[1].full_name, "Giả Lập Văn Chồng");

        // A relative removed, while someone else corrects the record meanwhile.
        browser.click("#edit-person").await;
        browser.click("#relative_remove_0").await;
        let current = store.person_view(case.person_id).await.unwrap().unwrap();
        let mut theirs = current.person.clone();
        theirs.contact = Some("0900000666".into());
        store.correct_person(actor, case.person_id, current.version, &theirs, today()).await.unwrap();
        browser.click("#person-edit button[value=save]").await;
        let notice = browser.text_when_shown("#form-notice").await;
        assert!(notice.contains("vừa được người khác sửa"), "{notice}");
        assert_eq!(store.person(case.person_id).await.unwrap().unwrap().relatives.len(), 2, "nothing written over the other correction");
        browser.shot("person-edit-stale").await;
        browser.goto(&format!("/cases/{}/person", case.case_number)).await;
        browser.click("#relative_remove_0").await;
        browser.click("#person-edit button[value=save]").await;
        assert_eq!(browser.text_when_shown("p.notice").await, "Đã ghi: Sửa thông tin người.");
        let after = store.person(case.person_id).await.unwrap().unwrap();
        assert_eq!((after.relatives.len(), after.relatives[0].full_name.as_str(), after.contact.as_deref()), (1, "Giả Lập Văn Chồng", Some("0900000666")));
        browser.close().await;
        server.stop().await;
    }
}
