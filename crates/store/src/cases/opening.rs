//! Opening cases: the persons (when new), the cases with their numbers,
//! their first history entries sealed under the audit key, and the
//! agencies involved, in the caller's transaction. One reception and a
//! list's batch of five hundred take the same path; a batch writes each
//! table with a few multi-row statements instead of ten per case, which is
//! what lets a provincial list go in at thousands of rows a second.

use super::{history, involvement, numbers, to_json, PersonChoice};
use crate::cases::Actor;
use crate::entities::{case, case_agency, case_history, person};
use crate::error::{StoreError, StoreResult};
use crate::store::WriteTxn;
use chrono::{DateTime, Datelike, Utc};
use haven_domain::case::command::{Command, ImportedFrom};
use haven_domain::case::person::Person;
use haven_domain::case::{Case, Reception};
use haven_domain::matching::fold_name;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, EntityTrait, IntoActiveModel, Statement,
};
use std::collections::BTreeMap;

/// One case to open.
pub(crate) struct Opening<'a> {
    pub person: PersonChoice<'a>,
    /// Prepared for the actor (`prepared_reception`) and checked.
    pub reception: &'a Reception,
    /// The file and line of a case read from a list: kept in its
    /// reception (its first history entry), and no webhook announces it
    /// (old cases are history, not news).
    pub imported: Option<ImportedFrom>,
    /// Steps a list records after the reception, already accepted in
    /// order by the journey's rules (`domain::import::steps::replay`):
    /// each is an entry of its own after the reception's, marked with the
    /// file and line in its reason.
    pub steps: &'a [Command],
}

/// Rows per multi-row statement: well under either database's limit on
/// bound values for the widest table written here.
const ROWS_PER_STATEMENT: usize = 500;

/// Opens every case in `openings` for `actor` in `province`, in order.
pub(crate) async fn open_many_in(
    txn: &WriteTxn,
    actor: Actor,
    province: &str,
    openings: &[Opening<'_>],
) -> StoreResult<Vec<case::Model>> {
    if openings.is_empty() {
        return Ok(Vec::new());
    }
    let now = history::now_micros();
    let person_ids = write_new_persons(txn, openings, now).await?;
    let case_numbers = allocate_numbers(txn, province, openings).await?;
    let case_ids = reserve_ids(txn, "cases", openings.len()).await?;
    let key = txn.audit_key()?;

    let mut cases = Vec::with_capacity(openings.len());
    let mut entries = Vec::with_capacity(openings.len());
    let mut involved = Vec::with_capacity(openings.len());
    for (((opening, person_id), case_number), case_id) in openings
        .iter()
        .zip(person_ids)
        .zip(case_numbers)
        .zip(case_ids)
    {
        let reception = Reception {
            imported: opening.imported.clone(),
            ..opening.reception.clone()
        };
        let mut state = Case::open(&reception);
        let mut sealed = EntrySealer {
            case_id,
            now,
            actor,
            key,
            prev_hash: history::GENESIS.to_owned(),
            seq: 0,
        };
        let payload = serde_json::to_value(&reception).map_err(super::internal)?;
        let opened = serde_json::to_value(&state).map_err(super::internal)?;
        let changes = history::changes(&serde_json::json!({}), &opened);
        entries.push(sealed.entry("receive", &payload, &changes, None));
        let marked = opening
            .imported
            .as_ref()
            .map(|from| format!("Nhập từ danh sách «{}», dòng {}", from.file, from.line));
        let mut before = opened;
        for step in opening.steps {
            state.apply(step, actor.agency_id);
            let after = serde_json::to_value(&state).map_err(super::internal)?;
            let payload = serde_json::to_value(step).map_err(super::internal)?;
            let changes = history::changes(&before, &after);
            entries.push(sealed.entry(step.name(), &payload, &changes, marked.as_deref()));
            before = after;
        }
        involved.extend(
            involvement(&state)
                .into_iter()
                .map(|(agency_id, relation)| case_agency::Model {
                    case_id,
                    agency_id,
                    relation: relation.into(),
                }),
        );
        cases.push(case::Model {
            id: case_id,
            case_number,
            person_id,
            province_code: province.to_owned(),
            lead_agency_id: state.lead_agency_id,
            phase: state.phase.code().into(),
            identification: state.identification.code().into(),
            channel: state.channel.clone(),
            received_on: opening.reception.received_on,
            place_unit_id: opening.reception.place_unit_id.clone(),
            state: to_json(&state)?,
            version: sealed.seq,
            // The last entry's seq is the case's version: the head vouches for both.
            history_head: Some(history::head(key, case_id, sealed.seq, &sealed.prev_hash)),
            next_due_on: txn.rules().deadlines.next_due_on(&state),
            created_at: now,
            updated_at: now,
        });
    }
    insert_all::<case::Entity, _>(txn, cases.iter().cloned().map(|c| c.into_active_model()))
        .await?;
    insert_all::<case_history::Entity, _>(txn, entries).await?;
    insert_all::<case_agency::Entity, _>(txn, involved.into_iter().map(|i| i.into_active_model()))
        .await?;
    let named: Vec<(i64, i64, &Person)> = openings
        .iter()
        .zip(&cases)
        .map(|(opening, created)| (created.id, created.lead_agency_id, opening.person.person()))
        .collect();
    super::kept::file_new_cases(txn, &named).await?;
    let opened: Vec<_> = openings
        .iter()
        .zip(&cases)
        .map(|(opening, created)| {
            let new_person = match opening.person {
                PersonChoice::New(person) => Some(person),
                PersonChoice::Existing(..) => None,
            };
            (created, new_person, opening.steps)
        })
        .collect();
    super::kept_facts::file_opened(txn, &opened, now.date_naive()).await?;
    for (opening, created) in openings.iter().zip(&cases) {
        if opening.imported.is_none() {
            crate::webhooks::raise(
                &**txn,
                crate::webhooks::NewEvent {
                    event: haven_domain::webhook::WebhookEvent::CaseOpened,
                    subject_ref: created.case_number.clone(),
                    agencies: vec![haven_domain::ids::AgencyId(created.lead_agency_id)],
                    at: now,
                },
            )
            .await?;
        }
    }
    Ok(cases)
}

/// A case's entries, each sealed onto the one before it.
struct EntrySealer<'k> {
    case_id: i64,
    now: DateTime<Utc>,
    actor: Actor,
    key: &'k crate::audit_key::AuditKey,
    prev_hash: String,
    seq: i64,
}

