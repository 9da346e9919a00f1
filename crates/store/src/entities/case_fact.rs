use chrono::NaiveDate;
use sea_orm::entity::prelude::*;

/// One case's statistical facts (JSON of the domain's `CaseFacts`) and the
/// days they can count on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_facts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: i64,
    pub lead_agency_id: i64,
    pub province_code: String,
    pub first_on: NaiveDate,
    pub last_on: NaiveDate,
    pub facts: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
