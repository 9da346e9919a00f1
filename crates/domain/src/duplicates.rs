//! Is this the same person? Scoring a person recorded at reception against one
//! already known, with the reasons a case worker can check. Names are compared
//! folded (no diacritics, any case), tolerating one typo (a swapped pair of
//! letters counts as one) and any order of the
//! name's parts; years of birth within one; home communes across the 2025
//! reorganisation (the caller maps legacy units to their successors).

pub mod blocking;

use crate::matching::fold_name;
use serde::Serialize;

/// What matching needs to know of a person; built by the store.
#[derive(Debug, Clone, Default)]
pub struct PersonFacts {
    pub full_name: String,
    pub birth_year: Option<i32>,
    /// The home commune as a 2025 unit id (legacy units already mapped).
    pub home_commune_2025: Option<String>,
    /// Folded identity numbers.
    pub identity_numbers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Reason {
    SameIdentityNumber,
    SameName,
    SameNameReordered,
    NameOneLetterApart,
    SameBirthYear,
    BirthYearWithinOne,
    SameHomeCommune,
}

impl Reason {
    fn weight(self) -> u32 {
        match self {
            Reason::SameIdentityNumber => 60,
            Reason::SameName => 35,
            Reason::SameNameReordered => 30,
            Reason::NameOneLetterApart => 25,
            Reason::SameBirthYear => 20,
            Reason::BirthYearWithinOne => 12,
            Reason::SameHomeCommune => 15,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// 0–100.
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// Below this a candidate is not worth a case worker's time.
pub const CANDIDATE_THRESHOLD: u32 = 45;

pub fn score(probe: &PersonFacts, known: &PersonFacts) -> Option<Match> {
    let mut reasons = Vec::new();
    if probe
        .identity_numbers
        .iter()
        .any(|n| !n.is_empty() && known.identity_numbers.contains(n))
    {
        reasons.push(Reason::SameIdentityNumber);
    }
    if let Some(reason) = name_reason(&probe.full_name, &known.full_name) {
        reasons.push(reason);
    }
    match (probe.birth_year, known.birth_year) {
        (Some(a), Some(b)) if a == b => reasons.push(Reason::SameBirthYear),
        (Some(a), Some(b)) if a.abs_diff(b) == 1 => reasons.push(Reason::BirthYearWithinOne),
        _ => {}
    }
    if probe.home_commune_2025.is_some() && probe.home_commune_2025 == known.home_commune_2025 {
        reasons.push(Reason::SameHomeCommune);
    }
    let score = reasons.iter().map(|r| r.weight()).sum::<u32>().min(100);
    (score >= CANDIDATE_THRESHOLD).then_some(Match { score, reasons })
}

fn name_reason(a: &str, b: &str) -> Option<Reason> {
    let (a, b) = (fold_name(a), fold_name(b));
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some(Reason::SameName);
    }
    let sorted = |s: &str| blocking::sorted_join(s.split(' ').map(str::to_owned));
    let (sa, sb) = (sorted(&a), sorted(&b));
    if sa == sb {
        return Some(Reason::SameNameReordered);
    }
    if strsim::osa_distance(&a, &b) <= 1 || strsim::osa_distance(&sa, &sb) <= 1 {
        return Some(Reason::NameOneLetterApart);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: &str, year: Option<i32>, commune: Option<&str>, ids: &[&str]) -> PersonFacts {
        PersonFacts {
            full_name: name.into(),
            birth_year: year,
            home_commune_2025: commune.map(str::to_owned),
            identity_numbers: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn the_same_woman_typed_without_diacritics_matches() {
        let known = facts("Nguyễn Thị Hoa", Some(1998), Some("2025/15/02683"), &[]);
        let m = score(
            &facts("Nguyen thi hoa", Some(1999), Some("2025/15/02683"), &[]),
            &known,
        )
        .unwrap();
        assert_eq!(
            m.reasons,
            vec![
                Reason::SameName,
                Reason::BirthYearWithinOne,
                Reason::SameHomeCommune
            ]
        );
        assert_eq!(m.score, 62);
    }

    #[test]
    fn typos_and_reordered_given_names_still_match() {
        let known = facts("Nguyễn Thị Hoa", Some(1998), None, &[]);
        assert_eq!(
            score(&facts("Nguyễn Thị Hao", Some(1998), None, &[]), &known)
                .unwrap()
                .reasons[0],
            Reason::NameOneLetterApart
        );
        assert_eq!(
            score(&facts("Hoa Nguyễn Thị", Some(1998), None, &[]), &known)
                .unwrap()
                .reasons[0],
            Reason::SameNameReordered
        );
    }

    #[test]
    fn an_identity_number_alone_is_enough_and_strangers_are_not_candidates() {
        let known = facts("Trần Thị Mai", None, None, &["001190012345"]);
        assert_eq!(
            score(&facts("Lò Thị Xuân", None, None, &["001190012345"]), &known)
                .unwrap()
                .reasons,
            vec![Reason::SameIdentityNumber]
        );
        assert_eq!(
            score(
                &facts("Lò Thị Xuân", Some(1998), None, &[]),
                &facts("Trần Thị Mai", Some(1998), None, &[])
            ),
            None
        );
        assert_eq!(
            score(
                &facts("Nguyễn Thị Hoa", Some(1980), None, &[]),
                &facts("Nguyễn Thị Hoa", Some(1998), None, &[])
            ),
            None,
            "a common name alone is not enough"
        );
    }
}
