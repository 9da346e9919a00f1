//! A plan's budget: estimates per year, kind of work and funding source
//! (`budget_lines`), and the allocations and spending recorded against them
//! (`budget_entries`); and the finance role that keeps them.
//!
//! Each record keeps its author's draft as JSON beside the columns sums
//! filter on; changes are written to `programme_history` with the plan.

use super::id_column;
use super::m0003_organisation::Users;
use super::m0019_programme::{add_role, body, index, stamp, PlanTasks, Plans};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum BudgetLines {
    Table,
    Id,
    PlanId,
    Year,
    Kind,
    FundingSource,
    TaskId,
    EstimateVnd,
    Body,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum BudgetEntries {
    Table,
    Id,
    LineId,
    PlanId,
    Kind,
    OnDate,
    AmountVnd,
    Body,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use BudgetLines as L;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(id_column(L::Id))
                    .col(ColumnDef::new(L::PlanId).big_integer().not_null())
                    .col(ColumnDef::new(L::Year).integer().not_null())
                    .col(ColumnDef::new(L::Kind).string_len(20).not_null())
                    .col(ColumnDef::new(L::FundingSource).string_len(60).not_null())
                    .col(ColumnDef::new(L::TaskId).big_integer().null())
                    .col(ColumnDef::new(L::EstimateVnd).big_integer().not_null())
                    .col(body(L::Body))
                    .col(ColumnDef::new(L::Version).big_integer().not_null())
                    .col(stamp(L::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(L::Table, L::PlanId)
                            .to(Plans::Table, Plans::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(L::Table, L::TaskId)
                            .to(PlanTasks::Table, PlanTasks::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_budget_lines_plan_year",
                L::Table,
                &["plan_id", "year"],
            ))
            .await?;
        use BudgetEntries as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(id_column(E::Id))
                    .col(ColumnDef::new(E::LineId).big_integer().not_null())
                    .col(ColumnDef::new(E::PlanId).big_integer().not_null())
                    .col(ColumnDef::new(E::Kind).string_len(20).not_null())
                    .col(ColumnDef::new(E::OnDate).date().not_null())
                    .col(ColumnDef::new(E::AmountVnd).big_integer().not_null())
                    .col(body(E::Body))
                    .col(ColumnDef::new(E::Version).big_integer().not_null())
                    .col(ColumnDef::new(E::CreatedBy).big_integer().not_null())
                    .col(stamp(E::CreatedAt))
                    .col(stamp(E::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::LineId)
                            .to(L::Table, L::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::PlanId)
                            .to(Plans::Table, Plans::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_budget_entries_line", E::Table, &["line_id"]))
            .await?;
        manager
            .create_index(index(
                "idx_budget_entries_plan",
                E::Table,
                &["plan_id", "on_date"],
            ))
            .await?;
        add_role(manager, haven_domain::role::Role::FinanceOfficer).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            BudgetEntries::Table.into_iden(),
            BudgetLines::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
