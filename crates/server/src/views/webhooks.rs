//! Webhook endpoints and their deliveries, for the system's administrators
//! (organisation management) only: the API and the administration page
//! both come here. Every attempt is in the access log, allowed or not.

use crate::case_access::require_logged;
use crate::error::ApiError;
use crate::AppState;
use chrono::Utc;
use haven_access::Permission;
use haven_domain::ids::WebhookEndpointId;
use haven_domain::webhook::NewEndpoint;
use haven_store::users::UserAccount;
use haven_store::webhooks::{Delivery, DeliveryFilter, DeliveryStatus, Endpoint};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A registered endpoint with the secret its deliveries are signed with:
/// shown in this answer only, never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisteredView {
    pub endpoint: Endpoint,
    /// Key of the HMAC-SHA-256 in `Haven-Signature` (`t=…,v1=…` over `"<t>.<body>"`).
    pub secret: String,
}

/// Stops deliveries to an endpoint, on the version the administrator saw.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Deactivation {
    pub version: i64,
}

/// Which deliveries to list (the latest 200).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only this endpoint's.
    pub endpoint: Option<i64>,
    /// `pending`, `delivered` or `failed`.
    pub status: Option<String>,
}

/// Only organisation managers see and change webhooks; the decision is logged.
pub(crate) async fn may_manage(
    state: &AppState,
    user: &UserAccount,
    action: &'static str,
) -> Result<(), ApiError> {
    require_logged(state, user, Permission::ManageOrganisation, action).await
}

pub async fn endpoints(state: &AppState, user: &UserAccount) -> Result<Vec<Endpoint>, ApiError> {
    may_manage(state, user, "read_webhooks").await?;
    Ok(state.store.webhooks().endpoints().await?)
}

pub async fn register(
    state: &AppState,
    user: &UserAccount,
    new: &NewEndpoint,
) -> Result<RegisteredView, ApiError> {
    may_manage(state, user, "register_webhook").await?;
    let registered = state
        .store
        .webhooks()
        .register(new, user.id, Utc::now())
        .await?;
    Ok(RegisteredView {
        endpoint: registered.endpoint,
        secret: registered.secret,
    })
}

pub async fn deactivate(
    state: &AppState,
    user: &UserAccount,
    id: WebhookEndpointId,
    change: &Deactivation,
) -> Result<Endpoint, ApiError> {
    may_manage(state, user, "deactivate_webhook").await?;
    Ok(state
        .store
        .webhooks()
        .deactivate(id, change.version, Utc::now())
        .await?)
}

pub async fn deliveries(
    state: &AppState,
    user: &UserAccount,
    query: &DeliveryQuery,
) -> Result<Vec<Delivery>, ApiError> {
    may_manage(state, user, "read_webhooks").await?;
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some("pending") => Some(DeliveryStatus::Pending),
        Some("delivered") => Some(DeliveryStatus::Delivered),
        Some("failed") => Some(DeliveryStatus::Failed),
        Some(_) => {
            return Err(ApiError::invalid(haven_domain::Violations(vec![
                haven_domain::Violation::new(
                    "status",
                    "one_of",
                    "Trạng thái là pending, delivered hoặc failed.",
                    "The status is pending, delivered or failed.",
                ),
            ])))
        }
    };
    Ok(state
        .store
        .webhooks()
        .deliveries(DeliveryFilter {
            endpoint: query.endpoint.map(WebhookEndpointId),
            status,
        })
        .await?)
}
