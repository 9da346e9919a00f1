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

/// The distinct words of a name, folded: what a search by name looks up.
pub fn name_tokens(name: &str) -> Vec<String> {
    let mut tokens: Vec<String> = fold_name(name)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    tokens
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
    fn a_name_gives_each_folded_word_once() {
        assert_eq!(
            name_tokens("Nguyễn Thị  Nguyễn Hoa"),
            vec!["hoa", "nguyen", "thi"]
        );
        assert!(name_tokens("   ").is_empty());
    }

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
