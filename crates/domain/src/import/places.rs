//! Places written as text — "xã Bản Lầu, huyện Mường Khương, tỉnh Lào Cai",
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
    "t.",
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

/// Words that begin a part below the commune (a hamlet, a street, a house
/// number): such a part is passed over when no unit bears its name.
const BELOW_COMMUNE: &[&str] = &[
    "thon", "xom", "ap", "ban", "to", "khu pho", "khu", "so nha", "so", "duong", "ngo", "ngach",
    "hem", "cum", "lang", "doi",
];

/// A unit as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitName {
    /// `2025/15/02788` or `legacy/10/083/02788`: the generation is its first part.
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
}

/// What a written place came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceMatch {
    /// Nothing written.
    Empty,
    /// One unit: the 2025 one when the text fits both generations.
    Unit(String),
    /// Several units fit what is written (up to five named).
    Ambiguous(Vec<String>),
    /// No unit has the most specific name; `within` is the unit the rest
    /// of the text names, if it names one — never taken for the place.
    Unknown { within: Option<String> },
}

/// Every unit by the key of its name, with its parent.
#[derive(Debug, Clone, Default)]
pub struct PlaceIndex {
    by_key: std::collections::HashMap<String, Vec<usize>>,
    units: Vec<(UnitName, String)>,
    position: std::collections::HashMap<String, usize>,
}

/// Candidates named in an ambiguity.
const NAMED_AT_MOST: usize = 5;

