//! Account administration as both the API and the pages do it: system
//! administrators manage every account, agency administrators those of
//! their own agency (see `haven_access::accounts`). Every decision, allowed
//! or denied, goes to the access log with the account concerned; secrets
//! are returned once and never logged.

use crate::case_access::{principal, write_log};
use crate::error::ApiError;
use crate::AppState;
use haven_access::{
    accounts_visible, decide_account, may_remove_second_factor, role_outside_sector, AccountFacts,
    AccountsVisible, Decision, DenyReason,
};
use haven_domain::role::Role;
use haven_store::access::AccessEntry;
use haven_store::accounts::{AccountChange, AccountStanding, NewAccount, Revoked};
use haven_store::UserAccount;

/// Stable codes for the access log.
mod action {
    pub const LIST: &str = "list_accounts";
    pub const CREATE: &str = "create_account";
    pub const READ: &str = "read_account";
    pub const CHANGE: &str = "change_account";
    pub const RESET_PASSWORD: &str = "reset_password";
    pub const REVOKE: &str = "revoke_access";
    pub const REMOVE_SECOND_FACTOR: &str = "remove_second_factor";
}

async fn log(
    state: &AppState,
    user: &UserAccount,
    action: &'static str,
    account_user_id: Option<i64>,
    denied: Option<DenyReason>,
) {
    let entry = AccessEntry {
        user_id: user.id,
        agency_id: user.agency_id,
        action,
        case_number: None,
        allowed: denied.is_none(),
        detail: denied.map(DenyReason::code),
        account_user_id,
    };
    write_log(state, entry).await;
}

/// The policy's decision on one account, logged; another agency's account
/// answers 404 so its existence is not revealed.
async fn check(
    state: &AppState,
    user: &UserAccount,
    action: &'static str,
    target: &UserAccount,
    new_roles: &[Role],
) -> Result<(), ApiError> {
    let who = principal(state, user);
    let facts = AccountFacts {
        agency_id: target.agency_id,
        roles: &target.roles,
        new_roles,
    };
    match decide_account(&who, &facts, &state.settings.permissions) {
        Decision::Allow => {
            log(state, user, action, Some(target.id), None).await;
            Ok(())
        }
        Decision::Deny(reason) => {
            log(state, user, action, Some(target.id), Some(reason)).await;
            Err(match reason {
                DenyReason::MissingPermission => ApiError::forbidden(),
                DenyReason::NotInScope => ApiError::not_found(),
            })
        }
    }
}

/// Refuses a role that sees identities outside the agency's sector, when
/// the caller is an agency administrator (see `role_outside_sector`).
async fn roles_fit_agency(
    state: &AppState,
    user: &UserAccount,
    action: &'static str,
    agency_id: i64,
    new_roles: &[Role],
) -> Result<(), ApiError> {
    let Some(agency) = state.store.agency(agency_id).await? else {
        return Ok(());
    };
    let who = principal(state, user);
    let Some(role) =
        role_outside_sector(&who, new_roles, &agency.sector, &state.settings.permissions)
    else {
        return Ok(());
    };
    log(
        state,
        user,
        action,
        None,
        Some(DenyReason::MissingPermission),
    )
    .await;
    Err(ApiError::invalid(haven_domain::Violations(vec![
        haven_domain::Violation::new(
            "roles",
            "role_not_for_sector",
            format!(
                "Vai trò «{}» không thuộc lĩnh vực của cơ quan này; chỉ quản trị hệ thống mới cấp được.",
                role.name_vi()
            ),
            format!(
                "The role “{}” is not one this agency's sector holds; only a system administrator can give it.",
                role.name_en()
            ),
        ),
    ])))
}

/// The account by id, after the policy allowed `action` on it.
async fn account_for(
    state: &AppState,
    user: &UserAccount,
    action: &'static str,
    id: i64,
    new_roles: &[Role],
) -> Result<UserAccount, ApiError> {
    let who = principal(state, user);
    if accounts_visible(&who) == AccountsVisible::None {
        log(
            state,
            user,
            action,
            Some(id),
            Some(DenyReason::MissingPermission),
        )
        .await;
        return Err(ApiError::forbidden());
    }
    let Some(target) = state.store.user_account(id).await? else {
        return Err(ApiError::not_found());
    };
    check(state, user, action, &target, new_roles).await?;
    Ok(target)
}

