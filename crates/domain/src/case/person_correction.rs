//! Correcting a person's record: names, birth, papers, residences,
//! contact, languages, disability and the relatives to protect. The
//! correction is compared field by field with the record as it was, by
//! destructuring both, so a field added to [`Person`] does not compile
//! until this file says how a change to it is recorded. Each changed field
//! goes into the history with its value before and after.

use super::person::Person;
use super::person_fields::PersonField;
use super::rejection::Rejection;
use crate::validation::Violations;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

/// One field's change: what it was and what it is now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: PersonField,
    pub before: Value,
    pub after: Value,
}

/// A correction of `before` into `after`, on `today`.
pub struct CorrectPerson<'a> {
    pub before: &'a Person,
    pub after: &'a Person,
    pub today: NaiveDate,
}

impl CorrectPerson<'_> {
    /// The corrected record is valid (a birth not in the future, names
    /// given, plain text), and something changed.
    pub fn check(&self) -> Result<Vec<FieldChange>, Violations> {
        self.after.validate(self.today)?;
        let changes = self.changes();
        if changes.is_empty() {
            return Err(Rejection::new(
                "no_change",
                "Không có thông tin nào thay đổi.",
                "Nothing was changed.",
            )
            .into());
        }
        Ok(changes)
    }

    /// The fields that differ, in the order forms list them.
    pub fn changes(&self) -> Vec<FieldChange> {
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
        } = self.before;
        let after = self.after;
        let mut changes = Vec::new();
        let mut compare = |field: PersonField, before: Value, now: Value| {
            if before != now {
                changes.push(FieldChange {
                    field,
                    before,
                    after: now,
                });
            }
        };
        compare(
            PersonField::FullName,
            json(full_name),
            json(&after.full_name),
        );
        compare(
            PersonField::OtherNames,
            json(other_names),
            json(&after.other_names),
        );
        compare(PersonField::Sex, json(sex), json(&after.sex));
        compare(PersonField::Birth, json(birth), json(&after.birth));
        compare(
            PersonField::Ethnicity,
            json(ethnicity),
            json(&after.ethnicity),
        );
        compare(
            PersonField::Nationality,
            json(nationality),
            json(&after.nationality),
        );
        compare(
            PersonField::IdentityPapers,
            json(identity_papers),
            json(&after.identity_papers),
        );
        compare(
            PersonField::PermanentResidence,
            json(permanent_residence),
            json(&after.permanent_residence),
        );
        compare(
            PersonField::CurrentResidence,
            json(current_residence),
            json(&after.current_residence),
        );
        compare(
            PersonField::Languages,
            json(languages),
            json(&after.languages),
        );
        compare(
            PersonField::Disability,
            json(disability),
            json(&after.disability),
        );
        compare(PersonField::Contact, json(contact), json(&after.contact));
        compare(
            PersonField::Relatives,
            json(relatives),
            json(&after.relatives),
        );
        changes
    }
}

/// A field of a person as JSON: serialising these plain types cannot
/// fail; `null` if it ever did.
fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::person::{Birth, Relative, Residence, Sex};

    fn person() -> Person {
        Person {
            full_name: "Giả Lập Thị Sửa".into(),
            other_names: vec![],
            sex: Sex::Female,
            birth: Some(Birth::Year { year: 1995 }),
            ethnicity: None,
            nationality: Some("VN".into()),
            identity_papers: vec![],
            permanent_residence: Residence::default(),
            current_residence: Residence::default(),
            languages: vec![],
            disability: None,
            contact: None,
            relatives: vec![],
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    #[test]
    fn each_changed_field_is_recorded_with_before_and_after() {
        let before = person();
        let mut after = person();
        after.birth = Some(Birth::Date {
            date: NaiveDate::from_ymd_opt(1995, 6, 1).unwrap(),
        });
        after.relatives.push(Relative {
            relationship: "mẹ".into(),
            full_name: "Giả Lập Thị Mẹ".into(),
            residence: Residence::default(),
            contact: None,
        });
        let changes = CorrectPerson {
            before: &before,
            after: &after,
            today: today(),
        }
        .check()
        .unwrap();
        let fields: Vec<PersonField> = changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, vec![PersonField::Birth, PersonField::Relatives]);
        assert_eq!(
            changes[0].before,
            serde_json::json!({"kind": "year", "year": 1995})
        );
        assert_eq!(changes[1].before, serde_json::json!([]));
    }

    #[test]
    fn nothing_changed_or_a_birth_in_the_future_is_refused() {
        let before = person();
        let same = CorrectPerson {
            before: &before,
            after: &before,
            today: today(),
        }
        .check()
        .unwrap_err();
        assert_eq!(same.0[0].rule, "no_change");
        let mut later = person();
        later.birth = Some(Birth::Year { year: 2030 });
        assert!(CorrectPerson {
            before: &before,
            after: &later,
            today: today(),
        }
        .check()
        .is_err());
    }
}