impl PlaceIndex {
    pub fn new(units: impl IntoIterator<Item = UnitName>) -> PlaceIndex {
        let mut index = PlaceIndex::default();
        for unit in units {
            let key = name_key(&unit.name);
            let at = index.units.len();
            index.by_key.entry(key.clone()).or_default().push(at);
            index.position.insert(unit.id.clone(), at);
            index.units.push((unit, key));
        }
        index
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The units whose name is `parts[0]` and whose ancestors bear the
    /// other parts, in order upwards.
    fn fitting(&self, parts: &[String]) -> Vec<&str> {
        let Some((first, rest)) = parts.split_first() else {
            return Vec::new();
        };
        self.by_key
            .get(first)
            .into_iter()
            .flatten()
            .filter_map(|at| self.units.get(*at))
            .filter(|(unit, _)| self.ancestors_bear(unit, rest))
            .map(|(unit, _)| unit.id.as_str())
            .collect()
    }

    fn ancestors_bear(&self, unit: &UnitName, parts: &[String]) -> bool {
        let mut remaining = parts.iter().peekable();
        let mut parent = unit.parent_id.as_deref();
        while let (Some(id), Some(wanted)) = (parent, remaining.peek()) {
            let Some((ancestor, key)) = self.position.get(id).and_then(|at| self.units.get(*at))
            else {
                break;
            };
            if key == *wanted {
                remaining.next();
            }
            parent = ancestor.parent_id.as_deref();
        }
        remaining.peek().is_none()
    }

    /// The unit a written place names, or why there is none.
    pub fn resolve(&self, text: &str) -> PlaceMatch {
        let mut parts = place_parts(text);
        if parts.is_empty() {
            return PlaceMatch::Empty;
        }
        // Parts below the commune that name no unit are passed over.
        while parts.len() > 1
            && !self
                .by_key
                .contains_key(parts.first().map_or("", String::as_str))
            && parts.first().is_some_and(|p| below_commune(p))
        {
            parts.remove(0);
        }
        let fitting = self.fitting(&parts);
        let today: Vec<&str> = fitting
            .iter()
            .copied()
            .filter(|id| id.starts_with("2025/"))
            .collect();
        let mut chosen = if today.is_empty() { fitting } else { today };
        // "Lào Cai" alone is the province, not its ward of that name: when
        // one candidate holds all the others, the text is true of it.
        if let Some(holding) = chosen.iter().copied().find(|outer| {
            chosen
                .iter()
                .all(|inner| inner == outer || strictly_within(inner, outer))
        }) {
            chosen = vec![holding];
        }
        match chosen.as_slice() {
            [one] => PlaceMatch::Unit((*one).to_owned()),
            [] => PlaceMatch::Unknown {
                within: parts
                    .get(1..)
                    .and_then(|rest| match self.resolve_parts(rest) {
                        PlaceMatch::Unit(id) => Some(id),
                        PlaceMatch::Empty
                        | PlaceMatch::Ambiguous(_)
                        | PlaceMatch::Unknown { .. } => None,
                    }),
            },
            many => PlaceMatch::Ambiguous(
                many.iter()
                    .take(NAMED_AT_MOST)
                    .map(|id| (*id).to_owned())
                    .collect(),
            ),
        }
    }

    fn resolve_parts(&self, parts: &[String]) -> PlaceMatch {
        self.resolve(&parts.join(", "))
    }
}

fn strictly_within(inner: &str, outer: &str) -> bool {
    crate::admin_unit::is_within(inner, outer) && inner != outer
}

fn below_commune(part: &str) -> bool {
    BELOW_COMMUNE.iter().any(|word| {
        part.strip_prefix(word)
            .is_some_and(|rest| rest.starts_with(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> PlaceIndex {
        let unit = |id: &str, name: &str, parent: Option<&str>| UnitName {
            id: id.into(),
            name: name.into(),
            parent_id: parent.map(str::to_owned),
        };
        PlaceIndex::new([
            unit("legacy/10", "Tỉnh Lào Cai", None),
            unit("legacy/10/083", "Huyện Mường Khương", Some("legacy/10")),
            unit("legacy/10/083/02788", "Xã Bản Lầu", Some("legacy/10/083")),
            unit(
                "legacy/10/083/02761",
                "Thị trấn Mường Khương",
                Some("legacy/10/083"),
            ),
            unit("legacy/10/085", "Huyện Bát Xát", Some("legacy/10")),
            unit("legacy/10/085/02800", "Xã Tân Lập", Some("legacy/10/085")),
            unit("2025/15", "Tỉnh Lào Cai", None),
            unit("2025/15/02788", "Xã Bản Lầu", Some("2025/15")),
            unit("2025/15/02761", "Xã Mường Khương", Some("2025/15")),
            unit("2025/15/09999", "Xã Tân Lập", Some("2025/15")),
            unit("2025/44", "Tỉnh Quảng Trị", None),
            unit("2025/44/19462", "Xã Tân Lập", Some("2025/44")),
        ])
    }

    #[test]
    fn a_written_place_finds_its_unit_in_either_generation() {
        let index = units();
        let unit = |id: &str| PlaceMatch::Unit(id.to_owned());
        // A district named: only the legacy tables have one.
        assert_eq!(
            index.resolve("xã Bản Lầu, huyện Mường Khương, tỉnh Lào Cai"),
            unit("legacy/10/083/02788")
        );
        // Without it, today's unit.
        assert_eq!(index.resolve("Ban Lau, Lao Cai"), unit("2025/15/02788"));
        assert_eq!(
            index.resolve("Thôn 2, Bản Lầu - Lào Cai"),
            unit("2025/15/02788")
        );
        assert_eq!(index.resolve("tỉnh Lào Cai"), unit("2025/15"));
        assert_eq!(index.resolve("Mường Khương"), unit("2025/15/02761"));
        assert_eq!(index.resolve("Tân Lập, Quảng Trị"), unit("2025/44/19462"));
        assert_eq!(
            index.resolve("xã Tân Lập"),
            PlaceMatch::Ambiguous(vec!["2025/15/09999".into(), "2025/44/19462".into()])
        );
        assert_eq!(
            index.resolve("xã Không Có, tỉnh Lào Cai"),
            PlaceMatch::Unknown {
                within: Some("2025/15".into())
            }
        );
        assert_eq!(
            index.resolve("xã Bản Lầu, tỉnh Quảng Trị"),
            PlaceMatch::Unknown {
                within: Some("2025/44".into())
            },
            "no Bản Lầu there"
        );
        assert_eq!(
            index.resolve("xã Không Có"),
            PlaceMatch::Unknown { within: None }
        );
        assert_eq!(index.resolve(" "), PlaceMatch::Empty);
    }

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
