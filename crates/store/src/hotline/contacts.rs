//! Recording and correcting contacts, and reading them back: one, a
//! filtered list, a caller's earlier contacts, an operator's call backs.

use super::history::{self, Entry};
use super::{format_number, Author, ContactRecord, DispatchRecord, Hotline, NUMBER_SERIES};
use crate::cases::numbers::next_in_series;
use crate::entities::{case, contact, contact_dispatch};
use crate::error::{StoreError, StoreResult};
use crate::programme::{from_json, no_change, stale, to_json};
use chrono::{DateTime, Datelike, Utc};
use haven_domain::hotline::{ContactCategory, ContactDraft, DispatchDraft, Urgency};
use haven_domain::ids::{AgencyId, ContactId, DispatchId};
use haven_domain::{Violation, Violations};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Which contacts a list holds. Whoever asks is checked by the caller;
/// this only narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    /// Kept by this hotline.
    pub keeper: Option<AgencyId>,
    /// Dispatched to this agency.
    pub dispatched_to: Option<AgencyId>,
    pub from: Option<DateTime<Utc>>,
    /// Up to, not including.
    pub until: Option<DateTime<Utc>>,
    pub urgency: Option<Urgency>,
    pub category: Option<ContactCategory>,
    /// At most this many, newest first (500 when none).
    pub limit: Option<u64>,
    /// Skipping this many (for a list's later pages).
    pub offset: Option<u64>,
}

const LIST_LIMIT: u64 = 500;

fn dispatch_record(row: contact_dispatch::Model) -> DispatchRecord {
    DispatchRecord {
        id: DispatchId(row.id),
        agency_id: AgencyId(row.agency_id),
        note: row.note,
        dispatched_at: row.dispatched_at,
        dispatched_by: row.dispatched_by,
        due_at: row.due_at,
        escalated_from: row.escalated_from_id.map(DispatchId),
        escalated_at: row.escalated_at,
        answered_at: row.answered_at,
        answered_by: row.answered_by,
        answer: row.answer,
    }
}

