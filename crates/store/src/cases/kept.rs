//! The lookups the write path keeps beside persons and cases, in the same
//! transaction as the write they follow from, so that a search, a
//! duplicate check or an "overdue" filter reads an index instead of every
//! row:
//! - each word of the names of a case's person, under the agency leading
//!   the case (`case_name_tokens`);
//! - each person's blocking keys (`person_match_keys`), as HMACs under a key
//!   derived from the audit key: identity numbers are not kept in clear;
//! - each case's earliest open deadline (`cases.next_due_on`);
//! - each case's statistical facts (`case_facts`, see `kept_facts`).
//!
//! [`Store::refresh_kept_lookups`] rebuilds a lookup whose recipe changed
//! (the deadline rules in configuration, the audit key): each is recorded
//! with a fingerprint of what it was built with.

use super::opening::insert_all;
use super::{internal, Case};
use crate::audit_key::AuditKey;
use crate::entities::{
    admin_unit_successor, case, case_name_token, kept_derivation, person, person_match_key,
};
use crate::error::StoreResult;
use crate::store::{Store, WriteTxn};
use haven_domain::case::deadlines::DeadlineRules;
use haven_domain::case::person::Person;
use haven_domain::duplicates::blocking::{keys_of_known, keys_of_probe};
use haven_domain::duplicates::PersonFacts;
use haven_domain::matching::{fold_identity_number, name_tokens};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// Longest token kept: the column's width. A longer word is cut there,
/// and a search for it cut the same way.
pub(crate) const TOKEN_CHARS: usize = 80;

/// Rows a refresh rewrites per transaction: short enough that writers
/// waiting on SQLite's one write lock are not held up for long.
const REFRESH_BATCH: u64 = 500;

const NAME_TOKENS: &str = "case_name_tokens";
const MATCH_KEYS: &str = "person_match_keys";
const NEXT_DUE: &str = "cases.next_due_on";
const CASE_FACTS: &str = "case_facts";

/// The searchable words of a person's names (the full name and any other).
pub(crate) fn tokens_of(person: &Person) -> HashSet<String> {
    std::iter::once(&person.full_name)
        .chain(&person.other_names)
        .flat_map(|name| name_tokens(name))
        .map(|t| t.chars().take(TOKEN_CHARS).collect())
        .collect()
}

fn token_rows(case_id: i64, agency_id: i64, person: &Person) -> Vec<case_name_token::Model> {
    tokens_of(person)
        .into_iter()
        .map(|token| case_name_token::Model {
            agency_id,
            token,
            case_id,
        })
        .collect()
}

/// The blocking keys of a person as the index holds them: 128 bits of
/// the HMAC are plenty to tell keys apart (two keys colliding would only
/// fetch a stranger, whom the scoring then turns down) at half the size.
pub(crate) fn hashed(key: &AuditKey, keys: impl IntoIterator<Item = String>) -> Vec<String> {
    keys.into_iter()
        .map(|text| {
            key.mac(&["person match key", &text])
                .chars()
                .take(32)
                .collect()
        })
        .collect()
}

/// What the blocking keys are computed from; the home commune as a 2025
/// unit (a legacy commune through its primary successor).
pub(crate) async fn facts_of<C: ConnectionTrait>(db: &C, p: &Person) -> StoreResult<PersonFacts> {
    let home = match p.permanent_residence.admin_unit_id.as_deref() {
        Some(unit) if unit.starts_with("legacy/") => admin_unit_successor::Entity::find()
            .filter(admin_unit_successor::Column::LegacyId.eq(unit))
            .filter(admin_unit_successor::Column::IsPrimary.eq(true))
            .one(db)
            .await?
            .map(|link| link.successor_id),
        Some(unit) => Some(unit.to_owned()),
        None => None,
    };
    Ok(PersonFacts {
        full_name: p.full_name.clone(),
        birth_year: p.birth.map(|b| b.year()),
        home_commune_2025: home.filter(|u| u.matches('/').count() == 2),
        identity_numbers: p
            .identity_papers
            .iter()
            .map(|i| fold_identity_number(&i.number))
            .filter(|n| !n.is_empty())
            .collect(),
    })
}

/// The hashed keys a known person is filed under.
pub(crate) fn known_key_rows(
    key: &AuditKey,
    person_id: i64,
    facts: &PersonFacts,
) -> Vec<person_match_key::Model> {
    hashed(key, keys_of_known(facts).iter().map(|k| k.text()))
        .into_iter()
        .map(|match_key| person_match_key::Model {
            match_key,
            person_id,
        })
        .collect()
}

/// The hashed keys to look up for a person being received.
pub(crate) fn probe_keys(key: &AuditKey, facts: &PersonFacts) -> Vec<String> {
    hashed(key, keys_of_probe(facts).iter().map(|k| k.text()))
}

