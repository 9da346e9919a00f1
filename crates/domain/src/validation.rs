//! Validation errors that name the field and the rule, in Vietnamese and English.

use serde::Serialize;

/// One broken rule on one field. `field` and `rule` are stable identifiers a
/// program can match on; the two messages are for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Violation {
    pub field: String,
    pub rule: &'static str,
    pub message_vi: String,
    pub message_en: String,
}

impl Violation {
    pub fn new(
        field: impl Into<String>,
        rule: &'static str,
        message_vi: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            rule,
            message_vi: message_vi.into(),
            message_en: message_en.into(),
        }
    }

    pub fn required(field: &str) -> Self {
        Self::new(
            field,
            "required",
            format!("Trường «{field}» là bắt buộc."),
            format!("The field “{field}” is required."),
        )
    }

    pub fn too_long(field: &str, max: usize) -> Self {
        Self::new(
            field,
            "max_length",
            format!("Trường «{field}» dài quá {max} ký tự."),
            format!("The field “{field}” is longer than {max} characters."),
        )
    }

    pub fn unknown_code(field: &str, list: &str) -> Self {
        Self::new(
            field,
            "known_code",
            format!("Giá trị của «{field}» không có trong danh mục {list}."),
            format!("The value of “{field}” is not in the code list {list}."),
        )
    }
}

/// All the rules an input broke, so a form can show every error at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    pub fn push(&mut self, violation: Violation) {
        self.0.push(violation);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was broken, so validators can end with `violations.into_result()`.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// Checks a required free-text field: present after trimming and not too long.
    pub fn require_text(&mut self, field: &str, value: &str, max: usize) {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.push(Violation::required(field));
        } else if trimmed.chars().count() > max {
            self.push(Violation::too_long(field, max));
        } else {
            self.plain_text(field, value);
        }
    }

    /// Checks an optional free-text field is not too long.
    pub fn max_text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().chars().count() > max {
            self.push(Violation::too_long(field, max));
        } else {
            self.plain_text(field, value);
        }
    }

    /// Refuses a control or direction-override character (a name that
    /// displays as another).
    pub fn plain_text(&mut self, field: &str, value: &str) {
        if value.chars().any(is_not_text) {
            self.push(Violation::new(
                field,
                "plain_text",
                "Nội dung có ký tự điều khiển hoặc ký tự đảo chiều hiển thị; hãy nhập lại bằng chữ thường.",
                "The text holds a control or direction-override character; type it again as plain text.",
            ));
        }
    }

    /// Checks a list holds at most `max` items.
    pub fn max_items(&mut self, field: &str, count: usize, max: usize) {
        if count > max {
            self.push(Violation::new(
                field,
                "max_items",
                format!("«{field}» có tối đa {max} mục."),
                format!("“{field}” holds at most {max} items."),
            ));
        }
    }
}

impl std::fmt::Display for Violations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|v| format!("{} ({}): {}", v.field, v.rule, v.message_en))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for Violations {}

/// Characters no name, note or reason needs: controls other than line
/// breaks and tabs, and the bidirectional overrides and isolates.
pub fn is_not_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_text() {
        let mut v = Violations::default();
        v.require_text("display_name", "Nguyễn\u{202E}Hoa", 120);
        v.max_text("name", "ok\ttab", 120);
        assert_eq!(
            v.0.iter()
                .map(|x| (x.field.as_str(), x.rule))
                .collect::<Vec<_>>(),
            [("display_name", "plain_text")]
        );
    }

    #[test]
    fn require_text_reports_missing_and_overlong_fields() {
        let mut v = Violations::default();
        v.require_text("name", "   ", 10);
        v.require_text("code", "ABCDEFGHIJK", 10);
        v.require_text("ok", "fine", 10);
        let rules: Vec<(&str, &str)> = v.0.iter().map(|x| (x.field.as_str(), x.rule)).collect();
        assert_eq!(rules, vec![("name", "required"), ("code", "max_length")]);
        assert!(v.0[0].message_vi.contains("bắt buộc"));
        assert!(v.into_result().is_err());
    }

    #[test]
    fn too_long_counts_characters_not_bytes() {
        let mut v = Violations::default();
        // Ten Vietnamese letters are more than ten bytes but exactly ten characters.
        v.require_text("name", "Nguyễn Thị", 10);
        assert!(v.is_empty());
    }
}
