//! A page whose data cannot be read says so instead of showing an empty list
//! as if there were nothing (both databases): the reception wizard with its
//! list of ethnic groups unreadable.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{Agent, TestServer};
use haven_testkit::fixtures::seed_org;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

haven_testkit::backend_tests! {
    async fn a_page_says_when_part_of_its_data_could_not_be_read(store) {
        seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Agent::login(&server, "commune").await;
        let page = commune.http.get(server.url("/cases/new")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert!(!page.text().await.unwrap().contains("không đọc được"));

        let db = sea_orm::Database::connect(haven_testkit::database_url(store.target())).await.unwrap();
        db.execute(Statement::from_string(db.get_database_backend(), "ALTER TABLE ethnic_groups RENAME TO ethnic_groups_away")).await.unwrap();
        let page = commune.http.get(server.url("/cases/new")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "the rest of the form is still usable");
        let text = page.text().await.unwrap();
        assert!(text.contains("Một phần dữ liệu của trang này không đọc được"), "the reader is told");
        db.execute(Statement::from_string(db.get_database_backend(), "ALTER TABLE ethnic_groups_away RENAME TO ethnic_groups")).await.unwrap();
        db.close().await.unwrap();
        server.stop().await;
    }
}
