//! A plan's targets against what was done: each target's actual value per
//! year and over the whole plan, computed from the case records (an
//! indicator or target of the catalogue), from the activity records, or
//! taken as entered by hand. Pure: the facts and activities come in.
//!
//! Values computed from cases are protected below national level as the
//! reports protect them: a small count or share is hidden, and a plan's
//! whole-period value is hidden too when a year's is, so the years cannot
//! be subtracted from it.

use crate::catalogue::Catalogue;
use crate::compute::Area;
use crate::facts::CaseFacts;
use crate::measure::Window;
use crate::period::Period;
use crate::targets::Share;
use chrono::{Datelike, NaiveDate};
use haven_domain::programme::{
    ActivityDetails, ActivityDraft, ActivityMeasure, AreaFlag, PlanYears, TargetDraft,
    TargetSource, TargetUnit,
};
use serde::Serialize;

/// A target's value for one year of the plan, or for the whole plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// `None`: the whole plan.
    pub year: Option<i32>,
    pub target: Option<i64>,
    /// `None` while nothing can be counted yet, or when hidden.
    pub actual: Option<f64>,
    /// The counts behind a share computed from records.
    pub share: Option<Share>,
    /// Hidden to protect small numbers of persons.
    pub hidden: bool,
    /// Whether the actual value reaches the target (`None` without both).
    pub reached: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProgress {
    pub years: Vec<Progress>,
    pub whole_period: Progress,
}

/// What progress is computed from.
pub struct Inputs<'a> {
    pub catalogue: &'a Catalogue,
    pub area: &'a Area,
    pub years: PlanYears,
    pub today: NaiveDate,
    pub follow_up_months: &'a [u32],
    /// Every case's facts; those outside the area are left out here.
    pub facts: &'a [CaseFacts],
    /// The activities held in the area during the plan's years.
    pub activities: &'a [ActivityDraft],
}

/// A value before it is compared with its target.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measured {
    actual: Option<f64>,
    share: Option<Share>,
    hidden: bool,
}

impl Measured {
    const NOTHING: Measured = Measured {
        actual: None,
        share: None,
        hidden: false,
    };
}

/// Whether the catalogue can compute a target from the case records: the
/// code of one of its indicators or targets.
pub fn computes(catalogue: &Catalogue, indicator: &str) -> bool {
    catalogue.indicator(indicator).is_some() || target_kind(catalogue, indicator).is_some()
}

/// Whether the code is one of the catalogue's targets, which are shares.
pub fn is_share(catalogue: &Catalogue, code: &str) -> bool {
    target_kind(catalogue, code).is_some()
}

