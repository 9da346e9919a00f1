use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "admin_unit_successors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub legacy_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub successor_id: String,
    /// A legacy commune split between several 2025 communes has one primary successor.
    pub is_primary: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
