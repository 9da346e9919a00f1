//! `haven copy-db`: copies a whole Haven database to another, typically from
//! the embedded SQLite file to PostgreSQL when a province outgrows one machine.

use crate::entities::*;
use crate::error::{StoreError, StoreResult};
use crate::store::{Store, WriteTxn};
use sea_orm::{
    AccessMode, ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, IntoActiveModel, IsolationLevel, QueryOrder, Statement, TransactionTrait,
};
use serde::Serialize;

/// Rows per INSERT, under both backends' bound-parameter limits for our widest table.
const BATCH: usize = 400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: &'static str,
    pub rows: u64,
}

/// Every table Haven owns, parents before children. A test checks this list
/// against the schema, so a new table cannot be forgotten by `copy-db`.
pub const TABLES: &[&str] = &[
    "admin_units",
    "admin_unit_successors",
    "ethnic_groups",
    "countries",
    "code_list_items",
    "code_list_htcds",
    "roles",
    "agencies",
    "facilities",
    "users",
    "user_roles",
    "sessions",
    "api_tokens",
    "persons",
    "person_match_keys",
    "case_number_counters",
    "cases",
    "case_name_tokens",
    "case_facts",
    "case_history",
    "facility_stays",
    "case_agencies",
    "access_log",
    "emergency_grants",
    "login_throttle",
    "second_factors",
    "recovery_codes",
    "report_submissions",
    "report_submission_events",
    "person_link_requests",
    "plans",
    "plan_targets",
    "plan_tasks",
    "plan_documents",
    "companies",
    "working_groups",
    "activities",
    "follow_up_actions",
    "programme_history",
    "budget_lines",
    "budget_entries",
    "agency_reports",
    "contacts",
    "contact_dispatches",
    "contact_history",
    "service_entries",
    "notices",
    "notice_reads",
    "notification_settings",
    "email_outbox",
    "webhook_endpoints",
    "webhook_deliveries",
    "backup_runs",
    "import_fingerprints",
    "import_jobs",
    "import_mappings",
    "write_gate",
    "audit_chain_state",
    "kept_derivations",
];

/// Tables that migrations fill; a freshly migrated database has rows only here.
const REFERENCE_TABLES: &[&str] = &[
    "admin_units",
    "admin_unit_successors",
    "ethnic_groups",
    "countries",
    "code_list_items",
    "code_list_htcds",
    "roles",
];

/// Tables whose `id` comes from a sequence that PostgreSQL must be told about
/// after ids were copied explicitly.
const SERIAL_TABLES: &[&str] = &[
    "agencies",
    "facilities",
    "users",
    "sessions",
    "api_tokens",
    "persons",
    "cases",
    "case_history",
    "facility_stays",
    "access_log",
    "emergency_grants",
    "recovery_codes",
    "report_submissions",
    "report_submission_events",
    "person_link_requests",
    "plans",
    "plan_targets",
    "plan_tasks",
    "plan_documents",
    "companies",
    "working_groups",
    "activities",
    "follow_up_actions",
    "programme_history",
    "budget_lines",
    "budget_entries",
    "agency_reports",
    "contacts",
    "contact_dispatches",
    "contact_history",
    "service_entries",
    "notices",
    "email_outbox",
    "webhook_endpoints",
    "webhook_deliveries",
    "backup_runs",
    "import_fingerprints",
    "import_jobs",
    "import_mappings",
];

impl Store {
    /// Row counts of every table, in `TABLES` order.
    pub async fn table_counts(&self) -> StoreResult<Vec<TableCount>> {
        counts_in(self.db(), TABLES).await
    }

    /// A read-only transaction that sees the whole database as of one
    /// moment while writers go on: PostgreSQL's repeatable read; on
    /// SQLite (write-ahead log) any read transaction is one.
    pub async fn read_snapshot(&self) -> StoreResult<DatabaseTransaction> {
        Ok(match self.backend() {
            DatabaseBackend::Postgres => {
                self.db()
                    .begin_with_config(
                        Some(IsolationLevel::RepeatableRead),
                        Some(AccessMode::ReadOnly),
                    )
                    .await?
            }
            DatabaseBackend::Sqlite | DatabaseBackend::MySql => self.db().begin().await?,
        })
    }

