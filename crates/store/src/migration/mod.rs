//! Schema migrations, embedded in the binary and written once for both backends
//! with sea-query's schema builder. Reference data is loaded by a migration too,
//! so a fresh database of either kind is complete after `haven migrate`.

mod m0001_reference_schema;
mod m0002_reference_data;
mod m0003_organisation;
mod m0004_login;
mod m0005_cases;
mod m0006_case_agencies;
mod m0007_htcds_mapping;
mod m0008_access;
mod m0009_login_throttle;
mod m0010_second_factor;
mod m0011_account_admin;
mod m0012_report_submissions;
mod m0013_person_links;
mod m0014_audit_heads;
mod m0015_audit_key_id;
mod m0016_funding_sources;
mod m0017_recompute_case_states;
mod m0018_country_names;
mod m0019_programme;
mod m0020_budgets;
mod m0021_inspections;
mod m0022_working_groups;
mod m0023_agency_reports;
mod m0024_report_narratives;
mod m0025_plan_documents;
mod m0026_contacts;
mod m0027_service_directory;
mod m0028_notices;
mod m0029_webhooks;
mod m0030_backup_runs;
mod m0031_import_fingerprints;
mod m0032_import_jobs;
mod m0033_kept_lookups;
mod m0034_case_facts;

pub use sea_orm_migration::MigratorTrait;
use sea_orm_migration::{async_trait, MigrationTrait};

pub struct Migrator;

/// A 64-bit auto-increment primary key, the same on both backends
/// (`INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite, `bigserial` on PostgreSQL).
fn id_column<T: sea_orm_migration::prelude::IntoIden>(
    name: T,
) -> sea_orm_migration::prelude::ColumnDef {
    sea_orm_migration::prelude::ColumnDef::new(name)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_reference_schema::Migration),
            Box::new(m0002_reference_data::Migration),
            Box::new(m0003_organisation::Migration),
            Box::new(m0004_login::Migration),
            Box::new(m0005_cases::Migration),
            Box::new(m0006_case_agencies::Migration),
            Box::new(m0007_htcds_mapping::Migration),
            Box::new(m0008_access::Migration),
            Box::new(m0009_login_throttle::Migration),
            Box::new(m0010_second_factor::Migration),
            Box::new(m0011_account_admin::Migration),
            Box::new(m0012_report_submissions::Migration),
            Box::new(m0013_person_links::Migration),
            Box::new(m0014_audit_heads::Migration),
            Box::new(m0015_audit_key_id::Migration),
            Box::new(m0016_funding_sources::Migration),
            Box::new(m0017_recompute_case_states::Migration),
            Box::new(m0018_country_names::Migration),
            Box::new(m0019_programme::Migration),
            Box::new(m0020_budgets::Migration),
            Box::new(m0021_inspections::Migration),
            Box::new(m0022_working_groups::Migration),
            Box::new(m0023_agency_reports::Migration),
            Box::new(m0024_report_narratives::Migration),
            Box::new(m0025_plan_documents::Migration),
            Box::new(m0026_contacts::Migration),
            Box::new(m0027_service_directory::Migration),
            Box::new(m0028_notices::Migration),
            Box::new(m0029_webhooks::Migration),
            Box::new(m0030_backup_runs::Migration),
            Box::new(m0031_import_fingerprints::Migration),
            Box::new(m0032_import_jobs::Migration),
            Box::new(m0033_kept_lookups::Migration),
            Box::new(m0034_case_facts::Migration),
        ]
    }
}