fn target_kind(catalogue: &Catalogue, code: &str) -> Option<crate::targets::TargetKind> {
    catalogue.targets.iter().map(|t| t.code).find(|kind| {
        serde_json::to_value(kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .as_deref()
            == Some(code)
    })
}

pub fn progress(target: &TargetDraft, inputs: &Inputs<'_>) -> TargetProgress {
    let in_area: Vec<CaseFacts> = inputs
        .facts
        .iter()
        .filter(|f| inputs.area.holds(f))
        .cloned()
        .collect();
    let national = *inputs.area == Area::National;
    let threshold = inputs.catalogue.suppression_threshold;
    let current_year = inputs.today.year();
    let measure = |period: Period| -> Measured {
        if period.from() > inputs.today {
            return Measured::NOTHING;
        }
        match &target.source {
            TargetSource::CaseRecords { indicator } => {
                from_cases(inputs, &in_area, indicator, period, national, threshold)
            }
            TargetSource::Activities { measure, of } => {
                let count = count_activities(*measure, inputs.activities, period);
                let actual = match of {
                    Some(of) if *of > 0 => (count as f64 * 1000.0 / *of as f64).round() / 10.0,
                    Some(_) | None => count as f64,
                };
                Measured {
                    actual: Some(actual),
                    share: None,
                    hidden: false,
                }
            }
            TargetSource::Manual { actuals, .. } => {
                // A figure for a year still to come counts for nothing yet.
                let entered: Vec<(i32, i64)> = actuals
                    .iter()
                    .filter(|a| a.year <= current_year)
                    .filter(|a| period.from().year() <= a.year && a.year <= period.to().year())
                    .map(|a| (a.year, a.value))
                    .collect();
                let actual = match (target.unit, entered.iter().max_by_key(|(year, _)| *year)) {
                    (_, None) => None,
                    // A share over the plan is the latest year's; counts add up.
                    (TargetUnit::Percent, Some((_, latest))) => Some(*latest as f64),
                    (TargetUnit::Count | TargetUnit::Vnd, Some(_)) => {
                        Some(entered.iter().map(|(_, v)| *v as f64).sum())
                    }
                };
                Measured {
                    actual,
                    share: None,
                    hidden: false,
                }
            }
        }
    };
    let compare = |year: Option<i32>, goal: Option<i64>, m: Measured| Progress {
        year,
        target: goal,
        reached: match (m.actual, goal) {
            (Some(actual), Some(goal)) => Some(target.direction.reached(actual, goal as f64)),
            (None, _) | (_, None) => None,
        },
        actual: m.actual,
        share: m.share,
        hidden: m.hidden,
    };
    let years: Vec<Progress> = inputs
        .years
        .each()
        .map(|year| {
            let goal = target
                .yearly
                .iter()
                .find(|y| y.year == year)
                .map(|y| y.value);
            let measured = if year > current_year {
                Measured::NOTHING
            } else {
                measure(Period::Year { year })
            };
            compare(Some(year), goal, measured)
        })
        .collect();
    let mut whole = measure(Period::Years {
        first: inputs.years.first,
        last: inputs.years.last,
    });
    if years.iter().any(|y| y.hidden) {
        whole = Measured {
            actual: None,
            share: None,
            hidden: true,
        };
    }
    TargetProgress {
        whole_period: compare(None, target.whole_period, whole),
        years,
    }
}

fn from_cases(
    inputs: &Inputs<'_>,
    facts: &[CaseFacts],
    code: &str,
    period: Period,
    national: bool,
    threshold: u64,
) -> Measured {
    let window = Window {
        period,
        as_of: inputs.today,
        follow_up_months: inputs.follow_up_months.to_vec(),
    };
    let small = |n: u64| !national && n > 0 && n < threshold;
    if let Some(kind) = target_kind(inputs.catalogue, code) {
        let share = kind.share(facts, &window);
        let hidden = small(share.denominator)
            || small(share.numerator)
            || small(share.denominator - share.numerator);
        return if hidden {
            Measured {
                actual: None,
                share: None,
                hidden: true,
            }
        } else {
            Measured {
                actual: share.percent(),
                share: Some(share),
                hidden: false,
            }
        };
    }
    let Some(indicator) = inputs.catalogue.indicator(code) else {
        return Measured::NOTHING;
    };
    let (mut sum, mut records) = (0i64, 0u64);
    for case in facts {
        for contribution in indicator.measure.contributions(case, &window) {
            sum = sum.saturating_add(contribution.value);
            records += 1;
        }
    }
    if small(records) {
        Measured {
            actual: None,
            share: None,
            hidden: true,
        }
    } else {
        Measured {
            actual: Some(sum as f64),
            share: None,
            hidden: false,
        }
    }
}

/// What a measure counts over the activities held in the period.
pub fn count_activities(
    measure: ActivityMeasure,
    activities: &[ActivityDraft],
    period: Period,
) -> u64 {
    activities
        .iter()
        .filter(|a| period.contains(a.held_on))
        .map(|a| match (&a.details, measure) {
            (ActivityDetails::Communication(_), ActivityMeasure::CommunicationSessions) => 1,
            (ActivityDetails::Communication(_), ActivityMeasure::CommunicationSessionsHighRisk) => {
                u64::from(a.area_flags.iter().any(|f| match f {
                    AreaFlag::Border | AreaFlag::Remote | AreaFlag::EthnicMinority => true,
                }))
            }
            (ActivityDetails::Communication(c), ActivityMeasure::PersonsReached) => {
                u64::from(c.reached.total)
            }
            (ActivityDetails::Communication(c), ActivityMeasure::MaterialsDistributed) => {
                u64::from(c.materials_distributed)
            }
            (ActivityDetails::Training(_), ActivityMeasure::TrainingCourses) => 1,
            (ActivityDetails::Training(t), ActivityMeasure::PersonsTrained) => t.trainees(),
            (ActivityDetails::Meeting(_), ActivityMeasure::MeetingsHeld) => 1,
            (ActivityDetails::Inspection(_), ActivityMeasure::InspectionsHeld) => 1,
            (
                ActivityDetails::Communication(_),
                ActivityMeasure::TrainingCourses
                | ActivityMeasure::PersonsTrained
                | ActivityMeasure::MeetingsHeld
                | ActivityMeasure::InspectionsHeld,
            )
            | (
                ActivityDetails::Training(_),
                ActivityMeasure::CommunicationSessions
                | ActivityMeasure::CommunicationSessionsHighRisk
                | ActivityMeasure::PersonsReached
                | ActivityMeasure::MaterialsDistributed
                | ActivityMeasure::MeetingsHeld
                | ActivityMeasure::InspectionsHeld,
            )
            | (
                ActivityDetails::Meeting(_),
                ActivityMeasure::CommunicationSessions
                | ActivityMeasure::CommunicationSessionsHighRisk
                | ActivityMeasure::PersonsReached
                | ActivityMeasure::MaterialsDistributed
                | ActivityMeasure::TrainingCourses
                | ActivityMeasure::PersonsTrained
                | ActivityMeasure::InspectionsHeld,
            )
            | (
                ActivityDetails::Inspection(_),
                ActivityMeasure::CommunicationSessions
                | ActivityMeasure::CommunicationSessionsHighRisk
                | ActivityMeasure::PersonsReached
                | ActivityMeasure::MaterialsDistributed
                | ActivityMeasure::TrainingCourses
                | ActivityMeasure::PersonsTrained
                | ActivityMeasure::MeetingsHeld,
            ) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_domain::programme::{Communication, Direction, Reached, YearValue};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn talk(on: NaiveDate, flags: Vec<AreaFlag>) -> ActivityDraft {
        ActivityDraft {
            case_numbers: Vec::new(),
            title: "Nói chuyện".into(),
            held_on: on,
            ends_on: None,
            unit_id: "2025/15/02683".into(),
            area_flags: flags,
            task_id: None,
            details: ActivityDetails::Communication(Communication {
                channel: "meeting_talk".into(),
                languages: vec![],
                audiences: vec![],
                reached: Reached {
                    total: 50,
                    female: None,
                    male: None,
                },
                materials_produced: 0,
                materials_distributed: 10,
            }),
        }
    }

    fn target(source: TargetSource, unit: TargetUnit) -> TargetDraft {
        TargetDraft {
            section: String::new(),
            definition: "Chỉ tiêu".into(),
            unit,
            direction: Direction::AtLeast,
            baseline: None,
            yearly: vec![YearValue {
                year: 2026,
                value: 2,
            }],
            whole_period: Some(5),
            source,
        }
    }

    fn run(target: &TargetDraft, activities: &[ActivityDraft]) -> TargetProgress {
        let catalogue = Catalogue::built_in();
        progress(
            target,
            &Inputs {
                catalogue: &catalogue,
                area: &Area::National,
                years: PlanYears {
                    first: 2026,
                    last: 2027,
                },
                today: day(2026, 11, 30),
                follow_up_months: &[],
                facts: &[],
                activities,
            },
        )
    }

    #[test]
    fn activities_count_in_their_year_and_the_years_to_come_are_empty() {
        let held = [
            talk(day(2026, 3, 1), vec![AreaFlag::Border]),
            talk(day(2026, 4, 1), vec![]),
            talk(day(2025, 12, 31), vec![AreaFlag::Remote]),
        ];
        let p = run(
            &target(
                TargetSource::Activities {
                    measure: ActivityMeasure::CommunicationSessionsHighRisk,
                    of: None,
                },
                TargetUnit::Count,
            ),
            &held,
        );
        assert_eq!(p.years[0].actual, Some(1.0));
        assert_eq!(p.years[0].reached, Some(false));
        assert_eq!(p.years[1].actual, None, "2027 has not come");
        assert_eq!(p.whole_period.actual, Some(1.0), "2025 is before the plan");
        assert_eq!(
            count_activities(
                ActivityMeasure::PersonsReached,
                &held,
                Period::Year { year: 2026 }
            ),
            100
        );
        assert_eq!(
            count_activities(
                ActivityMeasure::TrainingCourses,
                &held,
                Period::Year { year: 2026 }
            ),
            0
        );
    }

    #[test]
    fn figures_entered_by_hand_add_up_unless_they_are_shares() {
        let actuals = vec![YearValue {
            year: 2026,
            value: 3,
        }];
        let manual = TargetSource::Manual {
            source: "Báo cáo".into(),
            actuals,
        };
        let count = run(&target(manual.clone(), TargetUnit::Count), &[]);
        assert_eq!(
            (count.years[0].actual, count.years[0].reached),
            (Some(3.0), Some(true))
        );
        assert_eq!(count.whole_period.actual, Some(3.0));
        let share = run(&target(manual, TargetUnit::Percent), &[]);
        assert_eq!(
            share.whole_period.actual,
            Some(3.0),
            "a share over the plan is the latest year's"
        );
    }
}
