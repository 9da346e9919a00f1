//! Back-pressure through the real middleware: a request beyond the turns
//! waits, then is answered 503 with `Retry-After`; health checks never wait.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use axum::Router;
use haven_server::load::{take_turn, watch, LoadLimits, Turns};
use std::sync::Arc;
use tokio::sync::Notify;
use tower::ServiceExt;

mod common;

fn app(release: Arc<Notify>, started: Arc<Notify>) -> Router {
    let turns = Turns::new(LoadLimits {
        max_in_flight: 1,
        queue_wait_ms: 100,
    });
    Router::new()
        .route(
            "/hold",
            get(move || {
                let (release, started) = (release.clone(), started.clone());
                async move {
                    started.notify_one();
                    release.notified().await;
                    "done"
                }
            }),
        )
        .route("/quick", get(|| async { "quick" }))
        .route("/healthz", get(|| async { "ok" }))
        .layer(axum::middleware::from_fn_with_state(turns, take_turn))
        .layer(axum::middleware::from_fn(watch))
}

fn get_request(path: &str) -> Request<Body> {
    Request::builder().uri(path).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn a_request_beyond_the_turns_waits_then_is_told_when_to_come_back() {
    let (release, started) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
    let app = app(release.clone(), started.clone());
    let holding = tokio::spawn(app.clone().oneshot(get_request("/hold")));
    started.notified().await;

    let refused = app.clone().oneshot(get_request("/quick")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers()["retry-after"], "2");
    let body = axum::body::to_bytes(refused.into_body(), 1 << 16)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["code"], "busy");
    assert!(body["message_vi"].as_str().unwrap().contains("quá tải"));

    let health = app.clone().oneshot(get_request("/healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK, "health checks do not wait");

    release.notify_one();
    assert_eq!(holding.await.unwrap().unwrap().status(), StatusCode::OK);
    let served = app.oneshot(get_request("/quick")).await.unwrap();
    assert_eq!(
        served.status(),
        StatusCode::OK,
        "served once the turn is free"
    );
}

haven_testkit::backend_tests! {
    async fn a_server_whose_database_connections_are_all_taken_answers_503_not_500(store) {
        haven_testkit::fixtures::seed_org(&store).await;
        let one = haven_store::PoolSettings { max_connections: Some(1), acquire_timeout_seconds: Some(1) };
        let small = store.with_pool(one).await.unwrap();
        let server = common::TestServer::start(small.clone(), common::settings()).await;
        let commune = common::Agent::login(&server, "commune").await;
        assert_eq!(commune.get("/api/v1/cases").await.0, reqwest::StatusCode::OK);

        let held = small.begin_write().await.unwrap();
        let response = commune.http.get(format!("{}/api/v1/cases", commune.base)).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()["retry-after"], "2");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], "busy");
        let page = commune.http.get(format!("{}/cases", commune.base)).send().await.unwrap();
        assert_eq!(page.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE, "pages too");
        drop(held);
        assert_eq!(commune.get("/api/v1/cases").await.0, reqwest::StatusCode::OK, "served again");
    }
}
