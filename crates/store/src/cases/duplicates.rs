//! Duplicate candidates at reception: persons already known who may be the
//! one being received. One indexed query fetches the persons filed under a
//! blocking key of the probe (see `domain::duplicates::blocking`: every
//! person the scoring could call a candidate is among them); the domain
//! scores each and gives the reasons.

use super::internal;
use super::kept::{facts_of, probe_keys};
use crate::entities::{case, person, person_match_key};
use crate::error::StoreResult;
use crate::store::Store;
use haven_domain::case::person::Person;
use haven_domain::duplicates::{score, Reason};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub person_id: i64,
    pub score: u32,
    pub reasons: Vec<Reason>,
    /// Every case of that person; the caller shows only those it may read.
    pub case_ids: Vec<i64>,
}

impl Store {
    /// Known persons who may be `probe`, best first.
    pub async fn duplicate_candidates(&self, probe: &Person) -> StoreResult<Vec<Candidate>> {
        let probe_facts = facts_of(self.db(), probe).await?;
        let keys = probe_keys(self.audit_key()?, &probe_facts);
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut filed = Query::select();
        filed
            .distinct()
            .column(person_match_key::Column::PersonId)
            .from(person_match_key::Entity)
            .and_where(person_match_key::Column::MatchKey.is_in(keys));
        let rows = person::Entity::find()
            .filter(person::Column::Id.in_subquery(filed))
            .filter(person::Column::MergedIntoId.is_null())
            .all(self.db())
            .await?;
        let mut candidates = Vec::new();
        for row in rows {
            let known: Person = serde_json::from_str(&row.data).map_err(internal)?;
            if let Some(found) = score(&probe_facts, &facts_of(self.db(), &known).await?) {
                candidates.push(Candidate {
                    person_id: row.id,
                    score: found.score,
                    reasons: found.reasons,
                    case_ids: vec![],
                });
            }
        }
        let ids: Vec<i64> = candidates.iter().map(|c| c.person_id).collect();
        let mut cases_by_person: HashMap<i64, Vec<i64>> = HashMap::new();
        let cases: Vec<(i64, i64)> = case::Entity::find()
            .select_only()
            .column(case::Column::PersonId)
            .column(case::Column::Id)
            .filter(case::Column::PersonId.is_in(ids))
            .into_tuple()
            .all(self.db())
            .await?;
        for (person_id, case_id) in cases {
            cases_by_person.entry(person_id).or_default().push(case_id);
        }
        for candidate in &mut candidates {
            candidate.case_ids = cases_by_person
                .remove(&candidate.person_id)
                .unwrap_or_default();
        }
        candidates.sort_by(|a, b| b.score.cmp(&a.score).then(a.person_id.cmp(&b.person_id)));
        Ok(candidates)
    }
}
