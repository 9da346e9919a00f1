//! Agencies, facilities and users as they are created: the rules their fields obey.

use crate::role::Role;
use crate::validation::{Violation, Violations};
use serde::Deserialize;

pub use crate::password::{check_password, MIN_PASSWORD_CHARS};

#[derive(Debug, Clone, Deserialize)]
pub struct NewAgency {
    /// Short stable code, e.g. `HNI-SYT` — upper-case letters, digits and dashes.
    pub code: String,
    pub name: String,
    /// Code from the `agency_sector` list.
    pub sector: String,
    pub admin_unit_id: String,
    pub parent_agency_code: Option<String>,
}

impl NewAgency {
    /// Checks the rules that need nothing but the input; the store checks the codes exist.
    pub fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        check_code(&mut v, "code", &self.code);
        v.require_text("name", &self.name, 200);
        v.require_text("sector", &self.sector, 50);
        v.require_text("admin_unit_id", &self.admin_unit_id, 40);
        v.into_result()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct NewFacility {
    pub code: String,
    pub name: String,
    /// Code from the `facility_type` list.
    pub facility_type: String,
    pub operator_agency_code: String,
    pub admin_unit_id: String,
    /// Beds; a stay that would exceed it is refused.
    pub capacity: i32,
}

pub const MAX_FACILITY_CAPACITY: i32 = 5_000;

impl NewFacility {
    pub fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        check_code(&mut v, "code", &self.code);
        v.require_text("name", &self.name, 200);
        v.require_text("facility_type", &self.facility_type, 50);
        v.require_text("operator_agency_code", &self.operator_agency_code, 40);
        v.require_text("admin_unit_id", &self.admin_unit_id, 40);
        if !(1..=MAX_FACILITY_CAPACITY).contains(&self.capacity) {
            v.push(Violation::new(
                "capacity",
                "range",
                format!("Sức chứa phải từ 1 đến {MAX_FACILITY_CAPACITY} chỗ."),
                format!("Capacity must be between 1 and {MAX_FACILITY_CAPACITY} places."),
            ));
        }
        v.into_result()
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub agency_code: String,
    pub roles: Vec<Role>,
    pub password: String,
}

impl NewUser {
    pub fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        check_username(&mut v, &self.username);
        v.require_text("display_name", &self.display_name, 120);
        v.require_text("agency_code", &self.agency_code, 40);
        if self.roles.is_empty() {
            v.push(Violation::new(
                "roles",
                "required",
                "Người dùng phải có ít nhất một vai trò.",
                "A user needs at least one role.",
            ));
        }
        if let Err(violation) = check_password(&self.password, &self.username) {
            v.push(violation);
        }
        v.into_result()
    }
}

fn check_username(v: &mut Violations, username: &str) {
    let valid_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if username.is_empty() {
        v.push(Violation::required("username"));
    } else if username.len() < 3 || username.len() > 64 || !valid_chars {
        v.push(Violation::new(
            "username",
            "pattern",
            "Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.",
            "A username has 3–64 characters: lower-case ASCII letters, digits, dot, underscore, dash.",
        ));
    }
}

fn check_code(v: &mut Violations, field: &str, code: &str) {
    let valid = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if code.is_empty() {
        v.push(Violation::required(field));
    } else if !valid {
        v.push(Violation::new(
            field,
            "pattern",
            format!("Mã «{field}» chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch ngang (tối đa 40)."),
            format!("The code “{field}” takes upper-case ASCII letters, digits and dashes (at most 40)."),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> NewUser {
        NewUser {
            username: "lan.nguyen".into(),
            display_name: "Lan".into(),
            agency_code: "HNI-SYT".into(),
            roles: vec![Role::SocialWorker],
            password: "correct horse battery".into(),
        }
    }

    #[test]
    fn a_well_formed_user_passes() {
        assert_eq!(user().validate(), Ok(()));
    }

    #[test]
    fn each_broken_rule_is_named() {
        let bad = NewUser {
            username: "Lan Nguyen".into(),
            display_name: "".into(),
            roles: vec![],
            password: "short".into(),
            ..user()
        };
        let err = bad.validate().unwrap_err();
        let got: Vec<(&str, &str)> = err.0.iter().map(|v| (v.field.as_str(), v.rule)).collect();
        assert_eq!(
            got,
            vec![
                ("username", "pattern"),
                ("display_name", "required"),
                ("roles", "required"),
                ("password", "min_length")
            ]
        );
    }

    #[test]
    fn facility_capacity_must_be_positive_and_bounded() {
        let mut f = NewFacility {
            code: "HNI-TTBTXH2".into(),
            name: "Trung tâm".into(),
            facility_type: "social_protection_centre".into(),
            operator_agency_code: "HNI-SYT".into(),
            admin_unit_id: "2025/01/00004".into(),
            capacity: 0,
        };
        assert_eq!(f.validate().unwrap_err().0[0].field, "capacity");
        f.capacity = 40;
        assert_eq!(f.validate(), Ok(()));
        f.code = "hni centre".into();
        assert_eq!(f.validate().unwrap_err().0[0].rule, "pattern");
    }

    #[test]
    fn agency_needs_code_name_sector_and_unit() {
        let a = NewAgency {
            code: "".into(),
            name: "".into(),
            sector: "".into(),
            admin_unit_id: "".into(),
            parent_agency_code: None,
        };
        assert_eq!(a.validate().unwrap_err().0.len(), 4);
    }
}
