//! Checking receptions before a case opens: the domain's rules on the
//! person and the dates, and every code the reception names looked up in
//! its list. The codes of many receptions are looked up together — one
//! query per list, however many rows a list import brings — and the same
//! check then serves a single reception and a batch.

use crate::entities::{admin_unit, code_list_item, country, ethnic_group};
use crate::error::StoreResult;
use chrono::NaiveDate;
use haven_domain::case::person::Person;
use haven_domain::case::Reception;
use haven_domain::{Violation, Violations};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashSet};

/// The codes some receptions name that exist (and are active) in their lists.
#[derive(Debug, Default)]
pub(crate) struct KnownCodes {
    channels: HashSet<String>,
    units: HashSet<String>,
    ethnic_groups: HashSet<String>,
    countries: HashSet<String>,
    paper_kinds: HashSet<String>,
}

/// Codes named, per list, before they are looked up.
#[derive(Default)]
struct NamedCodes {
    channels: BTreeSet<String>,
    units: BTreeSet<String>,
    ethnic_groups: BTreeSet<String>,
    countries: BTreeSet<String>,
    paper_kinds: BTreeSet<String>,
}

impl NamedCodes {
    fn add_person(&mut self, person: &Person) {
        for unit in [
            &person.permanent_residence.admin_unit_id,
            &person.current_residence.admin_unit_id,
        ]
        .into_iter()
        .flatten()
        {
            self.units.insert(unit.clone());
        }
        self.ethnic_groups.extend(person.ethnicity.iter().cloned());
        self.countries.extend(person.nationality.iter().cloned());
        self.paper_kinds
            .extend(person.identity_papers.iter().map(|p| p.kind.clone()));
    }

    fn add_reception(&mut self, reception: &Reception) {
        self.channels.insert(reception.channel.clone());
        self.units.extend(reception.place_unit_id.iter().cloned());
    }
}

/// At most this many codes go into one `IN (…)`, well under either
/// database's limit on bound values.
const LOOKUP_CHUNK: usize = 900;

