//! A case's stored state is derived from its history (the reception, then
//! each step applied in order). When the derivation learns something new —
//! consents kept and a referral's sharing decided by them, the latest risk
//! level — the states stored before are recomputed by a migration, so the
//! integrity check, which replays the history, agrees with what is stored.

use super::replay;
use crate::entities::{case, case_history};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Recomputes every case's state from its history; answers how many changed.
/// A history that cannot be replayed (tampered with, or unreadable) is left
/// as it is, for the integrity check to report.
pub(crate) async fn recompute_states<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    // Only the columns this migration knows: later ones add columns to `cases`.
    let cases: Vec<(i64, String)> = case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .column(case::Column::State)
        .order_by_asc(case::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut changed = 0u64;
    for (id, stored_state) in cases {
        let rows = case_history::Entity::find()
            .filter(case_history::Column::CaseId.eq(id))
            .order_by_asc(case_history::Column::Seq)
            .all(db)
            .await?;
        let Ok(Some(state)) = replay(&rows) else {
            continue;
        };
        let json = serde_json::to_string(&state).map_err(|e| DbErr::Custom(e.to_string()))?;
        if serde_json::from_str::<haven_domain::case::Case>(&stored_state).ok() == Some(state) {
            continue;
        }
        case::Entity::update_many()
            .col_expr(case::Column::State, Expr::value(json))
            .filter(case::Column::Id.eq(id))
            .exec(db)
            .await?;
        changed = changed.saturating_add(1);
    }
    Ok(changed)
}

impl crate::store::Store {
    /// Recomputes every case's stored state from its history (what the
    /// migration does once); answers how many states changed.
    pub async fn recompute_case_states(&self) -> crate::error::StoreResult<u64> {
        let changed = {
            let _writer = self.lock_writer().await;
            recompute_states(self.db()).await?
        };
        // A state derived anew may owe its deadlines on other days.
        self.refile_all_cases(false, true).await?;
        Ok(changed)
    }
}
