use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub url: String,
    /// The event codes it is sent, comma-separated.
    pub events: String,
    /// The HMAC key deliveries are signed with (hex), shown once when registered.
    pub secret: String,
    pub active: bool,
    pub version: i64,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub deactivated_at: Option<DateTimeUtc>,
}

/// Hand-written so a stray `{:?}` never prints the secret.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookEndpoint")
            .field("id", &self.id)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
