//! Ordinary multi-user load over HTTP on both databases: writers on the same
//! case and on different ones, readers of the same cases (each read writes
//! the access log), for `HAVEN_CONCURRENCY_SECONDS` (30 by default). No answer
//! may be a 5xx, and every write acknowledged must be in the history after.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::{reception, woman, Agent, TestServer};
use haven_testkit::fixtures::seed_org;
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

const WRITERS: usize = 20;
const READERS: usize = 20;
const CASES: usize = 4;

fn duration() -> Duration {
    let seconds = std::env::var("HAVEN_CONCURRENCY_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    Duration::from_secs(seconds)
}

#[derive(Default)]
struct Tally {
    acknowledged: BTreeSet<(usize, String)>,
    stale: usize,
    reads: usize,
    server_errors: Vec<String>,
}

haven_testkit::backend_tests! {
    async fn writers_and_readers_together_get_no_server_error_and_lose_nothing(store) {
        seed_org(&store).await;
        let server = TestServer::start(store.clone(), common::settings()).await;
        let commune = Arc::new(Agent::login(&server, "commune").await);
        let mut cases = Vec::new();
        for i in 0..CASES {
            cases.push(commune.open(woman(&format!("Giả Lập Thị Tải {i}"), json!({"kind": "year", "year": 1990}), "VN"), reception("self_report", "2025-08-01")).await);
        }
        let cases = Arc::new(cases);
        let tally = Arc::new(Mutex::new(Tally::default()));
        let until = Instant::now() + duration();
        let mut tasks = Vec::new();
        for writer in 0..WRITERS {
            let (agent, cases, tally) = (commune.clone(), cases.clone(), tally.clone());
            tasks.push(tokio::spawn(async move {
                // Half the writers share case 0; the others spread over the rest.
                let case = if writer % 2 == 0 { 0 } else { 1 + writer % (CASES - 1) };
                let number = &cases[case];
                let mut sequence = 0;
                while Instant::now() < until {
                    let (status, read) = agent.get(&format!("/api/v1/cases/{number}")).await;
                    if status.is_server_error() {
                        tally.lock().await.server_errors.push(format!("read {status}"));
                        continue;
                    }
                    let text = format!("ghi chú {writer}-{sequence}");
                    sequence += 1;
                    let (status, body) = agent.post(&format!("/api/v1/cases/{number}/commands"), json!({"version": read["version"], "command": {"command": "add_note", "text": text}})).await;
                    let mut tally = tally.lock().await;
                    match status {
                        StatusCode::OK => { tally.acknowledged.insert((case, text)); }
                        StatusCode::CONFLICT => tally.stale += 1,
                        other if other.is_server_error() => tally.server_errors.push(format!("write {other}: {body}")),
                        other => panic!("unexpected {other}: {body}"),
                    }
                }
            }));
        }
        for reader in 0..READERS {
            let (agent, cases, tally) = (commune.clone(), cases.clone(), tally.clone());
            tasks.push(tokio::spawn(async move {
                let mut i = reader;
                while Instant::now() < until {
                    let number = &cases[i % CASES];
                    i += 1;
                    for path in [format!("/api/v1/cases/{number}"), format!("/api/v1/cases/{number}/history"), "/api/v1/cases".to_owned()] {
                        let (status, body) = agent.get(&path).await;
                        let mut tally = tally.lock().await;
                        tally.reads += 1;
                        if status.is_server_error() {
                            tally.server_errors.push(format!("{path} {status}: {body}"));
                        }
                    }
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let tally = tally.lock().await;
        eprintln!(
            "{} writes acknowledged, {} stale (409), {} reads, {} server errors",
            tally.acknowledged.len(), tally.stale, tally.reads, tally.server_errors.len()
        );
        assert!(tally.server_errors.is_empty(), "{:?}", tally.server_errors.iter().take(5).collect::<Vec<_>>());
        assert!(tally.acknowledged.len() > WRITERS, "the writers got through");
        let mut recorded = BTreeSet::new();
        for (case, number) in cases.iter().enumerate() {
            for entry in store.case_history(number).await.unwrap() {
                if entry.command == "add_note" {
                    recorded.insert((case, entry.payload["text"].as_str().unwrap().to_owned()));
                }
            }
        }
        let lost: Vec<_> = tally.acknowledged.difference(&recorded).collect();
        assert!(lost.is_empty(), "acknowledged but not recorded: {lost:?}");
        assert_eq!(store.verify_histories().await.unwrap(), vec![]);
        server.stop().await;
    }
}
