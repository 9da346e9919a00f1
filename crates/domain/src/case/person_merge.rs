//! Merging two records of the same person: the kept record takes what only
//! the other one knew, and nothing either said is lost.

use super::person::Person;
use crate::matching::{fold_identity_number, fold_name};
use crate::{Violation, Violations};

/// The decision to merge one person record into another, checked before the
/// store writes it (with a history entry on every case of both records, in
/// one transaction, as every other step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergePersons<'a> {
    pub kept_person_id: i64,
    pub merged_person_id: i64,
    pub reason: &'a str,
}

impl MergePersons<'_> {
    pub fn check(&self) -> Result<(), Violations> {
        let mut violations = Violations::default();
        if self.reason.trim().is_empty() {
            violations.push(Violation::new(
                "reason",
                "required",
                "Hãy ghi lý do gộp hai hồ sơ người.",
                "Give the reason for merging the two person records.",
            ));
        }
        if self.kept_person_id == self.merged_person_id {
            violations.push(Violation::new(
                "merge_person_id",
                "different",
                "Không thể gộp một hồ sơ người với chính nó.",
                "A person record cannot be merged with itself.",
            ));
        }
        if let Err(texts) =
            super::limits::check_texts(&serde_json::json!({ "reason": self.reason }))
        {
            violations.0.extend(texts.0);
        }
        violations.into_result()
    }

    /// The kept person after the merge, and what moved.
    pub fn apply(&self, kept: &Person, merged: &Person) -> (Person, Absorbed) {
        let mut person = kept.clone();
        let absorbed = person.absorb(merged);
        (person, absorbed)
    }
}

/// What the merge changed, for the history of the cases that move.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Absorbed {
    /// Relative numbers of the merged record (from 1) and their numbers on the kept one.
    pub relatives_renumbered: Vec<(u32, u32)>,
}

impl Person {
    /// Takes in `other`'s names, papers, relatives and anything this record left blank.
    pub fn absorb(&mut self, other: &Person) -> Absorbed {
        let known_name = |names: &[String], name: &str| {
            let key = fold_name(name);
            names.iter().any(|n| fold_name(n) == key)
        };
        let mut names = vec![self.full_name.clone()];
        names.extend(self.other_names.iter().cloned());
        for name in std::iter::once(&other.full_name).chain(&other.other_names) {
            if !name.trim().is_empty() && !known_name(&names, name) {
                self.other_names.push(name.clone());
                names.push(name.clone());
            }
        }
        for paper in &other.identity_papers {
            let number = fold_identity_number(&paper.number);
            let known = self
                .identity_papers
                .iter()
                .any(|p| p.kind == paper.kind && fold_identity_number(&p.number) == number);
            if !known {
                self.identity_papers.push(paper.clone());
            }
        }
        for language in &other.languages {
            if !self.languages.contains(language) {
                self.languages.push(language.clone());
            }
        }
        fill(&mut self.birth, &other.birth);
        fill(&mut self.ethnicity, &other.ethnicity);
        fill(&mut self.nationality, &other.nationality);
        fill(&mut self.disability, &other.disability);
        fill(&mut self.contact, &other.contact);
        for (mine, theirs) in [
            (&mut self.permanent_residence, &other.permanent_residence),
            (&mut self.current_residence, &other.current_residence),
        ] {
            fill(&mut mine.admin_unit_id, &theirs.admin_unit_id);
            fill(&mut mine.address_line, &theirs.address_line);
        }
        let mut absorbed = Absorbed::default();
        for (i, relative) in other.relatives.iter().enumerate() {
            let existing = self.relatives.iter().position(|r| {
                r.relationship == relative.relationship
                    && fold_name(&r.full_name) == fold_name(&relative.full_name)
            });
            let number = match existing {
                Some(position) => position + 1,
                None => {
                    self.relatives.push(relative.clone());
                    self.relatives.len()
                }
            };
            absorbed
                .relatives_renumbered
                .push((i as u32 + 1, number as u32));
        }
        absorbed
    }
}

fn fill<T: Clone>(mine: &mut Option<T>, theirs: &Option<T>) {
    if mine.is_none() {
        mine.clone_from(theirs);
    }
}

#[cfg(test)]
mod tests {
    use super::super::person::{IdentityPaper, Relative, Residence, Sex};
    use super::*;

    fn person(name: &str) -> Person {
        Person {
            full_name: name.into(),
            other_names: vec![],
            sex: Sex::Female,
            birth: None,
            ethnicity: None,
            nationality: Some("VN".into()),
            identity_papers: vec![],
            permanent_residence: Residence::default(),
            current_residence: Residence::default(),
            languages: vec!["vi".into()],
            disability: None,
            contact: None,
            relatives: vec![],
        }
    }

    fn relative(relationship: &str, name: &str) -> Relative {
        Relative {
            relationship: relationship.into(),
            full_name: name.into(),
            residence: Residence::default(),
            contact: None,
        }
    }

    #[test]
    fn the_kept_record_learns_what_only_the_other_knew() {
        let mut kept = person("Nguyễn Thị Hoa");
        kept.relatives = vec![relative("mother", "Lê Thị Lan")];
        let mut other = person("Nguyen thi hoa");
        other.other_names = vec!["Mai".into()];
        other.ethnicity = Some("01".into());
        other.identity_papers = vec![IdentityPaper {
            kind: "citizen_id".into(),
            number: "001 190 012 345".into(),
        }];
        other.relatives = vec![
            relative("brother", "Nguyễn Văn Nam"),
            relative("mother", "Le Thi Lan"),
        ];
        let absorbed = kept.absorb(&other);
        assert_eq!(kept.full_name, "Nguyễn Thị Hoa");
        assert_eq!(
            kept.other_names,
            ["Mai"],
            "the same name folded is not repeated"
        );
        assert_eq!(kept.ethnicity.as_deref(), Some("01"));
        assert_eq!(kept.identity_papers.len(), 1);
        assert_eq!(kept.relatives.len(), 2);
        assert_eq!(absorbed.relatives_renumbered, [(1, 2), (2, 1)]);
        // Absorbing again changes nothing more.
        let before = kept.clone();
        kept.absorb(&other);
        assert_eq!(kept, before);
    }
}
