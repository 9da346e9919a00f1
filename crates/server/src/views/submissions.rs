//! Report submission as the API and the pages show it: one unit's report
//! for a period (status, due date, narrative, the frozen figures and
//! whether the live ones have changed since, the trail), the steps the
//! caller may take on it, and for the level above the completeness and
//! timeliness of the units below. Who may do what is
//! `haven_access::submission_rights`; the workflow's rules are
//! `haven_report::submission`. Every read and step is in the access log.

use crate::case_access::{principal, today, write_log};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::views::narrative::NarrativeInput;
use crate::views::statistics::{area_name, compute_report, parse_period, CategoryNames};
use crate::AppState;
use chrono::NaiveDate;
use haven_access::{reporting_area, submission_rights, SubmissionRights};
use haven_report::submission::{
    fingerprint, next_status, transition, Action, Completeness, Narrative, Status, Timeliness,
};
use haven_report::{Area, Period, Report};
use haven_store::access::AccessEntry;
use haven_store::report_submissions::{
    NarrativeWrite, SubmissionEvent, SubmissionRecord, SubmissionWrite,
};
use haven_store::UserAccount;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct SubmissionQuery {
    /// The unit: a province's GSO code (`01`), a commune's (`01/00070`), or `VN`; the caller's own by default.
    pub area: Option<String>,
    /// `2026-Q1`, `2026-H1`, `2026`, `2021-2025`, …; this year by default.
    pub period: Option<String>,
}