/// The accounts the caller may manage.
pub async fn list_accounts(
    state: &AppState,
    user: &UserAccount,
) -> Result<Vec<UserAccount>, ApiError> {
    let who = principal(state, user);
    let accounts = match accounts_visible(&who) {
        AccountsVisible::None => {
            log(
                state,
                user,
                action::LIST,
                None,
                Some(DenyReason::MissingPermission),
            )
            .await;
            return Err(ApiError::forbidden());
        }
        AccountsVisible::All => state.store.users().await?,
        // The same rule as for one account: an agency administrator does not
        // see the national roles' accounts kept in their agency.
        AccountsVisible::Agency(_) => state
            .store
            .users()
            .await?
            .into_iter()
            .filter(|u| {
                let facts = AccountFacts {
                    agency_id: u.agency_id,
                    roles: &u.roles,
                    new_roles: &[],
                };
                decide_account(&who, &facts, &state.settings.permissions) == Decision::Allow
            })
            .collect(),
    };
    log(state, user, action::LIST, None, None).await;
    Ok(accounts)
}

/// A new account with a temporary password, returned once.
pub async fn create_account(
    state: &AppState,
    user: &UserAccount,
    new: &NewAccount,
) -> Result<(UserAccount, String), ApiError> {
    let who = principal(state, user);
    if accounts_visible(&who) == AccountsVisible::None {
        log(
            state,
            user,
            action::CREATE,
            None,
            Some(DenyReason::MissingPermission),
        )
        .await;
        return Err(ApiError::forbidden());
    }
    // An unknown agency is the store's validation error; a known one is the policy's question.
    if let Some(agency) = state.store.agency_by_code(new.agency_code.trim()).await? {
        let facts = AccountFacts {
            agency_id: agency.id,
            roles: &[],
            new_roles: &new.roles,
        };
        if let Decision::Deny(reason) = decide_account(&who, &facts, &state.settings.permissions) {
            log(state, user, action::CREATE, None, Some(reason)).await;
            return Err(ApiError::forbidden());
        }
        roles_fit_agency(state, user, action::CREATE, agency.id, &new.roles).await?;
    }
    let (account, temporary_password) = state.store.create_account(new).await?;
    log(state, user, action::CREATE, Some(account.id), None).await;
    tracing::info!(user_id = user.id, account = account.id, "account created");
    Ok((account, temporary_password))
}

pub async fn read_account(
    state: &AppState,
    user: &UserAccount,
    id: i64,
) -> Result<AccountStanding, ApiError> {
    account_for(state, user, action::READ, id, &[]).await?;
    state
        .store
        .account_standing(id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// Changes the display name, roles or standing, based on `change.version`;
/// a deactivation ends every session and token of the user. Nobody changes
/// their own roles or standing.
pub async fn change_account(
    state: &AppState,
    user: &UserAccount,
    id: i64,
    change: &AccountChange,
) -> Result<UserAccount, ApiError> {
    let new_roles = change.roles.clone().unwrap_or_default();
    let target = account_for(state, user, action::CHANGE, id, &new_roles).await?;
    roles_fit_agency(state, user, action::CHANGE, target.agency_id, &new_roles).await?;
    if id == user.id && (change.roles.is_some() || change.active.is_some()) {
        return Err(ApiError::own_account());
    }
    let account = state.store.change_account(id, change).await?;
    tracing::info!(user_id = user.id, account = id, "account changed");
    Ok(account)
}

/// A temporary password for a user who forgot theirs; every session and
/// token of the user ends.
pub async fn reset_password(
    state: &AppState,
    user: &UserAccount,
    id: i64,
) -> Result<String, ApiError> {
    account_for(state, user, action::RESET_PASSWORD, id, &[]).await?;
    let temporary_password = state.store.reset_password(id).await?;
    tracing::info!(user_id = user.id, account = id, "password reset");
    Ok(temporary_password)
}

/// Ends every session and revokes every API token of the user; the password stays.
pub async fn revoke_access(
    state: &AppState,
    user: &UserAccount,
    id: i64,
) -> Result<Revoked, ApiError> {
    account_for(state, user, action::REVOKE, id, &[]).await?;
    let revoked = state.store.revoke_access(id).await?;
    tracing::info!(
        user_id = user.id,
        account = id,
        sessions = revoked.sessions,
        api_tokens = revoked.api_tokens,
        "access revoked"
    );
    Ok(revoked)
}

/// For a user who lost phone and recovery codes.
pub async fn remove_second_factor(
    state: &AppState,
    user: &UserAccount,
    id: i64,
) -> Result<bool, ApiError> {
    account_for(state, user, action::REMOVE_SECOND_FACTOR, id, &[]).await?;
    let who = principal(state, user);
    if !may_remove_second_factor(&who) {
        log(
            state,
            user,
            action::REMOVE_SECOND_FACTOR,
            Some(id),
            Some(DenyReason::MissingPermission),
        )
        .await;
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "system_admin_only",
            "Chỉ quản trị hệ thống mới gỡ được xác thực hai bước (người dùng có thể đăng nhập bằng mã khôi phục).",
            "Only a system administrator can remove a second factor (the user can sign in with a recovery code).",
        ));
    }
    let had_one = state.store.remove_second_factor(id).await?;
    tracing::info!(
        user_id = user.id,
        account = id,
        had_one,
        "second factor removed"
    );
    Ok(had_one)
}
