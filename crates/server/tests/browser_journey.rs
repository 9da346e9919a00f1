//! The whole journey by clicking, in headless Chromium, as four users of
//! four agencies, on both databases: the commune receives a self-reported
//! woman, the police verify and identify her, social affairs refers her to
//! a shelter, the shelter accepts her and records support, social affairs
//! records her return and a follow-up, and closes the case. Every page is
//! kept as a screenshot.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::browser::{act, act_dated, as_user, open_case, Browser};
use common::TestServer;
use haven_testkit::fixtures::seed_org;

haven_testkit::backend_tests! {
    async fn four_agencies_carry_a_case_from_reception_to_closure_by_clicking(store) {
        let org = seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let Some(browser) = Browser::start(&server.base, &format!("journey-{}", store.backend_name())).await else { return };

        // The commune receives her.
        as_user(&browser, "commune").await;
        browser.shot("commune-dashboard").await;
        browser.click_link("Tiếp nhận").await;
        browser.fill("#full_name", "Giả Lập Thị Hành Trình").await;
        browser.fill("#birth_year", "1999").await;
        browser.client.find(fantoccini::Locator::Css("#channel")).await.unwrap().select_by_value("self_report").await.unwrap();
        browser.client.find(fantoccini::Locator::Css("#sex")).await.unwrap().select_by_value("female").await.unwrap();
        browser.fill("#circumstances", "Tự đến trình báo tại trụ sở").await;
        browser.click("button[value=check]").await;
        assert!(browser.text_when_shown("#candidates").await.contains("Không tìm thấy ai giống"));
        browser.shot("reception-no-candidates").await;
        browser.click("button[value=open]").await;
        assert_eq!(browser.text_when_shown("p.notice").await, "Đã ghi: Tiếp nhận.");
        let number = browser.path().await.trim_start_matches("/cases/").split('?').next().unwrap().to_owned();
        assert!(number.starts_with("HNI-"), "{number}");
        browser.shot("received").await;
        // Her consent to share with the police, then the referral that shares her name.
        act(&browser, &number, "record_consent", &[], &[("scope-kind", "share_with".into()), ("scope-agency_id", org.police.agency_id.to_string()), ("given", "yes".into()), ("given_by", "person".into())], &[]).await;
        act(&browser, &number, "send_referral", &[("reason", "Chuyển công an xác minh")], &[("to_agency_id", org.police.agency_id.to_string())], &["shared_fields-full_name", "transfer_lead"]).await;
        assert_eq!(browser.text("#sharing-notice").await, "Đã gửi kèm thông tin nhân thân theo sự đồng ý của người đó.");

        // The police verify and identify her.
        as_user(&browser, "police").await;
        browser.click_link("Chuyển tuyến").await;
        browser.shot("police-inbox").await;
        browser.click_link(&number).await;
        assert_eq!(browser.text_after("#person dd[data-field=full_name]", "Giả Lập Thị Hành Trình").await, "Giả Lập Thị Hành Trình", "the referral shared her name");
        // Until they accept, the police see the answer to give and nothing of the journey.
        assert!(browser.exists("#awaiting-answer").await);
        assert!(browser.text("#next-steps").await.contains("Nhận chuyển tuyến"), "{}", browser.text("#next-steps").await);
        assert!(!browser.exists("#other-steps").await && !browser.exists("#timeline").await);
        assert_eq!(browser.text("#person-name").await, "Giả Lập Thị Hành Trình");
        act(&browser, &number, "accept_referral-1", &[], &[], &[]).await;
        assert!(!browser.exists("#awaiting-answer").await);
        // The timeline tells who did what, when it happened, with its facts in words.
        let timeline = browser.text("#timeline").await;
        assert!(timeline.contains("Chuyển tuyến") && timeline.contains("Chuyển công an xác minh") && timeline.contains("Ghi lúc"), "{timeline}");
        assert!(timeline.contains("Cán bộ commune"), "who recorded it, by name: {timeline}");
        assert!(timeline.contains("Đồng ý") && timeline.contains("Chính người đó"), "the consent in words: {timeline}");
        assert!(timeline.contains("Đã gửi kèm thông tin nhân thân theo sự đồng ý của người đó."), "{timeline}");
        assert!(browser.text("#risk").await.contains("Chưa đánh giá"));
        act(&browser, &number, "start_verification", &[], &[("agency_id", org.police.agency_id.to_string())], &[]).await;
        // The server's today: Vietnamese time.
        let today = (chrono::Utc::now() + chrono::Duration::hours(7)).format("%Y-%m-%d").to_string();
        act_dated(&browser, &number, "record_identification", &[("document_number", "125/XN")], &[("outcome", "victim".into()), ("deciding_agency_id", org.police.agency_id.to_string())], &[], &[("document_date", today.clone())]).await;
        assert_eq!(browser.text("#identification").await, "Là nạn nhân");
        act(&browser, &number, "send_referral", &[("reason", "Chuyển hỗ trợ")], &[("to_agency_id", org.social_affairs.agency_id.to_string())], &["transfer_lead"]).await;

        // Social affairs take the lead and refer her to the shelter.
        as_user(&browser, "social").await;
        open_case(&browser, &number).await;
        act(&browser, &number, "accept_referral-2", &[], &[], &[]).await;
        assert_eq!(browser.text("#scope").await, "Chủ trì");
        act(&browser, &number, "assess_risk", &[], &[("level", "high".into())], &[]).await;
        assert!(browser.text("#risk").await.starts_with("Cao (đánh giá ngày"), "{}", browser.text("#risk").await);
        act(&browser, &number, "send_referral", &[("reason", "Lưu trú, chăm sóc y tế")], &[("to_agency_id", org.shelter.agency_id.to_string()), ("to_facility_id", org.shelter_facility_id.to_string())], &[]).await;

        // The shelter accepts her, admits her and records support.
        as_user(&browser, "shelter").await;
        open_case(&browser, &number).await;
        act(&browser, &number, "accept_referral-3", &[], &[], &[]).await;
        act(&browser, &number, "admit_to_facility", &[], &[("facility_id", org.shelter_facility_id.to_string())], &[]).await;
        assert_eq!(browser.text("#phase").await, "Đang ở cơ sở hỗ trợ");
        act(&browser, &number, "record_service", &[("amount_vnd", "1.250.000")], &[("service_type", "medical_care".into()), ("provider_agency_id", org.shelter.agency_id.to_string())], &[]).await;
        assert!(browser.text("#timeline").await.contains("1.250.000 ₫"));
        // The shelter's own page lists her stay by case number.
        browser.goto(&format!("/facilities/{}", org.shelter_facility_id)).await;
        assert!(browser.text("#stays").await.contains(&number));
        assert_eq!(browser.text("#staying").await, "1");
        browser.shot("facility-stays").await;
        open_case(&browser, &number).await;
        act(&browser, &number, "discharge_from_facility", &[], &[], &[]).await;

        // Social affairs bring her home, follow up and close.
        as_user(&browser, "social").await;
        open_case(&browser, &number).await;
        act(&browser, &number, "record_family_contact", &[("contacted_by", "Cán bộ xã hội")], &[], &[]).await;
        act(&browser, &number, "record_return", &[("handover_record", "BB-01")], &[], &[]).await;
        act(&browser, &number, "record_follow_up", &[("situation", "Ổn định, đã có việc làm")], &[("retrafficking_risk", "low".into())], &[]).await;
        act(&browser, &number, "close",
            &[],
            &[("reason", "reintegrated".into())],
            &[],
        ).await;
        assert_eq!(browser.text("#phase").await, "Đã kết thúc");
        assert!(!browser.text("#timeline").await.contains("reintegrated"), "the closure reason by its name");
        browser.goto(&format!("/cases/{number}")).await;
        browser.shot("closed").await;

        // The papers: the referral slip carries only what the referral shared, even for the lead agency.
        browser.goto(&format!("/cases/{number}/referrals/1/print")).await;
        assert_eq!(browser.text("#slip-sharing").await, "Đã gửi kèm thông tin nhân thân theo sự đồng ý của người đó.");
        let slip = browser.text("#person").await;
        assert!(slip.contains("Giả Lập Thị Hành Trình") && !slip.contains("1999"), "her name, not her birth year: {slip}");
        assert_eq!(browser.text("#secret-marking").await, "MẬT");
        browser.shot("referral-slip").await;
        browser.goto(&format!("/cases/{number}")).await;
        browser.click("#timeline a.paper[href*='/handovers/']").await;
        let handover = browser.text_when_shown("#handover").await;
        assert!(handover.contains("BB-01") && handover.contains("Gia đình"), "{handover}");
        browser.shot("handover-record").await;

        let case = store.case_by_number(&number).await.unwrap().unwrap();
        assert_eq!(case.state.phase, haven_domain::case::Phase::Closed);
        assert_eq!(case.lead_agency_id, org.social_affairs.agency_id);
        let history = store.case_history(&number).await.unwrap();
        let steps: Vec<&str> = history.iter().map(|e| e.command.as_str()).collect();
        assert_eq!(steps, vec!["receive", "record_consent", "send_referral", "accept_referral", "start_verification", "record_identification", "send_referral", "accept_referral", "assess_risk", "send_referral", "accept_referral", "admit_to_facility", "record_service", "discharge_from_facility", "record_family_contact", "record_return", "record_follow_up", "close"]);
        let actors: std::collections::BTreeSet<i64> = history.iter().map(|e| e.actor_agency_id).collect();
        assert_eq!(actors.len(), 4, "four agencies worked on her case");
        browser.close().await;
        server.stop().await;
    }
}
