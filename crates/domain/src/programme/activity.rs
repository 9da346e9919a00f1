//! An activity an agency held (hoạt động): communication, a training
//! course, a meeting, an inspection (see `inspection`) — where, when, against which plan task, and what it
//! reached. No person of a case is ever named here: activities are
//! counted, not people.

use super::{MAX_ITEMS, MAX_TEXT, MAX_TITLE};
use crate::ids::{AgencyId, TaskId};
use crate::validation::{Violation, Violations};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityDraft {
    pub title: String,
    pub held_on: NaiveDate,
    /// The last day, for an activity over several days.
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    /// Where it was held: a 2025 province or commune (`2025/01/00070`).
    pub unit_id: String,
    /// The place is a border, remote or ethnic-minority area.
    #[serde(default)]
    pub area_flags: Vec<AreaFlag>,
    /// The plan task the activity carries out, where there is one.
    #[serde(default)]
    pub task_id: Option<TaskId>,
    /// Numbers of cases the activity concerns (an inspection after a
    /// rescue, a meeting on a case), never a person's identity; only
    /// numbers the recording agency may read are accepted, and readers see
    /// those they may read.
    #[serde(default)]
    pub case_numbers: Vec<String>,
    pub details: ActivityDetails,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AreaFlag {
    Border,
    Remote,
    EthnicMinority,
}

impl AreaFlag {
    pub const ALL: [AreaFlag; 3] = [AreaFlag::Border, AreaFlag::Remote, AreaFlag::EthnicMinority];

    pub fn code(self) -> &'static str {
        match self {
            AreaFlag::Border => "border",
            AreaFlag::Remote => "remote",
            AreaFlag::EthnicMinority => "ethnic_minority",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActivityDetails {
    Communication(Communication),
    Training(Training),
    Meeting(Meeting),
    Inspection(super::inspection::Inspection),
}

/// The kinds, for filters and counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActivityKind {
    Communication,
    Training,
    Meeting,
    Inspection,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 4] = [
        ActivityKind::Communication,
        ActivityKind::Training,
        ActivityKind::Meeting,
        ActivityKind::Inspection,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Communication => "communication",
            ActivityKind::Training => "training",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Inspection => "inspection",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl ActivityDetails {
    pub fn kind(&self) -> ActivityKind {
        match self {
            ActivityDetails::Communication(_) => ActivityKind::Communication,
            ActivityDetails::Training(_) => ActivityKind::Training,
            ActivityDetails::Meeting(_) => ActivityKind::Meeting,
            ActivityDetails::Inspection(_) => ActivityKind::Inspection,
        }
    }
}

/// Communication (truyền thông): a talk, leaflets, a broadcast, a contest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Communication {
    /// A code of the `communication_kind` list.
    pub channel: String,
    /// Codes of the `communication_language` list.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Codes of the `audience_group` list.
    #[serde(default)]
    pub audiences: Vec<String>,
    pub reached: Reached,
    #[serde(default)]
    pub materials_produced: u32,
    #[serde(default)]
    pub materials_distributed: u32,
}

/// Persons reached: the total always, by sex where counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reached {
    pub total: u32,
    #[serde(default)]
    pub female: Option<u32>,
    #[serde(default)]
    pub male: Option<u32>,
}

/// A training course (tập huấn, bồi dưỡng).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Training {
    pub level: TrainingLevel,
    /// Codes of the `training_topic` list.
    pub topics: Vec<String>,
    /// The trainees counted by agency (or sector) and sex.
    pub trainee_groups: Vec<TraineeGroup>,
    #[serde(default)]
    pub trainers: String,
    /// Certificates given.
    #[serde(default)]
    pub certificates: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TrainingLevel {
    National,
    Province,
    Commune,
}

impl TrainingLevel {
    pub const ALL: [TrainingLevel; 3] = [
        TrainingLevel::National,
        TrainingLevel::Province,
        TrainingLevel::Commune,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TrainingLevel::National => "national",
            TrainingLevel::Province => "province",
            TrainingLevel::Commune => "commune",
        }
    }
}

