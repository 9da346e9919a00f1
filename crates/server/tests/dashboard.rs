//! The dashboard on the demo data, on both databases: every count it shows
//! matches the list it links to (a supervisor's overdue cases too), and the
//! agency a case was referred to finds the answer it owes among its tasks.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{demo_login, TestServer};
use haven_server::ServerSettings;
use reqwest::StatusCode;

/// The text between `start` and the next `end` after it.
fn between<'a>(page: &'a str, start: &str, end: &str) -> Option<&'a str> {
    page.split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(inside, _)| inside)
}

haven_testkit::backend_tests! {
    async fn every_count_on_the_dashboard_matches_the_list_it_links_to(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, ..common::settings() }).await;
        let mut seen_overdue = 0;
        for user in ["social.worker", "supervisor", "police", "border.guard", "shelter"] {
            let http = demo_login(&server, user).await;
            let home = http.get(server.url("/")).send().await.unwrap().text().await.unwrap();
            let Some(card) = between(&home, "id=\"overdue\"", "</section>") else { continue };
            let count: u64 = between(card, "(", ")").unwrap().parse().unwrap();
            if count == 0 {
                continue;
            }
            seen_overdue += 1;
            let link = between(card, "id=\"all-overdue\" href=\"", "\"").unwrap().replace("&amp;", "&");
            let list = http.get(server.url(&link)).send().await.unwrap();
            assert_eq!(list.status(), StatusCode::OK);
            let list = list.text().await.unwrap();
            let listed = between(&list, "<p class=\"count\">", "</p>").unwrap();
            assert_eq!(listed, format!("{count} hồ sơ"), "{user}: the card counts {count}, its list says {listed}");
        }
        assert!(seen_overdue >= 2, "the demo has overdue cases for workers and the supervisor");

        // Social affairs owe the border guard an answer: it is among their tasks, with its date.
        let http = demo_login(&server, "social.worker").await;
        let tasks = http.get(server.url("/tasks")).send().await.unwrap().text().await.unwrap();
        assert!(tasks.contains("Trả lời chuyển tuyến"), "{tasks}");
        let count: usize = between(&tasks, "id=\"tasks-count\">", " việc").unwrap().parse().unwrap();
        let home = http.get(server.url("/")).send().await.unwrap().text().await.unwrap();
        let card = between(&home, "id=\"my-tasks\"", "</section>").unwrap();
        assert_eq!(between(card, "(", ")").unwrap().parse::<usize>().unwrap(), count, "the card and the tasks page agree");
        server.stop().await;
    }

    async fn the_ministry_reads_the_year_so_far_against_last_year_by_month_and_province(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings { demo_mode: true, national_agencies: vec![haven_store::demo::NATIONAL_AGENCY.into()], ..common::settings() };
        let server = TestServer::start(store.clone(), settings).await;
        let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).date_naive();
        let year_start = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1).unwrap();
        let mut received = 0;
        for id in 1..=store.count_cases().await.unwrap() as i64 {
            if let Some(case) = store.case_by_id(id).await.unwrap() {
                if (year_start..=today).contains(&case.state.received_on) { received += 1; }
            }
        }
        let http = demo_login(&server, "ministry").await;
        let home = http.get(server.url("/")).send().await.unwrap().text().await.unwrap();
        let card = between(&home, "id=\"key-figures\"", "</section>").expect("the key figures");
        let first_row = between(card, "<tbody><tr>", "</tr>").unwrap();
        let cells = |row: &str| -> Vec<String> { row.split("<td").skip(1).filter_map(|c| between(c, ">", "</td>")).map(str::to_owned).collect() };
        let this_year: i64 = cells(first_row)[0].parse().unwrap();
        assert_eq!(this_year, received, "persons received this year, as the records say: {first_row}");
        // The months add up to the year.
        let months = between(card, "<table class=\"figures\">", "</table>").unwrap();
        let by_month: i64 = months.split("<tr>").skip(1).filter_map(|row| cells(row).get(1).cloned()).filter_map(|n| n.parse::<i64>().ok()).sum();
        assert_eq!(by_month, received);
        assert!(card.contains("id=\"by-province\"") && card.contains("Thành phố Hà Nội"), "the provinces, by name");
        // The map: a tile for each of the 34 provinces, Hà Nội's with the table's figure.
        let map = between(card, "id=\"province-map\"", "</svg>").expect("the province map");
        assert_eq!(map.matches("data-province=").count(), 34);
        let table = between(card, "id=\"by-province\"", "</table>").unwrap();
        let text_of = |html: &str| -> String {
            let mut out = String::new();
            let mut in_tag = false;
            for c in html.chars() {
                match c { '<' => in_tag = true, '>' => in_tag = false, c if !in_tag => out.push(c), _ => {} }
            }
            out
        };
        let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
        assert!(!rows.is_empty());
        for row in rows {
            let (name, figure) = (text_of(&cells(row)[0]), text_of(&cells(row)[1]));
            let tile = map.split("<g ").find(|tile| tile.contains(&format!("<title>{name}: "))).unwrap_or_else(|| panic!("no tile for {name}"));
            assert!(tile.contains(&format!(">{figure}</text>")), "{name}'s tile shows {figure}: {tile}");
        }
        // Last quarter's reports from the 34 provinces: how many are in.
        let completeness = between(card, "id=\"completeness\"", "</p>").expect("report completeness");
        assert!(completeness.contains("0/34"), "{completeness}");
        // A worker sees no statistics on the dashboard.
        let worker = demo_login(&server, "social.worker").await;
        let home = worker.get(server.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(!home.contains("id=\"key-figures\""));
        server.stop().await;
    }
}
