use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The agency the entry describes, if it is one of Haven's.
    pub agency_id: Option<i64>,
    /// The facility it describes, if it is one.
    pub facility_id: Option<i64>,
    pub kind: String,
    /// Where the provider is.
    pub unit_id: String,
    pub active: bool,
    /// The entry as its keeper wrote it, as JSON.
    pub body: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
