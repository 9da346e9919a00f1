//! The records as statistics read them: every case with its person and its
//! history of commands, in one pass over three tables (not a query per
//! case). Personal data leaves here only to be folded into counts by the
//! report crate; nothing of it is logged.

use crate::entities::{case, case_history, person};
use crate::error::StoreResult;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use futures::TryStreamExt;
use haven_domain::case::person::Person;
use haven_domain::case::Command;
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
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

impl Store {
    /// What changes whenever a statistic could: the cases, the sum of their
    /// versions (every change of a case moves its version on), and the
    /// persons' versions. Equal stamps, equal facts.
    pub async fn statistics_stamp(&self) -> StoreResult<String> {
        use sea_orm::{ConnectionTrait, Statement};
        let row = self
            .db()
            .query_one(Statement::from_string(
                self.backend(),
                // Every history entry moves exactly one case's version on, in the
                // same transaction: the sum of versions changes with every committed
                // write whatever order they commit in (the newest history id did not:
                // on PostgreSQL a lower id can commit after a higher one).
                "SELECT (SELECT COUNT(*) FROM cases) AS cases, \
                 (SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM cases) AS history, \
                 (SELECT COUNT(*) FROM persons) AS persons, \
                 (SELECT COALESCE(SUM(version), 0) FROM persons) AS versions",
            ))
            .await?
            .ok_or(crate::error::StoreError::Internal("no stamp row".into()))?;
        let mut parts = Vec::new();
        for column in ["cases", "history", "persons", "versions"] {
            // COUNT, MAX of a bigint and SUM of an integer are bigints on PostgreSQL.
            let value: i64 = row.try_get("", column)?;
            parts.push(value.to_string());
        }
        Ok(parts.join("."))
    }

    pub async fn statistical_cases(&self) -> StoreResult<Vec<StatisticalCase>> {
        let persons: HashMap<i64, Person> = person::Entity::find()
            .select_only()
            .columns([person::Column::Id, person::Column::Data])
            .into_tuple::<(i64, String)>()
            .all(self.db())
            .await?
            .into_iter()
            .filter_map(|(id, data)| serde_json::from_str(&data).ok().map(|p| (id, p)))
            .collect();
        let rows: Vec<CaseRow> = case::Entity::find()
            .select_only()
            .columns([
                case::Column::Id,
                case::Column::LeadAgencyId,
                case::Column::ProvinceCode,
                case::Column::PlaceUnitId,
                case::Column::Channel,
                case::Column::ReceivedOn,
                case::Column::PersonId,
            ])
            .order_by_asc(case::Column::Id)
            .into_tuple()
            .all(self.db())
            .await?;
        let mut index = HashMap::with_capacity(rows.len());
        let mut cases: Vec<StatisticalCase> = Vec::with_capacity(rows.len());
        for (
            case_id,
            lead_agency_id,
            province_code,
            place_unit_id,
            channel,
            received_on,
            person_id,
        ) in rows
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
        let mut history = case_history::Entity::find()
            .select_only()
            .columns([
                case_history::Column::CaseId,
                case_history::Column::RecordedAt,
                case_history::Column::Payload,
            ])
            .order_by_asc(case_history::Column::CaseId)
            .order_by_asc(case_history::Column::Seq)
            .into_tuple::<(i64, DateTime<Utc>, String)>()
            .stream(self.db())
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
}
