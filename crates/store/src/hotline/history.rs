//! A contact's history: who did what, when, with the record as it was and
//! as it became (the contact's body, a dispatch, an answer).

use super::Hotline;
use crate::entities::contact_history;
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use haven_domain::ids::ContactId;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactChange {
    /// `create`, `update`, `dispatch`, `answer`, `escalate`, `link_case`, `follow_up_done`.
    pub action: String,
    /// None for what Haven did by itself.
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub at: DateTime<Utc>,
    pub before: Option<Value>,
    pub after: Value,
}

/// One entry, written in the change's transaction.
pub(super) struct Entry<'a> {
    pub contact_id: i64,
    pub action: &'static str,
    pub user_id: Option<i64>,
    pub at: DateTime<Utc>,
    pub before: Option<&'a str>,
    pub after: &'a str,
}

pub(super) async fn write(db: &impl ConnectionTrait, entry: Entry<'_>) -> StoreResult<()> {
    contact_history::ActiveModel {
        contact_id: Set(entry.contact_id),
        action: Set(entry.action.to_owned()),
        user_id: Set(entry.user_id),
        at: Set(entry.at),
        before: Set(entry.before.map(str::to_owned)),
        after: Set(entry.after.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Removes the caller's number from every entry of a contact's history
/// (the caller withdrew their consent), in the caller's transaction.
pub(super) async fn erase_caller_number(
    db: &impl ConnectionTrait,
    contact_id: i64,
) -> StoreResult<()> {
    let rows = contact_history::Entity::find()
        .filter(contact_history::Column::ContactId.eq(contact_id))
        .all(db)
        .await?;
    let erase = |text: &str| -> Option<String> {
        let mut value: Value = serde_json::from_str(text).ok()?;
        let phone = value.get_mut("caller")?.get_mut("phone")?;
        if phone.is_null() {
            return None;
        }
        *phone = Value::Null;
        Some(value.to_string())
    };
    for row in rows {
        let after = erase(&row.after);
        let before = row.before.as_deref().and_then(erase);
        if after.is_none() && before.is_none() {
            continue;
        }
        let mut update: contact_history::ActiveModel = row.clone().into();
        if let Some(after) = after {
            update.after = Set(after);
        }
        if let Some(before) = before {
            update.before = Set(Some(before));
        }
        update.update(db).await?;
    }
    Ok(())
}

impl Hotline<'_> {
    /// Every change to one contact, oldest first.
    pub async fn history(&self, id: ContactId) -> StoreResult<Vec<ContactChange>> {
        let db = self.store.db();
        let rows = contact_history::Entity::find()
            .filter(contact_history::Column::ContactId.eq(id.get()))
            .order_by_asc(contact_history::Column::Id)
            .all(db)
            .await?;
        let ids: Vec<i64> = rows.iter().filter_map(|r| r.user_id).collect();
        let names = crate::users::usernames(db, ids).await?;
        let json = |text: &str| serde_json::from_str(text).unwrap_or(Value::Null);
        Ok(rows
            .into_iter()
            .map(|r| ContactChange {
                username: r.user_id.and_then(|id| names.get(&id).cloned()),
                before: r.before.as_deref().map(json),
                after: json(&r.after),
                action: r.action,
                user_id: r.user_id,
                at: r.at,
            })
            .collect())
    }
}
