//! k-anonymity of the quasi-identifiers (year, gender, age, citizenship,
//! country of exploitation): every combination written occurs at least k
//! times. Generalisation comes first, over the whole file: of all the
//! combinations of levels, the one losing least that leaves at most
//! `SUPPRESSION_BUDGET_PERCENT` of the persons in groups smaller than k
//! (an optimal lattice search, as in Incognito or ARX); those persons are
//! then suppressed.

use super::variables::{Attributes, QuasiIdentifiers, VictimRecord};
use std::collections::{HashMap, HashSet};

pub const DEFAULT_K: u32 = 10;
/// The share of persons suppression may take before a variable is generalised further.
pub const SUPPRESSION_BUDGET_PERCENT: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    Year,
    Gender,
    Age,
    Citizenship,
    CountryOfExploitation,
}

impl Variable {
    pub fn column(self) -> &'static str {
        match self {
            Variable::Year => "yearOfRegistration",
            Variable::Gender => "gender",
            Variable::Age => "ageBroad",
            Variable::Citizenship => "citizenship",
            Variable::CountryOfExploitation => "CountryOfExploitation",
        }
    }

    fn top_level(self) -> u8 {
        match self {
            Variable::Year | Variable::Gender => 1,
            Variable::Citizenship | Variable::CountryOfExploitation => 2,
            Variable::Age => 3,
        }
    }

    /// What a level of generalisation did, in Vietnamese and English.
    fn describe(self, level: u8, k: u32) -> (String, String) {
        let (vi, en) = match (self, level) {
            (Variable::Year, _) => (
                "Năm đăng ký được gộp thành cả kỳ (từ năm–đến năm).".to_owned(),
                "Year of registration given as the period's range of years.".to_owned(),
            ),
            (Variable::Gender, _) => (
                "Giới tính không được nêu.".to_owned(),
                "Gender not given.".to_owned(),
            ),
            (Variable::Age, 1) => (
                "Nhóm tuổi được gộp: 0–17, 18–29, từ 30.".to_owned(),
                "Age bands widened to 0–17, 18–29, 30+.".to_owned(),
            ),
            (Variable::Age, 2) => (
                "Nhóm tuổi được gộp: dưới 18, từ 18.".to_owned(),
                "Age bands widened to under 18 and 18+.".to_owned(),
            ),
            (Variable::Age, _) => (
                "Tuổi không được nêu.".to_owned(),
                "Age not given.".to_owned(),
            ),
            (Variable::Citizenship | Variable::CountryOfExploitation, 1) => (
                format!("Quốc gia có dưới {k} người không được nêu."),
                format!("Countries of fewer than {k} persons not given."),
            ),
            (Variable::Citizenship | Variable::CountryOfExploitation, _) => (
                "Quốc gia không được nêu.".to_owned(),
                "Country not given.".to_owned(),
            ),
        };
        (vi, en)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Levels {
    year: u8,
    gender: u8,
    age: u8,
    citizenship: u8,
    country: u8,
}

impl Levels {
    fn of(&self, variable: Variable) -> u8 {
        match variable {
            Variable::Year => self.year,
            Variable::Gender => self.gender,
            Variable::Age => self.age,
            Variable::Citizenship => self.citizenship,
            Variable::CountryOfExploitation => self.country,
        }
    }

    /// What generalisation loses, in twelfths of a variable: each variable
    /// counts by how far up its levels it went; gender twice, as the
    /// variable every figure is broken down by.
    fn loss(&self) -> u32 {
        let share =
            |level: u8, top: u8, weight: u32| u32::from(level) * 12 / u32::from(top) * weight;
        share(self.year, Variable::Year.top_level(), 1)
            + share(self.gender, Variable::Gender.top_level(), 2)
            + share(self.age, Variable::Age.top_level(), 1)
            + share(self.citizenship, Variable::Citizenship.top_level(), 1)
            + share(self.country, Variable::CountryOfExploitation.top_level(), 1)
    }

    fn raise(&mut self, variable: Variable) {
        let level = match variable {
            Variable::Year => &mut self.year,
            Variable::Gender => &mut self.gender,
            Variable::Age => &mut self.age,
            Variable::Citizenship => &mut self.citizenship,
            Variable::CountryOfExploitation => &mut self.country,
        };
        *level = level.saturating_add(1);
    }
}

/// The quasi-identifiers as written, after generalisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WrittenQuasi {
    pub year: String,
    pub gender: Option<&'static str>,
    pub age: Option<&'static str>,
    pub citizenship: Option<&'static str>,
    pub country_of_exploitation: Option<&'static str>,
}

/// What the whole file's generalisation depends on.
struct Context {
    first_year: i32,
    last_year: i32,
    common_citizenships: HashSet<&'static str>,
    common_countries: HashSet<&'static str>,
}

