//! The frame of every page: header, navigation by permission, language
//! switch, footer, and the stylesheet. Pages work without JavaScript; the
//! one small script only warns before the session's idle limit.

use super::context::{Page, PublicPage};
use crate::i18n::Lang;
use axum::http::header;
use axum::response::IntoResponse;
use haven_access::Permission;
use maud::{html, Markup, DOCTYPE};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

/// A page of a logged-in user.
pub fn page(page: &Page, title: &str, body: Markup) -> Markup {
    let lang = page.lang;
    // Part of the page's data could not be read: say so before anything else.
    let body = if super::degraded::is_degraded() {
        html! { p.error role="alert" { (lang.t("page-degraded")) } (body) }
    } else {
        body
    };
    let links: Vec<(&str, &str, bool)> = vec![
        ("/", "nav-dashboard", true),
        ("/cases", "nav-cases", page.can(Permission::ReadCase)),
        ("/cases/new", "nav-new-case", page.can(Permission::OpenCase)),
        (
            "/referrals",
            "nav-referrals",
            page.can(Permission::AnswerReferral),
        ),
        (
            "/contacts",
            "nav-contacts",
            page.can(Permission::RecordContacts) || page.can(Permission::AnswerDispatches),
        ),
        ("/facilities", "nav-facilities", true),
        ("/directory", "nav-directory", true),
        (
            "/reports",
            "nav-reports",
            page.can(Permission::ReadStatistics),
        ),
        (
            "/reports/submissions",
            "nav-submissions",
            page.can(Permission::ReadStatistics),
        ),
        (
            "/agency-reports",
            "nav-agency-reports",
            page.can(Permission::RecordActivities) || page.can(Permission::ReadStatistics),
        ),
        ("/plans", "nav-plans", page.can(Permission::ReadProgramme)),
        (
            "/activities",
            "nav-activities",
            page.can(Permission::ReadProgramme),
        ),
        ("/audit", "nav-audit", page.can(Permission::Audit)),
        ("/admin/users", "nav-admin", super::admin::administers(page)),
        ("/profile", "nav-profile", true),
    ];
    frame(
        lang,
        &page.here,
        &page.operator,
        Some(page.idle_seconds),
        title,
        html! {
            nav.site aria-label=(lang.t("nav-label")) {
                // On a phone the menu folds behind one line that opens it
                // (a checkbox and its label: no script needed).
                input #menu-toggle.menu-toggle type="checkbox";
                label.menu-toggle for="menu-toggle" { (lang.t("nav-menu")) }
                ul {
                    @for (href, key, shown) in &links {
                        @if *shown {
                            li { a href=(href) aria-current=[current(&page.here, href)] { (lang.t(key)) } }
                        }
                    }
                }
                a.inbox href="/notifications" aria-current=[current(&page.here, "/notifications")] {
                    (lang.t("nav-notices"))
                    @if page.unread_notices > 0 {
                        " " span.badge aria-hidden="true" { (page.unread_notices) }
                        span.visually-hidden { " " (lang.t_with("nav-notices-unread", &[("count", page.unread_notices.into())])) }
                    }
                }
                span.who { (page.user.display_name) " · " (page.user.agency_name) }
                form.inline method="post" action="/logout" {
                    input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                    button.link type="submit" { (lang.t("nav-logout")) }
                }
            }
        },
        body,
    )
}

/// A page anyone may see: the login page.
pub fn public_page(page: &PublicPage, title: &str, body: Markup) -> Markup {
    frame(
        page.lang,
        &page.here,
        &page.operator,
        None,
        title,
        html! {},
        body,
    )
}

fn current<'a>(here: &str, href: &'a str) -> Option<&'a str> {
    let path = here.split('?').next().unwrap_or(here);
    let matches = match href {
        "/" => path == "/",
        // The reception wizard lives under /cases but is its own entry.
        "/cases" => path == "/cases" || (path.starts_with("/cases/") && path != "/cases/new"),
        // Submission is its own entry, beside the statistics.
        "/reports" => path == "/reports",
        "/reports/submissions" => path.starts_with("/reports/submission"),
        _ => path == href || path.starts_with(&format!("{href}/")),
    };
    matches.then_some("page")
}

fn frame(
    lang: Lang,
    here: &str,
    operator: &str,
    idle_seconds: Option<i64>,
    title: &str,
    navigation: Markup,
    body: Markup,
) -> Markup {
    let other = match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    let back = utf8_percent_encode(here, NON_ALPHANUMERIC).to_string();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (lang.t("app-tagline")) " (Haven)" }
                link rel="stylesheet" href="/static/haven.css";
            }
            body data-idle-seconds=[idle_seconds] {
                a.skip href="#main" { (lang.t("skip-to-content")) }
                @if idle_seconds.is_some() {
                    // Shown by session.js before the idle limit ends the session.
                    div #session-warning role="alert" hidden {
                        p { (lang.t("session-warning")) }
                        button #session-stay type="button" data-ended=(lang.t("session-ended")) { (lang.t("session-stay")) }
                    }
                    script src="/static/session.js" defer {}
                    script src="/static/picker.js" defer {}
                }
                header.site {
                    strong.system { (lang.t("app-tagline")) }
                    span.brand { "Haven" }
                    a.lang href={ "/lang/" (other.code()) "?next=" (back) } lang=(other.code()) hreflang=(other.code()) {
                        (lang.t("lang-switch"))
                    }
                }
                (navigation)
                main #main tabindex="-1" {
                    h1 { (title) }
                    (body)
                }
                footer.site {
                    p {
                        (lang.t("app-tagline"))
                        @if !operator.is_empty() { " · " span.operator { (operator) } }
                    }
                    p {
                        (lang.t("footer-hotline")) " · "
                        (lang.t_with("footer-version", &[("version", env!("CARGO_PKG_VERSION").into())]))
                    }
                }
            }
        }
    }
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("haven.css"),
    )
}

/// Warns before the idle limit ends the session, with a way to stay.
pub async fn session_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("session.js"),
    )
}

/// Type-ahead for the case page's agency choices (see `agency_choices`).
pub async fn picker_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("picker.js"),
    )
}

/// "Stay logged in": a request that refreshes the session's idle clock
/// (the login layer does it) and answers nothing.
pub async fn stay() -> axum::http::StatusCode {
    axum::http::StatusCode::NO_CONTENT
}
