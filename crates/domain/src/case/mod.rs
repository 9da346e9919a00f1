//! The victim's journey: a case's state, the commands that move it, the rules
//! that accept or refuse them, entitlements and deadlines.

pub mod aggregate;
pub mod calendar;
pub mod command;
pub mod consent;
pub mod consequence;
pub mod deadlines;
pub mod decide;
pub mod entitlements;
pub mod htcds;
pub mod limits;
pub mod number;
pub mod person;
pub mod person_correction;
pub mod person_fields;
pub mod person_merge;
pub mod rejection;
pub mod rules;
pub mod status;

pub use aggregate::Case;
pub use command::{Command, Reception};
pub use consequence::Consequence;
pub use decide::{check, Context, FacilityFacts};
pub use rejection::Rejection;
pub use rules::CaseRules;
pub use status::{Identification, Phase};
