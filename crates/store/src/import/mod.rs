//! Importing the lists provinces already keep: the index written places
//! are resolved against, built from both generations of the unit tables
//! (`domain::import::places` does the matching), and the rows written as
//! cases, once each (`write`).

pub mod jobs;
mod write;

pub use write::{fingerprint, BatchOutcome, ImportedCase};

use crate::entities::{admin_unit, person};
use crate::error::StoreResult;
use crate::store::Store;
use haven_domain::import::places::{PlaceIndex, UnitName};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;

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

    /// Which of these folded names (`matching::fold_name`) a person Haven
    /// knows bears: the rows of a list worth a duplicate search.
    pub async fn known_name_keys(&self, keys: &[String]) -> StoreResult<HashSet<String>> {
        let mut known = HashSet::new();
        for chunk in keys.chunks(900) {
            known.extend(
                person::Entity::find()
                    .select_only()
                    .column(person::Column::NameKey)
                    .filter(person::Column::MergedIntoId.is_null())
                    .filter(person::Column::NameKey.is_in(chunk.to_vec()))
                    .into_tuple::<String>()
                    .all(self.db())
                    .await?,
            );
        }
        Ok(known)
    }
}
