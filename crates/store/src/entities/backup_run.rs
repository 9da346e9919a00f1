use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "backup_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The day (Vietnam time) the run is for: one run a day.
    #[sea_orm(unique)]
    pub day: Date,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// `running`, `done` or `failed`.
    pub status: String,
    /// The archive written.
    pub file: Option<String>,
    pub bytes: Option<i64>,
    /// Why it failed, in words (no personal data: paths and causes).
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
