use axum::http::header;
use axum::response::IntoResponse;
use maud::{html, Markup, DOCTYPE};

pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Haven" }
                link rel="stylesheet" href="/static/haven.css";
            }
            body {
                header.site { strong { "Haven" } " — Hệ thống quản lý hỗ trợ nạn nhân bị mua bán" }
                main { (body) }
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
