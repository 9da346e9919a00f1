use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub issuer_agency_id: i64,
    /// The issuing agency's reporting area when the plan was made: `VN`, `01`, `01/00070`.
    pub area_code: String,
    pub parent_plan_id: Option<i64>,
    pub copied_from_plan_id: Option<i64>,
    pub first_year: i32,
    pub last_year: i32,
    /// The domain's `PlanDraft`, as JSON.
    pub body: String,
    pub version: i64,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
