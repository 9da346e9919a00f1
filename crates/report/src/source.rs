//! Reads the records for statistics from the store: the one part of this
//! crate that does I/O.

use crate::facts::{CaseFacts, CaseRecordForStatistics};
use haven_store::{Store, StoreResult};
use std::collections::HashMap;

/// Every case's facts, as of now.
pub async fn load_facts(store: &Store) -> StoreResult<Vec<CaseFacts>> {
    // A legacy place shows in today's units through its primary successor.
    let successors: HashMap<String, String> = store
        .all_successor_links()
        .await?
        .into_iter()
        .filter(|link| link.is_primary)
        .map(|link| (link.legacy_id, link.successor_id))
        .collect();
    Ok(store
        .statistical_cases()
        .await?
        .into_iter()
        .map(|c| {
            let place_unit_today = c.place_unit_id.as_ref().and_then(|place| {
                if place.starts_with("2025/") {
                    Some(place.clone())
                } else {
                    successors.get(place).cloned()
                }
            });
            CaseFacts::from_record(&CaseRecordForStatistics {
                case_id: c.case_id,
                lead_agency_id: c.lead_agency_id,
                province: c.province_code,
                place_unit_id: c.place_unit_id,
                place_unit_today,
                channel: c.channel,
                received_on: c.received_on,
                person: c.person,
                commands: c.commands,
            })
        })
        .collect())
}
