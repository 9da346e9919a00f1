//! The JSON API under `/api/v1`. Everything here is behind the login layer.
//! Routes are registered with their OpenAPI description in one place, so the
//! document at `/api/v1/openapi.json` cannot miss a route.

mod agency_reports;
mod attachments;
mod backups;
mod cases;
mod contacts;
mod directory;
mod me;
mod notices;
mod organisation;
mod oversight;
mod person_links;
mod persons;
mod plan_documents;
mod programme;
mod programme_budget;
mod programme_companies;
mod programme_groups;
mod reference;
mod statistics;
mod submissions;
mod users;
mod webhooks;

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub fn protected_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(cases::routes())
        .merge(attachments::routes())
        .merge(persons::routes())
        .merge(person_links::routes())
        .merge(oversight::routes())
        .merge(me::routes())
        .merge(users::routes())
        .merge(organisation::routes())
        .merge(reference::routes())
        .merge(statistics::routes())
        .merge(submissions::routes())
        .merge(agency_reports::routes())
        .merge(programme::routes())
        .merge(plan_documents::routes())
        .merge(programme_budget::routes())
        .merge(programme_companies::routes())
        .merge(programme_groups::routes())
        .merge(contacts::routes())
        .merge(directory::routes())
        .merge(notices::routes())
        .merge(webhooks::routes())
        .merge(backups::routes())
}
