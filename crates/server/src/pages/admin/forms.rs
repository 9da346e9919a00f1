//! Pieces the administration forms share: a labelled control with its
//! error, and the violations no control of the form shows.

use super::super::violation_text;
use crate::i18n::Lang;
use haven_domain::Violation;
use maud::{html, Markup};

/// A label, the control, and the error of its field if any.
pub fn labelled(
    lang: Lang,
    id: &str,
    label_key: &str,
    required: bool,
    control: Markup,
    error: Option<&Violation>,
) -> Markup {
    html! {
        label for=(id) {
            (lang.t(label_key))
            @if required { " " abbr title=(lang.t("form-required")) { "*" } }
        }
        (control)
        @if let Some(v) = error { p.field-error id={ (id) "-error" } { (violation_text(lang, v)) } }
    }
}

/// The violation of `field`, if any.
pub fn error_of<'a>(violations: &'a [Violation], field: &str) -> Option<&'a Violation> {
    violations.iter().find(|v| v.field == field)
}

/// Violations of fields the form does not show, on top of it.
pub fn other_errors(lang: Lang, violations: &[Violation], shown: &[&str]) -> Markup {
    html! {
        @for v in violations.iter().filter(|v| !shown.contains(&v.field.as_str())) {
            p.field-error role="alert" { (violation_text(lang, v)) }
        }
    }
}

/// An error a form can show next to its fields (invalid input, a name
/// already taken, a stale version, one's own account), or the error as it
/// is when it is about the page itself (forbidden, not found).
pub fn as_violations(
    error: crate::error::ApiError,
) -> Result<Vec<Violation>, crate::error::ApiError> {
    use axum::http::StatusCode;
    if !error.body.violations.is_empty() {
        return Ok(error.body.violations);
    }
    if matches!(
        error.status,
        StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY
    ) {
        let body = error.body;
        return Ok(vec![Violation::new(
            body.field.unwrap_or_else(|| "form".into()),
            body.code,
            body.message_vi,
            body.message_en,
        )]);
    }
    Err(error)
}

/// A form field's value, trimmed; empty when absent.
pub fn value<'a>(values: &'a [(String, String)], name: &str) -> &'a str {
    values
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}
