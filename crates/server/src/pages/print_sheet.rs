//! The sheet every printed paper of a case is laid on: the issuing agency,
//! the "MẬT" (confidential) marking, who printed it and when (Vietnam's
//! time), a link back that does not print, and the footer. A paper shows
//! only what its reader's policy shows; the pages that fill it decide that.

use super::context::Page;
use chrono::{FixedOffset, Utc};
use maud::{html, Markup, DOCTYPE};

pub fn sheet(page: &Page, title: &str, back: &str, body: Markup) -> Markup {
    let lang = page.lang;
    let printed_at = match FixedOffset::east_opt(7 * 3600) {
        Some(vietnam) => Utc::now()
            .with_timezone(&vietnam)
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        None => Utc::now().format("%d/%m/%Y %H:%M UTC").to_string(),
    };
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (lang.t("app-tagline")) }
                link rel="stylesheet" href="/static/haven.css";
            }
            body.print {
                header.print-header {
                    div.issuer {
                        p.agency { (page.user.agency_name) }
                        p { (lang.t("app-tagline")) }
                    }
                    p.secret #secret-marking { (lang.t("print-secret")) }
                }
                main #main {
                    h1 { (title) }
                    p.printed #printed { (lang.t_with("print-printed", &[("when", printed_at.into()), ("user", page.user.display_name.clone().into())])) }
                    p.no-print { a href=(back) { (lang.t("print-back")) } }
                    (body)
                }
                footer.site {
                    p { (lang.t("print-footer")) }
                }
            }
        }
    }
}

/// Where the parties sign: each side's title, with room for a signature and a name.
pub fn signatures(lang: crate::i18n::Lang, sides: &[String]) -> Markup {
    html! {
        div.signatures {
            @for side in sides {
                div.signature {
                    p.side { (side) }
                    p.sign-hint { (lang.t("print-sign-hint")) }
                }
            }
        }
    }
}
