//! Member agencies' periodic reports as users see them: one's own agency's
//! report for a period (figures computed now until it is sent up, frozen
//! after), the authority's view of who in its area has reported, one report,
//! and the workflow's steps — each asked of the policy first.

use crate::case_access::today;
use crate::error::ApiError;
use crate::views::narrative::NarrativeInput;
use crate::views::programme::{agencies, agency_ref, allows, require, AgencyRef};
use crate::views::statistics::parse_period;
use crate::AppState;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use haven_access::{reporting_area, ProgrammeAction};
use haven_domain::ids::AgencyId;
use haven_domain::Violations;
use haven_report::agency_report::{agency_figures, AgencyFigures, ProtectedFigures};
use haven_report::calendar::ReportingLevel;
use haven_report::compute::Area;
use haven_report::narrative::Narrative;
use haven_report::period::Period;
use haven_report::submission::{next_status, Action, Status, Timeliness};
use haven_store::agency_reports::{AgencyReportRecord, AgencyReportWrite};
use haven_store::UserAccount;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgencyReportView {
    /// Absent until the report is first saved.
    pub id: Option<i64>,
    pub agency: AgencyRef,
    /// The area whose authority receives it.
    pub area_code: String,
    pub period: String,
    /// `draft`, `submitted`, `returned`, `approved`; absent before the first draft.
    pub status: Option<String>,
    pub version: Option<i64>,
    /// Computed now while it may change; as sent up after.
    #[schema(value_type = Object)]
    pub figures: ProtectedFigures,
    pub narrative: NarrativeInput,
    pub submitted_at: Option<DateTime<Utc>>,
    /// When it is due to the authority (the reporting calendar's
    /// `member_agency` days); absent for an ad hoc period.
    pub due_on: Option<NaiveDate>,
    /// Judged by the day it was first sent up.
    #[schema(value_type = String)]
    pub timeliness: Timeliness,
    pub review_comment: Option<String>,
    /// The caller may draft and send it up.
    pub may_file: bool,
    /// The caller may approve or return it.
    pub may_review: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberRow {
    pub agency: AgencyRef,
    pub report_id: Option<i64>,
    pub status: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    #[schema(value_type = String)]
    pub timeliness: Timeliness,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaOverview {
    pub area_code: String,
    pub period: String,
    /// The member agencies of the area, each with its report's status.
    pub agencies: Vec<MemberRow>,
    /// When the member agencies' reports are due; absent for an ad hoc period.
    pub due_on: Option<NaiveDate>,
    /// How many have sent theirs up (submitted or approved).
    pub reported: usize,
    /// How many sent theirs up by the due date.
    pub on_time: usize,
    /// How many sent theirs up after it.
    pub late: usize,
    /// How many have not sent theirs and the due date has passed.
    pub overdue: usize,
}

/// The sector of the social-affairs authority that receives and
/// consolidates the member agencies' reports of its area.
const AUTHORITY_SECTOR: &str = "social_affairs";

async fn is_authority(state: &AppState, agency: AgencyId) -> Result<bool, ApiError> {
    Ok(state
        .store
        .agency(agency.get())
        .await?
        .is_some_and(|a| a.sector == AUTHORITY_SECTOR))
}

/// The policy's question for filing one's own agency's report.
async fn file_action(
    state: &AppState,
    user: &UserAccount,
) -> Result<ProgrammeAction<'static>, ApiError> {
    Ok(ProgrammeAction::FileAgencyReport {
        authority: is_authority(state, AgencyId(user.agency_id)).await?,
    })
}

/// The policy's question for reviewing a report filed to `area` by `filer`.
async fn review_action(
    state: &AppState,
    user: &UserAccount,
    filer: AgencyId,
    area: &str,
) -> Result<ProgrammeAction<'static>, ApiError> {
    let own_area = area_of(state, user).ok();
    Ok(ProgrammeAction::ReviewAgencyReport {
        filer,
        in_own_area: own_area.as_deref() == Some(area),
        by_authority: is_authority(state, AgencyId(user.agency_id)).await?,
    })
}

/// The period asked for (this year by default) and its code, as reports are keyed.
fn period_of(period: Option<&str>) -> Result<(Period, String), ApiError> {
    let parsed = parse_period(period)?;
    Ok((parsed, parsed.code()))
}

/// The area a user's agency files to (and, for its authority, reviews).
fn area_of(state: &AppState, user: &UserAccount) -> Result<String, ApiError> {
    let national = state.settings.national_agencies.contains(&user.agency_code);
    reporting_area(user.agency_unit_today.as_deref(), national).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "agency_without_area",
            "Cơ quan của bạn chưa gắn với đơn vị hành chính hiện hành nên chưa báo cáo được.",
            "Your agency is not placed in a current administrative unit, so it cannot report.",
        )
    })
}

