//! A plan's target (chỉ tiêu): a definition, a unit, a baseline, a value to
//! reach each year and over the whole plan, and where the actual value comes
//! from — the case records (an indicator of the catalogue), the activity
//! records (a measure below), or a figure entered by hand with its source.

use super::years::PlanYears;
use super::{MAX_ITEMS, MAX_TEXT, MAX_TITLE};
use crate::validation::{Violation, Violations};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetDraft {
    /// The part of the plan the target belongs to (e.g. "Mục tiêu cụ thể 2").
    #[serde(default)]
    pub section: String,
    pub definition: String,
    pub unit: TargetUnit,
    pub direction: Direction,
    /// The value before the plan began, where known.
    #[serde(default)]
    pub baseline: Option<i64>,
    /// The value to reach in each year the plan sets one for.
    #[serde(default)]
    pub yearly: Vec<YearValue>,
    /// The value to reach over the whole plan.
    #[serde(default)]
    pub whole_period: Option<i64>,
    pub source: TargetSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TargetUnit {
    /// A share, 0 to 100.
    Percent,
    /// A number of sessions, persons, documents.
    Count,
    /// An amount in đồng.
    Vnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Direction {
    /// Reached when the actual value is at least the target (most targets).
    AtLeast,
    /// Reached when the actual value is at most the target (e.g. re-trafficking).
    AtMost,
}

impl Direction {
    pub fn reached(self, actual: f64, target: f64) -> bool {
        match self {
            Direction::AtLeast => actual >= target,
            Direction::AtMost => actual <= target,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearValue {
    pub year: i32,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TargetSource {
    /// Computed from the case records: an indicator or target of the
    /// statistics catalogue, by its code (`verified_share`, `identified`).
    CaseRecords { indicator: String },
    /// Computed from the activities held in the plan's area; with `of`, as a
    /// share of that many (e.g. persons trained of the staff doing victim support).
    Activities {
        measure: ActivityMeasure,
        #[serde(default)]
        of: Option<i64>,
    },
    /// Entered by hand, year by year, with where the figure comes from.
    Manual {
        source: String,
        #[serde(default)]
        actuals: Vec<YearValue>,
    },
}

/// What is counted over the activity records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActivityMeasure {
    /// Communication activities held.
    CommunicationSessions,
    /// Communication activities held in border, remote or ethnic-minority areas.
    CommunicationSessionsHighRisk,
    /// Persons reached by communication.
    PersonsReached,
    /// Materials distributed (leaflets, posters, …).
    MaterialsDistributed,
    /// Training courses held.
    TrainingCourses,
    /// Persons trained.
    PersonsTrained,
    /// Meetings held (inter-agency, working group, reviews).
    MeetingsHeld,
    /// Inspections of labour-export companies and support facilities.
    InspectionsHeld,
}

impl ActivityMeasure {
    pub const ALL: [ActivityMeasure; 8] = [
        ActivityMeasure::CommunicationSessions,
        ActivityMeasure::CommunicationSessionsHighRisk,
        ActivityMeasure::PersonsReached,
        ActivityMeasure::MaterialsDistributed,
        ActivityMeasure::TrainingCourses,
        ActivityMeasure::PersonsTrained,
        ActivityMeasure::MeetingsHeld,
        ActivityMeasure::InspectionsHeld,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActivityMeasure::CommunicationSessions => "communication_sessions",
            ActivityMeasure::CommunicationSessionsHighRisk => "communication_sessions_high_risk",
            ActivityMeasure::PersonsReached => "persons_reached",
            ActivityMeasure::MaterialsDistributed => "materials_distributed",
            ActivityMeasure::TrainingCourses => "training_courses",
            ActivityMeasure::PersonsTrained => "persons_trained",
            ActivityMeasure::MeetingsHeld => "meetings_held",
            ActivityMeasure::InspectionsHeld => "inspections_held",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityMeasure> {
        ActivityMeasure::ALL.into_iter().find(|m| m.code() == code)
    }
}

impl TargetDraft {
    /// Every rule the target breaks, by field, for a plan of these years.
    pub fn check(&self, years: PlanYears) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.max_text("section", &self.section, MAX_TITLE);
        v.require_text("definition", &self.definition, MAX_TITLE);
        let unit = self.unit;
        let value = |v: &mut Violations, field: &str, n: i64| check_value(v, unit, field, n);
        if let Some(baseline) = self.baseline {
            value(&mut v, "baseline", baseline);
        }
        if let Some(whole) = self.whole_period {
            value(&mut v, "whole_period", whole);
        }
        for (i, y) in self.yearly.iter().enumerate() {
            value(&mut v, &format!("yearly_{i}"), y.value);
        }
        if self.yearly.is_empty() && self.whole_period.is_none() {
            v.push(Violation::new(
                "yearly",
                "target_value_needed",
                "Cần ít nhất một giá trị chỉ tiêu: theo năm hoặc cho cả giai đoạn.",
                "At least one target value is needed: for a year or for the whole plan.",
            ));
        }
        check_years(&mut v, "yearly", &self.yearly, years);
        match &self.source {
            TargetSource::CaseRecords { indicator } => {
                v.require_text("source.indicator", indicator, 60);
            }
            TargetSource::Activities { measure: _, of } => {
                // What activities count is a number, unless taken as a share.
                if of.is_none() && self.unit != TargetUnit::Count {
                    v.push(Violation::new(
                        "unit",
                        "count_for_activities",
                        "Chỉ tiêu đếm từ hoạt động có đơn vị là số lượng (hoặc tỷ lệ khi có tổng số để tính).",
                        "A target counted from activities is a number (or a share, given the total it is taken of).",
                    ));
                }
                if let Some(of) = of {
                    if *of <= 0 {
                        v.push(Violation::new(
                            "source.of",
                            "positive",
                            "Số để tính tỷ lệ phải lớn hơn 0.",
                            "The number a share is taken of must be above 0.",
                        ));
                    }
                    if self.unit != TargetUnit::Percent {
                        v.push(share_needs_percent());
                    }
                }
            }
            TargetSource::Manual { source, actuals } => {
                v.require_text("source.source", source, MAX_TEXT);
                check_years(&mut v, "source.actuals", actuals, years);
                for (i, y) in actuals.iter().enumerate() {
                    value(&mut v, &format!("source.actuals_{i}"), y.value);
                }
            }
        }
        v.into_result()
    }
}

fn check_value(v: &mut Violations, unit: TargetUnit, field: &str, n: i64) {
    if n < 0 {
        v.push(Violation::new(
            field,
            "not_negative",
            "Giá trị không thể âm.",
            "The value cannot be negative.",
        ));
    } else if unit == TargetUnit::Percent && n > 100 {
        v.push(Violation::new(
            field,
            "percent",
            "Tỷ lệ phải trong khoảng 0–100%.",
            "A share lies between 0 and 100%.",
        ));
    }
}

fn share_needs_percent() -> Violation {
    Violation::new(
        "unit",
        "percent_for_share",
        "Chỉ tiêu tính theo tỷ lệ phải có đơn vị là phần trăm.",
        "A target computed as a share is measured in percent.",
    )
}

/// Each year once, within the plan, at most one per plan year.
fn check_years(v: &mut Violations, field: &str, values: &[YearValue], years: PlanYears) {
    v.max_items(field, values.len(), MAX_ITEMS);
    let mut seen = Vec::new();
    for (i, y) in values.iter().enumerate() {
        let field = format!("{field}_{i}");
        if !years.contains(y.year) {
            v.push(Violation::new(
                field,
                "year_in_plan",
                format!(
                    "Năm phải thuộc thời gian của kế hoạch ({}–{}).",
                    years.first, years.last
                ),
                format!(
                    "The year must lie within the plan ({}–{}).",
                    years.first, years.last
                ),
            ));
        } else if seen.contains(&y.year) {
            v.push(Violation::new(
                field,
                "year_once",
                "Mỗi năm chỉ có một giá trị.",
                "Each year takes one value.",
            ));
        }
        seen.push(y.year);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEARS: PlanYears = PlanYears {
        first: 2021,
        last: 2025,
    };

    fn target(source: TargetSource) -> TargetDraft {
        TargetDraft {
            section: "Mục tiêu cụ thể 1".into(),
            definition: "100% người được tiếp nhận được xác minh".into(),
            unit: TargetUnit::Percent,
            direction: Direction::AtLeast,
            baseline: Some(80),
            yearly: vec![YearValue {
                year: 2021,
                value: 90,
            }],
            whole_period: Some(100),
            source,
        }
    }

    fn rules(t: &TargetDraft) -> Vec<(String, &'static str)> {
        t.check(YEARS)
            .err()
            .map(|v| v.0.into_iter().map(|x| (x.field, x.rule)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn targets_of_all_three_sources_are_accepted() {
        for source in [
            TargetSource::CaseRecords {
                indicator: "verified_share".into(),
            },
            TargetSource::Activities {
                measure: ActivityMeasure::PersonsTrained,
                of: Some(120),
            },
            TargetSource::Manual {
                source: "Báo cáo của Sở Tư pháp".into(),
                actuals: vec![YearValue {
                    year: 2022,
                    value: 75,
                }],
            },
        ] {
            assert_eq!(rules(&target(source)), vec![]);
        }
    }

    #[test]
    fn values_and_years_are_checked_by_field() {
        let mut t = target(TargetSource::Manual {
            source: "".into(),
            actuals: vec![YearValue {
                year: 2030,
                value: 1,
            }],
        });
        t.baseline = Some(-1);
        t.yearly = vec![
            YearValue {
                year: 2021,
                value: 120,
            },
            YearValue {
                year: 2021,
                value: 90,
            },
        ];
        assert_eq!(
            rules(&t),
            vec![
                ("baseline".into(), "not_negative"),
                ("yearly_0".into(), "percent"),
                ("yearly_1".into(), "year_once"),
                ("source.source".into(), "required"),
                ("source.actuals_0".into(), "year_in_plan"),
            ]
        );
        let mut none = target(TargetSource::CaseRecords {
            indicator: "identified".into(),
        });
        none.yearly.clear();
        none.whole_period = None;
        assert_eq!(rules(&none), vec![("yearly".into(), "target_value_needed")]);
        let mut share = target(TargetSource::Activities {
            measure: ActivityMeasure::PersonsTrained,
            of: Some(0),
        });
        share.unit = TargetUnit::Count;
        assert_eq!(
            rules(&share),
            vec![
                ("source.of".into(), "positive"),
                ("unit".into(), "percent_for_share")
            ]
        );
    }

    #[test]
    fn a_count_of_activities_is_a_number_unless_taken_as_a_share() {
        let mut counted = target(TargetSource::Activities {
            measure: ActivityMeasure::MeetingsHeld,
            of: None,
        });
        counted.unit = TargetUnit::Vnd;
        assert_eq!(
            rules(&counted),
            vec![("unit".into(), "count_for_activities")]
        );
        counted.unit = TargetUnit::Count;
        assert_eq!(rules(&counted), vec![]);
    }

    #[test]
    fn measures_have_stable_codes() {
        for m in ActivityMeasure::ALL {
            assert_eq!(ActivityMeasure::from_code(m.code()), Some(m));
        }
        assert!(Direction::AtMost.reached(2.0, 5.0) && !Direction::AtLeast.reached(2.0, 5.0));
    }
}
