//! A user's notices and their email choices, as the API and the pages show
//! them. Who reads which agency notices is `haven_access::notice`'s to say;
//! a notice for one user is theirs alone.

use crate::error::ApiError;
use crate::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::case::deadlines::DueKind;
use haven_domain::ids::NoticeId;
use haven_domain::notice::{EmailChoice, EmailSettings, NoticeKind, SubjectKind};
use haven_domain::{Violation, Violations};
use haven_store::notices::{DueDetail, NoticeRecord, Reader};
use haven_store::UserAccount;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// Notices on one page of the inbox.
pub const PAGE_SIZE: u64 = 50;

/// The reader a user is, with the kinds of their agency's notices they act on.
pub fn reader(state: &AppState, user: &UserAccount) -> Reader {
    reader_under(&state.settings.permissions, user)
}

/// The same under a permission table (the worker has no request state).
pub fn reader_under(permissions: &haven_access::PermissionTable, user: &UserAccount) -> Reader {
    Reader {
        user_id: user.id,
        agency: haven_domain::ids::AgencyId(user.agency_id),
        acts_on: haven_access::notice::kinds_acted_on(&permissions.permissions_of(&user.roles)),
    }
}

/// A kind of notice in words.
pub fn kind_label(lang: crate::i18n::Lang, kind: NoticeKind) -> String {
    lang.t(&format!("notice-kind-{}", kind.code().replace('_', "-")))
}

/// A deadline a notice tells of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DeadlineRef {
    #[serde(flatten)]
    pub kind: DueKind,
    pub due_on: NaiveDate,
}

/// One notice as it leaves the server: kinds, numbers and codes, no name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: NoticeId,
    pub kind: NoticeKind,
    pub subject: SubjectKind,
    /// The case's or contact's number, or the report's `area/period`.
    pub reference: Option<String>,
    /// `accepted` or `declined` for an answer, `escalated` for a dispatch
    /// passed up, `password_reset` or `second_factor_removed` for an account.
    pub detail: Option<String>,
    /// For a deadline: which, and when it falls due.
    pub deadline: Option<DeadlineRef>,
    pub from_user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

