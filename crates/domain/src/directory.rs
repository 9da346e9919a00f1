//! The directory of services: what each agency, facility or outside
//! provider (an NGO, a hospital, a legal-aid centre) offers, where, when
//! and to whom — so that a referral or a dispatch finds the right door.
//! Pure: what an entry must be; the store checks the codes and places.

use crate::hotline::PhoneNumber;
use crate::validation::{Violation, Violations};
use serde::{Deserialize, Serialize};

/// The longest name, address, opening hours or note.
pub const MAX_TEXT: usize = 500;
/// The most services, areas, phones or languages an entry lists.
pub const MAX_ITEMS: usize = 40;
/// The area that means the whole country.
pub const WHOLE_COUNTRY: &str = "VN";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProviderKind {
    /// One of Haven's agencies (social affairs, police, border guard, …).
    StateAgency,
    /// A support facility or shelter.
    Facility,
    Ngo,
    Hospital,
    LegalAidCentre,
    InternationalOrganisation,
    Other,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 7] = [
        ProviderKind::StateAgency,
        ProviderKind::Facility,
        ProviderKind::Ngo,
        ProviderKind::Hospital,
        ProviderKind::LegalAidCentre,
        ProviderKind::InternationalOrganisation,
        ProviderKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProviderKind::StateAgency => "state_agency",
            ProviderKind::Facility => "facility",
            ProviderKind::Ngo => "ngo",
            ProviderKind::Hospital => "hospital",
            ProviderKind::LegalAidCentre => "legal_aid_centre",
            ProviderKind::InternationalOrganisation => "international_organisation",
            ProviderKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceEntryDraft {
    pub name: String,
    pub kind: ProviderKind,
    /// Where the provider is: an administrative unit (`2025/15`).
    pub unit_id: String,
    /// Codes of the `support_service_type` list.
    pub services: Vec<String>,
    /// The areas it serves: units (`2025/15`, `2025/15/02683`) or `VN`.
    pub areas_served: Vec<String>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phones: Vec<PhoneNumber>,
    #[serde(default)]
    pub opening_hours: String,
    /// Languages spoken, as people name them (`Tiếng Việt`, `Tiếng H'Mông`).
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub takes_children: bool,
    #[serde(default)]
    pub takes_men: bool,
    #[serde(default)]
    pub takes_foreigners: bool,
    #[serde(default)]
    pub note: String,
}

impl ServiceEntryDraft {
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.require_text("name", &self.name, MAX_TEXT);
        v.require_text("unit_id", &self.unit_id, 40);
        if self.services.is_empty() {
            v.push(Violation::new(
                "services",
                "required",
                "Hãy chọn ít nhất một dịch vụ.",
                "Choose at least one service.",
            ));
        }
        if self.areas_served.is_empty() {
            v.push(Violation::new(
                "areas_served",
                "required",
                "Hãy chọn ít nhất một địa bàn phục vụ.",
                "Choose at least one area served.",
            ));
        }
        for (field, count) in [
            ("services", self.services.len()),
            ("areas_served", self.areas_served.len()),
            ("phones", self.phones.len()),
            ("languages", self.languages.len()),
        ] {
            v.max_items(field, count, MAX_ITEMS);
        }
        let repeated = self
            .services
            .iter()
            .enumerate()
            .any(|(i, s)| self.services.iter().skip(i + 1).any(|t| t == s));
        if repeated {
            v.push(Violation::new(
                "services",
                "distinct",
                "Mỗi dịch vụ chỉ chọn một lần.",
                "Each service is chosen once.",
            ));
        }
        for (i, language) in self.languages.iter().enumerate() {
            v.require_text(&format!("languages_{i}"), language, 100);
        }
        v.max_text("address", &self.address, MAX_TEXT);
        v.max_text("opening_hours", &self.opening_hours, MAX_TEXT);
        v.max_text("note", &self.note, MAX_TEXT);
        v.into_result()
    }

    /// Whether it serves the place `unit` (`2025/15/02683`): an area that
    /// holds it, or lies within it (searching a province finds what its
    /// communes offer), or the whole country.
    pub fn serves(&self, unit: &str) -> bool {
        self.areas_served
            .iter()
            .any(|area| area == WHOLE_COUNTRY || within(unit, area) || within(area, unit))
    }
}

/// Whether the unit `inner` is `outer` or lies within it.
fn within(inner: &str, outer: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shelter(areas: &[&str]) -> ServiceEntryDraft {
        ServiceEntryDraft {
            name: "Trung tâm".into(),
            kind: ProviderKind::Facility,
            unit_id: "2025/15".into(),
            services: vec!["shelter_stay".into()],
            areas_served: areas.iter().map(|a| (*a).to_owned()).collect(),
            address: String::new(),
            phones: vec![],
            opening_hours: String::new(),
            languages: vec![],
            takes_children: true,
            takes_men: false,
            takes_foreigners: false,
            note: String::new(),
        }
    }

    #[test]
    fn an_entry_serves_its_areas_their_communes_and_searches_of_its_province() {
        let province = shelter(&["2025/15"]);
        assert!(province.serves("2025/15"));
        assert!(province.serves("2025/15/02683"));
        assert!(!province.serves("2025/01"));
        assert!(
            !province.serves("2025/1"),
            "a prefix of a code is not a place within"
        );
        let commune = shelter(&["2025/15/02683"]);
        assert!(
            commune.serves("2025/15"),
            "a province's search finds its communes' services"
        );
        assert!(!commune.serves("2025/15/02684"));
        assert!(shelter(&["VN"]).serves("2025/01/00070"));
    }

    #[test]
    fn an_entry_names_what_it_offers_and_where() {
        let mut entry = shelter(&[]);
        entry.services.clear();
        entry.name = " ".into();
        let fields: Vec<String> = entry
            .check()
            .unwrap_err()
            .0
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields, ["name", "services", "areas_served"]);
    }
}
