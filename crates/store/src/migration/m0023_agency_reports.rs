//! Member agencies' periodic reports to the social-affairs authority of
//! their level (`agency_reports`): one per agency and period, its status in
//! the submission workflow, what the agency wrote, and the figures frozen
//! when it was sent up. Every step is written to `programme_history`.

use super::id_column;
use super::m0003_organisation::{Agencies, Users};
use super::m0019_programme::{body, index, stamp};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum AgencyReports {
    Table,
    Id,
    AgencyId,
    AreaCode,
    PeriodCode,
    Status,
    Narrative,
    Snapshot,
    SubmittedAt,
    SubmittedBy,
    ReviewedAt,
    ReviewedBy,
    ReviewComment,
    Version,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AgencyReports as R;
        let moment = |name: R| {
            ColumnDef::new(name)
                .timestamp_with_time_zone()
                .null()
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(id_column(R::Id))
                    .col(ColumnDef::new(R::AgencyId).big_integer().not_null())
                    .col(ColumnDef::new(R::AreaCode).string_len(20).not_null())
                    .col(ColumnDef::new(R::PeriodCode).string_len(40).not_null())
                    .col(ColumnDef::new(R::Status).string_len(20).not_null())
                    .col(body(R::Narrative))
                    .col(body(R::Snapshot))
                    .col(moment(R::SubmittedAt))
                    .col(ColumnDef::new(R::SubmittedBy).big_integer().null())
                    .col(moment(R::ReviewedAt))
                    .col(ColumnDef::new(R::ReviewedBy).big_integer().null())
                    .col(ColumnDef::new(R::ReviewComment).text().null())
                    .col(ColumnDef::new(R::Version).big_integer().not_null())
                    .col(stamp(R::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(R::Table, R::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(R::Table, R::SubmittedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(R::Table, R::ReviewedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "idx_agency_reports_agency_period",
                    R::Table,
                    &["agency_id", "period_code"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_agency_reports_area_period",
                R::Table,
                &["area_code", "period_code"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AgencyReports::Table).to_owned())
            .await
    }
}
