//! Haven's statistics, computed from the case records themselves: the
//! indicator catalogue (configuration), reporting periods, the facts of
//! each case folded from its history, the measures and breakdowns, tables
//! aggregated over today's or the legacy provinces, the plans' targets, and
//! suppression of small figures below national level.
//!
//! Everything but `source` is pure: facts in, tables out.

pub mod agency_report;
pub mod calendar;
pub mod catalogue;
pub mod compute;
pub mod ctdc;
pub mod dimension;
pub mod export;
pub mod facts;
pub mod hotline;
pub mod measure;
pub mod narrative;
pub mod period;
pub mod programme;
pub mod programme_budget;
pub mod programme_inspections;
pub mod programme_places;
pub mod programme_report;
pub mod programme_review;
pub mod source;
pub mod submission;
pub mod suppression;
pub mod table;
pub mod targets;

pub use catalogue::Catalogue;
pub use compute::{compute, Area, Geography, Report, Request};
pub use period::Period;
