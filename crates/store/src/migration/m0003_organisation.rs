use super::m0001_reference_schema::AdminUnits;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Roles {
    Table,
    Code,
    NameVi,
    NameEn,
}

#[derive(DeriveIden)]
pub enum Agencies {
    Table,
    Id,
    Code,
    Name,
    Sector,
    AdminUnitId,
    ParentAgencyId,
    Active,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Facilities {
    Table,
    Id,
    Code,
    Name,
    FacilityType,
    OperatorAgencyId,
    AdminUnitId,
    Capacity,
    Active,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    AgencyId,
    PasswordHash,
    Active,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum UserRoles {
    Table,
    UserId,
    RoleCode,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Roles::Table)
                    .col(
                        ColumnDef::new(Roles::Code)
                            .string_len(40)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Roles::NameVi).string_len(120).not_null())
                    .col(ColumnDef::new(Roles::NameEn).string_len(120).not_null())
                    .to_owned(),
            )
            .await?;
        let mut roles = Query::insert();
        roles
            .into_table(Roles::Table)
            .columns([Roles::Code, Roles::NameVi, Roles::NameEn]);
        for role in haven_domain::role::Role::ALL {
            roles
                .values([
                    role.code().into(),
                    role.name_vi().into(),
                    role.name_en().into(),
                ])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        let db = manager.get_connection();
        db.execute(db.get_database_backend().build(&roles)).await?;

        manager
            .create_table(
                Table::create()
                    .table(Agencies::Table)
                    .col(super::id_column(Agencies::Id))
                    .col(
                        ColumnDef::new(Agencies::Code)
                            .string_len(40)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Agencies::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Agencies::Sector).string_len(50).not_null())
                    .col(
                        ColumnDef::new(Agencies::AdminUnitId)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Agencies::ParentAgencyId)
                            .big_integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Agencies::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(Agencies::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(
                        ColumnDef::new(Agencies::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Agencies::Table, Agencies::AdminUnitId)
                            .to(AdminUnits::Table, AdminUnits::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Agencies::Table, Agencies::ParentAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Facilities::Table)
                    .col(super::id_column(Facilities::Id))
                    .col(
                        ColumnDef::new(Facilities::Code)
                            .string_len(40)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Facilities::Name).string_len(200).not_null())
                    .col(
                        ColumnDef::new(Facilities::FacilityType)
                            .string_len(50)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Facilities::OperatorAgencyId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Facilities::AdminUnitId)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Facilities::Capacity).integer().not_null())
                    .col(
                        ColumnDef::new(Facilities::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(Facilities::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(
                        ColumnDef::new(Facilities::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Facilities::Table, Facilities::OperatorAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Facilities::Table, Facilities::AdminUnitId)
                            .to(AdminUnits::Table, AdminUnits::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(super::id_column(Users::Id))
                    .col(
                        ColumnDef::new(Users::Username)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Users::DisplayName)
                            .string_len(120)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Users::AgencyId).big_integer().not_null())
                    .col(
                        ColumnDef::new(Users::PasswordHash)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Users::Active)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .col(
                        ColumnDef::new(Users::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(
                        ColumnDef::new(Users::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserRoles::Table)
                    .col(ColumnDef::new(UserRoles::UserId).big_integer().not_null())
                    .col(
                        ColumnDef::new(UserRoles::RoleCode)
                            .string_len(40)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(UserRoles::UserId)
                            .col(UserRoles::RoleCode),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserRoles::Table, UserRoles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserRoles::Table, UserRoles::RoleCode)
                            .to(Roles::Table, Roles::Code),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            UserRoles::Table.into_iden(),
            Users::Table.into_iden(),
            Facilities::Table.into_iden(),
            Agencies::Table.into_iden(),
            Roles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
