//! Opening a database, applying migrations, and the write path.

use crate::attachments::{AttachmentLimits, FileStore, KeyRing};
use crate::audit_key::AuditKey;
use crate::error::{StoreError, StoreResult};
use crate::migration::{Migrator, MigratorTrait};
use crate::target::DatabaseTarget;
use haven_domain::case::CaseRules;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::sqlx::ConnectOptions;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction,
    SqlxPostgresConnector, SqlxSqliteConnector, Statement, TransactionTrait,
};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The attachment directory's name inside the data directory.
pub const ATTACHMENT_DIR: &str = "attachments";

/// How long a connection waits for a locked SQLite file or a free pool slot.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// A statement slower than this is logged (its SQL, never its values),
/// inside the span of the request that ran it.
const SLOW_STATEMENT: Duration = Duration::from_millis(500);

/// How many connections the store keeps and how long a request waits for
/// one before it is answered "busy" (503), never an internal error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PoolSettings {
    /// Connections at most; none: 8 on SQLite (readers beside its one
    /// writer), 16 on PostgreSQL (well under its default 100 connections,
    /// leaving room for a second instance and the tools).
    pub max_connections: Option<u32>,
    /// Seconds a request waits for a connection; none: 10 on SQLite (its
    /// busy timeout), 5 on PostgreSQL.
    pub acquire_timeout_seconds: Option<u64>,
}

impl PoolSettings {
    fn connections(&self, backend_default: u32) -> u32 {
        self.max_connections.unwrap_or(backend_default).max(1)
    }

    fn wait(&self, backend_default: Duration) -> Duration {
        self.acquire_timeout_seconds
            .map_or(backend_default, Duration::from_secs)
    }
}

#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    target: DatabaseTarget,
    /// SQLite allows one writer at a time; queueing writers here instead of in
    /// SQLite avoids `database is locked` when a reader upgrades to a writer.
    writer: Option<Arc<Mutex<()>>>,
    /// The journey's configurable rules: entitlements, deadlines, calendar.
    rules: Arc<CaseRules>,
    files: Option<FileStore>,
    attachment_limits: Arc<AttachmentLimits>,
    /// Seals the case histories; without it nothing can write history.
    audit_key: Option<Arc<AuditKey>>,
    /// Every agency as last read, with the stamp it was read at.
    agencies: Arc<std::sync::RwLock<Option<KeptAgencies>>>,
}

type KeptAgencies = (
    crate::organisation::AgencyStamp,
    Arc<Vec<crate::entities::agency::Model>>,
);

/// A write transaction. Dropping it without `commit` rolls everything back.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _writer: Option<OwnedMutexGuard<()>>,
    audit_key: Option<Arc<AuditKey>>,
    rules: Arc<CaseRules>,
}

impl WriteTxn {
    /// The key history entries are sealed with.
    pub(crate) fn audit_key(&self) -> StoreResult<&AuditKey> {
        self.audit_key.as_deref().ok_or_else(no_audit_key)
    }

    /// The journey's rules the write is decided and kept by.
    pub(crate) fn rules(&self) -> &CaseRules {
        &self.rules
    }

