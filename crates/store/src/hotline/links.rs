//! A contact and the case it concerns point to each other: the case opened
//! from it at reception (in the reception's transaction), or an existing
//! case a later contact is attached to. Once linked, a contact stays with
//! its case.

use super::history::{self, Entry};
use super::{Author, ContactRecord, Hotline};
use crate::entities::{case, contact};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use haven_domain::ids::ContactId;
use haven_domain::{Violation, Violations};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

fn already_linked() -> StoreError {
    StoreError::Invalid(Violations(vec![Violation::new(
        "contact_number",
        "linked_once",
        "Cuộc liên hệ này đã gắn với một hồ sơ.",
        "This contact is linked to a case already.",
    )]))
}

/// Links the contact to the case, in the caller's transaction.
pub(crate) async fn link_in(
    db: &impl ConnectionTrait,
    user_id: i64,
    contact_id: ContactId,
    case_id: i64,
    case_number: &str,
    expected_version: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let row = contact::Entity::find_by_id(contact_id.get())
        .one(db)
        .await?
        .ok_or(StoreError::NotFound { what: "contact" })?;
    if row.case_id.is_some() {
        return Err(already_linked());
    }
    super::bump(db, row.id, expected_version, now, |update| {
        update.case_id = Set(Some(case_id));
    })
    .await?;
    let after = json!({ "case_number": case_number }).to_string();
    history::write(
        db,
        Entry {
            contact_id: row.id,
            action: "link_case",
            user_id: Some(user_id),
            at: now,
            before: None,
            after: &after,
        },
    )
    .await
}

impl Hotline<'_> {
    /// Attaches a contact to an existing case, on the contact's version the
    /// author saw. Whether the author may read the case is the caller's to ask.
    pub async fn attach_to_case(
        &self,
        author: Author,
        id: ContactId,
        expected_version: i64,
        case_number: &str,
    ) -> StoreResult<ContactRecord> {
        let txn = self.store.begin_write().await?;
        let found = case::Entity::find()
            .filter(case::Column::CaseNumber.eq(case_number.trim().to_uppercase()))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "case" })?;
        let now = crate::cases::history::now_micros();
        link_in(
            &*txn,
            author.user_id,
            id,
            found.id,
            &found.case_number,
            Some(expected_version),
            now,
        )
        .await?;
        txn.commit().await?;
        self.contact(id)
            .await?
            .ok_or(StoreError::NotFound { what: "contact" })
    }

    /// The contacts linked to the case numbered `number`.
    pub async fn of_case_number(&self, number: &str) -> StoreResult<Vec<ContactRecord>> {
        let found = case::Entity::find()
            .filter(case::Column::CaseNumber.eq(number))
            .one(self.store.db())
            .await?;
        match found {
            Some(case) => self.of_case(case.id).await,
            None => Ok(Vec::new()),
        }
    }

    /// The contacts linked to a case, oldest first.
    pub async fn of_case(&self, case_id: i64) -> StoreResult<Vec<ContactRecord>> {
        let db = self.store.db();
        let rows = contact::Entity::find()
            .filter(contact::Column::CaseId.eq(case_id))
            .all(db)
            .await?;
        super::contacts::records(db, rows).await
    }
}