async fn figures_now(
    state: &AppState,
    agency: AgencyId,
    period: Period,
) -> Result<AgencyFigures, ApiError> {
    let facts = haven_report::source::facts_of_agency(&state.store, agency.get(), period).await?;
    let activities = state
        .store
        .programme()
        .activities_of_agency(agency, period.from(), period.to())
        .await?;
    let activities: Vec<_> = activities.into_iter().map(|a| a.activity).collect();
    Ok(agency_figures(agency.get(), &facts, &activities, period))
}

/// When a member agency's report to `area_code`'s authority is due.
fn due_on(state: &AppState, area_code: &str, period: &Period) -> Option<NaiveDate> {
    let area = Area::parse(area_code);
    state.settings.catalogue.calendar.due_date(
        period,
        ReportingLevel::MemberAgency,
        area.province().unwrap_or_default(),
    )
}

fn timeliness_of(due: Option<NaiveDate>, record: Option<&AgencyReportRecord>) -> Timeliness {
    let first_sent = record
        .and_then(|r| r.first_submitted_at)
        .map(|at| at.date_naive());
    Timeliness::of(due, first_sent, today())
}

fn status_of(record: Option<&AgencyReportRecord>) -> Option<Status> {
    record.and_then(|r| Status::parse(&r.status))
}

/// The figures a report shows: frozen once sent up, computed now before.
async fn figures_of(
    state: &AppState,
    agency: AgencyId,
    period: Period,
    record: Option<&AgencyReportRecord>,
) -> Result<AgencyFigures, ApiError> {
    match (status_of(record), record) {
        (Some(Status::Submitted | Status::Approved), Some(r)) => {
            Ok(serde_json::from_str(&r.snapshot).unwrap_or_default())
        }
        (Some(Status::Draft | Status::Returned) | None, _) | (Some(_), None) => {
            figures_now(state, agency, period).await
        }
    }
}

async fn view(
    state: &AppState,
    user: &UserAccount,
    agency: AgencyId,
    area_code: String,
    period: Period,
    period_code: String,
    record: Option<AgencyReportRecord>,
) -> Result<AgencyReportView, ApiError> {
    let figures = figures_of(state, agency, period, record.as_ref()).await?;
    let own = AgencyId(user.agency_id) == agency;
    let national = area_code == "VN";
    // Outside the agency, small counts of persons are hidden below national level.
    let threshold = (!own && !national).then_some(state.settings.catalogue.suppression_threshold);
    let names = agencies(state, vec![agency]).await?;
    let status = status_of(record.as_ref());
    let filing = file_action(state, user).await?;
    let reviewing = review_action(state, user, agency, &area_code).await?;
    let due = due_on(state, &area_code, &period);
    Ok(AgencyReportView {
        id: record.as_ref().map(|r| r.id),
        agency: agency_ref(&names, agency),
        area_code: area_code.clone(),
        period: period_code,
        status: record.as_ref().map(|r| r.status.clone()),
        version: record.as_ref().map(|r| r.version),
        figures: figures.protected(threshold),
        narrative: record
            .as_ref()
            .and_then(|r| serde_json::from_str::<Narrative>(&r.narrative).ok())
            .unwrap_or_default()
            .into(),
        submitted_at: record.as_ref().and_then(|r| r.submitted_at),
        due_on: due,
        timeliness: timeliness_of(due, record.as_ref()),
        review_comment: record.as_ref().and_then(|r| r.review_comment.clone()),
        may_file: own && allows(state, user, filing) && next_status(status, Action::Submit).is_ok(),
        may_review: allows(state, user, reviewing) && status == Some(Status::Submitted),
    })
}

/// One's own agency's report for a period.
pub async fn own(
    state: &AppState,
    user: &UserAccount,
    period: Option<&str>,
) -> Result<AgencyReportView, ApiError> {
    require(state, user, file_action(state, user).await?)?;
    let (period, code) = period_of(period)?;
    let agency = AgencyId(user.agency_id);
    let area = area_of(state, user)?;
    let record = state
        .store
        .agency_reports()
        .of_agency(agency, &code)
        .await?;
    view(state, user, agency, area, period, code, record).await
}

