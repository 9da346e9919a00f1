use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `LH-2026-000123`: what people and emails name it by.
    pub contact_number: String,
    /// The hotline that took it.
    pub keeper_agency_id: i64,
    pub operator_user_id: i64,
    pub channel: String,
    pub urgency: String,
    pub started_at: DateTimeUtc,
    /// The caller's number in its one form, kept with their consent only.
    pub caller_number: Option<String>,
    pub place_unit_id: Option<String>,
    /// The case it opened or was attached to.
    pub case_id: Option<i64>,
    pub follow_up_at: Option<DateTimeUtc>,
    pub follow_up_done_at: Option<DateTimeUtc>,
    /// The operator's draft, as JSON.
    pub body: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
