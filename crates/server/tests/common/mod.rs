//! A real Haven server on a free loopback port, over a test database.
//! Shared by several test binaries, each using part of it.
#![allow(dead_code)]

pub mod browser;
pub mod matrix;

use haven_domain::organisation::{NewAgency, NewUser};
use haven_domain::role::Role;
use haven_server::{AppState, ServerSettings};
use haven_store::Store;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::oneshot;

pub use haven_testkit::fixtures::PASSWORD;

/// Server settings for tests that are not about two-factor login.
pub fn settings() -> ServerSettings {
    ServerSettings {
        require_second_factor: false,
        ..ServerSettings::default()
    }
}

pub struct TestServer {
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    pub async fn start(store: Store, settings: ServerSettings) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(haven_server::serve(
            listener,
            AppState::new(store, settings),
            async move {
                let _ = stopped.await;
            },
        ));
        TestServer {
            base,
            stop: Some(stop),
            handle: Some(handle),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle.await.unwrap().unwrap();
        }
    }
}

/// An agency and one social worker (who, being first, is also system administrator).
pub async fn seed_user(store: &Store, username: &str) -> haven_store::UserAccount {
    if store.agency_by_code("HNI-SYT").await.unwrap().is_none() {
        store
            .add_agency(&NewAgency {
                code: "HNI-SYT".into(),
                name: "Sở Y tế Hà Nội".into(),
                sector: "social_affairs".into(),
                admin_unit_id: "2025/01".into(),
                parent_agency_code: None,
            })
            .await
            .unwrap();
    }
    store
        .add_user(&NewUser {
            username: username.into(),
            display_name: "Cán bộ thử".into(),
            agency_code: "HNI-SYT".into(),
            roles: vec![Role::SocialWorker],
            password: PASSWORD.into(),
        })
        .await
        .unwrap()
}

/// A client that keeps cookies and does not follow redirects, like a careful browser test.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A logged-in user of a test server, speaking JSON.
pub struct Agent {
    pub http: reqwest::Client,
    pub base: String,
    /// The session's CSRF token, sent with form-like posts (uploads).
    pub csrf: String,
}

impl Agent {
    pub async fn login(server: &TestServer, username: &str) -> Agent {
        Agent::login_with(server, username, PASSWORD).await
    }

    /// Logs in with another password (the demo's users have their own).
    pub async fn login_with(server: &TestServer, username: &str, password: &str) -> Agent {
        let http = client();
        let ok = http
            .post(server.url("/api/v1/session"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::OK, "{username} logs in");
        let csrf = csrf_of(&ok);
        Agent {
            http,
            base: server.base.clone(),
            csrf,
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// A GET answered as it comes (files, headers).
    pub async fn raw_get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// Any method, with an optional JSON body.
    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let r = request.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Posts a page's form with the session's token; the status and the page.
    pub async fn post_form(&self, path: &str, fields: &[(&str, String)]) -> (StatusCode, String) {
        let mut form = vec![("csrf", self.csrf.clone())];
        form.extend(fields.iter().map(|(k, v)| (*k, v.clone())));
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.text().await.unwrap())
    }

    /// Records a step on the case's current version; returns the new version.
    pub async fn step(&self, number: &str, command: Value) -> i64 {
        let (_, case) = self.get(&format!("/api/v1/cases/{number}")).await;
        let version = case["version"].as_i64().expect("readable case");
        let (status, body) = self
            .post(
                &format!("/api/v1/cases/{number}/commands"),
                json!({"version": version, "command": command}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{command} → {body}");
        body["version"].as_i64().unwrap()
    }

    pub async fn open(&self, person: Value, reception: Value) -> String {
        let (status, body) = self
            .post(
                "/api/v1/cases",
                json!({"person": person, "reception": reception}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["case_number"].as_str().unwrap().to_owned()
    }
}

pub fn woman(name: &str, birth: Value, nationality: &str) -> Value {
    json!({
        "full_name": name, "sex": "female", "birth": birth, "nationality": nationality,
        "identity_papers": [{"kind": "citizen_id", "number": "001199000001"}],
        "permanent_residence": {"admin_unit_id": "2025/15/02683", "address_line": "Thôn Giả Lập"},
        "contact": "0900000001"
    })
}

pub fn reception(channel: &str, on: &str) -> Value {
    json!({"channel": channel, "received_on": on})
}

/// The CSRF token a login or `/api/v1/me` response carries.
pub fn csrf_of(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(haven_server::CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A demo user's session, over JSON.
pub async fn demo_login(server: &TestServer, username: &str) -> reqwest::Client {
    let http = client();
    let r = http
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": username, "password": haven_store::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{username}");
    http
}

/// A GET's status and JSON body (null when it has none).
pub async fn get_json(
    http: &reqwest::Client,
    server: &TestServer,
    path: &str,
) -> (StatusCode, Value) {
    let r = http.get(server.url(path)).send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}
