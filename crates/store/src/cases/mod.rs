//! Cases: opening one at reception, the single write path every later step
//! goes through, reading, and verifying the history chains.

mod duplicates;
pub mod history;
mod kept;
mod kept_facts;
pub use kept::KeptRefresh;
mod listing;
pub(crate) mod numbers;
mod opening;
mod persons;
mod reception_check;
mod recompute;
mod sealing;
pub mod statistics;

pub use duplicates::Candidate;
pub use listing::{CasePage, CaseQuery, CaseSearch, MAX_OFFSET, MAX_PAGE};
pub(crate) use opening::{open_many_in, Opening};
pub use persons::{PersonMerge, PersonView, CORRECTION_ENTRY, MERGE_ENTRY};
pub(crate) use reception_check::KnownCodes;
pub(crate) use recompute::recompute_states;
pub use sealing::{AuditSeal, SealReport};

use crate::audit_key::AuditKey;
use crate::entities::{
    case, case_agency, case_history, code_list_item, facility, facility_stay, person, user,
};
use crate::error::{StoreError, StoreResult};
use crate::person_links::LinkAsk;
use crate::store::{Store, WriteTxn};
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::case::person::Person;
use haven_domain::case::{check, Case, Command, Context, Reception};
use haven_domain::matching::fold_name;
use haven_domain::{Violation, Violations};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Select, Set, Statement,
};
use serde::Serialize;

/// Who records a change: always a user acting for their agency.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub user_id: i64,
    pub agency_id: i64,
}

#[derive(Clone, Copy)]
pub(crate) enum PersonChoice<'a> {
    New(&'a Person),
    Existing(i64, &'a Person),
}

impl<'a> PersonChoice<'a> {
    /// The person the case is opened for, new or known.
    pub(crate) fn person(&self) -> &'a Person {
        match self {
            PersonChoice::New(person) | PersonChoice::Existing(_, person) => person,
        }
    }
}

/// A case as read back: its number, version and domain state.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRecord {
    pub id: i64,
    pub case_number: String,
    pub person_id: i64,
    pub version: i64,
    pub lead_agency_id: i64,
    pub state: Case,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub seq: i64,
    pub recorded_at: DateTime<Utc>,
    pub actor_user_id: i64,
    pub actor_agency_id: i64,
    pub command: String,
    pub payload: serde_json::Value,
    pub changes: serde_json::Value,
    pub reason: Option<String>,
    pub hash: String,
}

/// A case whose stored history no longer matches its hash chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TamperedCase {
    pub case_number: String,
    pub first_bad_seq: i64,
}

impl Store {
    /// Opens a case at reception: the person, the case with its number, and
    /// the first history entry, in one transaction. The actor's agency leads.
    pub async fn open_case(
        &self,
        actor: Actor,
        person: &Person,
        reception: &Reception,
        today: NaiveDate,
    ) -> StoreResult<CaseRecord> {
        self.open_case_with(actor, PersonChoice::New(person), reception, today, None)
            .await
    }

    /// Opens a case for a new person who may be one another agency knows,
    /// and asks that agency to link them, in one transaction. Until it
    /// accepts, the case holds only what the actor's agency typed.
    pub async fn open_case_asking_link(
        &self,
        actor: Actor,
        person: &Person,
        reception: &Reception,
        today: NaiveDate,
        ask: &LinkAsk,
    ) -> StoreResult<CaseRecord> {
        ask.validate()?;
        self.open_case_with(
            actor,
            PersonChoice::New(person),
            reception,
            today,
            Some(ask),
        )
        .await
    }

    /// Opens a new case for a person already known (a duplicate candidate the
    /// case worker confirmed): the person record is shared, not copied.
    pub async fn open_case_for_person(
        &self,
        actor: Actor,
        person_id: i64,
        reception: &Reception,
        today: NaiveDate,
    ) -> StoreResult<CaseRecord> {
        let row = person::Entity::find_by_id(person_id)
            .one(self.db())
            .await?
            .filter(|p| p.merged_into_id.is_none())
            .ok_or(StoreError::NotFound { what: "person" })?;
        let person: Person = serde_json::from_str(&row.data).map_err(internal)?;
        self.open_case_with(
            actor,
            PersonChoice::Existing(person_id, &person),
            reception,
            today,
            None,
        )
        .await
    }