/// Trainees of one agency or sector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraineeGroup {
    /// The trainees' agency, where it is registered.
    #[serde(default)]
    pub agency_id: Option<AgencyId>,
    /// Their sector: a code of the `agency_sector` list.
    pub sector: String,
    pub female: u32,
    pub male: u32,
}

impl Training {
    pub fn trainees(&self) -> u64 {
        self.trainee_groups
            .iter()
            .map(|g| u64::from(g.female) + u64::from(g.male))
            .sum()
    }
}

/// A meeting (họp, hội nghị): who met, what they decided, what follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub meeting_kind: MeetingKind,
    /// Who chaired it (a post, not necessarily a user).
    pub chair: String,
    #[serde(default)]
    pub participating_agency_ids: Vec<AgencyId>,
    #[serde(default)]
    pub decisions: String,
    /// The working group that met, for a working-group meeting.
    #[serde(default)]
    pub working_group_id: Option<crate::ids::WorkingGroupId>,
    /// What is to be done after it: each becomes an action with its owner
    /// and due date.
    #[serde(default)]
    pub follow_ups: Vec<super::action::FollowUp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MeetingKind {
    /// Họp liên ngành.
    InterAgency,
    /// Họp tổ công tác.
    WorkingGroup,
    /// Hội nghị sơ kết, tổng kết.
    Review,
    /// Trao đổi quốc tế.
    InternationalExchange,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 4] = [
        MeetingKind::InterAgency,
        MeetingKind::WorkingGroup,
        MeetingKind::Review,
        MeetingKind::InternationalExchange,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::InterAgency => "inter_agency",
            MeetingKind::WorkingGroup => "working_group",
            MeetingKind::Review => "review",
            MeetingKind::InternationalExchange => "international_exchange",
        }
    }
}

/// No one reaches more persons than this in one activity: a larger figure is a typing error.
pub const MAX_REACHED: u32 = 10_000_000;

impl ActivityDraft {
    /// Every rule the activity breaks, by field, on `today` (no activity is
    /// recorded ahead of its day).
    pub fn check(&self, today: NaiveDate) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.require_text("title", &self.title, MAX_TITLE);
        if chrono::Datelike::year(&self.held_on) < super::years::EARLIEST_YEAR {
            v.push(super::years::year_out_of_range("held_on"));
        } else if self.held_on > today {
            v.push(Violation::new(
                "held_on",
                "not_in_future",
                "Hoạt động chưa diễn ra thì chưa ghi nhận được.",
                "An activity is recorded once it has taken place.",
            ));
        }
        if let Some(ends_on) = self.ends_on {
            if ends_on > today && self.held_on <= today {
                v.push(Violation::new(
                    "ends_on",
                    "not_in_future",
                    "Hoạt động chưa kết thúc thì ghi nhận khi đã kết thúc.",
                    "Record the activity once it has ended.",
                ));
            } else if ends_on < self.held_on {
                v.push(Violation::new(
                    "ends_on",
                    "not_before_start",
                    "Ngày kết thúc không thể trước ngày bắt đầu.",
                    "The end cannot come before the start.",
                ));
            }
        }
        if self.unit_id.trim().is_empty() {
            v.push(Violation::required("unit_id"));
        }
        v.max_items("case_numbers", self.case_numbers.len(), MAX_CASES);
        for (i, number) in self.case_numbers.iter().enumerate() {
            let field = format!("case_numbers[{i}]");
            if !crate::case::number::is_case_number(number) {
                v.push(Violation::new(
                    field,
                    "case_number",
                    // Not echoed: what was typed may be a name, which this field must never hold.
                    format!("Mục thứ {} không phải số hồ sơ: số hồ sơ có dạng HNI-2026-000123, không ghi tên người.", i + 1),
                    format!("Entry {} is not a case number: a case number reads like HNI-2026-000123, never a person's name.", i + 1),
                ));
            } else if self
                .case_numbers
                .get(..i)
                .is_some_and(|before| before.contains(number))
            {
                v.push(Violation::new(
                    field,
                    "distinct",
                    format!("Số hồ sơ {number} đã ghi ở trên."),
                    format!("The case number {number} is already listed."),
                ));
            }
        }
        match &self.details {
            ActivityDetails::Communication(c) => c.check(&mut v),
            ActivityDetails::Training(t) => t.check(&mut v),
            ActivityDetails::Meeting(m) => m.check(self.held_on, &mut v),
            ActivityDetails::Inspection(i) => i.check(self.held_on, &mut v),
        }
        v.into_result()
    }
}

