//! Writing a list's rows as cases, a batch per transaction, through the
//! same path a reception takes (`cases::open_in`), each history entry
//! marked with the file and line it came from. A row whose fingerprint the
//! agency imported before is passed over, so importing a list twice — or
//! again after an interruption — creates nothing new.

use crate::cases::{open_many_in, prepared_reception, Actor, KnownCodes, Opening, PersonChoice};
use crate::entities::{code_list_item, import_fingerprint};
use crate::error::{StoreError, StoreResult};
use crate::store::{Store, WriteTxn};
use chrono::{NaiveDate, Utc};
use haven_domain::case::command::{Command, ImportedFrom, Reception};
use haven_domain::case::person::Person;
use haven_domain::case::{Case, Context};
use haven_domain::import::steps::{column_of_step, replay};
use haven_domain::{Violation, Violations};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Set, Statement,
};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// A row ready to be written: places resolved, checked by the dry run.
#[derive(Debug, Clone)]
pub struct ImportedCase {
    /// The row's line in the file.
    pub line: usize,
    pub person: Person,
    pub reception: Reception,
    /// The row's fingerprint text (`domain::import::rows::ListRow::fingerprint_text`).
    pub fingerprint_text: String,
    /// The person Haven already knows this row is (the user's decision on
    /// a possible duplicate): the case opens for her, no new person.
    pub existing_person: Option<i64>,
    /// The steps the list records after the reception, in order
    /// (`domain::import::steps::ListSteps::commands`): each becomes a
    /// history entry of its own, dated as the list dates it.
    pub steps: Vec<Command>,
}

/// What a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub created: usize,
    /// Of those created, cases opened for a person already known.
    pub linked: usize,
    /// Imported before (by fingerprint), or twice in this batch.
    pub already_imported: usize,
}

/// Fingerprints written per statement.
const FINGERPRINTS_PER_STATEMENT: usize = 500;

