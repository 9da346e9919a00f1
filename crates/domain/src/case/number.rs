//! Human-readable case numbers, unique per province and year: `HNI-2025-000123`.

/// Three-letter codes of the 34 provinces in force from 1 July 2025, by GSO code.
const PROVINCE_CODES: [(&str, &str); 34] = [
    ("01", "HNI"),
    ("04", "CBG"),
    ("08", "TQG"),
    ("11", "DBN"),
    ("12", "LCU"),
    ("14", "SLA"),
    ("15", "LCI"),
    ("19", "TNN"),
    ("20", "LSN"),
    ("22", "QNH"),
    ("24", "BNH"),
    ("25", "PTO"),
    ("31", "HPG"),
    ("33", "HYN"),
    ("37", "NBH"),
    ("38", "THA"),
    ("40", "NAN"),
    ("42", "HTH"),
    ("44", "QTI"),
    ("46", "HUE"),
    ("48", "DNG"),
    ("51", "QNI"),
    ("52", "GLI"),
    ("56", "KHA"),
    ("66", "DLK"),
    ("68", "LDG"),
    ("75", "DNI"),
    ("79", "HCM"),
    ("80", "TNH"),
    ("82", "DTP"),
    ("86", "VLG"),
    ("91", "AGG"),
    ("92", "CTO"),
    ("96", "CMU"),
];

/// The short code of a 2025 province; an unknown code keeps its digits (`P99`).
pub fn province_short_code(gso_code: &str) -> String {
    PROVINCE_CODES
        .iter()
        .find(|(code, _)| *code == gso_code)
        .map(|(_, short)| (*short).to_owned())
        .unwrap_or_else(|| format!("P{gso_code}"))
}

pub fn format_case_number(province_gso_code: &str, year: i32, seq: i64) -> String {
    format!("{}-{year}-{seq:06}", province_short_code(province_gso_code))
}

/// Whether `text` has the shape of a case number: three capital letters or
/// digits, the year, six digits (`HNI-2026-000123`).
pub fn is_case_number(text: &str) -> bool {
    let mut parts = text.split('-');
    let (Some(province), Some(year), Some(seq), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    province.len() == 3
        && province
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && seq.len() == 6
        && seq.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_number_has_the_registers_shape() {
        assert!(is_case_number(&format_case_number("01", 2026, 7)));
        assert!(is_case_number("P99-2026-000001"));
        for bad in [
            "hni-2026-000001",
            "HNI-26-000001",
            "HNI-2026-1",
            "HNI-2026-000001-2",
            "",
            "Nguyễn Thị A",
        ] {
            assert!(!is_case_number(bad), "{bad}");
        }
    }

    #[test]
    fn numbers_read_like_the_paper_registers() {
        assert_eq!(format_case_number("01", 2025, 123), "HNI-2025-000123");
        assert_eq!(format_case_number("99", 2026, 1), "P99-2026-000001");
        let mut shorts: Vec<&str> = PROVINCE_CODES.iter().map(|(_, s)| *s).collect();
        shorts.sort();
        shorts.dedup();
        assert_eq!(shorts.len(), 34, "short codes are unique");
    }
}