/// The most cases one activity names.
const MAX_CASES: usize = 20;

fn too_many(field: &str) -> Violation {
    Violation::new(
        field,
        "max_count",
        format!("Số lượng vượt quá {MAX_REACHED}; hãy kiểm tra lại."),
        format!("The figure exceeds {MAX_REACHED}; check it again."),
    )
}

impl Communication {
    fn check(&self, v: &mut Violations) {
        if self.channel.trim().is_empty() {
            v.push(Violation::required("channel"));
        }
        v.max_items("languages", self.languages.len(), MAX_ITEMS);
        v.max_items("audiences", self.audiences.len(), MAX_ITEMS);
        let r = self.reached;
        if r.total > MAX_REACHED {
            v.push(too_many("reached.total"));
        }
        let by_sex = u64::from(r.female.unwrap_or(0)) + u64::from(r.male.unwrap_or(0));
        if by_sex > u64::from(r.total) {
            v.push(Violation::new(
                "reached.total",
                "sum_by_sex",
                "Tổng số người được tiếp cận phải bằng ít nhất số nữ cộng số nam.",
                "The persons reached must number at least the women and men counted.",
            ));
        }
        if self.materials_distributed > MAX_REACHED {
            v.push(too_many("materials_distributed"));
        }
        if self.materials_produced > MAX_REACHED {
            v.push(too_many("materials_produced"));
        }
    }
}

impl Training {
    fn check(&self, v: &mut Violations) {
        if self.topics.is_empty() {
            v.push(Violation::required("topics"));
        }
        v.max_items("topics", self.topics.len(), MAX_ITEMS);
        v.max_items("trainee_groups", self.trainee_groups.len(), MAX_ITEMS);
        if self.trainees() == 0 {
            v.push(Violation::new(
                "trainee_groups",
                "trainees_counted",
                "Hãy ghi số học viên theo cơ quan và giới tính.",
                "Count the trainees by agency and sex.",
            ));
        }
        for (i, g) in self.trainee_groups.iter().enumerate() {
            if g.sector.trim().is_empty() {
                v.push(Violation::required(&format!("trainee_sector_{i}")));
            }
            if g.female > MAX_REACHED || g.male > MAX_REACHED {
                v.push(too_many(&format!("trainee_female_{i}")));
            }
        }
        v.max_text("trainers", &self.trainers, MAX_TEXT);
        if u64::from(self.certificates) > self.trainees() {
            v.push(Violation::new(
                "certificates",
                "not_above_trainees",
                "Số chứng nhận không thể nhiều hơn số học viên.",
                "There cannot be more certificates than trainees.",
            ));
        }
    }
}