/// The digest kept for a fingerprint text.
pub fn fingerprint(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl Store {
    /// Writes one batch of a list's rows for `actor`'s agency, in one
    /// transaction: all of the batch or none of it. Rows the agency
    /// imported before are passed over first; the rest are checked as a
    /// reception is (their codes looked up together) and a row refused
    /// refuses the batch, naming its line.
    pub async fn import_batch(
        &self,
        actor: Actor,
        file_name: &str,
        rows: &[ImportedCase],
        today: NaiveDate,
    ) -> StoreResult<BatchOutcome> {
        let txn = self.begin_write().await?;
        let outcome = self.import_in(&txn, actor, file_name, rows, today).await?;
        txn.commit().await?;
        Ok(outcome)
    }

    /// Writes several agencies' batches in one transaction, all or none
    /// (the generator's bulk path: with thousands of agencies, a batch of
    /// one agency's rows is small and a transaction each is most of the cost).
    pub async fn import_batches(
        &self,
        batches: &[(Actor, &[ImportedCase])],
        file_name: &str,
        today: NaiveDate,
    ) -> StoreResult<BatchOutcome> {
        let txn = self.begin_write().await?;
        let mut total = BatchOutcome::default();
        for (actor, rows) in batches {
            let outcome = self.import_in(&txn, *actor, file_name, rows, today).await?;
            total.created += outcome.created;
            total.linked += outcome.linked;
            total.already_imported += outcome.already_imported;
        }
        txn.commit().await?;
        Ok(total)
    }

    async fn import_in(
        &self,
        txn: &WriteTxn,
        actor: Actor,
        file_name: &str,
        rows: &[ImportedCase],
        today: NaiveDate,
    ) -> StoreResult<BatchOutcome> {
        let agency = self
            .agency(actor.agency_id)
            .await?
            .ok_or(StoreError::NotFound { what: "agency" })?;
        let province = self.province_gso_code(&agency.admin_unit_id).await?;
        let file_name: String = file_name.chars().take(255).collect();
        let earliest = self.rules().limits.earliest_reception;

        let digests: Vec<String> = rows
            .iter()
            .map(|r| fingerprint(&r.fingerprint_text))
            .collect();
        let mut known = known_fingerprints(&**txn, actor.agency_id, &digests).await?;
        let mut outcome = BatchOutcome::default();
        let mut fresh = Vec::with_capacity(rows.len());
        for (row, digest) in rows.iter().zip(digests) {
            if known.insert(digest.clone()) {
                let reception = prepared_reception(actor, &row.person, &row.reception);
                fresh.push((row, reception, digest));
            } else {
                outcome.already_imported += 1;
            }
        }

        let codes = KnownCodes::named_in(
            &**txn,
            fresh.iter().map(|(row, _, _)| &row.person),
            fresh.iter().map(|(_, reception, _)| reception),
        )
        .await?;
        let mut problems = Violations::default();
        for (row, reception, _) in &fresh {
            let found = codes.reception_violations(&row.person, reception, earliest, today);
            problems.0.extend(found.0.into_iter().map(|v| Violation {
                field: format!("line {}: {}", row.line, v.field),
                ..v
            }));
        }
        problems.into_result()?;
        let clauses = service_clauses(&**txn).await?;
        let mut steps = Vec::with_capacity(fresh.len());
        for (row, reception, _) in &fresh {
            let played = self.played_steps(actor, row, reception, &clauses, today);
            steps.push(played.map_err(|found| {
                Violations(
                    found
                        .0
                        .into_iter()
                        .map(|v| Violation {
                            field: format!("line {}: {}", row.line, v.field),
                            ..v
                        })
                        .collect(),
                )
            })?);
        }

        let openings: Vec<Opening<'_>> = fresh
            .iter()
            .zip(&steps)
            .map(|((row, reception, _), steps)| Opening {
                person: match row.existing_person {
                    Some(id) => PersonChoice::Existing(id, &row.person),
                    None => PersonChoice::New(&row.person),
                },
                reception,
                imported: Some(ImportedFrom {
                    file: file_name.clone(),
                    line: row.line,
                    imported_on: Some(today),
                }),
                steps,
            })
            .collect();
        let created = open_many_in(txn, actor, &province, &openings).await?;
        let imported_at = Utc::now();
        let marks = fresh.iter().zip(&created).map(|((row, _, digest), case)| {
            import_fingerprint::ActiveModel {
                agency_id: Set(actor.agency_id),
                fingerprint: Set(digest.clone()),
                case_id: Set(case.id),
                file_name: Set(file_name.clone()),
                line: Set(i32::try_from(row.line).unwrap_or(i32::MAX)),
                imported_at: Set(imported_at),
                ..Default::default()
            }
        });
        for chunk in marks.collect::<Vec<_>>().chunks(FINGERPRINTS_PER_STATEMENT) {
            import_fingerprint::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&**txn)
                .await?;
        }
        outcome.created = created.len();
        outcome.linked = fresh
            .iter()
            .filter(|(row, _, _)| row.existing_person.is_some())
            .count();
        Ok(outcome)
    }

    /// The rows a batch would refuse, each with what is wrong with it: the
    /// checks a reception takes (dates against today and the earliest
    /// reception, the codes, the lengths of texts), for the dry run to
    /// report by line before anything is written.
    pub async fn refused_rows(
        &self,
        actor: Actor,
        rows: &[ImportedCase],
        today: NaiveDate,
    ) -> StoreResult<Vec<(usize, Violations)>> {
        let earliest = self.rules().limits.earliest_reception;
        let prepared: Vec<_> = rows
            .iter()
            .map(|row| prepared_reception(actor, &row.person, &row.reception))
            .collect();
        let codes = KnownCodes::named_in(
            self.db(),
            rows.iter().map(|row| &row.person),
            prepared.iter(),
        )
        .await?;
        let clauses = service_clauses(self.db()).await?;
        Ok(rows
            .iter()
            .zip(&prepared)
            .filter_map(|(row, reception)| {
                let mut found = codes.reception_violations(&row.person, reception, earliest, today);
                if found.0.is_empty() {
                    if let Err(refused) = self.played_steps(actor, row, reception, &clauses, today)
                    {
                        found = refused;
                    }
                }
                (!found.0.is_empty()).then_some((row.line, found))
            })
            .collect())
    }

    /// A row's steps as they will be written, each service with its
    /// clause, once the journey's rules accept them in order on the case
    /// the reception opens; or why not, each field named `steps.<column>`
    /// after the list's column it comes from.
    fn played_steps(
        &self,
        actor: Actor,
        row: &ImportedCase,
        reception: &Reception,
        clauses: &HashMap<String, Option<String>>,
        today: NaiveDate,
    ) -> Result<Vec<Command>, Violations> {
        let mut steps = row.steps.clone();
        for step in &mut steps {
            if let Command::RecordService(service) = step {
                let Some(clause) = clauses.get(&service.service_type) else {
                    return Err(Violations(vec![Violation::unknown_code(
                        "steps.services",
                        "support_service_type",
                    )]));
                };
                service.clause = clause.clone();
            }
            let json = serde_json::to_value(&*step).unwrap_or_default();
            haven_domain::case::limits::check_texts(&json).map_err(|found| {
                Violations(
                    found
                        .0
                        .into_iter()
                        .map(|v| Violation {
                            field: format!(
                                "steps.{}",
                                column_of_step(step, Some(v.field.as_str())).code()
                            ),
                            ..v
                        })
                        .collect(),
                )
            })?;
        }
        let rules = self.rules();
        let ctx = Context {
            actor_agency_id: actor.agency_id,
            actor_user_id: actor.user_id,
            today,
            entitlements: &rules.entitlements,
            limits: &rules.limits,
            facility: None,
            worker_agency_id: None,
            relatives_on_record: 0,
        };
        replay(&Case::open(reception), &steps, &ctx).map_err(|refused| {
            Violations(
                refused
                    .into_iter()
                    .map(|refused| {
                        Violation::new(
                            format!("steps.{}", refused.column.code()),
                            refused.rejection.code,
                            refused.rejection.message_vi,
                            refused.rejection.message_en,
                        )
                    })
                    .collect(),
            )
        })?;
        Ok(steps)
    }

    /// Which of these fingerprint texts `agency_id` imported before.
    pub async fn imported_before(
        &self,
        agency_id: i64,
        texts: &[String],
    ) -> StoreResult<HashSet<String>> {
        let digests: Vec<(String, &String)> = texts.iter().map(|t| (fingerprint(t), t)).collect();
        let wanted: Vec<String> = digests.iter().map(|(d, _)| d.clone()).collect();
        let found = known_fingerprints(self.db(), agency_id, &wanted).await?;
        Ok(digests
            .into_iter()
            .filter(|(d, _)| found.contains(d))
            .map(|(_, t)| t.clone())
            .collect())
    }
}

