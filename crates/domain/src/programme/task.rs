//! A plan's task (nhiệm vụ): what is to be done, in which part of the plan,
//! by which lead agency with which cooperating agencies, from when to when,
//! and how far it has come.

use super::{MAX_ITEMS, MAX_TEXT, MAX_TITLE};
use crate::ids::AgencyId;
use crate::validation::{Violation, Violations};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskDraft {
    /// The part of the plan the task implements (e.g. "III.2").
    #[serde(default)]
    pub section: String,
    pub title: String,
    pub lead_agency_id: AgencyId,
    #[serde(default)]
    pub cooperating_agency_ids: Vec<AgencyId>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: TaskStatus,
    /// Why a task was dropped (required then), or what holds it up.
    #[serde(default)]
    pub status_reason: String,
}

/// How far a task has come, as its lead agency records it. A task past its
/// end and neither done nor dropped is shown late: see [`TaskDraft::standing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
    Dropped,
}

/// A task's status as the plan page shows it: the recorded one, or late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TaskStanding {
    /// Past its end, neither done nor dropped: listed first.
    Late,
    InProgress,
    NotStarted,
    Done,
    Dropped,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] = [
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::Done,
        TaskStatus::Dropped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not_started",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
            TaskStatus::Dropped => "dropped",
        }
    }

    pub fn from_code(code: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl TaskStanding {
    pub fn code(self) -> &'static str {
        match self {
            TaskStanding::Late => "late",
            TaskStanding::InProgress => "in_progress",
            TaskStanding::NotStarted => "not_started",
            TaskStanding::Done => "done",
            TaskStanding::Dropped => "dropped",
        }
    }
}

impl TaskDraft {
    /// The status to show on `today`.
    pub fn standing(&self, today: NaiveDate) -> TaskStanding {
        match self.status {
            TaskStatus::Done => TaskStanding::Done,
            TaskStatus::Dropped => TaskStanding::Dropped,
            TaskStatus::NotStarted | TaskStatus::InProgress if self.ends_on < today => {
                TaskStanding::Late
            }
            TaskStatus::NotStarted => TaskStanding::NotStarted,
            TaskStatus::InProgress => TaskStanding::InProgress,
        }
    }

    /// Every rule the task breaks, by field.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.max_text("section", &self.section, MAX_TITLE);
        v.require_text("title", &self.title, MAX_TITLE);
        v.max_items(
            "cooperating_agency_ids",
            self.cooperating_agency_ids.len(),
            MAX_ITEMS,
        );
        let mut distinct = self.cooperating_agency_ids.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != self.cooperating_agency_ids.len() {
            v.push(Violation::new(
                "cooperating_agency_ids",
                "distinct",
                "Mỗi cơ quan phối hợp chỉ ghi một lần.",
                "Each cooperating agency is named once.",
            ));
        }
        if self.cooperating_agency_ids.contains(&self.lead_agency_id) {
            v.push(Violation::new(
                "cooperating_agency_ids",
                "not_the_lead",
                "Cơ quan chủ trì không đồng thời là cơ quan phối hợp.",
                "The lead agency is not also a cooperating agency.",
            ));
        }
        if self.ends_on < self.starts_on {
            v.push(Violation::new(
                "ends_on",
                "not_before_start",
                "Ngày kết thúc không thể trước ngày bắt đầu.",
                "The end cannot come before the start.",
            ));
        }
        if self.status == TaskStatus::Dropped && self.status_reason.trim().is_empty() {
            v.push(Violation::new(
                "status_reason",
                "reason_for_dropping",
                "Hãy ghi lý do không thực hiện nhiệm vụ.",
                "Give the reason the task was dropped.",
            ));
        }
        v.max_text("status_reason", &self.status_reason, MAX_TEXT);
        v.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn task() -> TaskDraft {
        TaskDraft {
            section: "III.2".into(),
            title: "Tập huấn kỹ năng hỗ trợ nạn nhân".into(),
            lead_agency_id: AgencyId(1),
            cooperating_agency_ids: vec![AgencyId(2)],
            starts_on: day(2026, 3, 1),
            ends_on: day(2026, 6, 30),
            status: TaskStatus::InProgress,
            status_reason: String::new(),
        }
    }

    #[test]
    fn a_task_past_its_end_is_late_until_done_or_dropped() {
        let t = task();
        assert_eq!(t.standing(day(2026, 6, 30)), TaskStanding::InProgress);
        assert_eq!(t.standing(day(2026, 7, 1)), TaskStanding::Late);
        let done = TaskDraft {
            status: TaskStatus::Done,
            ..task()
        };
        assert_eq!(done.standing(day(2027, 1, 1)), TaskStanding::Done);
        assert!(TaskStanding::Late < TaskStanding::Done, "late ones first");
    }

    #[test]
    fn dropping_needs_a_reason_and_dates_run_forward() {
        let mut t = task();
        t.status = TaskStatus::Dropped;
        t.ends_on = day(2026, 1, 1);
        t.cooperating_agency_ids.push(AgencyId(1));
        let rules: Vec<(String, &str)> = t
            .check()
            .err()
            .map(|v| v.0.into_iter().map(|x| (x.field, x.rule)).collect())
            .unwrap_or_default();
        assert_eq!(
            rules,
            vec![
                ("cooperating_agency_ids".into(), "not_the_lead"),
                ("ends_on".into(), "not_before_start"),
                ("status_reason".into(), "reason_for_dropping"),
            ]
        );
        assert!(task().check().is_ok());
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::from_code(s.code()), Some(s));
        }
    }
}