    async fn open_case_with(
        &self,
        actor: Actor,
        choice: PersonChoice<'_>,
        reception: &Reception,
        today: NaiveDate,
        ask: Option<&LinkAsk>,
    ) -> StoreResult<CaseRecord> {
        let person = match choice {
            PersonChoice::New(p) | PersonChoice::Existing(_, p) => p,
        };
        let reception = prepared_reception(actor, person, reception);
        self.validate_reception(person, &reception, today).await?;
        let agency = self
            .agency(actor.agency_id)
            .await?
            .ok_or(StoreError::NotFound { what: "agency" })?;
        let province = self.province_gso_code(&agency.admin_unit_id).await?;

        let txn = self.begin_write().await?;
        let created = open_in(&txn, actor, choice, &reception, province, ask).await?;
        txn.commit().await?;
        tracing::debug!(case_id = created.id, "case opened");
        self.case_by_id(created.id)
            .await?
            .ok_or(StoreError::NotFound { what: "case" })
    }

    /// Records a user's command on a case. Files are attached with
    /// [`Store::attach`], which stores the file before recording it.
    pub async fn execute(
        &self,
        actor: Actor,
        case_number: &str,
        expected_version: i64,
        command: &Command,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> StoreResult<CaseRecord> {
        if matches!(command, Command::AttachDocument(_)) {
            return Err(StoreError::Rejected(haven_domain::case::Rejection::new(
                "attach_through_upload",
                "Tệp đính kèm được tải lên qua mục đính kèm của hồ sơ.",
                "Files are attached by uploading them to the case's attachments.",
            )));
        }
        self.record(actor, case_number, expected_version, command, reason, today)
            .await
    }

    /// The one write path for a case: checks the version, asks the domain,
    /// stores the new state and its history entry together, or nothing.
    pub(crate) async fn record(
        &self,
        actor: Actor,
        case_number: &str,
        expected_version: i64,
        command: &Command,
        reason: Option<&str>,
        today: NaiveDate,
    ) -> StoreResult<CaseRecord> {
        haven_domain::case::limits::check_texts(&serde_json::json!({ "reason": reason }))?;
        let command = self.complete_command(command).await?;
        let txn = self.begin_write().await?;
        let row = case_at_version(&txn, case_number, expected_version).await?;
        let mut state: Case = serde_json::from_str(&row.state).map_err(internal)?;
        // A fact only an admission needs, read inside the transaction.
        // Facts about the records the command names, read inside the
        // transaction so the domain decides on what is committed with it.
        let facility = if let Command::AdmitToFacility { facility_id, .. } = &command {
            facility_facts(&txn, *facility_id).await?
        } else {
            None
        };
        let worker_agency_id = if let Command::AssignWorker { user_id } = &command {
            active_user_agency(&txn, *user_id).await?
        } else {
            None
        };
        let relatives_on_record = if let Command::ApplyProtection {
            for_relative: Some(_),
            ..
        } = &command
        {
            relatives_on_record(&txn, row.person_id).await?
        } else {
            0
        };
        let ctx = Context {
            actor_agency_id: actor.agency_id,
            actor_user_id: actor.user_id,
            today,
            entitlements: &self.rules().entitlements,
            limits: &self.rules().limits,
            facility,
            worker_agency_id,
            relatives_on_record,
        };
        check(&state, &command, &ctx).map_err(StoreError::Rejected)?;
        let before = serde_json::to_value(&state).map_err(internal)?;
        let prior = state.clone();
        state.apply(&command, actor.agency_id);
        let after = serde_json::to_value(&state).map_err(internal)?;
        let now = history::now_micros();
        let version = row.version + 1;
        let updated = case::Entity::update_many()
            .col_expr(case::Column::State, to_json(&state)?.into())
            .col_expr(case::Column::Version, version.into())
            .col_expr(case::Column::Phase, state.phase.code().into())
            .col_expr(
                case::Column::Identification,
                state.identification.code().into(),
            )
            .col_expr(case::Column::LeadAgencyId, state.lead_agency_id.into())
            .col_expr(
                case::Column::NextDueOn,
                self.rules().deadlines.next_due_on(&state).into(),
            )
            .col_expr(case::Column::UpdatedAt, now.into())
            .filter(case::Column::Id.eq(row.id))
            .filter(case::Column::Version.eq(row.version))
            .exec(&*txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::StaleVersion {
                expected: expected_version,
                current: row.version + 1,
            });
        }
        record_stay(&txn, row.id, &command).await?;
        record_involvement(&txn, row.id, &state).await?;
        if state.lead_agency_id != prior.lead_agency_id {
            kept::refile_case(&txn, row.id, state.lead_agency_id, row.person_id).await?;
        }
        let step = crate::notices::CaseStep {
            case_number: &row.case_number,
            before: &prior,
            command: &command,
            by_user_id: actor.user_id,
            at: now,
        };
        crate::webhooks::raise_for_step(&*txn, &step).await?;
        crate::notices::raise_for_step(&*txn, step).await?;
        let payload = serde_json::to_value(&command).map_err(internal)?;
        let changes = history::changes(&before, &after);
        append_history(
            &txn,
            row.id,
            version,
            now,
            actor,
            command.name(),
            &payload,
            &changes,
            reason,
        )
        .await?;
        kept_facts::follow_step(
            &txn,
            row.id,
            state.lead_agency_id,
            now.date_naive(),
            &command,
        )
        .await?;
        txn.commit().await?;
        self.case_by_id(row.id)
            .await?
            .ok_or(StoreError::NotFound { what: "case" })
    }

