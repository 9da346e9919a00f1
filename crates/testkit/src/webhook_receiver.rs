//! A small HTTP server for tests that receives webhook deliveries on the
//! loopback, keeps them, and answers with the status the test chooses (a
//! receiver that is down answers 503). It checks signatures with its own
//! HMAC-SHA-256, not Haven's code.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

/// One delivery as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub signature: String,
    pub event_header: String,
    pub content_type: String,
    pub body: String,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }

    /// Whether `Haven-Signature` is `t=<t>,v1=<HMAC-SHA-256 of "<t>.<body>">`
    /// under `secret`, with `t` within five minutes of now.
    pub fn signed_with(&self, secret: &str) -> bool {
        let mut t = None;
        let mut v1 = None;
        for part in self.signature.split(',') {
            match part.split_once('=') {
                Some(("t", value)) => t = value.parse::<i64>().ok(),
                Some(("v1", value)) => v1 = hex::decode(value).ok(),
                _ => {}
            }
        }
        let (Some(t), Some(v1)) = (t, v1) else {
            return false;
        };
        if (chrono::Utc::now().timestamp() - t).abs() > 300 {
            return false;
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.{}", self.body).as_bytes());
        mac.verify_slice(&v1).is_ok()
    }
}

#[derive(Clone)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
}

pub struct WebhookReceiver {
    url: String,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl WebhookReceiver {
    /// Listening at `http://127.0.0.1:<port>/hook`, answering 204.
    pub async fn start() -> WebhookReceiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let shared = Shared {
            received: Arc::default(),
            status: Arc::new(AtomicU16::new(204)),
        };
        let app = Router::new()
            .route("/hook", post(receive))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        WebhookReceiver { url, shared, task }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The status every later delivery is answered with.
    pub fn answer_with(&self, status: u16) {
        self.shared.status.store(status, Ordering::SeqCst);
    }

    /// Every delivery that arrived, whatever it was answered.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receive(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    shared.received.lock().unwrap().push(Received {
        signature: header("haven-signature"),
        event_header: header("haven-event"),
        content_type: header("content-type"),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    StatusCode::from_u16(shared.status.load(Ordering::SeqCst)).unwrap()
}
