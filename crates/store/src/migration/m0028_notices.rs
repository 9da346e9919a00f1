//! Notices: what Haven tells people (a referral received, a deadline
//! coming, a report returned, …), each written in the transaction of the
//! event it tells of. A notice goes to one user or to an agency, where the
//! users whose role acts on its kind read it; `notice_reads` keeps who read
//! what. Emails wait in `email_outbox` until a worker sends them; a notice
//! is turned into emails once (`fanned_out_at`). The agency-wide
//! `notifications` of break-the-glass and link requests move here.

use super::id_column;
use super::m0003_organisation::Agencies;
use super::m0019_programme::{index, stamp};
use super::m0026_contacts::{optional_stamp, to_users};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    Kind,
    AgencyId,
    UserId,
    SubjectRef,
    Detail,
    FromUserId,
    DedupeKey,
    CreatedAt,
    FannedOutAt,
}

#[derive(DeriveIden)]
enum NoticeReads {
    Table,
    NoticeId,
    UserId,
    ReadAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    UserId,
    Email,
    Choices,
    DigestThrough,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    NoticeId,
    UserId,
    ToAddress,
    Subject,
    Body,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Notices as N;
        manager
            .create_table(
                Table::create()
                    .table(N::Table)
                    .col(id_column(N::Id))
                    .col(ColumnDef::new(N::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(N::AgencyId).big_integer().not_null())
                    .col(ColumnDef::new(N::UserId).big_integer().null())
                    .col(ColumnDef::new(N::SubjectRef).string_len(80).not_null())
                    .col(ColumnDef::new(N::Detail).string_len(200).null())
                    .col(ColumnDef::new(N::FromUserId).big_integer().null())
                    .col(
                        ColumnDef::new(N::DedupeKey)
                            .string_len(200)
                            .null()
                            .unique_key(),
                    )
                    .col(stamp(N::CreatedAt))
                    .col(optional_stamp(N::FannedOutAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(N::Table, N::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(&mut to_users(N::Table, N::UserId))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_notices_agency", &["agency_id", "id"][..]),
            ("idx_notices_user", &["user_id", "id"][..]),
            ("idx_notices_fanned_out", &["fanned_out_at"][..]),
        ] {
            manager.create_index(index(name, N::Table, columns)).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(NoticeReads::Table)
                    .col(
                        ColumnDef::new(NoticeReads::NoticeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(NoticeReads::UserId).big_integer().not_null())
                    .col(stamp(NoticeReads::ReadAt))
                    .primary_key(
                        Index::create()
                            .col(NoticeReads::NoticeId)
                            .col(NoticeReads::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(NoticeReads::Table, NoticeReads::NoticeId)
                            .to(N::Table, N::Id),
                    )
                    .foreign_key(&mut to_users(NoticeReads::Table, NoticeReads::UserId))
                    .to_owned(),
            )
            .await?;
        use NotificationSettings as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(
                        ColumnDef::new(S::UserId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(S::Email).string_len(254).null())
                    .col(ColumnDef::new(S::Choices).text().not_null())
                    .col(optional_stamp(S::DigestThrough))
                    .col(ColumnDef::new(S::Version).big_integer().not_null())
                    .col(stamp(S::UpdatedAt))
                    .foreign_key(&mut to_users(S::Table, S::UserId))
                    .to_owned(),
            )
            .await?;
        use EmailOutbox as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(id_column(E::Id))
                    .col(ColumnDef::new(E::NoticeId).big_integer().null())
                    .col(ColumnDef::new(E::UserId).big_integer().not_null())
                    .col(ColumnDef::new(E::ToAddress).string_len(254).not_null())
                    .col(ColumnDef::new(E::Subject).string_len(300).not_null())
                    .col(ColumnDef::new(E::Body).text().not_null())
                    .col(ColumnDef::new(E::Status).string_len(20).not_null())
                    .col(ColumnDef::new(E::Attempts).integer().not_null())
                    .col(stamp(E::NextAttemptAt))
                    .col(optional_stamp(E::ClaimedUntil))
                    .col(ColumnDef::new(E::LastError).string_len(300).null())
                    .col(stamp(E::CreatedAt))
                    .col(optional_stamp(E::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::NoticeId)
                            .to(N::Table, N::Id),
                    )
                    .foreign_key(&mut to_users(E::Table, E::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_email_outbox_due",
                E::Table,
                &["status", "next_attempt_at"],
            ))
            .await?;
        // The agency-wide notifications so far (break-the-glass, link
        // requests) become notices, already past their emailing.
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO notices (kind, agency_id, user_id, subject_ref, detail, from_user_id, \
                 dedupe_key, created_at, fanned_out_at) \
                 SELECT CASE n.kind WHEN 'person_link_accepted' THEN 'person_link_answered' \
                 WHEN 'person_link_declined' THEN 'person_link_answered' ELSE n.kind END, \
                 n.agency_id, NULL, c.case_number, \
                 CASE n.kind WHEN 'person_link_accepted' THEN 'accepted' \
                 WHEN 'person_link_declined' THEN 'declined' ELSE NULL END, \
                 n.from_user_id, NULL, n.created_at, n.created_at \
                 FROM notifications n JOIN cases c ON c.id = n.case_id ORDER BY n.id",
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Alias::new("notifications")).to_owned())
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "notices replace the notifications table; restore a backup to go back".into(),
        ))
    }
}