impl Meeting {
    fn check(&self, held_on: NaiveDate, v: &mut Violations) {
        v.require_text("chair", &self.chair, MAX_TITLE);
        v.max_items(
            "participating_agency_ids",
            self.participating_agency_ids.len(),
            MAX_ITEMS,
        );
        v.max_text("decisions", &self.decisions, MAX_TEXT);
        if self.working_group_id.is_none() && self.meeting_kind == MeetingKind::WorkingGroup {
            v.push(Violation::new(
                "working_group_id",
                "group_of_meeting",
                "Hãy chọn tổ công tác đã họp.",
                "Choose the working group that met.",
            ));
        }
        if self.working_group_id.is_some() && self.meeting_kind != MeetingKind::WorkingGroup {
            v.push(Violation::new(
                "meeting_kind",
                "working_group_meeting",
                "Cuộc họp của tổ công tác phải là loại «Họp tổ công tác».",
                "A working group's meeting is of the kind “working-group meeting”.",
            ));
        }
        v.max_items("follow_ups", self.follow_ups.len(), MAX_ITEMS);
        for (i, f) in self.follow_ups.iter().enumerate() {
            f.check(&format!("follow_ups_{i}"), held_on, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn activity(details: ActivityDetails) -> ActivityDraft {
        ActivityDraft {
            case_numbers: Vec::new(),
            title: "Nói chuyện chuyên đề tại trường THCS".into(),
            held_on: day(2026, 7, 30),
            ends_on: None,
            unit_id: "2025/01/00070".into(),
            area_flags: vec![AreaFlag::Border],
            task_id: None,
            details,
        }
    }

    fn rules(a: &ActivityDraft) -> Vec<(String, &'static str)> {
        a.check(day(2026, 8, 1))
            .err()
            .map(|v| v.0.into_iter().map(|x| (x.field, x.rule)).collect())
            .unwrap_or_default()
    }

    fn talk(reached: Reached) -> ActivityDetails {
        ActivityDetails::Communication(Communication {
            channel: "meeting_talk".into(),
            languages: vec!["vi".into()],
            audiences: vec!["students".into()],
            reached,
            materials_produced: 0,
            materials_distributed: 200,
        })
    }

    #[test]
    fn reached_by_sex_cannot_exceed_the_total() {
        let ok = activity(talk(Reached {
            total: 250,
            female: Some(130),
            male: Some(120),
        }));
        assert_eq!(rules(&ok), vec![]);
        let bad = activity(talk(Reached {
            total: 100,
            female: Some(u32::MAX),
            male: Some(u32::MAX),
        }));
        assert_eq!(rules(&bad), vec![("reached.total".into(), "sum_by_sex")]);
    }

    #[test]
    fn a_course_counts_its_trainees_and_no_more_certificates() {
        let course = Training {
            level: TrainingLevel::Province,
            topics: vec![],
            trainee_groups: vec![TraineeGroup {
                agency_id: None,
                sector: "police".into(),
                female: 0,
                male: 0,
            }],
            trainers: String::new(),
            certificates: 3,
        };
        let mut a = activity(ActivityDetails::Training(course.clone()));
        a.held_on = day(2026, 9, 1);
        a.ends_on = Some(day(2026, 8, 30));
        assert_eq!(
            rules(&a),
            vec![
                ("held_on".into(), "not_in_future"),
                ("ends_on".into(), "not_before_start"),
                ("topics".into(), "required"),
                ("trainee_groups".into(), "trainees_counted"),
                ("certificates".into(), "not_above_trainees"),
            ]
        );
        let counted = Training {
            topics: vec!["victim_support".into()],
            trainee_groups: vec![TraineeGroup {
                agency_id: Some(AgencyId(3)),
                sector: "police".into(),
                female: 12,
                male: 18,
            }],
            ..course
        };
        assert_eq!(counted.trainees(), 30);
        assert_eq!(rules(&activity(ActivityDetails::Training(counted))), vec![]);
    }

    #[test]
    fn kinds_have_stable_codes() {
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::from_code(k.code()), Some(k));
        }
        let meeting = ActivityDetails::Meeting(Meeting {
            meeting_kind: MeetingKind::Review,
            chair: "Phó Chủ tịch UBND tỉnh".into(),
            participating_agency_ids: vec![],
            decisions: String::new(),
            working_group_id: None,
            follow_ups: Vec::new(),
        });
        assert_eq!(meeting.kind(), ActivityKind::Meeting);
        assert_eq!(rules(&activity(meeting)), vec![]);
    }
}
