use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agency_id: i64,
    pub user_id: i64,
    pub file_name: String,
    /// The uploaded file, sealed in the attachment directory.
    pub file_id: String,
    pub file_sha256: String,
    /// SHA-256 (hex) of `domain::import::columns::shape_key`.
    pub shape_key: String,
    /// The confirmed mapping: a column code (or null) per header, as JSON.
    pub mapping: Option<String>,
    /// The user's decision per possible duplicate, by line, as JSON.
    pub decisions: String,
    pub status: String,
    pub rows_ready: i64,
    pub rows_done: i64,
    pub created: i64,
    pub linked: i64,
    pub skipped: i64,
    pub already_imported: i64,
    pub failure: Option<String>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
