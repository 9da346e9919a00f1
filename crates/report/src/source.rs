//! Reads the records for statistics from the store: the one part of this
//! crate that does I/O. Folding every history is the expensive part of a
//! report, so the facts are kept until the store's statistics stamp says
//! a case or a person changed.

use crate::facts::{CaseFacts, CaseRecordForStatistics};
use haven_store::{Store, StoreResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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

/// The facts of the last load, with the stamp they were read at.
#[derive(Default)]
pub struct FactsCache {
    kept: Mutex<Option<(String, Arc<Vec<CaseFacts>>)>>,
}

impl FactsCache {
    /// Every case's facts as of now: the kept ones while nothing changed.
    pub async fn facts(&self, store: &Store) -> StoreResult<Arc<Vec<CaseFacts>>> {
        let stamp = store.statistics_stamp().await?;
        if let Some((kept_stamp, facts)) = self.kept.lock().map(|k| k.clone()).unwrap_or(None) {
            if kept_stamp == stamp {
                return Ok(facts);
            }
        }
        // Two requests may load at once after a change; both get fresh facts.
        let facts = Arc::new(load_facts(store).await?);
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some((stamp, facts.clone()));
        }
        Ok(facts)
    }
}
