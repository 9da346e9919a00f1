//! A real Haven server on a free loopback port, over a test database.
//! Shared by several test binaries, each using part of it.
#![allow(dead_code)]

use haven_domain::organisation::{NewAgency, NewUser};
use haven_domain::role::Role;
use haven_server::{AppState, ServerSettings};
use haven_store::Store;
use tokio::sync::oneshot;

pub use haven_testkit::fixtures::PASSWORD;

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
            AppState { store, settings },
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
