//! What a unit or an agency writes beside its figures, in the four parts
//! the seeds' reports ask for: results achieved, limitations and their
//! causes, difficulties, and proposals. One type for the area's report and
//! the member agencies' reports, so both are written and checked alike.

use haven_domain::{Violation, Violations};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    /// Kết quả đạt được.
    #[serde(default)]
    pub results: String,
    /// Hạn chế và nguyên nhân.
    #[serde(default)]
    pub limitations: String,
    /// Khó khăn, vướng mắc.
    #[serde(default)]
    pub difficulties: String,
    /// Đề xuất, kiến nghị.
    #[serde(default)]
    pub proposals: String,
}

const MAX_TEXT: usize = 20_000;

/// A part of the narrative: its field, and its heading in Vietnamese and English.
pub struct Part {
    pub field: &'static str,
    pub heading_vi: &'static str,
    pub heading_en: &'static str,
}

pub const PARTS: [Part; 4] = [
    Part {
        field: "results",
        heading_vi: "Kết quả đạt được",
        heading_en: "Results achieved",
    },
    Part {
        field: "limitations",
        heading_vi: "Hạn chế và nguyên nhân",
        heading_en: "Limitations and their causes",
    },
    Part {
        field: "difficulties",
        heading_vi: "Khó khăn, vướng mắc",
        heading_en: "Difficulties",
    },
    Part {
        field: "proposals",
        heading_vi: "Đề xuất, kiến nghị",
        heading_en: "Proposals",
    },
];

impl Narrative {
    /// Each part with its heading, in the order of the seeds' reports.
    pub fn parts(&self) -> [(&'static Part, &str); 4] {
        let Narrative {
            results,
            limitations,
            difficulties,
            proposals,
        } = self;
        let [r, l, d, p] = &PARTS;
        [
            (r, results.as_str()),
            (l, limitations.as_str()),
            (d, difficulties.as_str()),
            (p, proposals.as_str()),
        ]
    }

    /// The same text, each part trimmed.
    pub fn trimmed(&self) -> Narrative {
        Narrative {
            results: self.results.trim().to_owned(),
            limitations: self.limitations.trim().to_owned(),
            difficulties: self.difficulties.trim().to_owned(),
            proposals: self.proposals.trim().to_owned(),
        }
    }

    /// Whether nothing is written in any part.
    pub fn is_blank(&self) -> bool {
        self.parts().iter().all(|(_, text)| text.trim().is_empty())
    }

    /// Every part within its length; to submit, every part written.
    pub fn check(&self, submitting: bool) -> Result<(), Violations> {
        let mut v = Violations::default();
        for (part, text) in self.parts() {
            if text.chars().count() > MAX_TEXT {
                v.push(Violation::new(
                    part.field,
                    "max_length",
                    format!("«{}» dài quá {MAX_TEXT} ký tự.", part.heading_vi),
                    format!(
                        "“{}” is longer than {MAX_TEXT} characters.",
                        part.heading_en
                    ),
                ));
                continue;
            }
            let found = v.0.len();
            v.plain_text(part.field, text);
            if v.0.len() > found {
                continue;
            }
            if submitting && text.trim().is_empty() {
                v.push(Violation::new(
                    part.field,
                    "required_to_submit",
                    format!(
                        "Cần ghi «{}» trước khi gửi báo cáo (ghi \"Không có\" nếu không có).",
                        part.heading_vi
                    ),
                    format!(
                        "“{}” is required before the report is submitted (write \"None\" if there is nothing).",
                        part.heading_en
                    ),
                ));
            }
        }
        v.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_is_written_before_the_report_goes_up_and_none_is_too_long() {
        let narrative = Narrative {
            results: "Đã tiếp nhận 12 trường hợp".into(),
            limitations: " ".into(),
            difficulties: "Không có".into(),
            proposals: String::new(),
        };
        assert!(narrative.check(false).is_ok());
        let refused = narrative.check(true).unwrap_err();
        let fields: Vec<&str> = refused.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["limitations", "proposals"]);
        assert!(refused.0[0].message_vi.contains("Hạn chế và nguyên nhân"));
        assert!(refused.0[0].message_en.contains("Limitations"));
        let long = Narrative {
            results: "x".repeat(MAX_TEXT + 1),
            ..narrative
        };
        let refused = long.check(false).unwrap_err();
        assert_eq!(refused.0[0].field, "results");
        assert_eq!(refused.0[0].rule, "max_length");
        assert!(Narrative::default().is_blank());
        let reversed = Narrative {
            results: "Kết quả\u{202E}đảo".into(),
            limitations: "Dòng 1\nDòng 2\tcột".into(),
            ..Narrative::default()
        };
        let refused = reversed.check(false).unwrap_err();
        let rules: Vec<(&str, &str)> = refused
            .0
            .iter()
            .map(|x| (x.field.as_str(), x.rule))
            .collect();
        assert_eq!(
            rules,
            [("results", "plain_text")],
            "line breaks and tabs are text"
        );
        assert!(!long.is_blank());
    }
}
