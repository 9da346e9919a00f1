//! No suppressed figure can be recovered from what a table publishes. For
//! random small tables, an exhaustive search (written here, independent of
//! how suppression chooses its cells) looks for every non-negative integer
//! table that agrees with every published cell and total; each hidden
//! figure must take at least two different values among them.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_report::suppression::Published;
use haven_report::table::Table;
use proptest::prelude::*;

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

/// Every figure of the table with margins, as a grid (totals last).
fn grid(cells: &[Vec<i64>]) -> Vec<Vec<i64>> {
    let mut g: Vec<Vec<i64>> = cells
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.push(r.iter().sum());
            r
        })
        .collect();
    let width = g[0].len();
    let totals = (0..width).map(|j| g.iter().map(|r| r[j]).sum()).collect();
    g.push(totals);
    g
}

fn published_grid(p: &Published) -> Vec<Vec<Option<i64>>> {
    let mut g: Vec<Vec<Option<i64>>> = p
        .cells
        .iter()
        .zip(&p.row_totals)
        .map(|(r, t)| {
            let mut r = r.clone();
            r.push(*t);
            r
        })
        .collect();
    let mut last = p.column_totals.clone();
    last.push(p.total);
    g.push(last);
    g
}

struct Search<'a> {
    shown: &'a [Vec<Option<i64>>],
    rows: usize,
    columns: usize,
    bound: i64,
    /// For each hidden figure (grid position), the values seen so far.
    seen: Vec<((usize, usize), std::collections::BTreeSet<i64>)>,
}

impl Search<'_> {
    fn done(&self) -> bool {
        self.seen.iter().all(|(_, values)| values.len() >= 2)
    }

    /// Fills interior cells in order; checks totals as rows and columns complete.
    fn fill(&mut self, cells: &mut Vec<Vec<i64>>, k: usize) {
        if self.done() {
            return;
        }
        if k == self.rows * self.columns {
            let g = grid(cells);
            let agrees = (0..=self.rows)
                .all(|i| (0..=self.columns).all(|j| self.shown[i][j].is_none_or(|v| v == g[i][j])));
            if agrees {
                for ((i, j), values) in &mut self.seen {
                    values.insert(g[*i][*j]);
                }
            }
            return;
        }
        let (i, j) = (k / self.columns, k % self.columns);
        let candidates: Vec<i64> = match self.shown[i][j] {
            Some(v) => vec![v],
            None => (0..=self.bound).collect(),
        };
        for v in candidates {
            cells[i][j] = v;
            // Prune: a published total already passed, or a finished row or column wrong.
            let row_sum: i64 = cells[i][..=j].iter().sum();
            if let Some(t) = self.shown[i][self.columns] {
                if row_sum > t || (j + 1 == self.columns && row_sum != t) {
                    continue;
                }
            }
            let column_sum: i64 = (0..=i).map(|r| cells[r][j]).sum();
            if let Some(t) = self.shown[self.rows][j] {
                if column_sum > t || (i + 1 == self.rows && column_sum != t) {
                    continue;
                }
            }
            self.fill(cells, k + 1);
            if self.done() {
                return;
            }
        }
        cells[i][j] = 0;
    }
}

fn recoverable_figures(cells: &[Vec<i64>], threshold: u64) -> Vec<(usize, usize)> {
    let p = Published::suppressed(&table(cells.to_vec()), threshold, false);
    let shown = published_grid(&p);
    let actual = grid(cells);
    let (rows, columns) = (cells.len(), cells[0].len());
    let seen = (0..=rows)
        .flat_map(|i| (0..=columns).map(move |j| (i, j)))
        .filter(|&(i, j)| shown[i][j].is_none())
        .map(|(i, j)| ((i, j), std::collections::BTreeSet::from([actual[i][j]])))
        .collect();
    let mut search = Search {
        shown: &shown,
        rows,
        columns,
        bound: actual[rows][columns] + 3,
        seen,
    };
    search.fill(&mut vec![vec![0; columns]; rows], 0);
    search
        .seen
        .into_iter()
        .filter(|(_, values)| values.len() < 2)
        .map(|(at, _)| at)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_suppressed_figure_is_determined_by_the_published_ones(
        cells in (1usize..=3, 1usize..=3).prop_flat_map(|(r, c)| {
            proptest::collection::vec(proptest::collection::vec(prop_oneof![3 => 0i64..5, 2 => 5i64..9], c), r)
        })
    ) {
        let p = Published::suppressed(&table(cells.clone()), 5, false);
        // Every small non-zero figure is hidden.
        let g = grid(&cells);
        let shown = published_grid(&p);
        for (i, row) in g.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                if (1..5).contains(v) {
                    prop_assert!(shown[i][j].is_none(), "{v} at {i},{j} shown in {cells:?}");
                }
            }
        }
        let recoverable = recoverable_figures(&cells, 5);
        prop_assert!(recoverable.is_empty(), "recoverable {recoverable:?} in {cells:?}: {p:?}");
    }
}

#[test]
fn the_search_itself_finds_a_figure_given_away_by_a_total() {
    // Hiding one cell alone would be recoverable: the search must see it.
    let cells = vec![vec![2, 10], vec![9, 11]];
    let p = Published::suppressed(&table(cells.clone()), 5, false);
    assert!(p.complementary > 0);
    let mut naive = published_grid(&Published::unsuppressed(&table(cells.clone())));
    naive[0][0] = None;
    let actual = grid(&cells);
    let mut search = Search {
        shown: &naive,
        rows: 2,
        columns: 2,
        bound: actual[2][2] + 3,
        seen: vec![((0, 0), std::collections::BTreeSet::from([2]))],
    };
    search.fill(&mut vec![vec![0; 2]; 2], 0);
    assert_eq!(
        search.seen[0].1.len(),
        1,
        "a lone hidden cell is given away by its row total"
    );
}
