//! The submission workflow of a unit's report for a period, as DHIS2 runs
//! it for data sets: the unit drafts its report (figures computed now,
//! narrative: results, limitations, difficulties and proposals), submits it — the figures are
//! then frozen as a snapshot —, and the level above approves it or returns
//! it with a comment; a returned report is drafted and submitted again.
//! Also what the level above sees: completeness and timeliness of the
//! units below. Pure: states and rules in, decisions out.

use crate::compute::Report;
use chrono::NaiveDate;
use haven_domain::{Violation, Violations};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    Returned,
    Approved,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Approved => "approved",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        [
            Status::Draft,
            Status::Submitted,
            Status::Returned,
            Status::Approved,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Sent up and not sent back: counts towards completeness.
    pub fn is_in(self) -> bool {
        matches!(self, Status::Submitted | Status::Approved)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Draft or redraft: figures computed now, narrative saved.
    Draft,
    Submit,
    Approve,
    Return,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Draft => "draft",
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Return => "return",
        }
    }

    /// Taken by the unit itself (drafting, submitting) or by the level above.
    pub fn by_reviewer(self) -> bool {
        matches!(self, Action::Approve | Action::Return)
    }
}

pub use crate::narrative::Narrative;

const MAX_TEXT: usize = 20_000;

/// The status `action` leads to from `current` (`None`: not drafted yet),
/// or why the workflow does not allow it, whatever was written with it.
pub fn next_status(current: Option<Status>, action: Action) -> Result<Status, Violations> {
    let refuse = |vi: &str, en: &str| {
        Err(Violations(vec![Violation::new(
            "status",
            "workflow",
            vi.to_owned(),
            en.to_owned(),
        )]))
    };
    match (current, action) {
        (None | Some(Status::Draft | Status::Returned), Action::Draft) => Ok(Status::Draft),
        (None | Some(Status::Draft | Status::Returned), Action::Submit) => Ok(Status::Submitted),
        (Some(Status::Submitted), Action::Approve) => Ok(Status::Approved),
        (Some(Status::Submitted), Action::Return) => Ok(Status::Returned),
        (Some(Status::Submitted | Status::Approved), Action::Draft | Action::Submit) => refuse(
            "Báo cáo đã gửi; chỉ sửa được khi cấp trên trả lại.",
            "The report has been submitted; it can be changed only once the level above returns it.",
        ),
        (_, Action::Approve | Action::Return) => refuse(
            "Chỉ duyệt hoặc trả lại được báo cáo đã gửi.",
            "Only a submitted report can be approved or returned.",
        ),
    }
}

/// The status after `action` on a report now in `current`, or why it may
/// not be taken: the workflow's rule, then what must be written with the
/// step (`narrative` and `comment` as the caller sent them).
pub fn transition(
    current: Option<Status>,
    action: Action,
    narrative: &Narrative,
    comment: &str,
) -> Result<Status, Violations> {
    let next = next_status(current, action)?;
    let mut problems = narrative
        .check(action == Action::Submit)
        .err()
        .map(|v| v.0)
        .unwrap_or_default();
    let mut said = Violations::default();
    said.max_text("comment", comment, MAX_TEXT);
    problems.extend(said.0);
    if action == Action::Return && comment.trim().is_empty() {
        problems.push(Violation::new(
            "comment",
            "required_to_return",
            "Cần ghi lý do trả lại báo cáo.",
            "Say why the report is returned.",
        ));
    }
    if problems.is_empty() {
        Ok(next)
    } else {
        Err(Violations(problems))
    }
}

/// A digest of the figures of a report (indicators and targets, not the
/// day it was computed): equal digests, equal figures.
pub fn fingerprint(report: &Report) -> String {
    let figures = serde_json::json!({
        "indicators": report.indicators,
        "targets": report.targets,
    });
    hex::encode(Sha256::digest(figures.to_string().as_bytes()))
}

/// Whether a report came in on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    OnTime,
    Late,
    /// Not in, and the due date has passed.
    Overdue,
    /// Not in, not due yet.
    Pending,
    /// An ad hoc period: no due date.
    Unscheduled,
}