    /// Names of the tables in the schema, migration bookkeeping excluded.
    pub async fn schema_tables(&self) -> StoreResult<Vec<String>> {
        let sql = match self.backend() {
            DatabaseBackend::Sqlite => "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            DatabaseBackend::MySql | DatabaseBackend::Postgres => "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()",
        };
        let mut names = Vec::new();
        for row in self
            .db()
            .query_all(Statement::from_string(self.backend(), sql))
            .await?
        {
            let name: String = row.try_get("", "t")?;
            if name != "seaql_migrations" {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    /// Copies everything in `self` into `target`, which must be empty (at most
    /// migrated, with no data of its own). Verifies the row counts afterwards.
    pub async fn copy_to(&self, target: &Store) -> StoreResult<Vec<TableCount>> {
        if self.pending_migrations().await? > 0 {
            return Err(StoreError::Refused(format!(
                "the source {} is not fully migrated; run `haven migrate` on it first",
                self.target().describe()
            )));
        }
        target.migrate().await?;
        for count in target.table_counts().await? {
            if count.rows > 0 && !REFERENCE_TABLES.contains(&count.table) {
                return Err(StoreError::Refused(format!(
                    "the target {} is not empty (table {} has {} rows); only an empty database is filled",
                    target.target().describe(),
                    count.table,
                    count.rows
                )));
            }
        }
        // Every table is read in one snapshot: writers may go on meanwhile,
        // and the copy is the database as of one moment.
        let snapshot = self.read_snapshot().await?;
        let source_counts = counts_in(&snapshot, TABLES).await?;
        let txn = target.begin_write().await?;
        // The source's reference data replaces the target's: an administrator
        // may have edited code lists.
        for table in REFERENCE_TABLES.iter().rev() {
            txn.execute(Statement::from_string(
                txn.get_database_backend(),
                format!("DELETE FROM {table}"),
            ))
            .await?;
        }
        copy_table::<admin_unit::Entity>(&snapshot, &txn, |rows| {
            rows.sort_by_key(|u| (u.id.matches('/').count(), u.id.clone()))
        })
        .await?;
        copy_table::<admin_unit_successor::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<ethnic_group::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<country::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<code_list_item::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<code_list_htcds::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<role::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<agency::Entity>(&snapshot, &txn, |rows| rows.sort_by_key(|a| a.id)).await?;
        copy_table::<facility::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<user::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<user_role::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<session::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<api_token::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<person::Entity>(&snapshot, &txn, |rows| rows.sort_by_key(|p| p.id)).await?;
        copy_table::<person_match_key::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<case_number_counter::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<case::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<case_name_token::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<case_fact::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<kept_derivation::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<case_history::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<facility_stay::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<case_agency::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<access_log::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<emergency_grant::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<login_throttle::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<second_factor::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<recovery_code::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<report_submission::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<report_submission_event::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<person_link_request::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<audit_chain_state::Entity>(&snapshot, &txn, |_| ()).await?;
        // A plan may name a later plan as its parent: the plans it names go first.
        copy_table::<plan::Entity>(&snapshot, &txn, plans_before_those_naming_them).await?;
        copy_table::<plan_target::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<plan_task::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<company::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<working_group::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<activity::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<follow_up_action::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<programme_history::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<budget_line::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<budget_entry::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<agency_report::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<plan_document::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<contact::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<contact_dispatch::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<contact_history::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<service_entry::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<notice::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<notice_read::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<notification_setting::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<email_outbox::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<webhook_endpoint::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<webhook_delivery::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<backup_run::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<import_fingerprint::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<import_job::Entity>(&snapshot, &txn, |_| ()).await?;
        copy_table::<import_mapping::Entity>(&snapshot, &txn, |_| ()).await?;
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            for table in SERIAL_TABLES {
                txn.execute(Statement::from_string(
                    DatabaseBackend::Postgres,
                    format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    ),
                ))
                .await?;
            }
        }
        txn.commit().await?;
        snapshot.commit().await?;

        let target_counts = target.table_counts().await?;
        if source_counts != target_counts {
            let differences: Vec<String> = source_counts
                .iter()
                .zip(&target_counts)
                .filter(|(s, t)| s != t)
                .map(|(s, t)| format!("{}: {} → {}", s.table, s.rows, t.rows))
                .collect();
            return Err(StoreError::Internal(format!(
                "row counts differ after the copy ({})",
                differences.join(", ")
            )));
        }
        Ok(target_counts)
    }
}

/// Row counts of `tables` as `db` sees them.
pub(crate) async fn counts_in(
    db: &impl ConnectionTrait,
    tables: &[&'static str],
) -> StoreResult<Vec<TableCount>> {
    let mut out = Vec::new();
    for table in tables {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await?
            .ok_or(StoreError::Internal("COUNT returned no row".into()))?;
        let rows: i64 = row.try_get("", "n")?;
        out.push(TableCount {
            table,
            rows: rows.max(0) as u64,
        });
    }
    Ok(out)
}

/// Orders plans so that each comes after its parent and the plan it was
/// copied from (the foreign keys are checked row by row).
fn plans_before_those_naming_them(rows: &mut Vec<plan::Model>) {
    let mut placed = std::collections::HashSet::new();
    let mut ordered = Vec::with_capacity(rows.len());
    let mut waiting = std::mem::take(rows);
    while !waiting.is_empty() {
        let before = waiting.len();
        let (ready, rest): (Vec<plan::Model>, Vec<plan::Model>) =
            waiting.into_iter().partition(|p| {
                [p.parent_plan_id, p.copied_from_plan_id]
                    .into_iter()
                    .flatten()
                    .all(|id| placed.contains(&id) || id == p.id)
            });
        placed.extend(ready.iter().map(|p| p.id));
        ordered.extend(ready);
        waiting = rest;
        if waiting.len() == before {
            // A cycle the store never writes: copy the rest as they are.
            ordered.append(&mut waiting);
        }
    }
    *rows = ordered;
}

async fn copy_table<E>(
    source: &DatabaseTransaction,
    txn: &WriteTxn,
    order: impl FnOnce(&mut Vec<E::Model>),
) -> StoreResult<()>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let mut query = E::find();
    for key in <E::PrimaryKey as sea_orm::Iterable>::iter() {
        query = query.order_by_asc(sea_orm::PrimaryKeyToColumn::into_column(key));
    }
    let mut rows = query.all(source).await?;
    order(&mut rows);
    if rows.is_empty() {
        return Ok(());
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<E::ActiveModel> = rows
            .by_ref()
            .take(BATCH)
            .map(|m| m.into_active_model().reset_all())
            .collect();
        E::insert_many(batch).exec_without_returning(&**txn).await?;
    }
    Ok(())
}
