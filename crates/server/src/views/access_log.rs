//! The access log as an auditor reads it, by API and page alike: filtered by
//! case, user, agency, denied attempts and days (Vietnam's), newest first.

use crate::case_access::allow;
use crate::error::ApiError;
use crate::AppState;
use haven_access::Action;
use haven_store::access::{AccessQuery, AccessRecord};
use haven_store::UserAccount;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct AccessFilter {
    pub case_number: Option<String>,
    pub user_id: Option<i64>,
    pub agency_id: Option<i64>,
    /// `true`: denied attempts only.
    pub denied: Option<bool>,
    /// First day, in Vietnam's time (yyyy-mm-dd).
    pub from: Option<chrono::NaiveDate>,
    /// Last day, included.
    pub to: Option<chrono::NaiveDate>,
    /// Entries to skip, newest first.
    pub offset: Option<u64>,
    /// At most 1,000; 200 by default.
    pub limit: Option<u64>,
}

impl AccessFilter {
    /// The store's query: days are Vietnam's days (UTC+7), `to` included.
    pub(crate) fn query(&self) -> AccessQuery {
        let start_of = |day: chrono::NaiveDate| {
            day.and_hms_opt(0, 0, 0)
                .and_then(|midnight| midnight.checked_sub_signed(chrono::Duration::hours(7)))
                .map(|utc| {
                    chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(utc, chrono::Utc)
                })
        };
        AccessQuery {
            case_number: self.case_number.clone().filter(|n| !n.trim().is_empty()),
            user_id: self.user_id,
            agency_id: self.agency_id,
            denied_only: self.denied.unwrap_or(false),
            from: self.from.and_then(start_of),
            until: self.to.and_then(|day| day.succ_opt()).and_then(start_of),
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(200),
        }
    }
}

/// The entries the filter selects. Auditors only; reading the log is itself logged when denied.
pub async fn access_log(
    state: &AppState,
    user: &UserAccount,
    filter: &AccessFilter,
) -> Result<Vec<AccessRecord>, ApiError> {
    allow(state, user, Action::ReadAccessLog).await?;
    // Days a log can hold: a typing error is named, not read as "no limit".
    let mut wrong = haven_domain::Violations::default();
    for (field, day) in [("from", filter.from), ("to", filter.to)] {
        if day.is_some_and(|d| !(2000..=2200).contains(&chrono::Datelike::year(&d))) {
            wrong.push(haven_domain::Violation::new(
                field,
                "date_range",
                format!("«{field}» phải là một ngày trong khoảng năm 2000 đến 2200."),
                format!("“{field}” must be a day between the years 2000 and 2200."),
            ));
        }
    }
    wrong.into_result().map_err(ApiError::invalid)?;
    Ok(state.store.access_log(&filter.query()).await?)
}
