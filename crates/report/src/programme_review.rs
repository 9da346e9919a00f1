//! A plan's review (sơ kết while it runs, tổng kết once its years are
//! over): every target's value year by year against the plan, the whole
//! period, the tasks by status, and the activities held each year. Pure:
//! the targets' progress, the tasks' standings and the activities come in.

use crate::period::Period;
use crate::programme::{count_activities, Progress, TargetProgress};
use chrono::{Datelike, NaiveDate};
use haven_domain::programme::{
    ActivityDraft, ActivityMeasure, PlanYears, TargetDraft, TaskStanding,
};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStage {
    /// Sơ kết: the plan still runs.
    Interim,
    /// Tổng kết: its years are over.
    Final,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub stage: ReviewStage,
    pub years: Vec<i32>,
    pub targets: Vec<ReviewTarget>,
    pub tasks: TaskCounts,
    pub activities: Vec<YearActivities>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewTarget {
    pub section: String,
    pub definition: String,
    pub baseline: Option<i64>,
    /// One per year of the plan, in order.
    pub years: Vec<Progress>,
    pub whole_period: Progress,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TaskCounts {
    pub late: u64,
    pub in_progress: u64,
    pub not_started: u64,
    pub done: u64,
    pub dropped: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearActivities {
    pub year: i32,
    pub communication_sessions: u64,
    pub persons_reached: u64,
    pub training_courses: u64,
    pub persons_trained: u64,
    pub meetings_held: u64,
}

pub fn review(
    years: PlanYears,
    today: NaiveDate,
    targets: &[(TargetDraft, TargetProgress)],
    standings: &[TaskStanding],
    activities: &[ActivityDraft],
) -> Review {
    let mut tasks = TaskCounts::default();
    for standing in standings {
        let slot = match standing {
            TaskStanding::Late => &mut tasks.late,
            TaskStanding::InProgress => &mut tasks.in_progress,
            TaskStanding::NotStarted => &mut tasks.not_started,
            TaskStanding::Done => &mut tasks.done,
            TaskStanding::Dropped => &mut tasks.dropped,
        };
        *slot += 1;
    }
    Review {
        stage: if today.year() > years.last {
            ReviewStage::Final
        } else {
            ReviewStage::Interim
        },
        years: years.each().collect(),
        targets: targets
            .iter()
            .map(|(target, progress)| ReviewTarget {
                section: target.section.clone(),
                definition: target.definition.clone(),
                baseline: target.baseline,
                years: progress.years.clone(),
                whole_period: progress.whole_period.clone(),
            })
            .collect(),
        tasks,
        activities: years
            .each()
            .map(|year| {
                let period = Period::Year { year };
                let count = |m| count_activities(m, activities, period);
                YearActivities {
                    year,
                    communication_sessions: count(ActivityMeasure::CommunicationSessions),
                    persons_reached: count(ActivityMeasure::PersonsReached),
                    training_courses: count(ActivityMeasure::TrainingCourses),
                    persons_trained: count(ActivityMeasure::PersonsTrained),
                    meetings_held: count(ActivityMeasure::MeetingsHeld),
                }
            })
            .collect(),
    }
}

/// What heads the review's workbook.
pub struct ReviewHead<'a> {
    pub issuing_body: &'a str,
    pub plan_number: &'a str,
    pub plan_title: &'a str,
}

fn cell_text(p: &Progress) -> String {
    match (p.hidden, p.actual) {
        (true, _) => "—".into(),
        (false, Some(v)) if v.fract() == 0.0 => format!("{v:.0}"),
        (false, Some(v)) => format!("{v:.1}").replace('.', ","),
        (false, None) => String::new(),
    }
}

/// The review as an XLSX workbook (Vietnamese): targets by year (plan /
/// actual), tasks by status, activities by year.
pub fn write_xlsx(review: &Review, head: &ReviewHead<'_>) -> Result<Vec<u8>, XlsxError> {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let bold = base.clone().set_bold();
    let title = base
        .clone()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let header = base
        .clone()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
    let number = cell.clone().set_align(FormatAlign::Right);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sơ kết, tổng kết")?;
    sheet.set_column_width(0, 6.0)?;
    sheet.set_column_width(1, 50.0)?;
    let last_col = u16::try_from(2 + review.years.len() * 2 + 1).unwrap_or(u16::MAX);
    sheet.write_string_with_format(0, 0, head.issuing_body.to_uppercase(), &bold)?;
    let heading = match review.stage {
        ReviewStage::Interim => "BÁO CÁO SƠ KẾT",
        ReviewStage::Final => "BÁO CÁO TỔNG KẾT",
    };
    sheet.merge_range(2, 0, 2, last_col, heading, &title)?;
    sheet.merge_range(
        3,
        0,
        3,
        last_col,
        &format!("Thực hiện {} — {}", head.plan_number, head.plan_title),
        &bold,
    )?;
    let mut row = 5;
    sheet.write_string_with_format(row, 0, "STT", &header)?;
    sheet.write_string_with_format(row, 1, "Chỉ tiêu", &header)?;
    sheet.write_string_with_format(row, 2, "Giá trị ban đầu", &header)?;
    let mut col = 3u16;
    for year in &review.years {
        sheet.write_string_with_format(row, col, format!("{year}: kế hoạch"), &header)?;
        sheet.write_string_with_format(row, col + 1, format!("{year}: thực hiện"), &header)?;
        col += 2;
    }
    sheet.write_string_with_format(row, col, "Cả giai đoạn: kế hoạch", &header)?;
    sheet.write_string_with_format(row, col + 1, "Cả giai đoạn: thực hiện", &header)?;
    for (n, target) in review.targets.iter().enumerate() {
        row += 1;
        sheet.write_number_with_format(row, 0, (n + 1) as f64, &cell)?;
        sheet.write_string_with_format(row, 1, &target.definition, &cell)?;
        sheet.write_string_with_format(
            row,
            2,
            target.baseline.map(|b| b.to_string()).unwrap_or_default(),
            &number,
        )?;
        let mut col = 3u16;
        for p in target
            .years
            .iter()
            .chain(std::iter::once(&target.whole_period))
        {
            sheet.write_string_with_format(
                row,
                col,
                p.target.map(|t| t.to_string()).unwrap_or_default(),
                &number,
            )?;
            sheet.write_string_with_format(row, col + 1, cell_text(p), &number)?;
            col += 2;
        }
    }
    row += 2;
    sheet.write_string_with_format(row, 1, "Nhiệm vụ theo tình trạng", &bold)?;
    for (label, count) in [
        ("Chậm tiến độ", review.tasks.late),
        ("Đang thực hiện", review.tasks.in_progress),
        ("Chưa triển khai", review.tasks.not_started),
        ("Đã hoàn thành", review.tasks.done),
        ("Không thực hiện", review.tasks.dropped),
    ] {
        row += 1;
        sheet.write_string_with_format(row, 1, label, &cell)?;
        sheet.write_number_with_format(row, 2, count as f64, &number)?;
    }
    row += 2;
    sheet.write_string_with_format(row, 1, "Hoạt động theo năm", &bold)?;
    row += 1;
    for (col, text) in [
        "Năm",
        "Buổi truyền thông",
        "Người được tiếp cận",
        "Lớp tập huấn",
        "Người được tập huấn",
        "Cuộc họp",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, col as u16 + 1, *text, &header)?;
    }
    for year in &review.activities {
        row += 1;
        sheet.write_number_with_format(row, 1, f64::from(year.year), &cell)?;
        for (i, value) in [
            year.communication_sessions,
            year.persons_reached,
            year.training_courses,
            year.persons_trained,
            year.meetings_held,
        ]
        .iter()
        .enumerate()
        {
            sheet.write_number_with_format(row, i as u16 + 2, *value as f64, &number)?;
        }
    }
    book.save_to_buffer()
}