    pub async fn commit(self) -> StoreResult<()> {
        Ok(self.txn.commit().await?)
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl Store {
    /// Connects; for SQLite creates the file (not its directory) when missing.
    pub async fn open(target: &DatabaseTarget) -> StoreResult<Store> {
        Self::open_with(target, PoolSettings::default()).await
    }

    /// Like [`Store::open`], with the pool as configured.
    pub async fn open_with(target: &DatabaseTarget, pool: PoolSettings) -> StoreResult<Store> {
        let (db, writer) = match target {
            DatabaseTarget::Sqlite { path } => {
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: a write acknowledged to a user survives a power cut, not
                    // only a crash of Haven (WAL with NORMAL may lose the last commits).
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(BUSY_TIMEOUT)
                    .foreign_keys(true)
                    .log_statements(log::LevelFilter::Off)
                    .log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT);
                let pool = SqlitePoolOptions::new()
                    .max_connections(pool.connections(8))
                    .acquire_timeout(pool.wait(BUSY_TIMEOUT))
                    .connect_with(options)
                    .await
                    .map_err(|e| {
                        StoreError::Unreachable(format!(
                            "cannot open the SQLite database {}: {e}; check that --data-dir is writable",
                            path.display()
                        ))
                    })?;
                (
                    SqlxSqliteConnector::from_sqlx_sqlite_pool(pool),
                    Some(Arc::new(Mutex::new(()))),
                )
            }
            DatabaseTarget::Postgres { url } => {
                let options = PgConnectOptions::from_str(url)
                    .map_err(|e| {
                        StoreError::Configuration(format!("DATABASE_URL is not usable: {e}"))
                    })?
                    .log_statements(log::LevelFilter::Off)
                    .log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT);
                let pool = PgPoolOptions::new()
                    .max_connections(pool.connections(16))
                    .acquire_timeout(pool.wait(Duration::from_secs(5)))
                    .connect_with(options)
                    .await
                    .map_err(|e| {
                        StoreError::Unreachable(format!(
                            "cannot connect to {}: {}; check DATABASE_URL and that the server is running and accepts this user",
                            target.describe(),
                            one_line(&e.to_string())
                        ))
                    })?;
                (SqlxPostgresConnector::from_sqlx_postgres_pool(pool), None)
            }
        };
        Ok(Store {
            db,
            target: target.clone(),
            writer,
            rules: Arc::new(CaseRules::default()),
            files: None,
            attachment_limits: Arc::new(AttachmentLimits::default()),
            audit_key: None,
            agencies: Arc::default(),
        })
    }

    /// The agencies kept at `stamp`, if that is the stamp they were read at.
    pub(crate) fn kept_agencies(
        &self,
        stamp: crate::organisation::AgencyStamp,
    ) -> Option<Arc<Vec<crate::entities::agency::Model>>> {
        let kept = self.agencies.read().ok()?;
        kept.as_ref()
            .filter(|(at, _)| *at == stamp)
            .map(|(_, list)| list.clone())
    }

    pub(crate) fn keep_agencies(
        &self,
        stamp: crate::organisation::AgencyStamp,
        list: Arc<Vec<crate::entities::agency::Model>>,
    ) {
        if let Ok(mut kept) = self.agencies.write() {
            *kept = Some((stamp, list));
        }
    }

    /// The same store (rules, files, keys) over a new pool of connections.
    pub async fn with_pool(&self, pool: PoolSettings) -> StoreResult<Store> {
        let fresh = Store::open_with(&self.target, pool).await?;
        Ok(Store {
            db: fresh.db,
            writer: fresh.writer,
            agencies: Arc::default(),
            ..self.clone()
        })
    }

    /// The same store with the rules configuration gives.
    pub fn with_rules(mut self, rules: CaseRules) -> Store {
        self.rules = Arc::new(rules);
        self
    }

    /// The same store keeping attachments in `dir`, encrypted with `keys`, within `limits`.
    pub fn with_attachments(
        mut self,
        dir: impl Into<PathBuf>,
        keys: KeyRing,
        limits: AttachmentLimits,
    ) -> Store {
        self.files = Some(FileStore::new(dir, keys));
        self.attachment_limits = Arc::new(limits);
        self
    }

    /// The same store sealing the case histories with `key`.
    pub fn with_audit_key(mut self, key: AuditKey) -> Store {
        self.audit_key = Some(Arc::new(key));
        self
    }

    pub(crate) fn audit_key(&self) -> StoreResult<&AuditKey> {
        self.audit_key.as_deref().ok_or_else(no_audit_key)
    }

    pub fn rules(&self) -> &CaseRules {
        &self.rules
    }

    pub fn attachment_limits(&self) -> &AttachmentLimits {
        &self.attachment_limits
    }

    /// Where attachment files are kept, when configured.
    pub fn attachment_dir(&self) -> Option<&std::path::Path> {
        self.files.as_ref().map(FileStore::dir)
    }

    pub(crate) fn file_store(&self) -> Option<&FileStore> {
        self.files.as_ref()
    }

