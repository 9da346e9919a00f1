//! A person as one viewer may see them: a type built by destructuring every
//! field of [`Person`], each field shown or hidden by the viewer's
//! [`IdentityView`]. A field added to `Person` does not compile until this
//! file decides how it is shown; a page or a response never holds a person
//! with a value the viewer may not see.

use super::masking::{HiddenBecause, IdentityView};
use haven_domain::case::person::{Birth, IdentityPaper, Person, Relative, Residence, Sex};
use haven_domain::case::person_fields::PersonField;
use serde::{Serialize, Serializer};

/// One field as a viewer sees it. Serialised as the value, or `null` when hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen<T> {
    Shown(T),
    Hidden,
}

impl<T> Seen<T> {
    /// The value when `shown`, else hidden.
    pub fn of(shown: bool, value: &T) -> Seen<T>
    where
        T: Clone,
    {
        if shown {
            Seen::Shown(value.clone())
        } else {
            Seen::Hidden
        }
    }

    /// The value, when shown.
    pub fn shown(&self) -> Option<&T> {
        match self {
            Seen::Shown(value) => Some(value),
            Seen::Hidden => None,
        }
    }

    pub fn is_hidden(&self) -> bool {
        matches!(self, Seen::Hidden)
    }
}

impl<T: Serialize> Serialize for Seen<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Seen::Shown(value) => value.serialize(serializer),
            Seen::Hidden => serializer.serialize_none(),
        }
    }
}

/// A person as the viewer may see them; hidden fields are `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonView {
    pub full_name: Seen<String>,
    pub other_names: Seen<Vec<String>>,
    pub sex: Seen<Sex>,
    pub birth: Seen<Option<Birth>>,
    pub ethnicity: Seen<Option<String>>,
    pub nationality: Seen<Option<String>>,
    pub identity_papers: Seen<Vec<IdentityPaper>>,
    pub permanent_residence: Seen<Residence>,
    pub current_residence: Seen<Residence>,
    pub languages: Seen<Vec<String>>,
    pub disability: Seen<Option<String>>,
    pub contact: Seen<Option<String>>,
    pub relatives: Seen<Vec<Relative>>,
}

impl PersonView {
    pub fn of(person: &Person, view: &IdentityView) -> PersonView {
        let shows = |field: PersonField| view.shows(field);
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
        } = person;
        PersonView {
            full_name: Seen::of(shows(PersonField::FullName), full_name),
            other_names: Seen::of(shows(PersonField::OtherNames), other_names),
            sex: Seen::of(shows(PersonField::Sex), sex),
            birth: Seen::of(shows(PersonField::Birth), birth),
            ethnicity: Seen::of(shows(PersonField::Ethnicity), ethnicity),
            nationality: Seen::of(shows(PersonField::Nationality), nationality),
            identity_papers: Seen::of(shows(PersonField::IdentityPapers), identity_papers),
            permanent_residence: Seen::of(
                shows(PersonField::PermanentResidence),
                permanent_residence,
            ),
            current_residence: Seen::of(shows(PersonField::CurrentResidence), current_residence),
            languages: Seen::of(shows(PersonField::Languages), languages),
            disability: Seen::of(shows(PersonField::Disability), disability),
            contact: Seen::of(shows(PersonField::Contact), contact),
            relatives: Seen::of(shows(PersonField::Relatives), relatives),
        }
    }
}

/// A person as a caller may see them, with the hidden fields listed and why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaskedPerson {
    /// Fields the caller may not see are `null`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub person: PersonView,
    pub masked_fields: Vec<PersonField>,
    /// Why the masked fields are hidden; absent when nothing is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_because: Option<HiddenBecause>,
}

pub fn mask_person(person: &Person, view: &IdentityView) -> MaskedPerson {
    let masked_fields: Vec<PersonField> = PersonField::ALL
        .into_iter()
        .filter(|field| !view.shows(*field))
        .collect();
    MaskedPerson {
        person: PersonView::of(person, view),
        hidden_because: view.hidden_because().filter(|_| !masked_fields.is_empty()),
        masked_fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::masking::WholeBecause;

    #[test]
    fn hidden_fields_serialise_as_null_and_shown_ones_as_the_value() {
        let person = Person {
            full_name: "Giả Lập Hoa".into(),
            other_names: vec![],
            sex: Sex::Female,
            birth: Some(Birth::Year { year: 2001 }),
            ethnicity: None,
            nationality: Some("VN".into()),
            identity_papers: vec![],
            permanent_residence: Residence::default(),
            current_residence: Residence::default(),
            languages: vec!["vi".into()],
            disability: None,
            contact: Some("0900000000".into()),
            relatives: vec![],
        };
        let shared = IdentityView::Shared([PersonField::Contact].into());
        let json = serde_json::to_value(mask_person(&person, &shared)).ok();
        let json = json.unwrap_or_default();
        assert_eq!(json["person"]["contact"], "0900000000");
        assert!(json["person"]["full_name"].is_null());
        assert!(json["person"]["languages"].is_null());
        assert_eq!(json["person"]["sex"], "female");
        assert_eq!(json["hidden_because"], "not_shared");
        let whole = mask_person(&person, &IdentityView::Whole(WholeBecause::LeadAgency));
        assert!(whole.masked_fields.is_empty() && whole.hidden_because.is_none());
        assert_eq!(
            whole.person.full_name.shown().map(String::as_str),
            Some("Giả Lập Hoa")
        );
    }
}
