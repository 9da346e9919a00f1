//! The directory of services: one entry per agency, per facility, or per
//! provider outside Haven (an NGO, a hospital, a legal-aid centre). The
//! body is the entry as its keeper wrote it (JSON); its changes are kept
//! in `programme_history` as `service_entry` records, like the programme's.

use super::id_column;
use super::m0003_organisation::{Agencies, Facilities};
use super::m0019_programme::{body, index, stamp};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ServiceEntries {
    Table,
    Id,
    AgencyId,
    FacilityId,
    Kind,
    UnitId,
    Active,
    Body,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ServiceEntries as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(id_column(S::Id))
                    .col(ColumnDef::new(S::AgencyId).big_integer().null())
                    .col(ColumnDef::new(S::FacilityId).big_integer().null())
                    .col(ColumnDef::new(S::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(S::UnitId).string_len(40).not_null())
                    .col(ColumnDef::new(S::Active).boolean().not_null())
                    .col(body(S::Body))
                    .col(ColumnDef::new(S::Version).big_integer().not_null())
                    .col(stamp(S::CreatedAt))
                    .col(stamp(S::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(S::Table, S::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(S::Table, S::FacilityId)
                            .to(Facilities::Table, Facilities::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_service_entries_unit", S::Table, &["unit_id"]))
            .await?;
        manager
            .create_index(index(
                "idx_service_entries_agency",
                S::Table,
                &["agency_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_service_entries_facility",
                S::Table,
                &["facility_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ServiceEntries::Table).to_owned())
            .await
    }
}
