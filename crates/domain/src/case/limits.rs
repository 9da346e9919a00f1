//! Hard limits on what a request may record, beyond the journey's rules:
//! bounds that keep typing errors (a reception in year 1, an amount of
//! 9,223,372,036,854,775,807 đồng) out of the records and the statistics.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputLimits {
    /// Receptions dated before this day are refused as typing errors.
    pub earliest_reception: NaiveDate,
    /// The largest amount one service may record, in đồng.
    pub max_service_amount_vnd: i64,
}

/// Items a person's lists may hold (names, papers, relatives, languages).
pub const MAX_LIST_ITEMS: usize = 20;
/// Relatives to protect a person may have recorded.
pub const MAX_RELATIVES: usize = 50;
/// Oldest plausible age, in years.
pub const MAX_AGE: u32 = 120;

impl Default for InputLimits {
    fn default() -> Self {
        Self {
            earliest_reception: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN),
            // One billion đồng: far above any support the law gives one person at once.
            max_service_amount_vnd: 1_000_000_000,
        }
    }
}
