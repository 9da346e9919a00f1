use sea_orm::entity::prelude::*;

/// A blocking key of a person, as a keyed hash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_match_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub match_key: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
