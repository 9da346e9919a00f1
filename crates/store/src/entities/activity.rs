use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    /// The agency that held the activity and recorded it.
    pub agency_id: i64,
    pub task_id: Option<i64>,
    pub held_on: Date,
    pub unit_id: String,
    /// The company an inspection names.
    pub company_id: Option<i64>,
    /// The working group whose meeting it was.
    pub working_group_id: Option<i64>,
    /// The domain's `ActivityDraft`, as JSON.
    pub body: String,
    pub version: i64,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
