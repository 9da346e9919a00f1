//! Hard limits on what a request may record, beyond the journey's rules:
//! bounds that keep typing errors (a reception in year 1, an amount of
//! 9,223,372,036,854,775,807 đồng) out of the records and the statistics.

use crate::validation::is_not_text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputLimits {
    /// Receptions dated before this day are refused as typing errors.
    pub earliest_reception: NaiveDate,
    /// The largest amount one service may record, in đồng.
    pub max_service_amount_vnd: i64,
}

/// Items a person's lists may hold (names, papers, relatives, languages).
pub const MAX_LIST_ITEMS: usize = 20;
/// Relatives to protect a person may have recorded.
pub const MAX_RELATIVES: usize = 50;
/// Oldest plausible age, in years.
pub const MAX_AGE: u32 = 120;
/// The longest text one field of a step may hold (a note, a reason, a
/// description), in characters: about five typed pages.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// Refuses a step or a person (as JSON) holding a text longer than
/// [`MAX_TEXT_CHARS`] or a character that is not text (a NUL, a control
/// character, or a direction override that makes a name display as another),
/// naming its field (`text`, `means_of_control[2]`): every string field is
/// checked, including any added later.
pub fn check_texts(value: &serde_json::Value) -> Result<(), crate::Violations> {
    match first_bad_text(value, "") {
        None => Ok(()),
        Some((field, TextProblem::TooLong)) => Err(crate::Violations(vec![crate::Violation::new(
            field,
            "max_length",
            format!("Nội dung quá dài: tối đa {MAX_TEXT_CHARS} ký tự."),
            format!("The text is too long: at most {MAX_TEXT_CHARS} characters."),
        )])),
        Some((field, TextProblem::NotText)) => Err(crate::Violations(vec![crate::Violation::new(
            field,
            "plain_text",
            "Nội dung có ký tự điều khiển hoặc ký tự đảo chiều hiển thị; hãy nhập lại bằng chữ thường.",
            "The text holds a control or direction-override character; type it again as plain text.",
        )])),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextProblem {
    TooLong,
    NotText,
}

fn first_bad_text(value: &serde_json::Value, path: &str) -> Option<(String, TextProblem)> {
    match value {
        serde_json::Value::String(text) if text.chars().any(is_not_text) => {
            Some((path.to_owned(), TextProblem::NotText))
        }
        serde_json::Value::String(text) if text.chars().count() > MAX_TEXT_CHARS => {
            Some((path.to_owned(), TextProblem::TooLong))
        }
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| first_bad_text(item, &format!("{path}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(name, field)| {
            let inner = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            first_bad_text(field, &inner)
        }),
        serde_json::Value::Null
        | serde_json::Value::Bool(_)
        | serde_json::Value::Number(_)
        | serde_json::Value::String(_) => None,
    }
}

impl Default for InputLimits {
    fn default() -> Self {
        Self {
            earliest_reception: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN),
            // One billion đồng: far above any support the law gives one person at once.
            max_service_amount_vnd: 1_000_000_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_field_is_bounded_and_named() {
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        let step = serde_json::json!({"command": "x", "items": ["ok", long], "text": "ngắn"});
        let refused = check_texts(&step).unwrap_err();
        assert_eq!(
            refused.0.first().map(|v| v.field.as_str()),
            Some("items[1]")
        );
        let fits = serde_json::json!({"text": "ă".repeat(MAX_TEXT_CHARS)});
        assert!(check_texts(&fits).is_ok(), "characters, not bytes");
        for bad in ["Hoa\u{0}", "Hoa\u{202E}ooH", "\u{2066}x"] {
            let refused =
                check_texts(&serde_json::json!({"person": {"full_name": bad}})).unwrap_err();
            assert_eq!(
                refused.0.first().map(|v| (v.field.as_str(), v.rule)),
                Some(("person.full_name", "plain_text"))
            );
        }
        assert!(check_texts(&serde_json::json!({"text": "dòng 1\ndòng 2\tcột"})).is_ok());
    }
}
