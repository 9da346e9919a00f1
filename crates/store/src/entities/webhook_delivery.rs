use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub endpoint_id: i64,
    /// The event's id, the same in its deliveries to every endpoint.
    pub event_id: String,
    pub event: String,
    /// A case's or contact's number, or a report's `area/period`.
    pub subject_ref: String,
    /// The agencies concerned, by code, comma-separated.
    pub agency_codes: String,
    pub occurred_at: DateTimeUtc,
    /// `pending`, `delivered`, or `failed` (given up).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub claimed_until: Option<DateTimeUtc>,
    /// What went wrong last, as a class.
    pub last_error: Option<String>,
    /// The HTTP status the endpoint answered last.
    pub last_status: Option<i32>,
    pub created_at: DateTimeUtc,
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
