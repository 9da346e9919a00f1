//! Persons, cases, and each case's append-only, hash-chained history.
//!
//! A case row holds the current state (the domain's `Case`, as JSON) and a
//! version; every accepted command adds one history row in the same
//! transaction. Personal data sits in `persons.data` only, never in history
//! payloads' column names or in case numbers.

use super::m0001_reference_schema::AdminUnits;
use super::m0003_organisation::{Agencies, Facilities, Users};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Persons {
    Table,
    Id,
    Data,
    NameKey,
    BirthYear,
    HomeUnitId,
    MergedIntoId,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum PersonIdentityNumbers {
    Table,
    PersonId,
    Kind,
    NumberKey,
}

#[derive(DeriveIden)]
pub enum Cases {
    Table,
    Id,
    CaseNumber,
    PersonId,
    ProvinceCode,
    LeadAgencyId,
    Phase,
    Identification,
    Channel,
    ReceivedOn,
    PlaceUnitId,
    State,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum CaseNumberCounters {
    Table,
    ProvinceCode,
    Year,
    LastSeq,
}

#[derive(DeriveIden)]
pub enum CaseHistory {
    Table,
    Id,
    CaseId,
    Seq,
    RecordedAt,
    ActorUserId,
    ActorAgencyId,
    Command,
    Payload,
    Changes,
    Reason,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
pub enum FacilityStays {
    Table,
    Id,
    CaseId,
    FacilityId,
    AdmittedOn,
    DischargedOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Persons::Table)
                    .col(super::id_column(Persons::Id))
                    .col(ColumnDef::new(Persons::Data).text().not_null())
                    .col(ColumnDef::new(Persons::NameKey).string_len(200).not_null())
                    .col(ColumnDef::new(Persons::BirthYear).integer().null())
                    .col(ColumnDef::new(Persons::HomeUnitId).string_len(40).null())
                    .col(ColumnDef::new(Persons::MergedIntoId).big_integer().null())
                    .col(
                        ColumnDef::new(Persons::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(
                        ColumnDef::new(Persons::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Persons::Table, Persons::HomeUnitId)
                            .to(AdminUnits::Table, AdminUnits::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Persons::Table, Persons::MergedIntoId)
                            .to(Persons::Table, Persons::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_persons_birth_year")
                    .table(Persons::Table)
                    .col(Persons::BirthYear)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PersonIdentityNumbers::Table)
                    .col(
                        ColumnDef::new(PersonIdentityNumbers::PersonId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PersonIdentityNumbers::Kind)
                            .string_len(50)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(PersonIdentityNumbers::NumberKey)
                            .string_len(60)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(PersonIdentityNumbers::PersonId)
                            .col(PersonIdentityNumbers::Kind)
                            .col(PersonIdentityNumbers::NumberKey),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PersonIdentityNumbers::Table,
                                PersonIdentityNumbers::PersonId,
                            )
                            .to(Persons::Table, Persons::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_person_identity_numbers_key")
                    .table(PersonIdentityNumbers::Table)
                    .col(PersonIdentityNumbers::NumberKey)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseNumberCounters::Table)
                    .col(
                        ColumnDef::new(CaseNumberCounters::ProvinceCode)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CaseNumberCounters::Year)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CaseNumberCounters::LastSeq)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(CaseNumberCounters::ProvinceCode)
                            .col(CaseNumberCounters::Year),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Cases::Table)
                    .col(super::id_column(Cases::Id))
                    .col(
                        ColumnDef::new(Cases::CaseNumber)
                            .string_len(30)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Cases::PersonId).big_integer().not_null())
                    .col(
                        ColumnDef::new(Cases::ProvinceCode)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Cases::LeadAgencyId).big_integer().not_null())
                    .col(ColumnDef::new(Cases::Phase).string_len(30).not_null())
                    .col(
                        ColumnDef::new(Cases::Identification)
                            .string_len(30)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Cases::Channel).string_len(50).not_null())
                    .col(ColumnDef::new(Cases::ReceivedOn).date().not_null())
                    .col(ColumnDef::new(Cases::PlaceUnitId).string_len(40).null())
                    .col(ColumnDef::new(Cases::State).text().not_null())
                    .col(ColumnDef::new(Cases::Version).big_integer().not_null())
                    .col(
                        ColumnDef::new(Cases::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Cases::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cases::Table, Cases::PersonId)
                            .to(Persons::Table, Persons::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cases::Table, Cases::LeadAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cases::Table, Cases::PlaceUnitId)
                            .to(AdminUnits::Table, AdminUnits::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_cases_lead_agency", Cases::LeadAgencyId),
            ("idx_cases_phase", Cases::Phase),
            ("idx_cases_person", Cases::PersonId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Cases::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CaseHistory::Table)
                    .col(super::id_column(CaseHistory::Id))
                    .col(ColumnDef::new(CaseHistory::CaseId).big_integer().not_null())
                    .col(ColumnDef::new(CaseHistory::Seq).big_integer().not_null())
                    .col(
                        ColumnDef::new(CaseHistory::RecordedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CaseHistory::ActorUserId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CaseHistory::ActorAgencyId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CaseHistory::Command)
                            .string_len(50)
                            .not_null(),
                    )
                    .col(ColumnDef::new(CaseHistory::Payload).text().not_null())
                    .col(ColumnDef::new(CaseHistory::Changes).text().not_null())
                    .col(ColumnDef::new(CaseHistory::Reason).text().null())
                    .col(
                        ColumnDef::new(CaseHistory::PrevHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(CaseHistory::Hash).string_len(64).not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseHistory::Table, CaseHistory::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseHistory::Table, CaseHistory::ActorUserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseHistory::Table, CaseHistory::ActorAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_history_case_seq")
                    .table(CaseHistory::Table)
                    .col(CaseHistory::CaseId)
                    .col(CaseHistory::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FacilityStays::Table)
                    .col(super::id_column(FacilityStays::Id))
                    .col(
                        ColumnDef::new(FacilityStays::CaseId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(FacilityStays::FacilityId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(FacilityStays::AdmittedOn).date().not_null())
                    .col(ColumnDef::new(FacilityStays::DischargedOn).date().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(FacilityStays::Table, FacilityStays::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FacilityStays::Table, FacilityStays::FacilityId)
                            .to(Facilities::Table, Facilities::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_facility_stays_facility")
                    .table(FacilityStays::Table)
                    .col(FacilityStays::FacilityId)
                    .col(FacilityStays::DischargedOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FacilityStays::Table.into_iden(),
            CaseHistory::Table.into_iden(),
            Cases::Table.into_iden(),
            CaseNumberCounters::Table.into_iden(),
            PersonIdentityNumbers::Table.into_iden(),
            Persons::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
