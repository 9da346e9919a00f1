//! An import done from the page, as the user takes it: the file uploaded,
//! its columns confirmed, the check read and each possible duplicate
//! decided, then the rows written while the page shows how far it got.

use crate::code_list::code_list;
use serde::{Deserialize, Serialize};

code_list!(
    /// Where an import stands.
    ImportStatus {
        /// The file is read; its columns are to be confirmed.
        Uploaded => "uploaded",
        /// The columns are confirmed: the check and the decisions remain.
        Mapped => "mapped",
        /// The rows are being written.
        Importing => "importing",
        /// Every row ready was written or passed over as decided.
        Done => "done",
        /// Writing stopped on an error; running it again goes on from there.
        Failed => "failed",
    }
);

impl ImportStatus {
    /// Whether the columns may still be changed.
    pub fn open_to_mapping(self) -> bool {
        match self {
            ImportStatus::Uploaded | ImportStatus::Mapped => true,
            ImportStatus::Importing | ImportStatus::Done | ImportStatus::Failed => false,
        }
    }

    /// Whether the import may be started (or, after a failure, started again).
    pub fn may_start(self) -> bool {
        match self {
            ImportStatus::Mapped | ImportStatus::Failed => true,
            ImportStatus::Uploaded | ImportStatus::Importing | ImportStatus::Done => false,
        }
    }
}

/// What to do with a row that may be a person Haven already knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision", content = "person_id")]
pub enum DuplicateDecision {
    /// Leave the row out.
    Skip,
    /// A different person: open a case for a new person.
    Create,
    /// The same person: open the case for the person already known.
    Link(i64),
}

impl DuplicateDecision {
    /// The decision a form field's value names (`skip`, `create`, `link:42`).
    pub fn from_form(value: &str) -> Option<DuplicateDecision> {
        match value {
            "skip" => Some(DuplicateDecision::Skip),
            "create" => Some(DuplicateDecision::Create),
            other => other
                .strip_prefix("link:")
                .and_then(|id| id.parse().ok())
                .filter(|id| *id > 0)
                .map(DuplicateDecision::Link),
        }
    }

    pub fn form_value(self) -> String {
        match self {
            DuplicateDecision::Skip => "skip".into(),
            DuplicateDecision::Create => "create".into(),
            DuplicateDecision::Link(id) => format!("link:{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_round_trip_through_the_form_and_refuse_anything_else() {
        for decision in [
            DuplicateDecision::Skip,
            DuplicateDecision::Create,
            DuplicateDecision::Link(42),
        ] {
            assert_eq!(
                DuplicateDecision::from_form(&decision.form_value()),
                Some(decision)
            );
        }
        for bad in ["", "link:", "link:-3", "link:0", "link:x", "merge", "Skip"] {
            assert_eq!(DuplicateDecision::from_form(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_a_job_not_yet_written_takes_new_columns_and_a_failed_one_starts_again() {
        assert!(ImportStatus::Uploaded.open_to_mapping());
        assert!(!ImportStatus::Importing.open_to_mapping());
        assert!(!ImportStatus::Uploaded.may_start());
        assert!(ImportStatus::Failed.may_start());
        assert!(!ImportStatus::Done.may_start());
    }
}
