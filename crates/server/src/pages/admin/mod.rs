//! Administration pages: accounts (system and agency administrators, by
//! the accounts policy in `views::accounts`), agencies and facilities
//! (system administrators), and read-only views of the roles' permissions
//! and the code lists. Every page checks its permission itself; the
//! navigation only hides what a user could not open anyway.

mod backups;
pub(super) mod forms;
mod imports;
mod organisation;
mod reference;
mod users;
mod webhooks;

use super::context::Page;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;
use haven_access::Permission;
use maud::{html, Markup};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/{id}", get(users::show).post(users::change))
        .route(
            "/admin/users/{id}/password-reset",
            post(users::reset_password),
        )
        .route("/admin/users/{id}/revoke", post(users::revoke))
        .route(
            "/admin/users/{id}/second-factor-removal",
            post(users::remove_second_factor),
        )
        .route("/admin/organisation", get(organisation::page))
        .route("/admin/agencies", post(organisation::add_agency))
        .route("/admin/facilities", post(organisation::add_facility))
        .route("/admin/roles", get(reference::roles))
        .route("/admin/code-lists", get(reference::code_lists))
        .route(
            "/admin/webhooks",
            get(webhooks::page).post(webhooks::register),
        )
        .route(
            "/admin/webhooks/{id}/deactivate",
            post(webhooks::deactivate),
        )
        .route("/admin/backups", get(backups::page))
        .route(
            "/admin/import",
            get(imports::list)
                .post(imports::upload)
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/admin/import/template.xlsx", get(imports::template))
        .route("/admin/import/{id}", get(imports::job))
        .route("/admin/import/{id}/columns", post(imports::columns))
        .route("/admin/import/{id}/start", post(imports::start))
        .route("/admin/import/{id}/problems.csv", get(imports::problems))
}

/// Whether the user administers anything (the navigation's link).
pub fn administers(page: &Page) -> bool {
    page.can(Permission::ManageAgencyUsers) || page.can(Permission::ManageOrganisation)
}

/// The administration pages' own navigation, on top of each.
pub fn subnav(page: &Page) -> Markup {
    let lang = page.lang;
    let links = [
        ("/admin/users", "admin-users-title"),
        ("/admin/organisation", "admin-organisation-title"),
        ("/admin/roles", "admin-roles-title"),
        ("/admin/code-lists", "admin-code-lists-title"),
    ];
    let imports = page
        .can(Permission::OpenCase)
        .then_some(("/admin/import", "import-title"));
    let system = if page.can(Permission::ManageOrganisation) {
        vec![
            ("/admin/webhooks", "admin-webhooks-title"),
            ("/admin/backups", "admin-backups-title"),
        ]
    } else {
        Vec::new()
    };
    html! {
        nav.admin aria-label=(lang.t("nav-admin")) {
            ul {
                @for (href, key) in links.into_iter().chain(imports).chain(system) {
                    li { a href=(href) aria-current=[(page.here.split('?').next() == Some(href)).then_some("page")] { (lang.t(key)) } }
                }
            }
        }
    }
}
