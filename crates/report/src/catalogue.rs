//! The indicator catalogue: names and definitions in both languages, the
//! measure each indicator counts, its breakdowns, the targets, age bands,
//! return channels and the suppression threshold. Configuration, read from
//! TOML (the built-in `catalogue.toml` unless a deployment supplies its own),
//! and checked when read: an unknown measure or breakdown is an error then,
//! never a wrong table later.

use crate::dimension::Dimension;
use crate::measure::Measure;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const BUILT_IN: &str = include_str!("../catalogue.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub suppression_threshold: u64,
    /// Ages at which each band starts, increasing, the first 0.
    pub age_bands: Vec<u32>,
    /// Return channel group → reception channel codes.
    pub channel_groups: BTreeMap<String, Vec<String>>,
    #[serde(rename = "indicator")]
    pub indicators: Vec<Indicator>,
    #[serde(rename = "target", default)]
    pub targets: Vec<Target>,
    /// When each report is due, per level and province.
    #[serde(default)]
    pub calendar: crate::calendar::ReportingCalendar,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    pub measure: Measure,
    pub name_vi: String,
    pub name_en: String,
    pub definition_vi: String,
    pub definition_en: String,
    pub breakdowns: Vec<Dimension>,
    /// Sums đồng rather than counting.
    #[serde(default)]
    pub amount: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub code: crate::targets::TargetKind,
    pub name_vi: String,
    pub name_en: String,
    pub definition_vi: String,
    pub definition_en: String,
    pub target_percent: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error(
        "the indicator catalogue is not valid TOML or names an unknown measure or breakdown: {0}"
    )]
    Syntax(#[from] toml::de::Error),
    #[error("the indicator catalogue is not consistent: {0}")]
    Inconsistent(String),
}

impl Catalogue {
    /// The same catalogue with only the `codes`' indicators, without their
    /// breakdowns and without the targets: what a dashboard's few totals
    /// need, computed in a fraction of a whole report's time. The totals
    /// and their suppression are the whole report's.
    pub fn totals_of(&self, codes: &[&str]) -> Catalogue {
        Catalogue {
            indicators: self
                .indicators
                .iter()
                .filter(|i| codes.contains(&i.code.as_str()))
                .map(|i| Indicator {
                    breakdowns: Vec::new(),
                    ..i.clone()
                })
                .collect(),
            targets: Vec::new(),
            ..self.clone()
        }
    }

    pub fn built_in() -> Catalogue {
        // The built-in file is compiled in and tested to parse (see the tests
        // below): a failure here is a defect of the build, found at start-up.
        #[allow(clippy::panic)]
        Catalogue::from_toml(BUILT_IN).unwrap_or_else(|e| panic!("built-in catalogue: {e}"))
    }

    pub fn from_toml(text: &str) -> Result<Catalogue, CatalogueError> {
        let catalogue: Catalogue = toml::from_str(text)?;
        catalogue.check()?;
        Ok(catalogue)
    }

    fn check(&self) -> Result<(), CatalogueError> {
        let bad = |why: String| Err(CatalogueError::Inconsistent(why));
        if self.suppression_threshold == 0 {
            return bad("the suppression threshold must be at least 1".into());
        }
        if self.age_bands.first() != Some(&0)
            || !self
                .age_bands
                .windows(2)
                .all(|w| matches!(w, [a, b] if a < b))
        {
            return bad("age bands must start at 0 and increase".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for indicator in &self.indicators {
            if !seen.insert(indicator.code.as_str()) {
                return bad(format!("indicator {} is defined twice", indicator.code));
            }
            if indicator.amount != indicator.measure.is_amount() {
                return bad(format!(
                    "indicator {}: `amount` must be {} for measure {:?}",
                    indicator.code,
                    indicator.measure.is_amount(),
                    indicator.measure
                ));
            }
            for dimension in &indicator.breakdowns {
                if dimension.is_event() && !indicator.measure.has_event(*dimension) {
                    return bad(format!(
                        "indicator {} cannot be broken down by {dimension:?}",
                        indicator.code
                    ));
                }
            }
        }
        self.calendar
            .check()
            .map_err(CatalogueError::Inconsistent)?;
        let mut channels = std::collections::BTreeSet::new();
        for codes in self.channel_groups.values() {
            for code in codes {
                if !channels.insert(code) {
                    return bad(format!("channel {code} is in two return channel groups"));
                }
            }
        }
        Ok(())
    }

    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The age band a person of `age` falls in: `0-15`, `16-17`, `18+`, or `unknown`.
    pub fn age_band(&self, age: Option<u32>) -> String {
        let Some(age) = age else {
            return "unknown".into();
        };
        let start = self
            .age_bands
            .iter()
            .rposition(|&from| from <= age)
            .unwrap_or(0);
        let from = self.age_bands.get(start).copied().unwrap_or(0);
        match self.age_bands.get(start + 1) {
            Some(next) => format!("{from}-{}", next.saturating_sub(1)),
            None => format!("{from}+"),
        }
    }

    /// Every age band, in order, then `unknown`.
    pub fn age_band_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .age_bands
            .iter()
            .map(|&from| self.age_band(Some(from)))
            .collect();
        keys.push("unknown".into());
        keys
    }

    pub fn channel_group(&self, channel: &str) -> String {
        self.channel_groups
            .iter()
            .find(|(_, codes)| codes.iter().any(|c| c == channel))
            .map(|(group, _)| group.clone())
            .unwrap_or_else(|| "other".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalogue_is_consistent_and_covers_every_measure() {
        let catalogue = Catalogue::built_in();
        for measure in Measure::ALL {
            assert!(
                catalogue.indicators.iter().any(|i| i.measure == measure),
                "{measure:?} has no indicator"
            );
        }
        assert_eq!(catalogue.targets.len(), 3);
        assert_eq!(catalogue.suppression_threshold, 5);
    }

    #[test]
    fn age_bands_separate_children_minors_and_adults() {
        let catalogue = Catalogue::built_in();
        assert_eq!(catalogue.age_band(Some(0)), "0-15");
        assert_eq!(catalogue.age_band(Some(15)), "0-15");
        assert_eq!(catalogue.age_band(Some(16)), "16-17");
        assert_eq!(catalogue.age_band(Some(17)), "16-17");
        assert_eq!(catalogue.age_band(Some(18)), "18+");
        assert_eq!(catalogue.age_band(None), "unknown");
        assert_eq!(
            catalogue.age_band_keys(),
            ["0-15", "16-17", "18+", "unknown"]
        );
        assert_eq!(
            catalogue.channel_group("border_gate_handover"),
            "official_handover"
        );
    }

    #[test]
    fn a_wrong_catalogue_is_refused_when_read() {
        let unknown_measure =
            BUILT_IN.replacen("measure = \"received\"", "measure = \"guesses\"", 1);
        assert!(Catalogue::from_toml(&unknown_measure).is_err());
        let bad_breakdown = BUILT_IN.replacen(
            "breakdowns = [\"protection_measure\"]",
            "breakdowns = [\"service_type\"]",
            1,
        );
        assert!(matches!(
            Catalogue::from_toml(&bad_breakdown),
            Err(CatalogueError::Inconsistent(_))
        ));
        let bad_bands = BUILT_IN.replacen("age_bands = [0, 16, 18]", "age_bands = [16, 0]", 1);
        assert!(Catalogue::from_toml(&bad_bands).is_err());
    }
}