    pub async fn case_by_number(&self, case_number: &str) -> StoreResult<Option<CaseRecord>> {
        let row = case::Entity::find()
            .filter(case::Column::CaseNumber.eq(case_number))
            .one(self.db())
            .await?;
        row.map(record_of).transpose()
    }

    pub async fn case_by_id(&self, id: i64) -> StoreResult<Option<CaseRecord>> {
        case::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .map(record_of)
            .transpose()
    }

    /// The person a case is about. Personal data: callers check the policy first.
    pub async fn person(&self, id: i64) -> StoreResult<Option<Person>> {
        Ok(self.person_view(id).await?.map(|view| view.person))
    }

    /// The persons of several cases at once, by id (a list page reads one
    /// query, not one per row). Personal data: callers check the policy first.
    pub async fn persons(
        &self,
        ids: &[i64],
    ) -> StoreResult<std::collections::HashMap<i64, Person>> {
        if ids.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        person::Entity::find()
            .filter(person::Column::Id.is_in(ids.iter().copied()))
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| Ok((row.id, serde_json::from_str(&row.data).map_err(internal)?)))
            .collect()
    }

    /// Cases that have ever had a file attached, for the audit.
    pub(crate) async fn all_cases_with_attachments(&self) -> StoreResult<Vec<CaseRecord>> {
        self.records(
            case::Entity::find()
                .filter(case::Column::State.contains("\"file_id\":"))
                .order_by_asc(case::Column::Id),
        )
        .await
    }

    /// The cases a query selects, read into records.
    pub(crate) async fn records(
        &self,
        select: Select<case::Entity>,
    ) -> StoreResult<Vec<CaseRecord>> {
        select
            .all(self.db())
            .await?
            .into_iter()
            .map(record_of)
            .collect()
    }

    pub async fn count_cases(&self) -> StoreResult<u64> {
        Ok(case::Entity::find().count(self.db()).await?)
    }

    pub async fn case_history(&self, case_number: &str) -> StoreResult<Vec<HistoryEntry>> {
        let case = self
            .case_by_number(case_number)
            .await?
            .ok_or(StoreError::NotFound { what: "case" })?;
        let rows = history_rows(self, case.id).await?;
        rows.into_iter()
            .map(|r| {
                Ok(HistoryEntry {
                    seq: r.seq,
                    recorded_at: r.recorded_at,
                    actor_user_id: r.actor_user_id,
                    actor_agency_id: r.actor_agency_id,
                    command: r.command,
                    payload: serde_json::from_str(&r.payload).map_err(internal)?,
                    changes: serde_json::from_str(&r.changes).map_err(internal)?,
                    reason: r.reason,
                    hash: r.hash,
                })
            })
            .collect()
    }

    /// Recomputes every case's hash chain and checks that the stored state is
    /// what the history says; names each case that was altered.
    pub async fn verify_histories(&self) -> StoreResult<Vec<TamperedCase>> {
        let key = self.audit_key()?;
        let mut tampered = Vec::new();
        for row in case::Entity::find()
            .order_by_asc(case::Column::Id)
            .all(self.db())
            .await?
        {
            let rows = history_rows(self, row.id).await?;
            if let Some(first_bad_seq) = first_bad_seq(&row, &rows, key)? {
                tampered.push(TamperedCase {
                    case_number: row.case_number,
                    first_bad_seq,
                });
            }
        }
        Ok(tampered)
    }

    /// Whether a reception would be accepted as typed (dates, codes, the
    /// person's rules), every fault named at once; nothing is written.
    pub async fn check_reception(
        &self,
        person: &Person,
        reception: &Reception,
        today: NaiveDate,
    ) -> StoreResult<()> {
        self.validate_reception(person, reception, today).await
    }

    pub(crate) async fn validate_reception(
        &self,
        person: &Person,
        reception: &Reception,
        today: NaiveDate,
    ) -> StoreResult<()> {
        let known = KnownCodes::named_in(self.db(), [person], [reception]).await?;
        let earliest = self.rules().limits.earliest_reception;
        Ok(known
            .reception_violations(person, reception, earliest, today)
            .into_result()?)
    }

    /// The person's codes that are not in their lists: residences'
    /// administrative units, ethnicity, nationality, kinds of papers.
    pub(crate) async fn person_codes_unknown(&self, person: &Person) -> StoreResult<Violations> {
        let known = KnownCodes::named_in(self.db(), [person], []).await?;
        Ok(known.person_unknown(person))
    }

    /// Fills in what the command's author need not know: the Art. 37 clause of a service type.
    async fn complete_command(&self, command: &Command) -> StoreResult<Command> {
        let mut command = command.clone();
        if let Command::RecordService(service) = &mut command {
            let item = code_list_item::Entity::find_by_id((
                "support_service_type".to_owned(),
                service.service_type.clone(),
            ))
            .one(self.db())
            .await?
            .filter(|i| i.active)
            .ok_or_else(|| {
                Violations(vec![Violation::unknown_code(
                    "service_type",
                    "support_service_type",
                )])
            })?;
            service.clause = item.category;
        }
        haven_domain::case::limits::check_texts(
            &serde_json::to_value(&command).map_err(internal)?,
        )?;
        let mut v = Violations::default();
        if let Command::RecordService(service) = &command {
            if let Some(source) = &service.funding_source {
                if !self.code_exists("funding_source", source).await? {
                    v.push(Violation::unknown_code("funding_source", "funding_source"));
                }
            }
        }
        match &command {
            Command::RecordTrafficking(details) => {
                for (i, purpose) in details.purposes.iter().enumerate() {
                    if !self.code_exists("trafficking_purpose", purpose).await? {
                        v.push(Violation::unknown_code(
                            &format!("purposes[{i}]"),
                            "trafficking_purpose",
                        ));
                    }
                }
                for (i, means) in details.means_of_control.iter().enumerate() {
                    if !self.code_exists("means_of_control", means).await? {
                        v.push(Violation::unknown_code(
                            &format!("means_of_control[{i}]"),
                            "means_of_control",
                        ));
                    }
                }
                for (field, list, code) in [
                    ("recruitment", "recruitment_method", &details.recruitment),
                    (
                        "relation_to_recruiter",
                        "relation_to_recruiter",
                        &details.relation_to_recruiter,
                    ),
                ] {
                    if let Some(code) = code {
                        if !self.code_exists(list, code).await? {
                            v.push(Violation::unknown_code(field, list));
                        }
                    }
                }
                if let Some(country) = &details.destination_country {
                    if !self.countries().await?.iter().any(|c| &c.code == country) {
                        v.push(Violation::unknown_code("destination_country", "countries"));
                    }
                }
            }
            Command::ApplyProtection { measure, .. } => {
                if !self.code_exists("protection_measure", measure).await? {
                    v.push(Violation::unknown_code("measure", "protection_measure"));
                }
            }
            Command::Close { reason, .. }
                if !self.code_exists("closure_reason", reason).await? =>
            {
                v.push(Violation::unknown_code("reason", "closure_reason"));
            }
            Command::StartVerification { .. }
            | Command::RequestVerification { .. }
            | Command::AnswerVerification { .. }
            | Command::RecordIdentification { .. }
            | Command::AssessRisk { .. }
            | Command::RecordProtectionIncident { .. }
            | Command::AssessNeeds { .. }
            | Command::RecordService(_)
            | Command::AdmitToFacility { .. }
            | Command::DischargeFromFacility { .. }
            | Command::SendReferral { .. }
            | Command::AcceptReferral { .. }
            | Command::DeclineReferral { .. }
            | Command::RecordFamilyContact { .. }
            | Command::RecordReturn { .. }
            | Command::RecordHandback { .. }
            | Command::RecordFollowUp { .. }
            | Command::RecordProceedings { .. }
            | Command::RecordConsent { .. }
            | Command::AddNote { .. }
            | Command::AssignWorker { .. }
            | Command::ReleaseWorker { .. }
            | Command::AttachDocument(_)
            | Command::WithdrawAttachment { .. }
            | Command::ApplyForHardshipAllowance { .. }
            | Command::ForwardHardshipApplication { .. }
            | Command::Close { .. }
            | Command::Reopen { .. } => {}
        }
        for (field, agency_id) in command.named_agencies() {
            if self.agency(agency_id).await?.is_none() {
                v.push(Violation::unknown_code(field, "agencies"));
            }
        }
        v.into_result()?;
        if let Command::AdmitToFacility { facility_id, .. } = &command {
            if facility::Entity::find_by_id(*facility_id)
                .one(self.db())
                .await?
                .is_none()
            {
                return Err(
                    Violations(vec![Violation::unknown_code("facility_id", "facilities")]).into(),
                );
            }
        }
        Ok(command)
    }

    /// The 2025 province (GSO code) of an administrative unit, legacy units through their successor.
    pub(crate) async fn province_gso_code(&self, unit_id: &str) -> StoreResult<String> {
        let province_id: String = unit_id.split('/').take(2).collect::<Vec<_>>().join("/");
        if province_id.starts_with("2025/") {
            return Ok(province_id.trim_start_matches("2025/").to_owned());
        }
        match self.primary_successor(&province_id).await? {
            Some(successor) => Ok(successor.gso_code),
            None => Ok(province_id.rsplit('/').next().unwrap_or("00").to_owned()),
        }
    }
}

