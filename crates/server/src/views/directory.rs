//! The directory of services as users see it and keep it: searched by
//! place, service and whom a provider takes; each entry kept by its
//! agency's administrators (its facility's operator's), those of providers
//! outside Haven by the system's — asked of `haven_access::directory`.

use crate::case_access::principal;
use crate::error::ApiError;
use crate::views::programme::plans::author;
use crate::AppState;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use haven_access::{decide_directory, Decision, DenyReason, DirectoryAction};
use haven_domain::directory::ServiceEntryDraft;
use haven_domain::ids::AgencyId;
use haven_store::directory::{DirectorySearch, Provider, ServiceEntryRecord};
use haven_store::UserAccount;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Whom an entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProviderRef {
    Agency {
        id: AgencyId,
    },
    Facility {
        id: i64,
    },
    /// A provider outside Haven (an NGO, a hospital, a legal-aid centre).
    Outside,
}

impl From<ProviderRef> for Provider {
    fn from(p: ProviderRef) -> Provider {
        match p {
            ProviderRef::Agency { id } => Provider::Agency(id),
            ProviderRef::Facility { id } => Provider::Facility(id),
            ProviderRef::Outside => Provider::Outside,
        }
    }
}

impl From<Provider> for ProviderRef {
    fn from(p: Provider) -> ProviderRef {
        match p {
            Provider::Agency(id) => ProviderRef::Agency { id },
            Provider::Facility(id) => ProviderRef::Facility { id },
            Provider::Outside => ProviderRef::Outside,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceEntryView {
    pub id: i64,
    pub version: i64,
    pub provider: ProviderRef,
    pub active: bool,
    #[serde(flatten)]
    pub entry: ServiceEntryDraft,
    pub updated_at: DateTime<Utc>,
    /// The reader may correct or withdraw it.
    pub may_edit: bool,
}

/// What a search asks for (blank: anything).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct DirectoryQuery {
    /// A province or commune (`2025/15`): providers serving it.
    pub place: Option<String>,
    /// A `support_service_type` code.
    pub service: Option<String>,
    #[serde(default)]
    pub takes_children: bool,
    #[serde(default)]
    pub takes_men: bool,
    #[serde(default)]
    pub takes_foreigners: bool,
    /// Withdrawn entries too (those the reader keeps).
    #[serde(default)]
    pub with_inactive: bool,
}

fn may_keep(state: &AppState, user: &UserAccount, keeper: Option<AgencyId>) -> Decision {
    decide_directory(&principal(state, user), DirectoryAction::Keep { keeper })
}

fn view(state: &AppState, user: &UserAccount, record: ServiceEntryRecord) -> ServiceEntryView {
    let ServiceEntryRecord {
        id,
        provider,
        keeper,
        active,
        entry,
        version,
        updated_at,
    } = record;
    ServiceEntryView {
        id,
        version,
        provider: provider.into(),
        active,
        entry,
        updated_at,
        may_edit: may_keep(state, user, keeper) == Decision::Allow,
    }
}

fn refused(reason: DenyReason) -> ApiError {
    match reason {
        DenyReason::MissingPermission => ApiError::forbidden(),
        DenyReason::NotInScope => ApiError::new(
            StatusCode::FORBIDDEN,
            "not_your_agency",
            "Mục này do cơ quan khác (hoặc quản trị hệ thống) cập nhật.",
            "Another agency (or the system's administrators) keeps this entry.",
        ),
    }
}

pub async fn search(
    state: &AppState,
    user: &UserAccount,
    query: &DirectoryQuery,
) -> Result<Vec<ServiceEntryView>, ApiError> {
    let blank = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    // A place or a service that is not one is named, not searched for.
    let place = blank(&query.place);
    if let Some(place) = &place {
        let known = place.starts_with("2025/") && state.store.admin_unit(place).await?.is_some();
        if !known {
            return Err(ApiError::invalid(haven_domain::Violations(vec![
                haven_domain::Violation::unknown_code("place", "admin_units"),
            ])));
        }
    }
    if let Some(service) = blank(&query.service) {
        if !state
            .store
            .code_exists("support_service_type", &service)
            .await?
        {
            return Err(ApiError::invalid(haven_domain::Violations(vec![
                haven_domain::Violation::unknown_code("service", "support_service_type"),
            ])));
        }
    }
    let found = state
        .store
        .directory()
        .search(&DirectorySearch {
            place,
            service: blank(&query.service),
            takes_children: query.takes_children,
            takes_men: query.takes_men,
            takes_foreigners: query.takes_foreigners,
            with_inactive: query.with_inactive,
        })
        .await?;
    Ok(found
        .into_iter()
        .map(|r| view(state, user, r))
        // Withdrawn entries only for those who keep them.
        .filter(|v| v.active || v.may_edit)
        .collect())
}

pub async fn entry(
    state: &AppState,
    user: &UserAccount,
    id: i64,
) -> Result<ServiceEntryView, ApiError> {
    let record = state
        .store
        .directory()
        .entry(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let shown = view(state, user, record);
    if shown.active || shown.may_edit {
        Ok(shown)
    } else {
        Err(ApiError::not_found())
    }
}

/// The agency that keeps an entry for `provider` (a facility's operator).
async fn keeper_of(state: &AppState, provider: Provider) -> Result<Option<AgencyId>, ApiError> {
    Ok(match provider {
        Provider::Agency(a) => Some(a),
        Provider::Facility(f) => state
            .store
            .facilities()
            .await?
            .into_iter()
            .find(|x| x.id == f)
            .map(|x| AgencyId(x.operator_agency_id)),
        Provider::Outside => None,
    })
}

/// An agency keeps its entry within its own province: only the system's
/// administrators say a provider serves elsewhere, or the whole country.
async fn check_areas(
    state: &AppState,
    user: &UserAccount,
    keeper: Option<AgencyId>,
    draft: &ServiceEntryDraft,
) -> Result<(), ApiError> {
    if principal(state, user).can(haven_access::Permission::ManageOrganisation) {
        return Ok(());
    }
    let Some(keeper) = keeper else {
        return Ok(());
    };
    let Some(agency) = state.store.agency(keeper.get()).await? else {
        return Ok(());
    };
    let province: String = agency
        .admin_unit_id
        .split('/')
        .take(2)
        .collect::<Vec<_>>()
        .join("/");
    let within = format!("{province}/");
    let outside: Vec<haven_domain::Violation> = draft
        .areas_served
        .iter()
        .enumerate()
        .filter(|(_, area)| **area != province && !area.starts_with(&within))
        .map(|(i, _)| {
            haven_domain::Violation::new(
                format!("areas_served_{i}"),
                "within_own_province",
                "Cơ quan chỉ ghi địa bàn phục vụ trong tỉnh, thành phố của mình; quản trị hệ thống ghi địa bàn rộng hơn.",
                "An agency names areas within its own province; the system's administrators name wider ones.",
            )
        })
        .collect();
    if outside.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(haven_domain::Violations(outside)))
    }
}

/// Every change to the directory goes to the access log, refused or done.
async fn log_keep(state: &AppState, user: &UserAccount, allowed: bool) {
    crate::case_access::write_log(
        state,
        haven_store::access::AccessEntry {
            user_id: user.id,
            agency_id: user.agency_id,
            action: "keep_directory",
            case_number: None,
            allowed,
            detail: (!allowed).then_some("not_in_scope"),
            account_user_id: None,
        },
    )
    .await;
}

pub async fn add(
    state: &AppState,
    user: &UserAccount,
    provider: ProviderRef,
    draft: &ServiceEntryDraft,
) -> Result<ServiceEntryView, ApiError> {
    let provider: Provider = provider.into();
    let keeper = keeper_of(state, provider).await?;
    if let Decision::Deny(reason) = may_keep(state, user, keeper) {
        log_keep(state, user, false).await;
        return Err(refused(reason));
    }
    check_areas(state, user, keeper, draft).await?;
    let record = state
        .store
        .directory()
        .add(author(user), provider, draft)
        .await?;
    log_keep(state, user, true).await;
    Ok(view(state, user, record))
}

pub async fn change(
    state: &AppState,
    user: &UserAccount,
    id: i64,
    version: i64,
    draft: &ServiceEntryDraft,
    active: bool,
) -> Result<ServiceEntryView, ApiError> {
    let current = state
        .store
        .directory()
        .entry(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if let Decision::Deny(reason) = may_keep(state, user, current.keeper) {
        log_keep(state, user, false).await;
        return Err(refused(reason));
    }
    check_areas(state, user, current.keeper, draft).await?;
    let record = state
        .store
        .directory()
        .change(author(user), id, version, draft, active)
        .await?;
    log_keep(state, user, true).await;
    Ok(view(state, user, record))
}
