//! Webhook endpoints and deliveries over JSON, for the system's
//! administrators (see `views::webhooks`).

use crate::auth::CurrentUser;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Json as JsonBody, Path, Query};
use crate::views::webhooks::{self, Deactivation, DeliveryQuery, RegisteredView};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haven_domain::ids::WebhookEndpointId;
use haven_domain::webhook::NewEndpoint;
use haven_store::webhooks::{Delivery, Endpoint};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(endpoints, register))
        .routes(routes!(deactivate))
        .routes(routes!(deliveries))
}

/// Every webhook endpoint, newest first, with its pending and failed deliveries.
#[utoipa::path(get, path = "/api/v1/admin/webhooks", tag = "webhooks", responses((status = 200, body = Vec<Endpoint>), (status = 403, body = ErrorBody)))]
async fn endpoints(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Endpoint>>, ApiError> {
    Ok(Json(webhooks::endpoints(&state, &user).await?))
}

/// Registers an endpoint for kinds of event; the answer holds its signing secret, shown this once.
#[utoipa::path(post, path = "/api/v1/admin/webhooks", tag = "webhooks", request_body = NewEndpoint, responses((status = 201, body = RegisteredView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn register(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(new): JsonBody<NewEndpoint>,
) -> Result<(StatusCode, Json<RegisteredView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(webhooks::register(&state, &user, &new).await?),
    ))
}

/// Stops deliveries to an endpoint for good; those waiting are given up.
#[utoipa::path(post, path = "/api/v1/admin/webhooks/{id}/deactivate", tag = "webhooks", params(("id" = i64, Path)), request_body = Deactivation, responses((status = 200, body = Endpoint), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn deactivate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<Deactivation>,
) -> Result<Json<Endpoint>, ApiError> {
    Ok(Json(
        webhooks::deactivate(&state, &user, WebhookEndpointId(id), &change).await?,
    ))
}

/// The latest 200 deliveries, newest first: what was sent, what waits, what was given up.
#[utoipa::path(get, path = "/api/v1/admin/webhooks/deliveries", tag = "webhooks", params(DeliveryQuery), responses((status = 200, body = Vec<Delivery>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn deliveries(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<DeliveryQuery>,
) -> Result<Json<Vec<Delivery>>, ApiError> {
    Ok(Json(webhooks::deliveries(&state, &user, &query).await?))
}