impl EntrySealer<'_> {
    fn entry(
        &mut self,
        command: &str,
        payload: &serde_json::Value,
        changes: &serde_json::Value,
        reason: Option<&str>,
    ) -> case_history::ActiveModel {
        self.seq += 1;
        let (payload, changes) = (payload.to_string(), changes.to_string());
        let hash = history::EntryContent {
            case_id: self.case_id,
            seq: self.seq,
            recorded_at: self.now,
            actor_user_id: self.actor.user_id,
            actor_agency_id: self.actor.agency_id,
            command,
            payload: &payload,
            changes: &changes,
            reason,
        }
        .hash(&self.prev_hash, self.key);
        let prev_hash = std::mem::replace(&mut self.prev_hash, hash.clone());
        case_history::ActiveModel {
            case_id: sea_orm::Set(self.case_id),
            seq: sea_orm::Set(self.seq),
            recorded_at: sea_orm::Set(self.now),
            actor_user_id: sea_orm::Set(self.actor.user_id),
            actor_agency_id: sea_orm::Set(self.actor.agency_id),
            command: sea_orm::Set(command.to_owned()),
            payload: sea_orm::Set(payload),
            changes: sea_orm::Set(changes),
            reason: sea_orm::Set(reason.map(str::to_owned)),
            prev_hash: sea_orm::Set(prev_hash),
            hash: sea_orm::Set(hash),
            ..Default::default()
        }
    }
}

