//! Duplicate candidates at reception: persons already known who may be the
//! one being received. Retrieval narrows by year of birth (± 1), surname or
//! identity number; the domain scores each and gives the reasons.

use crate::entities::{case, person, person_identity_number};
use crate::error::StoreResult;
use crate::store::Store;
use haven_domain::case::person::Person;
use haven_domain::duplicates::{score, PersonFacts, Reason};
use haven_domain::matching::{fold_identity_number, fold_name};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
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
        let probe_facts = self.facts_of(probe).await?;
        let numbers: Vec<String> = probe_facts.identity_numbers.clone();
        let by_number: Vec<i64> = if numbers.is_empty() {
            vec![]
        } else {
            person_identity_number::Entity::find()
                .filter(person_identity_number::Column::NumberKey.is_in(numbers))
                .all(self.db())
                .await?
                .into_iter()
                .map(|r| r.person_id)
                .collect()
        };
        let mut near = Condition::any().add(person::Column::Id.is_in(by_number));
        near = match probe_facts.birth_year {
            Some(year) => near
                .add(
                    person::Column::BirthYear
                        .between(year.saturating_sub(1), year.saturating_add(1)),
                )
                .add(person::Column::BirthYear.is_null()),
            None => {
                let surname = fold_name(&probe.full_name)
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                near.add(person::Column::NameKey.starts_with(format!("{surname} ")))
            }
        };
        let rows = person::Entity::find()
            .filter(person::Column::MergedIntoId.is_null())
            .filter(near)
            .all(self.db())
            .await?;
        let mut candidates = Vec::new();
        for row in rows {
            let Ok(known) = serde_json::from_str::<Person>(&row.data) else {
                continue;
            };
            let mut facts = self.facts_of(&known).await?;
            facts.identity_numbers = person_identity_number::Entity::find()
                .filter(person_identity_number::Column::PersonId.eq(row.id))
                .all(self.db())
                .await?
                .into_iter()
                .map(|r| r.number_key)
                .collect();
            if let Some(found) = score(&probe_facts, &facts) {
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
        for row in case::Entity::find()
            .filter(case::Column::PersonId.is_in(ids))
            .all(self.db())
            .await?
        {
            cases_by_person
                .entry(row.person_id)
                .or_default()
                .push(row.id);
        }
        for candidate in &mut candidates {
            candidate.case_ids = cases_by_person
                .remove(&candidate.person_id)
                .unwrap_or_default();
        }
        candidates.sort_by(|a, b| b.score.cmp(&a.score).then(a.person_id.cmp(&b.person_id)));
        Ok(candidates)
    }

    async fn facts_of(&self, p: &Person) -> StoreResult<PersonFacts> {
        let home = match p.permanent_residence.admin_unit_id.as_deref() {
            Some(unit) if unit.starts_with("legacy/") => {
                self.primary_successor(unit).await?.map(|u| u.id)
            }
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
}
