//! The case list an agency works from: filtered in SQL by phase,
//! identification, lead agency and administrative unit, then by overdue
//! deadlines (which only the rules can compute), one page at a time.

use super::CaseRecord;
use crate::entities::{admin_unit_successor, agency, case, case_agency, case_name_token};
use crate::error::{StoreError, StoreResult};
use crate::store::Store;
use chrono::NaiveDate;
use haven_domain::{Violation, Violations};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Largest page a caller may ask for.
pub const MAX_PAGE: u64 = 500;
/// The furthest a list may be paged: far beyond any agency's cases, and
/// well inside what the databases bind as a 64-bit signed offset.
pub const MAX_OFFSET: u64 = 100_000_000;

#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub phase: Option<String>,
    pub identification: Option<String>,
    /// Only cases the agency leads, not those referred to it.
    pub lead_only: bool,
    pub lead_agency_id: Option<i64>,
    /// A supervisor's 2025 unit: cases held by agencies there are listed too.
    pub jurisdiction: Option<String>,
    /// A province, district or commune (legacy or 2025): cases received there.
    pub unit_id: Option<String>,
    /// A search typed by the user; see [`CaseSearch`].
    pub search: Option<CaseSearch>,
    /// With a date: only cases with (`true`) or without (`false`) an overdue item that day.
    pub overdue: Option<(bool, NaiveDate)>,
    /// Only cases with a deadline not yet met (overdue or not).
    pub open_deadline: bool,
    pub offset: u64,
    pub limit: u64,
}

/// Finds a case by part of its number, or — where the caller may see
/// identities — by part of the person's name, ignoring diacritics and case.
#[derive(Debug, Clone)]
pub struct CaseSearch {
    pub text: String,
    /// Names are searched only in the cases this agency leads: a search must
    /// not reveal who is in a case the caller would see masked.
    pub names_of_agency: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct CasePage {
    /// How many cases match, over all pages.
    pub total: u64,
    pub items: Vec<CaseRecord>,
}

impl Store {
    /// Agencies whose cases are held in `area` (a 2025 unit), by the same rule
    /// as [`Store::agency_unit`]: legacy units through their successors.
    pub async fn agencies_held_in(&self, area: &str) -> StoreResult<Vec<i64>> {
        let mut held = Vec::new();
        for found in agency::Entity::find().all(self.db()).await? {
            let unit = if found.admin_unit_id.starts_with("2025/") {
                Some(found.admin_unit_id)
            } else {
                self.agency_unit(found.id).await?
            };
            if unit.is_some_and(|u| haven_domain::admin_unit::is_within(&u, area)) {
                held.push(found.id);
            }
        }
        Ok(held)
    }

    /// The cases `agency_id` leads or was referred (and, for a supervisor, those
    /// held in its jurisdiction) that match, newest reception first.
    pub async fn list_cases(&self, agency_id: i64, query: &CaseQuery) -> StoreResult<CasePage> {
        let mut involved = Query::select();
        involved
            .column(case_agency::Column::CaseId)
            .from(case_agency::Entity)
            .and_where(Expr::col(case_agency::Column::AgencyId).eq(agency_id));
        if query.lead_only {
            involved.and_where(Expr::col(case_agency::Column::Relation).eq("lead"));
        }
        let mut reachable = Condition::any().add(case::Column::Id.in_subquery(involved));
        if let (Some(area), false) = (&query.jurisdiction, query.lead_only) {
            let held_there = self.agencies_held_in(area).await?;
            reachable = reachable.add(case::Column::LeadAgencyId.is_in(held_there));
        }
        let mut select = case::Entity::find().filter(reachable);
        if let Some(phase) = &query.phase {
            select = select.filter(case::Column::Phase.eq(phase.as_str()));
        }
        if let Some(identification) = &query.identification {
            select = select.filter(case::Column::Identification.eq(identification.as_str()));
        }
        if let Some(lead) = query.lead_agency_id {
            select = select.filter(case::Column::LeadAgencyId.eq(lead));
        }
        if let Some(unit) = &query.unit_id {
            select = select.filter(self.received_in(unit).await?);
        }
        if let Some(search) = &query.search {
            select = select.filter(search_condition(search));
        }
        if query.open_deadline {
            select = select.filter(case::Column::NextDueOn.is_not_null());
        }
        if let Some((wanted, today)) = query.overdue {
            // Overdue on `today`: an open deadline fell due before it.
            let overdue = case::Column::NextDueOn.lt(today);
            select = select.filter(if wanted {
                Condition::all().add(overdue)
            } else {
                Condition::any()
                    .add(case::Column::NextDueOn.is_null())
                    .add(case::Column::NextDueOn.gte(today))
            });
        }
        let limit = query.limit.clamp(1, MAX_PAGE);
        let total = select.clone().count(self.db()).await?;
        // The page is chosen on the narrow columns the indexes hold; only
        // its rows are read whole.
        let ids: Vec<i64> = select
            .select_only()
            .column(case::Column::Id)
            .order_by_desc(case::Column::ReceivedOn)
            .order_by_desc(case::Column::Id)
            .offset(query.offset)
            .limit(limit)
            .into_tuple()
            .all(self.db())
            .await?;
        let mut items = self
            .records(case::Entity::find().filter(case::Column::Id.is_in(ids.clone())))
            .await?;
        items.sort_by_key(|record| ids.iter().position(|id| *id == record.id));
        Ok(CasePage { total, items })
    }

