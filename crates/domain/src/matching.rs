//! Folding names and numbers so that the same person typed differently
//! matches: "Nguyễn Thị Hoa" and "nguyen thi  hoa" fold alike.

/// Lower case, no diacritics (đ → d), single spaces.
pub fn fold_name(name: &str) -> String {
    deunicode::deunicode(name)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Identity numbers compared without spaces, dots or dashes, upper case.
pub fn fold_identity_number(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_names_fold_without_diacritics() {
        assert_eq!(fold_name("Nguyễn Thị  Hoa"), "nguyen thi hoa");
        assert_eq!(fold_name("ĐẶNG Văn Đức"), "dang van duc");
        assert_eq!(fold_name("Nguyen thi hoa"), fold_name("Nguyễn Thị Hoa"));
    }

    #[test]
    fn identity_numbers_fold_without_separators() {
        assert_eq!(fold_identity_number("001 190-012.345"), "001190012345");
        assert_eq!(fold_identity_number("b1234567"), "B1234567");
    }
}
