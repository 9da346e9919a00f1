//! A follow-up action decided at a meeting (việc cần làm sau cuộc họp):
//! what, by which agency, by when; and how far it has come, recorded by its
//! owner. Past its due date and neither done nor dropped, it shows late.

use super::task::{TaskStanding, TaskStatus};
use super::{MAX_TEXT, MAX_TITLE};
use crate::ids::AgencyId;
use crate::validation::{Violation, Violations};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// As the meeting decides it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub action: String,
    pub owner_agency_id: AgencyId,
    pub due_on: NaiveDate,
}

/// An action and its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionDraft {
    #[serde(flatten)]
    pub follow_up: FollowUp,
    pub status: TaskStatus,
    #[serde(default)]
    pub status_reason: String,
}

impl FollowUp {
    pub(super) fn check(&self, field: &str, held_on: NaiveDate, v: &mut Violations) {
        v.require_text(&format!("{field}.action"), &self.action, MAX_TITLE);
        if self.due_on < held_on {
            v.push(Violation::new(
                format!("{field}.due_on"),
                "not_before_meeting",
                "Hạn thực hiện không thể trước ngày họp.",
                "The due date cannot come before the meeting.",
            ));
        }
    }
}

impl ActionDraft {
    pub fn standing(&self, today: NaiveDate) -> TaskStanding {
        match self.status {
            TaskStatus::Done => TaskStanding::Done,
            TaskStatus::Dropped => TaskStanding::Dropped,
            TaskStatus::NotStarted | TaskStatus::InProgress if self.follow_up.due_on < today => {
                TaskStanding::Late
            }
            TaskStatus::NotStarted => TaskStanding::NotStarted,
            TaskStatus::InProgress => TaskStanding::InProgress,
        }
    }

    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        if self.status == TaskStatus::Dropped && self.status_reason.trim().is_empty() {
            v.push(Violation::new(
                "status_reason",
                "reason_for_dropping",
                "Hãy ghi lý do không thực hiện.",
                "Give the reason it was dropped.",
            ));
        }
        v.max_text("status_reason", &self.status_reason, MAX_TEXT);
        v.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_past_due_is_late_until_done_or_dropped_and_dropping_says_why() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        let mut action = ActionDraft {
            follow_up: FollowUp {
                action: "Rà soát danh sách người lao động về nước".into(),
                owner_agency_id: AgencyId(2),
                due_on: day(6, 30),
            },
            status: TaskStatus::NotStarted,
            status_reason: String::new(),
        };
        assert_eq!(action.standing(day(6, 30)), TaskStanding::NotStarted);
        assert_eq!(action.standing(day(7, 1)), TaskStanding::Late);
        action.status = TaskStatus::Dropped;
        assert!(action.check().is_err());
        action.status_reason = "Đã giao cho Sở Nội vụ".into();
        assert!(action.check().is_ok());
        assert_eq!(action.standing(day(7, 1)), TaskStanding::Dropped);
        let mut v = Violations::default();
        action.follow_up.check("follow_ups_0", day(7, 1), &mut v);
        assert_eq!(
            v.0.iter()
                .map(|x| (x.field.as_str(), x.rule))
                .collect::<Vec<_>>(),
            vec![("follow_ups_0.due_on", "not_before_meeting")]
        );
    }
}
