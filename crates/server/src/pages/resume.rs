//! A session that ends does not lose work. A form posted after the idle
//! limit ended the session comes back as the login page carrying what was
//! typed in hidden fields — nothing is kept in the browser's storage or on
//! the server. Once logged in again, the user gets the form back: a case
//! step's form filled in on the case page (nothing recorded), any other
//! form ready to be sent again.

use super::context::PublicPage;
use super::layout::public_page;
use crate::i18n::Lang;
use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::{header, Method};
use maud::{html, Markup};

/// The login form's fields that carry the interrupted form.
pub const PATH_FIELD: &str = "resume_path";
pub const FORM_FIELD: &str = "resume_form";
/// Whose form it is: only that user gets it back.
pub const OWNER_FIELD: &str = "resume_user";
/// The longest form carried through a login (the CSRF layer's own bound).
const MAX_FORM_BYTES: usize = 64 * 1024;
const MAX_PATH_BYTES: usize = 512;

/// A form post interrupted by the end of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    path: String,
    form: String,
    /// The username of the session that sent it.
    owner: String,
}

impl Resume {
    /// The post, when it can be carried through a login: a page's form
    /// (url-encoded, so no file), sent with the session cookie — whose CSRF
    /// token the CSRF layer has checked before this point.
    pub async fn of_expired_post(request: Request, owner: String) -> Option<Resume> {
        let headers = request.headers();
        let url_encoded = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if request.method() != Method::POST
            || !url_encoded
            || crate::csrf::token_of(headers).is_none()
        {
            return None;
        }
        let path = request.uri().path().to_owned();
        // A body that cannot be read whole (larger than the CSRF layer lets
        // through, or cut off) cannot be carried: the user gets the plain login.
        let bytes = match to_bytes(request.into_body(), MAX_FORM_BYTES).await {
            Ok(bytes) => bytes,
            Err(error) => {
                tracing::warn!(%error, "a form sent after the session ended could not be read");
                return None;
            }
        };
        let form = String::from_utf8(bytes.to_vec()).ok()?;
        Resume::checked(path, form, owner)
    }

    /// The interrupted form as the login form sent it back, if well formed.
    pub fn from_login(
        path: Option<String>,
        form: Option<String>,
        owner: Option<String>,
    ) -> Option<Resume> {
        Resume::checked(path?, form.unwrap_or_default(), owner?)
    }

    /// Whose form it is; the login offers it back to that user only.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Whether `username` (who just logged in) is the form's owner.
    pub fn belongs_to(&self, username: &str) -> bool {
        self.owner.eq_ignore_ascii_case(username.trim())
    }

    fn checked(path: String, form: String, owner: String) -> Option<Resume> {
        let local = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\');
        let not_session = !matches!(path.as_str(), "/login" | "/logout");
        (local
            && not_session
            && !path.starts_with("/api/")
            && path.len() <= MAX_PATH_BYTES
            && form.len() <= MAX_FORM_BYTES)
            .then_some(Resume { path, form, owner })
    }

    /// The hidden fields of the login form that carry the post.
    pub fn hidden_fields(&self) -> Markup {
        html! {
            input type="hidden" name=(PATH_FIELD) value=(self.path);
            input type="hidden" name=(FORM_FIELD) value=(self.form);
            input type="hidden" name=(OWNER_FIELD) value=(self.owner);
        }
    }

    /// A case step's form: shown again filled in rather than sent again.
    fn is_case_step(&self) -> bool {
        let parts: Vec<&str> = self.path.split('/').collect();
        matches!(parts.as_slice(), ["", "cases", number, "actions", action] if !number.is_empty() && !action.is_empty())
    }

    /// What was typed, without the old session's token or an answer to a
    /// confirmation screen.
    fn values(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.form.as_bytes())
            .filter(|(k, _)| k != crate::csrf::FIELD && k != super::actions::confirm::FIELD)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The page after logging in again: the form, with the new session's
    /// token, to open filled in or to send again.
    pub fn page(&self, page: &PublicPage, csrf: &str) -> Markup {
        let lang: Lang = page.lang;
        let case_step = self.is_case_step();
        public_page(
            page,
            &lang.t("resume-title"),
            html! {
                section.card #resume {
                    p { (lang.t(if case_step { "resume-case-step" } else { "resume-other" })) }
                    form method="post" action=(self.path) {
                        input type="hidden" name=(crate::csrf::FIELD) value=(csrf);
                        @for (name, value) in self.values() {
                            input type="hidden" name=(name) value=(value);
                        }
                        @if case_step {
                            input type="hidden" name=(super::actions::confirm::FIELD) value="back";
                        }
                        div.buttons {
                            button type="submit" { (lang.t(if case_step { "resume-open" } else { "resume-send" })) }
                            a href="/" { (lang.t("resume-skip")) }
                        }
                    }
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_local_page_path_is_resumed() {
        let resume = |path: &str| {
            Resume::from_login(Some(path.into()), Some("a=1".into()), Some("lan".into()))
        };
        assert!(resume("/cases/HNI-2026-000001/actions/close").is_some());
        for refused in [
            "//evil.example/x",
            "https://evil.example",
            "/login",
            "/logout",
            "/api/v1/cases",
            "\\\\evil",
            "/a\\b",
        ] {
            assert_eq!(resume(refused), None, "{refused}");
        }
        assert_eq!(
            Resume::from_login(None, Some("a=1".into()), Some("lan".into())),
            None
        );
        // Without its owner, no form is carried; with one, only to that user.
        assert_eq!(
            Resume::from_login(Some("/cases/new".into()), Some("a=1".into()), None),
            None
        );
        let owned = resume("/cases/new").unwrap();
        assert!(owned.belongs_to("lan") && owned.belongs_to("LAN"));
        assert!(!owned.belongs_to("police"));
        let long = "x".repeat(MAX_FORM_BYTES + 1);
        assert_eq!(
            Resume::from_login(Some("/cases/new".into()), Some(long), Some("lan".into())),
            None
        );
    }

    #[test]
    fn a_case_step_comes_back_as_its_form_without_the_old_token() {
        let step = Resume::from_login(
            Some("/cases/HNI-2026-000001/actions/close".into()),
            Some("csrf=old&version=3&reason=moved_away&confirmed=yes".into()),
            Some("lan".into()),
        )
        .unwrap();
        assert!(step.is_case_step());
        assert_eq!(
            step.values(),
            vec![
                ("version".to_string(), "3".to_string()),
                ("reason".into(), "moved_away".into())
            ]
        );
        let reception = Resume::from_login(
            Some("/cases/new".into()),
            Some(String::new()),
            Some("lan".into()),
        )
        .unwrap();
        assert!(!reception.is_case_step());
    }
}
