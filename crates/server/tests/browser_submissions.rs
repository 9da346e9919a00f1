//! Report submission by clicking, in headless Chromium on both databases:
//! Hà Nội's statistician writes the narrative and submits her province's
//! report; the ministry finds it among the provinces, is told a return
//! needs a reason, returns it; she reads the comment and resubmits; the
//! ministry approves. Screenshots of each step are kept.
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

const REPORT: &str = "/reports/submission?area=01&period=2025-2026";

haven_testkit::backend_tests! {
    async fn a_report_goes_up_comes_back_and_is_approved_by_clicking(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let Some(browser) = Browser::start(&server.base, &format!("submissions-{}", store.backend_name())).await else { return };

        browser.log_in("statistician", DEMO_PASSWORD).await;
        browser.goto("/reports?period=2025-2026").await;
        browser.click_link("Nộp báo cáo và tình hình nộp báo cáo của các đơn vị").await;
        assert_eq!(browser.text_after("main h1", "Nộp báo cáo").await, "Nộp báo cáo");
        browser.click("#own-report a").await;
        assert_eq!(browser.text_when_shown("#submission-status").await, "Chưa lập");
        browser.fill("#difficulties", "Thiếu cán bộ chuyên trách ở cấp xã").await;
        browser.click("#step-submit").await;
        assert!(browser.text_when_shown("#proposals-error").await.contains("Cần ghi"), "the missing proposals are named");
        assert!(browser.text("#limitations-error").await.contains("Hạn chế và nguyên nhân"), "each missing part is named");
        assert_eq!(browser.value("#difficulties").await, "Thiếu cán bộ chuyên trách ở cấp xã", "what was typed is kept");
        browser.fill("#results", "Tiếp nhận, xác minh kịp thời các trường hợp trở về").await;
        browser.fill("#limitations", "Hỗ trợ ở cấp xã còn chậm do thiếu kinh phí").await;
        browser.fill("#proposals", "Bổ sung kinh phí hỗ trợ nạn nhân").await;
        browser.click("#step-submit").await;
        assert_eq!(browser.text_after("#submission-status", "Đã nộp, chờ duyệt").await, "Đã nộp, chờ duyệt");
        assert!(browser.text("#frozen-figures h2").await.contains("đã chốt"));
        assert!(!browser.exists("#unit-form").await, "a submitted report is not edited");
        browser.shot("submitted").await;
        browser.log_out().await;

        browser.log_in("ministry", DEMO_PASSWORD).await;
        browser.goto("/reports/submissions?period=2025-2026").await;
        let completeness = browser.text_when_shown("#completeness").await;
        assert!(completeness.contains("1/34"), "{completeness}");
        assert!(browser.text("tr[data-area='01']").await.contains("Đã nộp"));
        browser.shot("overview").await;
        browser.click("tr[data-area='01'] a").await;
        browser.click("#step-return").await;
        assert!(browser.text_when_shown("#comment-error").await.contains("lý do"), "a return needs its reason");
        browser.fill("#comment", "Đề nghị bổ sung số liệu hỗ trợ").await;
        browser.click("#step-return").await;
        assert_eq!(browser.text_after("#submission-status", "Bị trả lại").await, "Bị trả lại");
        browser.log_out().await;

        browser.log_in("statistician", DEMO_PASSWORD).await;
        browser.goto(REPORT).await;
        assert_eq!(browser.text_when_shown("#review-comment").await, "Đề nghị bổ sung số liệu hỗ trợ");
        assert_eq!(browser.value("#proposals").await, "Bổ sung kinh phí hỗ trợ nạn nhân", "the narrative is kept for the resubmission");
        browser.fill("#proposals", "Bổ sung kinh phí hỗ trợ nạn nhân; tập huấn cán bộ xã").await;
        browser.click("#step-submit").await;
        assert_eq!(browser.text_after("#submission-status", "Đã nộp, chờ duyệt").await, "Đã nộp, chờ duyệt");
        browser.log_out().await;

        browser.log_in("ministry", DEMO_PASSWORD).await;
        browser.goto(REPORT).await;
        browser.click("#step-approve").await;
        assert_eq!(browser.text_after("#submission-status", "Đã duyệt").await, "Đã duyệt");
        let trail = browser.text("#trail").await;
        for step in ["Nộp báo cáo", "Trả lại", "Duyệt"] {
            assert!(trail.contains(step), "{trail}");
        }
        browser.shot("approved").await;
        let html = browser.source().await;
        assert!(!html.contains('⟦'), "nothing untranslated");
        browser.goto("/lang/en?next=/reports/submissions%3Fperiod%3D2025-2026").await;
        assert!(!browser.source().await.contains('⟦'), "nothing untranslated in English");
        browser.goto("/lang/vi?next=/").await;
        browser.close().await;
        server.stop().await;
    }
}
