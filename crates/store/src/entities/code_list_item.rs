use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "code_list_items")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CodeListItem))]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub list: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub label_vi: String,
    pub label_en: String,
    /// Grouping within the list, e.g. the Art. 37 clause of a support service type.
    pub category: Option<String>,
    pub sort_order: i32,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