/// The case row inside a write transaction, when it is still at the version
/// the user saw; a stale version writes nothing.
pub(crate) async fn case_at_version(
    txn: &WriteTxn,
    case_number: &str,
    expected_version: i64,
) -> StoreResult<case::Model> {
    let row = case::Entity::find()
        .filter(case::Column::CaseNumber.eq(case_number))
        .one(&**txn)
        .await?
        .ok_or(StoreError::NotFound { what: "case" })?;
    if row.version != expected_version {
        return Err(StoreError::StaleVersion {
            expected: expected_version,
            current: row.version,
        });
    }
    Ok(row)
}

/// Moves a case to its next version for an entry that changes no journey
/// state (a merge, a link request); fails if someone else moved it first.
pub(crate) async fn bump_case_version(
    txn: &WriteTxn,
    row: &case::Model,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let version = row.version + 1;
    let updated = case::Entity::update_many()
        .col_expr(case::Column::Version, version.into())
        .col_expr(case::Column::UpdatedAt, now.into())
        .filter(case::Column::Id.eq(row.id))
        .filter(case::Column::Version.eq(row.version))
        .exec(&**txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::StaleVersion {
            expected: row.version,
            current: version,
        });
    }
    Ok(version)
}

/// Stores a person's new data on the row's version, with the search keys and
/// identity-number index that follow from it; fails if the row moved on.
pub(crate) async fn index_person(
    txn: &WriteTxn,
    row: &person::Model,
    updated: &Person,
) -> StoreResult<()> {
    let changed = person::Entity::update_many()
        .col_expr(person::Column::Data, to_json(updated)?.into())
        .col_expr(
            person::Column::NameKey,
            fold_name(&updated.full_name).into(),
        )
        .col_expr(
            person::Column::BirthYear,
            updated.birth.map(|b| b.year()).into(),
        )
        .col_expr(
            person::Column::HomeUnitId,
            updated.permanent_residence.admin_unit_id.clone().into(),
        )
        .col_expr(person::Column::Version, (row.version + 1).into())
        .filter(person::Column::Id.eq(row.id))
        .filter(person::Column::Version.eq(row.version))
        .exec(&**txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(StoreError::StaleVersion {
            expected: row.version.into(),
            current: (row.version + 1).into(),
        });
    }
    kept::refile_person(txn, row.id, updated).await
}

