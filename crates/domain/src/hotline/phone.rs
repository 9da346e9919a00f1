//! A caller's phone number, kept only when the caller agrees. Stored in one
//! form (`0912345678`, whatever the caller's spacing or `+84`), so a repeat
//! caller is recognised; shown whole only to the hotline's own staff.

use crate::validation::Violation;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneNumber(String);

/// Read through [`PhoneNumber::parse`]: a number from the API is checked
/// and put in its one form like one typed on a page, so the same caller is
/// recognised however a client wrote the number.
impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let typed = String::deserialize(deserializer)?;
        PhoneNumber::parse("caller.phone", &typed)
            .map_err(|v| serde::de::Error::custom(format!("{} / {}", v.message_vi, v.message_en)))
    }
}

/// Digits in a number, at least and at most (a short number such as 113,
/// an international one with its country code).
const MIN_DIGITS: usize = 3;
const MAX_DIGITS: usize = 15;

impl PhoneNumber {
    /// The number as typed, checked and put in its one form; the error names `field`.
    pub fn parse(field: &str, typed: &str) -> Result<PhoneNumber, Violation> {
        // `(+84)` is written around its country code as often as not.
        let trimmed = typed.trim().trim_start_matches('(');
        let (international, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !matches!(c, ' ' | '.' | '-' | '(' | ')') {
                return Err(invalid(field));
            }
        }
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()) {
            return Err(invalid(field));
        }
        // `00` dials abroad as `+` does.
        let (international, digits) = match digits.strip_prefix("00") {
            Some(rest) if !international => (true, rest.to_owned()),
            Some(_) | None => (international, digits),
        };
        // Vietnam's country code, with or without its `+`, before a
        // national number (9 digits after it, or its 0 kept by mistake):
        // the number as dialled at home. A mobile number whose 0 was left
        // out (9 digits) is given it back.
        let one_form = match (international, digits.strip_prefix("84")) {
            (true, Some(national)) => {
                format!("0{}", national.strip_prefix('0').unwrap_or(national))
            }
            (false, Some(national)) if national.len() == 9 && !national.starts_with('0') => {
                format!("0{national}")
            }
            (true, None) => format!("+{digits}"),
            (false, Some(_) | None)
                if digits.len() == 9 && digits.starts_with(['3', '5', '7', '8', '9']) =>
            {
                format!("0{digits}")
            }
            (false, Some(_) | None) => digits,
        };
        Ok(PhoneNumber(one_form))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How many digits it has (a short number such as 113 has three).
    pub fn digits(&self) -> usize {
        self.0.chars().filter(char::is_ascii_digit).count()
    }

    /// What everyone but the hotline's staff sees: the first three and the
    /// last two digits (`091*****78`); a short number not at all.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 8 {
            return "*".repeat(chars.len());
        }
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < 3 || i + 2 >= chars.len() {
                    *c
                } else {
                    '*'
                }
            })
            .collect()
    }
}

fn invalid(field: &str) -> Violation {
    Violation::new(
        field,
        "phone_number",
        "Số điện thoại gồm từ 3 đến 15 chữ số (có thể có dấu + ở đầu, dấu cách, chấm hoặc gạch ngang).",
        "A phone number has 3 to 15 digits (a leading +, spaces, dots or dashes allowed).",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_number_however_it_is_typed() {
        let a = PhoneNumber::parse("phone", "0912 345 678").unwrap();
        let b = PhoneNumber::parse("phone", "+84 912.345.678").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "0912345678");
        assert_eq!(
            PhoneNumber::parse("phone", "84912345678").unwrap(),
            a,
            "the country code without its +"
        );
        assert_eq!(
            PhoneNumber::parse("phone", "0843 123 456")
                .unwrap()
                .as_str(),
            "0843123456",
            "a number of the 084 range stays"
        );
        assert_eq!(
            PhoneNumber::parse("phone", "+86 138 0013 8000")
                .unwrap()
                .as_str(),
            "+8613800138000"
        );
        assert_eq!(PhoneNumber::parse("phone", "113").unwrap().as_str(), "113");
    }

    #[test]
    fn what_is_not_a_number_is_named() {
        for bad in [
            "",
            "12",
            "09a2345678",
            "0123456789012345",
            "+",
            "091 234 5678 ext 2",
        ] {
            let err = PhoneNumber::parse("caller_phone", bad).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.rule),
                ("caller_phone", "phone_number"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_number_read_from_json_is_put_in_its_one_form_or_refused() {
        let read: PhoneNumber = serde_json::from_str("\"+84 912 345 678\"").unwrap();
        assert_eq!(read.as_str(), "0912345678");
        assert!(serde_json::from_str::<PhoneNumber>("\"gọi tôi\"").is_err());
    }

    #[test]
    fn masked_shows_only_the_ends() {
        assert_eq!(
            PhoneNumber::parse("p", "0912345678").unwrap().masked(),
            "091*****78"
        );
        assert_eq!(PhoneNumber::parse("p", "113").unwrap().masked(), "***");
    }
}
