//! One indicator as a table: rows are places (or one row for the whole
//! area), columns the categories of one breakdown (or one column), cells
//! the sums of the contributions; totals are the sums of the cells, so a
//! table is additive and its margins are what suppression protects.

use crate::catalogue::{Catalogue, Indicator};
use crate::dimension::Dimension;
use crate::facts::CaseFacts;
use crate::measure::Window;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

pub const TOTAL: &str = "total";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub indicator: String,
    /// `None`: one row for the whole area.
    pub rows_by: Option<Dimension>,
    /// `None`: one column, the indicator itself.
    pub columns_by: Option<Dimension>,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<i64>>,
    /// How many contributions each cell sums (for amounts and nights: the
    /// records behind the figure, which is what suppression looks at).
    pub counts: Vec<Vec<i64>>,
}

impl Table {
    /// Sums the indicator's contributions over `facts`. `rows` lists the
    /// places always shown (others found are added, sorted).
    pub fn compute(
        catalogue: &Catalogue,
        indicator: &Indicator,
        facts: &[CaseFacts],
        window: &Window,
        rows_by: Option<Dimension>,
        columns_by: Option<Dimension>,
        rows: &[String],
    ) -> Table {
        let mut sums: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
        let mut found_rows: BTreeSet<String> = BTreeSet::new();
        let mut found_columns: BTreeSet<String> = BTreeSet::new();
        for case in facts {
            for contribution in indicator.measure.contributions(case, window) {
                let row_keys = match rows_by {
                    Some(d) => d.keys(case, &contribution, catalogue),
                    None => vec![TOTAL.to_owned()],
                };
                let column_keys = match columns_by {
                    Some(d) => d.keys(case, &contribution, catalogue),
                    None => vec![TOTAL.to_owned()],
                };
                for row in &row_keys {
                    for column in &column_keys {
                        let entry = sums.entry((row.clone(), column.clone())).or_default();
                        entry.0 = entry.0.saturating_add(contribution.value);
                        entry.1 = entry.1.saturating_add(1);
                        found_rows.insert(row.clone());
                        found_columns.insert(column.clone());
                    }
                }
            }
        }
        let ordered = |fixed: Vec<String>, found: BTreeSet<String>| -> Vec<String> {
            let mut keys = fixed;
            for key in found {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            if keys.is_empty() {
                keys.push(TOTAL.to_owned());
            }
            keys
        };
        let rows = match rows_by {
            Some(_) => ordered(rows.to_vec(), found_rows),
            None => vec![TOTAL.to_owned()],
        };
        let columns = match columns_by {
            Some(d) => ordered(d.fixed_keys(catalogue), found_columns),
            None => vec![TOTAL.to_owned()],
        };
        let at =
            |r: &String, c: &String| sums.get(&(r.clone(), c.clone())).copied().unwrap_or((0, 0));
        Table {
            indicator: indicator.code.clone(),
            rows_by,
            columns_by,
            cells: rows
                .iter()
                .map(|r| columns.iter().map(|c| at(r, c).0).collect())
                .collect(),
            counts: rows
                .iter()
                .map(|r| columns.iter().map(|c| at(r, c).1).collect())
                .collect(),
            rows,
            columns,
        }
    }

    pub fn row_totals(&self) -> Vec<i64> {
        self.cells
            .iter()
            .map(|row| total(row.iter().copied()))
            .collect()
    }

    pub fn column_totals(&self) -> Vec<i64> {
        (0..self.columns.len())
            .map(|j| total(self.cells.iter().filter_map(|row| row.get(j).copied())))
            .collect()
    }

    pub fn total(&self) -> i64 {
        total(self.cells.iter().flatten().copied())
    }
}

/// A sum that stops at the largest figure instead of wrapping round: amounts
/// are bounded per service, so reaching it means a defect, never a wrong total.
pub fn total(values: impl Iterator<Item = i64>) -> i64 {
    values.fold(0, i64::saturating_add)
}
