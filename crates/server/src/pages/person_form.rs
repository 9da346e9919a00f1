//! What the forms about a person share (the reception wizard, correcting a
//! person): reading typed text back as a person's parts, with the field at
//! fault named as the form names it.

use haven_domain::case::person::{Relative, Residence, Sex};
use haven_domain::Violation;

/// A typed text, trimmed; nothing when blank.
pub fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The sex chosen: "not known" is a choice of its own, never assumed.
pub fn sex_chosen(code: &str, field: &str) -> Result<Sex, Violation> {
    match code.trim() {
        "female" => Ok(Sex::Female),
        "male" => Ok(Sex::Male),
        "unknown" => Ok(Sex::Unknown),
        _ => Err(Violation::required(field)),
    }
}

/// The code a form uses for a sex.
pub fn sex_code(sex: Sex) -> &'static str {
    match sex {
        Sex::Female => "female",
        Sex::Male => "male",
        Sex::Unknown => "unknown",
    }
}

/// A year of birth as typed.
pub fn birth_year(text: &str, field: &str) -> Result<i32, Violation> {
    text.trim().parse::<i32>().map_err(|_| {
        Violation::new(
            field,
            "number",
            "Năm sinh là một số, ví dụ 1998.",
            "The year of birth is a number, e.g. 1998.",
        )
    })
}

/// The form's fields of one relative.
pub struct RelativeFields<'a> {
    pub name: &'a str,
    pub relationship: &'a str,
}

/// A relative as typed: a name and how she is related, or nothing at all;
/// half of it names the missing field.
pub fn relative(
    name: &str,
    relationship: &str,
    contact: &str,
    residence: Residence,
    fields: RelativeFields<'_>,
) -> Result<Option<Relative>, Violation> {
    let contact = optional(contact);
    match (optional(name), optional(relationship)) {
        (Some(full_name), Some(relationship)) => Ok(Some(Relative {
            relationship,
            full_name,
            residence,
            contact,
        })),
        (None, None) if contact.is_none() => Ok(None),
        (None, _) => Err(Violation::required(fields.name)),
        (Some(_), None) => Err(Violation::required(fields.relationship)),
    }
}
