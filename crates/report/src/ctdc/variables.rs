//! The CTDC variables of one person, read from her case's facts: the
//! quasi-identifiers (which k-anonymity generalises) apart from the
//! attributes (the flags), so that nothing else can reach the file.

use crate::facts::CaseFacts;
use chrono::Datelike;
use haven_domain::case::command::Outcome;
use std::collections::HashMap;

/// Haven's codes as HTCDS names them: (code list, code) → HTCDS value.
#[derive(Debug, Clone, Default)]
pub struct HtcdsLookup(HashMap<(String, String), String>);

impl HtcdsLookup {
    pub fn new(rows: impl IntoIterator<Item = (String, String, String)>) -> HtcdsLookup {
        HtcdsLookup(
            rows.into_iter()
                .map(|(list, code, value)| ((list, code), value))
                .collect(),
        )
    }

    fn value(&self, list: &str, code: &str) -> Option<&str> {
        self.0
            .get(&(list.to_owned(), code.to_owned()))
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    Man,
    Woman,
}

impl Gender {
    pub fn label(self) -> &'static str {
        match self {
            Gender::Man => "Man",
            Gender::Woman => "Woman",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraffickMonths {
    UpToOneYear,
    UpToTwoYears,
    MoreThanTwoYears,
}

impl TraffickMonths {
    /// Whole months from the start to the end of the trafficking.
    pub fn of(months: u32) -> TraffickMonths {
        match months {
            0..=12 => TraffickMonths::UpToOneYear,
            13..=24 => TraffickMonths::UpToTwoYears,
            _ => TraffickMonths::MoreThanTwoYears,
        }
    }

    /// As CTDC writes it; the double hyphen keeps spreadsheets from reading a date.
    pub fn label(self) -> &'static str {
        match self {
            TraffickMonths::UpToOneYear => "0--12 (0-1 yr)",
            TraffickMonths::UpToTwoYears => "13--24 (1-2 yrs)",
            TraffickMonths::MoreThanTwoYears => "25+ (2+ yrs)",
        }
    }
}

/// The means of control CTDC counts, each a 0/1 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Means {
    DebtBondageEarnings,
    Threats,
    AbusePsyPhySex,
    FalsePromises,
    DrugsAlcohol,
    DenyBasicNeeds,
    ExcessiveWorkHours,
    WithholdDocs,
}

impl Means {
    pub const ALL: [Means; 8] = [
        Means::DebtBondageEarnings,
        Means::Threats,
        Means::AbusePsyPhySex,
        Means::FalsePromises,
        Means::DrugsAlcohol,
        Means::DenyBasicNeeds,
        Means::ExcessiveWorkHours,
        Means::WithholdDocs,
    ];

    pub fn column(self) -> &'static str {
        match self {
            Means::DebtBondageEarnings => "meansDebtBondageEarnings",
            Means::Threats => "meansThreats",
            Means::AbusePsyPhySex => "meansAbusePsyPhySex",
            Means::FalsePromises => "meansFalsePromises",
            Means::DrugsAlcohol => "meansDrugsAlcohol",
            Means::DenyBasicNeeds => "meansDenyBasicNeeds",
            Means::ExcessiveWorkHours => "meansExcessiveWorkHours",
            Means::WithholdDocs => "meansWithholdDocs",
        }
    }

    /// An HTCDS `MethodsOfControl` value's CTDC column; restricting
    /// movement and "other" have none (the group is known, the flags 0).
    fn of_htcds(value: &str) -> Option<Means> {
        match value {
            "DebtBondage" | "TakesEarnings" => Some(Means::DebtBondageEarnings),
            "Threats" | "ThreatOfLawEnforcement" => Some(Means::Threats),
            "PsychologicalAbuse" | "PhysicalAbuse" | "SexualAbuse" => Some(Means::AbusePsyPhySex),
            "FalsePromises" => Some(Means::FalsePromises),
            "PsychoactiveSubstances" => Some(Means::DrugsAlcohol),
            "WithholdsNecessities" => Some(Means::DenyBasicNeeds),
            "ExcessiveWorkingHours" => Some(Means::ExcessiveWorkHours),
            "WithholdsDocuments" => Some(Means::WithholdDocs),
            _ => None,
        }
    }
}

