//! An inter-agency working group (tổ công tác liên ngành, e.g. on the
//! reception and support of victims): the decision that established it,
//! its members with their agency and role in the group, its remit. Its
//! meetings are activities naming it; the follow-ups decided there become
//! actions with an owner and a due date (see `action`).

use super::{MAX_ITEMS, MAX_TEXT, MAX_TITLE};
use crate::ids::AgencyId;
use crate::validation::{Violation, Violations};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkingGroupDraft {
    pub name: String,
    /// The establishing decision: "Quyết định 1520/QĐ-UBND".
    pub decision_number: String,
    pub decision_date: NaiveDate,
    /// What the group is for.
    #[serde(default)]
    pub remit: String,
    #[serde(default)]
    pub members: Vec<Member>,
}

/// A member: a named person (a post may do) of an agency, with their role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub name: String,
    pub agency_id: AgencyId,
    pub role: MemberRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MemberRole {
    Head,
    DeputyHead,
    Secretary,
    Member,
}

impl MemberRole {
    pub const ALL: [MemberRole; 4] = [
        MemberRole::Head,
        MemberRole::DeputyHead,
        MemberRole::Secretary,
        MemberRole::Member,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MemberRole::Head => "head",
            MemberRole::DeputyHead => "deputy_head",
            MemberRole::Secretary => "secretary",
            MemberRole::Member => "member",
        }
    }

    pub fn from_code(code: &str) -> Option<MemberRole> {
        MemberRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl WorkingGroupDraft {
    /// Every rule the group breaks by itself, on `today`; the store checks
    /// that the members' agencies exist.
    pub fn check(&self, today: NaiveDate) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.require_text("name", &self.name, MAX_TITLE);
        v.require_text("decision_number", &self.decision_number, MAX_TITLE);
        if self.decision_date > today {
            v.push(Violation::new(
                "decision_date",
                "not_in_future",
                "Ngày quyết định không thể ở tương lai.",
                "The decision cannot be dated in the future.",
            ));
        }
        v.max_text("remit", &self.remit, MAX_TEXT);
        v.max_items("members", self.members.len(), MAX_ITEMS);
        for (i, m) in self.members.iter().enumerate() {
            v.require_text(&format!("members_{i}.name"), &m.name, MAX_TITLE);
        }
        let heads = self
            .members
            .iter()
            .filter(|m| m.role == MemberRole::Head)
            .count();
        if heads > 1 {
            v.push(Violation::new(
                "members",
                "one_head",
                "Tổ công tác chỉ có một tổ trưởng.",
                "A working group has one head.",
            ));
        }
        v.into_result()
    }
}
