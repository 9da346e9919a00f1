//! The demo's programme: the ministry's plan for 2026–2030 with targets of
//! every kind, Hà Nội's plan started from it with tasks for each sector
//! (one late, one done, one dropped), and a dozen activities of each kind
//! held in the demo's provinces (with the city's working group, whose first
//! meeting hands out two actions), the city's budget (`demo_budget`) and
//! inspections of companies and facilities (`demo_inspections`).
//! All fictitious.

use crate::error::{StoreError, StoreResult};
use crate::programme::{Author, Programme};
use crate::store::Store;
use chrono::NaiveDate;
use haven_domain::ids::{AgencyId, PlanId, TaskId};
use haven_domain::programme::{
    ActivityDetails, ActivityDraft, ActivityMeasure, AreaFlag, Communication, Direction, FollowUp,
    Meeting, MeetingKind, Member, MemberRole, PlanDraft, Reached, TargetDraft, TargetSource,
    TargetUnit, TaskDraft, TaskStatus, TraineeGroup, Training, TrainingLevel, WorkingGroupDraft,
    YearValue,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

pub(crate) async fn author(store: &Store, username: &str) -> StoreResult<Author> {
    let user = store
        .user_by_username(username)
        .await?
        .ok_or(StoreError::NotFound { what: "demo user" })?;
    Ok(Author {
        user_id: user.id,
        agency_id: AgencyId(user.agency_id),
    })
}

pub(crate) async fn agency(store: &Store, code: &str) -> StoreResult<AgencyId> {
    store
        .agency_by_code(code)
        .await?
        .map(|a| AgencyId(a.id))
        .ok_or(StoreError::NotFound {
            what: "demo agency",
        })
}

fn every_year(value: i64) -> Vec<YearValue> {
    (2026..=2030)
        .map(|year| YearValue { year, value })
        .collect()
}

fn targets() -> Vec<TargetDraft> {
    let target = |section: &str, definition: &str, unit, yearly, whole, source| TargetDraft {
        section: section.into(),
        definition: definition.into(),
        unit,
        direction: Direction::AtLeast,
        baseline: None,
        yearly,
        whole_period: whole,
        source,
    };
    vec![
        TargetDraft {
            baseline: Some(85),
            ..target(
                "Mục tiêu 1. Tiếp nhận, xác minh",
                "100% người được tiếp nhận được xác minh, xác định",
                TargetUnit::Percent,
                every_year(100),
                Some(100),
                TargetSource::CaseRecords {
                    indicator: "verified_share".into(),
                },
            )
        },
        target(
            "Mục tiêu 2. Hỗ trợ nạn nhân",
            "100% nạn nhân có nhu cầu được hỗ trợ theo quy định",
            TargetUnit::Percent,
            every_year(100),
            Some(100),
            TargetSource::CaseRecords {
                indicator: "supported_share".into(),
            },
        ),
        target(
            "Mục tiêu 2. Hỗ trợ nạn nhân",
            "Ít nhất 90% lượt theo dõi sau hồi hương được thực hiện đúng hạn",
            TargetUnit::Percent,
            every_year(90),
            Some(90),
            TargetSource::CaseRecords {
                indicator: "follow_ups_on_time".into(),
            },
        ),
        target(
            "Mục tiêu 3. Nâng cao năng lực",
            "80% cán bộ làm công tác hỗ trợ nạn nhân được tập huấn (trên 400 cán bộ)",
            TargetUnit::Percent,
            vec![
                YearValue {
                    year: 2026,
                    value: 40,
                },
                YearValue {
                    year: 2027,
                    value: 60,
                },
            ],
            Some(80),
            TargetSource::Activities {
                measure: ActivityMeasure::PersonsTrained,
                of: Some(400),
            },
        ),
        target(
            "Mục tiêu 4. Truyền thông",
            "Mỗi năm ít nhất 6 buổi truyền thông tại xã biên giới, vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số",
            TargetUnit::Count,
            every_year(6),
            Some(30),
            TargetSource::Activities {
                measure: ActivityMeasure::CommunicationSessionsHighRisk,
                of: None,
            },
        ),
        target(
            "Mục tiêu 5. Phổ biến pháp luật",
            "100% văn bản pháp luật mới về phòng, chống mua bán người được phổ biến đến cán bộ",
            TargetUnit::Percent,
            every_year(100),
            Some(100),
            TargetSource::Manual {
                source: "Báo cáo của Sở Tư pháp".into(),
                actuals: vec![],
            },
        ),
    ]
}

pub async fn load(store: &Store) -> StoreResult<()> {
    let programme = store.programme();
    let ministry = author(store, "ministry.planner").await?;
    let planner = author(store, "planner").await?;
    let national = programme
        .create_plan(
            ministry,
            "VN",
            &PlanDraft {
                number: "1845/KH-BYT".into(),
                issued_on: d(2026, 1, 20),
                title: "Kế hoạch thực hiện Chương trình phòng, chống mua bán người giai đoạn 2026–2030 (lĩnh vực bảo trợ xã hội)".into(),
                first_year: 2026,
                last_year: 2030,
                orientation_year: Some(2035),
                parent_plan_id: None,
                summary: "Bảo đảm mọi nạn nhân được tiếp nhận, xác minh, bảo vệ và hỗ trợ kịp thời; nâng cao năng lực cán bộ và hiệu quả truyền thông ở địa bàn trọng điểm.".into(),
            },
        )
        .await?;
    for target in targets() {
        programme.add_target(ministry, national.id, &target).await?;
    }
    let city = programme
        .copy_plan(
            planner,
            national.id,
            "01",
            &PlanDraft {
                number: "301/KH-SYT".into(),
                issued_on: d(2026, 2, 10),
                title: "Kế hoạch phòng, chống mua bán người trên địa bàn Thành phố Hà Nội giai đoạn 2026–2030".into(),
                first_year: 2026,
                last_year: 2030,
                orientation_year: None,
                parent_plan_id: None,
                summary: "Cụ thể hóa kế hoạch của Bộ cho Thành phố; giao nhiệm vụ cho từng sở, ngành và phường, xã.".into(),
            },
        )
        .await?;
    // The manual target gets the city's own figure for 2026.
    if let Some(manual) = programme
        .targets_of(city.id)
        .await?
        .into_iter()
        .find(|t| matches!(t.target.source, TargetSource::Manual { .. }))
    {
        let mut target = manual.target.clone();
        target.source = TargetSource::Manual {
            source: "Báo cáo của Sở Tư pháp Hà Nội".into(),
            actuals: vec![YearValue {
                year: 2026,
                value: 85,
            }],
        };
        programme
            .update_target(planner, manual.id, manual.version, &target)
            .await?;
    }
    let tasks = city_tasks(store, &programme, planner, city.id).await?;
    activities(store, &programme, &tasks).await?;
    let accountant = author(store, "accountant").await?;
    let today = chrono::Utc::now().date_naive().max(d(2026, 8, 1));
    crate::demo_budget::load(&programme, accountant, city.id, tasks.training, today).await?;
    let police = author(store, "police").await?;
    let social = author(store, "social.worker").await?;
    let today = chrono::Utc::now().date_naive().max(d(2026, 11, 1));
    crate::demo_inspections::load(store, &programme, police, social, today).await
}

struct CityTasks {
    communication: TaskId,
    training: TaskId,
    review: TaskId,
}

async fn city_tasks(
    store: &Store,
    programme: &Programme<'_>,
    planner: Author,
    plan: PlanId,
) -> StoreResult<CityTasks> {
    let social = agency(store, "HNI-SYT").await?;
    let police = agency(store, "HNI-CA").await?;
    let legal = agency(store, "HNI-TGPL").await?;
    let women = agency(store, "HNI-HLHPN").await?;
    let ward = agency(store, "HNI-UBND-HK").await?;
    let steering = agency(store, "HNI-BCD138").await?;
    let task = |section: &str,
                title: &str,
                lead,
                cooperating: Vec<AgencyId>,
                dates: (NaiveDate, NaiveDate),
                status,
                reason: &str| TaskDraft {
        section: section.into(),
        title: title.into(),
        lead_agency_id: lead,
        cooperating_agency_ids: cooperating,
        starts_on: dates.0,
        ends_on: dates.1,
        status,
        status_reason: reason.into(),
    };
    let communication = programme
        .add_task(
            planner,
            plan,
            &task(
                "III.1",
                "Truyền thông phòng, chống mua bán người tại cộng đồng dân cư",
                women,
                vec![ward, social],
                (d(2026, 1, 1), d(2026, 12, 31)),
                TaskStatus::InProgress,
                "",
            ),
        )
        .await?;
    let training = programme
        .add_task(
            planner,
            plan,
            &task(
                "III.2",
                "Tập huấn kỹ năng nhận diện, hỗ trợ nạn nhân cho cán bộ phường, xã",
                social,
                vec![police, legal],
                (d(2026, 3, 1), d(2026, 6, 30)),
                TaskStatus::InProgress,
                "Còn hai lớp chưa tổ chức do trùng lịch sáp nhập đơn vị hành chính.",
            ),
        )
        .await?;
    programme
        .add_task(
            planner,
            plan,
            &task(
                "III.3",
                "Điều tra, xử lý nghiêm các vụ mua bán người",
                police,
                vec![],
                (d(2026, 1, 1), d(2030, 12, 31)),
                TaskStatus::InProgress,
                "",
            ),
        )
        .await?;
    programme
        .add_task(
            planner,
            plan,
            &task(
                "III.4",
                "Trợ giúp pháp lý miễn phí cho nạn nhân",
                legal,
                vec![social],
                (d(2026, 1, 1), d(2030, 12, 31)),
                TaskStatus::NotStarted,
                "",
            ),
        )
        .await?;
    let review = programme
        .add_task(
            planner,
            plan,
            &task(
                "IV",
                "Hội nghị sơ kết 6 tháng đầu năm 2026",
                social,
                vec![steering, police, women],
                (d(2026, 6, 1), d(2026, 7, 15)),
                TaskStatus::Done,
                "",
            ),
        )
        .await?;
    programme
        .add_task(
            planner,
            plan,
            &task(
                "IV",
                "Xây dựng phần mềm quản lý nạn nhân riêng của Thành phố",
                social,
                vec![],
                (d(2026, 1, 1), d(2026, 12, 31)),
                TaskStatus::Dropped,
                "Dùng chung hệ thống Haven của Bộ thay cho phần mềm riêng.",
            ),
        )
        .await?;
    Ok(CityTasks {
        communication: communication.id,
        training: training.id,
        review: review.id,
    })
}

async fn activities(
    store: &Store,
    programme: &Programme<'_>,
    tasks: &CityTasks,
) -> StoreResult<()> {
    let today = chrono::Utc::now().date_naive().max(d(2026, 7, 1));
    let women = author(store, "womens.union").await?;
    let border = author(store, "border.guard").await?;
    let social = author(store, "social.worker").await?;
    let police = author(store, "police").await?;
    let planner = author(store, "planner").await?;
    let channels = [
        "meeting_talk",
        "leaflet",
        "loudspeaker",
        "meeting_talk",
        "radio_tv",
        "online",
        "contest",
        "world_day_event",
        "meeting_talk",
        "poster",
        "clip",
        "meeting_talk",
    ];
    for (i, channel) in channels.iter().enumerate() {
        let n = u32::try_from(i).unwrap_or(0);
        // Every third is held by the border guards in a border commune of Lào Cai.
        let in_lao_cai = i % 3 == 2;
        let (who, unit, flags, languages, task) = if in_lao_cai {
            (
                border,
                "2025/15/02683",
                vec![AreaFlag::Border, AreaFlag::EthnicMinority],
                vec!["vi".to_owned(), "hmong".to_owned()],
                None,
            )
        } else {
            (
                women,
                if i % 2 == 0 {
                    "2025/01/00070"
                } else {
                    "2025/01/00004"
                },
                vec![],
                vec!["vi".to_owned()],
                Some(tasks.communication),
            )
        };
        let female = 40 + n * 7;
        let male = 25 + n * 5;
        let held_on = if *channel == "world_day_event" {
            d(2026, 7, 30).min(today)
        } else {
            d(2026, 1 + n / 2, 5 + n)
        };
        programme
            .record_activity(
                who,
                &ActivityDraft {
                    case_numbers: Vec::new(),
                    title: format!("Truyền thông phòng, chống mua bán người đợt {}", i + 1),
                    held_on,
                    ends_on: None,
                    unit_id: unit.into(),
                    area_flags: flags,
                    task_id: task,
                    details: ActivityDetails::Communication(Communication {
                        channel: (*channel).into(),
                        languages,
                        audiences: vec![["women", "students", "migrant_workers", "at_risk_youth"]
                            .get(i % 4)
                            .copied()
                            .unwrap_or("women")
                            .into()],
                        reached: Reached {
                            total: female + male,
                            female: Some(female),
                            male: Some(male),
                        },
                        materials_produced: if i % 4 == 1 { 500 } else { 0 },
                        materials_distributed: 100 + n * 20,
                    }),
                },
                today,
            )
            .await?;
    }
    let social_affairs = agency(store, "HNI-SYT").await?;
    let police_agency = agency(store, "HNI-CA").await?;
    let ward = agency(store, "HNI-UBND-HK").await?;
    let lao_cai = [
        agency(store, "LCI-SYT").await?,
        agency(store, "LCI-CA").await?,
        agency(store, "LCI-UBND-BX").await?,
    ];
    let topics = [
        ["victim_centred", "identification"],
        ["trauma_informed", "referral"],
        ["law", "child_friendly"],
        ["investigation", "law"],
    ];
    for i in 0..12u32 {
        let index = usize::try_from(i).unwrap_or(0);
        let (who, level, unit, task) = match i % 4 {
            0 | 1 => (
                social,
                TrainingLevel::Province,
                "2025/01/00004",
                Some(tasks.training),
            ),
            2 => (
                police,
                TrainingLevel::Province,
                "2025/01/00070",
                Some(tasks.training),
            ),
            _ => (border, TrainingLevel::Commune, "2025/15/02683", None),
        };
        // Lào Cai's courses train Lào Cai's staff, Hà Nội's Hà Nội's.
        let [social_affairs, police_agency, ward] = if i % 4 == 3 {
            lao_cai
        } else {
            [social_affairs, police_agency, ward]
        };
        let groups = vec![
            TraineeGroup {
                agency_id: Some(social_affairs),
                sector: "social_affairs".into(),
                female: 6 + i % 3,
                male: 2 + i % 2,
            },
            TraineeGroup {
                agency_id: Some(police_agency),
                sector: "police".into(),
                female: 1 + i % 2,
                male: 4 + i % 3,
            },
            TraineeGroup {
                agency_id: Some(ward),
                sector: "peoples_committee".into(),
                female: 3,
                male: 2,
            },
        ];
        let trainees: u32 = groups.iter().map(|g| g.female + g.male).sum();
        programme
            .record_activity(
                who,
                &ActivityDraft {
                    case_numbers: Vec::new(),
                    title: format!("Lớp tập huấn kỹ năng hỗ trợ nạn nhân số {}", i + 1),
                    held_on: d(2026, 1 + i / 2, 10 + i),
                    ends_on: Some(d(2026, 1 + i / 2, 11 + i)),
                    unit_id: unit.into(),
                    area_flags: vec![],
                    task_id: task,
                    details: ActivityDetails::Training(Training {
                        level,
                        topics: topics
                            .get(index % 4)
                            .map(|t| t.iter().map(|s| (*s).to_owned()).collect())
                            .unwrap_or_default(),
                        trainee_groups: groups,
                        trainers:
                            "Giảng viên Học viện Cảnh sát nhân dân; chuyên gia công tác xã hội"
                                .into(),
                        certificates: trainees - 1,
                    }),
                },
                today,
            )
            .await?;
    }
    let group = programme
        .create_working_group(
            planner,
            "01",
            &WorkingGroupDraft {
                name: "Tổ công tác liên ngành tiếp nhận, hỗ trợ nạn nhân bị mua bán Thành phố Hà Nội".into(),
                decision_number: "Quyết định 1520/QĐ-UBND".into(),
                decision_date: d(2025, 12, 15),
                remit: "Phối hợp tiếp nhận, xác minh, bảo vệ và hỗ trợ nạn nhân; theo dõi việc chuyển tuyến giữa các cơ quan.".into(),
                members: vec![
                    Member { name: "Phó Giám đốc Sở Y tế".into(), agency_id: social_affairs, role: MemberRole::Head },
                    Member { name: "Phó Trưởng phòng Cảnh sát hình sự".into(), agency_id: police_agency, role: MemberRole::DeputyHead },
                    Member { name: "Chủ tịch UBND phường Hoàn Kiếm".into(), agency_id: ward, role: MemberRole::Member },
                    Member { name: "Chuyên viên Phòng Bảo trợ xã hội".into(), agency_id: social_affairs, role: MemberRole::Secretary },
                ],
            },
            today,
        )
        .await?;
    let kinds = [
        MeetingKind::InterAgency,
        MeetingKind::WorkingGroup,
        MeetingKind::Review,
        MeetingKind::InternationalExchange,
    ];
    for i in 0..12u32 {
        let index = usize::try_from(i).unwrap_or(0);
        let kind = kinds
            .get(index % 4)
            .copied()
            .unwrap_or(MeetingKind::InterAgency);
        let review = kind == MeetingKind::Review && i < 4;
        programme
            .record_activity(
                planner,
                &ActivityDraft {
                    case_numbers: Vec::new(),
                    title: match kind {
                        MeetingKind::InterAgency => format!("Họp liên ngành tháng {}", 1 + i / 2),
                        MeetingKind::WorkingGroup => {
                            format!("Họp Tổ công tác liên ngành tiếp nhận, hỗ trợ nạn nhân lần {}", i + 1)
                        }
                        MeetingKind::Review if review => "Hội nghị sơ kết 6 tháng đầu năm 2026".into(),
                        MeetingKind::Review => {
                            format!("Hội nghị rà soát công tác hỗ trợ nạn nhân tháng {}", 1 + i / 2)
                        }
                        MeetingKind::InternationalExchange => {
                            "Trao đổi kinh nghiệm với đoàn công tác tỉnh Vân Nam".into()
                        }
                    },
                    held_on: if review { d(2026, 7, 10).min(today) } else { d(2026, 1 + i / 2, 3 + i) },
                    ends_on: None,
                    unit_id: "2025/01/00004".into(),
                    area_flags: vec![],
                    task_id: review.then_some(tasks.review),
                    details: ActivityDetails::Meeting(Meeting {
                        meeting_kind: kind,
                        chair: "Phó Giám đốc Sở Y tế".into(),
                        participating_agency_ids: vec![social_affairs, police_agency, ward],
                        decisions: "Thống nhất quy trình chuyển tuyến nạn nhân giữa phường và Trung tâm Công tác xã hội.".into(),
                        working_group_id: (kind == MeetingKind::WorkingGroup).then_some(group.id),
                        // The group's first meeting hands out two actions: one late, one done.
                        follow_ups: if i == 1 {
                            vec![
                                FollowUp {
                                    action: "Rà soát các trường hợp nghi bị mua bán trở về qua cửa khẩu".into(),
                                    owner_agency_id: police_agency,
                                    due_on: d(2026, 3, 31),
                                },
                                FollowUp {
                                    action: "Bố trí cán bộ đầu mối tiếp nhận tại phường".into(),
                                    owner_agency_id: ward,
                                    due_on: d(2026, 2, 28),
                                },
                            ]
                        } else {
                            Vec::new()
                        },
                    }),
                },
                today,
            )
            .await?;
    }
    if let Some(done) = programme
        .actions_of_group(group.id)
        .await?
        .into_iter()
        .find(|a| a.action.follow_up.owner_agency_id == ward)
    {
        programme
            .update_action(planner, done.id, done.version, TaskStatus::Done, "")
            .await?;
    }
    Ok(())
}