/// The reception as the store records it: by the actor's agency and user,
/// with what the person's facts say (a foreigner, a minor, a child).
pub(crate) fn prepared_reception(
    actor: Actor,
    person: &Person,
    reception: &Reception,
) -> Reception {
    let mut reception = reception.clone();
    reception.receiving_agency_id = actor.agency_id;
    reception.foreign_national = reception.foreign_national || person.is_foreign();
    reception.minor = reception.minor || person.is_minor_on(reception.received_on);
    reception.child = reception.child || person.is_child_on(reception.received_on);
    reception.received_by_user_id = actor.user_id;
    // Only the import says a case comes from a list (`Opening::imported`).
    reception.imported = None;
    reception
}

/// Opening one case — the person (when new), the case, its first history
/// entry, the agencies involved, the link asked and the contact it came
/// from — in the caller's transaction.
pub(crate) async fn open_in(
    txn: &WriteTxn,
    actor: Actor,
    choice: PersonChoice<'_>,
    reception: &Reception,
    province: String,
    ask: Option<&LinkAsk>,
) -> StoreResult<case::Model> {
    let opening = Opening {
        person: choice,
        reception,
        imported: None,
        steps: &[],
    };
    let created = open_many_in(txn, actor, &province, &[opening])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::Internal("no case opened".into()))?;
    if let Some(ask) = ask {
        crate::person_links::ask_in(txn, actor, &created, ask).await?;
    }
    if let Some(contact) = reception.from_contact {
        crate::hotline::link_in(
            &**txn,
            actor.user_id,
            contact,
            created.id,
            &created.case_number,
            None,
            created.created_at,
        )
        .await?;
    }
    Ok(created)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn append_history(
    txn: &WriteTxn,
    case_id: i64,
    seq: i64,
    recorded_at: DateTime<Utc>,
    actor: Actor,
    command: &str,
    payload: &serde_json::Value,
    changes: &serde_json::Value,
    reason: Option<&str>,
) -> StoreResult<()> {
    let prev_hash = match case_history::Entity::find()
        .filter(case_history::Column::CaseId.eq(case_id))
        .filter(case_history::Column::Seq.eq(seq - 1))
        .one(&**txn)
        .await?
    {
        Some(prev) => prev.hash,
        None => history::GENESIS.to_owned(),
    };
    let payload = payload.to_string();
    let changes = changes.to_string();
    let content = history::EntryContent {
        case_id,
        seq,
        recorded_at,
        actor_user_id: actor.user_id,
        actor_agency_id: actor.agency_id,
        command,
        payload: &payload,
        changes: &changes,
        reason,
    };
    let key = txn.audit_key()?;
    let hash = content.hash(&prev_hash, key);
    // The entry's seq is the case's version: the head vouches for both.
    case::Entity::update_many()
        .col_expr(
            case::Column::HistoryHead,
            Some(history::head(key, case_id, seq, &hash)).into(),
        )
        .filter(case::Column::Id.eq(case_id))
        .exec(&**txn)
        .await?;
    case_history::ActiveModel {
        case_id: Set(case_id),
        seq: Set(seq),
        recorded_at: Set(recorded_at),
        actor_user_id: Set(actor.user_id),
        actor_agency_id: Set(actor.agency_id),
        command: Set(command.to_owned()),
        payload: Set(payload),
        changes: Set(changes),
        reason: Set(reason.map(str::to_owned)),
        prev_hash: Set(prev_hash),
        hash: Set(hash),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    Ok(())
}

/// The first history entry of a case that does not verify under `key` (or
/// the entry after the last, when entries were cut off), or `None`.
pub(crate) fn first_bad_seq(
    row: &case::Model,
    rows: &[case_history::Model],
    key: &AuditKey,
) -> StoreResult<Option<i64>> {
    if let Some(seq) = history::first_broken_link(rows, |entry, prev| entry.hash(prev, key)) {
        return Ok(Some(seq));
    }
    if rows.last().map(|r| r.seq) != Some(row.version) {
        return Ok(Some(
            i64::try_from(rows.len())
                .unwrap_or(i64::MAX)
                .saturating_add(1),
        ));
    }
    if replay(rows)? != serde_json::from_str::<Case>(&row.state).ok() {
        return Ok(Some(row.version));
    }
    // Entries cut off the end, with the version and state rolled back to
    // match, leave a chain that holds: the keyed head does not.
    let sealed_head = rows
        .last()
        .map(|last| history::head(key, row.id, row.version, &last.hash));
    if row.history_head != sealed_head {
        return Ok(Some(row.version));
    }
    Ok(None)
}

/// The agency of an active user account, read inside the write transaction.
async fn active_user_agency(txn: &WriteTxn, user_id: i64) -> StoreResult<Option<i64>> {
    Ok(user::Entity::find_by_id(user_id)
        .one(&**txn)
        .await?
        .filter(|u| u.active)
        .map(|u| u.agency_id))
}

/// How many relatives a person's record lists, read inside the write transaction.
async fn relatives_on_record(txn: &WriteTxn, person_id: i64) -> StoreResult<usize> {
    let Some(row) = person::Entity::find_by_id(person_id).one(&**txn).await? else {
        return Ok(0);
    };
    let person: Person = serde_json::from_str(&row.data).map_err(internal)?;
    Ok(person.relatives.len())
}

/// The facility an admission names — who runs it, whether a place is free —
/// read inside the write transaction. On PostgreSQL the facility row is
/// locked so two admissions cannot both take the last place.
async fn facility_facts(
    txn: &WriteTxn,
    facility_id: i64,
) -> StoreResult<Option<haven_domain::case::FacilityFacts>> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT id FROM facilities WHERE id = $1 FOR UPDATE",
            [facility_id.into()],
        ))
        .await?;
    }
    let Some(found) = facility::Entity::find_by_id(facility_id)
        .one(&**txn)
        .await?
    else {
        return Ok(None);
    };
    let occupied = facility_stay::Entity::find()
        .filter(facility_stay::Column::FacilityId.eq(facility_id))
        .filter(facility_stay::Column::DischargedOn.is_null())
        .count(&**txn)
        .await?;
    Ok(Some(haven_domain::case::FacilityFacts {
        has_room: occupied < found.capacity.max(0) as u64,
        operator_agency_id: found.operator_agency_id,
    }))
}

