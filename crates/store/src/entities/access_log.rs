use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub user_id: i64,
    pub agency_id: i64,
    /// A stable action code (`read_case`, `emergency_access`, …), never free text.
    pub action: String,
    pub case_number: Option<String>,
    /// `allow` or `deny`.
    pub outcome: String,
    /// The denial's reason code.
    pub detail: Option<String>,
    /// The account an administrator managed, for account administration.
    pub account_user_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
