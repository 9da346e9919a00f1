//! Importing a list from the page, for those who open cases: the
//! agency's past imports and the upload form with the template; then, for
//! one import, its columns (proposed, confirmed), the check with every
//! problem by line, the possible duplicates each to decide (nothing
//! preselected), the confirmation, and the progress while it writes —
//! a page the user refreshes with a button, so it works without scripts.
//! The steps and their checks are `imports::jobs`'.

use super::forms::{as_violations, value};
use crate::i18n::Lang;
use crate::imports::jobs::{self, JobCheck, MappingSource, StartRequest};
use crate::imports::template::{template_xlsx, Choices, TemplateLists};
use crate::imports::Table;
use crate::pages::context::Page;
use crate::pages::extract::Path;
use crate::pages::hotline::moment;
use crate::pages::{error_page, layout, violation_text};
use crate::upload_form::read_upload;
use crate::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_domain::ids::ImportJobId;
use haven_domain::import::columns::{ImportColumn, Mapping};
use haven_domain::import::job::{DuplicateDecision, ImportStatus};
use haven_domain::import::rows::RowProblem;
use haven_domain::Violation;
use haven_store::import::jobs::ImportJob;
use maud::{html, Markup};
use std::collections::BTreeMap;

/// Lines shown for each kind of problem.
const LINES_PER_PROBLEM: usize = 8;
/// Sample values shown under each column.
const SAMPLES: usize = 3;
/// Characters of a cell shown as a sample.
const SAMPLE_CHARS: usize = 40;

/// Characters of a problem's message shown (a message quotes the cell).
const MESSAGE_CHARS: usize = 200;

/// A cell as a sample: its first characters, marked when cut.
fn shortened(cell: &str) -> String {
    cut(cell, SAMPLE_CHARS)
}

/// The first `max` characters of `text`, marked when cut.
fn cut(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let start: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{start}…")
    } else {
        start
    }
}

fn column_label(lang: Lang, column: ImportColumn) -> &'static str {
    let (vi, en) = column.labels();
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

fn status_label(lang: Lang, status: ImportStatus) -> String {
    lang.t(&format!("import-status-{}", status.code()))
}

/// The agency's imports and the upload form.
pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    render_list(&state, &page, &[]).await
}

