//! Haven's vocabulary and rules. Pure: no I/O, no async, no SQL.
//!
//! Everything here can be decided from its arguments alone, so it is tested by
//! plain unit tests and used the same way by the store, the policy and the server.

pub mod admin_unit;
pub mod case;
mod code_list;
pub mod directory;
pub mod duplicates;
pub mod hotline;
pub mod ids;
pub mod import;
pub mod matching;
pub mod notice;
pub mod organisation;
pub mod password;
pub mod programme;
pub mod role;
pub mod statistics;
pub mod validation;
pub mod webhook;

pub use validation::{Violation, Violations};
