//! The records as statistics read them. Two ways, which must agree:
//! - **folded**: every case with its person and its history of commands,
//!   folded into facts by the domain (three tables in one pass, not a
//!   query per case) — what the kept facts are checked against;
//! - **kept**: the facts the write path keeps in `case_facts`, in the
//!   transaction of each step (see `kept_facts`), read for one period and
//!   area through the index on the days they can count on.
//!
//! Personal data leaves here only as name-free facts; nothing of it is logged.

use crate::entities::{admin_unit_successor, case, case_fact, case_history, person};
use crate::error::StoreResult;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use futures::TryStreamExt;
use haven_domain::case::person::Person;
use haven_domain::case::Command;
use haven_domain::statistics::{open_end, CaseFacts, CaseRecordForStatistics};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, StreamTrait,
};
use std::collections::HashMap;

/// id, lead agency, province, place, channel, received on, person.
type CaseRow = (i64, i64, String, Option<String>, String, NaiveDate, i64);

/// One case for statistics.
#[derive(Debug, Clone)]
pub struct StatisticalCase {
    pub case_id: i64,
    pub lead_agency_id: i64,
    pub province_code: String,
    pub place_unit_id: Option<String>,
    pub channel: String,
    pub received_on: NaiveDate,
    pub person: Option<Person>,
    /// Each recorded command with the day it was recorded, in order.
    pub commands: Vec<(NaiveDate, Command)>,
}

/// Which kept facts a report reads: the cases that can count in a period
/// (their span reaches into it), held in one province or led by one
/// agency when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsScope {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Today's province (GSO code, `01`) holding the cases.
    pub province: Option<String>,
    pub lead_agency_id: Option<i64>,
}

impl Store {
    pub async fn statistical_cases(&self) -> StoreResult<Vec<StatisticalCase>> {
        statistical_cases_in(self.db(), None).await
    }

    /// Every case's facts folded from its history now: slow (it reads every
    /// history), and what the kept facts must always equal.
    pub async fn folded_facts(&self) -> StoreResult<Vec<CaseFacts>> {
        fold(self.db(), None).await
    }

    /// The kept facts of the cases that can count in `scope`, in case order.
    pub async fn kept_facts(&self, scope: &FactsScope) -> StoreResult<Vec<CaseFacts>> {
        // Within the days both databases' date columns hold.
        let earliest = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
        let mut select = case_fact::Entity::find()
            .select_only()
            .column(case_fact::Column::Facts)
            .filter(case_fact::Column::LastOn.gte(scope.from.max(earliest)))
            .filter(case_fact::Column::FirstOn.lte(scope.to.min(open_end())));
        if let Some(province) = &scope.province {
            select = select.filter(case_fact::Column::ProvinceCode.eq(province.as_str()));
        }
        if let Some(agency) = scope.lead_agency_id {
            select = select.filter(case_fact::Column::LeadAgencyId.eq(agency));
        }
        let mut rows = select
            .order_by_asc(case_fact::Column::CaseId)
            .into_tuple::<String>()
            .stream(self.db())
            .await?;
        let mut facts = Vec::new();
        while let Some(json) = rows.try_next().await? {
            facts.push(serde_json::from_str(&json).map_err(super::internal)?);
        }
        Ok(facts)
    }
}

/// The facts of the cases `ids` (every case with `None`), folded from their histories.
pub(crate) async fn fold<C>(db: &C, ids: Option<&[i64]>) -> StoreResult<Vec<CaseFacts>>
where
    C: ConnectionTrait + StreamTrait,
{
    let cases = statistical_cases_in(db, ids).await?;
    let places = cases.iter().filter_map(|c| c.place_unit_id.as_deref());
    let successors = primary_successors(db, ids.map(|_| places)).await?;
    Ok(cases
        .into_iter()
        .map(|c| {
            let place_unit_today = place_today(c.place_unit_id.as_deref(), &successors);
            CaseFacts::from_record(&CaseRecordForStatistics {
                case_id: c.case_id,
                lead_agency_id: c.lead_agency_id,
                province: c.province_code,
                place_unit_id: c.place_unit_id,
                place_unit_today,
                channel: c.channel,
                received_on: c.received_on,
                person: c.person,
                commands: c.commands,
            })
        })
        .collect())
}