async fn render_list(state: &AppState, page: &Page, violations: &[Violation]) -> Response {
    let lang = page.lang;
    let past = match jobs::jobs(state, &page.user).await {
        Ok(past) => past,
        Err(error) => return error_page(page, error),
    };
    let body = html! {
        @if super::administers(page) { (super::subnav(page)) }
        p { (lang.t("import-intro")) }
        section.card #upload {
            h2 { (lang.t("import-upload")) }
            p { a href="/admin/import/template.xlsx" download { (lang.t("import-template")) } }
            p.hint #import-file-hint { (lang.t("import-file-hint")) }
            form method="post" action="/admin/import" enctype="multipart/form-data" {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                @for v in violations {
                    p.field-error role="alert" #import-file-error { (violation_text(lang, v)) }
                }
                label for="import-file" { (lang.t("import-file")) " " abbr title=(lang.t("form-required")) { "*" } }
                input #import-file type="file" name="file" required
                    accept=".xlsx,.xls,.ods,.csv"
                    aria-describedby=(if violations.is_empty() { "import-file-hint" } else { "import-file-hint import-file-error" });
                button type="submit" { (lang.t("import-upload-button")) }
            }
        }
        section.card {
            h2 { (lang.t("import-past")) }
            @if past.is_empty() {
                p { (lang.t("import-none")) }
            } @else {
                table #import-jobs {
                    thead { tr {
                        th scope="col" { (lang.t("import-file")) }
                        th scope="col" { (lang.t("import-when")) }
                        th scope="col" { (lang.t("import-state")) }
                        th scope="col" { (lang.t("import-created")) }
                    } }
                    tbody {
                        @for job in &past {
                            tr {
                                td data-label=(lang.t("import-file")) { a href={ "/admin/import/" (job.id) } { (job.file_name) } }
                                td data-label=(lang.t("import-when")) { (moment(job.created_at)) }
                                td data-label=(lang.t("import-state")) { (status_label(lang, job.status)) }
                                td data-label=(lang.t("import-created")) { (job.created) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(page, &lang.t("import-title"), body).into_response()
}

/// Keeps the file as a new import and goes to its columns.
pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let max_bytes = state.store.attachment_limits().max_bytes;
    let form = match read_upload(multipart, max_bytes).await {
        Ok(form) => form,
        Err(error) => return refused_upload(&state, &page, error).await,
    };
    match jobs::upload(&state, &page.user, &form.file_name, &form.content).await {
        Ok(job) => Redirect::to(&format!("/admin/import/{}", job.id)).into_response(),
        Err(error) => refused_upload(&state, &page, error).await,
    }
}

async fn refused_upload(state: &AppState, page: &Page, error: crate::error::ApiError) -> Response {
    let status = error.status;
    match as_violations(error) {
        Ok(violations) => {
            let mut response = render_list(state, page, &violations).await;
            if response.status().is_success() {
                *response.status_mut() = status;
            }
            response
        }
        Err(error) => error_page(page, error),
    }
}

/// The template, filled with today's code lists.
pub async fn template(State(state): State<AppState>, page: Page) -> Response {
    if let Err(error) = jobs::jobs(&state, &page.user).await {
        return error_page(&page, error);
    }
    let store = &state.store;
    let lists = async {
        let listed = |list: &'static str| async move {
            Ok::<Choices, haven_store::StoreError>(
                store
                    .code_list(list)
                    .await?
                    .into_iter()
                    .map(|c| (c.code, c.label_vi, c.label_en))
                    .collect(),
            )
        };
        let channels = listed("reception_channel").await?;
        let ethnic_groups: Choices = store
            .ethnic_groups()
            .await?
            .into_iter()
            .map(|g| (g.code, g.name_vi, g.name_en))
            .collect();
        let mut countries: Choices = store
            .countries()
            .await?
            .into_iter()
            .map(|c| (c.code, c.name_vi, c.name_en))
            .collect();
        // Found by their Vietnamese names, Việt Nam and Trung Quốc among them.
        countries.sort_by(|a, b| a.1.cmp(&b.1));
        Ok::<_, haven_store::StoreError>(TemplateLists {
            channels,
            ethnic_groups,
            countries,
            purposes: listed("trafficking_purpose").await?,
            services: listed("support_service_type").await?,
        })
    }
    .await;
    let bytes = match lists.map(|lists| template_xlsx(&lists)) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "the import template could not be written");
            return error_page(&page, crate::error::ApiError::export_failed());
        }
        Err(e) => return error_page(&page, e.into()),
    };
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"mau-danh-sach-haven.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The rows with problems as CSV: the file's own columns, then what is
/// wrong, so the list can be put right and uploaded again.
pub async fn problems(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    let (job, table) = match jobs::job(&state, &page.user, ImportJobId(id)).await {
        Ok(found) => found,
        Err(error) => return error_page(&page, error),
    };
    let rows = table.rows.clone();
    let headers = table.headers.clone();
    let mapping = job.mapping.clone().map(|columns| Mapping { columns });
    let plan = match crate::imports::plan(&state, &page.user, &job.file_name, table, mapping).await
    {
        Ok(plan) => plan,
        Err(error) => return error_page(&page, error),
    };
    let lang = page.lang;
    let mut wrong: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for problem in &plan.problems {
        let message = match lang {
            Lang::Vi => &problem.message_vi,
            Lang::En => &problem.message_en,
        };
        wrong.entry(problem.line).or_default().push(format!(
            "{}: {}",
            column_label(lang, problem.column),
            cut(message, MESSAGE_CHARS)
        ));
    }
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut head = vec![lang.t("import-problems-line")];
    head.extend(headers);
    head.push(lang.t("import-problems-what"));
    let written = out.write_record(&head).is_ok()
        && rows
            .iter()
            .filter_map(|(line, cells)| wrong.get(line).map(|w| (line, cells, w)))
            .all(|(line, cells, what)| {
                let mut record = vec![line.to_string()];
                // The rows given back came from outside and may hold "=…".
                record.extend(
                    cells
                        .iter()
                        .map(|cell| haven_report::export::csv::inert(cell).into_owned()),
                );
                record.push(what.join("; "));
                out.write_record(&record).is_ok()
            });
    let bytes = match (written, out.into_inner()) {
        (true, Ok(bytes)) => bytes,
        (_, _) => return error_page(&page, crate::error::ApiError::export_failed()),
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"dong-co-loi.csv\"",
            ),
        ],
        bytes,
    )
        .into_response()
}

/// One import, at whatever step it stands.
pub async fn job(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    render_job(&state, &page, ImportJobId(id), Shown::default()).await
}

