//! Documents attached to a plan: the file sealed in the attachment
//! directory as a case's are (checked for size and type, kept with its
//! SHA-256, never served when missing or altered), its row and its history
//! entry written in one transaction; a refused write leaves no file behind.
//! A document is withdrawn, never deleted.

use super::history::{self, Entry};
use super::{Author, Programme};
use crate::attachments::Upload;
use crate::entities::{plan, plan_document};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use haven_domain::ids::PlanId;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDocumentRecord {
    pub id: i64,
    pub plan_id: PlanId,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub description: Option<String>,
    pub attached_by: i64,
    pub attached_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

impl From<plan_document::Model> for PlanDocumentRecord {
    fn from(m: plan_document::Model) -> Self {
        PlanDocumentRecord {
            id: m.id,
            plan_id: PlanId(m.plan_id),
            file_name: m.file_name,
            media_type: m.media_type,
            size_bytes: m.size_bytes,
            sha256: m.sha256,
            description: m.description,
            attached_by: m.attached_by,
            attached_at: m.attached_at,
            withdrawn_at: m.withdrawn_at,
        }
    }
}

/// A description is a line, not a text.
const MAX_DESCRIPTION: usize = 500;

/// What the history keeps of a document: never its content.
fn summary(m: &plan_document::Model) -> String {
    serde_json::json!({
        "file_name": m.file_name,
        "media_type": m.media_type,
        "size_bytes": m.size_bytes,
        "sha256": m.sha256,
        "description": m.description,
        "withdrawn": m.withdrawn_at.is_some(),
    })
    .to_string()
}

impl Programme<'_> {
    /// Checks and stores the file, then records it on the plan.
    pub async fn attach_plan_document(
        &self,
        author: Author,
        plan_id: PlanId,
        upload: Upload<'_>,
    ) -> StoreResult<PlanDocumentRecord> {
        let files = self.store.attachment_files()?;
        let mut v = haven_domain::Violations::default();
        v.max_text(
            "description",
            upload.description.unwrap_or_default(),
            MAX_DESCRIPTION,
        );
        v.into_result().map_err(StoreError::Invalid)?;
        let media_type = self
            .store
            .attachment_limits()
            .check(upload.file_name, upload.content)
            .map_err(StoreError::Invalid)?;
        let (file_id, sha256) = files.write(upload.content).await.map_err(|e| {
            StoreError::Unreachable(format!(
                "cannot write to the attachment directory {}: {e}",
                files.dir().display()
            ))
        })?;
        let recorded = self
            .record_document(author, plan_id, &file_id, &sha256, &media_type, upload)
            .await;
        if recorded.is_err() {
            files.remove(&file_id).await;
        }
        recorded
    }

    async fn record_document(
        &self,
        author: Author,
        plan_id: PlanId,
        file_id: &str,
        sha256: &str,
        media_type: &str,
        upload: Upload<'_>,
    ) -> StoreResult<PlanDocumentRecord> {
        let txn = self.store.begin_write().await?;
        plan::Entity::find_by_id(plan_id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "plan" })?;
        let now = crate::cases::history::now_micros();
        let created = plan_document::ActiveModel {
            plan_id: Set(plan_id.get()),
            file_id: Set(file_id.to_owned()),
            file_name: Set(upload.file_name.trim().to_owned()),
            media_type: Set(media_type.to_owned()),
            size_bytes: Set(upload.content.len() as i64),
            sha256: Set(sha256.to_owned()),
            description: Set(upload
                .description
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)),
            attached_by: Set(author.user_id),
            attached_at: Set(now),
            withdrawn_at: Set(None),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        history::write(
            &*txn,
            Entry {
                plan_id: Some(plan_id),
                record_kind: "plan_document",
                record_id: created.id,
                action: "attach",
                user_id: author.user_id,
                at: now,
                before: None,
                after: &summary(&created),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(created.into())
    }

    /// The plan's documents, withdrawn ones included, oldest first.
    pub async fn plan_documents(&self, plan_id: PlanId) -> StoreResult<Vec<PlanDocumentRecord>> {
        Ok(plan_document::Entity::find()
            .filter(plan_document::Column::PlanId.eq(plan_id.get()))
            .order_by_asc(plan_document::Column::Id)
            .all(self.store.db())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    async fn document_row(&self, plan_id: PlanId, id: i64) -> StoreResult<plan_document::Model> {
        plan_document::Entity::find_by_id(id)
            .filter(plan_document::Column::PlanId.eq(plan_id.get()))
            .one(self.store.db())
            .await?
            .ok_or(StoreError::NotFound { what: "document" })
    }

    /// A document of the plan and its verified content.
    pub async fn plan_document_content(
        &self,
        plan_id: PlanId,
        id: i64,
    ) -> StoreResult<(PlanDocumentRecord, Vec<u8>)> {
        let row = self.document_row(plan_id, id).await?;
        if row.withdrawn_at.is_some() {
            return Err(StoreError::Withdrawn);
        }
        let files = self.store.attachment_files()?;
        match files.read_verified(&row.file_id, &row.sha256).await {
            Ok(Ok(content)) => Ok((row.into(), content)),
            Ok(Err(problem)) => {
                tracing::error!(
                    plan_id = plan_id.get(),
                    document = id,
                    ?problem,
                    "plan document cannot be served; run `haven audit verify`"
                );
                Err(StoreError::AttachmentUnavailable(problem))
            }
            Err(e) => Err(StoreError::Unreachable(format!(
                "cannot read the attachment directory {}: {e}",
                files.dir().display()
            ))),
        }
    }

    /// Withdraws a document: listed still, no longer served; the file stays
    /// for the audit.
    pub async fn withdraw_plan_document(
        &self,
        author: Author,
        plan_id: PlanId,
        id: i64,
    ) -> StoreResult<PlanDocumentRecord> {
        let txn = self.store.begin_write().await?;
        let row = plan_document::Entity::find_by_id(id)
            .filter(plan_document::Column::PlanId.eq(plan_id.get()))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "document" })?;
        if row.withdrawn_at.is_some() {
            return Err(StoreError::Withdrawn);
        }
        let before = summary(&row);
        let now = crate::cases::history::now_micros();
        let mut active: plan_document::ActiveModel = row.into();
        active.withdrawn_at = Set(Some(now));
        let saved = active.update(&*txn).await?;
        history::write(
            &*txn,
            Entry {
                plan_id: Some(plan_id),
                record_kind: "plan_document",
                record_id: id,
                action: "withdraw",
                user_id: author.user_id,
                at: now,
                before: Some(&before),
                after: &summary(&saved),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(saved.into())
    }
}

/// Every plan document's file: its name in the directory, its checksum, and
/// how `haven audit verify` names it (`plan/<id>`, the document's id).
pub(crate) async fn files_of_plan_documents(
    store: &crate::store::Store,
) -> StoreResult<Vec<(String, String, String, u32)>> {
    Ok(plan_document::Entity::find()
        .order_by_asc(plan_document::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(|d| {
            (
                d.file_id,
                d.sha256,
                format!("plan/{}", d.plan_id),
                u32::try_from(d.id).unwrap_or(u32::MAX),
            )
        })
        .collect())
}
