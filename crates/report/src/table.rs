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

/// The sums of one table as they are counted: by row and column key.
#[derive(Default)]
struct Sums {
    cells: BTreeMap<(String, String), (i64, i64)>,
    rows: BTreeSet<String>,
    columns: BTreeSet<String>,
}

impl Sums {
    fn add(&mut self, row: &str, column: &str, value: i64) {
        let key = (row.to_owned(), column.to_owned());
        let entry = self.cells.entry(key).or_default();
        entry.0 = entry.0.saturating_add(value);
        entry.1 = entry.1.saturating_add(1);
        if !self.rows.contains(row) {
            self.rows.insert(row.to_owned());
        }
        if !self.columns.contains(column) {
            self.columns.insert(column.to_owned());
        }
    }

    fn into_table(self, catalogue: &Catalogue, indicator: &Indicator, layout: Layout<'_>) -> Table {
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
        let rows = match layout.rows_by {
            Some(_) => ordered(layout.rows.to_vec(), self.rows),
            None => vec![TOTAL.to_owned()],
        };
        let columns = match layout.columns_by {
            Some(d) => ordered(d.fixed_keys(catalogue), self.columns),
            None => vec![TOTAL.to_owned()],
        };
        let at = |r: &String, c: &String| {
            self.cells
                .get(&(r.clone(), c.clone()))
                .copied()
                .unwrap_or((0, 0))
        };
        Table {
            indicator: indicator.code.clone(),
            rows_by: layout.rows_by,
            columns_by: layout.columns_by,
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
}

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

/// One table's shape: its rows (the places always listed with them) and columns.
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    pub rows_by: Option<Dimension>,
    pub columns_by: Option<Dimension>,
    pub rows: &'a [String],
}

impl Table {
    /// Sums the indicator's contributions over `facts`. `rows` lists the
    /// places always shown (others found are added, sorted).
    pub fn compute<'f>(
        catalogue: &Catalogue,
        indicator: &Indicator,
        facts: impl IntoIterator<Item = &'f CaseFacts>,
        window: &Window,
        rows_by: Option<Dimension>,
        columns_by: Option<Dimension>,
        rows: &[String],
    ) -> Table {
        let layout = Layout {
            rows_by,
            columns_by,
            rows,
        };
        Table::compute_each(catalogue, indicator, facts, window, &[layout])
            .pop()
            .unwrap_or_else(|| Table::empty(indicator, layout))
    }

    /// The indicator's tables in each layout, in one pass over `facts`:
    /// each case's contributions are worked out once for all of them.
    pub fn compute_each<'f>(
        catalogue: &Catalogue,
        indicator: &Indicator,
        facts: impl IntoIterator<Item = &'f CaseFacts>,
        window: &Window,
        layouts: &[Layout<'_>],
    ) -> Vec<Table> {
        let mut sums: Vec<Sums> = layouts.iter().map(|_| Sums::default()).collect();
        for case in facts {
            let contributions = indicator.measure.contributions(case, window);
            if contributions.is_empty() {
                continue;
            }
            for (layout, sums) in layouts.iter().zip(sums.iter_mut()) {
                for contribution in &contributions {
                    let keys = |by: Option<Dimension>| match by {
                        Some(d) => d.keys(case, contribution, catalogue),
                        None => vec![TOTAL.to_owned()],
                    };
                    let (row_keys, column_keys) = (keys(layout.rows_by), keys(layout.columns_by));
                    for row in &row_keys {
                        for column in &column_keys {
                            sums.add(row, column, contribution.value);
                        }
                    }
                }
            }
        }
        layouts
            .iter()
            .zip(sums)
            .map(|(layout, sums)| sums.into_table(catalogue, indicator, *layout))
            .collect()
    }

    fn empty(indicator: &Indicator, layout: Layout<'_>) -> Table {
        Table {
            indicator: indicator.code.clone(),
            rows_by: layout.rows_by,
            columns_by: layout.columns_by,
            rows: vec![TOTAL.to_owned()],
            columns: vec![TOTAL.to_owned()],
            cells: vec![vec![0]],
            counts: vec![vec![0]],
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