/// What the user sent back with a refusal.
#[derive(Default)]
struct Shown {
    values: Vec<(String, String)>,
    violations: Vec<Violation>,
}

pub async fn columns(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let id = ImportJobId(id);
    let Ok(version) = value(&values, "version").parse::<i64>() else {
        return stale(&state, &page, id, values).await;
    };
    // The number of the file's columns is the form's: the check compares it.
    let count = values
        .iter()
        .filter(|(k, _)| k.starts_with("column-"))
        .count();
    let unknown: Vec<Violation> = (0..count)
        .map(|i| format!("column-{i}"))
        .filter(|field| {
            let chosen = value(&values, field);
            !chosen.is_empty() && ImportColumn::from_code(chosen).is_none()
        })
        .map(|field| {
            Violation::new(
                field,
                "unknown_code",
                "Lựa chọn này không có trong danh sách các thông tin Haven nhận.",
                "This choice is not among the details Haven takes.",
            )
        })
        .collect();
    if !unknown.is_empty() {
        return show_refusal(&state, &page, id, values, unknown, 422).await;
    }
    let mapping = Mapping {
        columns: (0..count)
            .map(|i| ImportColumn::from_code(value(&values, &format!("column-{i}"))))
            .collect(),
    };
    match jobs::confirm_columns(&state, &page.user, id, version, &mapping).await {
        Ok(_) => Redirect::to(&format!("/admin/import/{id}#check")).into_response(),
        Err(error) => refused(&state, &page, id, values, error).await,
    }
}

pub async fn start(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let id = ImportJobId(id);
    let Ok(version) = value(&values, "version").parse::<i64>() else {
        return stale(&state, &page, id, values).await;
    };
    if value(&values, "confirm") != "yes" {
        let unticked = Violation::new(
            "confirm",
            "confirm",
            "Hãy đánh dấu ô xác nhận để bắt đầu nhập.",
            "Tick the confirmation to start the import.",
        );
        return show_refusal(&state, &page, id, values, vec![unticked], 422).await;
    }
    let mut decisions = BTreeMap::new();
    for (key, chosen) in &values {
        let Some(line) = key
            .strip_prefix("decision-")
            .and_then(|l| l.parse::<usize>().ok())
        else {
            continue;
        };
        if let Some(decision) = DuplicateDecision::from_form(chosen) {
            decisions.insert(line, decision);
        }
    }
    let request = StartRequest {
        version,
        decisions,
        remember_columns: value(&values, "remember") == "yes",
    };
    match jobs::start(&state, &page.user, id, request).await {
        Ok(_) => Redirect::to(&format!("/admin/import/{id}")).into_response(),
        Err(error) => refused(&state, &page, id, values, error).await,
    }
}

async fn stale(
    state: &AppState,
    page: &Page,
    id: ImportJobId,
    values: Vec<(String, String)>,
) -> Response {
    let outdated = Violation::new(
        "version",
        "stale_page",
        "Trang đã cũ: hãy tải lại trang rồi làm lại.",
        "The page is out of date: reload it and try again.",
    );
    show_refusal(state, page, id, values, vec![outdated], 409).await
}

async fn refused(
    state: &AppState,
    page: &Page,
    id: ImportJobId,
    values: Vec<(String, String)>,
    error: crate::error::ApiError,
) -> Response {
    let status = error.status.as_u16();
    match as_violations(error) {
        Ok(violations) => show_refusal(state, page, id, values, violations, status).await,
        Err(error) => error_page(page, error),
    }
}

/// The import's page again, with what the user sent and why it was refused.
async fn show_refusal(
    state: &AppState,
    page: &Page,
    id: ImportJobId,
    values: Vec<(String, String)>,
    violations: Vec<Violation>,
    status: u16,
) -> Response {
    let shown = Shown { values, violations };
    with_status(render_job(state, page, id, shown).await, status)
}

fn with_status(mut response: Response, status: u16) -> Response {
    if response.status().is_success() {
        if let Ok(status) = axum::http::StatusCode::from_u16(status) {
            *response.status_mut() = status;
        }
    }
    response
}

