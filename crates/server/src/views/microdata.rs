//! The anonymised victim-level export for international exchange (CTDC):
//! only a national statistics reader may make it, every attempt is in the
//! access log, and the k it is made with is never below the configured one.

use crate::case_access::{today, write_log};
use crate::error::ApiError;
use crate::views::statistics::{parse_period, scope_of};
use crate::AppState;
use haven_access::StatisticsScope;
use haven_domain::{Violation, Violations};
use haven_report::ctdc::variables::HtcdsLookup;
use haven_report::ctdc::{self, Microdata};
use haven_report::{Area, Period};
use haven_store::access::AccessEntry;
use haven_store::UserAccount;
use serde::Deserialize;
use utoipa::IntoParams;

/// The largest k asked for: beyond it nearly everything is generalised away.
pub const MAX_K: u32 = 1000;

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct MicrodataQuery {
    /// Whole years that are over: `2025`, `2021-2025`; last year by default.
    pub period: Option<String>,
    /// Each combination of year, gender, age, citizenship and country of
    /// exploitation occurs at least k times; the configured k by default,
    /// and never less.
    pub k: Option<u32>,
}

/// The export of a period, for a national statistics reader.
pub async fn microdata(
    state: &AppState,
    user: &UserAccount,
    query: &MicrodataQuery,
) -> Result<Microdata, ApiError> {
    let scope = scope_of(state, user);
    let allowed = scope == StatisticsScope::National;
    write_log(
        state,
        AccessEntry {
            user_id: user.id,
            agency_id: user.agency_id,
            action: "export_microdata",
            case_number: None,
            allowed,
            detail: match scope {
                StatisticsScope::National => None,
                StatisticsScope::Province(_) => Some("not_in_scope"),
                StatisticsScope::None => Some("missing_permission"),
            },
            account_user_id: None,
        },
    )
    .await;
    if !allowed {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "forbidden",
            "Chỉ người đọc thống kê của cơ quan cấp quốc gia được xuất dữ liệu theo từng người.",
            "Only statistics readers of a national agency may export victim-level data.",
        ));
    }
    let least = state.settings.microdata_k;
    let k = check_k(query.k, least)?;
    let period = match query
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(code) => whole_years_over(parse_period(Some(code))?)?,
        // Last year: the latest one that is over.
        None => Period::Year {
            year: chrono::Datelike::year(&today()) - 1,
        },
    };
    let facts = haven_report::source::facts_in(&state.store, &Area::National, period).await?;
    let htcds = htcds_lookup(state).await?;
    // The lattice search reads every person up to 144 times: off the
    // threads that answer requests.
    tokio::task::spawn_blocking(move || ctdc::microdata(&facts, &htcds, period, k))
        .await
        .map_err(|_| ApiError::export_failed())
}

/// Haven's codes of the trafficking's purposes and means as HTCDS names them.
pub async fn htcds_lookup(state: &AppState) -> Result<HtcdsLookup, ApiError> {
    let mut rows = Vec::new();
    for list in ["trafficking_purpose", "means_of_control"] {
        for mapping in state.store.htcds_mapping(list).await? {
            rows.push((mapping.list, mapping.code, mapping.htcds_value));
        }
    }
    Ok(HtcdsLookup::new(rows))
}

/// Only whole years that are over: two exports of periods a day apart —
/// or of the running year on two days — would otherwise single out
/// whoever was received in between.
fn whole_years_over(period: Period) -> Result<Period, ApiError> {
    match period {
        Period::Year { .. } | Period::Years { .. } if period.to() < today() => Ok(period),
        Period::Year { .. } | Period::Years { .. } => {
            Err(ApiError::invalid(Violations(vec![Violation::new(
                "period",
                "years_over",
                "Dữ liệu theo từng người chỉ xuất cho những năm đã kết thúc.",
                "Victim-level data is exported only for years that are over.",
            )])))
        }
        Period::Quarter { .. } | Period::HalfYear { .. } | Period::Custom { .. } => {
            Err(ApiError::invalid(Violations(vec![Violation::new(
                "period",
                "whole_years",
                "Dữ liệu theo từng người chỉ xuất theo cả năm (2026) hoặc nhiều năm (2021-2025).",
                "Victim-level data is exported for whole years only (2026, or 2021-2025).",
            )])))
        }
    }
}

/// The k asked for, between the configured least and `MAX_K`.
pub fn check_k(asked: Option<u32>, least: u32) -> Result<u32, ApiError> {
    let k = asked.unwrap_or(least);
    if k < least || k > MAX_K {
        return Err(ApiError::invalid(Violations(vec![Violation::new(
            "k",
            "range",
            format!("k phải từ {least} đến {MAX_K}."),
            format!("k must be from {least} to {MAX_K}."),
        )])));
    }
    Ok(k)
}

/// What an export promises, as the API gives it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct StatementView {
    pub period: String,
    pub k: u32,
    /// Identified or presumed victims registered in the period.
    pub persons: usize,
    /// Rows in the file.
    pub written: usize,
    pub suppressed: usize,
    pub generalised: Vec<GeneralisedView>,
    /// The file's columns, CTDC's 27 variables.
    pub columns: Vec<&'static str>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct GeneralisedView {
    /// The CTDC variable, e.g. `ageBroad`.
    pub variable: &'static str,
    pub level: u8,
    pub description_vi: String,
    pub description_en: String,
}

impl StatementView {
    pub fn of(microdata: &Microdata) -> StatementView {
        let haven_report::ctdc::anonymity::Statement {
            k,
            persons,
            written,
            suppressed,
            generalised,
        } = &microdata.statement;
        StatementView {
            period: microdata.period_code.clone(),
            k: *k,
            persons: *persons,
            written: *written,
            suppressed: *suppressed,
            generalised: generalised
                .iter()
                .map(|g| GeneralisedView {
                    variable: g.variable,
                    level: g.level,
                    description_vi: g.vi.clone(),
                    description_en: g.en.clone(),
                })
                .collect(),
            columns: ctdc::columns(),
        }
    }

    /// The statement in one header line: `k=10; persons=…; suppressed=…; generalised=ageBroad:1`.
    pub fn header(&self) -> String {
        let generalised: Vec<String> = self
            .generalised
            .iter()
            .map(|g| format!("{}:{}", g.variable, g.level))
            .collect();
        format!(
            "k={}; persons={}; written={}; suppressed={}; generalised={}",
            self.k,
            self.persons,
            self.written,
            self.suppressed,
            if generalised.is_empty() {
                "none".to_owned()
            } else {
                generalised.join(",")
            }
        )
    }
}
