//! Who is entitled to which support, by status: Law on Prevention and Combat
//! of Human Trafficking 2024 (No. 53/2024/QH15), Art. 37. Kept as a rule
//! table that configuration may replace, not as code.

use super::aggregate::Case;
use super::status::Identification;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Art. 37 support clauses: (a) essential needs, (b) medical, (c) interpretation,
/// (d) legal support, (đ) legal aid, (e) travel costs, (g) psychological,
/// (h) general education, (i) vocational training and jobs, (k) initial
/// hardship allowance and loans.
pub const ALL_CLAUSES: [&str; 10] = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EntitlementStatus {
    VietnameseVictim,
    AccompanyingChild,
    BeingIdentifiedAbroad,
    BeingIdentifiedInVietnam,
    ForeignVictim,
    NotVictim,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntitlementRules {
    pub clauses: BTreeMap<EntitlementStatus, Vec<String>>,
    /// Where the rule comes from, shown next to it.
    pub source: String,
}

impl Default for EntitlementRules {
    fn default() -> Self {
        let clauses = |list: &[&str]| list.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let mut table = BTreeMap::new();
        table.insert(EntitlementStatus::VietnameseVictim, clauses(&ALL_CLAUSES));
        table.insert(
            EntitlementStatus::AccompanyingChild,
            clauses(&["a", "b", "c", "d", "đ", "e", "g", "h"]),
        );
        table.insert(
            EntitlementStatus::BeingIdentifiedAbroad,
            clauses(&["a", "b", "c", "d"]),
        );
        table.insert(
            EntitlementStatus::BeingIdentifiedInVietnam,
            clauses(&["a", "b", "c", "d", "đ", "e", "g"]),
        );
        table.insert(
            EntitlementStatus::ForeignVictim,
            clauses(&["a", "b", "c", "d", "đ", "g"]),
        );
        table.insert(EntitlementStatus::NotVictim, vec![]);
        Self {
            clauses: table,
            source: "Luật Phòng, chống mua bán người 2024 (53/2024/QH15), Điều 37".into(),
        }
    }
}

impl EntitlementRules {
    pub fn status_of(case: &Case) -> EntitlementStatus {
        if case.accompanying_child {
            return EntitlementStatus::AccompanyingChild;
        }
        match case.identification {
            Identification::Victim if case.foreign_national => EntitlementStatus::ForeignVictim,
            Identification::Victim => EntitlementStatus::VietnameseVictim,
            Identification::NotVictim => EntitlementStatus::NotVictim,
            _ if case.located_abroad => EntitlementStatus::BeingIdentifiedAbroad,
            Identification::NotStarted
            | Identification::UnderVerification
            | Identification::Unresolved => EntitlementStatus::BeingIdentifiedInVietnam,
        }
    }

    /// The clauses the case's person is entitled to now.
    pub fn clauses_for(&self, case: &Case) -> &[String] {
        self.clauses
            .get(&Self::status_of(case))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn covers(&self, case: &Case, clause: &str) -> bool {
        self.clauses_for(case).iter().any(|c| c == clause)
    }
}