async fn render_job(state: &AppState, page: &Page, id: ImportJobId, shown: Shown) -> Response {
    let lang = page.lang;
    let (job, table) = match jobs::job(state, &page.user, id).await {
        Ok(found) => found,
        Err(error) => return error_page(page, error),
    };
    let (mapping, source) = match jobs::proposed_mapping(state, &job, &table).await {
        Ok(proposed) => proposed,
        Err(error) => return error_page(page, error),
    };
    let columns = job
        .status
        .open_to_mapping()
        .then(|| columns_form(page, &job, &table, &mapping, source, &shown));
    let check = match job.status {
        ImportStatus::Mapped | ImportStatus::Failed => {
            match jobs::check(state, &page.user, &job, table).await {
                Ok(check) => Some(check),
                Err(error) => return error_page(page, error),
            }
        }
        ImportStatus::Uploaded | ImportStatus::Importing | ImportStatus::Done => None,
    };
    let violations = &shown.violations;
    let body = html! {
        p { a href="/admin/import" { (lang.t("import-back")) } }
        p #import-state role="status" {
            strong { (lang.t("import-state")) ": " } (status_label(lang, job.status))
        }
        @for v in violations.iter().filter(|v| v.field == "version" || v.field == "file" || v.field == "form") {
            p.error role="alert" { (violation_text(lang, v)) }
        }
        @let to_fix: Vec<&Violation> = violations.iter().filter(|v| v.field.starts_with("decision-") || v.field == "confirm").collect();
        @if !to_fix.is_empty() {
            div.error-summary role="alert" {
                p { strong { (lang.t("import-to-fix")) } }
                ul {
                    @for v in to_fix {
                        li { a href={ "#" (v.field) } { (violation_text(lang, v)) } }
                    }
                }
            }
        }
        @if let Some(columns) = columns { (columns) }
        @if let Some(check) = &check { (check_section(page, &job, check, &shown)) }
        @match job.status {
            ImportStatus::Importing => (progress_section(lang, &job)),
            ImportStatus::Done | ImportStatus::Failed => (outcome_section(lang, &job)),
            ImportStatus::Uploaded | ImportStatus::Mapped => {},
        }
    };
    let title = lang.t_with(
        "import-job-title",
        &[("file", job.file_name.clone().into())],
    );
    layout::page(page, &title, body).into_response()
}

fn columns_form(
    page: &Page,
    job: &ImportJob,
    table: &Table,
    mapping: &Mapping,
    source: MappingSource,
    shown: &Shown,
) -> Markup {
    let lang = page.lang;
    let sent = shown.values.iter().any(|(k, _)| k.starts_with("column-"));
    let chosen = |index: usize| -> Option<ImportColumn> {
        if sent {
            ImportColumn::from_code(value(&shown.values, &format!("column-{index}")))
        } else {
            mapping.columns.get(index).copied().flatten()
        }
    };
    let form = html! {
            p {
                (lang.t(match source {
                    MappingSource::Confirmed => "import-columns-confirmed",
                    MappingSource::Saved => "import-columns-saved",
                    MappingSource::Recognised => "import-columns-recognised",
                }))
            }
            form method="post" action={ "/admin/import/" (job.id) "/columns" } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="version" value=(job.version);
                @for v in shown.violations.iter().filter(|v| v.field == "columns") {
                    p.field-error role="alert" { (violation_text(lang, v)) }
                }
                @for (index, header) in table.headers.iter().enumerate() {
                    @let id = format!("column-{index}");
                    @let error = shown.violations.iter().find(|v| v.field == id);
                    @let samples: Vec<String> = table.rows.iter()
                        .filter_map(|(_, cells)| cells.get(index))
                        .map(String::as_str)
                        .filter(|c| !c.trim().is_empty())
                        .take(SAMPLES)
                        .map(shortened)
                        .collect();
                    div.field {
                        label for=(id) { (if header.trim().is_empty() { lang.t("import-column-unnamed") } else { header.clone() }) }
                        @if !samples.is_empty() {
                            p.hint #{ (id) "-samples" } { (lang.t("import-samples")) ": " (samples.join(" · ")) }
                        }
                        @if let Some(v) = error {
                            p.field-error #{ (id) "-error" } { (violation_text(lang, v)) }
                        }
                        select #(id) name=(id)
                            aria-describedby=[(!samples.is_empty() || error.is_some()).then(|| {
                                let mut ids = Vec::new();
                                if !samples.is_empty() { ids.push(format!("{id}-samples")); }
                                if error.is_some() { ids.push(format!("{id}-error")); }
                                ids.join(" ")
                            })]
                            aria-invalid=[error.is_some().then_some("true")] {
                            option value="" selected[chosen(index).is_none()] { (lang.t("import-column-skip")) }
                            @for column in ImportColumn::ALL {
                                option value=(column.code()) selected[chosen(index) == Some(*column)] {
                                    (column_label(lang, *column))
                                    @if crate::imports::REQUIRED.contains(column) { " *" }
                                }
                            }
                        }
                    }
                }
                button type="submit" { (lang.t("import-columns-confirm")) }
            }
    };
    // Once confirmed, the columns fold away above the check; a refusal
    // about them opens them again.
    let folded = source == MappingSource::Confirmed
        && !shown
            .violations
            .iter()
            .any(|v| v.field.starts_with("column"));
    html! {
        section.card #columns {
            @if folded {
                details {
                    summary { h2 { (lang.t("import-columns")) } }
                    (form)
                }
            } @else {
                h2 { (lang.t("import-columns")) }
                (form)
            }
        }
    }
}

