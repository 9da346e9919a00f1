//! Accounts: the list an administrator may manage, a new account (its
//! temporary password shown once, on the answer page, never in a URL), and
//! one account's page to change name, roles and standing on the version
//! seen, reset the password, end every session, or remove a lost second
//! factor. The rules and the access log are `views::accounts`'.

use super::super::extract::Path;
use super::forms::{as_violations, error_of, labelled, other_errors, value};
use crate::i18n::Lang;
use crate::pages::context::Page;
use crate::pages::degraded::OrShown;
use crate::pages::{error_page, labels, layout};
use crate::views::accounts;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use haven_domain::role::Role;
use haven_domain::Violation;
use haven_store::accounts::{AccountChange, AccountStanding, NewAccount};
use haven_store::UserAccount;
use maud::{html, Markup};

/// What the list page shows besides the list: a form sent back, or the
/// account just created with its temporary password.
#[derive(Default)]
struct ListOutcome {
    values: Vec<(String, String)>,
    violations: Vec<Violation>,
    created: Option<(UserAccount, String)>,
}

pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    render_list(&state, &page, ListOutcome::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let new = NewAccount {
        username: value(&values, "username").to_owned(),
        display_name: value(&values, "display_name").to_owned(),
        agency_code: value(&values, "agency_code").to_owned(),
        roles: roles_of(&values),
    };
    let outcome = match accounts::create_account(&state, &page.user, &new).await {
        Ok(created) => ListOutcome {
            created: Some(created),
            ..Default::default()
        },
        Err(error) => match as_violations(error) {
            Ok(violations) => ListOutcome {
                values,
                violations,
                created: None,
            },
            Err(error) => return error_page(&page, error),
        },
    };
    render_list(&state, &page, outcome).await
}

async fn render_list(state: &AppState, page: &Page, outcome: ListOutcome) -> Response {
    let lang = page.lang;
    let accounts = match accounts::list_accounts(state, &page.user).await {
        Ok(accounts) => accounts,
        Err(error) => return error_page(page, error),
    };
    let all_agencies = state.store.agencies().await.or_shown("agencies");
    // An agency administrator creates accounts in their own agency only.
    let agencies: Vec<_> = all_agencies
        .iter()
        .filter(|a| {
            page.can(haven_access::Permission::ManageOrganisation) || a.id == page.user.agency_id
        })
        .collect();
    let typed = |name: &str| value(&outcome.values, name).to_owned();
    let chosen_agency = if outcome.values.is_empty() {
        page.user.agency_code.clone()
    } else {
        typed("agency_code")
    };
    let shown = ["username", "display_name", "agency_code", "roles"];
    let body = html! {
        (super::subnav(page))
        @if let Some((account, password)) = &outcome.created {
            div.notice role="status" #created {
                p { (lang.t_with("admin-user-created", &[("username", account.username.clone().into())])) }
                p { (lang.t("admin-temporary-password")) " " code #temporary-password { (password) } }
                p { (lang.t("admin-temporary-password-once")) }
            }
        }
        table #accounts {
            thead { tr {
                th scope="col" { (lang.t("admin-username")) }
                th scope="col" { (lang.t("admin-display-name")) }
                th scope="col" { (lang.t("admin-agency")) }
                th scope="col" { (lang.t("admin-roles")) }
                th scope="col" { (lang.t("admin-standing")) }
            } }
            tbody {
                @for account in &accounts {
                    tr {
                        td data-label=(lang.t("admin-username")) { a href={ "/admin/users/" (account.id) } { (account.username) } }
                        td data-label=(lang.t("admin-display-name")) { (account.display_name) }
                        td data-label=(lang.t("admin-agency")) { (account.agency_name) }
                        td data-label=(lang.t("admin-roles")) { (role_names(lang, &account.roles)) }
                        td data-label=(lang.t("admin-standing")) { (standing(lang, account)) }
                    }
                }
            }
        }
        section.card #new-account {
            h2 { (lang.t("admin-new-account")) }
            form method="post" action="/admin/users" {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                (other_errors(lang, &outcome.violations, &shown))
                (labelled(lang, "new-username", "admin-username", true, html! {
                    input #new-username type="text" name="username" required autocomplete="off" value=(typed("username"));
                }, error_of(&outcome.violations, "username")))
                (labelled(lang, "new-display-name", "admin-display-name", true, html! {
                    input #new-display-name type="text" name="display_name" required value=(typed("display_name"));
                }, error_of(&outcome.violations, "display_name")))
                (labelled(lang, "new-account-agency", "admin-agency", true, html! {
                    select #new-account-agency name="agency_code" required {
                        @for agency in &agencies {
                            option value=(agency.code) selected[agency.code == chosen_agency] { (agency.name) }
                        }
                    }
                }, error_of(&outcome.violations, "agency_code")))
                (role_boxes(lang, "new-role", &roles_of(&outcome.values), error_of(&outcome.violations, "roles")))
                button type="submit" { (lang.t("admin-create")) }
            }
        }
    };
    layout::page(page, &lang.t("admin-users-title"), body).into_response()
}