/// The types of exploitation, each a 0/1 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exploitation {
    ForcedLabour,
    SexualExploit,
    OtherExploit,
}

impl Exploitation {
    pub const ALL: [Exploitation; 3] = [
        Exploitation::ForcedLabour,
        Exploitation::SexualExploit,
        Exploitation::OtherExploit,
    ];

    pub fn column(self) -> &'static str {
        match self {
            Exploitation::ForcedLabour => "isForcedLabour",
            Exploitation::SexualExploit => "isSexualExploit",
            Exploitation::OtherExploit => "isOtherExploit",
        }
    }

    /// An HTCDS `TypeOfExploitation` value's column: anything but sexual
    /// exploitation and forced labour is "other".
    fn of_htcds(value: &str) -> Exploitation {
        match value {
            "SexualExploitation" => Exploitation::SexualExploit,
            "ForcedLabour" => Exploitation::ForcedLabour,
            _ => Exploitation::OtherExploit,
        }
    }
}

/// The recruiter's relation to the person, each a 0/1 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Recruiter {
    IntimatePartner,
    Friend,
    Family,
    Other,
}

impl Recruiter {
    pub const ALL: [Recruiter; 4] = [
        Recruiter::IntimatePartner,
        Recruiter::Friend,
        Recruiter::Family,
        Recruiter::Other,
    ];

    pub fn column(self) -> &'static str {
        match self {
            Recruiter::IntimatePartner => "recruiterRelationIntimatePartner",
            Recruiter::Friend => "recruiterRelationFriend",
            Recruiter::Family => "recruiterRelationFamily",
            Recruiter::Other => "recruiterRelationOther",
        }
    }

    /// From Haven's own code: HTCDS's `RelationshipToTrafficker` calls a
    /// partner and a friend both "Acquainted", which CTDC tells apart.
    fn of_code(code: &str) -> Recruiter {
        match code {
            "intimate_partner" => Recruiter::IntimatePartner,
            "acquaintance" => Recruiter::Friend,
            "family" => Recruiter::Family,
            _ => Recruiter::Other,
        }
    }
}

/// Haven records neither the sector of forced labour nor the form of
/// sexual exploitation: these CTDC columns are always empty (unknown).
pub const UNRECORDED_COLUMNS: [&str; 6] = [
    "typeOfLabourAgriculture",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfSexProstitution",
    "typeOfSexPornography",
];

/// What, together, could single a person out: k-anonymity generalises these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuasiIdentifiers {
    pub year: i32,
    pub gender: Option<Gender>,
    /// Age at reception, in years.
    pub age: Option<u32>,
    /// ISO 3166-1 alpha-3.
    pub citizenship: Option<&'static str>,
    /// ISO 3166-1 alpha-3.
    pub country_of_exploitation: Option<&'static str>,
}

/// The other variables: a group is `None` when nothing is known of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attributes {
    pub traffick_months: Option<TraffickMonths>,
    pub means: Option<Vec<Means>>,
    pub exploitation: Option<Vec<Exploitation>>,
    pub recruiter: Option<Vec<Recruiter>>,
}

/// One identified or presumed victim, in CTDC's terms only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VictimRecord {
    pub quasi: QuasiIdentifiers,
    pub attributes: Attributes,
}

