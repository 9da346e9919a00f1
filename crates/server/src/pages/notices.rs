//! The inbox page (notices newest first, unread ones marked, each with a
//! link to what it is about) and the page where a user chooses which kinds
//! come by email. The unread count in every page's header is `Page`'s.

use super::admin::forms::value;
use super::context::Page;
use super::extract::{Path, Query};
use super::hotline::moment;
use super::{error_page, labels, layout};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::views::notices::{self, EmailSettingsChange, InboxQuery, NoticeView, PAGE_SIZE};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use haven_domain::case::deadlines::DueItem;
use haven_domain::ids::NoticeId;
use haven_domain::notice::{EmailChoice, EmailSettings, NoticeKind, SubjectKind};
use haven_domain::Violation;
use maud::{html, Markup};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use std::collections::{BTreeMap, HashMap};

type Values = Vec<(String, String)>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(inbox))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
        .route("/notifications/settings", get(settings).post(save_settings))
}

use crate::views::notices::kind_label;

/// Where a notice's subject is seen.
fn subject_link(notice: &NoticeView) -> Option<String> {
    let reference = notice.reference.as_deref()?;
    let encoded = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    match notice.subject {
        SubjectKind::Case => Some(format!("/cases/{}", encoded(reference))),
        SubjectKind::Contact => Some(format!("/contacts/{}", encoded(reference))),
        // The area may hold a slash (a commune's code); the period never does.
        SubjectKind::Report => reference.rsplit_once('/').map(|(area, period)| {
            format!(
                "/reports/submission?area={}&period={}",
                encoded(area),
                encoded(period)
            )
        }),
        SubjectKind::Account => Some("/profile".to_owned()),
        SubjectKind::Backup => Some("/admin/backups".to_owned()),
    }
}

fn detail_text(lang: Lang, notice: &NoticeView, agencies: &HashMap<i64, String>) -> Option<String> {
    if let Some(deadline) = &notice.deadline {
        let item = DueItem {
            kind: deadline.kind.clone(),
            due_on: deadline.due_on,
            done: false,
            overdue: false,
        };
        return Some(format!(
            "{} — {} {}",
            labels::deadline_name(lang, &item, agencies),
            lang.t("notice-due-on"),
            deadline.due_on.format("%d/%m/%Y")
        ));
    }
    let detail = notice.detail.as_deref()?;
    lang.maybe(&format!("notice-detail-{}", detail.replace('_', "-")))
}

