//! Small cells are not published below national level. Primary
//! suppression hides every figure (cell or total) resting on fewer than
//! `threshold` records but more than none; complementary suppression then
//! hides more, so that the published totals cannot give a hidden figure
//! back by subtraction.
//!
//! Why the rule below suffices: write the table with its margins as a grid
//! where each row and each column sums to zero once totals are taken with
//! the opposite sign. Hidden figures are edges of a bipartite graph between
//! the grid's rows and columns. If a hidden figure lies on a cycle of hidden
//! figures, adding and taking 1 alternately around the cycle keeps every
//! published total, and every hidden figure is at least 1, so none becomes
//! negative: the figure has another possible value and cannot be recovered.
//! A hidden figure on no cycle (a bridge) can be: so, while a bridge
//! remains, one more figure is hidden to close a cycle through it, the
//! smallest available. Zeros are never hidden (they could not go down).

use crate::table::Table;
use serde::{Deserialize, Serialize};

/// A table as published: `None` where a figure is suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub cells: Vec<Vec<Option<i64>>>,
    pub row_totals: Vec<Option<i64>>,
    pub column_totals: Vec<Option<i64>>,
    pub total: Option<i64>,
    /// How many figures were hidden because they were small, and how many to protect them.
    pub primary: usize,
    pub complementary: usize,
}

impl Published {
    /// Everything shown (national tables).
    pub fn unsuppressed(table: &Table) -> Published {
        Published {
            cells: table
                .cells
                .iter()
                .map(|row| row.iter().map(|v| Some(*v)).collect())
                .collect(),
            row_totals: table.row_totals().into_iter().map(Some).collect(),
            column_totals: table.column_totals().into_iter().map(Some).collect(),
            total: Some(table.total()),
            primary: 0,
            complementary: 0,
        }
    }

    /// Small figures hidden; `keep_total`: the grand total is published
    /// whatever it is (a national figure), and protection works around it.
    pub fn suppressed(table: &Table, threshold: u64, keep_total: bool) -> Published {
        let grid = Grid::of(table);
        let (rows, columns) = (table.rows.len(), table.columns.len());
        let mut fixed = vec![vec![false; columns + 1]; rows + 1];
        if keep_total {
            fixed.put(rows, columns, true);
            // With one column its total is the grand total again.
            if columns == 1 {
                fixed.put(rows, 0, true);
            }
        }
        let hidden = protect(&grid, threshold, &fixed);
        let shown = |i: usize, j: usize| (!hidden.cells.at(i, j)).then_some(grid.values.at(i, j));
        let primary = hidden.primary;
        let complementary = hidden.cells.iter().flatten().filter(|h| **h).count() - primary;
        Published {
            cells: (0..rows)
                .map(|i| (0..columns).map(|j| shown(i, j)).collect())
                .collect(),
            row_totals: (0..rows).map(|i| shown(i, columns)).collect(),
            column_totals: (0..columns).map(|j| shown(rows, j)).collect(),
            total: shown(rows, columns),
            primary,
            complementary,
        }
    }
}

/// The table with its margins: row `rows` holds the column totals, column
/// `columns` the row totals, the corner the grand total.
struct Grid {
    values: Vec<Vec<i64>>,
    counts: Vec<Vec<i64>>,
}

impl Grid {
    fn of(table: &Table) -> Grid {
        let with_margins = |m: &Vec<Vec<i64>>| -> Vec<Vec<i64>> {
            let mut grid: Vec<Vec<i64>> = m
                .iter()
                .map(|row| {
                    let mut row = row.clone();
                    row.push(crate::table::total(row.iter().copied()));
                    row
                })
                .collect();
            let width = table.columns.len() + 1;
            let totals: Vec<i64> = (0..width)
                .map(|j| crate::table::total(grid.iter().filter_map(|r| r.get(j).copied())))
                .collect();
            grid.push(totals);
            grid
        };
        Grid {
            values: with_margins(&table.cells),
            counts: with_margins(&table.counts),
        }
    }
}

struct Hidden {
    cells: Vec<Vec<bool>>,
    primary: usize,
}

fn protect(grid: &Grid, threshold: u64, fixed: &[Vec<bool>]) -> Hidden {
    let height = grid.values.len();
    let width = grid.values.first().map_or(0, Vec::len);
    let small = |count: i64| count > 0 && (count as u64) < threshold;
    let mut hidden: Vec<Vec<bool>> = grid
        .counts
        .iter()
        .zip(fixed)
        .map(|(row, fixed)| {
            row.iter()
                .zip(fixed)
                .map(|(c, f)| small(*c) && !f)
                .collect()
        })
        .collect();
    let primary = hidden.iter().flatten().filter(|h| **h).count();
    // Each pass closes a cycle through one bridge; each adds a figure, so it ends.
    while let Some((bi, bj)) = first_bridge(&hidden, height, width) {
        let candidates = (0..height)
            .flat_map(|i| (0..width).map(move |j| (i, j)))
            .filter(|&(i, j)| !hidden.at(i, j) && !fixed.at(i, j) && grid.counts.at(i, j) > 0)
            .collect::<Vec<_>>();
        let mut closing: Option<(usize, usize)> = None;
        let mut fallback: Option<(usize, usize)> = None;
        for (i, j) in candidates {
            hidden.put(i, j, true);
            let closes = !is_bridge(&hidden, height, width, bi, bj);
            hidden.put(i, j, false);
            let better = |best: Option<(usize, usize)>| {
                best.is_none_or(|(a, b)| grid.values.at(i, j) < grid.values.at(a, b))
            };
            if closes && better(closing) {
                closing = Some((i, j));
            }
            // Failing a single closing figure, grow from the bridge's row or column.
            if (i == bi || j == bj) && better(fallback) {
                fallback = Some((i, j));
            }
        }
        match closing.or(fallback) {
            Some((i, j)) => hidden.put(i, j, true),
            // Every non-zero figure is hidden already; then every hidden
            // figure's row and column totals are too, and no bridge is left.
            None => break,
        }
    }
    Hidden {
        cells: hidden,
        primary,
    }
}

