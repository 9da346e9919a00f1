//! Reads the records for statistics from the store: the one part of this
//! crate that does I/O.

use crate::facts::{CaseFacts, CaseRecordForStatistics};
use haven_store::{Store, StoreResult};

/// Every case's facts, as of now.
pub async fn load_facts(store: &Store) -> StoreResult<Vec<CaseFacts>> {
    Ok(store
        .statistical_cases()
        .await?
        .into_iter()
        .map(|c| {
            CaseFacts::from_record(&CaseRecordForStatistics {
                case_id: c.case_id,
                lead_agency_id: c.lead_agency_id,
                province: c.province_code,
                place_unit_id: c.place_unit_id,
                channel: c.channel,
                received_on: c.received_on,
                person: c.person,
                commands: c.commands,
            })
        })
        .collect())
}
