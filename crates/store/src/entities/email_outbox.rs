use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// None for a daily digest, which gathers several.
    pub notice_id: Option<i64>,
    pub user_id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// `pending`, `sent`, or `failed` (gave up after the last attempt).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// A worker sending it holds it until then.
    pub claimed_until: Option<DateTimeUtc>,
    /// What went wrong last, as a class (never the server's words, which may quote the address).
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

/// Hand-written so a stray `{:?}` never prints an address.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Email")
            .field("id", &self.id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
