//! What importing a list would do, before anything is written (the dry
//! run): the columns recognised, each row read or its problems, the places
//! resolved, the rows that repeat one above them and those the agency
//! imported before. Then the import itself, in batches, for the rows ready.

use super::table::Table;
use crate::case_access::{actor, require_logged, today};
use crate::error::ApiError;
use crate::AppState;
use haven_access::Permission;
use haven_domain::case::command::{Command, Reception};
use haven_domain::case::person::Residence;
use haven_domain::import::columns::{ImportColumn, Mapping};
use haven_domain::import::job::DuplicateDecision;
use haven_domain::import::places::{PlaceIndex, PlaceMatch};
use haven_domain::import::rows::{read_row, ListRow, RowProblem, Vocabulary};
use haven_domain::import::steps::StepParties;
use haven_domain::matching::fold_name;
use haven_store::import::ImportedCase;
use haven_store::users::UserAccount;
use std::collections::{BTreeMap, HashMap};

/// Rows written per transaction.
pub const BATCH_ROWS: usize = 500;

/// The columns a list must have.
pub const REQUIRED: &[ImportColumn] = &[
    ImportColumn::FullName,
    ImportColumn::ReceivedOn,
    ImportColumn::Channel,
];

/// The dry run's findings.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub file_name: String,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// Required columns nothing in the file was recognised as.
    pub missing: Vec<ImportColumn>,
    pub rows_read: usize,
    /// Rows ready to be written (places resolved).
    pub ready: Vec<ImportedCase>,
    /// Every problem of every row that is not ready.
    pub problems: Vec<RowProblem>,
    /// `(line, line of the row above it that it repeats)`.
    pub repeated: Vec<(usize, usize)>,
    /// Ready rows the agency imported before: passed over when written.
    pub already_imported: usize,
    /// The lines of those rows.
    pub imported_before: std::collections::HashSet<usize>,
}

impl ImportPlan {
    /// Ready rows not imported before: those the import would write.
    pub fn rows_to_write(&self) -> usize {
        self.ready.len().saturating_sub(self.already_imported)
    }

    /// The later steps of the rows the import would write (a row imported
    /// before is passed over whole, its steps too).
    pub fn steps_to_write(&self) -> usize {
        self.ready
            .iter()
            .filter(|row| !self.imported_before.contains(&row.line))
            .map(|row| row.steps.len())
            .sum()
    }
}

/// What the import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Rows written so far (created, passed over or left out).
    pub rows_done: usize,
    pub created: usize,
    /// Of those created, cases opened for a person Haven already knew.
    pub linked: usize,
    /// Rows the user decided to leave out.
    pub skipped: usize,
    pub already_imported: usize,
}

/// Importing opens cases: those who receive persons may.
async fn may_import(
    state: &AppState,
    user: &UserAccount,
    action: &'static str,
) -> Result<(), ApiError> {
    require_logged(state, user, Permission::OpenCase, action).await
}

async fn vocabulary(state: &AppState) -> Result<Vocabulary, ApiError> {
    let store = &state.store;
    let channels = store.code_list("reception_channel").await?;
    let ethnic_groups = store.ethnic_groups().await?;
    let countries = store.countries().await?;
    let purposes = store.code_list("trafficking_purpose").await?;
    let services = store.code_list("support_service_type").await?;
    Ok(Vocabulary::default()
        .with_channels(
            channels
                .iter()
                .map(|c| (c.code.as_str(), c.label_vi.as_str())),
        )
        .with_ethnicities(
            ethnic_groups
                .iter()
                .map(|g| (g.code.as_str(), g.name_vi.as_str(), g.name_en.as_str())),
        )
        .with_countries(
            countries
                .iter()
                .map(|c| (c.code.as_str(), c.name_vi.as_str(), c.name_en.as_str())),
        )
        .with_purposes(
            purposes
                .iter()
                .map(|c| (c.code.as_str(), c.label_vi.as_str(), c.label_en.as_str())),
        )
        .with_services(
            services
                .iter()
                .map(|c| (c.code.as_str(), c.label_vi.as_str(), c.label_en.as_str())),
        ))
}

/// The directory's agencies by their folded names and codes: a list names
/// the agency that identified her as it writes it.
struct AgencyNames {
    by_key: HashMap<String, Vec<i64>>,
    importing: StepParties,
}

impl AgencyNames {
    async fn of(state: &AppState, user: &UserAccount) -> Result<AgencyNames, ApiError> {
        let mut by_key: HashMap<String, Vec<i64>> = HashMap::new();
        let mut importing_name = String::new();
        for agency in state.store.agencies().await? {
            if agency.id == user.agency_id {
                importing_name = agency.name.clone();
            }
            by_key
                .entry(fold_name(&agency.name))
                .or_default()
                .push(agency.id);
            let code = fold_name(&agency.code);
            if code != fold_name(&agency.name) {
                by_key.entry(code).or_default().push(agency.id);
            }
        }
        Ok(AgencyNames {
            by_key,
            importing: StepParties {
                deciding_agency_id: None,
                importing_agency_id: user.agency_id,
                importing_agency_name: importing_name,
            },
        })
    }

