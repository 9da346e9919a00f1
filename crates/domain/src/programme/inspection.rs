//! An inspection (kiểm tra, thanh tra) as an activity: of a labour-export
//! company of the register or of a support facility, by a team of agencies;
//! what was found, the violations (codes of `inspection_violation`), the
//! sanctions (kind from `sanction_kind`, the fine in đồng, the decision)
//! and the follow-up with its due date.

use super::budget::MAX_AMOUNT_VND;
use super::{MAX_ITEMS, MAX_TEXT, MAX_TITLE};
use crate::ids::{AgencyId, CompanyId};
use crate::validation::{Violation, Violations};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The sanction kind that needs an amount.
pub const FINE: &str = "fine";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inspection {
    pub subject: InspectedBody,
    /// The agencies of the inspecting team besides the recording one.
    #[serde(default)]
    pub team_agency_ids: Vec<AgencyId>,
    #[serde(default)]
    pub findings: String,
    #[serde(default)]
    pub violations: Vec<String>,
    #[serde(default)]
    pub sanctions: Vec<Sanction>,
    /// What the inspected body must do next.
    #[serde(default)]
    pub follow_up: String,
    #[serde(default)]
    pub follow_up_due: Option<NaiveDate>,
}

/// What was inspected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum InspectedBody {
    Company { company_id: CompanyId },
    Facility { facility_id: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sanction {
    /// A code of the `sanction_kind` list.
    pub sanction_kind: String,
    /// The fine, in đồng: required for a fine.
    #[serde(default)]
    pub amount_vnd: Option<i64>,
    /// The sanctioning decision: "Quyết định 45/QĐ-XPVPHC".
    pub decision_number: String,
}

impl Inspection {
    pub fn company(&self) -> Option<CompanyId> {
        match self.subject {
            InspectedBody::Company { company_id } => Some(company_id),
            InspectedBody::Facility { .. } => None,
        }
    }

    /// What the sanctions do to an inspected company's licence: revoked
    /// outranks suspended; other sanctions leave it as it is.
    pub fn licence_status_imposed(&self) -> Option<super::company::LicenceStatus> {
        use super::company::LicenceStatus;
        let imposed = |code: &str| self.sanctions.iter().any(|s| s.sanction_kind == code);
        if imposed("licence_revoked") {
            Some(LicenceStatus::Revoked)
        } else if imposed("licence_suspended") {
            Some(LicenceStatus::Suspended)
        } else {
            None
        }
    }

    /// The fines imposed, in đồng.
    pub fn fines_vnd(&self) -> i64 {
        self.sanctions
            .iter()
            .filter_map(|s| s.amount_vnd)
            .fold(0i64, i64::saturating_add)
    }

    pub(super) fn check(&self, held_on: NaiveDate, v: &mut Violations) {
        v.max_items("team_agency_ids", self.team_agency_ids.len(), MAX_ITEMS);
        v.max_text("findings", &self.findings, MAX_TEXT);
        v.max_items("violations", self.violations.len(), MAX_ITEMS);
        v.max_items("sanctions", self.sanctions.len(), MAX_ITEMS);
        let mut distinct = self.violations.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() != self.violations.len() {
            v.push(Violation::new(
                "violations",
                "distinct",
                "Mỗi hành vi vi phạm chỉ ghi một lần.",
                "Each violation is listed once.",
            ));
        }
        let mut team = self.team_agency_ids.clone();
        team.sort();
        team.dedup();
        if team.len() != self.team_agency_ids.len() {
            v.push(Violation::new(
                "team_agency_ids",
                "distinct",
                "Mỗi cơ quan trong đoàn chỉ ghi một lần.",
                "Each agency of the team is listed once.",
            ));
        }
        if !self.sanctions.is_empty() && self.violations.is_empty() {
            v.push(Violation::new(
                "violations",
                "violation_for_sanction",
                "Có hình thức xử lý thì phải ghi hành vi vi phạm.",
                "A sanction needs the violation it punishes.",
            ));
        }
        for (i, sanction) in self.sanctions.iter().enumerate() {
            if sanction.sanction_kind.trim().is_empty() {
                v.push(Violation::required(&format!("sanctions_{i}.sanction_kind")));
            }
            match sanction.amount_vnd {
                None if sanction.sanction_kind == FINE => v.push(Violation::new(
                    format!("sanctions_{i}.amount_vnd"),
                    "fine_amount",
                    "Hãy ghi số tiền phạt.",
                    "Give the amount of the fine.",
                )),
                Some(_) if sanction.sanction_kind != FINE => v.push(Violation::new(
                    format!("sanctions_{i}.amount_vnd"),
                    "amount_only_for_fine",
                    "Chỉ hình thức phạt tiền mới ghi số tiền.",
                    "Only a fine takes an amount.",
                )),
                Some(amount) if amount <= 0 || amount > MAX_AMOUNT_VND => v.push(Violation::new(
                    format!("sanctions_{i}.amount_vnd"),
                    "positive",
                    "Số tiền phải lớn hơn 0 đồng và trong mức hệ thống nhận.",
                    "The amount must be more than 0 đồng and within what the system takes.",
                )),
                None | Some(_) => {}
            }
            v.require_text(
                &format!("sanctions_{i}.decision_number"),
                &sanction.decision_number,
                MAX_TITLE,
            );
        }
        v.max_text("follow_up", &self.follow_up, MAX_TEXT);
        if let Some(due) = self.follow_up_due {
            if self.follow_up.trim().is_empty() {
                v.push(Violation::new(
                    "follow_up",
                    "follow_up_for_due_date",
                    "Có hạn thì hãy ghi việc phải làm.",
                    "Say what is to be done by the due date.",
                ));
            }
            if due < held_on {
                v.push(Violation::new(
                    "follow_up_due",
                    "not_before_start",
                    "Hạn khắc phục không thể trước ngày kiểm tra.",
                    "The due date cannot come before the inspection.",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    fn rules(inspection: &Inspection) -> Vec<(String, &'static str)> {
        let mut v = Violations::default();
        inspection.check(day(5, 1), &mut v);
        v.0.into_iter().map(|x| (x.field, x.rule)).collect()
    }

    #[test]
    fn sanctions_rest_on_violations_fines_have_amounts_and_follow_ups_say_what() {
        let mut inspection = Inspection {
            subject: InspectedBody::Company {
                company_id: CompanyId(1),
            },
            team_agency_ids: vec![],
            findings: String::new(),
            violations: vec![],
            sanctions: vec![
                Sanction {
                    sanction_kind: FINE.into(),
                    amount_vnd: None,
                    decision_number: "45/QĐ".into(),
                },
                Sanction {
                    sanction_kind: "warning".into(),
                    amount_vnd: Some(-5),
                    decision_number: String::new(),
                },
            ],
            follow_up: String::new(),
            follow_up_due: Some(day(4, 1)),
        };
        assert_eq!(
            rules(&inspection),
            vec![
                ("violations".into(), "violation_for_sanction"),
                ("sanctions_0.amount_vnd".into(), "fine_amount"),
                ("sanctions_1.amount_vnd".into(), "amount_only_for_fine"),
                ("sanctions_1.decision_number".into(), "required"),
                ("follow_up".into(), "follow_up_for_due_date"),
                ("follow_up_due".into(), "not_before_start"),
            ]
        );
        inspection.violations = vec!["fees_over_limit".into()];
        inspection.sanctions.truncate(1);
        if let Some(fine) = inspection.sanctions.first_mut() {
            fine.amount_vnd = Some(90_000_000);
        }
        inspection.follow_up = "Hoàn trả tiền thu vượt".into();
        inspection.follow_up_due = Some(day(6, 1));
        assert!(rules(&inspection).is_empty());
        assert_eq!(inspection.fines_vnd(), 90_000_000);
        assert_eq!(inspection.company(), Some(CompanyId(1)));
    }

    #[test]
    fn a_violation_or_an_agency_of_the_team_is_listed_once() {
        let inspection = Inspection {
            subject: InspectedBody::Facility { facility_id: 1 },
            team_agency_ids: vec![AgencyId(4), AgencyId(4)],
            findings: String::new(),
            violations: vec!["other".into(), "other".into()],
            sanctions: vec![],
            follow_up: String::new(),
            follow_up_due: None,
        };
        assert_eq!(
            rules(&inspection),
            vec![
                ("violations".into(), "distinct"),
                ("team_agency_ids".into(), "distinct")
            ]
        );
    }
}
