use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    /// The agency it concerns; with no `user_id`, its users who act on the kind read it.
    pub agency_id: i64,
    /// The one user it is for, when it is for one.
    pub user_id: Option<i64>,
    /// A case's or contact's number, a report's area and period, or nothing to say.
    pub subject_ref: String,
    /// A code saying more (a referral accepted, the deadline that is coming).
    pub detail: Option<String>,
    pub from_user_id: Option<i64>,
    /// A notice raised by a scan (a deadline) is raised once.
    pub dedupe_key: Option<String>,
    pub created_at: DateTimeUtc,
    /// When its emails were queued (claimed by one worker).
    pub fanned_out_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
