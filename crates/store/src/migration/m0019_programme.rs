//! The programme: plans (with their parent plan), their targets and tasks,
//! the activities agencies hold, and the history of every change to them;
//! and the code lists activities are described with
//! (`reference/programme_code_lists.csv`).
//!
//! A plan, target, task or activity keeps what its author wrote as one JSON
//! document (the domain's draft type, checked before it is written), beside
//! the columns lists and sums filter on.

use super::id_column;
use super::m0001_reference_schema::CodeListItems;
use super::m0002_reference_data::load_code_lists;
use super::m0003_organisation::{Agencies, Roles, Users};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

const CODE_LISTS: &str = include_str!("../../reference/programme_code_lists.csv");

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Plans {
    Table,
    Id,
    IssuerAgencyId,
    AreaCode,
    ParentPlanId,
    CopiedFromPlanId,
    FirstYear,
    LastYear,
    Body,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum PlanTargets {
    Table,
    Id,
    PlanId,
    Position,
    Body,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum PlanTasks {
    Table,
    Id,
    PlanId,
    LeadAgencyId,
    EndsOn,
    Status,
    Body,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Activities {
    Table,
    Id,
    Kind,
    AgencyId,
    TaskId,
    HeldOn,
    UnitId,
    Body,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum ProgrammeHistory {
    Table,
    Id,
    PlanId,
    RecordKind,
    RecordId,
    Action,
    UserId,
    At,
    Before,
    After,
}

pub(super) fn body(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name).text().not_null().to_owned()
}

pub(super) fn stamp(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

pub(super) fn index(
    name: &str,
    table: impl IntoIden + 'static,
    columns: &[&str],
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.to_owned()
}

/// Adds a role added after the roles migration ran. A database created
/// after the role was added got it from the roles migration already.
pub(super) async fn add_role(
    manager: &SchemaManager<'_>,
    role: haven_domain::role::Role,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let found = db
        .query_one(
            backend.build(
                Query::select()
                    .expr(Expr::col(Roles::Code).count())
                    .from(Roles::Table)
                    .and_where(Expr::col(Roles::Code).eq(role.code())),
            ),
        )
        .await?
        .map(|row| row.try_get_by_index::<i64>(0))
        .transpose()?
        .unwrap_or(0);
    if found == 0 {
        let mut insert = Query::insert();
        insert
            .into_table(Roles::Table)
            .columns([Roles::Code, Roles::NameVi, Roles::NameEn])
            .values([
                role.code().into(),
                role.name_vi().into(),
                role.name_en().into(),
            ])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        manager.exec_stmt(insert).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Plans as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(id_column(P::Id))
                    .col(ColumnDef::new(P::IssuerAgencyId).big_integer().not_null())
                    .col(ColumnDef::new(P::AreaCode).string_len(20).not_null())
                    .col(ColumnDef::new(P::ParentPlanId).big_integer().null())
                    .col(ColumnDef::new(P::CopiedFromPlanId).big_integer().null())
                    .col(ColumnDef::new(P::FirstYear).integer().not_null())
                    .col(ColumnDef::new(P::LastYear).integer().not_null())
                    .col(body(P::Body))
                    .col(ColumnDef::new(P::Version).big_integer().not_null())
                    .col(ColumnDef::new(P::CreatedBy).big_integer().not_null())
                    .col(stamp(P::CreatedAt))
                    .col(stamp(P::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::IssuerAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::ParentPlanId)
                            .to(P::Table, P::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::CopiedFromPlanId)
                            .to(P::Table, P::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_plans_area", P::Table, &["area_code"]))
            .await?;
        manager
            .create_index(index("idx_plans_parent", P::Table, &["parent_plan_id"]))
            .await?;
        use PlanTargets as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(id_column(T::Id))
                    .col(ColumnDef::new(T::PlanId).big_integer().not_null())
                    .col(ColumnDef::new(T::Position).integer().not_null())
                    .col(body(T::Body))
                    .col(ColumnDef::new(T::Version).big_integer().not_null())
                    .col(stamp(T::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::PlanId)
                            .to(P::Table, P::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_plan_targets_plan", T::Table, &["plan_id"]))
            .await?;
        use PlanTasks as K;
        manager
            .create_table(
                Table::create()
                    .table(K::Table)
                    .col(id_column(K::Id))
                    .col(ColumnDef::new(K::PlanId).big_integer().not_null())
                    .col(ColumnDef::new(K::LeadAgencyId).big_integer().not_null())
                    .col(ColumnDef::new(K::EndsOn).date().not_null())
                    .col(ColumnDef::new(K::Status).string_len(20).not_null())
                    .col(body(K::Body))
                    .col(ColumnDef::new(K::Version).big_integer().not_null())
                    .col(stamp(K::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(K::Table, K::PlanId)
                            .to(P::Table, P::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(K::Table, K::LeadAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_plan_tasks_plan", K::Table, &["plan_id"]))
            .await?;
        manager
            .create_index(index("idx_plan_tasks_lead", K::Table, &["lead_agency_id"]))
            .await?;
        use Activities as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(id_column(A::Id))
                    .col(ColumnDef::new(A::Kind).string_len(20).not_null())
                    .col(ColumnDef::new(A::AgencyId).big_integer().not_null())
                    .col(ColumnDef::new(A::TaskId).big_integer().null())
                    .col(ColumnDef::new(A::HeldOn).date().not_null())
                    .col(ColumnDef::new(A::UnitId).string_len(40).not_null())
                    .col(body(A::Body))
                    .col(ColumnDef::new(A::Version).big_integer().not_null())
                    .col(ColumnDef::new(A::CreatedBy).big_integer().not_null())
                    .col(stamp(A::CreatedAt))
                    .col(stamp(A::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::TaskId)
                            .to(K::Table, K::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_activities_held",
                A::Table,
                &["held_on", "unit_id"],
            ))
            .await?;
        manager
            .create_index(index("idx_activities_task", A::Table, &["task_id"]))
            .await?;
        use ProgrammeHistory as H;
        manager
            .create_table(
                Table::create()
                    .table(H::Table)
                    .col(id_column(H::Id))
                    .col(ColumnDef::new(H::PlanId).big_integer().null())
                    .col(ColumnDef::new(H::RecordKind).string_len(20).not_null())
                    .col(ColumnDef::new(H::RecordId).big_integer().not_null())
                    .col(ColumnDef::new(H::Action).string_len(20).not_null())
                    .col(ColumnDef::new(H::UserId).big_integer().not_null())
                    .col(stamp(H::At))
                    .col(ColumnDef::new(H::Before).text().null())
                    .col(ColumnDef::new(H::After).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(H::Table, H::PlanId)
                            .to(P::Table, P::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(H::Table, H::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_programme_history_plan", H::Table, &["plan_id"]))
            .await?;
        manager
            .create_index(index(
                "idx_programme_history_record",
                H::Table,
                &["record_kind", "record_id"],
            ))
            .await?;
        add_role(manager, haven_domain::role::Role::ProgrammeOfficer).await?;
        load_code_lists(manager, CODE_LISTS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for list in [
            "communication_kind",
            "communication_language",
            "audience_group",
            "training_topic",
        ] {
            manager
                .exec_stmt(
                    Query::delete()
                        .from_table(CodeListItems::Table)
                        .and_where(Expr::col(CodeListItems::List).eq(list))
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            ProgrammeHistory::Table.into_iden(),
            Activities::Table.into_iden(),
            PlanTasks::Table.into_iden(),
            PlanTargets::Table.into_iden(),
            Plans::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