impl Context {
    fn new(records: &[VictimRecord], k: usize, years: (i32, i32)) -> Context {
        let common = |value: fn(&QuasiIdentifiers) -> Option<&'static str>| {
            let mut counts: HashMap<&'static str, usize> = HashMap::new();
            for record in records {
                if let Some(v) = value(&record.quasi) {
                    *counts.entry(v).or_default() += 1;
                }
            }
            counts
                .into_iter()
                .filter(|(_, n)| *n >= k)
                .map(|(v, _)| v)
                .collect()
        };
        Context {
            first_year: years.0,
            last_year: years.1,
            common_citizenships: common(|q| q.citizenship),
            common_countries: common(|q| q.country_of_exploitation),
        }
    }

    fn can_raise(&self, levels: &Levels, variable: Variable) -> bool {
        let room = levels.of(variable) < variable.top_level();
        match variable {
            // A period within one year has nothing to widen to.
            Variable::Year => room && self.first_year != self.last_year,
            Variable::Gender
            | Variable::Age
            | Variable::Citizenship
            | Variable::CountryOfExploitation => room,
        }
    }

    fn write(&self, quasi: &QuasiIdentifiers, levels: &Levels) -> WrittenQuasi {
        let country =
            |value: Option<&'static str>, level: u8, common: &HashSet<&'static str>| match level {
                0 => value,
                1 => value.filter(|v| common.contains(v)),
                _ => None,
            };
        WrittenQuasi {
            year: match levels.year {
                0 => quasi.year.to_string(),
                _ => format!("{}--{}", self.first_year, self.last_year),
            },
            gender: match levels.gender {
                0 => quasi.gender.map(|g| g.label()),
                _ => None,
            },
            age: quasi.age.and_then(|age| age_band(age, levels.age)),
            citizenship: country(
                quasi.citizenship,
                levels.citizenship,
                &self.common_citizenships,
            ),
            country_of_exploitation: country(
                quasi.country_of_exploitation,
                levels.country,
                &self.common_countries,
            ),
        }
    }
}

/// CTDC's age bands, widened by level; none at the top level.
fn age_band(age: u32, level: u8) -> Option<&'static str> {
    match level {
        0 => Some(match age {
            0..=8 => "0--8",
            9..=17 => "9--17",
            18..=20 => "18--20",
            21..=23 => "21--23",
            24..=26 => "24--26",
            27..=29 => "27--29",
            30..=38 => "30--38",
            39..=47 => "39--47",
            _ => "48+",
        }),
        1 => Some(match age {
            0..=17 => "0--17",
            18..=29 => "18--29",
            _ => "30+",
        }),
        2 => Some(if age < 18 { "0--17" } else { "18+" }),
        _ => None,
    }
}

/// Every combination of levels (at most 2 × 2 × 4 × 3 × 3 = 144) is tried:
/// of those that leave at most the budget to suppress, the one that loses
/// least; when none does, the one that suppresses fewest.
fn least_loss(records: &[VictimRecord], context: &Context, k: usize) -> Levels {
    let budget = records.len() * SUPPRESSION_BUDGET_PERCENT / 100;
    let top = |variable: Variable| {
        let mut levels = Levels::default();
        while context.can_raise(&levels, variable) {
            levels.raise(variable);
        }
        levels.of(variable)
    };
    let mut best: Option<((bool, usize, usize), Levels)> = None;
    for year in 0..=top(Variable::Year) {
        for gender in 0..=top(Variable::Gender) {
            for age in 0..=top(Variable::Age) {
                for citizenship in 0..=top(Variable::Citizenship) {
                    for country in 0..=top(Variable::CountryOfExploitation) {
                        let levels = Levels {
                            year,
                            gender,
                            age,
                            citizenship,
                            country,
                        };
                        let suppressed = groups(records, context, &levels, k).2;
                        let loss = usize::try_from(levels.loss()).unwrap_or(usize::MAX);
                        // Within the budget: least loss, then fewest suppressed.
                        // Beyond it: fewest suppressed, then least loss.
                        let key = if suppressed <= budget {
                            (false, loss, suppressed)
                        } else {
                            (true, suppressed, loss)
                        };
                        if best.as_ref().is_none_or(|(kept, _)| key < *kept) {
                            best = Some((key, levels));
                        }
                    }
                }
            }
        }
    }
    best.map(|(_, levels)| levels).unwrap_or_default()
}

/// The persons' written quasi-identifiers at `levels`, each combination's
/// count, and how many persons are in combinations of fewer than `k`.
fn groups(
    records: &[VictimRecord],
    context: &Context,
    levels: &Levels,
    k: usize,
) -> (Vec<WrittenQuasi>, HashMap<WrittenQuasi, usize>, usize) {
    let written: Vec<WrittenQuasi> = records
        .iter()
        .map(|r| context.write(&r.quasi, levels))
        .collect();
    let mut counts: HashMap<WrittenQuasi, usize> = HashMap::new();
    for quasi in &written {
        *counts.entry(quasi.clone()).or_default() += 1;
    }
    let in_small_groups = written
        .iter()
        .filter(|q| counts.get(*q).copied().unwrap_or(0) < k)
        .count();
    (written, counts, in_small_groups)
}

