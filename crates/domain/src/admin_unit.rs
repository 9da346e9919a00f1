//! Administrative units of two generations: the legacy three-level set
//! (province, district, commune; until 30 June 2025) and the two-level set in
//! force from 1 July 2025 (province, commune).
//!
//! A unit's id is its path of GSO codes under its generation, e.g.
//! `legacy/01/001/00001` or `2025/01/00097`, so "every unit under this one" is a
//! prefix match and the id alone says which generation a record used.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Generation {
    Legacy,
    #[serde(rename = "2025")]
    Current2025,
}

impl Generation {
    pub fn code(self) -> &'static str {
        match self {
            Generation::Legacy => "legacy",
            Generation::Current2025 => "2025",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Province,
    District,
    Commune,
}

/// The generation a unit id belongs to, or `None` for a malformed id.
pub fn generation_of(unit_id: &str) -> Option<Generation> {
    match unit_id.split('/').next() {
        Some("legacy") => Some(Generation::Legacy),
        Some("2025") => Some(Generation::Current2025),
        _ => None,
    }
}

/// True when `unit_id` is `ancestor_id` or lies under it.
pub fn is_within(unit_id: &str, ancestor_id: &str) -> bool {
    unit_id == ancestor_id
        || unit_id
            .strip_prefix(ancestor_id)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_read_from_the_id() {
        assert_eq!(
            generation_of("legacy/01/001/00001"),
            Some(Generation::Legacy)
        );
        assert_eq!(
            generation_of("2025/01/00097"),
            Some(Generation::Current2025)
        );
        assert_eq!(generation_of("1991/01"), None);
    }

    #[test]
    fn within_matches_whole_path_segments_only() {
        assert!(is_within("2025/01/00097", "2025/01"));
        assert!(is_within("2025/01", "2025/01"));
        assert!(!is_within("2025/011/00097", "2025/01"));
        assert!(!is_within("2025/01", "2025/01/00097"));
    }
}
