//! What each indicator counts in one case for one period: its
//! contributions (usually 1 each; đồng or nights for some), with the
//! event's own categories (the service's type and funding, the protection
//! measure, the proceedings stage) for the breakdowns that need them.

use crate::dimension::Dimension;
use crate::facts::CaseFacts;
use crate::period::Period;
use chrono::{Months, NaiveDate};
use haven_domain::case::command::Outcome;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Received,
    TraffickedWithinCountry,
    VerificationStarted,
    VerificationCompleted,
    Identified,
    SupportedBeforeIdentification,
    PersonsSupported,
    Services,
    SupportAmountVnd,
    ShelterAdmissions,
    ShelterNights,
    ProtectionMeasures,
    ReferralsSent,
    ReferralsAccepted,
    ReferralsDeclined,
    ReturnsHome,
    FollowUpsDone,
    FollowUpsOverdue,
    CasesClosed,
    Proceedings,
}

/// One thing counted: how much, and the event's categories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub value: i64,
    pub events: Vec<(Dimension, String)>,
}

impl Contribution {
    fn one() -> Contribution {
        Contribution {
            value: 1,
            events: Vec::new(),
        }
    }
}

/// The period counted, the day the report is made (open stays and overdue
/// follow-ups are counted up to it) and the follow-up schedule in force.
#[derive(Debug, Clone)]
pub struct Window {
    pub period: Period,
    pub as_of: NaiveDate,
    /// Months after the return at which follow-ups are due (the deadline rules').
    pub follow_up_months: Vec<u32>,
}

/// A follow-up that fell due in the window: when, and whether it was made by then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueFollowUp {
    pub due_on: NaiveDate,
    pub on_time: bool,
}

impl Window {
    /// Follow-ups due in the period and by the report day, not of a case closed before them.
    pub fn due_follow_ups(&self, facts: &CaseFacts) -> Vec<DueFollowUp> {
        let Some(returned) = facts.returned_on else {
            return Vec::new();
        };
        let mut visits = facts.follow_ups.clone();
        visits.sort();
        self.follow_up_months
            .iter()
            .enumerate()
            .filter_map(|(k, months)| {
                let due_on = returned.checked_add_months(Months::new(*months))?;
                let counted = self.period.contains(due_on)
                    && due_on < self.as_of
                    && facts.closed_on.is_none_or(|closed| closed > due_on);
                counted.then(|| DueFollowUp {
                    due_on,
                    on_time: visits.get(k).is_some_and(|visit| *visit <= due_on),
                })
            })
            .collect()
    }
}

impl Measure {
    pub const ALL: [Measure; 20] = [
        Measure::Received,
        Measure::TraffickedWithinCountry,
        Measure::VerificationStarted,
        Measure::VerificationCompleted,
        Measure::Identified,
        Measure::SupportedBeforeIdentification,
        Measure::PersonsSupported,
        Measure::Services,
        Measure::SupportAmountVnd,
        Measure::ShelterAdmissions,
        Measure::ShelterNights,
        Measure::ProtectionMeasures,
        Measure::ReferralsSent,
        Measure::ReferralsAccepted,
        Measure::ReferralsDeclined,
        Measure::ReturnsHome,
        Measure::FollowUpsDone,
        Measure::FollowUpsOverdue,
        Measure::CasesClosed,
        Measure::Proceedings,
    ];

    pub fn is_amount(self) -> bool {
        self == Measure::SupportAmountVnd
    }

    /// Whether the measure's contributions carry this event category.
    pub fn has_event(self, dimension: Dimension) -> bool {
        matches!(
            (self, dimension),
            (Measure::Services, Dimension::ServiceType)
                | (Measure::SupportAmountVnd, Dimension::ServiceType)
                | (Measure::SupportAmountVnd, Dimension::FundingSource)
                | (Measure::ProtectionMeasures, Dimension::ProtectionMeasure)
                | (Measure::Proceedings, Dimension::ProceedingsStage)
        )
    }

