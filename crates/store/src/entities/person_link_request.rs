use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_link_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The new case whose person may be one known elsewhere.
    pub requesting_case_id: i64,
    pub requesting_agency_id: i64,
    pub requested_by: i64,
    /// The person known to another agency.
    pub known_person_id: i64,
    /// The known person's case whose lead agency answers.
    pub answering_case_id: i64,
    pub reason: String,
    /// `pending`, `accepted` or `declined`.
    pub status: String,
    /// JSON array of the person fields the answering agency shared.
    pub shared_fields: Option<String>,
    pub answer_comment: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