    /// Opens and brings the schema up to date, the way `haven serve` starts.
    pub async fn open_and_migrate(target: &DatabaseTarget) -> StoreResult<Store> {
        Self::open_and_migrate_with(target, PoolSettings::default()).await
    }

    /// Like [`Store::open_and_migrate`], with the pool as configured.
    pub async fn open_and_migrate_with(
        target: &DatabaseTarget,
        pool: PoolSettings,
    ) -> StoreResult<Store> {
        let store = Store::open_with(target, pool).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub fn target(&self) -> &DatabaseTarget {
        &self.target
    }

    /// `sqlite` or `postgres`, for messages and file names.
    pub fn backend_name(&self) -> &'static str {
        match self.backend() {
            DatabaseBackend::Postgres => "postgres",
            DatabaseBackend::MySql | DatabaseBackend::Sqlite => "sqlite",
        }
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.db.get_database_backend()
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Applies pending migrations; returns how many were applied.
    pub async fn migrate(&self) -> StoreResult<usize> {
        let _writer = self.lock_writer().await;
        let pending = Migrator::get_pending_migrations(&self.db).await?.len();
        if pending > 0 {
            Migrator::up(&self.db, None).await?;
        }
        Ok(pending)
    }

    /// Applies only the first `count` pending migrations: for a test of a
    /// migration on the data the ones before it left.
    pub async fn migrate_first(&self, count: u32) -> StoreResult<()> {
        let _writer = self.lock_writer().await;
        Migrator::up(&self.db, Some(count)).await?;
        Ok(())
    }

    pub async fn pending_migrations(&self) -> StoreResult<usize> {
        Ok(Migrator::get_pending_migrations(&self.db).await?.len())
    }

    /// Names of the migrations the binary carries, in order.
    pub fn known_migrations() -> Vec<String> {
        Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect()
    }

    /// A cheap round trip, for `/readyz`.
    pub async fn ping(&self) -> StoreResult<()> {
        self.db
            .execute(Statement::from_string(self.backend(), "SELECT 1"))
            .await?;
        Ok(())
    }

    /// Starts the one write path: a transaction that holds the single-writer
    /// lock on SQLite.
    ///
    /// On SQLite the transaction also takes the database's write lock before
    /// it reads anything, by touching the empty `write_gate` table first (what
    /// `BEGIN IMMEDIATE` would do; sea-orm only issues `BEGIN`). A deferred
    /// transaction that read first and then wrote would fail with "database is
    /// locked" (SQLITE_BUSY_SNAPSHOT, which the busy timeout does not retry)
    /// whenever another connection had committed in between; taking the lock
    /// first makes it wait its turn instead. The in-process lock keeps this
    /// server's writers from spinning on SQLite's busy handler; the gate covers
    /// every other writer (the CLI beside a running server, a second process).
    pub async fn begin_write(&self) -> StoreResult<WriteTxn> {
        let writer = self.lock_writer().await;
        let txn = self.db.begin().await?;
        if txn.get_database_backend() == DatabaseBackend::Sqlite {
            txn.execute(Statement::from_string(
                DatabaseBackend::Sqlite,
                "DELETE FROM write_gate WHERE 0",
            ))
            .await?;
        }
        Ok(WriteTxn {
            txn,
            _writer: writer,
            audit_key: self.audit_key.clone(),
            rules: self.rules.clone(),
        })
    }

    pub(crate) async fn lock_writer(&self) -> Option<OwnedMutexGuard<()>> {
        match &self.writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        }
    }

    /// Closes the connections. On SQLite the WAL is first written into the
    /// database file: the pool's `close` may return while a connection is
    /// still open, and a file moved, copied or opened elsewhere right after
    /// must already hold every commit, not leave some in a WAL beside it.
    pub async fn close(self) -> StoreResult<()> {
        if self.db.get_database_backend() == DatabaseBackend::Sqlite {
            self.db
                .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await?;
        }
        Ok(self.db.close().await?)
    }
}

fn no_audit_key() -> StoreError {
    StoreError::Configuration(
        "no audit key is configured: case histories cannot be written or verified".into(),
    )
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
