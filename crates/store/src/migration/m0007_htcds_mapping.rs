//! The mapping of Haven's code lists to the Human Trafficking Case Data
//! Standard (HTCDS 2.0, IOM, CC BY 4.0), so anonymised data can be exchanged
//! in that form. Vietnamese categories without a counterpart map to `Other`;
//! the Vietnamese code stays with the row.

use super::m0002_reference_data::load;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum CodeListHtcds {
    Table,
    List,
    Code,
    HtcdsField,
    HtcdsValue,
}

const MAPPING: &str = include_str!("../../reference/htcds_mapping.csv");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CodeListHtcds::Table)
                    .col(
                        ColumnDef::new(CodeListHtcds::List)
                            .string_len(50)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodeListHtcds::Code)
                            .string_len(50)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodeListHtcds::HtcdsField)
                            .string_len(60)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodeListHtcds::HtcdsValue)
                            .string_len(100)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(CodeListHtcds::List)
                            .col(CodeListHtcds::Code),
                    )
                    .to_owned(),
            )
            .await?;
        load(
            manager,
            CodeListHtcds::Table,
            [
                CodeListHtcds::List,
                CodeListHtcds::Code,
                CodeListHtcds::HtcdsField,
                CodeListHtcds::HtcdsValue,
            ],
            MAPPING,
            |field, _| Ok(field.to_owned().into()),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CodeListHtcds::Table).to_owned())
            .await
    }
}
