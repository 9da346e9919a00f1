use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The meeting that decided it.
    pub activity_id: i64,
    pub working_group_id: Option<i64>,
    /// Its place among the meeting's follow-ups.
    pub position: i32,
    pub owner_agency_id: i64,
    pub due_on: Date,
    pub status: String,
    /// The domain's `ActionDraft`, as JSON.
    pub body: String,
    pub version: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