    /// The steps of a row, with the agency it names found; or the
    /// problem of a name that is no agency or more than one.
    fn steps_of(&self, read: &ListRow) -> Result<Vec<Command>, RowProblem> {
        let written = read
            .steps
            .identification
            .as_ref()
            .and_then(|i| i.agency.as_deref());
        let deciding_agency_id = match written {
            None => None,
            Some(name) => match self.by_key.get(&fold_name(name)).map(Vec::as_slice) {
                Some([id]) => Some(*id),
                Some([]) | None => {
                    return Err(RowProblem {
                        line: read.line,
                        column: ImportColumn::IdentifiedBy,
                        rule: "agency_unknown",
                        message_vi: format!(
                            "Không có cơ quan «{name}» trong danh sách cơ quan của Haven (cơ sở như bệnh viện không xác định nạn nhân): ghi tên hoặc mã cơ quan như danh sách ghi."
                        ),
                        message_en: format!(
                            "No agency “{name}” is among Haven's agencies (facilities such as hospitals do not identify victims): write the agency's name or code as the list has it."
                        ),
                    })
                }
                Some(_) => {
                    return Err(RowProblem {
                        line: read.line,
                        column: ImportColumn::IdentifiedBy,
                        rule: "agency_ambiguous",
                        message_vi: format!(
                            "Nhiều cơ quan trong danh bạ mang tên «{name}»: ghi mã cơ quan."
                        ),
                        message_en: format!(
                            "Several agencies in the directory are named “{name}”: write the agency's code."
                        ),
                    })
                }
            },
        };
        let parties = StepParties {
            deciding_agency_id,
            ..self.importing.clone()
        };
        Ok(read
            .steps
            .commands(read.destination_country.as_deref(), &parties))
    }
}

/// The dry run: reads every row and reports, writes nothing.
pub async fn plan(
    state: &AppState,
    user: &UserAccount,
    file_name: &str,
    table: Table,
    mapping: Option<Mapping>,
) -> Result<ImportPlan, ApiError> {
    may_import(state, user, "import_dry_run").await?;
    let mapping = mapping.unwrap_or_else(|| Mapping::suggested(&table.headers));
    let missing: Vec<ImportColumn> = REQUIRED
        .iter()
        .copied()
        .filter(|c| mapping.position(*c).is_none())
        .collect();
    let mut plan = ImportPlan {
        file_name: file_name.to_owned(),
        headers: table.headers,
        mapping,
        missing,
        rows_read: table.rows.len(),
        ready: Vec::new(),
        problems: Vec::new(),
        repeated: Vec::new(),
        already_imported: 0,
        imported_before: std::collections::HashSet::new(),
    };
    if !plan.missing.is_empty() {
        return Ok(plan);
    }
    let words = vocabulary(state).await?;
    let places = state.store.place_index().await?;
    let agencies = AgencyNames::of(state, user).await?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in &table.rows {
        let read = match read_row(&plan.mapping, *line, cells, &words) {
            Ok(read) => read,
            Err(problems) => {
                plan.problems.extend(problems);
                continue;
            }
        };
        let fingerprint_text = read.fingerprint_text();
        if let Some(first) = seen.get(&fingerprint_text) {
            plan.repeated.push((*line, *first));
            continue;
        }
        seen.insert(fingerprint_text.clone(), *line);
        match imported_case(&read, &places, &agencies, fingerprint_text) {
            Ok(case) => plan.ready.push(case),
            Err(problems) => plan.problems.extend(problems),
        }
    }
    // What the store would refuse is a problem of its row now, not a
    // batch stopped later.
    let mut refused = std::collections::HashSet::new();
    for chunk in plan.ready.chunks(BATCH_ROWS) {
        for (line, violations) in state
            .store
            .refused_rows(actor(user), chunk, today())
            .await?
        {
            refused.insert(line);
            plan.problems
                .extend(violations.0.into_iter().map(|v| RowProblem {
                    line,
                    column: column_of(&v.field, &plan.mapping),
                    rule: v.rule,
                    message_vi: v.message_vi,
                    message_en: v.message_en,
                }));
        }
    }
    plan.ready.retain(|row| !refused.contains(&row.line));
    plan.problems.sort_by_key(|p| p.line);
    let texts: Vec<String> = plan
        .ready
        .iter()
        .map(|r| r.fingerprint_text.clone())
        .collect();
    let mut before = std::collections::HashSet::new();
    for chunk in texts.chunks(BATCH_ROWS) {
        before.extend(state.store.imported_before(user.agency_id, chunk).await?);
    }
    plan.already_imported = before.len();
    plan.imported_before = plan
        .ready
        .iter()
        .filter(|row| before.contains(&row.fingerprint_text))
        .map(|row| row.line)
        .collect();
    Ok(plan)
}

