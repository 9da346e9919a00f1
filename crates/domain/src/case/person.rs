//! The person a case is about, and the relatives to protect.
//!
//! Many victims have no papers and know only their year of birth, or not
//! even that: birth is a date, a year, or an age estimated at reception.

use crate::validation::{Violation, Violations};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Under 16 is a child in Vietnamese law (Law on Children 2016, Art. 1).
pub const CHILD_AGE: u32 = 16;
/// Under 18 is a minor: escorted home, flagged for extra care.
pub const MINOR_AGE: u32 = 18;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Sex {
    Female,
    Male,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Birth {
    Date { date: NaiveDate },
    Year { year: i32 },
    EstimatedAge { years: u32, on: NaiveDate },
}

impl Birth {
    /// Age in whole years on `day`; for a year only, the age reached during that year.
    pub fn age_on(&self, day: NaiveDate) -> Option<u32> {
        match *self {
            Birth::Date { date } => day.years_since(date),
            Birth::Year { year } => day
                .year()
                .checked_sub(year)
                .and_then(|age| u32::try_from(age).ok()),
            Birth::EstimatedAge { years, on } => {
                let elapsed = day.years_since(on).unwrap_or(0);
                years.checked_add(elapsed)
            }
        }
    }

    /// The youngest she can be on `day`: with a year only, one less than the
    /// age reached that year until its last day (her birthday may be later).
    pub fn youngest_age_on(&self, day: NaiveDate) -> Option<u32> {
        let age = self.age_on(day)?;
        match *self {
            Birth::Year { .. } if (day.month(), day.day()) != (12, 31) => {
                Some(age.saturating_sub(1))
            }
            Birth::Year { .. } | Birth::Date { .. } | Birth::EstimatedAge { .. } => Some(age),
        }
    }

    /// The year of birth, exact or estimated.
    pub fn year(&self) -> i32 {
        match *self {
            Birth::Date { date } => date.year(),
            Birth::Year { year } => year,
            Birth::EstimatedAge { years, on } => on
                .year()
                .saturating_sub(i32::try_from(years).unwrap_or(i32::MAX)),
        }
    }

    /// True when the birth lies after `day` (a date, or a year after `day`'s year).
    pub fn is_after(&self, day: NaiveDate) -> bool {
        match *self {
            Birth::Date { date } => date > day,
            Birth::Year { year } => year > day.year(),
            Birth::EstimatedAge { on, .. } => on > day,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityPaper {
    /// Code from the `identity_document_type` list.
    pub kind: String,
    pub number: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Residence {
    /// An administrative unit id, legacy or 2025.
    pub admin_unit_id: Option<String>,
    pub address_line: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub full_name: String,
    #[serde(default)]
    pub other_names: Vec<String>,
    pub sex: Sex,
    pub birth: Option<Birth>,
    /// GSO code of one of the 54 ethnic groups.
    pub ethnicity: Option<String>,
    /// ISO 3166-1 alpha-2; `VN` for a Vietnamese citizen.
    pub nationality: Option<String>,
    #[serde(default)]
    pub identity_papers: Vec<IdentityPaper>,
    #[serde(default)]
    pub permanent_residence: Residence,
    #[serde(default)]
    pub current_residence: Residence,
    #[serde(default)]
    pub languages: Vec<String>,
    pub disability: Option<String>,
    pub contact: Option<String>,
    /// Relatives to protect (người thân thích), numbered from 1 in protection measures.
    #[serde(default)]
    pub relatives: Vec<Relative>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Relative {
    pub relationship: String,
    pub full_name: String,
    #[serde(default)]
    pub residence: Residence,
    pub contact: Option<String>,
}

impl Person {
    pub fn is_foreign(&self) -> bool {
        self.nationality.as_deref().is_some_and(|n| n != "VN")
    }

    pub fn age_on(&self, day: NaiveDate) -> Option<u32> {
        self.birth.and_then(|b| b.age_on(day))
    }

    /// Unknown age counts as not a minor only when nothing suggests otherwise;
    /// callers that must be careful (escort, access) use `may_be_minor_on`.
    pub fn is_minor_on(&self, day: NaiveDate) -> bool {
        self.age_on(day).is_some_and(|a| a < MINOR_AGE)
    }

    /// A child (under 16) on `day`, or may be one: with a birth year only, a
    /// girl born in 2010 is treated as a child all through 2026, as she may be
    /// fifteen until her birthday — her identity is protected as a child's.
    pub fn is_child_on(&self, day: NaiveDate) -> bool {
        self.birth
            .and_then(|b| b.youngest_age_on(day))
            .is_some_and(|a| a < CHILD_AGE)
    }

    /// Checks the person as recorded at `received_on`.
    pub fn validate(&self, received_on: NaiveDate) -> Result<(), Violations> {
        let mut v = Violations::default();
        v.require_text("person.full_name", &self.full_name, 150);
        if let Some(birth) = &self.birth {
            if birth.is_after(received_on) {
                v.push(Violation::new(
                    "person.birth",
                    "before_reception",
                    "Ngày sinh không thể sau ngày tiếp nhận.",
                    "The birth cannot be after the reception date.",
                ));
            } else if birth
                .age_on(received_on)
                .is_none_or(|a| a > super::limits::MAX_AGE)
            {
                v.push(Violation::new(
                    "person.birth",
                    "plausible_age",
                    "Tuổi vượt quá 120.",
                    "The age is over 120.",
                ));
            }
        }
        if let Some(n) = &self.nationality {
            if n.len() != 2 || !n.chars().all(|c| c.is_ascii_uppercase()) {
                v.push(Violation::new(
                    "person.nationality",
                    "iso_3166_alpha2",
                    "Quốc tịch là mã hai chữ cái ISO 3166-1 (ví dụ VN).",
                    "Nationality is an ISO 3166-1 two-letter code (e.g. VN).",
                ));
            }
        }
        use super::limits::{MAX_LIST_ITEMS, MAX_RELATIVES};
        v.max_items("person.other_names", self.other_names.len(), MAX_LIST_ITEMS);
        v.max_items(
            "person.identity_papers",
            self.identity_papers.len(),
            MAX_LIST_ITEMS,
        );
        v.max_items("person.languages", self.languages.len(), MAX_LIST_ITEMS);
        v.max_items("person.relatives", self.relatives.len(), MAX_RELATIVES);
        for (i, name) in self.other_names.iter().enumerate() {
            v.max_text(&format!("person.other_names[{i}]"), name, 150);
        }
        for (i, language) in self.languages.iter().enumerate() {
            v.max_text(&format!("person.languages[{i}]"), language, 60);
        }
        for (field, residence) in [
            ("person.permanent_residence", &self.permanent_residence),
            ("person.current_residence", &self.current_residence),
        ] {
            if let Some(line) = &residence.address_line {
                v.max_text(&format!("{field}.address_line"), line, 300);
            }
        }
        if let Some(contact) = &self.contact {
            v.max_text("person.contact", contact, 200);
        }
        if let Some(disability) = &self.disability {
            v.max_text("person.disability", disability, 300);
        }
        for (i, relative) in self.relatives.iter().enumerate() {
            v.require_text(
                &format!("person.relatives[{i}].full_name"),
                &relative.full_name,
                150,
            );
            v.require_text(
                &format!("person.relatives[{i}].relationship"),
                &relative.relationship,
                60,
            );
        }
        for (i, paper) in self.identity_papers.iter().enumerate() {
            v.require_text(
                &format!("person.identity_papers[{i}].number"),
                &paper.number,
                40,
            );
        }
        v.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn age_comes_from_a_date_a_year_or_an_estimate() {
        let on = day(2025, 8, 1);
        assert_eq!(
            Birth::Date {
                date: day(2010, 9, 1)
            }
            .age_on(on),
            Some(14)
        );
        assert_eq!(Birth::Year { year: 2010 }.age_on(on), Some(15));
        assert_eq!(
            Birth::EstimatedAge {
                years: 15,
                on: day(2024, 7, 1)
            }
            .age_on(on),
            Some(16)
        );
    }

    #[test]
    fn with_a_birth_year_only_she_is_a_child_while_she_may_still_be_fifteen() {
        let born_2010 = Birth::Year { year: 2010 };
        assert_eq!(born_2010.youngest_age_on(day(2026, 2, 1)), Some(15));
        assert_eq!(born_2010.youngest_age_on(day(2026, 12, 31)), Some(16));
        let person = |birth| Person {
            full_name: "Giả Lập".into(),
            other_names: vec![],
            sex: Sex::Female,
            birth: Some(birth),
            ethnicity: None,
            nationality: None,
            identity_papers: vec![],
            permanent_residence: Residence::default(),
            current_residence: Residence::default(),
            languages: vec![],
            disability: None,
            contact: None,
            relatives: vec![],
        };
        assert!(person(born_2010).is_child_on(day(2026, 2, 1)));
        assert!(!person(born_2010).is_child_on(day(2027, 1, 1)));
        assert!(!person(Birth::Date {
            date: day(2010, 1, 15)
        })
        .is_child_on(day(2026, 2, 1)));
    }

    #[test]
    fn birth_after_reception_is_refused_by_field_and_rule() {
        let person = Person {
            full_name: "Nguyễn Thị Hoa".into(),
            other_names: vec![],
            sex: Sex::Female,
            birth: Some(Birth::Date {
                date: day(2026, 1, 1),
            }),
            ethnicity: None,
            nationality: Some("vn".into()),
            identity_papers: vec![],
            permanent_residence: Residence::default(),
            current_residence: Residence::default(),
            languages: vec![],
            disability: None,
            contact: None,
            relatives: vec![Relative {
                relationship: "mẹ".into(),
                full_name: " ".into(),
                residence: Residence::default(),
                contact: None,
            }],
        };
        let err = person.validate(day(2025, 8, 1)).unwrap_err();
        let got: Vec<(&str, &str)> = err.0.iter().map(|v| (v.field.as_str(), v.rule)).collect();
        assert_eq!(
            got,
            vec![
                ("person.birth", "before_reception"),
                ("person.nationality", "iso_3166_alpha2"),
                ("person.relatives[0].full_name", "required")
            ]
        );
    }
}