/// Drafts or sends up one's own agency's report, on the version seen.
pub async fn file(
    state: &AppState,
    user: &UserAccount,
    period: Option<&str>,
    action: Action,
    version: Option<i64>,
    narrative: NarrativeInput,
) -> Result<AgencyReportView, ApiError> {
    require(state, user, file_action(state, user).await?)?;
    let (parsed, code) = period_of(period)?;
    if parsed.from() > today() {
        return Err(ApiError::invalid(Violations(vec![
            haven_domain::Violation::new(
                "period",
                "started",
                "Kỳ báo cáo chưa bắt đầu.",
                "The period has not begun.",
            ),
        ])));
    }
    let agency = AgencyId(user.agency_id);
    let area = area_of(state, user)?;
    let store = state.store.agency_reports();
    let current = store.of_agency(agency, &code).await?;
    let next = next_status(status_of(current.as_ref()), action).map_err(ApiError::invalid)?;
    let narrative: Narrative = narrative.into();
    narrative
        .check(action == Action::Submit)
        .map_err(ApiError::invalid)?;
    let figures = figures_now(state, agency, parsed).await?;
    let snapshot = serde_json::to_string(&figures).unwrap_or_default();
    let narrative_json = serde_json::to_string(&narrative).unwrap_or_default();
    let saved = store
        .save(AgencyReportWrite {
            agency_id: agency,
            area_code: &area,
            period_code: &code,
            expected_version: version,
            status: next.code(),
            action: action.code(),
            user_id: user.id,
            narrative: Some(&narrative_json),
            snapshot: Some(&snapshot),
            submits: action == Action::Submit,
            review_comment: None,
        })
        .await?;
    view(state, user, agency, area, parsed, code, Some(saved)).await
}

async fn reviewable(
    state: &AppState,
    user: &UserAccount,
    record: &AgencyReportRecord,
) -> Result<(), ApiError> {
    if record.agency_id == AgencyId(user.agency_id) {
        return require(state, user, file_action(state, user).await?);
    }
    require(
        state,
        user,
        review_action(state, user, record.agency_id, &record.area_code).await?,
    )
}

/// One report: its agency's users, and the authority it is filed to.
pub async fn read(
    state: &AppState,
    user: &UserAccount,
    id: i64,
) -> Result<AgencyReportView, ApiError> {
    let record = state
        .store
        .agency_reports()
        .by_id(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    reviewable(state, user, &record).await?;
    // A draft is the agency's own until it is sent up.
    if record.agency_id != AgencyId(user.agency_id)
        && status_of(Some(&record)) == Some(Status::Draft)
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "not_sent",
            "Báo cáo chưa được gửi: cơ quan còn đang soạn.",
            "The report has not been sent up: the agency is still drafting it.",
        ));
    }
    let period = parse_period(Some(&record.period_code))?;
    view(
        state,
        user,
        record.agency_id,
        record.area_code.clone(),
        period,
        record.period_code.clone(),
        Some(record),
    )
    .await
}

/// Approves or returns a report sent up, on the version seen.
pub async fn review(
    state: &AppState,
    user: &UserAccount,
    id: i64,
    action: Action,
    version: i64,
    comment: &str,
) -> Result<AgencyReportView, ApiError> {
    let store = state.store.agency_reports();
    let record = store.by_id(id).await?.ok_or_else(ApiError::not_found)?;
    require(
        state,
        user,
        review_action(state, user, record.agency_id, &record.area_code).await?,
    )?;
    let next = haven_report::submission::transition(
        status_of(Some(&record)),
        action,
        &haven_report::submission::Narrative::default(),
        comment,
    )
    .map_err(ApiError::invalid)?;
    let saved = store
        .save(AgencyReportWrite {
            agency_id: record.agency_id,
            area_code: &record.area_code,
            period_code: &record.period_code,
            expected_version: Some(version),
            status: next.code(),
            action: action.code(),
            user_id: user.id,
            narrative: None,
            snapshot: None,
            submits: false,
            review_comment: Some(comment),
        })
        .await?;
    let period = parse_period(Some(&saved.period_code))?;
    view(
        state,
        user,
        saved.agency_id,
        saved.area_code.clone(),
        period,
        saved.period_code.clone(),
        Some(saved),
    )
    .await
}

/// The member agencies of an area: those placed at the area's own level,
/// the social-affairs authority aside.
pub async fn members_of(state: &AppState, area_code: &str) -> Result<Vec<AgencyId>, ApiError> {
    let unit = format!("2025/{area_code}");
    Ok(state
        .store
        .agencies()
        .await?
        .into_iter()
        .filter(|a| a.active && a.sector != AUTHORITY_SECTOR)
        .filter(|a| {
            if area_code == "VN" {
                state.settings.national_agencies.contains(&a.code)
            } else {
                a.admin_unit_id == unit && !state.settings.national_agencies.contains(&a.code)
            }
        })
        .map(|a| AgencyId(a.id))
        .collect())
}

