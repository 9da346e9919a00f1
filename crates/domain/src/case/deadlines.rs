//! Legal and agreed time limits as rules in configuration, each default with
//! its source, and the due items they give a case.

use super::aggregate::Case;
use super::calendar::WorkingCalendar;
use super::status::{Identification, Phase};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlineRules {
    /// Law 53/2024 Art. 27: the commune brings a self-reported person to the
    /// social-affairs office at once (0 days).
    pub forward_self_report_days: u32,
    /// Law 53/2024 Art. 27: the social-affairs office verifies initial information with the police within 3 days.
    pub verify_initial_information_days: u32,
    /// Decree 09/2013/NĐ-CP Art. 19: meals during a shelter stay are paid for at most 60 days.
    pub shelter_meals_max_days: u32,
    /// Decree 09/2013/NĐ-CP: the initial hardship allowance is applied for within 12 months of certification.
    pub hardship_allowance_apply_months: u32,
    /// Decree 09/2013/NĐ-CP: the commune forwards the application within 3 working days.
    pub hardship_allowance_forward_working_days: u32,
    /// Haven's default, set per province: days a receiving agency has to answer a referral.
    pub referral_answer_days: u32,
    /// Plans' practice: follow-up visits after the return home, in months.
    pub follow_up_months: Vec<u32>,
    /// What counts as a working day for the limits above given in working days.
    pub calendar: WorkingCalendar,
}

impl Default for DeadlineRules {
    fn default() -> Self {
        Self {
            forward_self_report_days: 0,
            verify_initial_information_days: 3,
            shelter_meals_max_days: 60,
            hardship_allowance_apply_months: 12,
            referral_answer_days: 5,
            follow_up_months: vec![1, 3, 6, 12],
            hardship_allowance_forward_working_days: 3,
            calendar: WorkingCalendar::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DueKind {
    ForwardSelfReport,
    VerifyInitialInformation,
    ShelterMealsLimit { facility_id: i64 },
    HardshipAllowanceApplication,
    ForwardHardshipApplication,
    AnswerReferral { referral_no: u32, to_agency_id: i64 },
    FollowUp { month: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueItem {
    #[serde(flatten)]
    pub kind: DueKind,
    pub due_on: NaiveDate,
    pub done: bool,
    pub overdue: bool,
}

impl DeadlineRules {
    /// The earliest day an item of the case falls due that is not done; none
    /// once the case is closed. The case is overdue on every day after it, so
    /// the store keeps it as a column and "overdue" is a range of an index.
    pub fn next_due_on(&self, case: &Case) -> Option<NaiveDate> {
        if case.phase == Phase::Closed {
            return None;
        }
        self.due_items(case, case.received_on)
            .into_iter()
            .filter(|item| !item.done)
            .map(|item| item.due_on)
            .min()
    }

    /// Every due item of the case, done or not, and whether it is overdue on `today`.
    pub fn due_items(&self, case: &Case, today: NaiveDate) -> Vec<DueItem> {
        let mut items = Vec::new();
        let mut push = |kind: DueKind, due_on: NaiveDate, done: bool| {
            // Due before the case's list was imported: done or missed
            // outside Haven (a return the list records three years ago owes
            // no follow-up now; one it records last month still does).
            if case.imported_on.is_some_and(|imported| due_on <= imported) {
                return;
            }
            let overdue = !done && today > due_on && case.phase != Phase::Closed;
            items.push(DueItem {
                kind,
                due_on,
                done,
                overdue,
            });
        };
        let received = case.received_on;
        // A case from a list was received before Haven knew of it: what was
        // due from its reception was done, or missed, outside Haven.
        if case.channel == "self_report" && !case.from_list {
            let forwarded = !case.referrals.is_empty();
            push(
                DueKind::ForwardSelfReport,
                add_days(received, self.forward_self_report_days),
                forwarded,
            );
        }
        let verified = !case.verification_requests.is_empty() || !case.identification.is_pending();
        if !case.from_list {
            push(
                DueKind::VerifyInitialInformation,
                add_days(received, self.verify_initial_information_days),
                verified,
            );
        }
        if let Some(stay) = &case.stay {
            push(
                DueKind::ShelterMealsLimit {
                    facility_id: stay.facility_id,
                },
                add_days(stay.admitted_on, self.shelter_meals_max_days),
                false,
            );
        }
        if case.identification == Identification::Victim && !case.foreign_national {
            if let Some(decided) = case.decided_on {
                let applied = case.hardship_application.is_some()
                    || case
                        .services
                        .iter()
                        .any(|s| s.service_type == "initial_hardship_allowance");
                push(
                    DueKind::HardshipAllowanceApplication,
                    add_months(decided, self.hardship_allowance_apply_months),
                    applied,
                );
            }
        }
        if let Some(application) = &case.hardship_application {
            push(
                DueKind::ForwardHardshipApplication,
                self.calendar.add_working_days(
                    application.applied_on,
                    self.hardship_allowance_forward_working_days,
                ),
                application.forwarded_on.is_some(),
            );
        }
        for (no, referral) in case.referrals.iter().enumerate() {
            push(
                DueKind::AnswerReferral {
                    referral_no: no as u32 + 1,
                    to_agency_id: referral.to_agency_id,
                },
                self.calendar
                    .add_working_days(referral.sent_on, self.referral_answer_days),
                referral.answered_on.is_some(),
            );
        }
        if let Some(returned) = case.returned_on {
            for (k, month) in self.follow_up_months.iter().enumerate() {
                push(
                    DueKind::FollowUp { month: *month },
                    add_months(returned, *month),
                    case.follow_ups.len() > k,
                );
            }
        }
        items
    }
}

fn add_days(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_days(Days::new(n.into()))
        .unwrap_or(NaiveDate::MAX)
}

fn add_months(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}
