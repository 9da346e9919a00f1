//! Writing a list's rows as cases, a batch per transaction, through the
//! same path a reception takes (`cases::open_in`), each history entry
//! marked with the file and line it came from. A row whose fingerprint the
//! agency imported before is passed over, so importing a list twice — or
//! again after an interruption — creates nothing new.

use crate::cases::{open_in, prepared_reception, Actor, PersonChoice};
use crate::entities::import_fingerprint;
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::{NaiveDate, Utc};
use haven_domain::case::command::Reception;
use haven_domain::case::person::Person;
use haven_domain::{Violation, Violations};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// A row ready to be written: places resolved, checked by the dry run.
#[derive(Debug, Clone)]
pub struct ImportedCase {
    /// The row's line in the file.
    pub line: usize,
    pub person: Person,
    pub reception: Reception,
    /// The row's fingerprint text (`domain::import::rows::ListRow::fingerprint_text`).
    pub fingerprint_text: String,
}

/// What a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub created: usize,
    /// Imported before (by fingerprint), or twice in this batch.
    pub already_imported: usize,
}

/// The digest kept for a fingerprint text.
pub fn fingerprint(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl Store {
    /// Writes one batch of a list's rows for `actor`'s agency, in one
    /// transaction: all of the batch or none of it.
    pub async fn import_batch(
        &self,
        actor: Actor,
        file_name: &str,
        rows: &[ImportedCase],
        today: NaiveDate,
    ) -> StoreResult<BatchOutcome> {
        let mut prepared = Vec::with_capacity(rows.len());
        let mut problems = Violations::default();
        for row in rows {
            let reception = prepared_reception(actor, &row.person, &row.reception);
            if let Err(StoreError::Invalid(found)) = self
                .validate_reception(&row.person, &reception, today)
                .await
            {
                for v in found.0 {
                    problems.push(Violation {
                        field: format!("line {}: {}", row.line, v.field),
                        ..v
                    });
                }
            }
            prepared.push((row, reception, fingerprint(&row.fingerprint_text)));
        }
        problems.into_result()?;
        let agency = self
            .agency(actor.agency_id)
            .await?
            .ok_or(StoreError::NotFound { what: "agency" })?;
        let province = self.province_gso_code(&agency.admin_unit_id).await?;
        let file_name: String = file_name.chars().take(255).collect();

        let txn = self.begin_write().await?;
        let mut known: HashSet<String> = import_fingerprint::Entity::find()
            .filter(import_fingerprint::Column::AgencyId.eq(actor.agency_id))
            .filter(
                import_fingerprint::Column::Fingerprint
                    .is_in(prepared.iter().map(|(_, _, f)| f.clone())),
            )
            .all(&*txn)
            .await?
            .into_iter()
            .map(|row| row.fingerprint)
            .collect();
        let mut outcome = BatchOutcome::default();
        for (row, reception, digest) in prepared {
            if !known.insert(digest.clone()) {
                outcome.already_imported += 1;
                continue;
            }
            let marks = serde_json::json!({ "file": file_name, "line": row.line });
            let created = open_in(
                &txn,
                actor,
                PersonChoice::New(&row.person),
                &reception,
                province.clone(),
                None,
                Some(&marks),
            )
            .await?;
            import_fingerprint::ActiveModel {
                agency_id: Set(actor.agency_id),
                fingerprint: Set(digest),
                case_id: Set(created.id),
                file_name: Set(file_name.clone()),
                line: Set(i32::try_from(row.line).unwrap_or(i32::MAX)),
                imported_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&*txn)
            .await?;
            outcome.created += 1;
        }
        txn.commit().await?;
        Ok(outcome)
    }

    /// Which of these fingerprint texts `agency_id` imported before.
    pub async fn imported_before(
        &self,
        agency_id: i64,
        texts: &[String],
    ) -> StoreResult<HashSet<String>> {
        let digests: Vec<(String, &String)> = texts.iter().map(|t| (fingerprint(t), t)).collect();
        let found: HashSet<String> = import_fingerprint::Entity::find()
            .filter(import_fingerprint::Column::AgencyId.eq(agency_id))
            .filter(
                import_fingerprint::Column::Fingerprint
                    .is_in(digests.iter().map(|(d, _)| d.clone())),
            )
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| row.fingerprint)
            .collect();
        Ok(digests
            .into_iter()
            .filter(|(d, _)| found.contains(d))
            .map(|(_, t)| t.clone())
            .collect())
    }
}
