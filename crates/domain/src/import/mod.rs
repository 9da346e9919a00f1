//! Reading the lists provinces already keep (one spreadsheet per year or
//! per agency, each with its own columns) into Haven's terms, without I/O:
//! which column is which (`columns`), the dates as offices write them
//! (`dates`), and places written as text (`places`). The store resolves the
//! places against the unit tables and writes the rows; the server and the
//! command line read the files.

pub mod columns;
pub mod dates;
pub mod job;
pub mod places;
pub mod rows;
pub mod steps;
