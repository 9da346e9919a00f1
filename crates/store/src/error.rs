use haven_domain::Violations;

/// What can go wrong in storage. Every message is one line that says what to fix
/// and never carries personal data (no names, no passwords, no credentials in URLs).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Configuration(String),
    #[error("{0}")]
    Unreachable(String),
    #[error("invalid input: {0}")]
    Invalid(Violations),
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("{what} already exists")]
    AlreadyExists { what: &'static str },
    #[error("{0}")]
    Refused(String),
    /// The change was based on an older version: nothing was written.
    #[error("the record changed since version {expected}; it is now at version {current}")]
    StaleVersion { expected: i64, current: i64 },
    /// The domain refused the command: nothing was written.
    #[error("command refused: {0}")]
    Rejected(haven_domain::case::Rejection),
    /// The attachment was withdrawn from the case and is no longer served.
    #[error("the attachment was withdrawn")]
    Withdrawn,
    /// The attachment's file is missing or no longer matches its checksum.
    #[error("the attachment file is {0:?}; run `haven audit verify`")]
    AttachmentUnavailable(crate::attachments::FileProblem),
    /// Every connection was busy for the whole wait (or SQLite's write
    /// lock for its busy timeout): nothing was done; try again shortly.
    #[error("the database is busy: {0}")]
    Busy(sea_orm::DbErr),
    #[error("database error: {0}")]
    Database(sea_orm::DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sea_orm::DbErr> for StoreError {
    fn from(error: sea_orm::DbErr) -> Self {
        if is_busy(&error) {
            StoreError::Busy(error)
        } else {
            StoreError::Database(error)
        }
    }
}

/// A pool that gave no connection in time, or SQLite's lock still held
/// after its busy timeout: load, not a fault.
fn is_busy(error: &sea_orm::DbErr) -> bool {
    use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};
    if matches!(error, DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)) {
        return true;
    }
    let (DbErr::Conn(RuntimeErr::SqlxError(e))
    | DbErr::Exec(RuntimeErr::SqlxError(e))
    | DbErr::Query(RuntimeErr::SqlxError(e))) = error
    else {
        return false;
    };
    if matches!(e, sea_orm::sqlx::Error::PoolTimedOut) {
        return true;
    }
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
    e.as_database_error()
        .and_then(|db| db.code())
        .and_then(|code| code.parse::<u32>().ok())
        .is_some_and(|code| matches!(code & 0xff, 5 | 6))
        && e.as_database_error().is_some_and(|db| {
            db.try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
                .is_some()
        })
}

impl From<Violations> for StoreError {
    fn from(v: Violations) -> Self {
        StoreError::Invalid(v)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