impl From<NoticeRecord> for NoticeView {
    fn from(record: NoticeRecord) -> NoticeView {
        let NoticeRecord {
            id,
            kind,
            agency_id: _,
            user_id: _,
            subject_ref,
            detail,
            from_user_id,
            created_at,
            read_at,
        } = record;
        let deadline = if kind.digestible() {
            detail
                .as_deref()
                .and_then(|d| serde_json::from_str::<DueDetail>(d).ok())
                .map(|d| DeadlineRef {
                    kind: d.kind,
                    due_on: d.due_on,
                })
        } else {
            None
        };
        NoticeView {
            id,
            kind,
            subject: kind.subject(),
            reference: (!subject_ref.is_empty()).then_some(subject_ref),
            detail: if deadline.is_some() { None } else { detail },
            deadline,
            from_user_id,
            created_at,
            read: read_at.is_some(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxView {
    pub notices: Vec<NoticeView>,
    /// Notices on every page.
    pub total: u64,
    pub unread: u64,
    /// The newest notice of the inbox: send it as `through` to mark read
    /// what was seen, and not what came after.
    pub newest: Option<NoticeId>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ReadAllQuery {
    /// Up to this notice (the newest the reader saw); the whole inbox without it.
    pub through: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only those not read yet.
    #[serde(default)]
    pub unread: bool,
    /// From 1.
    #[param(minimum = 1)]
    #[schema(minimum = 1)]
    pub page: Option<u64>,
}

pub async fn inbox(
    state: &AppState,
    user: &UserAccount,
    query: &InboxQuery,
) -> Result<InboxView, ApiError> {
    if query.page == Some(0) {
        return Err(ApiError::invalid(Violations(vec![Violation::new(
            "page",
            "min",
            "Số trang («page») bắt đầu từ 1.",
            "Pages (“page”) are numbered from 1.",
        )])));
    }
    let page = query.page.unwrap_or(1).clamp(1, 100_000);
    let found = state
        .store
        .notices()
        .inbox(
            &reader(state, user),
            query.unread,
            PAGE_SIZE,
            (page - 1) * PAGE_SIZE,
        )
        .await?;
    Ok(InboxView {
        notices: found.notices.into_iter().map(NoticeView::from).collect(),
        total: found.total,
        unread: found.unread,
        newest: found.newest,
    })
}

/// The number beside the inbox in the header.
pub async fn unread(state: &AppState, user: &UserAccount) -> Result<u64, ApiError> {
    Ok(state
        .store
        .notices()
        .unread_count(&reader(state, user))
        .await?)
}

/// Marks one read; 404 when it is not in the user's inbox.
pub async fn mark_read(
    state: &AppState,
    user: &UserAccount,
    id: NoticeId,
) -> Result<NoticeView, ApiError> {
    let reader = reader(state, user);
    let notices = state.store.notices();
    if !notices.mark_read(&reader, id, Utc::now()).await? {
        return Err(ApiError::not_found());
    }
    notices
        .notice(&reader, id)
        .await?
        .map(NoticeView::from)
        .ok_or_else(ApiError::not_found)
}

pub async fn mark_all_read(
    state: &AppState,
    user: &UserAccount,
    through: Option<NoticeId>,
) -> Result<usize, ApiError> {
    Ok(state
        .store
        .notices()
        .mark_all_read(&reader(state, user), through, Utc::now())
        .await?)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmailSettingsView {
    pub version: i64,
    pub email: Option<String>,
    /// Every kind's choice, in the shape `PUT` takes back.
    pub choices: BTreeMap<NoticeKind, EmailChoice>,
    /// The kinds this user may be told of (their role acts on them, or they are their own).
    pub kinds: Vec<NoticeKind>,
    /// The kinds that may come as one daily email.
    pub daily_allowed: Vec<NoticeKind>,
    /// Whether this installation sends email at all.
    pub email_available: bool,
}

/// The kinds a user may be told of: those of their agency their role acts
/// on, and their own account's.
pub fn kinds_for(state: &AppState, user: &UserAccount) -> Vec<NoticeKind> {
    let mut kinds = reader(state, user).acts_on;
    if !kinds.contains(&NoticeKind::AccountChanged) {
        kinds.push(NoticeKind::AccountChanged);
    }
    kinds
}

/// A change of the email settings, on the version the user saw.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct EmailSettingsChange {
    pub version: i64,
    #[serde(flatten)]
    pub settings: EmailSettings,
}

pub async fn email_settings(
    state: &AppState,
    user: &UserAccount,
) -> Result<EmailSettingsView, ApiError> {
    let stored = state.store.notices().email_settings(user.id).await?;
    Ok(settings_view(state, user, stored.version, &stored.settings))
}

pub async fn save_email_settings(
    state: &AppState,
    user: &UserAccount,
    change: &EmailSettingsChange,
) -> Result<EmailSettingsView, ApiError> {
    let stored = state
        .store
        .notices()
        .save_email_settings(user.id, change.version, &change.settings)
        .await?;
    Ok(settings_view(state, user, stored.version, &stored.settings))
}

fn settings_view(
    state: &AppState,
    user: &UserAccount,
    version: i64,
    settings: &EmailSettings,
) -> EmailSettingsView {
    EmailSettingsView {
        version,
        email: settings.email.clone(),
        choices: NoticeKind::ALL
            .iter()
            .map(|kind| (*kind, settings.choice(*kind)))
            .collect(),
        kinds: kinds_for(state, user),
        daily_allowed: NoticeKind::ALL
            .iter()
            .copied()
            .filter(|k| k.digestible())
            .collect(),
        email_available: state.settings.mail.is_some(),
    }
}
