//! Writing contacts: recording, correcting, dispatching, answering,
//! attaching to a case, marking a call back made — each asked of the
//! policy first, on the version the writer saw where one is shown.

use super::read::{contact_for, log_contact, Asked};
use super::{names_of, view, ContactView};
use crate::case_access::{case_for, principal};
use crate::error::ApiError;
use crate::views::programme::plans::author;
use crate::AppState;
use chrono::Utc;
use haven_access::{decide_contact, Action, ContactAction, ContactSight, Decision};
use haven_domain::hotline::{AnswerDraft, ContactDraft, DispatchDraft};
use haven_domain::ids::{AgencyId, ContactId, DispatchId};
use haven_store::hotline::ContactRecord;
use haven_store::UserAccount;
use serde::Deserialize;
use utoipa::ToSchema;

/// A contact as the operator records it, and for one in immediate danger
/// the agency it is dispatched to.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewContact {
    pub contact: ContactDraft,
    #[serde(default)]
    pub dispatch: Option<DispatchDraft>,
}

/// The view the writer gets back: they keep the contact, or were dispatched it.
async fn seen_by(
    state: &AppState,
    user: &UserAccount,
    record: ContactRecord,
) -> Result<ContactView, ApiError> {
    let sight = if record.keeper_agency_id == AgencyId(user.agency_id) {
        ContactSight::Keeper
    } else {
        ContactSight::Dispatched
    };
    let names = names_of(state, &[&record]).await?;
    let now = Utc::now();
    let earlier = match sight {
        ContactSight::Keeper => state
            .store
            .hotline()
            .earlier_from_caller(&record)
            .await?
            .iter()
            .map(|r| super::row(r, now))
            .collect(),
        ContactSight::Dispatched => Vec::new(),
    };
    Ok(view(
        record,
        sight,
        AgencyId(user.agency_id),
        earlier,
        &names,
        now,
    ))
}

pub async fn record(
    state: &AppState,
    user: &UserAccount,
    new: &NewContact,
) -> Result<ContactView, ApiError> {
    if let Decision::Deny(reason) = decide_contact(&principal(state, user), ContactAction::Record) {
        log_contact(state, user, "record_contact", None, Some(reason)).await;
        return Err(ApiError::forbidden());
    }
    let record = state
        .store
        .hotline()
        .record(
            author(user),
            &new.contact,
            new.dispatch.as_ref(),
            state.settings.hotline_answer_hours,
            Utc::now(),
        )
        .await?;
    log_contact(state, user, "record_contact", Some(&record.number), None).await;
    seen_by(state, user, record).await
}

pub async fn correct(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    version: i64,
    draft: &ContactDraft,
) -> Result<ContactView, ApiError> {
    let (found, _) = contact_for(state, user, number, Asked::Keep).await?;
    let record = state
        .store
        .hotline()
        .correct(author(user), found.id, version, draft, Utc::now())
        .await?;
    seen_by(state, user, record).await
}

pub async fn dispatch(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    version: i64,
    draft: &DispatchDraft,
) -> Result<ContactView, ApiError> {
    let (found, _) = contact_for(state, user, number, Asked::Keep).await?;
    let record = state
        .store
        .hotline()
        .dispatch(
            author(user),
            found.id,
            version,
            draft,
            state.settings.hotline_answer_hours,
        )
        .await?;
    seen_by(state, user, record).await
}

pub async fn answer(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    dispatch: DispatchId,
    draft: &AnswerDraft,
) -> Result<ContactView, ApiError> {
    let own = AgencyId(user.agency_id);
    let (found, _) = contact_for(state, user, number, Asked::Answer(own)).await?;
    // The dispatch answered must be this contact's, made to the user's agency.
    if !found
        .dispatches
        .iter()
        .any(|d| d.id == dispatch && d.agency_id == own)
    {
        return Err(ApiError::not_found());
    }
    let record = state
        .store
        .hotline()
        .answer(author(user), dispatch, draft)
        .await?;
    seen_by(state, user, record).await
}

pub async fn attach_to_case(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    version: i64,
    case_number: &str,
) -> Result<ContactView, ApiError> {
    let (found, _) = contact_for(state, user, number, Asked::Keep).await?;
    // Only a case the operator may read: asked of the case policy, logged.
    // One not found, or not the operator's to read, is named at its field.
    let case_number = case_number.trim().to_uppercase();
    if let Err(e) = case_for(state, user, &case_number, Action::ReadCase).await {
        if e.status != axum::http::StatusCode::NOT_FOUND {
            return Err(e);
        }
        return Err(ApiError::invalid(haven_domain::Violations(vec![
            haven_domain::Violation::new(
                "case_number",
                "known_case",
                "Không tìm thấy hồ sơ có số này trong những hồ sơ bạn được xem.",
                "No case with this number among those you may read.",
            ),
        ])));
    }
    let record = state
        .store
        .hotline()
        .attach_to_case(author(user), found.id, version, &case_number)
        .await?;
    seen_by(state, user, record).await
}

pub async fn call_back_done(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    version: i64,
) -> Result<ContactView, ApiError> {
    let (found, _) = contact_for(state, user, number, Asked::Keep).await?;
    let record = state
        .store
        .hotline()
        .follow_up_done(author(user), found.id, version)
        .await?;
    seen_by(state, user, record).await
}

/// The contact a reception is opened from, if the user may open a case
/// from it (its hotline, or an agency it was dispatched to); logged.
pub async fn contact_for_reception(
    state: &AppState,
    user: &UserAccount,
    number: &str,
) -> Result<(ContactId, ContactDraft, Option<String>), ApiError> {
    let (found, _) = contact_for(state, user, number, Asked::OpenCaseFrom).await?;
    Ok((found.id, found.contact, found.case_number))
}
