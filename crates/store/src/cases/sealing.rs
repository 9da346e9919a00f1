//! Sealing the history chains with the audit key, once. A database written
//! before the key existed holds unkeyed SHA-256 chains; each is verified
//! first and re-sealed under the key only when it still holds, so a chain
//! altered before the key cannot be laundered into one that verifies. After
//! the database is marked sealed, an unsealed case is simply tampered.

use super::history::{self, content_of, first_broken_link, GENESIS};
use crate::entities::{audit_chain_state, case, case_history};
use crate::error::StoreResult;
use crate::store::Store;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// What sealing did: how many histories were sealed, and which cases were
/// left as they are because their old chain did not verify.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealReport {
    pub sealed: usize,
    pub refused: Vec<String>,
}

impl Store {
    /// Whether the history chains are sealed with an audit key.
    pub async fn audit_chains_sealed(&self) -> StoreResult<bool> {
        Ok(audit_chain_state::Entity::find_by_id(1)
            .one(self.db())
            .await?
            .is_some())
    }

    /// Seals every history with the audit key, the first time only (see the
    /// module). Called when the binary opens the database.
    pub async fn seal_audit_chains(&self) -> StoreResult<SealReport> {
        let txn = self.begin_write().await?;
        let mut report = SealReport::default();
        if audit_chain_state::Entity::find_by_id(1)
            .one(&*txn)
            .await?
            .is_some()
        {
            return Ok(report);
        }
        let key = txn.audit_key()?;
        let cases = case::Entity::find()
            .order_by_asc(case::Column::Id)
            .all(&*txn)
            .await?;
        for found in cases {
            let rows = case_history::Entity::find()
                .filter(case_history::Column::CaseId.eq(found.id))
                .order_by_asc(case_history::Column::Seq)
                .all(&*txn)
                .await?;
            let holds = first_broken_link(&rows, |entry, prev| entry.legacy_hash(prev)).is_none()
                && rows.last().map(|r| r.seq) == Some(found.version);
            if !holds {
                report.refused.push(found.case_number);
                continue;
            }
            let mut prev = GENESIS.to_owned();
            for row in rows {
                let hash = content_of(&row).hash(&prev, key);
                let mut sealed: case_history::ActiveModel = row.into();
                sealed.prev_hash = Set(prev.clone());
                sealed.hash = Set(hash.clone());
                sealed.update(&*txn).await?;
                prev = hash;
            }
            case::Entity::update_many()
                .col_expr(
                    case::Column::HistoryHead,
                    Some(history::head(key, found.id, found.version, &prev)).into(),
                )
                .filter(case::Column::Id.eq(found.id))
                .exec(&*txn)
                .await?;
            report.sealed += 1;
        }
        audit_chain_state::ActiveModel {
            id: Set(1),
            sealed_at: Set(history::now_micros()),
        }
        .insert(&*txn)
        .await?;
        txn.commit().await?;
        if !report.refused.is_empty() {
            tracing::error!(
                cases = report.refused.len(),
                "case histories that no longer verified were not sealed; haven audit verify names them"
            );
        }
        Ok(report)
    }
}
