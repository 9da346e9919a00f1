use sea_orm::entity::prelude::*;

/// One row once the history chains are sealed with the audit key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_chain_state")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub sealed_at: DateTimeUtc,
    /// Which audit key sealed the chains: [`crate::audit_key::AuditKey::id`].
    pub key_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
