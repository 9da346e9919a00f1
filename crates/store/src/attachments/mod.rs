//! Files kept with a case: stored outside the database with their SHA-256,
//! limited in size and type, recorded in the case history through the one
//! write path, and never served when missing or altered.

mod files;
mod keys;
mod limits;
pub mod rotation;

pub use files::{FileProblem, FileStore, Stray, StrayKind};
pub use keys::{KeyError, KeyRing};
pub use limits::AttachmentLimits;

use crate::cases::{Actor, CaseRecord};
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::NaiveDate;
use haven_domain::case::aggregate::CaseAttachment;
use haven_domain::case::command::Attachment;
use haven_domain::case::Command;
use serde::Serialize;

/// How long a file must lie untouched before it counts as stray.
pub const STRAY_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// A file as it arrives from the uploader.
pub struct Upload<'a> {
    pub file_name: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a [u8],
}

/// An attachment whose file is gone or no longer matches its checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DamagedAttachment {
    /// The case's number, or `plan/<id>` for a plan's document.
    pub case_number: String,
    /// The attachment's number in the case, or the plan document's id.
    pub attachment_no: u32,
    pub problem: FileProblem,
}

impl Store {
    /// Checks the file, stores it, then records `attach_document` on the case
    /// based on `expected_version`; a refused record leaves no file behind.
    pub async fn attach(
        &self,
        actor: Actor,
        case_number: &str,
        expected_version: i64,
        upload: Upload<'_>,
        today: NaiveDate,
    ) -> StoreResult<CaseRecord> {
        let files = self.attachment_files()?;
        let media_type = self
            .attachment_limits()
            .check(upload.file_name, upload.content)?;
        let (file_id, sha256) = files.write(upload.content).await.map_err(|e| {
            StoreError::Unreachable(format!(
                "cannot write to the attachment directory {}: {e}",
                files.dir().display()
            ))
        })?;
        let command = Command::AttachDocument(Attachment {
            file_id: file_id.clone(),
            file_name: upload.file_name.trim().to_owned(),
            media_type,
            size_bytes: upload.content.len() as i64,
            sha256,
            description: upload
                .description
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
            attached_on: today,
        });
        let recorded = self
            .record(actor, case_number, expected_version, &command, None, today)
            .await;
        if recorded.is_err() {
            files.remove(&file_id).await;
        }
        recorded
    }

    /// Attachment number `attachment_no` (from 1) of the case and its verified content.
    pub async fn attachment_content(
        &self,
        case: &CaseRecord,
        attachment_no: u32,
    ) -> StoreResult<(CaseAttachment, Vec<u8>)> {
        let attachment = attachment_no
            .checked_sub(1)
            .and_then(|i| case.state.attachments.get(i as usize))
            .ok_or(StoreError::NotFound { what: "attachment" })?;
        if attachment.withdrawn {
            return Err(StoreError::Withdrawn);
        }
        let files = self.attachment_files()?;
        match files
            .read_verified(
                &attachment.attachment.file_id,
                &attachment.attachment.sha256,
            )
            .await
        {
            Ok(Ok(content)) => Ok((attachment.clone(), content)),
            Ok(Err(problem)) => {
                tracing::error!(
                    case_id = case.id,
                    attachment_no,
                    ?problem,
                    "attachment file cannot be served; run `haven audit verify`"
                );
                Err(StoreError::AttachmentUnavailable(problem))
            }
            Err(e) => Err(StoreError::Unreachable(format!(
                "cannot read the attachment directory {}: {e}",
                files.dir().display()
            ))),
        }
    }

    /// Every attachment, withdrawn or not, whose file is missing or altered.
    pub async fn verify_attachments(&self) -> StoreResult<Vec<DamagedAttachment>> {
        let mut damaged = Vec::new();
        let files = match self.attachment_files() {
            Ok(files) => files,
            Err(_) => return Ok(damaged),
        };
        for case in self.all_cases_with_attachments().await? {
            for (i, attachment) in case.state.attachments.iter().enumerate() {
                let checked = files
                    .read_verified(
                        &attachment.attachment.file_id,
                        &attachment.attachment.sha256,
                    )
                    .await;
                let problem = match checked {
                    Ok(Ok(_)) => continue,
                    Ok(Err(problem)) => problem,
                    Err(_) => FileProblem::Missing,
                };
                damaged.push(DamagedAttachment {
                    case_number: case.case_number.clone(),
                    attachment_no: i as u32 + 1,
                    problem,
                });
            }
        }
        for (file_id, sha256, owner, number) in
            crate::programme::files_of_plan_documents(self).await?
        {
            let problem = match files.read_verified(&file_id, &sha256).await {
                Ok(Ok(_)) => continue,
                Ok(Err(problem)) => problem,
                Err(_) => FileProblem::Missing,
            };
            damaged.push(DamagedAttachment {
                case_number: owner,
                attachment_no: number,
                problem,
            });
        }
        Ok(damaged)
    }

    /// Files in the attachment directory no case refers to, and writes a crash
    /// left unfinished, untouched for [`STRAY_AFTER`] (an upload in flight on
    /// another server is younger). For `haven audit verify` to list.
    pub async fn stray_attachment_files(&self) -> StoreResult<Vec<Stray>> {
        let Ok(files) = self.attachment_files() else {
            return Ok(Vec::new());
        };
        let mut referenced = std::collections::HashSet::new();
        for case in self.all_cases_with_attachments().await? {
            for attachment in &case.state.attachments {
                referenced.insert(attachment.attachment.file_id.clone());
            }
        }
        // A plan's documents live in the same directory: never strays.
        for (file_id, ..) in crate::programme::files_of_plan_documents(self).await? {
            referenced.insert(file_id);
        }
        // So do the lists uploaded for import.
        for (file_id, _) in crate::import::jobs::files_of_import_jobs(self).await? {
            referenced.insert(file_id);
        }
        files.strays(&referenced, STRAY_AFTER).await.map_err(|e| {
            StoreError::Unreachable(format!(
                "cannot read the attachment directory {}: {e}",
                files.dir().display()
            ))
        })
    }

    /// Removes the stray files (see [`Store::stray_attachment_files`]), at
    /// start-up; returns them.
    pub async fn sweep_attachment_files(&self) -> StoreResult<Vec<Stray>> {
        let strays = self.stray_attachment_files().await?;
        if let Ok(files) = self.attachment_files() {
            files.sweep(&strays).await;
        }
        Ok(strays)
    }

    pub(crate) fn attachment_files(&self) -> StoreResult<&FileStore> {
        self.file_store().ok_or_else(|| {
            StoreError::Configuration("no attachment directory is configured; set data_dir".into())
        })
    }
}
