//! The facts of each case, as the domain folds them from its history (the
//! store keeps them, in the write path's transaction, so that a report
//! reads them instead of every history).

pub use haven_domain::statistics::*;
