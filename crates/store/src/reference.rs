//! Reading reference data: administrative units and their successors, ethnic
//! groups, countries and code lists.

use crate::entities::{
    admin_unit, admin_unit_successor, code_list_htcds, code_list_item, country, ethnic_group,
};
use crate::error::StoreResult;
use crate::store::Store;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;

pub use admin_unit::Model as AdminUnit;
pub use code_list_htcds::Model as HtcdsMapping;
pub use code_list_item::Model as CodeListItem;
pub use country::Model as Country;
pub use ethnic_group::Model as EthnicGroup;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceCounts {
    pub provinces_2025: u64,
    pub communes_2025: u64,
    pub provinces_legacy: u64,
    pub districts_legacy: u64,
    pub communes_legacy: u64,
    pub ethnic_groups: u64,
    pub countries: u64,
}

impl Store {
    pub async fn reference_counts(&self) -> StoreResult<ReferenceCounts> {
        let units = |generation: &'static str, level: &'static str| {
            admin_unit::Entity::find()
                .filter(admin_unit::Column::Generation.eq(generation))
                .filter(admin_unit::Column::Level.eq(level))
                .count(self.db())
        };
        Ok(ReferenceCounts {
            provinces_2025: units("2025", "province").await?,
            communes_2025: units("2025", "commune").await?,
            provinces_legacy: units("legacy", "province").await?,
            districts_legacy: units("legacy", "district").await?,
            communes_legacy: units("legacy", "commune").await?,
            ethnic_groups: ethnic_group::Entity::find().count(self.db()).await?,
            countries: country::Entity::find().count(self.db()).await?,
        })
    }

    pub async fn admin_unit(&self, id: &str) -> StoreResult<Option<AdminUnit>> {
        Ok(admin_unit::Entity::find_by_id(id.to_owned())
            .one(self.db())
            .await?)
    }

    /// Units directly under `parent` (or the provinces of a generation when `parent` is `None`).
    pub async fn admin_units_under(
        &self,
        generation: &str,
        parent: Option<&str>,
    ) -> StoreResult<Vec<AdminUnit>> {
        let query =
            admin_unit::Entity::find().filter(admin_unit::Column::Generation.eq(generation));
        let query = match parent {
            Some(p) => query.filter(admin_unit::Column::ParentId.eq(p)),
            None => query.filter(admin_unit::Column::ParentId.is_null()),
        };
        Ok(query
            .order_by_asc(admin_unit::Column::Id)
            .all(self.db())
            .await?)
    }

    /// The 2025 unit that took over a legacy unit: for a commune split in
    /// several, the one the GSO converter names as default.
    pub async fn primary_successor(&self, legacy_id: &str) -> StoreResult<Option<AdminUnit>> {
        let link = admin_unit_successor::Entity::find()
            .filter(admin_unit_successor::Column::LegacyId.eq(legacy_id))
            .filter(admin_unit_successor::Column::IsPrimary.eq(true))
            .one(self.db())
            .await?;
        match link {
            Some(link) => self.admin_unit(&link.successor_id).await,
            None => Ok(None),
        }
    }

    pub async fn all_successor_links(&self) -> StoreResult<Vec<admin_unit_successor::Model>> {
        Ok(admin_unit_successor::Entity::find().all(self.db()).await?)
    }

    pub async fn admin_units_of(
        &self,
        generation: &str,
        level: &str,
    ) -> StoreResult<Vec<AdminUnit>> {
        Ok(admin_unit::Entity::find()
            .filter(admin_unit::Column::Generation.eq(generation))
            .filter(admin_unit::Column::Level.eq(level))
            .order_by_asc(admin_unit::Column::Id)
            .all(self.db())
            .await?)
    }

    pub async fn ethnic_groups(&self) -> StoreResult<Vec<EthnicGroup>> {
        Ok(ethnic_group::Entity::find()
            .order_by_asc(ethnic_group::Column::Code)
            .all(self.db())
            .await?)
    }

    pub async fn countries(&self) -> StoreResult<Vec<Country>> {
        Ok(country::Entity::find()
            .order_by_asc(country::Column::Code)
            .all(self.db())
            .await?)
    }

    /// The active items of one code list, in display order.
    pub async fn code_list(&self, list: &str) -> StoreResult<Vec<CodeListItem>> {
        Ok(code_list_item::Entity::find()
            .filter(code_list_item::Column::List.eq(list))
            .filter(code_list_item::Column::Active.eq(true))
            .order_by_asc(code_list_item::Column::SortOrder)
            .all(self.db())
            .await?)
    }

    pub async fn code_list_names(&self) -> StoreResult<Vec<String>> {
        let mut names: Vec<String> = code_list_item::Entity::find()
            .all(self.db())
            .await?
            .into_iter()
            .map(|i| i.list)
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// How a code list maps to HTCDS 2.0 (empty for lists without a counterpart).
    pub async fn htcds_mapping(&self, list: &str) -> StoreResult<Vec<HtcdsMapping>> {
        Ok(code_list_htcds::Entity::find()
            .filter(code_list_htcds::Column::List.eq(list))
            .all(self.db())
            .await?)
    }

    pub async fn code_exists(&self, list: &str, code: &str) -> StoreResult<bool> {
        Ok(
            code_list_item::Entity::find_by_id((list.to_owned(), code.to_owned()))
                .one(self.db())
                .await?
                .is_some_and(|i| i.active),
        )
    }
}
