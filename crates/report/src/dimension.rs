//! The ways a count is broken down: the person's (sex, age group,
//! ethnicity, home province), the trafficking's (purpose, destination), the
//! reception's (return channel), the event's own (service type, funding,
//! protection measure, proceedings stage), and where the case is held
//! (today's province, or the legacy province of an old record).

use crate::catalogue::Catalogue;
use crate::facts::CaseFacts;
use crate::measure::Contribution;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Sex,
    AgeGroup,
    Ethnicity,
    /// A person trafficked for several purposes counts under each.
    Purpose,
    DestinationCountry,
    HomeProvince,
    ChannelGroup,
    ServiceType,
    FundingSource,
    ProtectionMeasure,
    ProceedingsStage,
    /// Today's province (34) holding the case.
    Province,
    /// Today's commune of the place of reception within that province
    /// (`01/00070`); `unknown` where none was recorded.
    Commune,
    /// The legacy province (63) of a record made before July 2025; later
    /// records show under today's province code, prefixed `2025/`.
    LegacyProvince,
}

impl Dimension {
    /// Categories that belong to the event counted, not to the case.
    pub fn is_event(self) -> bool {
        matches!(
            self,
            Dimension::ServiceType
                | Dimension::FundingSource
                | Dimension::ProtectionMeasure
                | Dimension::ProceedingsStage
        )
    }

    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The categories a contribution counts under (several for purposes).
    pub fn keys(
        self,
        facts: &CaseFacts,
        contribution: &Contribution,
        catalogue: &Catalogue,
    ) -> Vec<String> {
        let or_unknown =
            |value: Option<&String>| value.cloned().unwrap_or_else(|| "unknown".into());
        match self {
            Dimension::Sex => vec![facts.sex.clone()],
            Dimension::AgeGroup => vec![catalogue.age_band(facts.age)],
            Dimension::Ethnicity => vec![or_unknown(facts.ethnicity.as_ref())],
            Dimension::Purpose if facts.purposes.is_empty() => vec!["unknown".into()],
            Dimension::Purpose => facts.purposes.clone(),
            Dimension::DestinationCountry => vec![or_unknown(facts.destination_country.as_ref())],
            Dimension::HomeProvince => vec![or_unknown(facts.home_province.as_ref())],
            Dimension::ChannelGroup => vec![catalogue.channel_group(&facts.channel)],
            Dimension::Province => vec![facts.province.clone()],
            Dimension::Commune => vec![or_unknown(facts.commune.as_ref())],
            Dimension::LegacyProvince => vec![match &facts.legacy_province {
                Some(legacy) => legacy.clone(),
                None => format!("2025/{}", facts.province),
            }],
            event @ Dimension::ServiceType
            | event @ Dimension::FundingSource
            | event @ Dimension::ProtectionMeasure
            | event @ Dimension::ProceedingsStage => vec![contribution
                .events
                .iter()
                .find(|(d, _)| *d == event)
                .map(|(_, key)| key.clone())
                .unwrap_or_else(|| "unknown".into())],
        }
    }

    /// Categories always shown, in their order, even when empty (the rest
    /// appear as found, sorted).
    pub fn fixed_keys(self, catalogue: &Catalogue) -> Vec<String> {
        match self {
            Dimension::Sex => vec!["female".into(), "male".into(), "unknown".into()],
            Dimension::AgeGroup => catalogue.age_band_keys(),
            Dimension::ChannelGroup => {
                let mut keys: Vec<String> = catalogue.channel_groups.keys().cloned().collect();
                if !keys.iter().any(|k| k == "other") {
                    keys.push("other".into());
                }
                keys
            }
            Dimension::ProceedingsStage => [
                "prosecution",
                "investigation",
                "indictment",
                "trial",
                "enforcement",
            ]
            .map(String::from)
            .to_vec(),
            Dimension::Ethnicity
            | Dimension::Purpose
            | Dimension::DestinationCountry
            | Dimension::HomeProvince
            | Dimension::ServiceType
            | Dimension::FundingSource
            | Dimension::ProtectionMeasure
            | Dimension::Province
            | Dimension::Commune
            | Dimension::LegacyProvince => Vec::new(),
        }
    }
}