impl KnownCodes {
    /// Looks up every code these persons and receptions name.
    pub(crate) async fn named_in<'a, C: ConnectionTrait>(
        db: &C,
        persons: impl IntoIterator<Item = &'a Person>,
        receptions: impl IntoIterator<Item = &'a Reception>,
    ) -> StoreResult<Self> {
        let mut named = NamedCodes::default();
        persons.into_iter().for_each(|p| named.add_person(p));
        receptions.into_iter().for_each(|r| named.add_reception(r));
        Ok(Self {
            channels: active_items(db, "reception_channel", &named.channels).await?,
            units: existing(db, &named.units, |chunk| {
                admin_unit::Entity::find()
                    .select_only()
                    .column(admin_unit::Column::Id)
                    .filter(admin_unit::Column::Id.is_in(chunk))
                    .into_tuple::<String>()
            })
            .await?,
            ethnic_groups: existing(db, &named.ethnic_groups, |chunk| {
                ethnic_group::Entity::find()
                    .select_only()
                    .column(ethnic_group::Column::Code)
                    .filter(ethnic_group::Column::Code.is_in(chunk))
                    .into_tuple::<String>()
            })
            .await?,
            countries: existing(db, &named.countries, |chunk| {
                country::Entity::find()
                    .select_only()
                    .column(country::Column::Code)
                    .filter(country::Column::Code.is_in(chunk))
                    .into_tuple::<String>()
            })
            .await?,
            paper_kinds: active_items(db, "identity_document_type", &named.paper_kinds).await?,
        })
    }

    /// The person's codes that are not in their lists: residences'
    /// administrative units, ethnicity, nationality, kinds of papers.
    pub(crate) fn person_unknown(&self, person: &Person) -> Violations {
        let mut v = Violations::default();
        for (field, unit) in [
            (
                "person.permanent_residence.admin_unit_id",
                &person.permanent_residence.admin_unit_id,
            ),
            (
                "person.current_residence.admin_unit_id",
                &person.current_residence.admin_unit_id,
            ),
        ] {
            if unit.as_ref().is_some_and(|u| !self.units.contains(u)) {
                v.push(Violation::unknown_code(field, "admin_units"));
            }
        }
        if person
            .ethnicity
            .as_ref()
            .is_some_and(|c| !self.ethnic_groups.contains(c))
        {
            v.push(Violation::unknown_code("person.ethnicity", "ethnic_groups"));
        }
        if person
            .nationality
            .as_ref()
            .is_some_and(|c| !self.countries.contains(c))
        {
            v.push(Violation::unknown_code("person.nationality", "countries"));
        }
        for (i, paper) in person.identity_papers.iter().enumerate() {
            if !self.paper_kinds.contains(&paper.kind) {
                v.push(Violation::unknown_code(
                    &format!("person.identity_papers[{i}].kind"),
                    "identity_document_type",
                ));
            }
        }
        v
    }

    /// Everything wrong with opening a case for this person and reception:
    /// the domain's rules, the dates against `earliest` and `today`, and
    /// the codes.
    pub(crate) fn reception_violations(
        &self,
        person: &Person,
        reception: &Reception,
        earliest: NaiveDate,
        today: NaiveDate,
    ) -> Violations {
        let mut v = match person.validate(reception.received_on) {
            Ok(()) => Violations::default(),
            Err(v) => v,
        };
        if reception.received_on < earliest {
            v.push(Violation::new(
                "reception.received_on",
                "not_before",
                format!(
                    "Ngày tiếp nhận không thể trước {}.",
                    earliest.format("%d/%m/%Y")
                ),
                format!("The reception date cannot be before {earliest}."),
            ));
        }
        if reception.received_on > today {
            v.push(Violation::new(
                "reception.received_on",
                "not_in_future",
                "Ngày tiếp nhận không thể ở tương lai.",
                "The reception date cannot be in the future.",
            ));
        }
        if !self.channels.contains(&reception.channel) {
            v.push(Violation::unknown_code(
                "reception.channel",
                "reception_channel",
            ));
        }
        if reception
            .place_unit_id
            .as_ref()
            .is_some_and(|u| !self.units.contains(u))
        {
            v.push(Violation::unknown_code(
                "reception.place_unit_id",
                "admin_units",
            ));
        }
        v.0.extend(self.person_unknown(person).0);
        let typed = serde_json::json!({ "person": person, "reception": reception });
        if let Err(texts) = haven_domain::case::limits::check_texts(&typed) {
            v.0.extend(texts.0);
        }
        v
    }
}

/// The active items of `list` among `codes`.
async fn active_items<C: ConnectionTrait>(
    db: &C,
    list: &str,
    codes: &BTreeSet<String>,
) -> StoreResult<HashSet<String>> {
    existing(db, codes, |chunk| {
        code_list_item::Entity::find()
            .select_only()
            .column(code_list_item::Column::Code)
            .filter(code_list_item::Column::List.eq(list))
            .filter(code_list_item::Column::Active.eq(true))
            .filter(code_list_item::Column::Code.is_in(chunk))
            .into_tuple::<String>()
    })
    .await
}

/// Which of `codes` the query built for each chunk finds.
async fn existing<C, Q>(
    db: &C,
    codes: &BTreeSet<String>,
    query: impl Fn(Vec<String>) -> sea_orm::Selector<Q>,
) -> StoreResult<HashSet<String>>
where
    C: ConnectionTrait,
    Q: sea_orm::SelectorTrait<Item = String>,
{
    let codes: Vec<String> = codes.iter().cloned().collect();
    let mut found = HashSet::new();
    for chunk in codes.chunks(LOOKUP_CHUNK) {
        found.extend(query(chunk.to_vec()).all(db).await?);
    }
    Ok(found)
}
