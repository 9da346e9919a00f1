//! Allocating case numbers safely under concurrency: one atomic upsert that
//! returns the new sequence (SQLite 3.35+ and PostgreSQL both have
//! `ON CONFLICT … DO UPDATE … RETURNING`).

use crate::entities::case_number_counter::{Column, Entity};
use crate::error::{StoreError, StoreResult};
use crate::store::WriteTxn;
use haven_domain::case::number::format_case_number;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::ConnectionTrait;

pub async fn allocate(txn: &WriteTxn, province_gso_code: &str, year: i32) -> StoreResult<String> {
    let seq = next_in_series(txn, province_gso_code, year).await?;
    Ok(format_case_number(province_gso_code, year, seq))
}

/// The next number of a yearly series: a province's case numbers (its
/// two-digit GSO code) or another record's (a key that is no GSO code,
/// such as `LH` for the hotline's contacts).
pub(crate) async fn next_in_series(txn: &WriteTxn, series: &str, year: i32) -> StoreResult<i64> {
    let mut upsert = Query::insert();
    upsert
        .into_table(Entity)
        .columns([Column::ProvinceCode, Column::Year, Column::LastSeq])
        .values([series.into(), year.into(), 1i64.into()])
        .map_err(|e| StoreError::Internal(e.to_string()))?
        .on_conflict(
            OnConflict::columns([Column::ProvinceCode, Column::Year])
                .value(Column::LastSeq, Expr::col((Entity, Column::LastSeq)).add(1))
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