/// Nodes 0..height are rows, height..height+width columns; edges the hidden figures.
fn edges(hidden: &[Vec<bool>], height: usize, width: usize) -> Vec<(usize, usize)> {
    (0..height)
        .flat_map(|i| (0..width).map(move |j| (i, j)))
        .filter(|&(i, j)| hidden.at(i, j))
        .map(|(i, j)| (i, height + j))
        .collect()
}

fn first_bridge(hidden: &[Vec<bool>], height: usize, width: usize) -> Option<(usize, usize)> {
    (0..height)
        .flat_map(|i| (0..width).map(move |j| (i, j)))
        .find(|&(i, j)| hidden.at(i, j) && is_bridge(hidden, height, width, i, j))
}

/// Whether removing hidden figure (i, j) disconnects its row from its column.
fn is_bridge(hidden: &[Vec<bool>], height: usize, width: usize, i: usize, j: usize) -> bool {
    let nodes = height + width;
    let mut adjacent = vec![Vec::new(); nodes];
    for (a, b) in edges(hidden, height, width) {
        if (a, b) == (i, height + j) {
            continue;
        }
        if let Some(list) = adjacent.get_mut(a) {
            list.push(b);
        }
        if let Some(list) = adjacent.get_mut(b) {
            list.push(a);
        }
    }
    let (start, goal) = (i, height + j);
    let mut seen = vec![false; nodes];
    let mut stack = vec![start];
    mark(&mut seen, start);
    while let Some(node) = stack.pop() {
        if node == goal {
            return false;
        }
        for &next in adjacent.get(node).map_or(&[][..], Vec::as_slice) {
            if seen.get(next) == Some(&false) {
                mark(&mut seen, next);
                stack.push(next);
            }
        }
    }
    true
}

fn mark(seen: &mut [bool], node: usize) {
    if let Some(seen) = seen.get_mut(node) {
        *seen = true;
    }
}

/// Reading and writing a cell of a table held as rows; outside the table a
/// read is the default (nothing hidden, no figure) and a write does nothing.
trait Cells<T> {
    fn at(&self, i: usize, j: usize) -> T;
    fn put(&mut self, i: usize, j: usize, value: T);
}

impl<T: Copy + Default> Cells<T> for [Vec<T>] {
    fn at(&self, i: usize, j: usize) -> T {
        self.get(i)
            .and_then(|row| row.get(j))
            .copied()
            .unwrap_or_default()
    }

    fn put(&mut self, i: usize, j: usize, value: T) {
        if let Some(cell) = self.get_mut(i).and_then(|row| row.get_mut(j)) {
            *cell = value;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(cells: Vec<Vec<i64>>) -> Table {
        Table {
            indicator: "received".into(),
            rows_by: None,
            columns_by: None,
            rows: (0..cells.len()).map(|i| format!("r{i}")).collect(),
            columns: (0..cells[0].len()).map(|j| format!("c{j}")).collect(),
            counts: cells.clone(),
            cells,
        }
    }

    #[test]
    fn a_lone_small_cell_takes_a_partner_in_its_row_and_column() {
        let t = table(vec![vec![2, 10, 12], vec![9, 11, 13], vec![14, 15, 16]]);
        let p = Published::suppressed(&t, 5, false);
        assert_eq!(p.cells[0][0], None);
        assert_eq!(p.primary, 1);
        assert!(p.complementary >= 3, "a rectangle at least: {p:?}");
        let hidden_in_row0 = p.cells[0].iter().filter(|c| c.is_none()).count();
        let hidden_in_col0 = p.cells.iter().filter(|r| r[0].is_none()).count();
        assert!(hidden_in_row0 >= 2 && hidden_in_col0 >= 2);
        assert_eq!(p.total, Some(102), "the total stays when it need not go");
    }

    #[test]
    fn nothing_is_hidden_when_nothing_is_small_and_zeros_stay() {
        let t = table(vec![vec![0, 10], vec![7, 0]]);
        let p = Published::suppressed(&t, 5, false);
        assert_eq!((p.primary, p.complementary), (0, 0));
        assert_eq!(
            p.cells,
            vec![vec![Some(0), Some(10)], vec![Some(7), Some(0)]]
        );
    }
}