async fn inbox(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<InboxQuery>,
) -> Response {
    let found = match notices::inbox(&state, &page.user, &query).await {
        Ok(found) => found,
        // The page says which value is wrong, as the API does.
        Err(error) if !error.body.violations.is_empty() => {
            let join = |f: fn(&Violation) -> &String| {
                error
                    .body
                    .violations
                    .iter()
                    .map(f)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let named = ApiError::new(
                error.status,
                error.body.code,
                join(|v| &v.message_vi),
                join(|v| &v.message_en),
            );
            return error_page(&page, named);
        }
        Err(error) => return error_page(&page, error),
    };
    let agencies = labels::agency_names(&state).await;
    let senders = senders(&state, &found.notices, &agencies).await;
    let lang = page.lang;
    let current = query.page.unwrap_or(1).max(1);
    let pages = found.total.div_ceil(PAGE_SIZE).max(1);
    let filter = if query.unread { "&unread=true" } else { "" };
    let body = html! {
        p {
            @if query.unread {
                (lang.t_with("notices-summary-unread", &[("unread", found.unread.into())]))
            } @else {
                (lang.t_with("notices-summary", &[("unread", found.unread.into()), ("total", found.total.into())]))
            }
        }
        nav.filters aria-label=(lang.t("notices-filter")) {
            a href="/notifications" aria-current=[(!query.unread).then_some("page")] { (lang.t("notices-all")) }
            " · "
            a href="/notifications?unread=true" aria-current=[query.unread.then_some("page")] { (lang.t("notices-unread")) }
            " · "
            a href="/notifications/settings" { (lang.t("notices-settings-link")) }
        }
        @if found.unread > 0 {
            form.inline method="post" action="/notifications/read-all" {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                @if let Some(newest) = found.newest { input type="hidden" name="through" value=(newest); }
                button type="submit" { (lang.t("notices-read-all")) }
            }
        }
        @if found.notices.is_empty() && found.total > 0 {
            p { (lang.t("notices-page-empty")) " " a href=(format!("/notifications?page=1{filter}")) { (lang.t("notices-first-page")) } }
        } @else if found.notices.is_empty() {
            p { (lang.t(if query.unread { "notices-none-unread" } else { "notices-none" })) }
        } @else {
            ol.notices {
                @for notice in &found.notices {
                    li.unread[!notice.read] {
                        @if !notice.read { span.badge { (lang.t("notices-new")) } " " }
                        strong { (kind_label(lang, notice.kind)) }
                        @if let Some(reference) = &notice.reference {
                            ": "
                            @match subject_link(notice) {
                                Some(href) => a href=(href) { (reference) },
                                None => span { (reference) },
                            }
                        }
                        @if let Some(detail) = detail_text(lang, notice, &agencies) {
                            br; span { (detail) }
                        }
                        @if let Some(from) = notice.from_user_id.and_then(|id| senders.get(&id)) {
                            br; span { (lang.t("notices-from")) ": " (from) }
                        }
                        br;
                        small { time datetime=(notice.created_at.to_rfc3339()) { (moment(notice.created_at)) } }
                        @if !notice.read {
                            " "
                            form.inline method="post" action=(format!("/notifications/{}/read", notice.id)) {
                                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                                input type="hidden" name="back" value=(page.here);
                                button.link type="submit" { (lang.t("notices-mark-read")) }
                            }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pages aria-label=(lang.t("notices-pages")) {
                @if current > 1 {
                    a href=(format!("/notifications?page={}{filter}", current - 1)) { (lang.t("pager-previous")) }
                    " "
                }
                span { (current) " / " (pages) }
                @if current < pages {
                    " "
                    a href=(format!("/notifications?page={}{filter}", current + 1)) { (lang.t("pager-next")) }
                }
            }
        }
    };
    layout::page(&page, &lang.t("notices-title"), body).into_response()
}

/// The agency of whoever raised each notice of the page (not the person:
/// an agency is what the reader acts with).
async fn senders(
    state: &AppState,
    shown: &[NoticeView],
    agencies: &HashMap<i64, String>,
) -> HashMap<i64, String> {
    let mut out = HashMap::new();
    for id in shown.iter().filter_map(|n| n.from_user_id) {
        if out.contains_key(&id) {
            continue;
        }
        if let Ok(Some(account)) = state.store.user_account(id).await {
            if let Some(name) = agencies.get(&account.agency_id) {
                out.insert(id, name.clone());
            }
        }
    }
    out
}

/// Back to the inbox page the reader was on (its filter and page kept).
fn back_to(values: &Values) -> String {
    let back = value(values, "back");
    if back.starts_with("/notifications")
        && !back.starts_with("/notifications/")
        && super::lang::is_local_path(back)
    {
        back.to_owned()
    } else {
        "/notifications".to_owned()
    }
}

async fn read_one(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    match notices::mark_read(&state, &page.user, NoticeId(id)).await {
        Ok(_) => Redirect::to(&back_to(&values)).into_response(),
        Err(error) => error_page(&page, error),
    }
}

async fn read_all(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    let through = value(&values, "through").parse().ok().map(NoticeId);
    match notices::mark_all_read(&state, &page.user, through).await {
        Ok(_) => Redirect::to("/notifications").into_response(),
        Err(error) => error_page(&page, error),
    }
}

async fn settings(State(state): State<AppState>, page: Page) -> Response {
    match notices::email_settings(&state, &page.user).await {
        Ok(view) => {
            let values = values_of(view.version, &view.email, &view.choices);
            settings_form(&page, &view.kinds, view.email_available, &values, &[], None)
                .into_response()
        }
        Err(error) => error_page(&page, error),
    }
}

fn values_of(
    version: i64,
    email: &Option<String>,
    choices: &BTreeMap<NoticeKind, EmailChoice>,
) -> Values {
    let mut values = vec![
        ("version".to_owned(), version.to_string()),
        ("email".to_owned(), email.clone().unwrap_or_default()),
    ];
    for (kind, choice) in choices {
        values.push((kind.code().to_owned(), choice.code().to_owned()));
    }
    values
}

/// The form's values as settings, or the fields that are not. The kinds
/// the form does not show (the user is never told of them) keep what is saved.
fn settings_of(
    values: &Values,
    shown: &[NoticeKind],
    saved: &BTreeMap<NoticeKind, EmailChoice>,
) -> Result<EmailSettingsChange, Vec<Violation>> {
    let mut broken = Vec::new();
    let version = value(values, "version").parse().unwrap_or(0);
    let email = Some(value(values, "email").to_owned()).filter(|e| !e.is_empty());
    let mut choices = saved.clone();
    for kind in shown {
        match EmailChoice::from_code(value(values, kind.code())) {
            Some(choice) => {
                choices.insert(*kind, choice);
            }
            None => broken.push(Violation::new(
                kind.code(),
                "one_of",
                "Hãy chọn một cách nhận.",
                "Choose how to receive it.",
            )),
        }
    }
    if broken.is_empty() {
        Ok(EmailSettingsChange {
            version,
            settings: EmailSettings { email, choices },
        })
    } else {
        Err(broken)
    }
}

async fn save_settings(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    let available = state.settings.mail.is_some();
    let current = match notices::email_settings(&state, &page.user).await {
        Ok(current) => current,
        Err(e) => return error_page(&page, e),
    };
    let shown = &current.kinds;
    let violations = match settings_of(&values, shown, &current.choices) {
        Ok(change) => match notices::save_email_settings(&state, &page.user, &change).await {
            Ok(_) => return Redirect::to("/notifications/settings?done=saved").into_response(),
            Err(e) if e.status == StatusCode::CONFLICT => {
                return match notices::email_settings(&state, &page.user).await {
                    Ok(saved) => {
                        let now = values_of(saved.version, &saved.email, &saved.choices);
                        let stale = [Violation::new(
                            "form",
                            "stale_version",
                            page.lang.t("notices-conflict"),
                            page.lang.t("notices-conflict"),
                        )];
                        (
                            StatusCode::CONFLICT,
                            settings_form(&page, shown, available, &now, &stale, Some(&values)),
                        )
                            .into_response()
                    }
                    Err(e) => error_page(&page, e),
                };
            }
            Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => violations_of(e),
            Err(e) => return error_page(&page, e),
        },
        Err(v) => v,
    };
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        settings_form(&page, shown, available, &values, &violations, None),
    )
        .into_response()
}

fn violations_of(e: ApiError) -> Vec<Violation> {
    if e.body.violations.is_empty() {
        vec![Violation::new(
            "form",
            e.body.code,
            e.body.message_vi.clone(),
            e.body.message_en.clone(),
        )]
    } else {
        e.body.violations
    }
}

fn settings_form(
    page: &Page,
    shown: &[NoticeKind],
    available: bool,
    values: &Values,
    violations: &[Violation],
    typed: Option<&Values>,
) -> Markup {
    let lang = page.lang;
    let fault = |field: &str| {
        violations
            .iter()
            .find(|v| v.field == field || v.field == format!("choices.{field}"))
            .map(|v| super::violation_text_in(lang, v, None))
    };
    let saved = page.here.contains("done=saved");
    let body = html! {
        p { a href="/notifications" { (lang.t("notices-back")) } }
        @if saved { p.notice role="status" { (lang.t("notices-settings-saved")) } }
        @if !available { p.notice { (lang.t("notices-email-unavailable")) } }
        @if !violations.is_empty() {
            div.error role="alert" {
                p { (lang.t("form-has-errors")) }
                ul { @for v in violations { li { (super::violation_text_in(lang, v, None)) } } }
            }
        }
        @if let Some(typed) = typed {
            div.notice {
                p { (lang.t("notices-typed")) }
                ul {
                    li { (lang.t("notices-field-email")) ": " (value(typed, "email")) }
                    @for kind in shown {
                        li { (kind_label(lang, *kind)) ": " (choice_label(lang, value(typed, kind.code()))) }
                    }
                }
            }
        }
        p { (lang.t("notices-settings-intro")) }
        form method="post" action="/notifications/settings" {
            input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
            input type="hidden" name="version" value=(value(values, "version"));
            label for="email" { (lang.t("notices-field-email")) }
            input #email type="email" name="email" autocomplete="email" value=(value(values, "email")) aria-invalid=[fault("email").map(|_| "true")] aria-describedby=[fault("email").map(|_| "email-error")];
            @if let Some(text) = fault("email") { p.field-error #email-error { (text) } }
            @for kind in shown {
                fieldset {
                    legend { (kind_label(lang, *kind)) }
                    @for choice in EmailChoice::ALL {
                        @if *choice != EmailChoice::Daily || kind.digestible() {
                            @let id = format!("{}-{}", kind.code(), choice.code());
                            label.check for=(id) {
                                input type="radio" id=(id) name=(kind.code()) value=(choice.code()) checked[value(values, kind.code()) == choice.code()];
                                " " (choice_label(lang, choice.code()))
                            }
                        }
                    }
                    @if let Some(text) = fault(kind.code()) { p.field-error { (text) } }
                }
            }
            button type="submit" { (lang.t("form-save")) }
        }
    };
    layout::page(page, &lang.t("notices-settings-title"), body)
}

fn choice_label(lang: Lang, code: &str) -> String {
    lang.maybe(&format!("notice-choice-{code}"))
        .unwrap_or_default()
}