async fn record_stay(txn: &WriteTxn, case_id: i64, command: &Command) -> StoreResult<()> {
    match command {
        Command::AdmitToFacility {
            facility_id,
            admitted_on,
        } => {
            facility_stay::ActiveModel {
                case_id: Set(case_id),
                facility_id: Set(*facility_id),
                admitted_on: Set(*admitted_on),
                discharged_on: Set(None),
                ..Default::default()
            }
            .insert(&**txn)
            .await?;
        }
        Command::DischargeFromFacility { discharged_on, .. } => {
            facility_stay::Entity::update_many()
                .col_expr(facility_stay::Column::DischargedOn, (*discharged_on).into())
                .filter(facility_stay::Column::CaseId.eq(case_id))
                .filter(facility_stay::Column::DischargedOn.is_null())
                .exec(&**txn)
                .await?;
        }
        Command::StartVerification { .. }
        | Command::RequestVerification { .. }
        | Command::AnswerVerification { .. }
        | Command::RecordIdentification { .. }
        | Command::RecordTrafficking(_)
        | Command::AssessRisk { .. }
        | Command::ApplyProtection { .. }
        | Command::RecordProtectionIncident { .. }
        | Command::AssessNeeds { .. }
        | Command::RecordService(_)
        | Command::SendReferral { .. }
        | Command::AcceptReferral { .. }
        | Command::DeclineReferral { .. }
        | Command::RecordFamilyContact { .. }
        | Command::RecordReturn { .. }
        | Command::RecordHandback { .. }
        | Command::RecordFollowUp { .. }
        | Command::RecordProceedings { .. }
        | Command::RecordConsent { .. }
        | Command::AddNote { .. }
        | Command::AssignWorker { .. }
        | Command::ReleaseWorker { .. }
        | Command::AttachDocument(_)
        | Command::WithdrawAttachment { .. }
        | Command::ApplyForHardshipAllowance { .. }
        | Command::ForwardHardshipApplication { .. }
        | Command::Close { .. }
        | Command::Reopen { .. } => {}
    }
    Ok(())
}