/// What an account's page shows besides the account: a form sent back,
/// a temporary password, or what was done.
#[derive(Default)]
struct AccountOutcome {
    values: Vec<(String, String)>,
    violations: Vec<Violation>,
    notice: Option<String>,
    temporary_password: Option<String>,
}

pub async fn show(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    render_account(&state, &page, id, AccountOutcome::default()).await
}

pub async fn change(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let own = id == page.user.id;
    let change = AccountChange {
        version: value(&values, "version").parse().unwrap_or(0),
        display_name: Some(value(&values, "display_name").to_owned()),
        // One's own roles and standing are not offered (see `views::accounts`).
        roles: (!own).then(|| roles_of(&values)),
        active: (!own).then(|| value(&values, "active") == "on"),
    };
    let outcome = match accounts::change_account(&state, &page.user, id, &change).await {
        Ok(_) => AccountOutcome {
            notice: Some(page.lang.t("admin-account-saved")),
            ..Default::default()
        },
        Err(error) => match as_violations(error) {
            Ok(violations) => AccountOutcome {
                values,
                violations,
                ..Default::default()
            },
            Err(error) => return error_page(&page, error),
        },
    };
    render_account(&state, &page, id, outcome).await
}

pub async fn reset_password(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Response {
    match accounts::reset_password(&state, &page.user, id).await {
        Ok(password) => {
            let outcome = AccountOutcome {
                temporary_password: Some(password),
                ..Default::default()
            };
            render_account(&state, &page, id, outcome).await
        }
        Err(error) => error_page(&page, error),
    }
}

pub async fn revoke(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    match accounts::revoke_access(&state, &page.user, id).await {
        Ok(revoked) => {
            let notice = page.lang.t_with(
                "admin-revoked",
                &[
                    ("sessions", revoked.sessions.into()),
                    ("tokens", revoked.api_tokens.into()),
                ],
            );
            let outcome = AccountOutcome {
                notice: Some(notice),
                ..Default::default()
            };
            render_account(&state, &page, id, outcome).await
        }
        Err(error) => error_page(&page, error),
    }
}

pub async fn remove_second_factor(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Response {
    match accounts::remove_second_factor(&state, &page.user, id).await {
        Ok(had_one) => {
            let outcome = AccountOutcome {
                notice: Some(page.lang.t(if had_one {
                    "admin-second-factor-removed"
                } else {
                    "admin-second-factor-none"
                })),
                ..Default::default()
            };
            render_account(&state, &page, id, outcome).await
        }
        Err(error) => error_page(&page, error),
    }
}

async fn render_account(
    state: &AppState,
    page: &Page,
    id: i64,
    outcome: AccountOutcome,
) -> Response {
    let lang = page.lang;
    let standing: AccountStanding = match accounts::read_account(state, &page.user, id).await {
        Ok(standing) => standing,
        Err(error) => return error_page(page, error),
    };
    let account = &standing.account;
    let own = account.id == page.user.id;
    let sent_back = !outcome.values.is_empty();
    let display_name = if sent_back {
        value(&outcome.values, "display_name").to_owned()
    } else {
        account.display_name.clone()
    };
    let roles = if sent_back {
        roles_of(&outcome.values)
    } else {
        account.roles.clone()
    };
    let active = if sent_back {
        value(&outcome.values, "active") == "on"
    } else {
        account.active
    };
    let may_remove_second_factor =
        haven_access::may_remove_second_factor(&crate::case_access::principal(state, &page.user));
    let csrf = page.csrf.as_str();
    let title = lang.t_with(
        "admin-account-title",
        &[("username", account.username.clone().into())],
    );
    let body = html! {
        (super::subnav(page))
        @if let Some(notice) = &outcome.notice { p.notice role="status" { (notice) } }
        @if let Some(password) = &outcome.temporary_password {
            div.notice role="status" #reset {
                p { (lang.t("admin-temporary-password")) " " code #temporary-password { (password) } }
                p { (lang.t("admin-temporary-password-once")) }
            }
        }
        section.card #standing {
            dl {
                dt { (lang.t("admin-agency")) } dd { (account.agency_name) }
                dt { (lang.t("admin-standing")) } dd { (self::standing(lang, account)) }
                dt { (lang.t("admin-second-factor")) } dd { (lang.t(if standing.second_factor_enabled { "admin-yes" } else { "admin-no" })) }
                dt { (lang.t("admin-live-sessions")) } dd { (standing.live_sessions) }
                dt { (lang.t("admin-live-tokens")) } dd { (standing.live_api_tokens) }
            }
        }
        section.card #edit-account {
            h2 { (lang.t("admin-edit-account")) }
            form method="post" action={ "/admin/users/" (account.id) } {
                input type="hidden" name=(crate::csrf::FIELD) value=(csrf);
                input type="hidden" name="version" value=(if sent_back { value(&outcome.values, "version").to_owned() } else { account.version.to_string() });
                (other_errors(lang, &outcome.violations, &["display_name", "roles"]))
                (labelled(lang, "account-display-name", "admin-display-name", true, html! {
                    input #account-display-name type="text" name="display_name" required value=(display_name);
                }, error_of(&outcome.violations, "display_name")))
                @if own {
                    p { (lang.t("admin-own-account")) }
                } @else {
                    (role_boxes(lang, "account-role", &roles, error_of(&outcome.violations, "roles")))
                    div.check {
                        input #account-active type="checkbox" name="active" checked[active];
                        label for="account-active" { (lang.t("admin-active")) }
                    }
                }
                button type="submit" { (lang.t("form-save")) }
            }
        }
        @if !own {
            section.card #account-access {
                h2 { (lang.t("admin-access")) }
                form method="post" action={ "/admin/users/" (account.id) "/password-reset" } {
                    input type="hidden" name=(crate::csrf::FIELD) value=(csrf);
                    button type="submit" #reset-password { (lang.t("admin-reset-password")) }
                }
                form method="post" action={ "/admin/users/" (account.id) "/revoke" } {
                    input type="hidden" name=(crate::csrf::FIELD) value=(csrf);
                    button type="submit" #revoke-access { (lang.t("admin-revoke")) }
                }
                @if standing.second_factor_enabled {
                    @if may_remove_second_factor {
                        form method="post" action={ "/admin/users/" (account.id) "/second-factor-removal" } {
                            input type="hidden" name=(crate::csrf::FIELD) value=(csrf);
                            button type="submit" #remove-second-factor { (lang.t("admin-remove-second-factor")) }
                        }
                    } @else {
                        p #second-factor-system-admin-only { (lang.t("admin-second-factor-system-admin-only")) }
                    }
                }
            }
        }
        p { a href="/admin/users" { (lang.t("admin-back-to-users")) } }
    };
    layout::page(page, &title, body).into_response()
}