/// Each active support service's clause of Art. 37 (its list category).
async fn service_clauses<C: ConnectionTrait>(
    db: &C,
) -> StoreResult<HashMap<String, Option<String>>> {
    Ok(code_list_item::Entity::find()
        .filter(code_list_item::Column::List.eq("support_service_type"))
        .filter(code_list_item::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|item| (item.code, item.category))
        .collect())
}

/// Which of `digests` the agency imported before. On PostgreSQL the
/// digests go as one text, unnested and joined on the unique index: an
/// `IN` list of bound values is compared row by row against every
/// fingerprint of the agency (seen at 0.7 s a batch by 65,000 rows),
/// while the join probes the index once per digest. SQLite probes the
/// index for each value of the `IN` list by itself.
async fn known_fingerprints<C: ConnectionTrait>(
    db: &C,
    agency_id: i64,
    digests: &[String],
) -> StoreResult<HashSet<String>> {
    if digests.is_empty() {
        return Ok(HashSet::new());
    }
    let backend = db.get_database_backend();
    match backend {
        DatabaseBackend::Postgres => {
            // Hex digests hold no comma.
            let rows = db
                .query_all(Statement::from_sql_and_values(
                    backend,
                    "SELECT f.fingerprint FROM unnest(string_to_array($1, ',')) AS wanted(digest) \
                     JOIN import_fingerprints f ON f.agency_id = $2 AND f.fingerprint = wanted.digest",
                    [digests.join(",").into(), agency_id.into()],
                ))
                .await?;
            rows.iter()
                .map(|row| Ok(row.try_get::<String>("", "fingerprint")?))
                .collect()
        }
        DatabaseBackend::Sqlite | DatabaseBackend::MySql => Ok(import_fingerprint::Entity::find()
            .filter(import_fingerprint::Column::AgencyId.eq(agency_id))
            .filter(import_fingerprint::Column::Fingerprint.is_in(digests.iter().cloned()))
            .all(db)
            .await?
            .into_iter()
            .map(|row| row.fingerprint)
            .collect()),
    }
}