/// Rewrites the case's involved agencies from its state: the lead, and every
/// agency referred it that has not declined.
async fn record_involvement(txn: &WriteTxn, case_id: i64, state: &Case) -> StoreResult<()> {
    case_agency::Entity::delete_many()
        .filter(case_agency::Column::CaseId.eq(case_id))
        .exec(&**txn)
        .await?;
    for (agency_id, relation) in involvement(state) {
        case_agency::ActiveModel {
            case_id: Set(case_id),
            agency_id: Set(agency_id),
            relation: Set(relation.into()),
        }
        .insert(&**txn)
        .await?;
    }
    Ok(())
}

/// The agencies a case involves: its lead, and every agency a referral
/// went to that did not decline it.
pub(crate) fn involvement(state: &Case) -> Vec<(i64, &'static str)> {
    use haven_domain::case::aggregate::ReferralStatus;
    let mut involved = vec![(state.lead_agency_id, "lead")];
    for referral in state
        .referrals
        .iter()
        .filter(|r| r.status != ReferralStatus::Declined)
    {
        if !involved
            .iter()
            .any(|(agency, _)| *agency == referral.to_agency_id)
        {
            involved.push((referral.to_agency_id, "referred"));
        }
    }
    involved
}

async fn history_rows(store: &Store, case_id: i64) -> StoreResult<Vec<case_history::Model>> {
    Ok(case_history::Entity::find()
        .filter(case_history::Column::CaseId.eq(case_id))
        .order_by_asc(case_history::Column::Seq)
        .all(store.db())
        .await?)
}

/// The state the history leads to: the reception, then every command applied in order.
fn replay(rows: &[case_history::Model]) -> StoreResult<Option<Case>> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let Ok(reception) = serde_json::from_str::<Reception>(&first.payload) else {
        return Ok(None);
    };
    let mut case = Case::open(&reception);
    for row in rows.iter().skip(1) {
        if row.command == persons::MERGE_ENTRY
            || crate::person_links::ENTRIES.contains(&row.command.as_str())
        {
            continue;
        }
        let Ok(command) = serde_json::from_str::<Command>(&row.payload) else {
            return Ok(None);
        };
        case.apply(&command, row.actor_agency_id);
    }
    Ok(Some(case))
}

fn record_of(row: case::Model) -> StoreResult<CaseRecord> {
    Ok(CaseRecord {
        id: row.id,
        case_number: row.case_number,
        person_id: row.person_id,
        version: row.version,
        lead_agency_id: row.lead_agency_id,
        state: serde_json::from_str(&row.state).map_err(internal)?,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn to_json<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(internal)
}

pub(crate) fn internal(e: serde_json::Error) -> StoreError {
    StoreError::Internal(format!("JSON: {e}"))
}
