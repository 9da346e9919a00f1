//! Country names in Vietnamese as the Ministry of Foreign Affairs writes
//! them ("Áo", "Bru-nây", "Lúc-xăm-bua"), replacing the poor
//! transliterations the first reference file carried ("Ao", "Bợru-này",
//! "Lục Xâm Bảo"). Installations made since load the corrected file in
//! m0002; this brings the older ones to the same names.

use super::m0001_reference_schema::Countries;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COUNTRIES: &str = include_str!("../../reference/countries.csv");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let mut rows = csv::Reader::from_reader(COUNTRIES.as_bytes());
        for row in rows.records() {
            let row = row.map_err(|e| DbErr::Custom(format!("countries.csv: {e}")))?;
            let (Some(code), Some(name_vi)) = (row.get(0), row.get(1)) else {
                return Err(DbErr::Custom(
                    "countries.csv: a row without code or name".into(),
                ));
            };
            let update = Query::update()
                .table(Countries::Table)
                .value(Countries::NameVi, name_vi)
                .and_where(Expr::col(Countries::Code).eq(code))
                .to_owned();
            db.execute(db.get_database_backend().build(&update)).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The older names were wrong; going back leaves the corrected ones.
        Ok(())
    }
}
