use super::layout;
use crate::auth::CurrentUser;
use maud::{html, Markup};

fn render(user: &haven_store::UserAccount, csrf: &str) -> Markup {
    layout::page(
        "Trang chủ",
        html! {
            section.card {
                h1 { "Xin chào, " (user.display_name) }
                p { "Cơ quan " span.en { "(agency)" } ": " strong { (user.agency_name) } " (" (user.agency_code) ")" }
                p { "Vai trò " span.en { "(roles)" } ": "
                    @for (i, role) in user.roles.iter().enumerate() {
                        @if i > 0 { ", " }
                        (role.name_vi())
                    }
                }
                form method="post" action="/logout" {
                    input type="hidden" name=(crate::csrf::FIELD) value=(csrf);
                    button type="submit" { "Đăng xuất / Log out" }
                }
            }
            section.card {
                h2 { "API" }
                ul {
                    li { a href="/api/v1/me" { "/api/v1/me" } }
                    li { a href="/api/v1/agencies" { "/api/v1/agencies" } }
                    li { a href="/api/v1/facilities" { "/api/v1/facilities" } }
                    li { a href="/api/v1/reference/admin-units" { "/api/v1/reference/admin-units" } }
                }
            }
        },
    )
}

pub async fn page(user: CurrentUser, headers: axum::http::HeaderMap) -> Markup {
    let csrf = crate::csrf::token_of(&headers).unwrap_or_default();
    render(&user, &csrf)
}
