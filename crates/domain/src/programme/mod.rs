//! The programme half of the seeds: plans with their targets and tasks, and
//! the activities agencies hold to carry them out (communication, training,
//! meetings), and the budget that pays for them. Pure: what a plan, a target, a task or an activity must be,
//! checked field by field; the store checks what refers to other records
//! (agencies, places, code lists, the parent plan).

pub mod action;
pub mod activity;
pub mod budget;
pub mod company;
pub mod inspection;
pub mod plan;
pub mod target;
pub mod task;
pub mod working_group;
mod years;

pub use action::{ActionDraft, FollowUp};
pub use activity::{
    ActivityDetails, ActivityDraft, ActivityKind, AreaFlag, Communication, Meeting, MeetingKind,
    Reached, TraineeGroup, Training, TrainingLevel,
};
pub use budget::{BudgetEntryDraft, BudgetKind, BudgetLineDraft, EntryKind};
pub use company::{CompanyDraft, LicenceStatus};
pub use inspection::{InspectedBody, Inspection, Sanction};
pub use plan::PlanDraft;
pub use target::{ActivityMeasure, Direction, TargetDraft, TargetSource, TargetUnit, YearValue};
pub use task::{TaskDraft, TaskStanding, TaskStatus};
pub use working_group::{Member, MemberRole, WorkingGroupDraft};
pub use years::PlanYears;

/// The longest title or definition a programme record takes.
pub const MAX_TITLE: usize = 500;
/// The longest free text (findings, decisions, a reason).
pub const MAX_TEXT: usize = 10_000;
/// The most items in one list of a record (languages, groups, agencies).
pub const MAX_ITEMS: usize = 100;