/// The records of `rows`, with their dispatches and case numbers, in order.
pub(super) async fn records(
    db: &impl ConnectionTrait,
    rows: Vec<contact::Model>,
) -> StoreResult<Vec<ContactRecord>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut dispatches: HashMap<i64, Vec<DispatchRecord>> = HashMap::new();
    for row in contact_dispatch::Entity::find()
        .filter(contact_dispatch::Column::ContactId.is_in(ids))
        .order_by_asc(contact_dispatch::Column::Id)
        .all(db)
        .await?
    {
        dispatches
            .entry(row.contact_id)
            .or_default()
            .push(dispatch_record(row));
    }
    let case_ids: Vec<i64> = rows.iter().filter_map(|r| r.case_id).collect();
    let case_numbers: HashMap<i64, String> = case::Entity::find()
        .select_only()
        .columns([case::Column::Id, case::Column::CaseNumber])
        .filter(case::Column::Id.is_in(case_ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|row| {
            Ok(ContactRecord {
                id: ContactId(row.id),
                number: row.contact_number,
                keeper_agency_id: AgencyId(row.keeper_agency_id),
                operator_user_id: row.operator_user_id,
                contact: from_json(&row.body, "contact")?,
                case_number: row.case_id.and_then(|id| case_numbers.get(&id).cloned()),
                follow_up_done_at: row.follow_up_done_at,
                dispatches: dispatches.remove(&row.id).unwrap_or_default(),
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// The columns lists and figures filter on, from the draft.
fn columns(row: &mut contact::ActiveModel, draft: &ContactDraft) {
    row.channel = Set(draft.channel.code().to_owned());
    row.urgency = Set(draft.urgency.code().to_owned());
    row.started_at = Set(draft.started_at);
    row.caller_number = Set(draft.caller.phone.as_ref().map(|p| p.as_str().to_owned()));
    row.place_unit_id = Set(draft.concerned.place_unit_id.clone());
    row.follow_up_at = Set(draft.follow_up_at);
}

impl Hotline<'_> {
    /// Records a contact kept by the author's hotline and, for one in
    /// immediate danger, its dispatch to the agency that must act, in one
    /// transaction. `answer_hours` is the dispatch's deadline.
    pub async fn record(
        &self,
        author: Author,
        draft: &ContactDraft,
        dispatch: Option<&DispatchDraft>,
        answer_hours: u32,
        now: DateTime<Utc>,
    ) -> StoreResult<ContactRecord> {
        let mut v = match draft.check(now) {
            Ok(()) => Violations::default(),
            Err(v) => v,
        };
        self.check_place(&mut v, draft).await?;
        match dispatch {
            Some(d) => self.check_dispatch(&mut v, d, author.agency_id).await?,
            None if draft.needs_dispatch() => v.push(Violation::new(
                "dispatch.agency_id",
                "dispatch_needed",
                "Người được nhắc đến đang gặp nguy hiểm: hãy chọn cơ quan nhận chuyển xử lý.",
                "Someone is in immediate danger: choose the agency the contact is dispatched to.",
            )),
            None => {}
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let at = now;
        let txn = self.store.begin_write().await?;
        let now = crate::cases::history::now_micros();
        let seq = next_in_series(&txn, NUMBER_SERIES, draft.started_at.year()).await?;
        let body = to_json(draft)?;
        let mut row = contact::ActiveModel {
            contact_number: Set(format_number(draft.started_at.year(), seq)),
            keeper_agency_id: Set(author.agency_id.get()),
            operator_user_id: Set(author.user_id),
            case_id: Set(None),
            follow_up_done_at: Set(None),
            body: Set(body.clone()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        columns(&mut row, draft);
        let created = row.insert(&*txn).await?;
        history::write(
            &*txn,
            Entry {
                contact_id: created.id,
                action: "create",
                user_id: Some(author.user_id),
                at: now,
                before: None,
                after: &body,
            },
        )
        .await?;
        if let Some(d) = dispatch {
            // Dispatched at the moment the caller says (the request's, or a
            // demo's past one), to the microsecond both databases keep.
            super::dispatches::insert(
                &*txn,
                created.id,
                d,
                Some(author.user_id),
                None,
                answer_hours,
                crate::cases::history::micros(at),
            )
            .await?;
        }
        txn.commit().await?;
        tracing::debug!(contact_id = created.id, "contact recorded");
        self.contact(ContactId(created.id))
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })
    }

    /// Corrects a contact on the version the author saw.
    pub async fn correct(
        &self,
        author: Author,
        id: ContactId,
        expected_version: i64,
        draft: &ContactDraft,
        now: DateTime<Utc>,
    ) -> StoreResult<ContactRecord> {
        let mut v = match draft.check(now) {
            Ok(()) => Violations::default(),
            Err(v) => v,
        };
        self.check_place(&mut v, draft).await?;
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.store.begin_write().await?;
        let row = contact::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        if draft.needs_dispatch() {
            let dispatched = contact_dispatch::Entity::find()
                .filter(contact_dispatch::Column::ContactId.eq(id.get()))
                .one(&*txn)
                .await?
                .is_some();
            if !dispatched {
                return Err(StoreError::Invalid(Violations(vec![Violation::new(
                    "urgency",
                    "dispatch_needed",
                    "Cuộc liên hệ chưa được chuyển cho cơ quan nào: hãy chuyển xử lý ở trang cuộc liên hệ trước khi ghi «Đang gặp nguy hiểm».",
                    "The contact was dispatched to no agency: dispatch it from its page before marking someone in immediate danger.",
                )])));
            }
        }
        let after = to_json(draft)?;
        no_change(&row.body, &after)?;
        let withdrawn = row.caller_number.is_some() && draft.caller.phone.is_none();
        let now = crate::cases::history::now_micros();
        let before = row.body.clone();
        let mut update: contact::ActiveModel = row.into();
        columns(&mut update, draft);
        update.body = Set(after.clone());
        update.version = Set(expected_version + 1);
        update.updated_at = Set(now);
        update.update(&*txn).await?;
        history::write(
            &*txn,
            Entry {
                contact_id: id.get(),
                action: "update",
                user_id: Some(author.user_id),
                at: now,
                before: Some(&before),
                after: &after,
            },
        )
        .await?;
        if withdrawn {
            // The caller took back their consent: their number goes from
            // the contact's history too, in the same transaction.
            history::erase_caller_number(&*txn, id.get()).await?;
        }
        txn.commit().await?;
        self.contact(id)
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })
    }

    /// Marks the planned call back made, on the version the author saw.
    pub async fn follow_up_done(
        &self,
        author: Author,
        id: ContactId,
        expected_version: i64,
    ) -> StoreResult<ContactRecord> {
        let txn = self.store.begin_write().await?;
        let row = contact::Entity::find_by_id(id.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })?;
        if row.version != expected_version {
            return Err(stale(expected_version, row.version));
        }
        if row.follow_up_at.is_none() || row.follow_up_done_at.is_some() {
            return Err(StoreError::Invalid(Violations(vec![Violation::new(
                "follow_up_at",
                "follow_up_open",
                "Cuộc liên hệ này không có cuộc gọi lại nào đang chờ.",
                "This contact has no call back waiting.",
            )])));
        }
        let now = crate::cases::history::now_micros();
        super::bump(&*txn, id.get(), Some(expected_version), now, |row| {
            row.follow_up_done_at = Set(Some(now));
        })
        .await?;
        let after = serde_json::json!({ "follow_up_done_at": now }).to_string();
        history::write(
            &*txn,
            Entry {
                contact_id: id.get(),
                action: "follow_up_done",
                user_id: Some(author.user_id),
                at: now,
                before: None,
                after: &after,
            },
        )
        .await?;
        txn.commit().await?;
        self.contact(id)
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })
    }

    pub async fn contact(&self, id: ContactId) -> StoreResult<Option<ContactRecord>> {
        let db = self.store.db();
        let Some(row) = contact::Entity::find_by_id(id.get()).one(db).await? else {
            return Ok(None);
        };
        Ok(records(db, vec![row]).await?.into_iter().next())
    }

    pub async fn by_number(&self, number: &str) -> StoreResult<Option<ContactRecord>> {
        let db = self.store.db();
        let Some(row) = contact::Entity::find()
            .filter(contact::Column::ContactNumber.eq(number))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        Ok(records(db, vec![row]).await?.into_iter().next())
    }

    /// The contacts a filter holds, newest first.
    pub async fn list(&self, filter: &ContactFilter) -> StoreResult<Vec<ContactRecord>> {
        let db = self.store.db();
        let mut condition = Condition::all();
        if let Some(keeper) = filter.keeper {
            condition = condition.add(contact::Column::KeeperAgencyId.eq(keeper.get()));
        }
        if let Some(agency) = filter.dispatched_to {
            let ids: Vec<i64> = contact_dispatch::Entity::find()
                .select_only()
                .column(contact_dispatch::Column::ContactId)
                .filter(contact_dispatch::Column::AgencyId.eq(agency.get()))
                .into_tuple::<i64>()
                .all(db)
                .await?;
            condition = condition.add(contact::Column::Id.is_in(ids));
        }
        if let Some(from) = filter.from {
            condition = condition.add(contact::Column::StartedAt.gte(from));
        }
        if let Some(until) = filter.until {
            condition = condition.add(contact::Column::StartedAt.lt(until));
        }
        if let Some(urgency) = filter.urgency {
            condition = condition.add(contact::Column::Urgency.eq(urgency.code()));
        }
        if let Some(category) = filter.category {
            // Categories live in the body, as a JSON list of codes: a code is
            // matched with its quotes, so no code matches inside another.
            condition =
                condition.add(contact::Column::Body.contains(format!("\"{}\"", category.code())));
        }
        let rows = contact::Entity::find()
            .filter(condition)
            .order_by_desc(contact::Column::StartedAt)
            .order_by_desc(contact::Column::Id)
            .offset(filter.offset.unwrap_or(0))
            .limit(filter.limit.unwrap_or(LIST_LIMIT).min(LIST_LIMIT))
            .all(db)
            .await?;
        records(db, rows).await
    }

    /// Every contact taken from `from` up to `until` about a person in the
    /// area whose units start with `unit_prefix` (`2025/` for the whole
    /// country, where contacts with no place count too), for the figures.
    pub async fn taken_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        unit_prefix: &str,
    ) -> StoreResult<Vec<ContactRecord>> {
        let db = self.store.db();
        let mut query = contact::Entity::find()
            .filter(contact::Column::StartedAt.gte(from))
            .filter(contact::Column::StartedAt.lt(until));
        if unit_prefix != "2025/" {
            query = query.filter(contact::Column::PlaceUnitId.starts_with(unit_prefix));
        }
        let rows = query
            .order_by_asc(contact::Column::StartedAt)
            .all(db)
            .await?;
        records(db, rows).await
    }

    /// The hotline's earlier contacts from the same number (kept with the
    /// caller's consent), newest first, without the contact itself.
    pub async fn earlier_from_caller(&self, of: &ContactRecord) -> StoreResult<Vec<ContactRecord>> {
        let Some(number) = of.contact.caller.phone.as_ref() else {
            return Ok(Vec::new());
        };
        let db = self.store.db();
        let rows = contact::Entity::find()
            .filter(contact::Column::KeeperAgencyId.eq(of.keeper_agency_id.get()))
            .filter(contact::Column::CallerNumber.eq(number.as_str()))
            .filter(contact::Column::Id.ne(of.id.get()))
            .order_by_desc(contact::Column::StartedAt)
            .limit(50)
            .all(db)
            .await?;
        records(db, rows).await
    }

    /// The call backs an operator planned and has not made, soonest first.
    pub async fn call_backs_of(&self, operator_user_id: i64) -> StoreResult<Vec<ContactRecord>> {
        let db = self.store.db();
        let rows = contact::Entity::find()
            .filter(contact::Column::OperatorUserId.eq(operator_user_id))
            .filter(contact::Column::FollowUpAt.is_not_null())
            .filter(contact::Column::FollowUpDoneAt.is_null())
            .order_by_asc(contact::Column::FollowUpAt)
            .limit(200)
            .all(db)
            .await?;
        records(db, rows).await
    }

    async fn check_place(&self, v: &mut Violations, draft: &ContactDraft) -> StoreResult<()> {
        if let Some(unit) = &draft.concerned.place_unit_id {
            if self.store.admin_unit(unit).await?.is_none() {
                v.push(Violation::unknown_code(
                    "concerned.place_unit_id",
                    "admin_units",
                ));
            }
        }
        Ok(())
    }
}
