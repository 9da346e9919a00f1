//! Read-only administration views: what each role may do (the permission
//! table in force, defaults or configuration), and the code lists with
//! their official Vietnamese terms, English labels and HTCDS counterparts.
//! Both change through configuration and reference data, never by a click.

use crate::error::ApiError;
use crate::pages::context::Page;
use crate::pages::degraded::OrShown;
use crate::pages::{error_page, labels, layout};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_access::Permission;
use haven_domain::role::Role;
use maud::html;

pub async fn roles(State(state): State<AppState>, page: Page) -> Response {
    let lang = page.lang;
    if !super::administers(&page) {
        return error_page(&page, ApiError::forbidden());
    }
    let table = &state.settings.permissions;
    let body = html! {
        (super::subnav(&page))
        p { (lang.t("admin-roles-intro")) }
        div.scroll tabindex="0" {
            table #permissions {
                thead { tr {
                    th scope="col" { (lang.t("admin-permission")) }
                    @for role in Role::ALL { th scope="col" { (labels::role(lang, role)) } }
                } }
                tbody {
                    @for permission in Permission::ALL {
                        tr {
                            th scope="row" { (permission_name(lang, permission)) }
                            @for role in Role::ALL {
                                @let held = table.permissions_of(&[role]).contains(&permission);
                                td.held[held] data-label=(labels::role(lang, role)) { (if held { "✓" } else { "" }) span.visually-hidden { (lang.t(if held { "admin-yes" } else { "admin-no" })) } }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(&page, &lang.t("admin-roles-title"), body).into_response()
}

pub async fn code_lists(State(state): State<AppState>, page: Page) -> Response {
    let lang = page.lang;
    if !super::administers(&page) {
        return error_page(&page, ApiError::forbidden());
    }
    let names = state
        .store
        .code_list_names()
        .await
        .or_shown("code_list_names");
    let mut lists = Vec::new();
    for name in names {
        let items = state.store.code_list(&name).await.or_shown("code_list");
        let htcds = state
            .store
            .htcds_mapping(&name)
            .await
            .or_shown("htcds_mapping");
        lists.push((name, items, htcds));
    }
    let body = html! {
        (super::subnav(&page))
        p { (lang.t("admin-code-lists-intro")) }
        nav aria-label=(lang.t("admin-code-lists-title")) {
            ul.inline { @for (name, _, _) in &lists { li { a href={ "#list-" (name) } { (name) } } } }
        }
        @for (name, items, htcds) in &lists {
            section.card id={ "list-" (name) } {
                h2 { code { (name) } }
                table {
                    thead { tr {
                        th scope="col" { (lang.t("admin-code")) }
                        th scope="col" { (lang.t("admin-label-vi")) }
                        th scope="col" { (lang.t("admin-label-en")) }
                        th scope="col" { (lang.t("admin-category")) }
                        th scope="col" { "HTCDS" }
                    } }
                    tbody {
                        @for item in items {
                            tr {
                                td data-label=(lang.t("admin-code")) { code { (item.code) } }
                                td data-label=(lang.t("admin-label-vi")) lang="vi" { (item.label_vi) }
                                td data-label=(lang.t("admin-label-en")) lang="en" { (item.label_en) }
                                td data-label=(lang.t("admin-category")) { (item.category.clone().unwrap_or_default()) }
                                td data-label=("HTCDS") { (htcds.iter().filter(|m| m.code == item.code).map(|m| m.htcds_value.clone()).collect::<Vec<_>>().join(", ")) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(&page, &lang.t("admin-code-lists-title"), body).into_response()
}

fn permission_name(lang: crate::i18n::Lang, permission: Permission) -> String {
    lang.t(&format!(
        "permission-{}",
        permission.code().replace('_', "-")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, MISSING_MARK};

    #[test]
    fn every_permission_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for permission in Permission::ALL {
                let name = permission_name(lang, permission);
                assert!(!name.contains(MISSING_MARK), "{permission:?} in {lang:?}");
            }
        }
    }
}
