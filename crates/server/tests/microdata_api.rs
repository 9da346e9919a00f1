//! The anonymised victim-level export (CTDC) over HTTP on the demo data, on
//! both databases: only a national statistics reader may make it, each
//! attempt is in the access log, the k asked for is never below the
//! configured one, and the file is k-anonymous, in CTDC's columns, and
//! holds no name or place.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{demo_login as login, get_json as get, TestServer};
use haven_server::ServerSettings;
use haven_store::access::AccessQuery;
use haven_store::demo::NATIONAL_AGENCY;
use reqwest::StatusCode;
use std::collections::HashMap;

haven_testkit::backend_tests! {
    async fn only_the_nation_exports_microdata_and_it_is_k_anonymous(store) {
        store.load_demo().await.unwrap();
        let settings = ServerSettings {
            national_agencies: vec![NATIONAL_AGENCY.into()],
            microdata_k: 2,
            ..common::settings()
        };
        let server = TestServer::start(store.clone(), settings).await;
        let mut private = Vec::new();
        for id in 1..=store.count_cases().await.unwrap() as i64 {
            if let Some(case) = store.case_by_id(id).await.unwrap() {
                if let Some(p) = store.person(case.person_id).await.unwrap() {
                    private.push(p.full_name.clone());
                    private.extend(p.permanent_residence.address_line.clone());
                }
                private.push(case.case_number.clone());
            }
        }

        // Persons received in a year that is over (the demo's are of this year and the last).
        let worker = store.user_by_username("social.worker").await.unwrap().unwrap();
        let actor = haven_store::cases::Actor { user_id: worker.id, agency_id: worker.agency_id };
        for i in 0..6u32 {
            let mut person = haven_testkit::fixtures::person(&format!("Giả Lập Năm Cũ {i}"), 1998);
            person.sex = haven_domain::case::person::Sex::Female;
            let opened = store
                .open_case(actor, &person, &haven_testkit::fixtures::reception("self_report", haven_testkit::fixtures::day(2024, 3, 1 + i)), haven_testkit::fixtures::today())
                .await
                .unwrap();
            private.push(opened.case_number.clone());
            private.push(person.full_name.clone());
        }

        let ministry = login(&server, "ministry").await;
        let (status, statement) = get(&ministry, &server, "/api/v1/statistics/microdata?period=2024").await;
        assert_eq!(status, StatusCode::OK, "{statement}");
        assert_eq!(statement["k"], 2);
        assert_eq!(statement["columns"].as_array().unwrap().len(), 27);
        let persons = statement["persons"].as_u64().unwrap();
        assert!(persons >= 5, "the demo's victims and presumed victims: {statement}");
        assert_eq!(
            statement["written"].as_u64().unwrap() + statement["suppressed"].as_u64().unwrap(),
            persons
        );

        let response = ministry.get(server.url("/api/v1/statistics/microdata.csv?period=2024")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let anonymity = response.headers()["haven-anonymity"].to_str().unwrap().to_owned();
        assert!(anonymity.starts_with("k=2; persons="), "{anonymity}");
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("ctdc-2024.csv"));
        let text = response.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(header.len(), 27);
        assert_eq!(&header[..6], ["yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation", "traffickMonths"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len() as u64, statement["written"].as_u64().unwrap());
        let mut groups: HashMap<Vec<String>, usize> = HashMap::new();
        for row in &rows {
            *groups.entry(row.iter().take(5).map(str::to_owned).collect()).or_default() += 1;
        }
        assert!(groups.values().all(|n| *n >= 2), "{groups:?}");
        for secret in &private {
            assert!(!text.contains(secret.as_str()), "{secret} in the export");
            assert!(!anonymity.contains(secret.as_str()));
        }

        // The k asked for may be larger, never smaller, than the configured one.
        let (status, error) = get(&ministry, &server, "/api/v1/statistics/microdata?period=2024&k=1").await;
        assert_eq!((status, error["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("k")), "{error}");
        assert!(error["violations"][0]["message_vi"].as_str().unwrap().contains("k phải từ 2"));
        let (status, larger) = get(&ministry, &server, "/api/v1/statistics/microdata?period=2024&k=50").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((larger["written"].as_u64(), larger["suppressed"].as_u64()), (Some(0), Some(persons)), "fewer persons than k: no one is written");
        // Periods a day apart would single out whoever came that day: whole years only.
        for period in ["2026-Q1", "2026-H1", "2025-01-01..2026-06-01"] {
            let (status, error) = get(&ministry, &server, &format!("/api/v1/statistics/microdata.csv?period={period}")).await;
            assert_eq!((status, error["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("whole_years")), "{error}");
        }
        // Nor the running year, which two exports on two days would difference.
        let this_year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
        for period in [format!("{this_year}"), format!("{}-{this_year}", this_year - 1)] {
            let (status, error) = get(&ministry, &server, &format!("/api/v1/statistics/microdata?period={period}")).await;
            assert_eq!((status, error["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("years_over")), "{period}: {error}");
        }
        let (status, last_year) = get(&ministry, &server, "/api/v1/statistics/microdata").await;
        assert_eq!((status, last_year["period"].as_str()), (StatusCode::OK, Some(format!("{}", this_year - 1).as_str())), "last year by default");
        let (status, error) = get(&ministry, &server, "/api/v1/statistics/microdata?period=2026-Q5").await;
        assert_eq!((status, error["violations"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("period")), "{error}");

        // A province's statistician, a case worker: refused, and logged.
        for (username, path) in [
            ("statistician", "/api/v1/statistics/microdata.csv?period=2024"),
            ("social.worker", "/api/v1/statistics/microdata?period=2024"),
        ] {
            let client = login(&server, username).await;
            let response = client.get(server.url(path)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{username}");
            let refusal: serde_json::Value = response.json().await.unwrap();
            assert!(refusal["message_en"].as_str().unwrap().contains("national agency"), "{refusal}");
        }
        let log = store.access_log(&AccessQuery { limit: 100, ..Default::default() }).await.unwrap();
        let exports: Vec<_> = log.iter().filter(|e| e.action == "export_microdata").collect();
        assert_eq!(exports.iter().filter(|e| e.outcome == "allow").count(), 11, "{exports:?}");
        let refused: Vec<Option<&str>> = exports.iter().filter(|e| e.outcome == "deny").map(|e| e.detail.as_deref()).collect();
        assert_eq!(refused.len(), 2, "{exports:?}");
        assert!(refused.contains(&Some("not_in_scope")) && refused.contains(&Some("missing_permission")), "{refused:?}");
    }
}
