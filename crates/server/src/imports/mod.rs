//! Importing the lists provinces already keep: a file read into a table
//! (`table`), the dry run that reports every row's problems, repeats and
//! rows imported before, and the import of the rows ready in batches
//! (`plan`), which the command line (`haven import`) runs directly; the
//! page takes the same steps on a job the store keeps (`jobs`), with the
//! possible duplicates decided by the user, and writes in the background.

pub mod jobs;
pub mod plan;
pub mod table;
pub mod template;

pub use plan::{plan, run, ImportOutcome, ImportPlan, BATCH_ROWS, REQUIRED};
pub use table::{read_table, Table, Unreadable};
