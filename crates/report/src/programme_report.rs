//! The programme's part of a periodic report: what the plans of the area
//! reached, and the activities held in the area during the period —
//! communication (sessions by means and audience, persons reached by sex,
//! materials), training (courses by level, trainees by sex, sector and
//! agency, certificates), meetings by kind and inspections (see
//! `programme_inspections`). Activities name no person,
//! so nothing here is suppressed. Pure: activities, targets' progress and
//! the names of codes come in; lines in Vietnamese go out (the official
//! files are Vietnamese), each with a stable code for programs.

use crate::period::Period;
use crate::programme::count_activities;
use haven_domain::programme::{ActivityDetails, ActivityDraft, ActivityMeasure};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeReport {
    pub sections: Vec<ProgrammeSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeSection {
    /// `plan_targets`, `communication`, `training`, `meetings`.
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub lines: Vec<ProgrammeLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeLine {
    /// Stable for programs: `communication_sessions`, `trainees_sector:police:female`, …
    pub code: String,
    pub label_vi: String,
    pub label_en: String,
    pub unit_vi: String,
    /// `None`: hidden (see `hidden`) or not yet counted.
    pub value: Option<f64>,
    /// Hidden to protect small figures from the case records.
    #[serde(default)]
    pub hidden: bool,
    pub note_vi: String,
}

/// One target of a plan of the area, with its value for the report's period.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetLine {
    pub code: String,
    pub plan_number: String,
    pub definition: String,
    pub unit_vi: String,
    pub goal: Option<i64>,
    pub actual: Option<f64>,
    pub hidden: bool,
    pub reached: Option<bool>,
}

/// Names of codes in Vietnamese and English: `communication_kind:leaflet`,
/// `agency:12` (an agency's name serves both).
pub type Names = HashMap<String, (String, String)>;

pub(crate) fn name(names: &Names, list: &str, code: &str) -> (String, String) {
    names
        .get(&format!("{list}:{code}"))
        .cloned()
        .unwrap_or_else(|| (code.to_owned(), code.to_owned()))
}

pub(crate) fn line(
    code: impl Into<String>,
    label: (String, String),
    unit: &str,
    value: u64,
) -> ProgrammeLine {
    ProgrammeLine {
        code: code.into(),
        label_vi: label.0,
        label_en: label.1,
        unit_vi: unit.to_owned(),
        value: Some(value as f64),
        hidden: false,
        note_vi: String::new(),
    }
}

pub fn compute(
    activities: &[ActivityDraft],
    period: Period,
    targets: &[TargetLine],
    names: &Names,
) -> ProgrammeReport {
    let held: Vec<&ActivityDraft> = activities
        .iter()
        .filter(|a| period.contains(a.held_on))
        .collect();
    let owned: Vec<ActivityDraft> = held.iter().map(|a| (*a).clone()).collect();
    let count = |measure| count_activities(measure, &owned, period);
    let mut sections = Vec::new();
    if !targets.is_empty() {
        sections.push(ProgrammeSection {
            code: "plan_targets".into(),
            title_vi: "Kết quả thực hiện chỉ tiêu của kế hoạch".into(),
            title_en: "Results against the plans' targets".into(),
            lines: targets
                .iter()
                .map(|t| ProgrammeLine {
                    code: t.code.clone(),
                    label_vi: format!("{}: {}", t.plan_number, t.definition),
                    label_en: format!("{}: {}", t.plan_number, t.definition),
                    unit_vi: t.unit_vi.clone(),
                    value: if t.hidden { None } else { t.actual },
                    hidden: t.hidden,
                    note_vi: {
                        let goal = t.goal.map(|g| format!("Chỉ tiêu: {g}")).unwrap_or_default();
                        let verdict = match (t.hidden, t.reached) {
                            (true, _) => "số nhỏ, không công bố",
                            (false, Some(true)) => "đạt",
                            (false, Some(false)) => "chưa đạt",
                            (false, None) => "",
                        };
                        [goal, verdict.to_owned()]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join("; ")
                    },
                })
                .collect(),
        });
    }

    // Communication.
    let mut by_channel: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_audience: BTreeMap<String, u64> = BTreeMap::new();
    let (mut female, mut male, mut produced) = (0u64, 0u64, 0u64);
    for a in &held {
        if let ActivityDetails::Communication(c) = &a.details {
            *by_channel.entry(c.channel.clone()).or_default() += 1;
            for audience in &c.audiences {
                *by_audience.entry(audience.clone()).or_default() += 1;
            }
            female += u64::from(c.reached.female.unwrap_or(0));
            male += u64::from(c.reached.male.unwrap_or(0));
            produced += u64::from(c.materials_produced);
        }
    }
    let mut lines = vec![
        line(
            "communication_sessions",
            t("Số cuộc, buổi truyền thông", "Communication sessions"),
            "cuộc",
            count(ActivityMeasure::CommunicationSessions),
        ),
        line(
            "communication_sessions_high_risk",
            t(
                "Trong đó: tại xã biên giới, vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số",
                "Of which in border, remote or ethnic-minority areas",
            ),
            "cuộc",
            count(ActivityMeasure::CommunicationSessionsHighRisk),
        ),
    ];
    for (channel, n) in &by_channel {
        lines.push(line(
            format!("channel:{channel}"),
            prefixed(
                ("Hình thức", "Means"),
                name(names, "communication_kind", channel),
            ),
            "cuộc",
            *n,
        ));
    }
    for (audience, n) in &by_audience {
        lines.push(line(
            format!("audience:{audience}"),
            prefixed(
                ("Đối tượng", "Audience"),
                name(names, "audience_group", audience),
            ),
            "cuộc",
            *n,
        ));
    }
    lines.push(line(
        "persons_reached",
        t("Số lượt người được tiếp cận", "Persons reached"),
        "lượt người",
        count(ActivityMeasure::PersonsReached),
    ));
    lines.push(line(
        "persons_reached_female",
        t("Trong đó nữ", "Of whom women"),
        "lượt người",
        female,
    ));
    lines.push(line(
        "persons_reached_male",
        t("Trong đó nam", "Of whom men"),
        "lượt người",
        male,
    ));
    lines.push(line(
        "materials_produced",
        t(
            "Số tài liệu truyền thông sản xuất",
            "Communication materials produced",
        ),
        "bản",
        produced,
    ));
    lines.push(line(
        "materials_distributed",
        t(
            "Số tài liệu truyền thông phát hành",
            "Communication materials distributed",
        ),
        "bản",
        count(ActivityMeasure::MaterialsDistributed),
    ));
    sections.push(ProgrammeSection {
        code: "communication".into(),
        title_vi: "Công tác truyền thông".into(),
        title_en: "Communication".into(),
        lines,
    });

    // Training.
    let mut by_level: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_sector: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut by_agency: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
    let (mut trained_female, mut trained_male, mut certificates) = (0u64, 0u64, 0u64);
    for a in &held {
        if let ActivityDetails::Training(t) = &a.details {
            *by_level.entry(t.level.code().to_owned()).or_default() += 1;
            certificates += u64::from(t.certificates);
            for g in &t.trainee_groups {
                let (f, m) = (u64::from(g.female), u64::from(g.male));
                trained_female += f;
                trained_male += m;
                let sector = by_sector.entry(g.sector.clone()).or_default();
                sector.0 += f;
                sector.1 += m;
                if let Some(agency) = g.agency_id {
                    let entry = by_agency.entry(agency.get()).or_default();
                    entry.0 += f;
                    entry.1 += m;
                }
            }
        }
    }
    let mut lines = vec![line(
        "training_courses",
        t("Số lớp tập huấn, bồi dưỡng", "Training courses"),
        "lớp",
        count(ActivityMeasure::TrainingCourses),
    )];
    for (level, n) in &by_level {
        lines.push(line(
            format!("training_level:{level}"),
            prefixed(
                ("Cấp tổ chức", "Level"),
                name(names, "training_level", level),
            ),
            "lớp",
            *n,
        ));
    }
    lines.push(line(
        "persons_trained",
        t("Số lượt người được tập huấn", "Persons trained"),
        "lượt người",
        trained_female + trained_male,
    ));
    lines.push(line(
        "persons_trained_female",
        t("Trong đó nữ", "Of whom women"),
        "lượt người",
        trained_female,
    ));
    lines.push(line(
        "persons_trained_male",
        t("Trong đó nam", "Of whom men"),
        "lượt người",
        trained_male,
    ));
    for (sector, (f, m)) in &by_sector {
        let (vi, en) = name(names, "agency_sector", sector);
        lines.push(line(
            format!("trainees_sector:{sector}:female"),
            (format!("Ngành {vi}: nữ"), format!("Sector {en}: women")),
            "lượt người",
            *f,
        ));
        lines.push(line(
            format!("trainees_sector:{sector}:male"),
            (format!("Ngành {vi}: nam"), format!("Sector {en}: men")),
            "lượt người",
            *m,
        ));
    }
    for (agency, (f, m)) in &by_agency {
        let (agency_name, _) = name(names, "agency", &agency.to_string());
        lines.push(line(
            format!("trainees_agency:{agency}:female"),
            (
                format!("{agency_name}: nữ"),
                format!("{agency_name}: women"),
            ),
            "lượt người",
            *f,
        ));
        lines.push(line(
            format!("trainees_agency:{agency}:male"),
            (format!("{agency_name}: nam"), format!("{agency_name}: men")),
            "lượt người",
            *m,
        ));
    }
    lines.push(line(
        "certificates",
        t("Số chứng nhận đã cấp", "Certificates given"),
        "chứng nhận",
        certificates,
    ));
    sections.push(ProgrammeSection {
        code: "training".into(),
        title_vi: "Tập huấn, bồi dưỡng nâng cao năng lực".into(),
        title_en: "Training and capacity building".into(),
        lines,
    });

    // Meetings.
    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    for a in &held {
        if let ActivityDetails::Meeting(m) = &a.details {
            *by_kind.entry(m.meeting_kind.code().to_owned()).or_default() += 1;
        }
    }
    let mut lines = vec![line(
        "meetings_held",
        t("Số cuộc họp, hội nghị", "Meetings and conferences"),
        "cuộc",
        count(ActivityMeasure::MeetingsHeld),
    )];
    for (kind, n) in &by_kind {
        lines.push(line(
            format!("meeting_kind:{kind}"),
            name(names, "meeting_kind", kind),
            "cuộc",
            *n,
        ));
    }
    sections.push(ProgrammeSection {
        code: "meetings".into(),
        title_vi: "Hội họp, phối hợp liên ngành".into(),
        title_en: "Meetings and inter-agency coordination".into(),
        lines,
    });
    sections.push(crate::programme_inspections::section(&held, names));
    ProgrammeReport { sections }
}

pub(crate) fn t(vi: &str, en: &str) -> (String, String) {
    (vi.to_owned(), en.to_owned())
}

pub(crate) fn prefixed(prefix: (&str, &str), name: (String, String)) -> (String, String) {
    (
        format!("{}: {}", prefix.0, name.0),
        format!("{}: {}", prefix.1, name.1),
    )
}

impl ProgrammeReport {
    /// The value of a line by its code, for tests and programs.
    pub fn value(&self, code: &str) -> Option<f64> {
        self.sections
            .iter()
            .flat_map(|s| &s.lines)
            .find(|l| l.code == code)
            .and_then(|l| l.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use haven_domain::ids::AgencyId;
    use haven_domain::programme::{TraineeGroup, Training, TrainingLevel};

    #[test]
    fn trainees_are_counted_by_sex_sector_and_agency_within_the_period() {
        let course = |on: NaiveDate, female: u32, male: u32| ActivityDraft {
            case_numbers: Vec::new(),
            title: "Tập huấn".into(),
            held_on: on,
            ends_on: None,
            unit_id: "2025/01".into(),
            area_flags: vec![],
            task_id: None,
            details: ActivityDetails::Training(Training {
                level: TrainingLevel::Province,
                topics: vec!["law".into()],
                trainee_groups: vec![TraineeGroup {
                    agency_id: Some(AgencyId(7)),
                    sector: "police".into(),
                    female,
                    male,
                }],
                trainers: String::new(),
                certificates: 1,
            }),
        };
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        let held = [
            course(day(3, 1), 4, 6),
            course(day(5, 1), 2, 1),
            course(day(8, 1), 9, 9),
        ];
        let mut names = Names::new();
        names.insert("agency:7".into(), t("Công an tỉnh", "Công an tỉnh"));
        let report = compute(
            &held,
            Period::HalfYear {
                year: 2026,
                half: 1,
            },
            &[],
            &names,
        );
        assert_eq!(report.value("training_courses"), Some(2.0));
        assert_eq!(report.value("persons_trained_female"), Some(6.0));
        assert_eq!(report.value("persons_trained_male"), Some(7.0));
        assert_eq!(report.value("trainees_sector:police:female"), Some(6.0));
        assert_eq!(report.value("trainees_agency:7:male"), Some(7.0));
        let training = report.sections.iter().find(|s| s.code == "training");
        assert!(training.is_some_and(|s| s.lines.iter().any(|l| l.label_vi == "Công an tỉnh: nữ")));
        assert_eq!(report.value("communication_sessions"), Some(0.0));
    }
}
