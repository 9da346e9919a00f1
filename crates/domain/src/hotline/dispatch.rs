//! An urgent contact sent to the agency that must act where the person is
//! (police, border guard, social affairs), with a deadline in hours for its
//! answer. Unanswered by then, it is escalated once to the agency above,
//! with a new deadline; the first agency may still answer.

use super::{MAX_NOTE, MAX_SUMMARY};
use crate::ids::AgencyId;
use crate::validation::Violations;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Hours an agency has to answer a dispatch, unless configured otherwise.
pub const DEFAULT_ANSWER_HOURS: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DispatchDraft {
    pub agency_id: AgencyId,
    /// What the agency is asked to do.
    #[serde(default)]
    pub note: String,
}

impl DispatchDraft {
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.max_text("dispatch.note", &self.note, MAX_NOTE);
        v.into_result()
    }
}

/// The agency's answer: what it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerDraft {
    pub answer: String,
}

impl AnswerDraft {
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.require_text("answer", &self.answer, MAX_SUMMARY);
        v.into_result()
    }
}

/// Whether a dispatch is to be escalated at `now`: its deadline passed with
/// no answer, and it was not escalated already.
pub fn escalation_due(
    due_at: DateTime<Utc>,
    answered: bool,
    escalated: bool,
    now: DateTime<Utc>,
) -> bool {
    !answered && !escalated && now >= due_at
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn only_an_unanswered_dispatch_past_its_deadline_is_escalated_once() {
        let due = Utc.with_ymd_and_hms(2026, 11, 30, 5, 0, 0).unwrap();
        let before = due - Duration::minutes(1);
        assert!(!escalation_due(due, false, false, before));
        assert!(escalation_due(due, false, false, due));
        assert!(!escalation_due(due, true, false, due));
        assert!(!escalation_due(due, false, true, due));
    }

    #[test]
    fn an_answer_says_something() {
        let err = AnswerDraft {
            answer: "  ".into(),
        }
        .check()
        .unwrap_err();
        assert_eq!(err.0[0].field, "answer");
        assert!(DispatchDraft {
            agency_id: AgencyId(1),
            note: "x".repeat(MAX_NOTE + 1)
        }
        .check()
        .is_err());
    }
}
