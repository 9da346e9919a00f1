//! The fields of a person one agency may share with another: named as a
//! type, and a person cut down to the fields shared by destructuring every
//! field, so a field added to [`Person`] does not compile until this file
//! decides whether it can be shared.

use super::person::{Person, Residence, Sex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A field of a person record, as agencies choose what to share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PersonField {
    FullName,
    OtherNames,
    Sex,
    Birth,
    Ethnicity,
    Nationality,
    IdentityPapers,
    PermanentResidence,
    CurrentResidence,
    Languages,
    Disability,
    Contact,
    Relatives,
}

impl PersonField {
    /// Every field, in the order forms list them.
    pub const ALL: [PersonField; 13] = [
        PersonField::FullName,
        PersonField::OtherNames,
        PersonField::Sex,
        PersonField::Birth,
        PersonField::Ethnicity,
        PersonField::Nationality,
        PersonField::IdentityPapers,
        PersonField::PermanentResidence,
        PersonField::CurrentResidence,
        PersonField::Languages,
        PersonField::Disability,
        PersonField::Contact,
        PersonField::Relatives,
    ];

    /// The stable code the API and forms use: `full_name`.
    pub fn code(self) -> &'static str {
        match self {
            PersonField::FullName => "full_name",
            PersonField::OtherNames => "other_names",
            PersonField::Sex => "sex",
            PersonField::Birth => "birth",
            PersonField::Ethnicity => "ethnicity",
            PersonField::Nationality => "nationality",
            PersonField::IdentityPapers => "identity_papers",
            PersonField::PermanentResidence => "permanent_residence",
            PersonField::CurrentResidence => "current_residence",
            PersonField::Languages => "languages",
            PersonField::Disability => "disability",
            PersonField::Contact => "contact",
            PersonField::Relatives => "relatives",
        }
    }

    pub fn from_code(code: &str) -> Option<PersonField> {
        PersonField::ALL.into_iter().find(|f| f.code() == code)
    }
}

impl Person {
    /// This person with only the `shared` fields; the others empty (unknown).
    pub fn only(&self, shared: &BTreeSet<PersonField>) -> Person {
        let has = |field: PersonField| shared.contains(&field);
        let Person {
            full_name,
            other_names,
            sex,
            birth,
            ethnicity,
            nationality,
            identity_papers,
            permanent_residence,
            current_residence,
            languages,
            disability,
            contact,
            relatives,
        } = self;
        Person {
            full_name: keep(has(PersonField::FullName), full_name),
            other_names: keep(has(PersonField::OtherNames), other_names),
            sex: if has(PersonField::Sex) {
                *sex
            } else {
                Sex::Unknown
            },
            birth: keep(has(PersonField::Birth), birth),
            ethnicity: keep(has(PersonField::Ethnicity), ethnicity),
            nationality: keep(has(PersonField::Nationality), nationality),
            identity_papers: keep(has(PersonField::IdentityPapers), identity_papers),
            permanent_residence: keep(has(PersonField::PermanentResidence), permanent_residence),
            current_residence: keep::<Residence>(
                has(PersonField::CurrentResidence),
                current_residence,
            ),
            languages: keep(has(PersonField::Languages), languages),
            disability: keep(has(PersonField::Disability), disability),
            contact: keep(has(PersonField::Contact), contact),
            relatives: keep(has(PersonField::Relatives), relatives),
        }
    }
}

fn keep<T: Clone + Default>(shared: bool, value: &T) -> T {
    if shared {
        value.clone()
    } else {
        T::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::person::{Birth, IdentityPaper};

    #[test]
    fn only_the_shared_fields_are_kept() {
        let person = Person {
            full_name: "Giả Lập Hoa".into(),
            other_names: vec!["Hoa".into()],
            sex: Sex::Female,
            birth: Some(Birth::Year { year: 2009 }),
            ethnicity: Some("01".into()),
            nationality: Some("VN".into()),
            identity_papers: vec![IdentityPaper {
                kind: "cccd".into(),
                number: "001309000001".into(),
            }],
            permanent_residence: Residence {
                admin_unit_id: Some("2025/01".into()),
                address_line: Some("Thôn 3".into()),
            },
            current_residence: Residence::default(),
            languages: vec!["vi".into()],
            disability: Some("hearing".into()),
            contact: Some("0900000000".into()),
            relatives: vec![],
        };
        let shared: BTreeSet<PersonField> = [PersonField::Birth, PersonField::Sex].into();
        let cut = person.only(&shared);
        assert_eq!(cut.birth, person.birth);
        assert_eq!(cut.sex, Sex::Female);
        assert!(cut.full_name.is_empty());
        assert!(cut.identity_papers.is_empty());
        assert_eq!(cut.permanent_residence, Residence::default());
        assert_eq!(cut.disability, None);
        assert!(cut.languages.is_empty());
        assert_eq!(person.only(&PersonField::ALL.into()), person);
    }

    #[test]
    fn codes_round_trip() {
        for field in PersonField::ALL {
            assert_eq!(PersonField::from_code(field.code()), Some(field));
            assert_eq!(
                serde_json::to_value(field).ok(),
                Some(serde_json::Value::String(field.code().into()))
            );
        }
    }
}
