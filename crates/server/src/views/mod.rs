//! What the JSON API and the web pages both show: views built once, with
//! the access policy applied, then serialised or rendered.

pub mod access_log;
pub mod accounts;
pub mod agencies;
pub mod agency_reports;
pub mod backups;
pub mod case_state;
pub mod cases;
pub mod directory;
pub mod hotline;
pub mod key_figures;
pub mod microdata;
pub mod narrative;
pub mod notices;
pub mod person_links;
pub mod persons;
pub mod programme;
pub mod referrals;
pub mod statistics;
pub mod submissions;
pub mod tasks;
pub mod webhooks;
