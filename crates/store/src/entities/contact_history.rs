use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contact_id: i64,
    /// `create`, `update`, `dispatch`, `answer`, `escalate`, `link_case`, `follow_up_done`.
    pub action: String,
    /// None for what Haven did by itself (an escalation).
    pub user_id: Option<i64>,
    pub at: DateTimeUtc,
    pub before: Option<String>,
    pub after: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
