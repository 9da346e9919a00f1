//! The login form (with the second factor's code), logout, and in demo mode
//! only, the list of demo users.

use super::context::PublicPage;
use super::layout::public_page;
use super::resume::Resume;
use crate::auth::{end_session, start_session, Credentials};
use crate::client_address::ClientAddress;
use crate::i18n::Lang;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use haven_store::demo::{DEMO_PASSWORD, DEMO_USERS};
use maud::{html, Markup};
use serde::Deserialize;

pub async fn form(State(state): State<AppState>, page: PublicPage) -> Markup {
    render(&state, &page, "", None, None)
}

/// The login form's fields: the credentials, and a form interrupted by the
/// end of the session, when there is one.
#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    resume_path: Option<String>,
    #[serde(default)]
    resume_form: Option<String>,
    #[serde(default)]
    resume_user: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    page: PublicPage,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Response {
    let resume = Resume::from_login(form.resume_path, form.resume_form, form.resume_user);
    let credentials = Credentials {
        username: form.username,
        password: form.password,
        code: form.code,
    };
    match start_session(&state, &credentials, &address).await {
        Ok((user, cookie)) => {
            // A reset password is changed first; everything else waits.
            if user.must_change_password {
                return (jar.add(cookie), Redirect::to("/profile")).into_response();
            }
            // Another user logging in at the same browser does not get
            // the form: it is dropped, never shown in their session.
            match resume.filter(|r| r.belongs_to(&user.username)) {
                Some(resume) => {
                    let csrf = crate::csrf::token_for(cookie.value());
                    (jar.add(cookie), resume.page(&page, &csrf)).into_response()
                }
                None => (jar.add(cookie), Redirect::to("/")).into_response(),
            }
        }
        Err(error) => {
            let message = match page.lang {
                Lang::Vi => error.body.message_vi.clone(),
                Lang::En => error.body.message_en.clone(),
            };
            (
                error.status,
                render(
                    &state,
                    &page,
                    &credentials.username,
                    Some(&message),
                    resume.as_ref(),
                ),
            )
                .into_response()
        }
    }
}

/// The answer to a form posted after the session ended: the login form,
/// carrying what was typed.
pub fn expired(state: &AppState, page: &PublicPage, resume: &Resume) -> Response {
    let notice = page.lang.t("resume-expired");
    (
        StatusCode::UNAUTHORIZED,
        render(state, page, resume.owner(), Some(&notice), Some(resume)),
    )
        .into_response()
}

pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> Response {
    match end_session(&state, jar).await {
        Ok(jar) => (jar, Redirect::to("/login")).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The form keeps what was typed as username after a failed attempt.
fn render(
    state: &AppState,
    page: &PublicPage,
    username: &str,
    error: Option<&str>,
    resume: Option<&Resume>,
) -> Markup {
    let lang = page.lang;
    public_page(
        page,
        &lang.t("login-title"),
        html! {
            form.card method="post" action="/login" {
                @if let Some(message) = error { p.error role="alert" { (message) } }
                @if let Some(resume) = resume { (resume.hidden_fields()) }
                @if let Some(csrf) = &page.csrf { input type="hidden" name=(crate::csrf::FIELD) value=(csrf); }
                label for="username" { (lang.t("login-username")) }
                input #username type="text" name="username" value=(username) autocomplete="username" required autofocus;
                label for="password" { (lang.t("login-password")) }
                input #password type="password" name="password" autocomplete="current-password" required;
                label for="code" { (lang.t("login-code")) }
                input #code type="text" name="code" inputmode="numeric" autocomplete="one-time-code" aria-describedby="code-hint";
                p.hint #code-hint { (lang.t("login-code-hint")) }
                button type="submit" { (lang.t("login-submit")) }
            }
            @if state.settings.demo_mode {
                section.card #demo-users {
                    h2 { (lang.t("login-demo-users")) }
                    p { (lang.t("login-demo-password")) ": " code { (DEMO_PASSWORD) } }
                    table {
                        thead { tr { th { (lang.t("login-username")) } th { (lang.t("field-roles")) } th { (lang.t("field-agency")) } } }
                        tbody {
                            @for user in DEMO_USERS {
                                tr {
                                    td { code { (user.username) } }
                                    td { (match lang { Lang::Vi => user.role.name_vi(), Lang::En => user.role.name_en() }) }
                                    td { (user.agency_code) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
