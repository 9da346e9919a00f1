//! Sealing the history chains with the audit key, once. A database written
//! before the key existed holds unkeyed SHA-256 chains; each is verified
//! first and re-sealed under the key only when it still holds, so a chain
//! altered before the key cannot be laundered into one that verifies. After
//! the database is marked sealed, an unsealed case is simply tampered.
//!
//! Rotating the key re-seals every chain under the next key, in one
//! transaction, and only when every chain verifies under the current one.

use super::first_bad_seq;
use super::history::{self, content_of, first_broken_link, GENESIS};
use crate::audit_key::AuditKey;
use crate::entities::{audit_chain_state, case, case_history};
use crate::error::{StoreError, StoreResult};
use crate::store::{Store, WriteTxn};
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
            seal_case(&txn, &found, rows, key).await?;
            report.sealed += 1;
        }
        audit_chain_state::ActiveModel {
            id: Set(1),
            sealed_at: Set(history::now_micros()),
            key_id: Set(Some(key.id())),
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

/// The fingerprint of the audit key that sealed the chains, when sealed and recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditSeal {
    pub key_id: Option<String>,
}

impl Store {
    /// Whether and with which key the history chains are sealed.
    pub async fn audit_seal(&self) -> StoreResult<Option<AuditSeal>> {
        Ok(audit_chain_state::Entity::find_by_id(1)
            .one(self.db())
            .await?
            .map(|row| AuditSeal { key_id: row.key_id }))
    }

    /// Records the current key's fingerprint on a database sealed before
    /// fingerprints were kept.
    pub async fn record_audit_key_id(&self) -> StoreResult<()> {
        let txn = self.begin_write().await?;
        let key_id = txn.audit_key()?.id();
        audit_chain_state::Entity::update_many()
            .col_expr(audit_chain_state::Column::KeyId, Some(key_id).into())
            .filter(audit_chain_state::Column::Id.eq(1))
            .filter(audit_chain_state::Column::KeyId.is_null())
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Re-seals every history under `next`, all or nothing: refused, with
    /// the cases named, when any chain does not verify under the current key
    /// (a broken chain must not be laundered under a new key). Returns how
    /// many histories were re-sealed.
    pub async fn reseal_audit_chains(&self, next: &AuditKey) -> StoreResult<usize> {
        let txn = self.begin_write().await?;
        let current = txn.audit_key()?.clone();
        let cases = case::Entity::find()
            .order_by_asc(case::Column::Id)
            .all(&*txn)
            .await?;
        let mut broken = Vec::new();
        let mut resealed = 0;
        for found in cases {
            let rows = case_history::Entity::find()
                .filter(case_history::Column::CaseId.eq(found.id))
                .order_by_asc(case_history::Column::Seq)
                .all(&*txn)
                .await?;
            if first_bad_seq(&found, &rows, &current)?.is_some() {
                broken.push(found.case_number);
                continue;
            }
            seal_case(&txn, &found, rows, next).await?;
            resealed += 1;
        }
        if !broken.is_empty() {
            // Dropping the transaction rolls back what was re-sealed.
            return Err(StoreError::Refused(format!(
                "the histories of {} case(s) do not verify under the current audit key ({}); the key was not rotated — run haven audit verify",
                broken.len(),
                broken.join(", ")
            )));
        }
        audit_chain_state::Entity::update_many()
            .col_expr(audit_chain_state::Column::KeyId, Some(next.id()).into())
            .filter(audit_chain_state::Column::Id.eq(1))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        tracing::info!(
            cases = resealed,
            "case histories re-sealed under a new audit key"
        );
        Ok(resealed)
    }
}

/// Writes a case's chain and head under `key`.
async fn seal_case(
    txn: &WriteTxn,
    found: &case::Model,
    rows: Vec<case_history::Model>,
    key: &AuditKey,
) -> StoreResult<()> {
    let mut prev = GENESIS.to_owned();
    for row in rows {
        let hash = content_of(&row).hash(&prev, key);
        let mut sealed: case_history::ActiveModel = row.into();
        sealed.prev_hash = Set(prev.clone());
        sealed.hash = Set(hash.clone());
        sealed.update(&**txn).await?;
        prev = hash;
    }
    case::Entity::update_many()
        .col_expr(
            case::Column::HistoryHead,
            Some(history::head(key, found.id, found.version, &prev)).into(),
        )
        .filter(case::Column::Id.eq(found.id))
        .exec(&**txn)
        .await?;
    Ok(())
}