/// Who in the reviewer's area has reported for the period.
pub async fn overview(
    state: &AppState,
    user: &UserAccount,
    period: Option<&str>,
) -> Result<AreaOverview, ApiError> {
    let area = area_of(state, user)?;
    require(
        state,
        user,
        review_action(state, user, AgencyId(0), &area).await?,
    )?;
    let (parsed, code) = period_of(period)?;
    let due = due_on(state, &area, &parsed);
    let reports = state.store.agency_reports().of_area(&area, &code).await?;
    let members: Vec<AgencyId> = members_of(state, &area)
        .await?
        .into_iter()
        .filter(|a| *a != AgencyId(user.agency_id))
        .collect();
    let names = agencies(state, members.clone()).await?;
    let rows: Vec<MemberRow> = members
        .iter()
        .map(|agency| {
            let report = reports.iter().find(|r| r.agency_id == *agency);
            MemberRow {
                agency: agency_ref(&names, *agency),
                report_id: report.map(|r| r.id),
                status: report.map(|r| r.status.clone()),
                submitted_at: report.and_then(|r| r.submitted_at),
                timeliness: timeliness_of(due, report),
            }
        })
        .collect();
    let reported = rows
        .iter()
        .filter(|r| {
            r.status
                .as_deref()
                .and_then(Status::parse)
                .is_some_and(Status::is_in)
        })
        .count();
    let counted = |t: Timeliness| rows.iter().filter(|r| r.timeliness == t).count();
    let (on_time, late, overdue) = (
        counted(Timeliness::OnTime),
        counted(Timeliness::Late),
        counted(Timeliness::Overdue),
    );
    Ok(AreaOverview {
        area_code: area,
        period: code,
        due_on: due,
        agencies: rows,
        reported,
        on_time,
        late,
        overdue,
    })
}

/// The report section that consolidates the member agencies' reports sent
/// up for an area and period: completeness, then each agency's figures.
pub async fn consolidated_section(
    state: &AppState,
    area: &Area,
    period_code: &str,
) -> Result<Option<haven_report::programme_report::ProgrammeSection>, ApiError> {
    use haven_report::programme_report::{ProgrammeLine, ProgrammeSection};
    let area_code = area.code();
    let members = members_of(state, &area_code).await?;
    let reports = state
        .store
        .agency_reports()
        .of_area(&area_code, period_code)
        .await?;
    if reports.is_empty() {
        return Ok(None);
    }
    let names = agencies(state, members.clone()).await?;
    let threshold =
        (*area != Area::National).then_some(state.settings.catalogue.suppression_threshold);
    let sent: Vec<&AgencyReportRecord> = reports
        .iter()
        .filter(|r| Status::parse(&r.status).is_some_and(Status::is_in))
        .collect();
    let line =
        |code: String, vi: String, en: String, unit: &str, value: Option<f64>, note: String| {
            ProgrammeLine {
                code,
                label_vi: vi,
                label_en: en,
                unit_vi: unit.to_owned(),
                hidden: value.is_none(),
                value,
                note_vi: note,
            }
        };
    let mut lines = vec![line(
        "agency_reports_in".into(),
        "Số cơ quan đã gửi báo cáo".into(),
        "Member agencies that reported".into(),
        "cơ quan",
        Some(sent.len() as f64),
        format!("trên {} cơ quan", members.len()),
    )];
    for r in sent {
        let figures: AgencyFigures = serde_json::from_str(&r.snapshot).unwrap_or_default();
        let shown = figures.protected(threshold);
        let name = agency_ref(&names, r.agency_id).name;
        let status = if r.status == Status::Approved.code() {
            "đã duyệt"
        } else {
            "đã gửi, chờ duyệt"
        };
        let activities = shown.communication_sessions
            + shown.training_courses
            + shown.meetings_held
            + shown.inspections_held;
        lines.push(line(
            format!("agency_report:{}:cases_received", r.agency_id),
            format!("{name}: số người được tiếp nhận"),
            format!("{name}: persons received"),
            "người",
            shown.cases_received.map(|n| n as f64),
            status.into(),
        ));
        lines.push(line(
            format!("agency_report:{}:activities", r.agency_id),
            format!("{name}: số hoạt động đã tổ chức"),
            format!("{name}: activities held"),
            "hoạt động",
            Some(activities as f64),
            String::new(),
        ));
    }
    Ok(Some(ProgrammeSection {
        code: "agency_reports".into(),
        title_vi: "Báo cáo của các cơ quan thành viên".into(),
        title_en: "Member agencies' reports".into(),
        lines,
    }))
}
