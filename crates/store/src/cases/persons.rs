//! Persons: reading one with their cases, and merging two records found to
//! be the same person. A merge never deletes: the merged record stays,
//! pointing at the kept one, and every case of both records gets a history
//! entry saying what happened, so both histories remain whole.

use super::{append_history, history, index_person, internal, Actor, CaseRecord};
use crate::entities::{case, person};
use crate::error::{StoreError, StoreResult};
use crate::store::{Store, WriteTxn};
use haven_domain::case::person::Person;
use haven_domain::case::person_correction::CorrectPerson;
use haven_domain::case::person_merge::MergePersons;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// The history entry a merge leaves on each case of both records.
pub const MERGE_ENTRY: &str = "merge_person";

/// The history entry a correction of the person leaves on each of her cases.
pub const CORRECTION_ENTRY: &str = "correct_person";

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonView {
    pub id: i64,
    pub version: i32,
    /// Set when this record was merged into another; read that one instead.
    pub merged_into_id: Option<i64>,
    pub person: Person,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonMerge {
    pub kept_person_id: i64,
    pub merged_person_id: i64,
    /// Cases that now belong to the kept record.
    pub moved_cases: Vec<String>,
    /// Relative numbers of the merged record and their numbers on the kept one.
    pub relatives_renumbered: Vec<(u32, u32)>,
}

impl Store {
    pub async fn person_view(&self, id: i64) -> StoreResult<Option<PersonView>> {
        match person::Entity::find_by_id(id).one(self.db()).await? {
            Some(row) => Ok(Some(PersonView {
                id: row.id,
                version: row.version,
                merged_into_id: row.merged_into_id,
                person: serde_json::from_str(&row.data).map_err(internal)?,
            })),
            None => Ok(None),
        }
    }

    /// Every case of a person, oldest reception first.
    pub async fn cases_of_person(&self, person_id: i64) -> StoreResult<Vec<CaseRecord>> {
        self.records(
            case::Entity::find()
                .filter(case::Column::PersonId.eq(person_id))
                .order_by_asc(case::Column::ReceivedOn)
                .order_by_asc(case::Column::Id),
        )
        .await
    }

    /// Merges record `merged_id` into `kept_id`, both at the versions the
    /// user saw; moves the merged record's cases to the kept one.
    pub async fn merge_persons(
        &self,
        actor: Actor,
        (kept_id, kept_version): (i64, i32),
        (merged_id, merged_version): (i64, i32),
        reason: &str,
    ) -> StoreResult<PersonMerge> {
        let merge = MergePersons {
            kept_person_id: kept_id,
            merged_person_id: merged_id,
            reason,
        };
        merge.check()?;
        let txn = self.begin_write().await?;
        let kept = current_person(&txn, kept_id, kept_version).await?;
        let merged = current_person(&txn, merged_id, merged_version).await?;
        let kept_before: Person = serde_json::from_str(&kept.data).map_err(internal)?;
        let merged_person: Person = serde_json::from_str(&merged.data).map_err(internal)?;
        let (kept_person, absorbed) = merge.apply(&kept_before, &merged_person);

        // Filtered on the version read: a concurrent change to either record
        // makes this merge fail instead of overwriting it.
        index_person(&txn, &kept, &kept_person).await?;
        let merged_away = person::Entity::update_many()
            .col_expr(person::Column::MergedIntoId, Some(kept.id).into())
            .col_expr(person::Column::Version, (merged.version + 1).into())
            .filter(person::Column::Id.eq(merged.id))
            .filter(person::Column::Version.eq(merged.version))
            .filter(person::Column::MergedIntoId.is_null())
            .exec(&*txn)
            .await?
            .rows_affected;
        if merged_away != 1 {
            return Err(StoreError::StaleVersion {
                expected: merged_version.into(),
                current: (merged_version + 1).into(),
            });
        }

        let payload = serde_json::json!({
            "from_person_id": merged.id,
            "into_person_id": kept.id,
            "relatives_renumbered": absorbed.relatives_renumbered,
        });
        let cases = case::Entity::find()
            .filter(case::Column::PersonId.is_in([kept.id, merged.id]))
            .order_by_asc(case::Column::Id)
            .all(&*txn)
            .await?;
        let now = history::now_micros();
        let mut moved_cases = Vec::new();
        for row in cases {
            let moves = row.person_id == merged.id;
            let version = row.version + 1;
            let mut update = case::Entity::update_many()
                .col_expr(case::Column::Version, version.into())
                .col_expr(case::Column::UpdatedAt, now.into())
                .filter(case::Column::Id.eq(row.id))
                .filter(case::Column::Version.eq(row.version));
            if moves {
                update = update.col_expr(case::Column::PersonId, kept.id.into());
            }
            if update.exec(&*txn).await?.rows_affected != 1 {
                return Err(StoreError::StaleVersion {
                    expected: row.version,
                    current: row.version + 1,
                });
            }
            let changes = if moves {
                serde_json::json!({"person_id": {"before": merged.id, "after": kept.id}})
            } else {
                serde_json::json!({})
            };
            append_history(
                &txn,
                row.id,
                version,
                now,
                actor,
                MERGE_ENTRY,
                &payload,
                &changes,
                Some(reason.trim()),
            )
            .await?;
            if moves {
                moved_cases.push(row.case_number);
            }
        }
        // The moved cases are now hers: searched under her names (her keys
        // were refiled with her record above); the merged record is no
        // longer a duplicate candidate.
        super::kept::refile_names_of_cases(&txn, kept.id, &kept_person).await?;
        super::kept::forget_person(&txn, merged.id).await?;
        txn.commit().await?;
        tracing::info!(
            kept_person_id = kept.id,
            merged_person_id = merged.id,
            "person records merged"
        );
        Ok(PersonMerge {
            kept_person_id: kept.id,
            merged_person_id: merged.id,
            moved_cases,
            relatives_renumbered: absorbed.relatives_renumbered,
        })
    }
}

impl Store {
    /// Corrects the person's record, on the version the user saw: every
    /// changed field goes, with its value before and after, into the history
    /// of each of her cases, in the one transaction that writes the record.
    pub async fn correct_person(
        &self,
        actor: Actor,
        person_id: i64,
        version: i32,
        corrected: &Person,
        today: chrono::NaiveDate,
    ) -> StoreResult<PersonView> {
        let unknown = self.person_codes_unknown(corrected).await?;
        if !unknown.0.is_empty() {
            return Err(unknown.into());
        }
        let typed = serde_json::json!({ "person": corrected });
        haven_domain::case::limits::check_texts(&typed)?;
        let txn = self.begin_write().await?;
        let row = current_person(&txn, person_id, version).await?;
        let before: Person = serde_json::from_str(&row.data).map_err(internal)?;
        let changes = CorrectPerson {
            before: &before,
            after: corrected,
            today,
        }
        .check()?;
        index_person(&txn, &row, corrected).await?;
        let fields: Vec<&str> = changes.iter().map(|c| c.field.code()).collect();
        let payload = serde_json::json!({ "person_id": person_id, "fields": fields });
        let mut recorded = serde_json::Map::new();
        for change in &changes {
            recorded.insert(
                change.field.code().to_owned(),
                serde_json::json!({ "before": change.before, "after": change.after }),
            );
        }
        let recorded = serde_json::Value::Object(recorded);
        let cases = case::Entity::find()
            .filter(case::Column::PersonId.eq(person_id))
            .order_by_asc(case::Column::Id)
            .all(&*txn)
            .await?;
        let now = history::now_micros();
        for row in cases {
            let version = row.version + 1;
            let updated = case::Entity::update_many()
                .col_expr(case::Column::Version, version.into())
                .col_expr(case::Column::UpdatedAt, now.into())
                .filter(case::Column::Id.eq(row.id))
                .filter(case::Column::Version.eq(row.version))
                .exec(&*txn)
                .await?
                .rows_affected;
            if updated != 1 {
                return Err(StoreError::StaleVersion {
                    expected: row.version,
                    current: row.version + 1,
                });
            }
            append_history(
                &txn,
                row.id,
                version,
                now,
                actor,
                CORRECTION_ENTRY,
                &payload,
                &recorded,
                None,
            )
            .await?;
        }
        txn.commit().await?;
        tracing::info!(person_id, fields = fields.len(), "person record corrected");
        self.person_view(person_id)
            .await?
            .ok_or(StoreError::NotFound { what: "person" })
    }
}

/// The person row at `version`, not merged away already.
async fn current_person(txn: &WriteTxn, id: i64, version: i32) -> StoreResult<person::Model> {
    let row = person::Entity::find_by_id(id)
        .one(&**txn)
        .await?
        .ok_or(StoreError::NotFound { what: "person" })?;
    if row.merged_into_id.is_some() {
        return Err(StoreError::Rejected(haven_domain::case::Rejection::new(
            "already_merged",
            "Hồ sơ người này đã được gộp vào một hồ sơ khác.",
            "This person record was already merged into another.",
        )));
    }
    if row.version != version {
        return Err(StoreError::StaleVersion {
            expected: version.into(),
            current: row.version.into(),
        });
    }
    Ok(row)
}
