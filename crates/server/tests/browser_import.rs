//! Importing a messy provincial list by clicking, in headless Chromium on
//! both databases: a spreadsheet with a title row above its headers, a
//! column the import does not know (mapped by hand), names without
//! diacritics, a spreadsheet date and written dates, a row without a name
//! and a row for a woman already received. The user maps the column,
//! reads the check, decides the possible duplicate, confirms, follows the
//! progress without scripts and finds the cases; every step's page is
//! checked with axe-core.
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
use fantoccini::Locator;
use haven_testkit::fixtures::{person, reception, seed_org, today, PASSWORD};

/// The list as a province keeps it: a title, then a table.
fn messy_list(path: &std::path::Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, "DANH SÁCH NẠN NHÂN BỊ MUA BÁN TRỞ VỀ NĂM 2021")
        .unwrap();
    let headers = [
        "STT",
        "Họ tên",
        "Năm sinh",
        "Quê quán",
        "Ngày về",
        "Hình thức",
        "Tình hình gia đình",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(2, col as u16, *header).unwrap();
    }
    let rows: [[&str; 7]; 4] = [
        [
            "1",
            "Giả Lập Thị Hồng",
            "1998",
            "Lào Cai",
            "05/03/2021",
            "Tự trở về",
            "Mẹ đơn thân",
        ],
        [
            "2",
            "Gia Lap Thi Cuc",
            "2002",
            "Lao Cai",
            "",
            "giai cuu",
            "Ở với bà",
        ],
        ["3", "", "2001", "Lào Cai", "07/03/2021", "Tự trở về", ""],
        [
            "4",
            "Giả Lập Thị Đã Có",
            "1999",
            "",
            "08/03/2021",
            "Tự trở về",
            "",
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        let line = i as u32 + 3;
        for (col, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(line, col as u16, *cell).unwrap();
            }
        }
    }
    // Row 2's date as the spreadsheet keeps it: a serial number (06/03/2021).
    sheet.write_number(4, 4, 44261.0).unwrap();
    workbook.save(path).unwrap();
}

haven_testkit::backend_tests! {
    async fn a_messy_list_is_mapped_checked_decided_and_imported_by_clicking(store) {
        let org = seed_org(&store).await;
        let known = store.open_case(org.commune, &person("Giả Lập Thị Đã Có", 1999), &reception("self_return", chrono::NaiveDate::from_ymd_opt(2020, 1, 4).unwrap()), today()).await.unwrap();
        let server = TestServer::start(store.clone(), common::settings()).await;
        let Some(browser) = Browser::start(&server.base, &format!("import-{}", store.backend_name())).await else { return };
        browser.log_in("commune", PASSWORD).await;
        browser.goto("/admin/import").await;
        assert_eq!(browser.text("main h1").await, "Nhập danh sách");
        browser.shot("import-list").await;

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("danh-sach-2021.xlsx");
        messy_list(&file);
        browser.client.find(Locator::Css("#import-file")).await.unwrap().send_keys(file.to_str().unwrap()).await.unwrap();
        browser.click("#upload button[type=submit]").await;
        assert!(browser.text_when_shown("#columns h2").await.contains("Các cột"));
        // The unknown column waits to be mapped: nothing is guessed for it.
        assert_eq!(browser.value("#column-6").await, "");
        assert_eq!(browser.value("#column-1").await, "full_name");
        browser.shot("import-columns").await;
        browser.client.find(Locator::Css("#column-6")).await.unwrap().select_by_value("note").await.unwrap();
        browser.click("#columns button[type=submit]").await;

        assert_eq!(browser.text_when_shown("#rows-read").await, "4");
        assert_eq!(browser.text("#rows-ready").await, "3");
        assert_eq!(browser.text("#rows-problems").await, "1");
        assert_eq!(browser.text("#rows-duplicates").await, "1");
        assert!(browser.text("#import-problems").await.contains("6"), "the row without a name, by its line");
        browser.shot("import-check").await;

        // Confirmed without deciding: the row to decide is named, nothing written.
        browser.click("#confirm input[name=confirm]").await;
        browser.client.execute("document.querySelector('#confirm').closest('form').noValidate = true;", vec![]).await.unwrap();
        browser.click("#confirm button[type=submit]").await;
        let refused = browser.text_when_shown("#decision-7 .field-error").await;
        assert!(refused.contains("Dòng 7"), "{refused}");
        browser.shot("import-undecided").await;
        browser.click(&format!("#decision-7 input[value='link:{}']", known.person_id)).await;
        browser.click("#confirm input[name=confirm]").await;
        browser.click("#confirm button[type=submit]").await;

        // The progress page, refreshed by its button until the outcome shows.
        let mut outcome = false;
        for _ in 0..50 {
            if browser.exists("#outcome").await {
                outcome = true;
                break;
            }
            if browser.exists("#progress a.button").await {
                browser.shot("import-progress").await;
                browser.click("#progress a.button").await;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert!(outcome, "the import finished");
        assert_eq!(browser.text("#created").await, "3");
        assert_eq!(browser.text("#linked").await, "1");
        browser.shot("import-done").await;

        browser.click_link("Xem danh sách hồ sơ").await;
        let list = browser.text_when_shown("main").await;
        assert!(list.contains("Giả Lập Thị Hồng"), "{list}");
        assert!(list.contains("Gia Lap Thi Cuc"), "names are kept as written");
        let cases = store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap();
        assert_eq!(cases.total, 4);
        let mut received = Vec::new();
        for item in &cases.items {
            let case = store.case_by_number(&item.case_number).await.unwrap().unwrap();
            received.push(case.state.received_on.format("%d/%m/%Y").to_string());
        }
        received.sort();
        assert!(received.contains(&"06/03/2021".to_owned()), "the spreadsheet's date serial read as its day: {received:?}");
        browser.close().await;
    }
}
