//! Reads the facts for statistics from the store: the one part of this
//! crate that does I/O. The store keeps each case's facts, folded by the
//! write path in the transaction of each step, so a report reads only the
//! cases that can count in its period and area — not every history.

use crate::compute::Area;
use crate::facts::CaseFacts;
use crate::period::Period;
use haven_store::cases::statistics::FactsScope;
use haven_store::{Store, StoreResult};

/// The facts of the cases that can count in `period` within `area` (a
/// commune's cases are read with its province's and left out by the
/// report, which keeps to its area anyway).
pub async fn facts_in(store: &Store, area: &Area, period: Period) -> StoreResult<Vec<CaseFacts>> {
    store
        .kept_facts(&FactsScope {
            from: period.from(),
            to: period.to(),
            province: area.province().map(str::to_owned),
            lead_agency_id: None,
        })
        .await
}

/// The facts of the cases `agency` leads that can count in `period`.
pub async fn facts_of_agency(
    store: &Store,
    agency_id: i64,
    period: Period,
) -> StoreResult<Vec<CaseFacts>> {
    store
        .kept_facts(&FactsScope {
            from: period.from(),
            to: period.to(),
            province: None,
            lead_agency_id: Some(agency_id),
        })
        .await
}
