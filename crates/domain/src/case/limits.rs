//! Hard limits on what a request may record, beyond the journey's rules:
//! bounds that keep typing errors (a reception in year 1, an amount of
//! 9,223,372,036,854,775,807 đồng) out of the records and the statistics.

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

/// Refuses a step (as JSON) holding a text longer than [`MAX_TEXT_CHARS`],
/// naming its field (`text`, `means_of_control[2]`): every string field of a
/// step is bounded, including any added later.
pub fn check_text_lengths(value: &serde_json::Value) -> Result<(), crate::Violations> {
    match overlong_text(value) {
        None => Ok(()),
        Some(field) => Err(crate::Violations(vec![crate::Violation::new(
            field,
            "max_length",
            format!("Nội dung quá dài: tối đa {MAX_TEXT_CHARS} ký tự."),
            format!("The text is too long: at most {MAX_TEXT_CHARS} characters."),
        )])),
    }
}

fn overlong_text(value: &serde_json::Value) -> Option<String> {
    fn walk(value: &serde_json::Value, path: &str) -> Option<String> {
        match value {
            serde_json::Value::String(text) if text.chars().count() > MAX_TEXT_CHARS => {
                Some(path.to_owned())
            }
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| walk(item, &format!("{path}[{i}]"))),
            serde_json::Value::Object(fields) => fields.iter().find_map(|(name, field)| {
                let inner = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                walk(field, &inner)
            }),
            serde_json::Value::Null
            | serde_json::Value::Bool(_)
            | serde_json::Value::Number(_)
            | serde_json::Value::String(_) => None,
        }
    }
    walk(value, "")
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
        let refused = check_text_lengths(&step).unwrap_err();
        assert_eq!(
            refused.0.first().map(|v| v.field.as_str()),
            Some("items[1]")
        );
        let fits = serde_json::json!({"text": "ă".repeat(MAX_TEXT_CHARS)});
        assert!(check_text_lengths(&fits).is_ok(), "characters, not bytes");
    }
}