    /// Cases received in `unit_id` or anywhere under it; a 2025 commune also
    /// takes the legacy communes it replaced, a province its whole territory.
    async fn received_in(&self, unit_id: &str) -> StoreResult<Condition> {
        let unit = self.admin_unit(unit_id).await?.ok_or_else(|| {
            StoreError::Invalid(Violations(vec![Violation::unknown_code(
                "unit_id",
                "admin_units",
            )]))
        })?;
        let segments = unit.id.split('/').count();
        if segments == 2 {
            let province = if unit.id.starts_with("2025/") {
                unit.id.trim_start_matches("2025/").to_owned()
            } else {
                match self.primary_successor(&unit.id).await? {
                    Some(successor) => successor.gso_code,
                    None => unit.gso_code.clone(),
                }
            };
            return Ok(Condition::all().add(case::Column::ProvinceCode.eq(province)));
        }
        let predecessors: Vec<String> = admin_unit_successor::Entity::find()
            .filter(admin_unit_successor::Column::SuccessorId.eq(unit.id.as_str()))
            .filter(admin_unit_successor::Column::IsPrimary.eq(true))
            .all(self.db())
            .await?
            .into_iter()
            .map(|l| l.legacy_id)
            .collect();
        let mut condition = Condition::any()
            .add(case::Column::PlaceUnitId.eq(unit.id.as_str()))
            .add(case::Column::PlaceUnitId.starts_with(format!("{}/", unit.id)));
        if !predecessors.is_empty() {
            condition = condition.add(case::Column::PlaceUnitId.is_in(predecessors));
        }
        Ok(condition)
    }
}

fn search_condition(search: &CaseSearch) -> Condition {
    let text = search.text.trim();
    // Nothing matches unless a part of the search does: a search of only
    // `%` or `_` (dropped from patterns) must not list every case.
    let mut found = Condition::any().add(Expr::cust("1 = 0"));
    let number = escape_like(&text.to_uppercase());
    if !number.trim().is_empty() {
        found = found.add(case::Column::CaseNumber.like(format!("%{number}%")));
    }
    // Each word typed begins a word of the names, in any order: "gia lap
    // dung" finds "Giả Lập Thị Dung", and so does "dun". The words are
    // looked up in the names filed under the agency (an index range each).
    let words: Vec<String> = haven_domain::matching::name_tokens(text)
        .into_iter()
        .map(|w| w.chars().take(super::kept::TOKEN_CHARS).collect())
        .collect();
    if let (Some(agency_id), false) = (search.names_of_agency, words.is_empty()) {
        let mut named = Condition::all();
        for word in words {
            let mut filed = Query::select();
            filed
                .column(case_name_token::Column::CaseId)
                .from(case_name_token::Entity)
                .and_where(Expr::col(case_name_token::Column::AgencyId).eq(agency_id))
                .and_where(Expr::col(case_name_token::Column::Token).gte(word.clone()))
                .and_where(Expr::col(case_name_token::Column::Token).lt(after_prefix(&word)));
            named = named.add(case::Column::Id.in_subquery(filed));
        }
        found = found.add(named);
    }
    found
}

/// The first string after every string that begins with `prefix`: the
/// tokens are folded to ASCII, so a character above any of theirs closes
/// the range.
fn after_prefix(prefix: &str) -> String {
    format!("{prefix}\u{7f}")
}

/// `%` and `_` typed by a user are letters, not wildcards (and `\` is not an
/// escape on SQLite without ESCAPE): they are dropped from the pattern.
fn escape_like(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect()
}
