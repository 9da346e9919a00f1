//! What a password must be: long enough to resist guessing, not the user's
//! own name, and not one of the passwords every guesser tries first. No
//! composition rules (NIST SP 800-63B §5.1.1.2: check against known-bad lists).

use crate::matching::fold_name;
use crate::validation::Violation;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Passwords of twelve or more characters found at the top of leaked lists,
/// and Vietnamese ones offices use; compared folded (no case, no diacritics,
/// letters and digits only).
const COMMON: &[&str] = &[
    "password1234",
    "password12345",
    "password123456",
    "passw0rd1234",
    "passwordpassword",
    "qwertyuiop12",
    "qwertyuiopasdf",
    "qwerty123456",
    "1qaz2wsx3edc",
    "1q2w3e4r5t6y",
    "iloveyou1234",
    "iloveyou123456",
    "abc123456789",
    "123456789abc",
    "aa123456789",
    "a123456789012",
    "123123123123",
    "123qweasdzxc",
    "zaq12wsxcde3",
    "administrator",
    "administrator1",
    "admin1234567",
    "admin123456789",
    "welcome12345",
    "welcome123456",
    "letmein12345",
    "changeme1234",
    "monkey123456",
    "dragon123456",
    "football1234",
    "baseball1234",
    "sunshine1234",
    "princess1234",
    "superman1234",
    "trustno11234",
    "matkhau12345",
    "matkhau123456",
    "matkhaumoi123",
    "matkhau1234567",
    "vietnam12345",
    "vietnam123456",
    "vietnam1234567",
    "hanoi1234567",
    "saigon123456",
    "anhyeuem1234",
    "anhyeuem123456",
    "emyeuanh1234",
    "emyeuanh123456",
    "iloveyouvietnam",
    "conganhanoi",
    "congan123456",
    "bienphong123",
    "haven1234567",
    "haven12345678",
    "havenhaven12",
];

/// Checks a new password; `username` is the account it is for.
pub fn check_password(password: &str, username: &str) -> Result<(), Violation> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(Violation::new(
            "password",
            "min_length",
            format!("Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự."),
            format!("The password must have at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(Violation::too_long("password", MAX_PASSWORD_CHARS));
    }
    let folded = folded(password);
    let name = folded_name(username);
    if name.chars().count() >= 3 && folded.contains(&name) {
        return Err(Violation::new(
            "password",
            "not_username",
            "Mật khẩu không được chứa tên đăng nhập.",
            "The password must not contain the username.",
        ));
    }
    if COMMON.contains(&folded.as_str()) || is_run(&folded) {
        return Err(Violation::new(
            "password",
            "common",
            "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn một cụm từ dài của riêng bạn.",
            "This password is too common to be safe; choose a long phrase of your own.",
        ));
    }
    Ok(())
}

fn folded(text: &str) -> String {
    fold_name(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn folded_name(username: &str) -> String {
    folded(username)
}

/// One character repeated, or a straight run up or down the digits, the
/// alphabet or a keyboard row ("aaaaaaaaaaaa", "123456789012", "qwertyuiopas").
fn is_run(folded: &str) -> bool {
    const SEQUENCES: [&str; 3] = [
        "01234567890123456789",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm",
    ];
    let mut chars = folded.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if chars.all(|c| c == first) {
        return true;
    }
    let reversed: String = folded.chars().rev().collect();
    SEQUENCES
        .iter()
        .any(|sequence| sequence.contains(folded) || sequence.contains(&reversed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(password: &str, username: &str) -> Option<&'static str> {
        check_password(password, username).err().map(|v| v.rule)
    }

    #[test]
    fn guessable_passwords_are_refused_by_rule() {
        assert_eq!(rule("short", "lan"), Some("min_length"));
        assert_eq!(rule("lan.nguyen.2025", "lan.nguyen"), Some("not_username"));
        assert_eq!(rule("LanNguyen-12345", "lan.nguyen"), Some("not_username"));
        assert_eq!(rule("Password1234", "lan"), Some("common"));
        assert_eq!(rule("Mật khẩu 12345", "lan"), Some("common"));
        assert_eq!(rule("123456789012", "lan"), Some("common"));
        assert_eq!(rule("210987654321", "lan"), Some("common"));
        assert_eq!(rule("aaaaaaaaaaaa", "lan"), Some("common"));
        assert_eq!(rule("qwertyuiopas", "lan"), Some("common"));
        assert_eq!(rule("ba con mèo trèo cây cau", "lan"), None);
        assert_eq!(rule("haven-demo-2025", "social.worker"), None);
    }
}
