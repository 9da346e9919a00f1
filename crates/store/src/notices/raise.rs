//! Raising a notice inside the event's own transaction, so the event and
//! the notice of it are committed together or not at all.

use crate::entities::{notice, user};
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use haven_domain::ids::AgencyId;
use haven_domain::notice::NoticeKind;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Who a notice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// One user (of this agency).
    User { user_id: i64, agency: AgencyId },
    /// The agency's users whose role acts on the kind.
    Agency(AgencyId),
}

pub(crate) struct NewNotice {
    pub kind: NoticeKind,
    pub to: Audience,
    pub subject_ref: String,
    pub detail: Option<String>,
    pub from_user_id: Option<i64>,
    /// Raised once: a second notice with the same key is not written.
    pub dedupe_key: Option<String>,
    pub at: DateTime<Utc>,
}

/// Writes the notice in the caller's transaction.
pub(crate) async fn raise(db: &impl ConnectionTrait, new: NewNotice) -> StoreResult<()> {
    let (agency, user_id) = match new.to {
        Audience::User { user_id, agency } => (agency, Some(user_id)),
        Audience::Agency(agency) => (agency, None),
    };
    let row = notice::ActiveModel {
        kind: Set(new.kind.code().to_owned()),
        agency_id: Set(agency.get()),
        user_id: Set(user_id),
        subject_ref: Set(new.subject_ref),
        detail: Set(new.detail),
        from_user_id: Set(new.from_user_id),
        dedupe_key: Set(new.dedupe_key),
        created_at: Set(new.at),
        fanned_out_at: Set(None),
        ..Default::default()
    };
    notice::Entity::insert(row)
        .on_conflict(
            OnConflict::column(notice::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// A case's notice for an agency goes to the workers assigned to the case
/// there, else to the agency.
pub(crate) async fn raise_for_case(
    db: &impl ConnectionTrait,
    agency: AgencyId,
    assigned_user_ids: &[i64],
    new: impl Fn(Audience) -> NewNotice,
) -> StoreResult<()> {
    let workers: Vec<i64> = if assigned_user_ids.is_empty() {
        Vec::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(assigned_user_ids.iter().copied()))
            .filter(user::Column::AgencyId.eq(agency.get()))
            .filter(user::Column::Active.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect()
    };
    if workers.is_empty() {
        return raise(db, new(Audience::Agency(agency))).await;
    }
    for user_id in workers {
        raise(db, new(Audience::User { user_id, agency })).await?;
    }
    Ok(())
}
