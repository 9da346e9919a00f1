//! Request extractors whose rejections are Haven's JSON errors, so bad JSON
//! gets a 400 with a stable code and both languages instead of plain text.

use crate::error::ApiError;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        // The rejection text names the JSON problem, the field and the position;
        // the values serde quotes in it are cut out, so nothing typed is echoed.
        let detail = without_values(&rejection.body_text());
        // JsonRejection is non-exhaustive: whatever axum adds is a bad body.
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Nội dung yêu cầu quá lớn.",
                "The request body is too large.",
            )
        } else if let JsonRejection::MissingJsonContentType(_) = rejection {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Yêu cầu phải có Content-Type: application/json.",
                "The request needs Content-Type: application/json.",
            )
        } else {
            malformed("bad_json", "Nội dung JSON", "The JSON body", &detail)
        }
    }
}

/// A path parameter of the wrong form (e.g. a letter where a number goes) is a 400 in JSON.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        let detail = without_values(&rejection.body_text());
        malformed("bad_path", "Đường dẫn", "The path", &detail)
    }
}

/// A query parameter of the wrong form (e.g. `limit=abc`) is a 400 in JSON.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        let detail = without_values(&rejection.body_text());
        malformed("bad_query", "Tham số truy vấn", "The query", &detail)
    }
}

/// A 400 naming the field at fault when the parser says which (`offset`,
/// `command.text`), with the rule `well_formed`: the Vietnamese text says
/// where, the English one adds the parser's words (values cut out).
fn malformed(code: &'static str, what_vi: &str, what_en: &str, detail: &str) -> ApiError {
    let field = field_of(detail);
    let (vi, en) = match &field {
        Some(field) => (
            format!("{what_vi} không hợp lệ ở trường «{field}» (sai kiểu hoặc sai dạng)."),
            format!("{what_en} is not valid at “{field}”: {detail}"),
        ),
        None => (
            format!("{what_vi} không hợp lệ (sai cú pháp, sai kiểu hoặc sai dạng)."),
            format!("{what_en} is not valid: {detail}"),
        ),
    };
    let mut error = ApiError::new(StatusCode::BAD_REQUEST, code, vi.clone(), en.clone());
    if let Some(field) = field {
        error.body.violations = vec![haven_domain::Violation::new(
            field.clone(),
            "well_formed",
            vi,
            en,
        )];
        error.body.field = Some(field);
    }
    error
}

/// The field a parser's message names: `…: offset: invalid digit…` → `offset`;
/// a missing field inside a tagged command (whose parser reports only the
/// command's own path) is named in full: `command.reason`.
fn field_of(detail: &str) -> Option<String> {
    let (_, rest) = detail.split_once(": ")?;
    let (path, message) = rest.split_once(": ")?;
    let is_path = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
    if !is_path {
        return None;
    }
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name)
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'));
    Some(match missing {
        Some(name) if !path.ends_with(name) => format!("{path}.{name}"),
        Some(_) | None => path.to_owned(),
    })
}

/// The parser names an unknown field by its path (`person.Nguyễn Thị: unknown
/// field`): that last key was typed by the sender, and is cut like a value.
fn without_unknown_key(text: &str) -> String {
    let Some(at) = text.find(": unknown field") else {
        return text.to_owned();
    };
    let (head, tail) = text.split_at(at);
    let start = head.rfind(": ").map_or(0, |i| i + 2);
    let (before, path) = head.split_at(start);
    let kept = path.rfind('.').map_or("", |i| path.split_at(i + 1).0);
    format!("{before}{kept}…{tail}")
}

/// A rejection's text without the values it quotes (between backticks or
/// double quotes): what was wrong and where, not what was sent.
pub(crate) fn without_values(text: &str) -> String {
    let text = without_unknown_key(text);
    let mut out = String::with_capacity(text.len());
    // (the quote that opened, whether what it quotes is a field's name)
    let mut quote: Option<(char, bool)> = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '`' | '"') => {
                // serde names a missing field as "missing field `x`": a name
                // of Haven's own is kept; an unknown field's name was typed
                // by the sender, and is cut like any value.
                let names_field = out.ends_with("missing field ");
                quote = Some((c, names_field));
                out.push(if names_field { c } else { '…' });
            }
            (Some((open, names_field)), c) if c == open => {
                quote = None;
                if names_field {
                    out.push(c);
                }
            }
            (Some((_, true)), c) => out.push(c),
            (Some((_, false)), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_values_are_cut_out() {
        let text =
            "command: unknown variant `Nguyễn Thị Hoa`, expected `add_note` at line 1 column 9";
        let cleaned = super::without_values(text);
        assert_eq!(
            cleaned,
            "command: unknown variant …, expected … at line 1 column 9"
        );
        assert!(!super::without_values("invalid type: string \"001199000001\"").contains("0011"));
        assert_eq!(
            super::without_values("missing field `password`"),
            "missing field `password`"
        );
        assert!(
            !super::without_values("unknown field `Giả Lập Secret`, expected `version`")
                .contains("Secret")
        );
        assert_eq!(
            super::without_values(
                "type: person.Giả Lập Bí Mật: unknown field `Giả Lập Bí Mật`, expected `x`"
            ),
            "type: person.…: unknown field …, expected …"
        );
        assert_eq!(
            super::field_of(
                "Failed to deserialize query string: offset: invalid digit found in string"
            ),
            Some("offset".to_owned())
        );
        assert_eq!(
            super::field_of(
                "Failed to parse the request body as JSON: EOF while parsing at line 1 column 3"
            ),
            None
        );
        assert_eq!(
            super::field_of(
                "Failed to deserialize the JSON body into the target type: command: missing field `reason` at line 1 column 80"
            ),
            Some("command.reason".to_owned())
        );
    }
}