/// What a step sends: the version seen, the narrative (drafting,
/// submitting), the comment (returning, approving).
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
pub struct SubmissionStep {
    /// The version seen; absent or 0 when no report was drafted yet.
    pub version: Option<i64>,
    /// Results, limitations, difficulties, proposals: all four to submit.
    #[serde(flatten)]
    pub narrative: NarrativeInput,
    /// The same four parts nested, as the member agencies' reports take
    /// them; when given, they are what is written.
    #[serde(default, rename = "narrative")]
    pub nested: Option<NarrativeInput>,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rights {
    pub draft: bool,
    pub review: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubmissionView {
    pub area: String,
    pub area_name: String,
    pub period: String,
    pub period_name: String,
    pub status: Option<Status>,
    pub due_on: Option<NaiveDate>,
    pub timeliness: Timeliness,
    pub rights: Rights,
    /// The steps the caller may take now.
    pub actions: Vec<Action>,
    pub record: Option<SubmissionRecord>,
    pub events: Vec<SubmissionEvent>,
    /// The figures as drafted or, once submitted, frozen.
    pub figures: Option<Report>,
    /// Whether the figures computed now differ from the frozen ones.
    pub live_changed: Option<bool>,
    /// The indicators whose figures differ.
    pub changed_indicators: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub area: String,
    pub name: String,
    pub status: Option<Status>,
    pub due_on: Option<NaiveDate>,
    pub first_submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub timeliness: Timeliness,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub period: String,
    pub period_name: String,
    /// The caller's own unit and its report's status.
    pub own_area: Option<String>,
    pub own_status: Option<Status>,
    /// The units below the caller's, which it reviews.
    pub units: Vec<UnitRow>,
    pub completeness: Completeness,
    pub completeness_percent: Option<f64>,
    pub timeliness_percent: Option<f64>,
}

fn national(state: &AppState, user: &UserAccount) -> bool {
    state.settings.national_agencies.contains(&user.agency_code)
}

fn rights_of(state: &AppState, user: &UserAccount, area: &str) -> SubmissionRights {
    submission_rights(
        &principal(state, user),
        user.agency_unit_today.as_deref(),
        national(state, user),
        area,
    )
}

fn own_area(state: &AppState, user: &UserAccount) -> Option<String> {
    reporting_area(user.agency_unit_today.as_deref(), national(state, user))
}

async fn log(state: &AppState, user: &UserAccount, action: &'static str, allowed: bool) {
    write_log(
        state,
        AccessEntry {
            user_id: user.id,
            agency_id: user.agency_id,
            action,
            case_number: None,
            allowed,
            detail: (!allowed).then_some("not_in_scope"),
            account_user_id: None,
        },
    )
    .await;
}

/// The unit a request names, or the caller's own.
fn area_asked(state: &AppState, user: &UserAccount, query: &SubmissionQuery) -> String {
    query
        .area
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .or_else(|| own_area(state, user))
        .unwrap_or_else(|| "VN".into())
}

fn period_of(query: &SubmissionQuery) -> Result<Period, ApiError> {
    parse_period(query.period.as_deref())
}

fn due_on(state: &AppState, area: &Area, period: &Period) -> Option<NaiveDate> {
    let level = area.reporting_level()?;
    state
        .settings
        .catalogue
        .calendar
        .due_date(period, level, area.province()?)
}

fn first_day(record: Option<&SubmissionRecord>) -> Option<NaiveDate> {
    record
        .and_then(|r| r.first_submitted_at)
        .map(|at| at.date_naive())
}

fn actions_open(status: Option<Status>, rights: &SubmissionRights) -> Vec<Action> {
    [
        Action::Draft,
        Action::Submit,
        Action::Approve,
        Action::Return,
    ]
    .into_iter()
    .filter(|a| {
        if a.by_reviewer() {
            rights.review
        } else {
            rights.draft
        }
    })
    .filter(|a| next_status(status, *a).is_ok())
    .collect()
}

/// What the unit wrote for the period, for its report's files: to those who
/// may read its submission, once written (a draft only to the unit itself).
pub async fn narrative_shown(
    state: &AppState,
    user: &UserAccount,
    area: &Area,
    period: &Period,
) -> Result<Option<Narrative>, ApiError> {
    let rights = rights_of(state, user, &area.code());
    if !rights.read {
        return Ok(None);
    }
    let Some(record) = state
        .store
        .report_submission(&area.code(), &period.to_string())
        .await?
    else {
        return Ok(None);
    };
    let sent = Status::parse(&record.status).is_some_and(Status::is_in);
    let narrative = Narrative {
        results: record.results,
        limitations: record.limitations,
        difficulties: record.difficulties,
        proposals: record.proposals,
    };
    Ok(((sent || rights.draft) && !narrative.is_blank()).then_some(narrative))
}

/// One unit's report for a period, as the caller may see it.
pub async fn view(
    state: &AppState,
    user: &UserAccount,
    query: &SubmissionQuery,
) -> Result<SubmissionView, ApiError> {
    let area_code = area_asked(state, user, query);
    let rights = rights_of(state, user, &area_code);
    log(state, user, "read_report_submission", rights.read).await;
    if !rights.read {
        return Err(ApiError::forbidden());
    }
    let period = period_of(query)?;
    let area = Area::parse(&area_code);
    let record = state
        .store
        .report_submission(&area.code(), &period.to_string())
        .await?;
    let status = record.as_ref().and_then(|r| Status::parse(&r.status));
    // What the unit writes is its own until it sends the report up.
    let record = record.map(|mut r| {
        if !rights.draft && !status.is_some_and(Status::is_in) {
            for part in [
                &mut r.results,
                &mut r.limitations,
                &mut r.difficulties,
                &mut r.proposals,
            ] {
                part.clear();
            }
        }
        r
    });
    let figures: Option<Report> = record
        .as_ref()
        .and_then(|r| serde_json::from_str(&r.snapshot).ok());
    let (live_changed, changed_indicators) = match &figures {
        Some(frozen) => {
            let live = compute_report(state, period, area.clone()).await?;
            let changed: Vec<String> = frozen
                .indicators
                .iter()
                .filter(|old| {
                    live.indicators
                        .iter()
                        .find(|new| new.code == old.code)
                        .is_none_or(|new| {
                            serde_json::to_value(new).ok() != serde_json::to_value(*old).ok()
                        })
                })
                .map(|i| i.code.clone())
                .collect();
            (Some(fingerprint(&live) != fingerprint(frozen)), changed)
        }
        None => (None, Vec::new()),
    };
    let events = match &record {
        Some(r) => state.store.report_submission_events(r.id).await?,
        None => Vec::new(),
    };
    let due = due_on(state, &area, &period);
    let names = CategoryNames::load(state, Lang::Vi, &area).await?;
    Ok(SubmissionView {
        area_name: area_name(&names, &area),
        area: area.code(),
        period: period.to_string(),
        period_name: period.name_vi(),
        status,
        due_on: due,
        timeliness: Timeliness::of(due, first_day(record.as_ref()), today()),
        actions: actions_open(status, &rights),
        rights: Rights {
            draft: rights.draft,
            review: rights.review,
        },
        record,
        events,
        figures,
        live_changed,
        changed_indicators,
    })
}

/// Takes one step on a unit's report; answers the report as it is now.
pub async fn act(
    state: &AppState,
    user: &UserAccount,
    query: &SubmissionQuery,
    action: Action,
    step: &SubmissionStep,
) -> Result<SubmissionView, ApiError> {
    let area_code = area_asked(state, user, query);
    let rights = rights_of(state, user, &area_code);
    let allowed = if action.by_reviewer() {
        rights.review
    } else {
        rights.draft
    };
    let log_action = match action {
        Action::Draft => "draft_report",
        Action::Submit => "submit_report",
        Action::Approve => "approve_report",
        Action::Return => "return_report",
    };
    log(state, user, log_action, allowed).await;
    if !allowed {
        return Err(ApiError::forbidden());
    }
    let period = period_of(query)?;
    if !action.by_reviewer() && period.from() > today() {
        return Err(ApiError::invalid(haven_domain::Violations(vec![
            haven_domain::Violation::new(
                "period",
                "started",
                "Kỳ báo cáo chưa bắt đầu.",
                "The period has not begun.",
            ),
        ])));
    }
    let area = Area::parse(&area_code);
    let record = state
        .store
        .report_submission(&area.code(), &period.to_string())
        .await?;
    // Told before the figures are computed; the store checks again as it writes.
    let seen = step.version.filter(|v| *v > 0);
    let current_version = record.as_ref().map(|r| r.version);
    if seen != current_version {
        return Err(haven_store::StoreError::StaleVersion {
            expected: seen.unwrap_or(0),
            current: current_version.unwrap_or(0),
        }
        .into());
    }
    let status = record.as_ref().and_then(|r| Status::parse(&r.status));
    let written = step
        .nested
        .clone()
        .unwrap_or_else(|| step.narrative.clone());
    let narrative = Narrative::from(written).trimmed();
    let next = transition(status, action, &narrative, &step.comment).map_err(ApiError::invalid)?;
    // The unit's own steps compute the figures now; submitting freezes them.
    let figures = if action.by_reviewer() {
        None
    } else {
        let report = compute_report(state, period, area.clone()).await?;
        let json = serde_json::to_string(&report).map_err(|_| {
            haven_store::StoreError::Internal("the report could not be kept".into())
        })?;
        Some((json, fingerprint(&report)))
    };
    let level = area.reporting_level().map_or("national", |l| l.code());
    let saved = state
        .store
        .save_report_submission(SubmissionWrite {
            area_code: &area.code(),
            period_code: &period.to_string(),
            level,
            province_code: area.province(),
            expected_version: seen,
            status: next.code(),
            action: action.code(),
            user_id: user.id,
            narrative: (!action.by_reviewer()).then_some(NarrativeWrite {
                results: &narrative.results,
                limitations: &narrative.limitations,
                difficulties: &narrative.difficulties,
                proposals: &narrative.proposals,
            }),
            snapshot: figures.as_ref().map(|(j, f)| (j.as_str(), f.as_str())),
            due_on: due_on(state, &area, &period),
            submits: action == Action::Submit,
            review_comment: action.by_reviewer().then_some(step.comment.trim()),
        })
        .await?;
    tracing::info!(
        user_id = user.id,
        submission = saved.id,
        action = action.code(),
        status = next.code(),
        "report submission step"
    );
    view(
        state,
        user,
        &SubmissionQuery {
            area: Some(area.code()),
            period: Some(period.to_string()),
        },
    )
    .await
}

/// The caller's own report and, for the level above, the units below with
/// their status, due date and timeliness.
pub async fn overview(
    state: &AppState,
    user: &UserAccount,
    period_code: Option<&str>,
) -> Result<Overview, ApiError> {
    let own = own_area(state, user);
    let scope = crate::views::statistics::scope_of(state, user);
    let allowed = own.is_some() && scope != haven_access::StatisticsScope::None;
    log(state, user, "read_report_submissions", allowed).await;
    let Some(own) = own.filter(|_| allowed) else {
        return Err(ApiError::forbidden());
    };
    let period = parse_period(period_code)?;
    let period_code = period.to_string();
    let units_below: Vec<(String, String)> = match Area::parse(&own) {
        Area::National => state
            .store
            .admin_units_under("2025", None)
            .await?
            .into_iter()
            .map(|u| (u.gso_code, u.name))
            .collect(),
        // A province expects a report from each commune where an agency works.
        Area::Province(province) => {
            let prefix = format!("2025/{province}/");
            let mut communes: Vec<String> = state
                .store
                .agencies()
                .await?
                .into_iter()
                .filter_map(|a| a.admin_unit_id.strip_prefix(&prefix).map(str::to_owned))
                .filter_map(|rest| rest.split('/').next().map(str::to_owned))
                .map(|commune| format!("{province}/{commune}"))
                .collect();
            communes.sort();
            communes.dedup();
            let names = CategoryNames::load(state, Lang::Vi, &Area::Province(province)).await?;
            communes
                .into_iter()
                .map(|c| {
                    let name = names.of(Some(haven_report::dimension::Dimension::Commune), &c);
                    (c, name)
                })
                .collect()
        }
        Area::Commune(_) => Vec::new(),
    };
    let prefix = match Area::parse(&own) {
        Area::Province(p) => Some(format!("{p}/")),
        Area::National | Area::Commune(_) => None,
    };
    let records = state
        .store
        .report_submissions_of_period(&period_code, prefix.as_deref())
        .await?;
    let today = today();
    let units: Vec<UnitRow> = units_below
        .into_iter()
        .map(|(code, name)| {
            let area = Area::parse(&code);
            let record = records.iter().find(|r| r.area_code == code);
            let due = due_on(state, &area, &period);
            UnitRow {
                status: record.and_then(|r| Status::parse(&r.status)),
                first_submitted_at: record.and_then(|r| r.first_submitted_at),
                timeliness: Timeliness::of(due, first_day(record), today),
                due_on: due,
                area: code,
                name,
            }
        })
        .collect();
    let completeness = Completeness::of(units.iter().map(|u| (u.status, u.timeliness)));
    let own_status = state
        .store
        .report_submission(&own, &period_code)
        .await?
        .and_then(|r| Status::parse(&r.status));
    Ok(Overview {
        period_name: period.name_vi(),
        period: period_code,
        own_area: Some(own),
        own_status,
        completeness_percent: Completeness::percent(completeness.submitted, completeness.expected),
        timeliness_percent: Completeness::percent(completeness.on_time, completeness.expected),
        completeness,
        units,
    })
}