/// The column a reception check's field comes from.
fn column_of(field: &str, mapping: &Mapping) -> ImportColumn {
    let birth = if mapping.position(ImportColumn::BirthDate).is_some() {
        ImportColumn::BirthDate
    } else {
        ImportColumn::BirthYear
    };
    let prefixes: [(&str, ImportColumn); 10] = [
        ("reception.received_on", ImportColumn::ReceivedOn),
        ("reception.channel", ImportColumn::Channel),
        ("reception.", ImportColumn::Note),
        ("person.full_name", ImportColumn::FullName),
        ("person.birth", birth),
        ("person.permanent_residence", ImportColumn::HomePlace),
        ("person.current_residence", ImportColumn::CurrentPlace),
        ("person.ethnicity", ImportColumn::Ethnicity),
        ("person.nationality", ImportColumn::Nationality),
        ("person.identity_papers", ImportColumn::IdentityNumber),
    ];
    if let Some(column) = field
        .strip_prefix("steps.")
        .and_then(ImportColumn::from_code)
    {
        return column;
    }
    prefixes
        .iter()
        .find(|(prefix, _)| field.starts_with(prefix))
        .map_or(ImportColumn::FullName, |(_, column)| *column)
}

/// A row with its places resolved, or the problems of its places.
fn imported_case(
    read: &ListRow,
    places: &PlaceIndex,
    agencies: &AgencyNames,
    fingerprint_text: String,
) -> Result<ImportedCase, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut resolve = |column: ImportColumn, text: Option<&String>| -> Residence {
        let Some(text) = text else {
            return Residence::default();
        };
        let unit = match places.resolve(text) {
            PlaceMatch::Unit(id) => Some(id),
            PlaceMatch::Empty => None,
            PlaceMatch::Ambiguous(candidates) => {
                problems.push(RowProblem {
                    line: read.line,
                    column,
                    rule: "place_ambiguous",
                    message_vi: format!(
                        "«{text}» có thể là {} đơn vị hành chính: hãy ghi thêm huyện hoặc tỉnh.",
                        candidates.len()
                    ),
                    message_en: format!(
                        "“{text}” could be {} administrative units: add the district or province.",
                        candidates.len()
                    ),
                });
                None
            }
            PlaceMatch::Unknown { .. } => {
                problems.push(RowProblem {
                    line: read.line,
                    column,
                    rule: "place_unknown",
                    message_vi: format!("Không tìm thấy đơn vị hành chính «{text}»."),
                    message_en: format!("No administrative unit is found for “{text}”."),
                });
                None
            }
        };
        Residence {
            admin_unit_id: unit,
            address_line: None,
        }
    };
    let permanent = resolve(ImportColumn::HomePlace, read.home_place.as_ref());
    let current = resolve(ImportColumn::CurrentPlace, read.current_place.as_ref());
    let steps = agencies.steps_of(read).unwrap_or_else(|problem| {
        problems.push(problem);
        Vec::new()
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut person = read.person.clone();
    person.permanent_residence = permanent;
    person.current_residence = current;
    Ok(ImportedCase {
        line: read.line,
        person,
        reception: Reception {
            circumstances: read.note.clone(),
            ..Reception::new(&read.channel, read.received_on)
        },
        fingerprint_text,
        existing_person: None,
        steps,
    })
}

/// Writes the ready rows in batches, as the user decided for each
/// possible duplicate (left out, or opened for the person known), telling
/// `progress` after each batch how far it got; a batch is whole or not at
/// all, so an interrupted import is finished by running it again.
pub async fn run<F, Fut>(
    state: &AppState,
    user: &UserAccount,
    plan: &ImportPlan,
    decisions: &BTreeMap<usize, DuplicateDecision>,
    mut progress: F,
) -> Result<ImportOutcome, ApiError>
where
    F: FnMut(ImportOutcome) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    may_import(state, user, "import_list").await?;
    let mut outcome = ImportOutcome::default();
    for batch in plan.ready.chunks(BATCH_ROWS) {
        let mut rows = Vec::with_capacity(batch.len());
        for row in batch {
            match decisions.get(&row.line) {
                Some(DuplicateDecision::Skip) => outcome.skipped += 1,
                Some(DuplicateDecision::Link(person)) => rows.push(ImportedCase {
                    existing_person: Some(*person),
                    ..row.clone()
                }),
                Some(DuplicateDecision::Create) | None => rows.push(row.clone()),
            }
        }
        let written = state
            .store
            .import_batch(actor(user), &plan.file_name, &rows, today())
            .await?;
        outcome.created += written.created;
        outcome.linked += written.linked;
        outcome.already_imported += written.already_imported;
        outcome.rows_done += batch.len();
        progress(outcome).await;
    }
    tracing::info!(
        user_id = user.id,
        created = outcome.created,
        already_imported = outcome.already_imported,
        "a list was imported"
    );
    Ok(outcome)
}
