//! What may be attached: a size limit and a list of file types, checked
//! against the content itself, not only against what the uploader claims.

use haven_domain::{Violation, Violations};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttachmentLimits {
    pub max_bytes: u64,
    /// Media types accepted: decisions and records are scans (PDF, photos),
    /// office documents, plain text, and recorded statements.
    pub allowed_types: Vec<String>,
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            allowed_types: [
                "application/pdf",
                "image/jpeg",
                "image/png",
                "image/webp",
                "image/heif",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.oasis.opendocument.text",
                "application/vnd.oasis.opendocument.spreadsheet",
                "text/plain",
                "audio/mpeg",
                "audio/m4a",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

pub const MAX_FILE_NAME_CHARS: usize = 200;

impl AttachmentLimits {
    /// The media type the content really has, when it is allowed.
    pub fn check(&self, file_name: &str, content: &[u8]) -> Result<String, Violations> {
        let mut v = Violations::default();
        let name = file_name.trim();
        if name.is_empty() {
            v.push(Violation::new(
                "file_name",
                "required",
                "Tệp cần có tên.",
                "The file needs a name.",
            ));
        } else if name.chars().count() > MAX_FILE_NAME_CHARS
            || name
                .chars()
                .any(|c| c.is_control() || c == '/' || c == '\\')
        {
            v.push(Violation::new(
                "file_name",
                "file_name",
                "Tên tệp quá dài hoặc có ký tự không hợp lệ.",
                "The file name is too long or has characters that are not allowed.",
            ));
        }
        if content.is_empty() {
            v.push(Violation::new(
                "file",
                "required",
                "Tệp rỗng.",
                "The file is empty.",
            ));
        } else if content.len() as u64 > self.max_bytes {
            v.push(Violation::new(
                "file",
                "max_size",
                format!(
                    "Tệp lớn hơn giới hạn {} MB.",
                    self.max_bytes / (1024 * 1024)
                ),
                format!(
                    "The file is larger than the {} MB limit.",
                    self.max_bytes / (1024 * 1024)
                ),
            ));
        }
        let media_type = sniff(content);
        if !content.is_empty() && !self.allowed_types.contains(&media_type) {
            v.push(Violation::new(
                "file",
                "file_type",
                "Loại tệp này không được phép đính kèm (cho phép: PDF, ảnh, văn bản, bảng tính, ghi âm).",
                "This type of file may not be attached (allowed: PDF, images, documents, spreadsheets, audio).",
            ));
        }
        v.into_result()?;
        Ok(media_type)
    }
}

/// The type by the file's leading bytes; text is what is valid UTF-8 without
/// control characters other than line breaks and tabs.
fn sniff(content: &[u8]) -> String {
    if let Some(kind) = infer::get(content) {
        return kind.mime_type().to_owned();
    }
    match std::str::from_utf8(content) {
        Ok(text)
            if !text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
        {
            "text/plain".into()
        }
        _ => "application/octet-stream".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_type_not_the_name() {
        let limits = AttachmentLimits::default();
        assert_eq!(
            limits.check("quyet-dinh.pdf", b"%PDF-1.7\n...").unwrap(),
            "application/pdf"
        );
        assert_eq!(
            limits
                .check("ghi-chu.txt", "Biên bản bàn giao".as_bytes())
                .unwrap(),
            "text/plain"
        );
        let refused = limits
            .check("anh.jpg", b"MZ\x90\x00\x03\x00\x00\x00")
            .unwrap_err();
        assert_eq!(refused.0[0].rule, "file_type");
    }

    #[test]
    fn size_and_name_are_limited() {
        let limits = AttachmentLimits {
            max_bytes: 4,
            ..AttachmentLimits::default()
        };
        let refused = limits.check("a/b.txt", b"hello").unwrap_err();
        let rules: Vec<_> = refused.0.iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["file_name", "max_size"]);
        assert_eq!(limits.check(" ", b"").unwrap_err().0.len(), 2);
    }
}
