use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "persons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The domain `Person` as JSON: names, birth, papers, residence, contact.
    pub data: String,
    /// Name folded for matching (no diacritics, lower case); personal data too.
    pub name_key: String,
    pub birth_year: Option<i32>,
    pub home_unit_id: Option<String>,
    pub merged_into_id: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
}

/// Hand-written so a stray `{:?}` never prints personal data.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Person")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
