use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub email: Option<String>,
    /// Per kind, `off`, `each` or `daily` (JSON).
    pub choices: String,
    /// The daily digest covers notices after this instant.
    pub digest_through: Option<DateTimeUtc>,
    pub version: i64,
    pub updated_at: DateTimeUtc,
}

/// Hand-written so a stray `{:?}` never prints an email address.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotificationSetting")
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
