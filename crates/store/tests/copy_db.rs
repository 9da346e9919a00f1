//! `copy-db`: a whole database copied between backends with identical row counts.

use haven_store::{Store, StoreError};
use haven_testkit::{with_database, Backend};

async fn copy_demo(from: Backend, to: Backend) {
    haven_testkit::with_store(from, |source| async move {
        source.load_demo().await.unwrap();
        let (_, token) = source.create_api_token(1, "sync").await.unwrap();
        with_database(to, |target| async move {
            let target = Store::open(&target).await.unwrap();
            let counts = source.copy_to(&target).await.unwrap();
            assert_eq!(counts, source.table_counts().await.unwrap());
            assert!(counts.iter().any(|c| c.table == "users" && c.rows == 13));
            // The copy is a working Haven database: logins, tokens and new rows work.
            assert!(target
                .check_login("admin", haven_store::demo::DEMO_PASSWORD)
                .await
                .unwrap()
                .is_some());
            assert!(target.api_token_user(&token).await.unwrap().is_some());
            let next = target
                .add_agency(&haven_domain::organisation::NewAgency {
                    code: "NEW-AFTER-COPY".into(),
                    name: "Cơ quan mới".into(),
                    sector: "police".into(),
                    admin_unit_id: "2025/01".into(),
                    parent_agency_code: None,
                })
                .await
                .unwrap();
            assert!(
                next.id > 15,
                "identity sequences continue after the copied ids"
            );
            // A second copy into the now non-empty target is refused.
            let err = source.copy_to(&target).await.unwrap_err();
            assert!(matches!(err, StoreError::Refused(_)), "{err}");
            assert!(err.to_string().contains("not empty"));
            target.close().await.unwrap();
        })
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_sqlite() {
    copy_demo(Backend::Sqlite, Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres() {
    copy_demo(Backend::Sqlite, Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_to_sqlite() {
    copy_demo(Backend::Postgres, Backend::Sqlite).await;
}
