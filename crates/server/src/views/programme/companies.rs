//! The register of labour-export companies: the list, one company with its
//! inspections over time, and the writes of whoever inspects, each asked of
//! the policy first.

use super::activities::{view as activity_view, ActivityView};
use super::plans::author;
use super::{agencies, require};
use crate::case_access::today;
use crate::error::ApiError;
use crate::AppState;
use haven_access::ProgrammeAction;
use haven_domain::ids::CompanyId;
use haven_domain::programme::CompanyDraft;
use haven_store::programme::CompanyRecord;
use haven_store::UserAccount;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyView {
    pub id: CompanyId,
    pub version: i64,
    #[serde(flatten)]
    pub company: CompanyDraft,
    /// Its inspections, latest first.
    pub inspections: Vec<ActivityView>,
    /// The caller may change the record.
    pub may_edit: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanySummary {
    pub id: CompanyId,
    pub version: i64,
    #[serde(flatten)]
    pub company: CompanyDraft,
}

fn summary(record: CompanyRecord) -> CompanySummary {
    CompanySummary {
        id: record.id,
        version: record.version,
        company: record.company,
    }
}

pub fn may_keep(state: &AppState, user: &UserAccount) -> bool {
    super::allows(state, user, ProgrammeAction::KeepCompanyRegister)
}

pub async fn list(state: &AppState, user: &UserAccount) -> Result<Vec<CompanySummary>, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    Ok(state
        .store
        .programme()
        .companies()
        .await?
        .into_iter()
        .map(summary)
        .collect())
}

pub async fn read(
    state: &AppState,
    user: &UserAccount,
    id: CompanyId,
) -> Result<CompanyView, ApiError> {
    require(state, user, ProgrammeAction::Read)?;
    let programme = state.store.programme();
    let record = programme
        .company(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let inspections = programme.inspections_of(id).await?;
    let names = agencies(state, inspections.iter().map(|i| i.agency_id).collect()).await?;
    let readable = super::activities::readable_cases(state, user, &inspections).await?;
    Ok(CompanyView {
        id: record.id,
        version: record.version,
        company: record.company,
        inspections: inspections
            .into_iter()
            .map(|i| activity_view(state, user, i, &names, &readable))
            .collect(),
        may_edit: may_keep(state, user),
    })
}

pub async fn register(
    state: &AppState,
    user: &UserAccount,
    draft: &CompanyDraft,
) -> Result<CompanySummary, ApiError> {
    require(state, user, ProgrammeAction::KeepCompanyRegister)?;
    let created = state
        .store
        .programme()
        .register_company(author(user), draft, today())
        .await?;
    Ok(summary(created))
}

pub async fn change(
    state: &AppState,
    user: &UserAccount,
    id: CompanyId,
    version: i64,
    draft: &CompanyDraft,
) -> Result<CompanySummary, ApiError> {
    require(state, user, ProgrammeAction::KeepCompanyRegister)?;
    let programme = state.store.programme();
    programme
        .company(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let changed = programme
        .update_company(author(user), id, version, draft, today())
        .await?;
    Ok(summary(changed))
}