impl Timeliness {
    /// `first_submitted_on`: the day the report first went up (a returned
    /// and resubmitted report keeps its first day, as DHIS2 does).
    pub fn of(
        due_on: Option<NaiveDate>,
        first_submitted_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Timeliness {
        match (due_on, first_submitted_on) {
            (None, _) => Timeliness::Unscheduled,
            (Some(due), Some(sent)) if sent <= due => Timeliness::OnTime,
            (Some(_), Some(_)) => Timeliness::Late,
            (Some(due), None) if today > due => Timeliness::Overdue,
            (Some(_), None) => Timeliness::Pending,
        }
    }
}

/// Of the units expected to report: how many are in, approved, and in on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Completeness {
    pub expected: usize,
    pub submitted: usize,
    pub approved: usize,
    pub on_time: usize,
}

impl Completeness {
    pub fn of(units: impl IntoIterator<Item = (Option<Status>, Timeliness)>) -> Completeness {
        let mut c = Completeness::default();
        for (status, timeliness) in units {
            c.expected += 1;
            if status.is_some_and(Status::is_in) {
                c.submitted += 1;
            }
            if status == Some(Status::Approved) {
                c.approved += 1;
            }
            if timeliness == Timeliness::OnTime {
                c.on_time += 1;
            }
        }
        c
    }

    pub fn percent(part: usize, whole: usize) -> Option<f64> {
        (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrative() -> Narrative {
        Narrative {
            results: "Tiếp nhận đủ".into(),
            limitations: "Không có".into(),
            difficulties: "Thiếu cán bộ".into(),
            proposals: "Tăng kinh phí".into(),
        }
    }

    #[test]
    fn drafted_submitted_returned_resubmitted_approved() {
        let n = narrative();
        let draft = transition(None, Action::Draft, &Narrative::default(), "").unwrap();
        assert_eq!(draft, Status::Draft);
        let submitted = transition(Some(draft), Action::Submit, &n, "").unwrap();
        assert_eq!(submitted, Status::Submitted);
        assert!(transition(Some(submitted), Action::Draft, &n, "").is_err());
        let returned = transition(Some(submitted), Action::Return, &n, "Thiếu số liệu").unwrap();
        assert_eq!(returned, Status::Returned);
        let again = transition(Some(returned), Action::Submit, &n, "").unwrap();
        let approved = transition(Some(again), Action::Approve, &n, "").unwrap();
        assert_eq!(approved, Status::Approved);
        for action in [
            Action::Draft,
            Action::Submit,
            Action::Approve,
            Action::Return,
        ] {
            assert!(
                transition(Some(approved), action, &n, "x").is_err(),
                "{action:?}"
            );
        }
    }

    #[test]
    fn submitting_needs_the_narrative_and_returning_a_reason() {
        let empty = Narrative {
            results: "Tiếp nhận đủ".into(),
            limitations: "Không có".into(),
            difficulties: " ".into(),
            proposals: String::new(),
        };
        let refused = transition(Some(Status::Draft), Action::Submit, &empty, "").unwrap_err();
        let fields: Vec<_> = refused.0.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["difficulties", "proposals"]);
        let refused = transition(Some(Status::Submitted), Action::Return, &empty, " ").unwrap_err();
        assert_eq!(refused.0[0].field, "comment");
        assert!(transition(Some(Status::Draft), Action::Approve, &empty, "").is_err());
        assert!(transition(None, Action::Return, &empty, "why").is_err());
    }

    #[test]
    fn timeliness_counts_the_first_submission_against_the_due_day() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let due = Some(d(6, 15));
        assert_eq!(
            Timeliness::of(due, Some(d(6, 15)), d(7, 1)),
            Timeliness::OnTime
        );
        assert_eq!(
            Timeliness::of(due, Some(d(6, 16)), d(7, 1)),
            Timeliness::Late
        );
        assert_eq!(Timeliness::of(due, None, d(6, 16)), Timeliness::Overdue);
        assert_eq!(Timeliness::of(due, None, d(6, 15)), Timeliness::Pending);
        assert_eq!(
            Timeliness::of(None, None, d(6, 15)),
            Timeliness::Unscheduled
        );
        let c = Completeness::of([
            (Some(Status::Approved), Timeliness::OnTime),
            (Some(Status::Submitted), Timeliness::Late),
            (Some(Status::Returned), Timeliness::OnTime),
            (None, Timeliness::Overdue),
        ]);
        assert_eq!(
            (c.expected, c.submitted, c.approved, c.on_time),
            (4, 2, 1, 2)
        );
        assert_eq!(Completeness::percent(c.submitted, c.expected), Some(50.0));
    }
}
