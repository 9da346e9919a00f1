//! The area's own periodic report carries the whole narrative the seeds
//! ask for — results, limitations and their causes — beside its
//! difficulties and proposals; and a member agency's report keeps the day
//! it first went up, so a report returned and sent again is still judged
//! on time or late by its first sending (as the area's reports are).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportSubmissions {
    Table,
    Results,
    Limitations,
}

#[derive(DeriveIden)]
enum AgencyReports {
    Table,
    SubmittedAt,
    FirstSubmittedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for column in [ReportSubmissions::Results, ReportSubmissions::Limitations] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ReportSubmissions::Table)
                        .add_column(ColumnDef::new(column).text().not_null().default(""))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(AgencyReports::Table)
                    .add_column(
                        ColumnDef::new(AgencyReports::FirstSubmittedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        // Reports sent before this column: their last sending is the best
        // knowledge of the first.
        manager
            .exec_stmt(
                Query::update()
                    .table(AgencyReports::Table)
                    .value(
                        AgencyReports::FirstSubmittedAt,
                        Expr::col(AgencyReports::SubmittedAt),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AgencyReports::Table)
                    .drop_column(AgencyReports::FirstSubmittedAt)
                    .to_owned(),
            )
            .await?;
        for column in [ReportSubmissions::Limitations, ReportSubmissions::Results] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ReportSubmissions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
