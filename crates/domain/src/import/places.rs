//! Places written as text — "xã Tân Lập, huyện Mường Khương, tỉnh Lào Cai",
//! "Tân Lập - Mường Khương - Lào Cai", "P.3, Q.5, TP.HCM" — cut into their
//! parts, most specific first, each as a key compared with the units'
//! names: no diacritics, no kind of unit in front ("xã", "huyện", "TP.",
//! "thị xã", …). The store finds the units whose keys match, through the
//! legacy and the 2025 tables; nothing is guessed here.

use crate::matching::fold_name;

/// Kinds of unit written in front of a name, folded, longest first so
/// "thi xa" is taken before "xa". Abbreviations end with a dot or not.
const KINDS: &[&str] = &[
    "thanh pho",
    "thi tran",
    "thi xa",
    "phuong",
    "huyen",
    "quan",
    "tinh",
    "xa",
    "tp.",
    "tp",
    "tx.",
    "tx",
    "tt.",
    "tt",
    "p.",
    "q.",
    "h.",
    "x.",
];

/// Names a place's last part may carry that are no unit.
const COUNTRY: &[&str] = &["viet nam", "vietnam", "vn"];

/// Common short forms of province names, folded, and the key they stand for.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("hcm", "ho chi minh"),
    ("tphcm", "ho chi minh"),
    ("sai gon", "ho chi minh"),
    ("hn", "ha noi"),
];

/// The key a unit's name is compared by: folded, without its kind.
pub fn name_key(name: &str) -> String {
    let folded = fold_name(name);
    let mut rest = folded.as_str();
    for kind in KINDS {
        if let Some(after) = rest.strip_prefix(kind) {
            let abbreviated = kind.ends_with('.');
            if abbreviated || after.starts_with(' ') {
                rest = after.trim_start();
                break;
            }
        }
    }
    let key = rest.trim().to_owned();
    SHORT_FORMS
        .iter()
        .find(|(short, _)| *short == key)
        .map(|(_, long)| (*long).to_owned())
        .unwrap_or(key)
}

/// A place's parts as keys, most specific first; empty when nothing is written.
pub fn place_parts(text: &str) -> Vec<String> {
    // A dash between spaces separates parts; inside a name it belongs to
    // it ("Phan Rang-Tháp Chàm").
    let separated = text.replace(" - ", ",").replace(" – ", ",");
    let mut parts: Vec<String> = separated
        .split([',', ';'])
        .map(name_key)
        .filter(|key| !key.is_empty())
        .collect();
    if parts
        .last()
        .is_some_and(|last| COUNTRY.contains(&last.as_str()))
    {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_name_is_compared_without_its_kind_or_accents() {
        for (name, key) in [
            ("Xã Tân Lập", "tan lap"),
            ("xa Tan Lap", "tan lap"),
            ("Huyện Mường Khương", "muong khuong"),
            ("Thị trấn Mường Khương", "muong khuong"),
            ("Thị xã Sa Pa", "sa pa"),
            ("TP. Lào Cai", "lao cai"),
            ("TP.Lào Cai", "lao cai"),
            ("Thành phố Hà Nội", "ha noi"),
            ("Tỉnh Lào Cai", "lao cai"),
            ("Phường 3", "3"),
            ("P.3", "3"),
            ("TP.HCM", "ho chi minh"),
            // A name that only begins like a kind keeps it.
            ("Xã Xà Phìn", "xa phin"),
            ("Tân Lập", "tan lap"),
        ] {
            assert_eq!(name_key(name), key, "{name}");
        }
    }

    #[test]
    fn a_written_place_is_cut_into_its_parts() {
        assert_eq!(
            place_parts("xã Tân Lập, huyện Mường Khương, tỉnh Lào Cai"),
            vec!["tan lap", "muong khuong", "lao cai"]
        );
        assert_eq!(
            place_parts("Tân Lập - Mường Khương - Lào Cai, Việt Nam"),
            vec!["tan lap", "muong khuong", "lao cai"]
        );
        assert_eq!(
            place_parts("P.3, Q.5, TP.HCM"),
            vec!["3", "5", "ho chi minh"]
        );
        assert_eq!(
            place_parts("Phường Đô Vinh - TP. Phan Rang-Tháp Chàm - Ninh Thuận"),
            vec!["do vinh", "phan rang-thap cham", "ninh thuan"]
        );
        assert_eq!(place_parts("  ,  "), Vec::<String>::new());
    }
}
