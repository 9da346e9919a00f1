//! A plan's documents (the signed plan, its decision, annexes): listed and
//! read by whoever reads the programme, attached and withdrawn by the
//! issuing agency's planners, as its other changes are.

use super::plans::found;
use super::{allows, require};
use crate::error::ApiError;
use crate::upload_form::UploadForm;
use crate::AppState;
use chrono::{DateTime, Utc};
use haven_access::ProgrammeAction;
use haven_domain::ids::{AgencyId, PlanId};
use haven_store::programme::{Author, PlanDocumentRecord};
use haven_store::UserAccount;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: i64,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub description: Option<String>,
    pub attached_at: DateTime<Utc>,
    /// Withdrawn documents are listed, no longer served.
    pub withdrawn: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanDocuments {
    pub documents: Vec<DocumentView>,
    /// The caller may attach and withdraw documents.
    pub may_edit: bool,
}

fn view(record: PlanDocumentRecord) -> DocumentView {
    let PlanDocumentRecord {
        id,
        file_name,
        media_type,
        size_bytes,
        description,
        attached_at,
        withdrawn_at,
        plan_id: _,
        sha256: _,
        attached_by: _,
    } = record;
    DocumentView {
        id,
        file_name,
        media_type,
        size_bytes,
        description,
        attached_at,
        withdrawn: withdrawn_at.is_some(),
    }
}

/// The policy's question for changing the plan's documents.
async fn edit_action(state: &AppState, plan: PlanId) -> Result<ProgrammeAction<'static>, ApiError> {
    Ok(ProgrammeAction::EditPlan {
        issuer: found(state, plan).await?.issuer_agency_id,
    })
}

/// Whether the caller may attach and withdraw the plan's documents.
pub async fn may_change(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
) -> Result<(), ApiError> {
    require(state, user, edit_action(state, plan).await?)
}

fn author(user: &UserAccount) -> Author {
    Author {
        user_id: user.id,
        agency_id: AgencyId(user.agency_id),
    }
}

pub async fn list(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
) -> Result<PlanDocuments, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let may_edit = allows(state, user, edit_action(state, plan).await?);
    let documents = state.store.programme().plan_documents(plan).await?;
    Ok(PlanDocuments {
        documents: documents.into_iter().map(view).collect(),
        may_edit,
    })
}

pub async fn attach(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
    form: &UploadForm,
) -> Result<DocumentView, ApiError> {
    require(state, user, edit_action(state, plan).await?)?;
    let record = state
        .store
        .programme()
        .attach_plan_document(author(user), plan, form.upload())
        .await?;
    tracing::info!(
        user_id = user.id,
        plan = plan.get(),
        document = record.id,
        "plan document attached"
    );
    Ok(view(record))
}

/// The document and its verified content.
pub async fn content(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
    id: i64,
) -> Result<(DocumentView, Vec<u8>), ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let (record, content) = state
        .store
        .programme()
        .plan_document_content(plan, id)
        .await?;
    Ok((view(record), content))
}

pub async fn withdraw(
    state: &AppState,
    user: &UserAccount,
    plan: PlanId,
    id: i64,
) -> Result<DocumentView, ApiError> {
    require(state, user, edit_action(state, plan).await?)?;
    let record = state
        .store
        .programme()
        .withdraw_plan_document(author(user), plan, id)
        .await?;
    Ok(view(record))
}
