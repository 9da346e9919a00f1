use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub case_number: String,
    pub person_id: i64,
    pub province_code: String,
    pub lead_agency_id: i64,
    pub phase: String,
    pub identification: String,
    pub channel: String,
    pub received_on: Date,
    pub place_unit_id: Option<String>,
    /// The domain `Case` as JSON.
    pub state: String,
    pub version: i64,
    /// The keyed head: HMAC of the version and the last entry's seal.
    pub history_head: Option<String>,
    /// The earliest open deadline (`DeadlineRules::next_due_on`), kept by the write path.
    pub next_due_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
