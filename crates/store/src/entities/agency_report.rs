use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agency_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agency_id: i64,
    /// The area whose social-affairs authority receives it.
    pub area_code: String,
    pub period_code: String,
    pub status: String,
    /// What the agency wrote, as JSON.
    pub narrative: String,
    /// The figures, as JSON: frozen once sent up.
    pub snapshot: String,
    /// The first sending: a returned report sent again keeps it.
    pub first_submitted_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    pub submitted_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i64>,
    pub review_comment: Option<String>,
    pub version: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
