//! Test harness shared by the crates' integration tests.
//!
//! Every test gets a fresh database: a temporary SQLite file, or a uniquely
//! named PostgreSQL database that is dropped afterwards, even when the test
//! fails. [`backend_tests!`] writes each test once and runs it on both:
//!
//! - `sqlite::NAME` always runs;
//! - `postgres::NAME` runs when `HAVEN_TEST_POSTGRES_URL` names a server
//!   (e.g. `postgres://postgres@127.0.0.1:5432/postgres`; the user must be
//!   allowed to create databases). Without it the PostgreSQL half is skipped
//!   with a message — unless `HAVEN_TEST_REQUIRE_POSTGRES=1`, as in CI, which
//!   makes a missing server a failure.
// Test support: a failing fixture should stop the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

pub mod fixtures;
pub mod smtp;
pub mod webhook_receiver;

use futures::FutureExt;
use haven_store::{DatabaseTarget, Store};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use std::future::Future;
use std::panic::AssertUnwindSafe;

pub const POSTGRES_URL_VAR: &str = "HAVEN_TEST_POSTGRES_URL";
pub const REQUIRE_POSTGRES_VAR: &str = "HAVEN_TEST_REQUIRE_POSTGRES";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database (no schema yet) that lives as long as the value.
pub struct TestDatabase {
    pub target: DatabaseTarget,
    /// Holds the SQLite file, and on both backends the attachment files.
    dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// `None` when the backend is PostgreSQL and no server is configured (and not required).
    pub async fn create(backend: Backend) -> Option<TestDatabase> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                Some(TestDatabase {
                    target: DatabaseTarget::in_data_dir(dir.path()),
                    dir,
                    postgres: None,
                })
            }
            Backend::Postgres => {
                let admin_url = match std::env::var(POSTGRES_URL_VAR) {
                    Ok(url) if !url.trim().is_empty() => url,
                    _ => {
                        if std::env::var(REQUIRE_POSTGRES_VAR).is_ok_and(|v| v == "1") {
                            panic!("{REQUIRE_POSTGRES_VAR}=1 but {POSTGRES_URL_VAR} is not set");
                        }
                        eprintln!(
                            "skipped on PostgreSQL: set {POSTGRES_URL_VAR} to run it there too"
                        );
                        return None;
                    }
                };
                let name = format!(
                    "haven_test_{}_{:016x}",
                    std::process::id(),
                    rand::random::<u64>()
                );
                let admin = Database::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach the test PostgreSQL server: {e}"));
                admin
                    .execute(Statement::from_string(
                        DbBackend::Postgres,
                        format!("CREATE DATABASE {name}"),
                    ))
                    .await
                    .expect("CREATE DATABASE");
                admin.close().await.ok();
                let mut url =
                    url::Url::parse(&admin_url).expect("HAVEN_TEST_POSTGRES_URL is a URL");
                url.set_path(&format!("/{name}"));
                Some(TestDatabase {
                    target: DatabaseTarget::Postgres {
                        url: url.to_string(),
                    },
                    dir: tempfile::tempdir().expect("temporary directory"),
                    postgres: Some((admin_url, name)),
                })
            }
        }
    }

    /// Where this database's attachment files go.
    pub fn attachment_dir(&self) -> std::path::PathBuf {
        self.dir.path().join(haven_store::ATTACHMENT_DIR)
    }

    /// This database's audit key (the case histories' seal).
    pub fn audit_key(&self) -> haven_store::audit_key::AuditKey {
        haven_store::audit_key::AuditKey::open_or_create(
            &self.dir.path().join("keys").join("audit.key"),
        )
        .expect("audit key")
    }

    /// This database's attachment key ring, outside the attachment directory.
    pub fn attachment_keys(&self) -> haven_store::attachments::KeyRing {
        haven_store::attachments::KeyRing::open_or_create(
            &self.dir.path().join("keys").join("attachments.key"),
        )
        .expect("a test key ring")
    }

    pub async fn drop_database(self) {
        if let Some((admin_url, name)) = &self.postgres {
            if let Ok(admin) = Database::connect(admin_url).await {
                let _ = admin
                    .execute(Statement::from_string(
                        DbBackend::Postgres,
                        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    ))
                    .await;
                admin.close().await.ok();
            }
        }
    }
}

/// The URL a `haven` process would be given for this database.
pub fn database_url(target: &DatabaseTarget) -> String {
    match target {
        DatabaseTarget::Sqlite { path } => format!("sqlite://{}", path.display()),
        DatabaseTarget::Postgres { url } => url.clone(),
    }
}

/// Runs `test` with a migrated [`Store`] on a fresh database of `backend`,
/// then removes the database, also when the test panics.
pub async fn with_store<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let attachment_dir = db.attachment_dir();
    let outcome = AssertUnwindSafe(async {
        let store = Store::open_and_migrate(&db.target)
            .await
            .expect("migrate the test database")
            .with_attachments(attachment_dir, db.attachment_keys(), Default::default())
            .with_audit_key(db.audit_key());
        test(store.clone()).await;
        store.close().await.ok();
    })
    .catch_unwind()
    .await;
    db.drop_database().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Like [`with_store`] but hands over the bare, unmigrated database's target.
pub async fn with_database<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(DatabaseTarget) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let outcome = AssertUnwindSafe(test(db.target.clone()))
        .catch_unwind()
        .await;
    db.drop_database().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Writes each test once and runs it on SQLite and PostgreSQL:
///
/// ```ignore
/// haven_testkit::backend_tests! {
///     async fn migrations_apply(store) { assert_eq!(store.pending_migrations().await.unwrap(), 0); }
/// }
/// ```
#[macro_export]
macro_rules! backend_tests {
    ($(async fn $name:ident($store:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::with_store($crate::Backend::Sqlite, |$store| async move $body).await
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::with_store($crate::Backend::Postgres, |$store| async move $body).await
                }
            )*
        }
    };
}

/// Like [`backend_tests!`] for tests that need the bare, unmigrated database (a `DatabaseTarget`).
#[macro_export]
macro_rules! backend_database_tests {
    ($(async fn $name:ident($db:ident) $body:block)*) => {
        mod sqlite_database {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::with_database($crate::Backend::Sqlite, |$db| async move $body).await
                }
            )*
        }
        mod postgres_database {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::with_database($crate::Backend::Postgres, |$db| async move $body).await
                }
            )*
        }
    };
}
