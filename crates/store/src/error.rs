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
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<Violations> for StoreError {
    fn from(v: Violations) -> Self {
        StoreError::Invalid(v)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
