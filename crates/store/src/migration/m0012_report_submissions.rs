//! The reports units submit up the hierarchy: one row per unit (area) and
//! period with its status, narrative, frozen figures and due date, and the
//! trail of what was done to it (drafted, submitted, returned, approved).

use super::id_column;
use super::m0003_organisation::Users;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportSubmissions {
    Table,
    Id,
    AreaCode,
    PeriodCode,
    Level,
    ProvinceCode,
    Status,
    Difficulties,
    Proposals,
    Snapshot,
    Fingerprint,
    DueOn,
    FirstSubmittedAt,
    SubmittedAt,
    SubmittedBy,
    ReviewedAt,
    ReviewedBy,
    ReviewComment,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReportSubmissionEvents {
    Table,
    Id,
    SubmissionId,
    Action,
    UserId,
    At,
    Comment,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ReportSubmissions as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(id_column(R::Id))
                    .col(ColumnDef::new(R::AreaCode).string_len(20).not_null())
                    .col(ColumnDef::new(R::PeriodCode).string_len(40).not_null())
                    .col(ColumnDef::new(R::Level).string_len(20).not_null())
                    .col(ColumnDef::new(R::ProvinceCode).string_len(10).null())
                    .col(ColumnDef::new(R::Status).string_len(20).not_null())
                    .col(ColumnDef::new(R::Difficulties).text().not_null())
                    .col(ColumnDef::new(R::Proposals).text().not_null())
                    .col(ColumnDef::new(R::Snapshot).text().not_null())
                    .col(ColumnDef::new(R::Fingerprint).string_len(64).not_null())
                    .col(ColumnDef::new(R::DueOn).date().null())
                    .col(
                        ColumnDef::new(R::FirstSubmittedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(R::SubmittedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(R::SubmittedBy).big_integer().null())
                    .col(
                        ColumnDef::new(R::ReviewedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(R::ReviewedBy).big_integer().null())
                    .col(ColumnDef::new(R::ReviewComment).text().null())
                    .col(ColumnDef::new(R::Version).big_integer().not_null())
                    .col(
                        ColumnDef::new(R::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
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
                Index::create()
                    .name("idx_report_submissions_unit_period")
                    .table(R::Table)
                    .col(R::AreaCode)
                    .col(R::PeriodCode)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_submissions_period")
                    .table(R::Table)
                    .col(R::PeriodCode)
                    .to_owned(),
            )
            .await?;
        use ReportSubmissionEvents as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(id_column(E::Id))
                    .col(ColumnDef::new(E::SubmissionId).big_integer().not_null())
                    .col(ColumnDef::new(E::Action).string_len(20).not_null())
                    .col(ColumnDef::new(E::UserId).big_integer().not_null())
                    .col(ColumnDef::new(E::At).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(E::Comment).text().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::SubmissionId)
                            .to(R::Table, R::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_submission_events_submission")
                    .table(E::Table)
                    .col(E::SubmissionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(ReportSubmissionEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ReportSubmissions::Table).to_owned())
            .await
    }
}
