//! A reader's inbox: the notices for them, and those for their agency of
//! the kinds their role acts on; which they have read.

use super::{NoticeRecord, Notices};
use crate::entities::{notice, notice_read};
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use haven_domain::ids::{AgencyId, NoticeId};
use haven_domain::notice::NoticeKind;
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Who reads, and the kinds of their agency's notices their role acts on
/// (the server decides those from the permission table).
#[derive(Debug, Clone)]
pub struct Reader {
    pub user_id: i64,
    pub agency: AgencyId,
    pub acts_on: Vec<NoticeKind>,
}

/// One page of an inbox, newest first.
#[derive(Debug, Clone)]
pub struct InboxPage {
    pub notices: Vec<NoticeRecord>,
    /// Notices on every page (as filtered).
    pub total: u64,
    pub unread: u64,
    /// The newest notice of the whole inbox: "mark all read" marks up to
    /// it, so a notice that came after the reader looked stays unread.
    pub newest: Option<NoticeId>,
}

/// The largest page a reader may ask for.
const PAGE_MAX: u64 = 200;

fn addressed_to(reader: &Reader) -> Condition {
    let kinds: Vec<&str> = reader.acts_on.iter().map(|k| k.code()).collect();
    Condition::any()
        .add(notice::Column::UserId.eq(reader.user_id))
        .add(
            Condition::all()
                .add(notice::Column::UserId.is_null())
                .add(notice::Column::AgencyId.eq(reader.agency.get()))
                .add(notice::Column::Kind.is_in(kinds)),
        )
}

fn unread_by(reader: &Reader) -> Condition {
    Condition::all().add(
        notice::Column::Id.not_in_subquery(
            Query::select()
                .column(notice_read::Column::NoticeId)
                .from(notice_read::Entity)
                .and_where(notice_read::Column::UserId.eq(reader.user_id))
                .to_owned(),
        ),
    )
}

impl Notices<'_> {
    pub async fn inbox(
        &self,
        reader: &Reader,
        unread_only: bool,
        limit: u64,
        offset: u64,
    ) -> StoreResult<InboxPage> {
        let db = self.store.db();
        let mut select = notice::Entity::find().filter(addressed_to(reader));
        if unread_only {
            select = select.filter(unread_by(reader));
        }
        let total = select.clone().count(db).await?;
        let rows = select
            .order_by_desc(notice::Column::Id)
            .offset(offset.min(10_000_000))
            .limit(limit.clamp(1, PAGE_MAX))
            .all(db)
            .await?;
        let reads: HashMap<i64, DateTime<Utc>> = notice_read::Entity::find()
            .filter(notice_read::Column::UserId.eq(reader.user_id))
            .filter(notice_read::Column::NoticeId.is_in(rows.iter().map(|r| r.id)))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.notice_id, r.read_at))
            .collect();
        let notices = rows
            .into_iter()
            .filter_map(|row| {
                let read = reads.get(&row.id).copied();
                NoticeRecord::from_row(row, read)
            })
            .collect();
        let newest = notice::Entity::find()
            .select_only()
            .column(notice::Column::Id)
            .filter(addressed_to(reader))
            .order_by_desc(notice::Column::Id)
            .into_tuple::<i64>()
            .one(db)
            .await?
            .map(NoticeId);
        Ok(InboxPage {
            notices,
            total,
            unread: self.unread_count(reader).await?,
            newest,
        })
    }

    /// The number shown beside the inbox in every page's header.
    pub async fn unread_count(&self, reader: &Reader) -> StoreResult<u64> {
        Ok(notice::Entity::find()
            .filter(addressed_to(reader))
            .filter(unread_by(reader))
            .count(self.store.db())
            .await?)
    }

    /// One notice, if it is in the reader's inbox.
    pub async fn notice(&self, reader: &Reader, id: NoticeId) -> StoreResult<Option<NoticeRecord>> {
        let db = self.store.db();
        let Some(row) = notice::Entity::find_by_id(id.get())
            .filter(addressed_to(reader))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let read = notice_read::Entity::find_by_id((row.id, reader.user_id))
            .one(db)
            .await?
            .map(|r| r.read_at);
        Ok(NoticeRecord::from_row(row, read))
    }

    /// Who has read the notice: they need no email of it.
    pub async fn readers_of(&self, id: NoticeId) -> StoreResult<Vec<i64>> {
        Ok(notice_read::Entity::find()
            .filter(notice_read::Column::NoticeId.eq(id.get()))
            .all(self.store.db())
            .await?
            .into_iter()
            .map(|r| r.user_id)
            .collect())
    }

    /// Marks a notice of the reader's inbox read; `false` when it is not in it.
    pub async fn mark_read(
        &self,
        reader: &Reader,
        id: NoticeId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let txn = self.store.begin_write().await?;
        let visible = notice::Entity::find_by_id(id.get())
            .filter(addressed_to(reader))
            .one(&*txn)
            .await?
            .is_some();
        if visible {
            insert_reads(&*txn, reader.user_id, &[id.get()], now).await?;
        }
        txn.commit().await?;
        Ok(visible)
    }

    /// Marks the inbox read up to `through` (the newest notice the reader
    /// saw; the whole inbox without it); returns how many were unread.
    pub async fn mark_all_read(
        &self,
        reader: &Reader,
        through: Option<NoticeId>,
        now: DateTime<Utc>,
    ) -> StoreResult<usize> {
        let txn = self.store.begin_write().await?;
        let mut unread = notice::Entity::find()
            .select_only()
            .column(notice::Column::Id)
            .filter(addressed_to(reader))
            .filter(unread_by(reader));
        if let Some(through) = through {
            unread = unread.filter(notice::Column::Id.lte(through.get()));
        }
        let ids: Vec<i64> = unread.into_tuple().all(&*txn).await?;
        insert_reads(&*txn, reader.user_id, &ids, now).await?;
        txn.commit().await?;
        Ok(ids.len())
    }

    /// The reader's unread notices of `kinds` raised in `(after, until]`,
    /// oldest first: what a daily digest gathers.
    pub(crate) async fn raised_between(
        &self,
        reader: &Reader,
        kinds: &[NoticeKind],
        after: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<NoticeRecord>> {
        let mut select = notice::Entity::find()
            .filter(addressed_to(reader))
            .filter(notice::Column::Kind.is_in(kinds.iter().map(|k| k.code())))
            .filter(unread_by(reader))
            .filter(notice::Column::CreatedAt.lte(until));
        if let Some(after) = after {
            select = select.filter(notice::Column::CreatedAt.gt(after));
        }
        Ok(select
            .order_by_asc(notice::Column::Id)
            .limit(500)
            .all(self.store.db())
            .await?
            .into_iter()
            .filter_map(|row| NoticeRecord::from_row(row, None))
            .collect())
    }
}

async fn insert_reads(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i64,
    ids: &[i64],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    // Batches stay under both backends' bound-parameter limits.
    for batch in ids.chunks(300) {
        let rows = batch.iter().map(|id| notice_read::ActiveModel {
            notice_id: Set(*id),
            user_id: Set(user_id),
            read_at: Set(now),
        });
        notice_read::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([notice_read::Column::NoticeId, notice_read::Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .do_nothing()
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
