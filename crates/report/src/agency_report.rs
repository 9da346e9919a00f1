//! A member agency's periodic report (police, justice, border guards, the
//! Women's Union, …) to the social-affairs authority of its level: the
//! figures of its own cases and of the activities it held in the period,
//! and what it writes — results, limitations and their causes, difficulties
//! and proposals. The workflow is the submissions' (`submission`). Pure:
//! facts and activities in, figures out.

use crate::facts::CaseFacts;
use crate::period::Period;
use haven_domain::case::command::Outcome;
use haven_domain::programme::{ActivityDetails, ActivityDraft};
use serde::{Deserialize, Serialize};

/// The figures of one agency for one period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyFigures {
    /// Persons received in cases the agency leads.
    pub cases_received: u64,
    /// Of its cases, persons identified as victims in the period.
    pub victims_identified: u64,
    /// Support services it recorded as delivered in the period.
    pub services_delivered: u64,
    /// Referrals its cases sent in the period.
    pub referrals_sent: u64,
    pub communication_sessions: u64,
    pub persons_reached: u64,
    pub training_courses: u64,
    pub persons_trained: u64,
    pub meetings_held: u64,
    pub inspections_held: u64,
    pub fines_vnd: i64,
}

/// The figures of `agency`'s cases and of the activities it held (given:
/// only the agency's) within `period`.
pub fn agency_figures(
    agency_id: i64,
    facts: &[CaseFacts],
    activities: &[ActivityDraft],
    period: Period,
) -> AgencyFigures {
    let mut f = AgencyFigures::default();
    for case in facts.iter().filter(|c| c.lead_agency_id == agency_id) {
        if period.contains(case.received_on) {
            f.cases_received += 1;
        }
        if let Some((Outcome::Victim, on)) = case.identification {
            if period.contains(on) {
                f.victims_identified += 1;
            }
        }
        f.services_delivered += case
            .services
            .iter()
            .filter(|s| period.contains(s.delivered_on))
            .count() as u64;
        f.referrals_sent += case
            .referrals
            .iter()
            .filter(|r| period.contains(r.sent_on))
            .count() as u64;
    }
    for a in activities.iter().filter(|a| period.contains(a.held_on)) {
        match &a.details {
            ActivityDetails::Communication(c) => {
                f.communication_sessions += 1;
                f.persons_reached += u64::from(c.reached.total);
            }
            ActivityDetails::Training(t) => {
                f.training_courses += 1;
                f.persons_trained += t.trainees();
            }
            ActivityDetails::Meeting(_) => f.meetings_held += 1,
            ActivityDetails::Inspection(i) => {
                f.inspections_held += 1;
                f.fines_vnd = f.fines_vnd.saturating_add(i.fines_vnd());
            }
        }
    }
    f
}

/// The figures as someone outside the agency sees them below national
/// level: counts of persons under the threshold (but not zero) hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtectedFigures {
    pub cases_received: Option<u64>,
    pub victims_identified: Option<u64>,
    pub services_delivered: Option<u64>,
    pub referrals_sent: Option<u64>,
    pub communication_sessions: u64,
    pub persons_reached: u64,
    pub training_courses: u64,
    pub persons_trained: u64,
    pub meetings_held: u64,
    pub inspections_held: u64,
    pub fines_vnd: i64,
}

impl AgencyFigures {
    /// `threshold`: the catalogue's; `None` shows everything (the agency's own view).
    pub fn protected(&self, threshold: Option<u64>) -> ProtectedFigures {
        let AgencyFigures {
            cases_received,
            victims_identified,
            services_delivered,
            referrals_sent,
            communication_sessions,
            persons_reached,
            training_courses,
            persons_trained,
            meetings_held,
            inspections_held,
            fines_vnd,
        } = self.clone();
        let shown = |n: u64| match threshold {
            Some(t) if n > 0 && n < t => None,
            Some(_) | None => Some(n),
        };
        ProtectedFigures {
            cases_received: shown(cases_received),
            victims_identified: shown(victims_identified),
            services_delivered: shown(services_delivered),
            referrals_sent: shown(referrals_sent),
            communication_sessions,
            persons_reached,
            training_courses,
            persons_trained,
            meetings_held,
            inspections_held,
            fines_vnd,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::CaseRecordForStatistics;
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    fn case(agency: i64, received: NaiveDate) -> CaseFacts {
        CaseFacts::from_record(&CaseRecordForStatistics {
            case_id: 1,
            lead_agency_id: agency,
            province: "01".into(),
            place_unit_id: None,
            place_unit_today: None,
            channel: "police".into(),
            received_on: received,
            person: None,
            commands: Vec::new(),
        })
    }

    #[test]
    fn an_agency_counts_its_own_cases_in_the_period_and_small_counts_are_hidden_from_others() {
        let facts = [
            case(1, day(3, 1)),
            case(1, day(4, 1)),
            case(2, day(3, 1)),
            case(1, NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default()),
        ];
        let figures = agency_figures(1, &facts, &[], Period::Year { year: 2026 });
        assert_eq!(figures.cases_received, 2);
        assert_eq!(figures.protected(None).cases_received, Some(2));
        assert_eq!(figures.protected(Some(5)).cases_received, None);
        assert_eq!(
            AgencyFigures::default().protected(Some(5)).cases_received,
            Some(0)
        );
    }
}