/// Files new persons under their keys (rows of a batch being opened).
pub(crate) async fn file_new_persons(
    txn: &WriteTxn,
    persons: &[(i64, &Person)],
) -> StoreResult<()> {
    let key = txn.audit_key()?;
    let mut rows = Vec::new();
    for (id, p) in persons {
        rows.extend(known_key_rows(key, *id, &facts_of(&**txn, p).await?));
    }
    insert_all::<person_match_key::Entity, _>(txn, rows.into_iter().map(Into::into)).await
}

/// Files the names of newly opened cases under their lead agencies.
pub(crate) async fn file_new_cases(
    txn: &WriteTxn,
    cases: &[(i64, i64, &Person)],
) -> StoreResult<()> {
    let rows = cases
        .iter()
        .flat_map(|(case_id, agency_id, p)| token_rows(*case_id, *agency_id, p));
    insert_all::<case_name_token::Entity, _>(txn, rows.map(Into::into)).await
}

/// Refiles one case's names under its (new) lead agency.
pub(crate) async fn refile_case(
    txn: &WriteTxn,
    case_id: i64,
    agency_id: i64,
    person_id: i64,
) -> StoreResult<()> {
    let Some(row) = person::Entity::find_by_id(person_id).one(&**txn).await? else {
        return Ok(());
    };
    let p: Person = serde_json::from_str(&row.data).map_err(internal)?;
    case_name_token::Entity::delete_many()
        .filter(case_name_token::Column::CaseId.eq(case_id))
        .exec(&**txn)
        .await?;
    file_new_cases(txn, &[(case_id, agency_id, &p)]).await
}

/// Refiles a person whose data changed: her keys, and the names of each of her cases.
pub(crate) async fn refile_person(txn: &WriteTxn, person_id: i64, p: &Person) -> StoreResult<()> {
    forget_person(txn, person_id).await?;
    file_new_persons(txn, &[(person_id, p)]).await?;
    refile_names_of_cases(txn, person_id, p).await
}

/// Refiles the names of each of the person's cases (after her data
/// changed, or cases moved to her).
pub(crate) async fn refile_names_of_cases(
    txn: &WriteTxn,
    person_id: i64,
    p: &Person,
) -> StoreResult<()> {
    let cases: Vec<(i64, i64)> = case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .column(case::Column::LeadAgencyId)
        .filter(case::Column::PersonId.eq(person_id))
        .into_tuple()
        .all(&**txn)
        .await?;
    if cases.is_empty() {
        return Ok(());
    }
    case_name_token::Entity::delete_many()
        .filter(case_name_token::Column::CaseId.is_in(cases.iter().map(|(id, _)| *id)))
        .exec(&**txn)
        .await?;
    let filed: Vec<(i64, i64, &Person)> = cases.iter().map(|(id, lead)| (*id, *lead, p)).collect();
    file_new_cases(txn, &filed).await?;
    // Her sex, age, ethnicity and home count in her cases' statistics.
    let ids: Vec<i64> = cases.iter().map(|(id, _)| *id).collect();
    super::kept_facts::restate(txn, &ids).await
}

/// Takes a person out of the duplicate search (merged into another).
pub(crate) async fn forget_person(txn: &WriteTxn, person_id: i64) -> StoreResult<()> {
    person_match_key::Entity::delete_many()
        .filter(person_match_key::Column::PersonId.eq(person_id))
        .exec(&**txn)
        .await?;
    Ok(())
}

/// What [`Store::refresh_kept_lookups`] rebuilt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeptRefresh {
    pub cases_refiled: u64,
    pub persons_refiled: u64,
    pub facts_restated: u64,
}