fn check_section(page: &Page, job: &ImportJob, check: &JobCheck, shown: &Shown) -> Markup {
    let lang = page.lang;
    let plan = &check.plan;
    let mut groups: BTreeMap<(String, &str), Vec<&RowProblem>> = BTreeMap::new();
    for problem in &plan.problems {
        groups
            .entry((problem.column.code().to_owned(), problem.rule))
            .or_default()
            .push(problem);
    }
    let decided = |line: usize| -> Option<String> {
        let field = format!("decision-{line}");
        let sent = value(&shown.values, &field);
        if !sent.is_empty() {
            return Some(sent.to_owned());
        }
        job.decisions.get(&line).map(|d| d.form_value())
    };
    let count = |n: usize| n.to_string();
    html! {
        section.card #check {
            h2 { (lang.t("import-check")) }
            dl.counts {
                dt { (lang.t("import-rows-read")) } dd #rows-read { (count(plan.rows_read)) }
                dt { (lang.t("import-rows-ready")) } dd #rows-ready { (count(plan.ready.len())) }
                dt { (lang.t("import-rows-problems")) } dd #rows-problems { (count(plan.problems.iter().map(|p| p.line).collect::<std::collections::BTreeSet<_>>().len())) }
                dt { (lang.t("import-rows-repeated")) } dd #rows-repeated { (count(plan.repeated.len())) }
                dt { (lang.t("import-rows-before")) } dd #rows-before { (count(plan.already_imported)) }
                dt { (lang.t("import-steps-ready")) } dd #steps-ready { (count(plan.steps_to_write())) }
                dt { (lang.t("import-rows-duplicates")) } dd #rows-duplicates { (count(check.duplicates.len())) }
            }
            @if !groups.is_empty() {
                h3 { (lang.t("import-problems")) }
                p { (lang.t("import-problems-hint")) }
                p { a #problems-download href={ "/admin/import/" (job.id) "/problems.csv" } download { (lang.t("import-problems-download")) } }
                ul #import-problems {
                    @for ((column, _), problems) in &groups {
                        li {
                            strong { (ImportColumn::from_code(column).map(|c| column_label(lang, c)).unwrap_or_default()) }
                            " — "
                            (lang.t_with("import-problem-lines", &[
                                ("count", problems.len().into()),
                                ("lines", problems.iter().take(LINES_PER_PROBLEM).map(|p| p.line.to_string()).collect::<Vec<_>>().join(", ").into()),
                            ]))
                            ul {
                                @for problem in problems.iter().take(LINES_PER_PROBLEM) {
                                    li {
                                        (lang.t_with("import-duplicate-row", &[("line", problem.line.into())])) ": "
                                        (cut(match lang { Lang::Vi => &problem.message_vi, Lang::En => &problem.message_en }, MESSAGE_CHARS))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if plan.mapping.position(ImportColumn::DestinationCountry).is_some() && plan.mapping.position(ImportColumn::Purposes).is_none() {
                p.notice #destination-not-kept { (lang.t("import-destination-not-kept")) }
            }
            @if !plan.repeated.is_empty() {
                p #import-repeated {
                    (lang.t("import-repeated")) " "
                    (plan.repeated.iter().take(LINES_PER_PROBLEM).map(|(line, first)| format!("{line} = {first}")).collect::<Vec<_>>().join(", "))
                }
            }
        }
        @if job.status.may_start() && !plan.ready.is_empty() {
            form method="post" action={ "/admin/import/" (job.id) "/start" } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="version" value=(job.version);
                @if !check.duplicates.is_empty() {
                    section.card #duplicates {
                        h2 { (lang.t("import-duplicates")) }
                        p { (lang.t("import-duplicates-hint")) }
                        @if check.duplicates_cut {
                            p.notice { (lang.t("import-duplicates-cut")) }
                        }
                        @for duplicate in &check.duplicates {
                            @let field = format!("decision-{}", duplicate.line);
                            @let error = shown.violations.iter().find(|v| v.field == field);
                            @let current = decided(duplicate.line);
                            fieldset.duplicate #(field) aria-invalid=[error.is_some().then_some("true")] {
                                legend {
                                    (lang.t_with("import-duplicate-row", &[("line", duplicate.line.into())])) ": "
                                    (duplicate.full_name)
                                    @if let Some(year) = duplicate.birth_year { " (" (year) ")" }
                                }
                                @if let Some(v) = error {
                                    p.field-error role="alert" { (violation_text(lang, v)) }
                                }
                                @for candidate in &duplicate.candidates {
                                    @if candidate.open_directly {
                                        @let link = DuplicateDecision::Link(candidate.person_id).form_value();
                                        label.check {
                                            input type="radio" name=(field) value=(link) required checked[current.as_deref() == Some(link.as_str())];
                                            " " (lang.t("import-decision-link")) " "
                                            @if let Some(known) = &candidate.known {
                                                strong { (known.full_name) }
                                                @if let Some(year) = known.birth_year { " (" (year) ")" }
                                            }
                                            @if !candidate.case_numbers.is_empty() {
                                                " — " (candidate.case_numbers.join(", "))
                                            }
                                        }
                                    } @else {
                                        p.hint {
                                            (lang.t_with("import-known-elsewhere", &[("agency", candidate.known_to_agency_name.clone().unwrap_or_default().into())]))
                                        }
                                    }
                                }
                                label.check {
                                    input type="radio" name=(field) value="create" required checked[current.as_deref() == Some("create")];
                                    " " (lang.t("import-decision-create"))
                                }
                                label.check {
                                    input type="radio" name=(field) value="skip" required checked[current.as_deref() == Some("skip")];
                                    " " (lang.t("import-decision-skip"))
                                }
                            }
                        }
                    }
                }
                section.card #confirm {
                    h2 { (lang.t("import-confirm")) }
                    p { (lang.t_with("import-confirm-what", &[("ready", plan.ready.len().saturating_sub(plan.already_imported).into()), ("file", job.file_name.clone().into())])) }
                    @if let Some(v) = shown.violations.iter().find(|v| v.field == "confirm") {
                        p.field-error role="alert" #confirm-error { (violation_text(lang, v)) }
                    }
                    label.check {
                        input #confirm-tick type="checkbox" name="confirm" value="yes" required;
                        " " (lang.t("import-confirm-tick"))
                    }
                    label.check {
                        input type="checkbox" name="remember" value="yes";
                        " " (lang.t("import-remember-columns"))
                    }
                    button type="submit" { (lang.t(if job.status == ImportStatus::Failed { "import-continue" } else { "import-start" })) }
                }
            }
        }
    }
}

fn progress_section(lang: Lang, job: &ImportJob) -> Markup {
    html! {
        section.card #progress {
            h2 { (lang.t("import-progress")) }
            label for="import-progress-bar" {
                (lang.t_with("import-progress-rows", &[("done", job.rows_done.into()), ("total", job.rows_ready.into())]))
            }
            progress #import-progress-bar max=(job.rows_ready.max(1)) value=(job.rows_done) {}
            p { (lang.t("import-progress-hint")) }
            p { a.button href={ "/admin/import/" (job.id) } { (lang.t("import-progress-refresh")) } }
        }
    }
}

fn outcome_section(lang: Lang, job: &ImportJob) -> Markup {
    html! {
        section.card #outcome {
            h2 { (lang.t("import-outcome")) }
            @if job.failure.is_some() {
                p.error role="alert" { (lang.t("import-failed")) }
            }
            dl.counts {
                dt { (lang.t("import-created")) } dd #created { (job.created) }
                dt { (lang.t("import-linked")) } dd #linked { (job.linked) }
                dt { (lang.t("import-skipped")) } dd #skipped { (job.skipped) }
                dt { (lang.t("import-rows-before")) } dd #already { (job.already_imported) }
            }
            @if job.status == ImportStatus::Done {
                p { a href="/cases" { (lang.t("import-see-cases")) } }
            }
            p { a href={ "/admin/import/" (job.id) "/problems.csv" } download { (lang.t("import-problems-download")) } }
        }
    }
}
