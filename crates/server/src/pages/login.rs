use super::layout::page;
use crate::auth::{end_session, start_session, Credentials};
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use haven_store::demo::{DEMO_PASSWORD, DEMO_USERS};
use maud::{html, Markup};
use std::net::SocketAddr;

pub async fn form(State(state): State<AppState>) -> Markup {
    render(&state, "", None)
}

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    Form(credentials): Form<Credentials>,
) -> Response {
    match start_session(&state, &credentials, &peer.ip().to_string()).await {
        Ok((_, cookie)) => (jar.add(cookie), Redirect::to("/")).into_response(),
        Err(error) => {
            let message = format!("{} / {}", error.body.message_vi, error.body.message_en);
            (
                error.status,
                render(&state, &credentials.username, Some(&message)),
            )
                .into_response()
        }
    }
}

pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> Response {
    match end_session(&state, jar).await {
        Ok(jar) => (jar, Redirect::to("/login")).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The form keeps what was typed as username after a failed attempt.
fn render(state: &AppState, username: &str, error: Option<&str>) -> Markup {
    page(
        "Đăng nhập",
        html! {
            form.card method="post" action="/login" {
                h1 { "Đăng nhập " span.en { "/ Log in" } }
                @if let Some(message) = error { p.error role="alert" { (message) } }
                label for="username" { "Tên đăng nhập " small { "Username" } }
                input #username type="text" name="username" value=(username) autocomplete="username" required autofocus;
                label for="password" { "Mật khẩu " small { "Password" } }
                input #password type="password" name="password" autocomplete="current-password" required;
                button type="submit" { "Đăng nhập" }
            }
            @if state.settings.demo_mode {
                section.card #demo-users {
                    h2 { "Tài khoản dùng thử " span.en { "/ Demo users" } }
                    p { "Mật khẩu chung " span.en { "(password for all)" } ": " code { (DEMO_PASSWORD) } }
                    table {
                        thead { tr { th { "Tên đăng nhập" } th { "Vai trò / Role" } th { "Cơ quan / Agency" } } }
                        tbody {
                            @for user in DEMO_USERS {
                                tr { td { code { (user.username) } } td { (user.role.name_vi()) " / " (user.role.name_en()) } td { (user.agency_code) } }
                            }
                        }
                    }
                }
            }
        },
    )
}
