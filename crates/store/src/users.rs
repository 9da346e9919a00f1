//! Users, their agency and roles, and checking a login.

use crate::credentials::{hash_password, verify_password};
use crate::entities::{agency, user, user_role};
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::Utc;
use haven_domain::organisation::{check_password, NewUser};
use haven_domain::role::Role;
use haven_domain::{Violation, Violations};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

/// A user as the rest of Haven sees one: never the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserAccount {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    pub agency_admin_unit_id: String,
    /// The agency's unit as a 2025 unit (a legacy unit through its successor):
    /// a supervisor's jurisdiction. `None` for a legacy district, which has none.
    pub agency_unit_today: Option<String>,
    pub roles: Vec<Role>,
    pub active: bool,
    /// Set after an administrator's reset: only a password change is allowed.
    pub must_change_password: bool,
    /// For changes by an administrator (see `AccountChange`).
    pub version: i64,
}

impl Store {
    pub async fn count_users(&self) -> StoreResult<u64> {
        Ok(user::Entity::find().count(self.db()).await?)
    }

    /// Creates a user. The very first user of a database is always made a
    /// system administrator, so a fresh install can be administered.
    pub async fn add_user(&self, new: &NewUser) -> StoreResult<UserAccount> {
        self.insert_user(new, false).await
    }

    /// Creates a user; `must_change_password` when the password was made up
    /// for them (an administrator's creation or reset).
    pub(crate) async fn insert_user(
        &self,
        new: &NewUser,
        must_change_password: bool,
    ) -> StoreResult<UserAccount> {
        new.validate()?;
        let password_hash = hash_password(new.password.clone()).await?;
        let txn = self.begin_write().await?;
        let agency = agency::Entity::find()
            .filter(agency::Column::Code.eq(&new.agency_code))
            .one(&*txn)
            .await?
            .ok_or_else(|| {
                Violations(vec![Violation::new(
                    "agency_code",
                    "exists",
                    "Không có cơ quan với mã này.",
                    "No agency has this code.",
                )])
            })?;
        if user::Entity::find()
            .filter(user::Column::Username.eq(&new.username))
            .one(&*txn)
            .await?
            .is_some()
        {
            return Err(StoreError::AlreadyExists { what: "username" });
        }
        let first_user = user::Entity::find().count(&*txn).await? == 0;
        let created = user::ActiveModel {
            username: Set(new.username.clone()),
            display_name: Set(new.display_name.trim().to_owned()),
            agency_id: Set(agency.id),
            password_hash: Set(password_hash),
            active: Set(true),
            version: Set(1),
            created_at: Set(Utc::now()),
            must_change_password: Set(must_change_password),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        let mut roles = new.roles.clone();
        if first_user && !roles.contains(&Role::SystemAdmin) {
            roles.push(Role::SystemAdmin);
        }
        roles.sort();
        roles.dedup();
        for role in &roles {
            user_role::ActiveModel {
                user_id: Set(created.id),
                role_code: Set(role.code().to_owned()),
            }
            .insert(&*txn)
            .await?;
        }
        txn.commit().await?;
        self.user_account(created.id)
            .await?
            .ok_or(StoreError::NotFound { what: "user" })
    }

    pub async fn user_account(&self, id: i64) -> StoreResult<Option<UserAccount>> {
        let Some(found) = user::Entity::find_by_id(id).one(self.db()).await? else {
            return Ok(None);
        };
        self.account_of(found).await.map(Some)
    }

    pub async fn user_by_username(&self, username: &str) -> StoreResult<Option<UserAccount>> {
        let Some(found) = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        self.account_of(found).await.map(Some)
    }

    /// The account whose username is `username` in any letter case (an
    /// auditor's filter): the exact spelling wins when both exist.
    pub async fn user_by_username_any_case(
        &self,
        username: &str,
    ) -> StoreResult<Option<UserAccount>> {
        if let Some(exact) = self.user_by_username(username).await? {
            return Ok(Some(exact));
        }
        let lowered = sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(
            sea_orm::sea_query::Expr::col(user::Column::Username),
        ));
        let Some(found) = user::Entity::find()
            .filter(lowered.eq(username.to_lowercase()))
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        self.account_of(found).await.map(Some)
    }

    pub async fn users(&self) -> StoreResult<Vec<UserAccount>> {
        let mut out = Vec::new();
        for found in user::Entity::find()
            .order_by_asc(user::Column::Username)
            .all(self.db())
            .await?
        {
            out.push(self.account_of(found).await?);
        }
        Ok(out)
    }

    /// The account when `username` and `password` match an active user; `None`
    /// otherwise, taking the same time whether or not the user exists.
    pub async fn check_login(
        &self,
        username: &str,
        password: &str,
    ) -> StoreResult<Option<UserAccount>> {
        let found = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(self.db())
            .await?;
        let stored = found.as_ref().map(|u| u.password_hash.clone());
        if !verify_password(password.to_owned(), stored).await? {
            return Ok(None);
        }
        match found {
            Some(u) if u.active => self.account_of(u).await.map(Some),
            _ => Ok(None),
        }
    }

    pub async fn set_password(&self, user_id: i64, password: &str) -> StoreResult<()> {
        let username = user::Entity::find_by_id(user_id)
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound { what: "user" })?
            .username;
        check_password(password, &username).map_err(|v| Violations(vec![v]))?;
        let hash = hash_password(password.to_owned()).await?;
        let txn = self.begin_write().await?;
        let found = user::Entity::find_by_id(user_id)
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound { what: "user" })?;
        let version = found.version;
        let mut active: user::ActiveModel = found.into();
        active.password_hash = Set(hash);
        active.version = Set(version + 1);
        active.update(&*txn).await?;
        txn.commit().await
    }

    async fn account_of(&self, found: user::Model) -> StoreResult<UserAccount> {
        let agency = agency::Entity::find_by_id(found.agency_id)
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound { what: "agency" })?;
        let mut roles: Vec<Role> = user_role::Entity::find()
            .filter(user_role::Column::UserId.eq(found.id))
            .all(self.db())
            .await?
            .iter()
            .filter_map(|r| Role::from_code(&r.role_code))
            .collect();
        roles.sort();
        Ok(UserAccount {
            id: found.id,
            username: found.username,
            display_name: found.display_name,
            agency_id: agency.id,
            agency_code: agency.code,
            agency_name: agency.name,
            agency_unit_today: self.unit_today(&agency.admin_unit_id).await?,
            agency_admin_unit_id: agency.admin_unit_id,
            roles,
            active: found.active,
            must_change_password: found.must_change_password,
            version: i64::from(found.version),
        })
    }
}

/// The usernames of `ids`, looked up at once (for histories that name who
/// did each step).
pub(crate) async fn usernames(
    db: &impl sea_orm::ConnectionTrait,
    ids: Vec<i64>,
) -> StoreResult<std::collections::HashMap<i64, String>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    Ok(user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Username])
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