/// The roles ticked in a form (unknown codes are ignored: the boxes offer known ones only).
fn roles_of(values: &[(String, String)]) -> Vec<Role> {
    values
        .iter()
        .filter(|(k, _)| k == "roles")
        .filter_map(|(_, v)| Role::from_code(v))
        .collect()
}

fn role_names(lang: Lang, roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| labels::role(lang, *r))
        .collect::<Vec<_>>()
        .join(", ")
}

fn standing(lang: Lang, account: &UserAccount) -> String {
    let mut parts = vec![lang.t(if account.active {
        "admin-active"
    } else {
        "admin-inactive"
    })];
    if account.must_change_password {
        parts.push(lang.t("admin-must-change-password"));
    }
    parts.join(", ")
}

fn role_boxes(lang: Lang, prefix: &str, ticked: &[Role], error: Option<&Violation>) -> Markup {
    html! {
        fieldset.checks {
            legend { (lang.t("admin-roles")) }
            @if let Some(v) = error { p.field-error role="alert" { (crate::pages::violation_text(lang, v)) } }
            @for role in Role::ALL {
                @let id = format!("{prefix}-{}", role.code());
                div.check {
                    input id=(id) type="checkbox" name="roles" value=(role.code()) checked[ticked.contains(&role)];
                    label for=(id) { (labels::role(lang, role)) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_roles_are_read_and_unknown_codes_ignored() {
        let form: Vec<(String, String)> = [
            ("roles", "social_worker"),
            ("roles", "root"),
            ("roles", "auditor"),
            ("display_name", " Lan "),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(roles_of(&form), vec![Role::SocialWorker, Role::Auditor]);
        assert_eq!(value(&form, "display_name"), "Lan");
        assert_eq!(value(&form, "missing"), "");
    }
}
