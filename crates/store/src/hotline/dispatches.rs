//! Dispatching an urgent contact to the agency that must act, its answer,
//! and the escalation of a dispatch left unanswered past its deadline to
//! the agency above (its parent agency). An escalation is claimed by one
//! conditional update, so two Haven instances never escalate a dispatch twice.

use super::history::{self, Entry};
use super::{Author, ContactRecord, Hotline};
use crate::entities::{agency, contact, contact_dispatch};
use crate::error::{StoreError, StoreResult};
use crate::notices::{Audience, NewNotice};
use crate::programme::to_json;
use chrono::{DateTime, Duration, Utc};
use haven_domain::hotline::{AnswerDraft, DispatchDraft};
use haven_domain::ids::{AgencyId, ContactId, DispatchId};
use haven_domain::notice::NoticeKind;
use haven_domain::{Violation, Violations};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// Writes a dispatch and its history entry, in the caller's transaction.
pub(super) async fn insert(
    db: &impl ConnectionTrait,
    contact_id: i64,
    draft: &DispatchDraft,
    by: Option<i64>,
    escalated_from: Option<i64>,
    answer_hours: u32,
    now: DateTime<Utc>,
) -> StoreResult<DispatchId> {
    let due_at = now + Duration::hours(i64::from(answer_hours.max(1)));
    let created = contact_dispatch::ActiveModel {
        contact_id: Set(contact_id),
        agency_id: Set(draft.agency_id.get()),
        note: Set(draft.note.trim().to_owned()),
        dispatched_at: Set(now),
        dispatched_by: Set(by),
        due_at: Set(due_at),
        escalated_from_id: Set(escalated_from),
        escalated_at: Set(None),
        answered_at: Set(None),
        answered_by: Set(None),
        answer: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let after = json!({
        "dispatch_id": created.id,
        "agency_id": draft.agency_id,
        "note": created.note,
        "due_at": due_at,
        "escalated_from": escalated_from,
    })
    .to_string();
    history::write(
        db,
        Entry {
            contact_id,
            action: if escalated_from.is_some() {
                "escalate"
            } else {
                "dispatch"
            },
            user_id: by,
            at: now,
            before: None,
            after: &after,
        },
    )
    .await?;
    let dispatched = contact::Entity::find_by_id(contact_id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound { what: "contact" })?;
    let number = dispatched.contact_number;
    crate::webhooks::raise(
        db,
        crate::webhooks::NewEvent {
            event: haven_domain::webhook::WebhookEvent::ContactDispatched,
            subject_ref: number.clone(),
            agencies: vec![AgencyId(dispatched.keeper_agency_id), draft.agency_id],
            at: now,
        },
    )
    .await?;
    crate::notices::raise(
        db,
        NewNotice {
            kind: NoticeKind::ContactDispatched,
            to: Audience::Agency(draft.agency_id),
            subject_ref: number,
            detail: escalated_from.map(|_| "escalated".to_owned()),
            from_user_id: by,
            dedupe_key: None,
            at: now,
        },
    )
    .await?;
    Ok(DispatchId(created.id))
}

impl Hotline<'_> {
    /// The agency asked to act must exist, be active, and not be the
    /// hotline itself.
    pub(super) async fn check_dispatch(
        &self,
        v: &mut Violations,
        draft: &DispatchDraft,
        keeper: AgencyId,
    ) -> StoreResult<()> {
        if let Err(broken) = draft.check() {
            v.0.extend(broken.0);
        }
        let found = agency::Entity::find_by_id(draft.agency_id.get())
            .one(self.store.db())
            .await?;
        match found {
            Some(a) if a.active && a.id != keeper.get() => {}
            Some(_) | None => v.push(Violation::new(
                "dispatch.agency_id",
                "dispatch_target",
                "Hãy chọn một cơ quan đang hoạt động, khác tổng đài, để chuyển xử lý.",
                "Choose an active agency other than the hotline to dispatch to.",
            )),
        }
        Ok(())
    }

    /// Dispatches a recorded contact, on the version the author saw; an
    /// agency with an unanswered dispatch of it is not asked twice.
    pub async fn dispatch(
        &self,
        author: Author,
        id: ContactId,
        expected_version: i64,
        draft: &DispatchDraft,
        answer_hours: u32,
    ) -> StoreResult<ContactRecord> {
        let mut v = Violations::default();
        self.check_dispatch(&mut v, draft, author.agency_id).await?;
        v.into_result().map_err(StoreError::Invalid)?;
        let txn = self.store.begin_write().await?;
        let waiting = contact_dispatch::Entity::find()
            .filter(contact_dispatch::Column::ContactId.eq(id.get()))
            .filter(contact_dispatch::Column::AgencyId.eq(draft.agency_id.get()))
            .filter(contact_dispatch::Column::AnsweredAt.is_null())
            .one(&*txn)
            .await?;
        if waiting.is_some() {
            return Err(StoreError::Invalid(Violations(vec![Violation::new(
                "dispatch.agency_id",
                "already_dispatched",
                "Cơ quan này đã được chuyển cuộc liên hệ và chưa trả lời.",
                "This agency was dispatched the contact already and has not answered.",
            )])));
        }
        let now = crate::cases::history::now_micros();
        super::bump(&*txn, id.get(), Some(expected_version), now, |_| {}).await?;
        insert(
            &*txn,
            id.get(),
            draft,
            Some(author.user_id),
            None,
            answer_hours,
            now,
        )
        .await?;
        txn.commit().await?;
        self.contact(id)
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })
    }

    /// The agency's answer to a dispatch: once.
    pub async fn answer(
        &self,
        author: Author,
        dispatch: DispatchId,
        draft: &AnswerDraft,
    ) -> StoreResult<ContactRecord> {
        draft.check()?;
        let txn = self.store.begin_write().await?;
        let row = contact_dispatch::Entity::find_by_id(dispatch.get())
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "dispatch" })?;
        let now = crate::cases::history::now_micros();
        let answer = draft.answer.trim().to_owned();
        let claimed = contact_dispatch::Entity::update_many()
            .col_expr(contact_dispatch::Column::AnsweredAt, Expr::value(now))
            .col_expr(
                contact_dispatch::Column::AnsweredBy,
                Expr::value(author.user_id),
            )
            .col_expr(
                contact_dispatch::Column::Answer,
                Expr::value(answer.clone()),
            )
            .filter(contact_dispatch::Column::Id.eq(dispatch.get()))
            .filter(contact_dispatch::Column::AnsweredAt.is_null())
            .exec(&*txn)
            .await?;
        if claimed.rows_affected != 1 {
            return Err(StoreError::Invalid(Violations(vec![Violation::new(
                "answer",
                "answered_once",
                "Yêu cầu chuyển xử lý này đã được trả lời.",
                "This dispatch has been answered already.",
            )])));
        }
        super::bump(&*txn, row.contact_id, None, now, |_| {}).await?;
        let after = to_json(&json!({ "dispatch_id": row.id, "answer": answer }))?;
        history::write(
            &*txn,
            Entry {
                contact_id: row.contact_id,
                action: "answer",
                user_id: Some(author.user_id),
                at: now,
                before: None,
                after: &after,
            },
        )
        .await?;
        txn.commit().await?;
        self.contact(ContactId(row.contact_id))
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })
    }

    /// Escalates every dispatch unanswered past its deadline at `now` whose
    /// contact no agency answered: to the dispatched agency's parent, with
    /// a new deadline of `answer_hours`; marked escalated where there is no
    /// agency above. Returns the escalations made (the new dispatches).
    pub async fn escalate_overdue(
        &self,
        now: DateTime<Utc>,
        answer_hours: u32,
    ) -> StoreResult<Vec<DispatchId>> {
        let overdue = contact_dispatch::Entity::find()
            .filter(contact_dispatch::Column::AnsweredAt.is_null())
            .filter(contact_dispatch::Column::EscalatedAt.is_null())
            .filter(contact_dispatch::Column::DueAt.lte(now))
            .order_by_asc(contact_dispatch::Column::DueAt)
            .all(self.store.db())
            .await?;
        let mut made = Vec::new();
        for due in overdue {
            if let Some(id) = self.escalate(due, now, answer_hours).await? {
                made.push(id);
            }
        }
        Ok(made)
    }

    async fn escalate(
        &self,
        due: contact_dispatch::Model,
        now: DateTime<Utc>,
        answer_hours: u32,
    ) -> StoreResult<Option<DispatchId>> {
        let txn = self.store.begin_write().await?;
        let answered = contact_dispatch::Entity::find()
            .filter(contact_dispatch::Column::ContactId.eq(due.contact_id))
            .filter(contact_dispatch::Column::AnsweredAt.is_not_null())
            .one(&*txn)
            .await?
            .is_some();
        if answered {
            return Ok(None);
        }
        let claimed = contact_dispatch::Entity::update_many()
            .col_expr(contact_dispatch::Column::EscalatedAt, Expr::value(now))
            .filter(contact_dispatch::Column::Id.eq(due.id))
            .filter(contact_dispatch::Column::EscalatedAt.is_null())
            .filter(contact_dispatch::Column::AnsweredAt.is_null())
            .exec(&*txn)
            .await?;
        if claimed.rows_affected != 1 {
            // Another instance escalated it, or the agency answered meanwhile.
            return Ok(None);
        }
        let above = agency::Entity::find_by_id(due.agency_id)
            .one(&*txn)
            .await?
            .and_then(|a| a.parent_agency_id);
        let above = match above {
            Some(parent) => agency::Entity::find_by_id(parent)
                .one(&*txn)
                .await?
                .filter(|a| a.active),
            None => None,
        };
        super::bump(&*txn, due.contact_id, None, now, |_| {}).await?;
        // The hotline learns its dispatch went unanswered.
        let keeper = contact::Entity::find_by_id(due.contact_id)
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })?;
        crate::notices::raise(
            &*txn,
            NewNotice {
                kind: NoticeKind::ContactUnanswered,
                to: Audience::Agency(AgencyId(keeper.keeper_agency_id)),
                subject_ref: keeper.contact_number,
                detail: None,
                from_user_id: None,
                dedupe_key: None,
                at: now,
            },
        )
        .await?;
        let made = match above {
            Some(parent) => {
                let draft = DispatchDraft {
                    agency_id: AgencyId(parent.id),
                    note: due.note.clone(),
                };
                Some(
                    insert(
                        &*txn,
                        due.contact_id,
                        &draft,
                        None,
                        Some(due.id),
                        answer_hours,
                        now,
                    )
                    .await?,
                )
            }
            None => {
                let after = to_json(&json!({ "dispatch_id": due.id, "agency_id": null }))?;
                history::write(
                    &*txn,
                    Entry {
                        contact_id: due.contact_id,
                        action: "escalate",
                        user_id: None,
                        at: now,
                        before: None,
                        after: &after,
                    },
                )
                .await?;
                None
            }
        };
        txn.commit().await?;
        tracing::info!(dispatch_id = due.id, "unanswered dispatch escalated");
        Ok(made)
    }

    /// The dispatches an agency has not answered, soonest deadline first,
    /// with their contacts.
    pub async fn waiting_for(&self, agency: AgencyId) -> StoreResult<Vec<ContactRecord>> {
        let db = self.store.db();
        let ids: Vec<i64> = contact_dispatch::Entity::find()
            .filter(contact_dispatch::Column::AgencyId.eq(agency.get()))
            .filter(contact_dispatch::Column::AnsweredAt.is_null())
            .order_by_asc(contact_dispatch::Column::DueAt)
            .all(db)
            .await?
            .into_iter()
            .map(|d| d.contact_id)
            .collect();
        let rows = contact::Entity::find()
            .filter(contact::Column::Id.is_in(ids))
            .order_by_asc(contact::Column::StartedAt)
            .all(db)
            .await?;
        super::contacts::records(db, rows).await
    }
}