/// Each opening's person id: the one chosen, or a new person written now.
async fn write_new_persons(
    txn: &WriteTxn,
    openings: &[Opening<'_>],
    now: DateTime<Utc>,
) -> StoreResult<Vec<i64>> {
    let new: Vec<&Person> = openings
        .iter()
        .filter_map(|o| match o.person {
            PersonChoice::New(p) => Some(p),
            PersonChoice::Existing(..) => None,
        })
        .collect();
    let mut fresh_ids = reserve_ids(txn, "persons", new.len()).await?.into_iter();
    let mut ids = Vec::with_capacity(openings.len());
    let mut rows = Vec::with_capacity(new.len());
    let mut filed = Vec::with_capacity(new.len());
    for opening in openings {
        let (id, person) = match opening.person {
            PersonChoice::Existing(id, _) => {
                ids.push(id);
                continue;
            }
            PersonChoice::New(person) => (
                fresh_ids.next().ok_or_else(|| {
                    StoreError::Internal("fewer person ids reserved than asked".into())
                })?,
                person,
            ),
        };
        ids.push(id);
        rows.push(person::Model {
            id,
            data: to_json(person)?,
            name_key: fold_name(&person.full_name),
            birth_year: person.birth.map(|b| b.year()),
            home_unit_id: person.permanent_residence.admin_unit_id.clone(),
            merged_into_id: None,
            version: 1,
            created_at: now,
        });
        filed.push((id, person));
    }
    insert_all::<person::Entity, _>(txn, rows.into_iter().map(|p| p.into_active_model())).await?;
    super::kept::file_new_persons(txn, &filed).await?;
    Ok(ids)
}

/// Each opening's case number, in its reception year's series.
async fn allocate_numbers(
    txn: &WriteTxn,
    province: &str,
    openings: &[Opening<'_>],
) -> StoreResult<Vec<String>> {
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for opening in openings {
        *per_year
            .entry(opening.reception.received_on.year())
            .or_default() += 1;
    }
    let mut next: BTreeMap<i32, i64> = BTreeMap::new();
    for (year, count) in per_year {
        let count = i64::try_from(count).map_err(|e| StoreError::Internal(e.to_string()))?;
        let last = numbers::take_in_series(txn, province, year, count).await?;
        next.insert(year, last - count + 1);
    }
    openings
        .iter()
        .map(|opening| {
            let year = opening.reception.received_on.year();
            let seq = next
                .get_mut(&year)
                .ok_or_else(|| StoreError::Internal("a year without numbers".into()))?;
            let number = haven_domain::case::number::format_case_number(province, year, *seq);
            *seq += 1;
            Ok(number)
        })
        .collect()
}

/// `count` new ids for rows of `table`, taken before the rows are written
/// so a case's first entry can be sealed with its id. On PostgreSQL they
/// come from the table's sequence; on SQLite the write transaction holds
/// the database's one write lock, so the ids after the highest ever used
/// are this transaction's.
async fn reserve_ids(txn: &WriteTxn, table: &'static str, count: usize) -> StoreResult<Vec<i64>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let backend = txn.get_database_backend();
    let count_value = i64::try_from(count).map_err(|e| StoreError::Internal(e.to_string()))?;
    match backend {
        DatabaseBackend::Postgres => {
            let rows = txn
                .query_all(Statement::from_sql_and_values(
                    backend,
                    format!(
                        "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id \
                         FROM generate_series(1, $1)"
                    ),
                    [count_value.into()],
                ))
                .await?;
            rows.iter()
                .map(|row| Ok(row.try_get::<i64>("", "id")?))
                .collect()
        }
        DatabaseBackend::Sqlite | DatabaseBackend::MySql => {
            let row = txn
                .query_one(Statement::from_sql_and_values(
                    backend,
                    format!(
                        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), \
                         COALESCE((SELECT MAX(id) FROM {table}), 0)) AS last"
                    ),
                    [table.into()],
                ))
                .await?
                .ok_or_else(|| StoreError::Internal("no highest id".into()))?;
            let last: i64 = row.try_get("", "last")?;
            Ok((1..=count_value).map(|n| last + n).collect())
        }
    }
}

/// Inserts every row, a few hundred per statement.
pub(super) async fn insert_all<E, A>(
    txn: &WriteTxn,
    rows: impl IntoIterator<Item = A>,
) -> StoreResult<()>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<A>,
    A: ActiveModelTrait<Entity = E>,
{
    let rows: Vec<A> = rows.into_iter().collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        E::insert_many(chunk).exec_without_returning(&**txn).await?;
    }
    Ok(())
}
