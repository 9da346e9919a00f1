//! Why the domain refused a command: a stable code and a sentence in each language.

use crate::validation::{Violation, Violations};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub code: &'static str,
    /// The input field at fault, when one is.
    pub field: Option<&'static str>,
    pub message_vi: String,
    pub message_en: String,
}

impl Rejection {
    pub fn new(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            code,
            field: None,
            message_vi: vi.into(),
            message_en: en.into(),
        }
    }

    pub fn on_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }

    pub fn closed() -> Self {
        Self::new(
            "case_not_active",
            "Hồ sơ đã đóng hoặc đã trao trả; hãy mở lại trước khi ghi thêm.",
            "The case is closed or handed back; reopen it before recording more.",
        )
    }
}

impl From<Rejection> for Violations {
    fn from(r: Rejection) -> Self {
        Violations(vec![Violation::new(
            r.field.unwrap_or("command"),
            r.code,
            r.message_vi,
            r.message_en,
        )])
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message_en)
    }
}

impl std::error::Error for Rejection {}
