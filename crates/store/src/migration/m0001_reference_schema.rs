use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum AdminUnits {
    Table,
    Id,
    Generation,
    GsoCode,
    Name,
    Level,
    UnitType,
    ParentId,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden)]
pub enum AdminUnitSuccessors {
    Table,
    LegacyId,
    SuccessorId,
    IsPrimary,
}

#[derive(DeriveIden)]
pub enum EthnicGroups {
    Table,
    Code,
    NameVi,
    NameEn,
}

#[derive(DeriveIden)]
pub enum Countries {
    Table,
    Code,
    NameVi,
    NameEn,
}

#[derive(DeriveIden)]
pub enum CodeListItems {
    Table,
    List,
    Code,
    LabelVi,
    LabelEn,
    Category,
    SortOrder,
    Active,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AdminUnits::Table)
                    .col(
                        ColumnDef::new(AdminUnits::Id)
                            .string_len(40)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AdminUnits::Generation)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AdminUnits::GsoCode)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AdminUnits::Name).string_len(120).not_null())
                    .col(ColumnDef::new(AdminUnits::Level).string_len(20).not_null())
                    .col(
                        ColumnDef::new(AdminUnits::UnitType)
                            .string_len(30)
                            .not_null(),
                    )
                    .col(ColumnDef::new(AdminUnits::ParentId).string_len(40).null())
                    .col(ColumnDef::new(AdminUnits::ValidFrom).date().null())
                    .col(ColumnDef::new(AdminUnits::ValidTo).date().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdminUnits::Table, AdminUnits::ParentId)
                            .to(AdminUnits::Table, AdminUnits::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_admin_units_parent")
                    .table(AdminUnits::Table)
                    .col(AdminUnits::ParentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AdminUnitSuccessors::Table)
                    .col(
                        ColumnDef::new(AdminUnitSuccessors::LegacyId)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AdminUnitSuccessors::SuccessorId)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AdminUnitSuccessors::IsPrimary)
                            .boolean()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(AdminUnitSuccessors::LegacyId)
                            .col(AdminUnitSuccessors::SuccessorId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdminUnitSuccessors::Table, AdminUnitSuccessors::LegacyId)
                            .to(AdminUnits::Table, AdminUnits::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdminUnitSuccessors::Table, AdminUnitSuccessors::SuccessorId)
                            .to(AdminUnits::Table, AdminUnits::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (table, code, vi, en) in [
            (
                EthnicGroups::Table.into_iden(),
                EthnicGroups::Code.into_iden(),
                EthnicGroups::NameVi.into_iden(),
                EthnicGroups::NameEn.into_iden(),
            ),
            (
                Countries::Table.into_iden(),
                Countries::Code.into_iden(),
                Countries::NameVi.into_iden(),
                Countries::NameEn.into_iden(),
            ),
        ] {
            manager
                .create_table(
                    Table::create()
                        .table(table)
                        .col(ColumnDef::new(code).string_len(10).not_null().primary_key())
                        .col(ColumnDef::new(vi).string_len(120).not_null())
                        .col(ColumnDef::new(en).string_len(120).not_null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CodeListItems::Table)
                    .col(
                        ColumnDef::new(CodeListItems::List)
                            .string_len(50)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodeListItems::Code)
                            .string_len(50)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodeListItems::LabelVi)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodeListItems::LabelEn)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodeListItems::Category)
                            .string_len(50)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CodeListItems::SortOrder)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodeListItems::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .primary_key(
                        Index::create()
                            .col(CodeListItems::List)
                            .col(CodeListItems::Code),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CodeListItems::Table.into_iden(),
            Countries::Table.into_iden(),
            EthnicGroups::Table.into_iden(),
            AdminUnitSuccessors::Table.into_iden(),
            AdminUnits::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
