//! Each case's statistical facts, kept beside it in `case_facts` by the
//! write path, in the transaction of the write they follow from: a
//! correction of the person or a merge restates the facts of the cases it
//! touched by the same fold a full read of the histories does; an opening
//! folds what it writes, and a step applies itself to the kept facts, as
//! the fold would (`CaseFacts::apply`), without reading anything back. The property
//! tests check that the kept facts always equal the fold.

use super::opening::insert_all;
use super::statistics::{fold, place_today, primary_successors};
use crate::entities::{case, case_fact};
use crate::error::StoreResult;
use crate::store::{Store, WriteTxn};
use chrono::NaiveDate;
use haven_domain::case::person::Person;
use haven_domain::case::Command;
use haven_domain::statistics::{CaseFacts, CaseRecordForStatistics};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};

/// Cases restated per transaction by a refresh.
const REFRESH_BATCH: u64 = 500;

/// What the kept facts were built with: the fold's version and the
/// follow-up schedule (a case's last counted day depends on it), hashed
/// to the width of the fingerprint column.
pub(crate) fn fingerprint(follow_up_months: &[u32]) -> String {
    let recipe = format!("facts v1, follow-ups {follow_up_months:?}");
    hex::encode(Sha256::digest(recipe.as_bytes()))
}

/// Restates the kept facts of `case_ids` from their histories, in the
/// caller's transaction (after the step's history entry is written).
pub(crate) async fn restate(txn: &WriteTxn, case_ids: &[i64]) -> StoreResult<()> {
    if case_ids.is_empty() {
        return Ok(());
    }
    let months = &txn.rules().deadlines.follow_up_months;
    let rows = fold(&**txn, Some(case_ids))
        .await?
        .iter()
        .map(|facts| row_of(facts, months))
        .collect::<StoreResult<Vec<_>>>()?;
    case_fact::Entity::delete_many()
        .filter(case_fact::Column::CaseId.is_in(case_ids.iter().copied()))
        .exec(&**txn)
        .await?;
    insert_all::<case_fact::Entity, _>(txn, rows.into_iter().map(Into::into)).await
}

/// Files the facts of cases just opened for new persons from what the
/// opening wrote (`steps`: each case's steps after its reception, all
/// recorded on `recorded_on`), without reading it back; a case opened for
/// a person already known is restated from the store, where her record is.
pub(crate) async fn file_opened(
    txn: &WriteTxn,
    opened: &[(&case::Model, Option<&Person>, &[Command])],
    recorded_on: NaiveDate,
) -> StoreResult<()> {
    let places = opened
        .iter()
        .filter_map(|(case, _, _)| case.place_unit_id.as_deref());
    let successors = primary_successors(&**txn, Some(places)).await?;
    let months = &txn.rules().deadlines.follow_up_months;
    let mut rows = Vec::with_capacity(opened.len());
    let mut known_persons = Vec::new();
    for (case, new_person, steps) in opened {
        let Some(person) = new_person else {
            known_persons.push(case.id);
            continue;
        };
        let place_unit_today = place_today(case.place_unit_id.as_deref(), &successors);
        let facts = CaseFacts::from_record(&CaseRecordForStatistics {
            case_id: case.id,
            lead_agency_id: case.lead_agency_id,
            province: case.province_code.clone(),
            place_unit_id: case.place_unit_id.clone(),
            place_unit_today,
            channel: case.channel.clone(),
            received_on: case.received_on,
            person: Some((*person).clone()),
            commands: steps
                .iter()
                .map(|step| (recorded_on, step.clone()))
                .collect(),
        });
        rows.push(row_of(&facts, months)?);
    }
    insert_all::<case_fact::Entity, _>(txn, rows.into_iter().map(Into::into)).await?;
    restate(txn, &known_persons).await
}

/// Applies one step just recorded on a case to its kept facts (restating
/// them whole if they were never kept).
pub(crate) async fn follow_step(
    txn: &WriteTxn,
    case_id: i64,
    lead_agency_id: i64,
    recorded_on: NaiveDate,
    command: &Command,
) -> StoreResult<()> {
    let Some(kept) = case_fact::Entity::find_by_id(case_id).one(&**txn).await? else {
        return restate(txn, &[case_id]).await;
    };
    let mut facts: CaseFacts = serde_json::from_str(&kept.facts).map_err(super::internal)?;
    facts.apply(recorded_on, command);
    facts.lead_agency_id = lead_agency_id;
    let row = row_of(&facts, &txn.rules().deadlines.follow_up_months)?;
    case_fact::Entity::update_many()
        .col_expr(
            case_fact::Column::LeadAgencyId,
            Expr::value(row.lead_agency_id),
        )
        .col_expr(case_fact::Column::FirstOn, Expr::value(row.first_on))
        .col_expr(case_fact::Column::LastOn, Expr::value(row.last_on))
        .col_expr(case_fact::Column::Facts, Expr::value(row.facts))
        .filter(case_fact::Column::CaseId.eq(case_id))
        .exec(&**txn)
        .await?;
    Ok(())
}

fn row_of(facts: &CaseFacts, follow_up_months: &[u32]) -> StoreResult<case_fact::Model> {
    let span = facts.span(follow_up_months);
    Ok(case_fact::Model {
        case_id: facts.case_id,
        lead_agency_id: facts.lead_agency_id,
        province_code: facts.province.clone(),
        first_on: span.first,
        last_on: span.last,
        facts: serde_json::to_string(facts).map_err(super::internal)?,
    })
}

impl Store {
    /// Restates every case's kept facts, a batch per write transaction.
    pub(crate) async fn restate_all_facts(&self) -> StoreResult<u64> {
        let mut after = 0i64;
        let mut restated = 0u64;
        loop {
            let txn = self.begin_write().await?;
            let ids: Vec<i64> = case::Entity::find()
                .select_only()
                .column(case::Column::Id)
                .filter(case::Column::Id.gt(after))
                .order_by_asc(case::Column::Id)
                .limit(REFRESH_BATCH)
                .into_tuple()
                .all(&*txn)
                .await?;
            let Some(last) = ids.last() else {
                break;
            };
            after = *last;
            restate(&txn, &ids).await?;
            txn.commit().await?;
            restated = restated.saturating_add(ids.len() as u64);
        }
        Ok(restated)
    }
}