impl VictimRecord {
    /// The person of a case, unless the case decided she was not a victim.
    pub fn of(facts: &CaseFacts, htcds: &HtcdsLookup) -> Option<VictimRecord> {
        if matches!(facts.identification, Some((Outcome::NotVictim, _))) {
            return None;
        }
        let trafficking = facts.trafficking.as_ref();
        let mut means: Option<Vec<Means>> = trafficking
            .filter(|t| !t.means_of_control.is_empty())
            .map(|t| {
                t.means_of_control
                    .iter()
                    .filter_map(|code| htcds.value("means_of_control", code))
                    .filter_map(Means::of_htcds)
                    .collect()
            });
        let mut exploitation: Option<Vec<Exploitation>> = (!facts.purposes.is_empty()).then(|| {
            facts
                .purposes
                .iter()
                .map(|code| {
                    htcds
                        .value("trafficking_purpose", code)
                        .map(Exploitation::of_htcds)
                        .unwrap_or(Exploitation::OtherExploit)
                })
                .collect()
        });
        let recruiter = trafficking
            .and_then(|t| t.relation_to_recruiter.as_deref())
            .map(|code| vec![Recruiter::of_code(code)]);
        if let Some(flags) = means.as_mut() {
            flags.sort();
            flags.dedup();
        }
        if let Some(flags) = exploitation.as_mut() {
            flags.sort();
            flags.dedup();
        }
        Some(VictimRecord {
            quasi: QuasiIdentifiers {
                year: facts.received_on.year(),
                gender: match facts.sex.as_str() {
                    "female" => Some(Gender::Woman),
                    "male" => Some(Gender::Man),
                    _ => None,
                },
                age: facts.age,
                citizenship: facts.nationality.as_deref().and_then(alpha3),
                country_of_exploitation: facts.destination_country.as_deref().and_then(alpha3),
            },
            attributes: Attributes {
                traffick_months: trafficking
                    .and_then(|t| t.from.zip(t.to))
                    .and_then(|(from, to)| months_between(from, to))
                    .map(TraffickMonths::of),
                means,
                exploitation,
                recruiter,
            },
        })
    }
}

/// Whole months from `from` to `to`; none when the end precedes the start.
fn months_between(from: chrono::NaiveDate, to: chrono::NaiveDate) -> Option<u32> {
    if to < from {
        return None;
    }
    let months = (to.year() - from.year()) * 12 + to.month() as i32
        - from.month() as i32
        - i32::from(to.day() < from.day());
    u32::try_from(months.max(0)).ok()
}

/// ISO 3166-1 alpha-3 of an alpha-2 code; none for a code ISO does not know.
pub fn alpha3(alpha2: &str) -> Option<&'static str> {
    isocountry::CountryCode::for_alpha2_caseless(alpha2)
        .ok()
        .map(|c| c.alpha3())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn months_are_whole_and_an_end_before_the_start_is_unknown() {
        assert_eq!(months_between(day(2024, 1, 15), day(2025, 1, 14)), Some(11));
        assert_eq!(months_between(day(2024, 1, 15), day(2025, 1, 15)), Some(12));
        assert_eq!(months_between(day(2024, 1, 15), day(2024, 1, 1)), None);
        assert_eq!(TraffickMonths::of(12), TraffickMonths::UpToOneYear);
        assert_eq!(TraffickMonths::of(13), TraffickMonths::UpToTwoYears);
        assert_eq!(TraffickMonths::of(25), TraffickMonths::MoreThanTwoYears);
    }

    #[test]
    fn countries_go_to_alpha3_and_unknown_codes_to_nothing() {
        assert_eq!(alpha3("VN"), Some("VNM"));
        assert_eq!(alpha3("cn"), Some("CHN"));
        assert_eq!(alpha3("XX"), None);
    }

    #[test]
    fn a_partner_and_a_friend_stay_apart() {
        assert_eq!(
            Recruiter::of_code("intimate_partner"),
            Recruiter::IntimatePartner
        );
        assert_eq!(Recruiter::of_code("acquaintance"), Recruiter::Friend);
        assert_eq!(Recruiter::of_code("stranger"), Recruiter::Other);
    }

    #[test]
    fn a_person_found_not_to_be_a_victim_is_not_exported() {
        let mut facts = crate::ctdc::tests_support::facts(day(2026, 3, 1));
        assert!(VictimRecord::of(&facts, &HtcdsLookup::default()).is_some());
        facts.identification = Some((Outcome::NotVictim, day(2026, 3, 5)));
        assert!(VictimRecord::of(&facts, &HtcdsLookup::default()).is_none());
    }
}
