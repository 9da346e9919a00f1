//! The register of licensed labour-export companies (`companies`), the
//! company an inspection names (`activities.company_id`, so a company's
//! record finds its inspections), and the code lists inspections are
//! described with (`reference/inspection_code_lists.csv`).

use super::id_column;
use super::m0001_reference_schema::CodeListItems;
use super::m0002_reference_data::load_code_lists;
use super::m0003_organisation::Users;
use super::m0019_programme::{body, index, stamp, Activities};
use sea_orm_migration::prelude::*;

const CODE_LISTS: &str = include_str!("../../reference/inspection_code_lists.csv");

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Companies {
    Table,
    Id,
    Name,
    LicenceNumber,
    UnitId,
    Body,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ActivityCompany {
    CompanyId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Companies as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(id_column(C::Id))
                    .col(ColumnDef::new(C::Name).string_len(500).not_null())
                    .col(ColumnDef::new(C::LicenceNumber).string_len(60).not_null())
                    .col(ColumnDef::new(C::UnitId).string_len(40).not_null())
                    .col(body(C::Body))
                    .col(ColumnDef::new(C::Version).big_integer().not_null())
                    .col(ColumnDef::new(C::CreatedBy).big_integer().not_null())
                    .col(stamp(C::CreatedAt))
                    .col(stamp(C::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_companies_licence", C::Table, &["licence_number"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Activities::Table)
                    .add_column(
                        ColumnDef::new(ActivityCompany::CompanyId)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_activities_company",
                Activities::Table,
                &["company_id"],
            ))
            .await?;
        load_code_lists(manager, CODE_LISTS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for list in ["inspection_violation", "sanction_kind"] {
            manager
                .exec_stmt(
                    Query::delete()
                        .from_table(CodeListItems::Table)
                        .and_where(Expr::col(CodeListItems::List).eq(list))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_activities_company")
                    .table(Activities::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Activities::Table)
                    .drop_column(ActivityCompany::CompanyId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Companies::Table).to_owned())
            .await
    }
}
