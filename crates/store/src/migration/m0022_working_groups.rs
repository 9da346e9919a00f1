//! Inter-agency working groups (`working_groups`), the group a meeting was
//! of (`activities.working_group_id`), and the follow-up actions decided at
//! meetings (`follow_up_actions`), each with its owner agency and due date.

use super::id_column;
use super::m0003_organisation::{Agencies, Users};
use super::m0019_programme::{body, index, stamp, Activities};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum WorkingGroups {
    Table,
    Id,
    HostAgencyId,
    AreaCode,
    Body,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum FollowUpActions {
    Table,
    Id,
    ActivityId,
    WorkingGroupId,
    Position,
    OwnerAgencyId,
    DueOn,
    Status,
    Body,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ActivityGroup {
    WorkingGroupId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use WorkingGroups as G;
        manager
            .create_table(
                Table::create()
                    .table(G::Table)
                    .col(id_column(G::Id))
                    .col(ColumnDef::new(G::HostAgencyId).big_integer().not_null())
                    .col(ColumnDef::new(G::AreaCode).string_len(20).not_null())
                    .col(body(G::Body))
                    .col(ColumnDef::new(G::Version).big_integer().not_null())
                    .col(ColumnDef::new(G::CreatedBy).big_integer().not_null())
                    .col(stamp(G::CreatedAt))
                    .col(stamp(G::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(G::Table, G::HostAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(G::Table, G::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        use FollowUpActions as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(id_column(A::Id))
                    .col(ColumnDef::new(A::ActivityId).big_integer().not_null())
                    .col(ColumnDef::new(A::WorkingGroupId).big_integer().null())
                    .col(ColumnDef::new(A::Position).integer().not_null())
                    .col(ColumnDef::new(A::OwnerAgencyId).big_integer().not_null())
                    .col(ColumnDef::new(A::DueOn).date().not_null())
                    .col(ColumnDef::new(A::Status).string_len(20).not_null())
                    .col(body(A::Body))
                    .col(ColumnDef::new(A::Version).big_integer().not_null())
                    .col(stamp(A::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::ActivityId)
                            .to(Activities::Table, Activities::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::WorkingGroupId)
                            .to(G::Table, G::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::OwnerAgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_actions_activity", &["activity_id"][..]),
            ("idx_actions_group", &["working_group_id"][..]),
            ("idx_actions_owner", &["owner_agency_id", "status"][..]),
        ] {
            manager.create_index(index(name, A::Table, columns)).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Activities::Table)
                    .add_column(
                        ColumnDef::new(ActivityGroup::WorkingGroupId)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_activities_working_group",
                Activities::Table,
                &["working_group_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_activities_working_group")
                    .table(Activities::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Activities::Table)
                    .drop_column(ActivityGroup::WorkingGroupId)
                    .to_owned(),
            )
            .await?;
        for table in [
            FollowUpActions::Table.into_iden(),
            WorkingGroups::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
