//! The user's own account: change the password (required after a reset),
//! set up two-factor login (required for roles that see identities).

use super::context::Page;
use super::layout;
use crate::client_address::ClientAddress;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use haven_domain::Violation;
use haven_store::StoreError;
use maud::{html, Markup};
use serde::Deserialize;

/// What the page says after a form was sent.
#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    violations: Vec<Violation>,
    enrollment: Option<haven_store::second_factor::Enrollment>,
    recovery_codes: Vec<String>,
}

pub async fn page(State(state): State<AppState>, page: Page) -> Markup {
    render(&state, &page, Outcome::default()).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    page: Page,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> Response {
    let lang = page.lang;
    if form.new_password != form.confirm_password {
        let outcome = Outcome {
            violations: vec![Violation::new(
                "confirm_password",
                "matches",
                crate::i18n::Lang::Vi.t("profile-confirm-mismatch"),
                crate::i18n::Lang::En.t("profile-confirm-mismatch"),
            )],
            ..Default::default()
        };
        return render(&state, &page, outcome).await.into_response();
    }
    let changed = crate::auth::change_own_password(
        &state,
        &page.user,
        &address,
        &jar,
        &form.current_password,
        &form.new_password,
    )
    .await;
    let outcome = match changed {
        Ok(()) => Outcome {
            notice: Some(lang.t("profile-password-changed")),
            ..Default::default()
        },
        Err(error) if error.status == axum::http::StatusCode::TOO_MANY_REQUESTS => Outcome {
            notice: Some(lang.t("profile-locked")),
            ..Default::default()
        },
        Err(error) if !error.body.violations.is_empty() => Outcome {
            violations: error.body.violations,
            ..Default::default()
        },
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    // After a forced change the user goes on from here with a fresh account view.
    let mut page = page;
    if let Ok(Some(fresh)) = state.store.user_account(page.user.id).await {
        page.user = fresh;
    }
    render(&state, &page, outcome).await.into_response()
}

pub async fn begin_second_factor(State(state): State<AppState>, page: Page) -> Response {
    match state
        .store
        .begin_second_factor(page.user.id, &page.user.username)
        .await
    {
        Ok(enrollment) => {
            let outcome = Outcome {
                enrollment: Some(enrollment),
                ..Default::default()
            };
            render(&state, &page, outcome).await.into_response()
        }
        Err(error) => super::error_page(&page, error.into()).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

pub async fn confirm_second_factor(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<CodeForm>,
) -> Response {
    let result = state
        .store
        .confirm_second_factor(page.user.id, &page.user.username, &form.code)
        .await;
    let outcome = match result {
        Ok(recovery_codes) => {
            tracing::info!(user_id = page.user.id, "second factor enabled");
            Outcome {
                notice: Some(page.lang.t("profile-second-factor-enabled")),
                recovery_codes,
                ..Default::default()
            }
        }
        Err(StoreError::Invalid(violations)) => Outcome {
            violations: violations.0,
            ..Default::default()
        },
        Err(other) => return super::error_page(&page, other.into()).into_response(),
    };
    render(&state, &page, outcome).await.into_response()
}

async fn render(state: &AppState, page: &Page, outcome: Outcome) -> Markup {
    let lang = page.lang;
    let enabled = state
        .store
        .second_factor_enabled(page.user.id)
        .await
        .unwrap_or(false);
    let error_of = |field: &str| -> Option<String> {
        outcome
            .violations
            .iter()
            .find(|v| v.field == field)
            .map(|v| super::violation_text(lang, v))
    };
    let password_field = |name: &'static str, key: &str, autocomplete: &'static str| -> Markup {
        let error = error_of(name);
        let error_id = format!("{name}-error");
        html! {
            label for=(name) { (lang.t(key)) }
            input id=(name) type="password" name=(name) autocomplete=(autocomplete) required
                aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| error_id.as_str())];
            @if let Some(message) = &error { p.field-error id=(error_id) { (message) } }
        }
    };
    layout::page(
        page,
        &lang.t("profile-title"),
        html! {
            @if let Some(notice) = &outcome.notice { p.notice role="status" { (notice) } }
            @if page.user.must_change_password {
                p.error role="alert" { (lang.t("profile-must-change")) }
            }
            section.card #account {
                dl {
                    dt { (lang.t("login-username")) } dd { (page.user.username) }
                    dt { (lang.t("field-agency")) } dd { (page.user.agency_name) }
                }
            }
            form.card #password-form method="post" action="/profile/password" {
                h2 { (lang.t("profile-password")) }
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                (password_field("current_password", "profile-current-password", "current-password"))
                (password_field("new_password", "profile-new-password", "new-password"))
                (password_field("confirm_password", "profile-confirm-password", "new-password"))
                button type="submit" { (lang.t("profile-change-password")) }
            }
            section.card #second-factor {
                h2 { (lang.t("profile-second-factor")) }
                @if !outcome.recovery_codes.is_empty() {
                    p { (lang.t("profile-recovery-codes")) }
                    ul.codes { @for code in &outcome.recovery_codes { li { code { (code) } } } }
                } @else if enabled {
                    p { (lang.t("profile-second-factor-on")) }
                } @else if let Some(enrollment) = &outcome.enrollment {
                    p { (lang.t("profile-second-factor-scan")) }
                    @if let Some(svg) = qr_svg(&enrollment.otpauth_url) {
                        figure.qr #totp-qr role="img" aria-label=(lang.t("profile-second-factor-qr")) { (maud::PreEscaped(svg)) }
                    }
                    p { (lang.t("profile-second-factor-secret")) }
                    p { code #totp-secret { (enrollment.secret) } }
                    form method="post" action="/profile/second-factor/confirm" {
                        input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                        label for="code" { (lang.t("login-code")) }
                        input #code type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required;
                        @if let Some(message) = error_of("code") { p.field-error { (message) } }
                        button type="submit" { (lang.t("profile-second-factor-confirm")) }
                    }
                } @else {
                    p { (lang.t("profile-second-factor-off")) }
                    @if let Some(message) = error_of("code") { p.field-error { (message) } }
                    form method="post" action="/profile/second-factor" {
                        input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                        button type="submit" { (lang.t("profile-second-factor-begin")) }
                    }
                }
            }
        },
    )
}

/// The enrolment link as a QR code for the authenticator app, drawn on the
/// server as SVG (no script, no outside service); `None` if the link were too
/// long for a QR code, and the typed secret remains.
fn qr_svg(otpauth_url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(otpauth_url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enrolment_link_becomes_an_svg_qr_code() {
        let svg = qr_svg("otpauth://totp/Haven:lan.nguyen?secret=JBSWY3DPEHPK3PXP&issuer=Haven")
            .expect("a QR code");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(svg.len() < 30_000, "{} bytes", svg.len());
    }
}
