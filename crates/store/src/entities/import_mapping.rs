use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_mappings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agency_id: i64,
    /// SHA-256 (hex) of `domain::import::columns::shape_key`.
    pub shape_key: String,
    /// A column code (or null) per header, as JSON.
    pub mapping: String,
    pub saved_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
