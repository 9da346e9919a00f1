//! Blocking keys: what lets the duplicate search fetch, in one indexed
//! query, every known person the scoring could call a candidate, and few
//! others. A candidate needs the same identity number, or a name reason
//! together with a birth year within one or the same home commune (see the
//! weights in [`super::score`]); names tolerate one edit inside a word and
//! any order of words. So a name is keyed by its words sorted, as written and
//! with each one-letter deletion: two names one edit apart share a deletion
//! (a changed letter deleted from both, an extra letter from the longer, one
//! of two swapped letters from both).
//!
//! The weights decide which keys a known person needs, and so how many rows
//! the index holds (a national one holds millions of persons): a name one
//! letter apart scores as a candidate only with a birth year (25 + 20, or
//! 25 + 12 + 15 with the home commune), so the deletions are filed with the
//! birth year alone; the same name (in any order) is a candidate with a
//! year within one or the same commune, so the name as written is filed with
//! both. The probe looks its deletions up for each year within one. The
//! test below checks the keys against the scoring itself.
//!
//! Not covered: an edit that joins or splits words ("Thi Hoa" / "Thihoa").

use super::PersonFacts;
use crate::matching::fold_name;
use std::collections::BTreeSet;

/// One key under which a person is filed and looked up.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum BlockingKey {
    NameAndBirthYear { name: String, year: i32 },
    NameAndHomeCommune { name: String, commune: String },
    IdentityNumber(String),
}

impl BlockingKey {
    /// The key as one string, for the store to hash into its index.
    pub fn text(&self) -> String {
        match self {
            BlockingKey::NameAndBirthYear { name, year } => format!("ny|{year}|{name}"),
            BlockingKey::NameAndHomeCommune { name, commune } => format!("nc|{commune}|{name}"),
            BlockingKey::IdentityNumber(number) => format!("id|{number}"),
        }
    }
}

/// The keys a known person is filed under.
pub fn keys_of_known(facts: &PersonFacts) -> BTreeSet<BlockingKey> {
    keys(facts, facts.birth_year.map(|y| y..=y))
}

/// The keys to look up for a person being received: a known person who
/// could score as a candidate is filed under at least one of them.
pub fn keys_of_probe(facts: &PersonFacts) -> BTreeSet<BlockingKey> {
    keys(
        facts,
        facts
            .birth_year
            .map(|y| y.saturating_sub(1)..=y.saturating_add(1)),
    )
}

fn keys(
    facts: &PersonFacts,
    years: Option<std::ops::RangeInclusive<i32>>,
) -> BTreeSet<BlockingKey> {
    let mut keys = BTreeSet::new();
    let (as_written, deletions) = name_variants(&facts.full_name);
    for name in as_written.iter().chain(&deletions) {
        for year in years.clone().into_iter().flatten() {
            keys.insert(BlockingKey::NameAndBirthYear {
                name: name.clone(),
                year,
            });
        }
    }
    if let (Some(name), Some(commune)) = (&as_written, &facts.home_commune_2025) {
        keys.insert(BlockingKey::NameAndHomeCommune {
            name: name.clone(),
            commune: commune.clone(),
        });
    }
    for number in facts.identity_numbers.iter().filter(|n| !n.is_empty()) {
        keys.insert(BlockingKey::IdentityNumber(number.clone()));
    }
    keys
}

/// The name's words sorted as written, and with any one letter deleted.
fn name_variants(full_name: &str) -> (Option<String>, BTreeSet<String>) {
    let folded = fold_name(full_name);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut variants = BTreeSet::new();
    if words.is_empty() {
        return (None, variants);
    }
    let as_written = sorted_join(words.iter().map(|w| (*w).to_owned()));
    for (i, word) in words.iter().enumerate() {
        for (at, _) in word.char_indices() {
            let shortened: String = word
                .char_indices()
                .filter(|(j, _)| *j != at)
                .map(|(_, c)| c)
                .collect();
            let others = words
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .map(|(_, w)| (*w).to_owned());
            let variant = sorted_join(others.chain((!shortened.is_empty()).then_some(shortened)));
            if !variant.is_empty() && variant != as_written {
                variants.insert(variant);
            }
        }
    }
    (Some(as_written), variants)
}

