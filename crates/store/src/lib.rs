//! Haven's storage: the schema and its migrations, the reference data, and every
//! query, written once for SQLite (the embedded default) and PostgreSQL.
//!
//! All writes go through [`Store::begin_write`], which serialises writers on
//! SQLite and gives one transaction for a change and its history.

pub mod access;
pub mod accounts;
pub mod agency_reports;
pub mod attachments;
pub mod audit_key;
pub mod backup;
pub mod cases;
pub mod copy;
pub mod credentials;
pub mod demo;
mod demo_budget;
mod demo_cases;
mod demo_directory;
mod demo_hotline;
mod demo_inspections;
mod demo_notices;
mod demo_programme;
pub mod directory;
mod entities;
pub mod error;
pub mod hotline;
pub mod import;
mod migration;
pub mod notices;
pub mod organisation;
pub mod person_links;
pub mod programme;
pub mod reference;
pub mod report_submissions;
pub mod second_factor;
pub mod sessions;
mod store;
pub mod target;
pub mod throttle;
pub mod users;
pub mod webhooks;

pub use error::{StoreError, StoreResult};
pub use sessions::SessionPolicy;
pub use store::{PoolSettings, Store, WriteTxn, ATTACHMENT_DIR};
pub use target::DatabaseTarget;
pub use users::UserAccount;
