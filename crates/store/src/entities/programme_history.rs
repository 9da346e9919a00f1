use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The plan the record belongs to (none for an activity outside a plan).
    pub plan_id: Option<i64>,
    /// `plan`, `target`, `task` or `activity`.
    pub record_kind: String,
    pub record_id: i64,
    /// `create`, `update` or `copy`.
    pub action: String,
    pub user_id: i64,
    pub at: DateTimeUtc,
    /// The record's JSON before the change (none when created) and after.
    pub before: Option<String>,
    pub after: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
