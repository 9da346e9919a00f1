//! Importing the lists provinces already keep: a file read into a table
//! (`table`), the dry run that reports every row's problems, repeats and
//! rows imported before, and the import of the rows ready in batches
//! (`plan`). The command line (`haven import`) comes here; the page will.

pub mod plan;
pub mod table;

pub use plan::{plan, run, ImportOutcome, ImportPlan, BATCH_ROWS, REQUIRED};
pub use table::{read_table, Table, Unreadable};
