//! Importing the lists provinces already keep: the index written places
//! are resolved against, built from both generations of the unit tables
//! (`domain::import::places` does the matching), and the rows written as
//! cases, once each (`write`).

mod write;

pub use write::{fingerprint, BatchOutcome, ImportedCase};

use crate::entities::admin_unit;
use crate::error::StoreResult;
use crate::store::Store;
use haven_domain::import::places::{PlaceIndex, UnitName};
use sea_orm::EntityTrait;

impl Store {
    /// Every unit, legacy and 2025, indexed by the key of its name.
    pub async fn place_index(&self) -> StoreResult<PlaceIndex> {
        let units = admin_unit::Entity::find().all(self.db()).await?;
        Ok(PlaceIndex::new(units.into_iter().map(|unit| UnitName {
            id: unit.id,
            name: unit.name,
            parent_id: unit.parent_id,
        })))
    }
}
