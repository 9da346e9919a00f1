use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_submissions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `VN`, a province's GSO code (`01`), or a commune's (`01/00070`).
    pub area_code: String,
    pub period_code: String,
    pub level: String,
    pub province_code: Option<String>,
    pub status: String,
    /// Kết quả đạt được.
    pub results: String,
    /// Hạn chế và nguyên nhân.
    pub limitations: String,
    pub difficulties: String,
    pub proposals: String,
    /// The report's figures as drafted or, once submitted, frozen (JSON; aggregates only).
    pub snapshot: String,
    pub fingerprint: String,
    pub due_on: Option<Date>,
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