/// A variable generalised, and what that did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generalisation {
    pub variable: &'static str,
    pub level: u8,
    pub vi: String,
    pub en: String,
}

/// What the file promises: k, what was generalised, how many were left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub k: u32,
    /// Identified or presumed victims registered in the period.
    pub persons: usize,
    pub written: usize,
    pub suppressed: usize,
    pub generalised: Vec<Generalisation>,
}

/// The persons written, in the order of the input, with the index each
/// came from (for tests; it never leaves the server).
#[derive(Debug, Clone)]
pub struct Anonymised {
    pub rows: Vec<(WrittenQuasi, Attributes)>,
    pub kept_from: Vec<usize>,
    pub statement: Statement,
}

/// Makes `records` k-anonymous. `years` are the first and last years of
/// the period, to which the year may be widened.
pub fn anonymise(records: &[VictimRecord], k: u32, years: (i32, i32)) -> Anonymised {
    let k_persons = usize::try_from(k.max(1)).unwrap_or(usize::MAX);
    let context = Context::new(records, k_persons, years);
    let levels = least_loss(records, &context, k_persons);
    let (written, counts, _) = groups(records, &context, &levels, k_persons);
    let mut rows = Vec::new();
    let mut kept_from = Vec::new();
    for (index, (quasi, record)) in written.into_iter().zip(records).enumerate() {
        if counts.get(&quasi).copied().unwrap_or(0) >= k_persons {
            rows.push((quasi, record.attributes.clone()));
            kept_from.push(index);
        }
    }
    let generalised = [
        Variable::Year,
        Variable::Gender,
        Variable::Age,
        Variable::Citizenship,
        Variable::CountryOfExploitation,
    ]
    .into_iter()
    .filter(|v| levels.of(*v) > 0)
    .map(|v| {
        let level = levels.of(v);
        let (vi, en) = v.describe(level, k);
        Generalisation {
            variable: v.column(),
            level,
            vi,
            en,
        }
    })
    .collect();
    Anonymised {
        statement: Statement {
            k,
            persons: records.len(),
            written: rows.len(),
            suppressed: records.len() - rows.len(),
            generalised,
        },
        rows,
        kept_from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctdc::variables::Gender;

    fn person(year: i32, age: u32, citizenship: &'static str) -> VictimRecord {
        VictimRecord {
            quasi: QuasiIdentifiers {
                year,
                gender: Some(Gender::Woman),
                age: Some(age),
                citizenship: Some(citizenship),
                country_of_exploitation: Some("CHN"),
            },
            attributes: Attributes {
                traffick_months: None,
                means: None,
                exploitation: None,
                recruiter: None,
            },
        }
    }

    #[test]
    fn groups_big_enough_are_written_as_they_are() {
        let records: Vec<_> = (0..10).map(|_| person(2026, 19, "VNM")).collect();
        let out = anonymise(&records, 10, (2026, 2026));
        assert_eq!(out.statement.suppressed, 0);
        assert!(out.statement.generalised.is_empty());
        assert_eq!(out.rows[0].0.age, Some("18--20"));
    }

    #[test]
    fn ages_widen_before_anyone_is_left_out() {
        // Ten women of 19 to 28: each band alone is too small, together enough.
        let records: Vec<_> = (0..10).map(|i| person(2026, 19 + i, "VNM")).collect();
        let out = anonymise(&records, 10, (2026, 2026));
        assert_eq!(out.statement.suppressed, 0);
        assert_eq!(out.rows[0].0.age, Some("18--29"));
        assert_eq!(out.statement.generalised[0].variable, "ageBroad");
        assert_eq!(out.statement.generalised[0].level, 1);
    }

    #[test]
    fn a_file_smaller_than_k_writes_no_one() {
        let records: Vec<_> = (0..9).map(|_| person(2026, 19, "VNM")).collect();
        let out = anonymise(&records, 10, (2025, 2026));
        assert_eq!(out.statement.written, 0);
        assert_eq!(out.statement.suppressed, 9);
    }

    #[test]
    fn a_rare_citizenship_is_not_named() {
        let mut records: Vec<_> = (0..40).map(|_| person(2026, 19, "VNM")).collect();
        records.push(person(2026, 19, "LAO"));
        records.push(person(2026, 19, "LAO"));
        let out = anonymise(&records, 2, (2026, 2026));
        assert_eq!(out.statement.suppressed, 0);
        let out = anonymise(&records, 3, (2026, 2026));
        // Two of 42 is within the budget: they are suppressed, not the
        // whole column generalised.
        assert_eq!(out.statement.suppressed, 2);
        assert!(out.rows.iter().all(|(q, _)| q.citizenship == Some("VNM")));
    }
}