impl Store {
    /// Rebuilds each kept lookup whose recipe changed since it was built
    /// (or that was never built): the deadline rules, the key. Each batch
    /// is its own write transaction, so writers go on meanwhile; a lookup
    /// is marked built only when every batch is done, so an interrupted
    /// refresh starts again next time.
    pub async fn refresh_kept_lookups(&self) -> StoreResult<KeptRefresh> {
        let key = self.audit_key()?;
        let wanted = [
            (NAME_TOKENS, "words v1".to_owned()),
            (MATCH_KEYS, format!("blocking v2, key {}", key.id())),
            (NEXT_DUE, rules_fingerprint(&self.rules().deadlines)?),
            (
                CASE_FACTS,
                super::kept_facts::fingerprint(&self.rules().deadlines.follow_up_months),
            ),
        ];
        let built: HashMap<String, String> = kept_derivation::Entity::find()
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| (row.name, row.fingerprint))
            .collect();
        let stale = |name: &str| {
            wanted
                .iter()
                .any(|(n, fingerprint)| *n == name && built.get(name) != Some(fingerprint))
        };
        let mut done = KeptRefresh::default();
        if stale(NAME_TOKENS) || stale(NEXT_DUE) {
            done.cases_refiled = self
                .refile_all_cases(stale(NAME_TOKENS), stale(NEXT_DUE))
                .await?;
        }
        if stale(MATCH_KEYS) {
            done.persons_refiled = self.refile_all_persons().await?;
        }
        if stale(CASE_FACTS) {
            done.facts_restated = self.restate_all_facts().await?;
        }
        let txn = self.begin_write().await?;
        for (name, fingerprint) in &wanted {
            if stale(name) {
                kept_derivation::Entity::delete_by_id(name.to_string())
                    .exec(&*txn)
                    .await?;
                kept_derivation::Entity::insert(kept_derivation::ActiveModel {
                    name: sea_orm::Set(name.to_string()),
                    fingerprint: sea_orm::Set(fingerprint.clone()),
                })
                .exec_without_returning(&*txn)
                .await?;
            }
        }
        txn.commit().await?;
        if done != KeptRefresh::default() {
            tracing::info!(
                cases = done.cases_refiled,
                persons = done.persons_refiled,
                facts = done.facts_restated,
                "kept lookups rebuilt"
            );
        }
        Ok(done)
    }

    /// Refiles every case's names, next due day or both, a batch at a time.
    pub(crate) async fn refile_all_cases(&self, names: bool, next_due: bool) -> StoreResult<u64> {
        let mut after = 0i64;
        let mut refiled = 0u64;
        loop {
            let txn = self.begin_write().await?;
            let rows = case::Entity::find()
                .filter(case::Column::Id.gt(after))
                .order_by_asc(case::Column::Id)
                .limit(REFRESH_BATCH)
                .all(&*txn)
                .await?;
            let Some(last) = rows.last() else {
                break;
            };
            after = last.id;
            if names {
                let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                let persons = persons_by_id(&txn, rows.iter().map(|r| r.person_id)).await?;
                case_name_token::Entity::delete_many()
                    .filter(case_name_token::Column::CaseId.is_in(ids))
                    .exec(&*txn)
                    .await?;
                let filed: Vec<(i64, i64, &Person)> = rows
                    .iter()
                    .filter_map(|r| {
                        persons
                            .get(&r.person_id)
                            .map(|p| (r.id, r.lead_agency_id, p))
                    })
                    .collect();
                file_new_cases(&txn, &filed).await?;
            }
            if next_due {
                for row in &rows {
                    let state: Case = serde_json::from_str(&row.state).map_err(internal)?;
                    let due = self.rules().deadlines.next_due_on(&state);
                    if due != row.next_due_on {
                        case::Entity::update_many()
                            .col_expr(case::Column::NextDueOn, Expr::value(due))
                            .filter(case::Column::Id.eq(row.id))
                            .exec(&*txn)
                            .await?;
                    }
                }
            }
            txn.commit().await?;
            refiled = refiled.saturating_add(rows.len() as u64);
        }
        Ok(refiled)
    }

    async fn refile_all_persons(&self) -> StoreResult<u64> {
        let mut after = 0i64;
        let mut refiled = 0u64;
        loop {
            let txn = self.begin_write().await?;
            let rows = person::Entity::find()
                .filter(person::Column::Id.gt(after))
                .order_by_asc(person::Column::Id)
                .limit(REFRESH_BATCH)
                .all(&*txn)
                .await?;
            let Some(last) = rows.last() else {
                break;
            };
            after = last.id;
            person_match_key::Entity::delete_many()
                .filter(person_match_key::Column::PersonId.is_in(rows.iter().map(|r| r.id)))
                .exec(&*txn)
                .await?;
            let mut kept = Vec::new();
            for row in rows.iter().filter(|r| r.merged_into_id.is_none()) {
                kept.push((
                    row.id,
                    serde_json::from_str::<Person>(&row.data).map_err(internal)?,
                ));
            }
            let filed: Vec<(i64, &Person)> = kept.iter().map(|(id, p)| (*id, p)).collect();
            file_new_persons(&txn, &filed).await?;
            txn.commit().await?;
            refiled = refiled.saturating_add(rows.len() as u64);
        }
        Ok(refiled)
    }
}

async fn persons_by_id(
    txn: &WriteTxn,
    ids: impl Iterator<Item = i64>,
) -> StoreResult<HashMap<i64, Person>> {
    let ids: HashSet<i64> = ids.collect();
    let mut found = HashMap::new();
    for row in person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(&**txn)
        .await?
    {
        found.insert(row.id, serde_json::from_str(&row.data).map_err(internal)?);
    }
    Ok(found)
}

fn rules_fingerprint(rules: &DeadlineRules) -> StoreResult<String> {
    let json = serde_json::to_vec(rules).map_err(internal)?;
    Ok(hex::encode(Sha256::digest(json)))
}