/// Words sorted and joined by one space: a name whatever the order of its parts.
pub(super) fn sorted_join(words: impl Iterator<Item = String>) -> String {
    let mut words: Vec<String> = words.collect();
    words.sort_unstable();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::score;
    use super::*;

    fn facts(name: &str, year: Option<i32>, commune: Option<&str>, ids: &[&str]) -> PersonFacts {
        PersonFacts {
            full_name: name.into(),
            birth_year: year,
            home_commune_2025: commune.map(str::to_owned),
            identity_numbers: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn share_a_key(probe: &PersonFacts, known: &PersonFacts) -> bool {
        !keys_of_probe(probe).is_disjoint(&keys_of_known(known))
    }

    /// Every one-letter edit of every word: substitutions, insertions,
    /// deletions and swaps of neighbours.
    fn one_edit_apart(name: &str) -> Vec<String> {
        let chars: Vec<char> = name.chars().collect();
        let mut out = Vec::new();
        for i in 0..chars.len() {
            if chars[i] == ' ' {
                continue;
            }
            let mut deleted = chars.clone();
            deleted.remove(i);
            out.push(deleted.iter().collect());
            for c in ['a', 'x', 'h'] {
                let mut changed = chars.clone();
                changed[i] = c;
                out.push(changed.iter().collect());
                let mut inserted = chars.clone();
                inserted.insert(i, c);
                out.push(inserted.iter().collect());
            }
            if i + 1 < chars.len() && chars[i + 1] != ' ' {
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                out.push(swapped.iter().collect());
            }
        }
        out
    }

    #[test]
    fn every_candidate_the_scoring_finds_shares_a_key_with_the_probe() {
        let known_names = ["Nguyễn Thị Hoa", "Lò Mai", "Hoàng A Sử", "Vàng Thị Mỷ Dung"];
        let mut checked = 0;
        for name in known_names {
            let folded = fold_name(name);
            let mut probes: Vec<String> = one_edit_apart(&folded);
            probes.push(folded.split(' ').rev().collect::<Vec<_>>().join(" "));
            probes.push(name.to_uppercase());
            for probe_name in probes {
                for (probe_year, known_year) in [
                    (Some(1995), Some(1995)),
                    (Some(1996), Some(1995)),
                    (None, Some(1995)),
                    (Some(1995), None),
                ] {
                    for (probe_commune, known_commune) in [
                        (Some("2025/15/1"), Some("2025/15/1")),
                        (None, Some("2025/15/1")),
                        (Some("2025/15/1"), Some("2025/15/2")),
                    ] {
                        let known = facts(name, known_year, known_commune, &[]);
                        let probe = facts(&probe_name, probe_year, probe_commune, &[]);
                        if score(&probe, &known).is_some() {
                            checked += 1;
                            assert!(
                                share_a_key(&probe, &known),
                                "{probe_name:?} / {name:?} {probe_year:?} {probe_commune:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(checked > 1000, "only {checked} candidate pairs checked");
    }

    #[test]
    fn the_same_identity_number_is_one_key_whatever_the_name() {
        let known = facts("Trần Văn Nam", None, None, &["001095012345"]);
        let probe = facts("Someone Else", Some(1970), None, &["001095012345"]);
        assert!(share_a_key(&probe, &known));
    }

    #[test]
    fn strangers_and_namesakes_born_years_apart_share_no_key() {
        let known = facts("Nguyễn Thị Hoa", Some(1995), Some("2025/15/1"), &["1"]);
        for probe in [
            facts("Trần Văn Nam", Some(1995), Some("2025/15/1"), &["2"]),
            facts("Nguyễn Thị Hoa", Some(1990), Some("2025/15/2"), &[]),
            facts("Nguyễn Thị Hoa", None, None, &[]),
            facts("", Some(1995), Some("2025/15/1"), &[]),
        ] {
            assert!(!share_a_key(&probe, &known), "{probe:?}");
        }
    }

    #[test]
    fn keys_read_as_their_kind_and_values() {
        let keys: BTreeSet<String> =
            keys_of_known(&facts("Mai", Some(2001), Some("2025/1/2"), &["X1"]))
                .iter()
                .map(BlockingKey::text)
                .collect();
        let expected: BTreeSet<String> = [
            "ny|2001|mai",
            "ny|2001|ai",
            "ny|2001|mi",
            "ny|2001|ma",
            "nc|2025/1/2|mai",
            "id|X1",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        assert_eq!(keys, expected);
    }
}
