use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_dispatches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contact_id: i64,
    /// The agency asked to act.
    pub agency_id: i64,
    pub note: String,
    pub dispatched_at: DateTimeUtc,
    /// None when the deadline passed and Haven escalated it.
    pub dispatched_by: Option<i64>,
    pub due_at: DateTimeUtc,
    /// The dispatch this one escalates.
    pub escalated_from_id: Option<i64>,
    /// When this one was escalated, unanswered.
    pub escalated_at: Option<DateTimeUtc>,
    pub answered_at: Option<DateTimeUtc>,
    pub answered_by: Option<i64>,
    pub answer: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
