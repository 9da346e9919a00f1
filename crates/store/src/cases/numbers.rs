//! Allocating case numbers safely under concurrency: one atomic upsert that
//! returns the new sequence (SQLite 3.35+ and PostgreSQL both have
//! `ON CONFLICT … DO UPDATE … RETURNING`).

use crate::entities::case_number_counter::{Column, Entity};
use crate::error::{StoreError, StoreResult};
use crate::store::WriteTxn;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::ConnectionTrait;

/// The next number of a yearly series: a province's case numbers (its
/// two-digit GSO code) or another record's (a key that is no GSO code,
/// such as `LH` for the hotline's contacts).
pub(crate) async fn next_in_series(txn: &WriteTxn, series: &str, year: i32) -> StoreResult<i64> {
    take_in_series(txn, series, year, 1).await
}

/// Takes the next `count` numbers of a yearly series at once and returns
/// the last of them.
pub(crate) async fn take_in_series(
    txn: &WriteTxn,
    series: &str,
    year: i32,
    count: i64,
) -> StoreResult<i64> {
    let mut upsert = Query::insert();
    upsert
        .into_table(Entity)
        .columns([Column::ProvinceCode, Column::Year, Column::LastSeq])
        .values([series.into(), year.into(), count.into()])
        .map_err(|e| StoreError::Internal(e.to_string()))?
        .on_conflict(
            OnConflict::columns([Column::ProvinceCode, Column::Year])
                .value(
                    Column::LastSeq,
                    Expr::col((Entity, Column::LastSeq)).add(count),
                )
                .to_owned(),
        )
        .returning_col(Column::LastSeq);
    let statement = txn.get_database_backend().build(&upsert);
    let row = txn
        .query_one(statement)
        .await?
        .ok_or_else(|| StoreError::Internal("case number counter returned nothing".into()))?;
    Ok(row.try_get("", "last_seq")?)
}