/// The primary successor of each legacy place among `places` (of every
/// legacy place with `None`): a legacy place shows in today's units through it.
pub(crate) async fn primary_successors<'p, C: ConnectionTrait>(
    db: &C,
    places: Option<impl Iterator<Item = &'p str>>,
) -> StoreResult<HashMap<String, String>> {
    let mut select = admin_unit_successor::Entity::find()
        .filter(admin_unit_successor::Column::IsPrimary.eq(true));
    if let Some(places) = places {
        let legacy: Vec<&str> = places.filter(|p| !p.starts_with("2025/")).collect();
        if legacy.is_empty() {
            return Ok(HashMap::new());
        }
        select = select.filter(admin_unit_successor::Column::LegacyId.is_in(legacy));
    }
    Ok(select
        .all(db)
        .await?
        .into_iter()
        .map(|link| (link.legacy_id, link.successor_id))
        .collect())
}

/// A place of reception in today's units (a legacy one through its successor).
pub(crate) fn place_today(
    place: Option<&str>,
    successors: &HashMap<String, String>,
) -> Option<String> {
    match place {
        Some(place) if place.starts_with("2025/") => Some(place.to_owned()),
        Some(legacy) => successors.get(legacy).cloned(),
        None => None,
    }
}

/// The cases `ids` (every case with `None`) with their persons and histories.
async fn statistical_cases_in<C>(db: &C, ids: Option<&[i64]>) -> StoreResult<Vec<StatisticalCase>>
where
    C: ConnectionTrait + StreamTrait,
{
    let mut select = case::Entity::find().select_only().columns([
        case::Column::Id,
        case::Column::LeadAgencyId,
        case::Column::ProvinceCode,
        case::Column::PlaceUnitId,
        case::Column::Channel,
        case::Column::ReceivedOn,
        case::Column::PersonId,
    ]);
    if let Some(ids) = ids {
        select = select.filter(case::Column::Id.is_in(ids.iter().copied()));
    }
    let rows: Vec<CaseRow> = select
        .order_by_asc(case::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut persons = person::Entity::find()
        .select_only()
        .columns([person::Column::Id, person::Column::Data]);
    if ids.is_some() {
        persons = persons.filter(person::Column::Id.is_in(rows.iter().map(|r| r.6)));
    }
    let persons: HashMap<i64, Person> = persons
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(id, data)| serde_json::from_str(&data).ok().map(|p| (id, p)))
        .collect();
    let mut index = HashMap::with_capacity(rows.len());
    let mut cases: Vec<StatisticalCase> = Vec::with_capacity(rows.len());
    for (case_id, lead_agency_id, province_code, place_unit_id, channel, received_on, person_id) in
        rows
    {
        index.insert(case_id, cases.len());
        cases.push(StatisticalCase {
            case_id,
            lead_agency_id,
            province_code,
            place_unit_id,
            channel,
            received_on,
            person: persons.get(&person_id).cloned(),
            commands: Vec::new(),
        });
    }
    let mut history = case_history::Entity::find().select_only().columns([
        case_history::Column::CaseId,
        case_history::Column::RecordedAt,
        case_history::Column::Payload,
    ]);
    if let Some(ids) = ids {
        history = history.filter(case_history::Column::CaseId.is_in(ids.iter().copied()));
    }
    let mut history = history
        .order_by_asc(case_history::Column::CaseId)
        .order_by_asc(case_history::Column::Seq)
        .into_tuple::<(i64, DateTime<Utc>, String)>()
        .stream(db)
        .await?;
    while let Some((case_id, recorded_at, payload)) = history.try_next().await? {
        // The reception and merges are not commands; the case row has the reception.
        let Ok(command) = serde_json::from_str::<Command>(&payload) else {
            continue;
        };
        if let Some(case) = index.get(&case_id).and_then(|&i| cases.get_mut(i)) {
            case.commands.push((recorded_at.date_naive(), command));
        }
    }
    Ok(cases)
}
