//! Member agencies' periodic reports by clicking, in headless Chromium on
//! both databases: the police write their report (told which parts are
//! missing, their typing kept) and send it up; the city's statistician sees
//! it in the area's list and approves it. Every page passes axe-core.
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

haven_testkit::backend_tests! {
    async fn the_police_send_their_report_up_and_social_affairs_approves_it(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("agency-reports-{}", store.backend_name())).await else { return };
        browser.log_in("police", DEMO_PASSWORD).await;
        browser.click_link("Báo cáo cơ quan").await;
        browser.path_after("/agency-reports").await;
        assert!(browser.text_when_shown("#own-status").await.contains("Chưa lập"));
        assert!(browser.text("#agency-figures").await.contains("Số cuộc kiểm tra, thanh tra"));
        browser.shot("own-report").await;
        browser.fill("#results", "Triệt phá 2 đường dây mua bán người").await;
        browser.fill("#difficulties", "Thiếu phiên dịch tiếng Trung").await;
        browser.click("#submit-report").await;
        let errors = browser.text_when_shown("#form-errors").await;
        assert!(errors.contains("Hạn chế và nguyên nhân") && errors.contains("Đề xuất, kiến nghị"), "{errors}");
        assert_eq!(browser.value("#results").await, "Triệt phá 2 đường dây mua bán người");
        assert!(browser.text("#limitations-error").await.contains("Cần ghi"), "the missing part is named beside its field");
        browser.shot("own-report-errors").await;
        browser.fill("#limitations", "Chưa phát hiện sớm các đường dây qua mạng").await;
        browser.fill("#proposals", "Bổ sung kinh phí thuê phiên dịch").await;
        browser.click("#submit-report").await;
        assert!(browser.text_containing("#own-status", "Đã nộp, chờ duyệt").await, "the report was sent up");
        assert!(!browser.exists("#own-report-form").await, "sent up, it waits for the review");
        browser.log_out().await;

        browser.log_in("statistician", DEMO_PASSWORD).await;
        browser.goto("/agency-reports?period=2026").await;
        assert!(browser.text_when_shown("#area-completeness").await.contains("Đã gửi 1"));
        assert!(browser.text("#area-timeliness").await.contains("15/12/2026"), "the due date of the member agencies' reports");
        browser.shot("area-overview").await;
        browser.click_link("Công an Thành phố Hà Nội").await;
        assert!(browser.text_when_shown("#part-proposals").await.contains("Bổ sung kinh phí thuê phiên dịch"));
        browser.shot("agency-report").await;
        browser.click("#approve-report").await;
        assert!(browser.text_containing("#report-status", "Đã duyệt").await, "the report was approved");
        assert!(!browser.exists("#review-form").await);
        browser.close().await;
        server.stop().await;
    }
}