    pub fn contributions(self, facts: &CaseFacts, window: &Window) -> Vec<Contribution> {
        let period = &window.period;
        let within = |day: NaiveDate| period.contains(day);
        let once = |counted: bool| {
            if counted {
                vec![Contribution::one()]
            } else {
                Vec::new()
            }
        };
        match self {
            Measure::Received => once(within(facts.received_on)),
            Measure::TraffickedWithinCountry => once(
                within(facts.received_on) && facts.destination_country.as_deref() == Some("VN"),
            ),
            Measure::VerificationStarted => once(facts.verification_started_on.is_some_and(within)),
            Measure::VerificationCompleted => once(matches!(
                facts.identification,
                Some((Outcome::Victim | Outcome::NotVictim, on)) if within(on)
            )),
            Measure::Identified => once(facts.identified_on().is_some_and(within)),
            Measure::SupportedBeforeIdentification => {
                let identified = facts.identified_on();
                once(facts.services.iter().any(|s| {
                    within(s.delivered_on) && identified.is_none_or(|on| s.delivered_on < on)
                }))
            }
            Measure::PersonsSupported => {
                once(facts.services.iter().any(|s| within(s.delivered_on)))
            }
            Measure::Services | Measure::SupportAmountVnd => facts
                .services
                .iter()
                .filter(|s| within(s.delivered_on))
                .map(|s| Contribution {
                    value: if self.is_amount() { s.amount_vnd } else { 1 },
                    events: vec![
                        (Dimension::ServiceType, s.service_type.clone()),
                        (
                            Dimension::FundingSource,
                            // A code of the funding sources; text typed before they
                            // were a list counts as "other", never as a category of its own.
                            match s.funding_source.as_deref().map(str::trim) {
                                None | Some("") => "unspecified".into(),
                                Some(code) if is_code(code) => code.to_owned(),
                                Some(_) => "other".into(),
                            },
                        ),
                    ],
                })
                .collect(),
            Measure::ShelterAdmissions => facts
                .stays
                .iter()
                .filter(|s| within(s.admitted_on))
                .map(|_| Contribution::one())
                .collect(),
            Measure::ShelterNights => {
                let nights: i64 = facts
                    .stays
                    .iter()
                    .map(|stay| {
                        let start = stay.admitted_on.max(period.from());
                        let end = stay
                            .discharged_on
                            .unwrap_or(window.as_of)
                            .min(period.to().succ_opt().unwrap_or(period.to()));
                        (end - start).num_days().max(0)
                    })
                    .fold(0, i64::saturating_add);
                if nights > 0 {
                    vec![Contribution {
                        value: nights,
                        events: Vec::new(),
                    }]
                } else {
                    Vec::new()
                }
            }
            Measure::ProtectionMeasures => facts
                .protections
                .iter()
                .filter(|(_, from)| within(*from))
                .map(|(measure, _)| Contribution {
                    value: 1,
                    events: vec![(Dimension::ProtectionMeasure, measure.clone())],
                })
                .collect(),
            Measure::ReferralsSent => facts
                .referrals
                .iter()
                .filter(|r| within(r.sent_on))
                .map(|_| Contribution::one())
                .collect(),
            Measure::ReferralsAccepted | Measure::ReferralsDeclined => {
                let wanted = self == Measure::ReferralsAccepted;
                facts
                    .referrals
                    .iter()
                    .filter(|r| matches!(r.answer, Some((accepted, on)) if accepted == wanted && within(on)))
                    .map(|_| Contribution::one())
                    .collect()
            }
            Measure::ReturnsHome => once(facts.returned_on.is_some_and(within)),
            Measure::FollowUpsDone => facts
                .follow_ups
                .iter()
                .filter(|on| within(**on))
                .map(|_| Contribution::one())
                .collect(),
            Measure::FollowUpsOverdue => window
                .due_follow_ups(facts)
                .into_iter()
                .filter(|due| !due.on_time)
                .map(|_| Contribution::one())
                .collect(),
            Measure::CasesClosed => once(facts.closed_on.is_some_and(within)),
            Measure::Proceedings => facts
                .proceedings
                .iter()
                .filter(|(_, on)| within(*on))
                .map(|(stage, _)| Contribution {
                    value: 1,
                    events: vec![(Dimension::ProceedingsStage, stage_code(*stage).into())],
                })
                .collect(),
        }
    }
}

pub fn stage_code(stage: haven_domain::case::command::ProceedingsStage) -> &'static str {
    use haven_domain::case::command::ProceedingsStage::*;
    match stage {
        Prosecution => "prosecution",
        Investigation => "investigation",
        Indictment => "indictment",
        Trial => "trial",
        Enforcement => "enforcement",
    }
}

/// Whether a stored category value is a code (lowercase letters, digits and
/// underscores, short), not text typed into a record.
fn is_code(value: &str) -> bool {
    value.len() <= 64
        && !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
