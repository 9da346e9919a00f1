//! The programme by clicking, in headless Chromium on both databases: the
//! city's planner finds her plan with its late task first, adds a target
//! kept by hand (told what is wrong first, her typing kept) and a task for
//! the police; the police record the task done; the Women's Union records
//! a communication session, the social-affairs worker a training course and
//! the planner a meeting, each counted in the activity list; the accountant
//! records an estimate, an allocation and spending; the police register a
//! company and record its inspection; a working group is established,
//! meets, and the police keep the action it gave them. Every page is
//! checked with axe-core and kept as a screenshot.
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
    async fn plans_tasks_and_activities_are_kept_by_clicking(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("programme-{}", store.backend_name())).await else { return };
        let city = store.programme().plans().await.unwrap().into_iter().find(|p| p.area_code == "01").unwrap();
        let police = store.agency_by_code("HNI-CA").await.unwrap().unwrap();
        let city_path = format!("/plans/{}", city.id);

        browser.log_in("planner", DEMO_PASSWORD).await;
        browser.click_link("Kế hoạch").await;
        assert_eq!(browser.text_after("main h1", "Kế hoạch").await, "Kế hoạch");
        browser.shot("plans").await;
        browser.click_link("301/KH-SYT").await;
        assert!(browser.text_when_shown("#plan-facts").await.contains("1845/KH-BYT"), "the plan it implements is named");
        let first_task = browser.text("#task-list tbody tr").await;
        assert!(first_task.contains("Chậm tiến độ"), "late tasks first: {first_task}");
        browser.shot("plan").await;
        browser.click_link("Sơ kết, tổng kết: các chỉ tiêu qua từng năm").await;
        assert!(browser.text_when_shown("#review-targets").await.contains("100% người được tiếp nhận được xác minh, xác định"));
        browser.shot("review").await;
        browser.goto(&city_path).await;

        // A target kept by hand: the faults named, what was typed kept.
        browser.click("#add-target summary").await;
        browser.fill("#target-definition", "100% xã có cán bộ đầu mối").await;
        browser.set_value("#target-unit", "percent").await;
        browser.set_value("#target-direction", "at_least").await;
        browser.fill("#target-yearly-2026", "5,5").await;
        browser.click("#target-source-manual").await;
        browser.click("#target-form button[type=submit]").await;
        let errors = browser.text_when_shown("#form-errors").await;
        assert!(errors.contains("Hãy nhập một số nguyên"), "a fraction is refused, not read as 55: {errors}");
        assert!(errors.contains("«Nguồn báo cáo»"), "fields named by their labels: {errors}");
        assert_eq!(browser.value("#target-definition").await, "100% xã có cán bộ đầu mối");
        browser.shot("target-errors").await;
        browser.fill("#target-yearly-2026", "90").await;
        browser.fill("#target-manual-source", "Báo cáo của Sở Nội vụ").await;
        browser.fill("#target-actual-2026", "70").await;
        browser.click("#target-form button[type=submit]").await;
        browser.path_after(&city_path).await;
        let targets = browser.text_when_shown("#targets").await;
        assert!(targets.contains("100% xã có cán bộ đầu mối") && targets.contains("70,0%"), "{targets}");

        // The city's figure kept by hand, entered for 2026.
        let manual = store.programme().targets_of(city.id).await.unwrap().into_iter().find(|t| t.target.definition.contains("văn bản pháp luật")).unwrap();
        browser.click(&format!("#target-{} + details summary", manual.id)).await;
        browser.set_value(&format!("#actual-{}-year", manual.id), "2026").await;
        browser.fill(&format!("#actual-{}-value", manual.id), "92").await;
        browser.click(&format!("#target-{} + details button[type=submit]", manual.id)).await;
        // The form posts from the plan's page back to it: wait for the figure, not the path.
        assert!(browser.text_containing(&format!("#target-{}", manual.id), "92,0%").await, "the figure entered is shown");

        // The target corrected on its own page: the form holds what is recorded.
        browser.goto(&format!("{city_path}/targets/{}/edit", manual.id)).await;
        let form = format!("#target-{}", manual.id);
        assert_eq!(browser.value(&format!("{form}-actual-2026")).await, "92", "the figures entered are kept in the form");
        browser.fill(&format!("{form}-yearly-2027"), "9,5").await;
        browser.fill(&format!("{form}-definition"), "Tỷ lệ văn bản pháp luật mới được phổ biến").await;
        browser.click(&format!("{form}-form button[type=submit]")).await;
        assert!(browser.text_when_shown(&format!("{form}-yearly-2027-error")).await.contains("số nguyên"), "the fraction is named");
        assert_eq!(browser.value(&format!("{form}-definition")).await, "Tỷ lệ văn bản pháp luật mới được phổ biến", "what was typed is kept");
        browser.shot("target-edit-errors").await;
        browser.fill(&format!("{form}-yearly-2027"), "95").await;
        browser.click(&format!("{form}-form button[type=submit]")).await;
        browser.path_after(&city_path).await;
        let corrected = store.programme().target(manual.id).await.unwrap().unwrap();
        assert!(corrected.target.yearly.iter().any(|y| y.year == 2027 && y.value == 95), "{:?}", corrected.target.yearly);

        // A task for the police, its dates checked.
        browser.click("#tasks > details summary").await;
        browser.fill("#task-title", "Rà soát các đường dây môi giới kết hôn").await;
        browser.set_value("#task-lead-agency-id", &police.id.to_string()).await;
        browser.set_value("#task-starts-on", "2026-09-01").await;
        browser.set_value("#task-ends-on", "2026-08-01").await;
        browser.set_value("#task-status", "not_started").await;
        browser.click("#task-form button[type=submit]").await;
        assert!(browser.text_when_shown("#form-errors").await.contains("Ngày kết thúc không thể trước ngày bắt đầu"));
        browser.set_value("#task-ends-on", "2026-12-31").await;
        browser.click("#task-form button[type=submit]").await;
        browser.path_after(&city_path).await;
        assert!(browser.text_when_shown("#task-list").await.contains("Rà soát các đường dây môi giới kết hôn"));
        browser.log_out().await;

        // The police, leading it, record it done.
        browser.log_in("police", DEMO_PASSWORD).await;
        browser.goto(&city_path).await;
        let task = store.programme().tasks_of(city.id).await.unwrap().into_iter().find(|t| t.task.title.starts_with("Rà soát")).unwrap();
        let row = format!("#task-{}", task.id);
        assert!(!browser.exists("#add-target").await, "the police do not change the plan");
        browser.click(&format!("{row} details summary")).await;
        browser.set_value(&format!("#status-{}-status", task.id), "done").await;
        browser.click(&format!("{row} form button[type=submit]")).await;
        assert!(browser.text_containing(&row, "Đã hoàn thành").await, "the task is shown done");
        browser.shot("task-done").await;
        browser.log_out().await;

        // The Women's Union records a communication session.
        browser.log_in("womens.union", DEMO_PASSWORD).await;
        browser.click_link("Hoạt động").await;
        let before = browser.text_when_shown("#activity-count").await;
        browser.click_link("Truyền thông").await;
        browser.fill("#title", "Nói chuyện chuyên đề tại chợ Đồng Xuân").await;
        browser.set_value("#held_on", "2026-09-10").await;
        assert_eq!(browser.value("#place_province").await, "2025/01", "the agency's own province by default");
        browser.set_value("#channel", "meeting_talk").await;
        browser.click("#languages-vi").await;
        browser.click("#audiences-women").await;
        browser.fill("#reached_total", "10").await;
        browser.fill("#reached_female", "20").await;
        browser.click("#activity-save").await;
        assert!(browser.text_when_shown("#reached_total-error").await.contains("nữ cộng số nam"));
        assert_eq!(browser.value("#title").await, "Nói chuyện chuyên đề tại chợ Đồng Xuân");
        browser.shot("communication-errors").await;
        browser.fill("#reached_total", "60").await;
        browser.fill("#reached_female", "35").await;
        browser.fill("#reached_male", "25").await;
        browser.click("#activity-save").await;
        assert!(browser.text_when_shown("#activity-list").await.contains("Nói chuyện chuyên đề tại chợ Đồng Xuân"));
        assert!(browser.text("#activity-list").await.contains("60 người được tiếp cận"));
        browser.shot("activities").await;
        // Its own page, and a correction on it.
        browser.click_link("Nói chuyện chuyên đề tại chợ Đồng Xuân").await;
        assert!(browser.text_when_shown("#activity-facts").await.contains("Hội Liên hiệp Phụ nữ Thành phố Hà Nội"));
        browser.click("#edit-activity").await;
        assert_eq!(browser.value("#title").await, "Nói chuyện chuyên đề tại chợ Đồng Xuân", "the form opens with what was recorded");
        assert_eq!(browser.value("#reached_female").await, "35");
        browser.fill("#reached_total", "70").await;
        browser.fill("#reached_male", "35").await;
        browser.click("#activity-save").await;
        let facts = browser.text_when_shown("#activity-facts").await;
        assert!(facts.contains("70"), "{facts}");
        let history = browser.text("#activity-history").await;
        assert!(history.contains("ghi nhận hoạt động") && history.contains("sửa thông tin"), "recorded, then corrected: {history}");
        browser.shot("activity").await;
        browser.log_out().await;

        // Social affairs records a course, its trainees by agency and sex.
        browser.log_in("social.worker", DEMO_PASSWORD).await;
        browser.goto("/").await;
        let due = browser.text_when_shown("#plan-tasks").await;
        assert!(due.contains("Tập huấn kỹ năng nhận diện") && due.contains("Chậm tiến độ"), "the dashboard names the agency's late task: {due}");
        browser.shot("dashboard").await;
        browser.goto("/cases").await;
        let case = browser.text_when_shown("#case-list tbody tr td a").await;
        browser.goto("/activities/new?kind=training").await;
        browser.fill("#title", "Tập huấn nhận diện nạn nhân cho cán bộ phường").await;
        // A case the course grew from, typed as people type it: small letters, a trailing comma.
        browser.fill("#case_numbers", &format!("{}, ", case.to_lowercase())).await;
        browser.set_value("#held_on", "2026-10-05").await;
        browser.set_value("#level", "commune").await;
        browser.click("#topics-identification").await;
        browser.set_value("#trainee_sector_0", "police").await;
        browser.set_value("#trainee_agency_0", &police.id.to_string()).await;
        browser.fill("#trainee_female_0", "4").await;
        browser.fill("#trainee_male_0", "7").await;
        browser.shot("training-form").await;
        browser.click("#activity-save").await;
        assert!(browser.text_when_shown("#activity-list").await.contains("11 học viên"));
        browser.click_link("Tập huấn nhận diện nạn nhân cho cán bộ phường").await;
        assert_eq!(browser.text_when_shown("#activity-cases a").await, case, "the case is named and linked");
        browser.log_out().await;

        // The planner records the meeting.
        browser.log_in("planner", DEMO_PASSWORD).await;
        browser.goto("/activities/new?kind=meeting").await;
        browser.fill("#title", "Họp Tổ công tác liên ngành quý III").await;
        browser.set_value("#held_on", "2026-09-28").await;
        browser.set_value("#meeting_kind", "working_group").await;
        browser.fill("#chair", "Phó Giám đốc Sở Y tế").await;
        let demo_group = store.programme().working_groups().await.unwrap()[0].id;
        browser.set_value("#working_group_id", &demo_group.to_string()).await;
        browser.click(&format!("#participating_agency_ids-{}", police.id)).await;
        browser.click("#activity-save").await;
        assert!(browser.text_when_shown("#activity-list").await.contains("Họp Tổ công tác liên ngành quý III"));
        browser.goto("/activities").await;
        let after = browser.text_when_shown("#activity-count").await;
        assert_ne!(before, after, "the list counts the new activities");
        assert!(after.contains("51"), "48 in the demo and three more: {after}");
        browser.close().await;
        server.stop().await;
    }

    async fn the_accountant_keeps_the_budget_by_clicking(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("budget-{}", store.backend_name())).await else { return };
        let city = store.programme().plans().await.unwrap().into_iter().find(|p| p.area_code == "01").unwrap();
        let budget_path = format!("/plans/{}/budget", city.id);

        browser.log_in("accountant", DEMO_PASSWORD).await;
        browser.goto(&format!("/plans/{}", city.id)).await;
        assert!(browser.text_when_shown("#budget").await.contains("đã cấp"), "the plan page sums up the budget");
        browser.click_link("Xem kinh phí: dự toán, cấp phát, chi và tỷ lệ giải ngân").await;
        browser.path_after(&budget_path).await;
        let by_source = browser.text_when_shown("#budget-by-source").await;
        assert!(by_source.contains("Ngân sách địa phương") && by_source.contains("trong đó hỗ trợ theo hồ sơ"), "case support counted in its source: {by_source}");
        browser.shot("budget").await;

        // An estimate: every fault named, what was typed kept.
        browser.click("#budget-lines > details summary").await;
        browser.set_value("#line-kind", "training").await;
        browser.set_value("#line-funding-source", "international_aid").await;
        browser.fill("#line-estimate-vnd", "12,5").await;
        browser.click("#line-form button[type=submit]").await;
        let errors = browser.text_when_shown("#form-errors").await;
        assert!(errors.contains("Hãy nhập một số nguyên") && errors.contains("nhà tài trợ"), "{errors}");
        assert_eq!(browser.value("#line-funding-source").await, "international_aid");
        browser.shot("budget-errors").await;
        browser.fill("#line-estimate-vnd", "40.000.000").await;
        browser.fill("#line-donor", "Quỹ Châu Á").await;
        browser.click("#line-form button[type=submit]").await;
        browser.path_after(&budget_path).await;
        let line = store.programme().budget_lines(city.id, Some(2026)).await.unwrap().into_iter().find(|l| l.line.donor == "Quỹ Châu Á").unwrap();
        assert!(browser.text_when_shown(&format!("#line-{}", line.id)).await.contains("40.000.000"));

        // Money follows: spending before an allocation is refused, then allocated and spent.
        let form = format!("#entry-form-{}", line.id);
        browser.click(&format!("#line-{} details summary", line.id)).await;
        browser.set_value(&format!("#entry-{}-kind", line.id), "spending").await;
        browser.set_value(&format!("#entry-{}-on", line.id), "2026-06-02").await;
        browser.fill(&format!("#entry-{}-amount-vnd", line.id), "10.000.000").await;
        browser.fill(&format!("#entry-{}-purpose", line.id), "Lớp tập huấn cho cán bộ biên phòng").await;
        browser.click(&format!("{form} button[type=submit]")).await;
        assert!(browser.text_when_shown("#form-errors").await.contains("Hãy ghi khoản cấp trước"));
        browser.set_value(&format!("#entry-{}-kind", line.id), "allocation").await;
        browser.fill(&format!("#entry-{}-document", line.id), "Thỏa thuận 12/2026").await;
        browser.click(&format!("{form} button[type=submit]")).await;
        browser.path_after(&budget_path).await;
        browser.click(&format!("#line-{} details summary", line.id)).await;
        browser.set_value(&format!("#entry-{}-kind", line.id), "spending").await;
        browser.set_value(&format!("#entry-{}-on", line.id), "2026-06-20").await;
        browser.fill(&format!("#entry-{}-amount-vnd", line.id), "4.000.000").await;
        browser.fill(&format!("#entry-{}-purpose", line.id), "Tài liệu tập huấn").await;
        browser.click(&format!("{form} button[type=submit]")).await;
        browser.path_after(&budget_path).await;
        let card = browser.text_when_shown(&format!("#line-{}", line.id)).await;
        assert!(card.contains("Tài liệu tập huấn") && card.contains("4.000.000"), "{card}");
        browser.shot("budget-entries").await;
        // The allocation corrected on its own page, filled with what was recorded.
        browser.click(&format!("#line-{} td a", line.id)).await;
        let amount = browser.value("form[id^='entry-edit-'] input[name=amount_vnd]").await;
        assert_eq!(amount, "10000000", "the form holds the amount recorded");
        browser.shot("budget-entry-edit").await;
        browser.fill("form[id^='entry-edit-'] input[name=amount_vnd]", "12.000.000").await;
        browser.click("form[id^='entry-edit-'] button[type=submit]").await;
        browser.path_after(&budget_path).await;
        assert!(browser.text_when_shown(&format!("#line-{}", line.id)).await.contains("12.000.000"), "the allocation corrected");

        // The planner reads it and has no forms.
        browser.log_out().await;
        browser.log_in("planner", DEMO_PASSWORD).await;
        browser.goto(&budget_path).await;
        assert!(browser.text_when_shown("#budget-by-kind").await.contains("Tập huấn"));
        assert!(!browser.exists("#line-form").await, "the planner does not keep the books");
        browser.close().await;
        server.stop().await;
    }

    async fn the_police_register_a_company_and_record_its_inspection_by_clicking(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("inspection-{}", store.backend_name())).await else { return };
        browser.log_in("police", DEMO_PASSWORD).await;
        browser.goto("/activities").await;
        browser.click_link("Doanh nghiệp dịch vụ đưa người lao động đi làm việc ở nước ngoài").await;
        browser.path_after("/companies").await;
        assert!(browser.text_when_shown("#companies").await.contains("Bị thu hồi"), "the revoked licence shows");
        browser.shot("companies").await;

        // A company: the licence number of another is refused, the typing kept.
        browser.click("main details summary").await;
        browser.fill("#company-name", "Công ty TNHH Giả Lập Cung Ứng Nhân Lực").await;
        browser.fill("#company-licence-number", "101/lđtbxh-gp").await;
        browser.set_value("#company-licence-status", "active").await;
        browser.set_value("#company-unit-id", "2025/01").await;
        browser.click("#company-form button[type=submit]").await;
        assert!(browser.text_when_shown("#form-errors").await.contains("Số giấy phép này đã có"));
        assert_eq!(browser.value("#company-name").await, "Công ty TNHH Giả Lập Cung Ứng Nhân Lực");
        browser.fill("#company-licence-number", "412/LĐTBXH-GP").await;
        browser.click("#company-form button[type=submit]").await;
        assert!(browser.text_when_shown("#company-facts").await.contains("412/LĐTBXH-GP"));
        let company = store.programme().companies().await.unwrap().into_iter().find(|c| c.company.licence_number == "412/LĐTBXH-GP").unwrap();
        browser.shot("company").await;

        // Its inspection: a fine without its amount is named, then recorded.
        browser.click_link("Ghi nhận một cuộc kiểm tra").await;
        browser.fill("#title", "Kiểm tra hồ sơ tuyển lao động").await;
        browser.set_value("#held_on", "2026-09-15").await;
        browser.click("#subject-company").await;
        browser.set_value("#company_id", &company.id.to_string()).await;
        browser.click("#violations-fees_over_limit").await;
        browser.set_value("#sanction_kind_0", "fine").await;
        browser.fill("#sanction_decision_0", "77/QĐ-XPVPHC").await;
        browser.fill("#follow_up", "Hoàn trả tiền thu vượt cho người lao động").await;
        browser.set_value("#follow_up_due", "2026-10-15").await;
        browser.shot("inspection-form").await;
        browser.click("#activity-save").await;
        let errors = browser.text_when_shown("#form-errors").await;
        assert!(errors.contains("Hãy ghi số tiền phạt"), "{errors}");
        assert_eq!(browser.value("#sanction_decision_0").await, "77/QĐ-XPVPHC");
        browser.fill("#sanction_amount_0", "35.000.000").await;
        browser.click("#activity-save").await;
        assert!(browser.text_when_shown("#activity-list").await.contains("Kiểm tra hồ sơ tuyển lao động"));
        browser.goto(&format!("/companies/{}", company.id)).await;
        let inspections = browser.text_when_shown("#company-inspections").await;
        assert!(inspections.contains("35.000.000") && inspections.contains("Thu tiền dịch vụ"), "{inspections}");
        browser.shot("company-inspections").await;

        // The Women's Union reads the register but keeps no part of it.
        browser.log_out().await;
        browser.log_in("womens.union", DEMO_PASSWORD).await;
        browser.goto(&format!("/companies/{}", company.id)).await;
        assert!(browser.text_when_shown("#company-inspections").await.contains("35.000.000"));
        assert!(!browser.exists("#company-form").await);
        browser.goto("/activities").await;
        assert!(!browser.text_when_shown("#record-links").await.contains("Kiểm tra"), "no inspection link for those who do not inspect");
        browser.close().await;
        server.stop().await;
    }

    async fn a_working_group_meets_and_its_actions_are_kept_by_their_owners(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("working-group-{}", store.backend_name())).await else { return };
        let police = store.agency_by_code("HNI-CA").await.unwrap().unwrap();
        let social = store.agency_by_code("HNI-SYT").await.unwrap().unwrap();

        // The police see the demo group's late action on their dashboard.
        browser.log_in("police", DEMO_PASSWORD).await;
        let due = browser.text_when_shown("#plan-tasks").await;
        assert!(due.contains("Rà soát các trường hợp nghi bị mua bán trở về qua cửa khẩu") && due.contains("Chậm tiến độ"), "{due}");
        browser.log_out().await;

        // The planner establishes a group: a member without an agency is named.
        browser.log_in("planner", DEMO_PASSWORD).await;
        browser.goto("/working-groups").await;
        browser.shot("working-groups").await;
        browser.click("main details summary").await;
        browser.fill("#group-name", "Tổ công tác hỗ trợ tái hòa nhập").await;
        browser.fill("#group-decision-number", "Quyết định 88/QĐ-SYT").await;
        browser.set_value("#group-decision-date", "2026-08-01").await;
        browser.fill("#group-member_name_0", "Trưởng phòng Bảo trợ xã hội").await;
        browser.set_value("#group-member_role_0", "head").await;
        browser.click("#group-form button[type=submit]").await;
        let errors = browser.text_when_shown("#form-errors").await;
        assert!(errors.contains("Cơ quan của thành viên"), "{errors}");
        assert_eq!(browser.value("#group-member_name_0").await, "Trưởng phòng Bảo trợ xã hội");
        browser.set_value("#group-member_agency_0", &social.id.to_string()).await;
        browser.fill("#group-member_name_1", "Đội trưởng Đội phòng, chống mua bán người").await;
        browser.set_value("#group-member_agency_1", &police.id.to_string()).await;
        browser.set_value("#group-member_role_1", "member").await;
        browser.click("#group-form button[type=submit]").await;
        assert!(browser.text_when_shown("#group-members").await.contains("Đội trưởng Đội phòng, chống mua bán người"));
        let group = store.programme().working_groups().await.unwrap().into_iter().find(|g| g.group.name == "Tổ công tác hỗ trợ tái hòa nhập").unwrap();
        let group_path = format!("/working-groups/{}", group.id);

        // Its meeting hands the police a follow-up.
        browser.goto("/activities/new?kind=meeting").await;
        browser.fill("#title", "Họp Tổ công tác hỗ trợ tái hòa nhập lần 1").await;
        browser.set_value("#held_on", "2026-09-02").await;
        browser.set_value("#meeting_kind", "working_group").await;
        browser.fill("#chair", "Trưởng phòng Bảo trợ xã hội").await;
        browser.set_value("#working_group_id", &group.id.to_string()).await;
        browser.fill("#action_what_0", "Xác minh nơi cư trú của người được hỗ trợ").await;
        browser.set_value("#action_owner_0", &police.id.to_string()).await;
        browser.set_value("#action_due_0", "2026-08-01").await;
        browser.click("#activity-save").await;
        assert!(browser.text_when_shown("#form-errors").await.contains("Hạn thực hiện không thể trước ngày họp"));
        browser.set_value("#action_due_0", "2026-12-31").await;
        browser.click("#activity-save").await;
        assert!(browser.text_when_shown("#activity-list").await.contains("Họp Tổ công tác hỗ trợ tái hòa nhập lần 1"));
        browser.goto(&group_path).await;
        assert!(browser.text_when_shown("#group-meetings").await.contains("lần 1"));
        assert!(browser.text_when_shown("#actions").await.contains("Xác minh nơi cư trú"));
        browser.shot("working-group").await;
        browser.log_out().await;

        // The police record it done.
        browser.log_in("police", DEMO_PASSWORD).await;
        browser.goto(&group_path).await;
        let action = store.programme().actions_of_group(group.id).await.unwrap().remove(0);
        browser.click(&format!("#action-{} details summary", action.id)).await;
        browser.set_value(&format!("#action-{}-status", action.id), "done").await;
        browser.click(&format!("#action-form-{} button[type=submit]", action.id)).await;
        browser.path_after(&group_path).await;
        assert!(browser.text_when_shown(&format!("#action-{}", action.id)).await.contains("Đã hoàn thành"));
        browser.close().await;
        server.stop().await;
    }
}
