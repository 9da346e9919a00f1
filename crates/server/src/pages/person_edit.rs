//! Correcting the person of a case: names, birth (a full date, a year, or
//! an estimated age), papers, residences, contact, languages, disability
//! and the relatives to protect (add, change, remove). The form carries the
//! record's version: a correction based on an older record is explained
//! and kept, never written over someone else's. Only who sees the person
//! whole on a case their agency leads may correct her (the API's rule).

use super::context::Page;
use super::extract::Path;
use super::layout;
use super::person_form::{birth_year, optional, relative, sex_chosen, sex_code, RelativeFields};
use crate::case_access::{actor, case_for, today};
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::NaiveDate;
use haven_access::Action;
use haven_domain::case::person::{Birth, IdentityPaper, Person, Residence, Sex};
use haven_domain::Violation;
use haven_store::StoreError;
use maud::{html, Markup};

/// Blank rows offered to add a paper or a relative.
const NEW_ROWS: usize = 1;

type Values = Vec<(String, String)>;

fn value<'a>(values: &'a Values, name: &str) -> &'a str {
    values
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

fn list(text: &str) -> Vec<String> {
    text.split(',').filter_map(optional).collect()
}

/// The record as the form shows it: every field as typed text.
fn to_values(person: &Person, version: i32) -> Values {
    let mut values: Values = vec![
        ("version".into(), version.to_string()),
        ("full_name".into(), person.full_name.clone()),
        ("other_names".into(), person.other_names.join(", ")),
        ("sex".into(), sex_code(person.sex).into()),
        (
            "ethnicity".into(),
            person.ethnicity.clone().unwrap_or_default(),
        ),
        (
            "nationality".into(),
            person.nationality.clone().unwrap_or_default(),
        ),
        ("contact".into(), person.contact.clone().unwrap_or_default()),
        ("languages".into(), person.languages.join(", ")),
        (
            "disability".into(),
            person.disability.clone().unwrap_or_default(),
        ),
    ];
    match &person.birth {
        Some(Birth::Date { date }) => {
            values.push(("birth_kind".into(), "date".into()));
            values.push(("birth_date".into(), date.format("%Y-%m-%d").to_string()));
        }
        Some(Birth::Year { year }) => {
            values.push(("birth_kind".into(), "year".into()));
            values.push(("birth_year".into(), year.to_string()));
        }
        Some(Birth::EstimatedAge { years, on }) => {
            values.push(("birth_kind".into(), "estimated_age".into()));
            values.push(("birth_age".into(), years.to_string()));
            values.push(("birth_age_on".into(), on.format("%Y-%m-%d").to_string()));
        }
        None => values.push(("birth_kind".into(), String::new())),
    }
    for (prefix, residence) in [
        ("permanent", &person.permanent_residence),
        ("current", &person.current_residence),
    ] {
        let unit = residence.admin_unit_id.clone().unwrap_or_default();
        let province = unit.split('/').take(2).collect::<Vec<_>>().join("/");
        values.push((format!("{prefix}_province"), province));
        values.push((format!("{prefix}_commune"), unit));
        values.push((
            format!("{prefix}_address"),
            residence.address_line.clone().unwrap_or_default(),
        ));
    }
    for (i, paper) in person.identity_papers.iter().enumerate() {
        values.push((format!("paper_kind_{i}"), paper.kind.clone()));
        values.push((format!("paper_number_{i}"), paper.number.clone()));
    }
    for (i, relative) in person.relatives.iter().enumerate() {
        values.push((
            format!("relative_relationship_{i}"),
            relative.relationship.clone(),
        ));
        values.push((format!("relative_name_{i}"), relative.full_name.clone()));
        values.push((
            format!("relative_contact_{i}"),
            relative.contact.clone().unwrap_or_default(),
        ));
    }
    values
}

/// Rows of a repeated part: those typed, and blank ones to add.
fn rows(values: &Values, prefix: &str, known: usize) -> usize {
    let typed = values
        .iter()
        .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse::<usize>().ok())
        .map(|i| i.saturating_add(1))
        .max()
        .unwrap_or(0);
    typed.max(known).min(50)
}

/// The form read back as a person; relatives keep the residence on record.
fn to_person(values: &Values, before: &Person) -> Result<Person, Vec<Violation>> {
    let mut violations = Vec::new();
    let sex = sex_chosen(value(values, "sex"), "sex").unwrap_or_else(|violation| {
        violations.push(violation);
        Sex::Unknown
    });
    let date = |name: &str| NaiveDate::parse_from_str(value(values, name), "%Y-%m-%d").ok();
    let birth = match value(values, "birth_kind") {
        "" => None,
        "date" => match date("birth_date") {
            Some(date) => Some(Birth::Date { date }),
            None => {
                violations.push(Violation::new(
                    "birth_date",
                    "date",
                    "Ngày sinh không hợp lệ (ngày/tháng/năm).",
                    "Not a valid date of birth (day/month/year).",
                ));
                None
            }
        },
        "year" => match birth_year(value(values, "birth_year"), "birth_year") {
            Ok(year) => Some(Birth::Year { year }),
            Err(violation) => {
                violations.push(violation);
                None
            }
        },
        "estimated_age" => match value(values, "birth_age").parse::<u32>() {
            Ok(years) if years <= 120 => Some(Birth::EstimatedAge {
                years,
                on: date("birth_age_on").unwrap_or_else(today),
            }),
            Ok(_) | Err(_) => {
                violations.push(Violation::new(
                    "birth_age",
                    "number",
                    "Tuổi ước tính là một số năm, ví dụ 16.",
                    "The estimated age is a number of years, e.g. 16.",
                ));
                None
            }
        },
        _ => {
            violations.push(Violation::unknown_code("birth_kind", "birth_kind"));
            None
        }
    };
    let residence = |prefix: &str| Residence {
        admin_unit_id: optional(value(values, &format!("{prefix}_commune")))
            .filter(|c| c.starts_with(value(values, &format!("{prefix}_province"))))
            .or_else(|| optional(value(values, &format!("{prefix}_province")))),
        address_line: optional(value(values, &format!("{prefix}_address"))),
    };
    let mut identity_papers = Vec::new();
    for i in 0..rows(values, "paper_kind_", 0) {
        let kind = optional(value(values, &format!("paper_kind_{i}")));
        let number = optional(value(values, &format!("paper_number_{i}")));
        match (kind, number) {
            (Some(kind), Some(number)) => identity_papers.push(IdentityPaper { kind, number }),
            (None, None) => {}
            (Some(_), None) => violations.push(Violation::required(&format!("paper_number_{i}"))),
            (None, Some(_)) => violations.push(Violation::required(&format!("paper_kind_{i}"))),
        }
    }
    let mut relatives = Vec::new();
    for i in 0..rows(values, "relative_name_", 0) {
        if value(values, &format!("relative_remove_{i}")) == "on" {
            continue;
        }
        let residence = before
            .relatives
            .get(i)
            .map(|r| r.residence.clone())
            .unwrap_or_default();
        let (name, relationship) = (
            format!("relative_name_{i}"),
            format!("relative_relationship_{i}"),
        );
        let typed = relative(
            value(values, &name),
            value(values, &relationship),
            value(values, &format!("relative_contact_{i}")),
            residence,
            RelativeFields {
                name: &name,
                relationship: &relationship,
            },
        );
        match typed {
            Ok(Some(relative)) => relatives.push(relative),
            Ok(None) => {}
            Err(violation) => violations.push(violation),
        }
    }
    let person = Person {
        full_name: value(values, "full_name").to_owned(),
        other_names: list(value(values, "other_names")),
        sex,
        birth,
        ethnicity: optional(value(values, "ethnicity")),
        nationality: optional(value(values, "nationality")),
        identity_papers,
        permanent_residence: residence("permanent"),
        current_residence: residence("current"),
        languages: list(value(values, "languages")),
        disability: optional(value(values, "disability")),
        contact: optional(value(values, "contact")),
        relatives,
    };
    if violations.is_empty() {
        Ok(person)
    } else {
        Err(violations)
    }
}

/// Violations of the domain and the store name `person.full_name` or
/// `person.relatives[0].full_name`; the form says `full_name`, `relative_name_0`.
fn on_form(violations: Vec<Violation>) -> Vec<Violation> {
    violations
        .into_iter()
        .map(|mut v| {
            let field = v.field.trim_start_matches("person.").to_owned();
            v.field = match field.split_once('[') {
                Some((part, rest)) => {
                    let index = rest.split(']').next().unwrap_or("0");
                    let leaf = rest.rsplit('.').next().unwrap_or("");
                    match (part, leaf) {
                        ("relatives", "relationship") => format!("relative_relationship_{index}"),
                        ("relatives", "contact") => format!("relative_contact_{index}"),
                        ("relatives", _) => format!("relative_name_{index}"),
                        ("identity_papers", "kind") => format!("paper_kind_{index}"),
                        (_, _) => format!("paper_number_{index}"),
                    }
                }
                None => match field.as_str() {
                    "permanent_residence.admin_unit_id" => "permanent_commune".into(),
                    "current_residence.admin_unit_id" => "current_commune".into(),
                    "birth" => "birth_kind".into(),
                    other => other.to_owned(),
                },
            };
            v
        })
        .collect()
}

pub async fn form(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
) -> Response {
    let access = match case_for(&state, &page.user, &number, Action::CorrectPerson).await {
        Ok(access) if access.identity.is_whole() => access,
        Ok(_) => {
            return super::error_page(&page, crate::error::ApiError::forbidden()).into_response()
        }
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    let Ok(Some(record)) = state.store.person_view(access.case.person_id).await else {
        return super::error_page(&page, crate::error::ApiError::not_found()).into_response();
    };
    let values = with_seen(to_values(&record.person, record.version));
    render(&state, &page, &number, &record.person, &values, &[], None)
        .await
        .into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let access = match case_for(&state, &page.user, &number, Action::CorrectPerson).await {
        Ok(access) if access.identity.is_whole() => access,
        Ok(_) => {
            return super::error_page(&page, crate::error::ApiError::forbidden()).into_response()
        }
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    let Ok(Some(record)) = state.store.person_view(access.case.person_id).await else {
        return super::error_page(&page, crate::error::ApiError::not_found()).into_response();
    };
    let back = |violations: Vec<Violation>, notice: Option<String>, status: StatusCode| {
        let values = values.clone();
        let state = state.clone();
        let number = number.clone();
        let before = record.person.clone();
        let page = &page;
        async move {
            (
                status,
                render(
                    &state,
                    page,
                    &number,
                    &before,
                    &values,
                    &violations,
                    notice.as_deref(),
                )
                .await,
            )
                .into_response()
        }
    };
    // Changing a province only redraws the form with its communes.
    if value(&values, "step") == "refresh" {
        return back(vec![], None, StatusCode::OK).await;
    }
    let corrected = match to_person(&values, &record.person) {
        Ok(person) => person,
        Err(violations) => return back(violations, None, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let version = value(&values, "version").parse::<i32>().unwrap_or(0);
    match state
        .store
        .correct_person(actor(&page.user), record.id, version, &corrected, today())
        .await
    {
        Ok(_) => Redirect::to(&format!("/cases/{number}?done=correct_person")).into_response(),
        Err(StoreError::StaleVersion { .. }) => {
            // Someone corrected her meanwhile. The form comes back on the
            // version now on record: what this user changed is kept, what
            // the other changed is taken in, and a field both changed is
            // named with the other's value — nothing is lost by saving again.
            let Ok(Some(now)) = state.store.person_view(record.id).await else {
                return super::error_page(&page, crate::error::ApiError::not_found())
                    .into_response();
            };
            let on_record = to_values(&now.person, now.version);
            let merge = merged(&values, &on_record);
            let notice = page.lang.t_with(
                "person-edit-stale",
                &[
                    ("taken", names(page.lang, &merge.taken, None).into()),
                    (
                        "both",
                        names(page.lang, &merge.both, Some(&on_record)).into(),
                    ),
                ],
            );
            (
                StatusCode::CONFLICT,
                render(
                    &state,
                    &page,
                    &number,
                    &now.person,
                    &with_seen(merge.values),
                    &[],
                    Some(&notice),
                )
                .await,
            )
                .into_response()
        }
        Err(StoreError::Invalid(violations)) => {
            back(
                on_form(violations.0),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::Rejected(rejection)) => {
            let violation = Violation::new(
                rejection.field.unwrap_or("person"),
                rejection.code,
                rejection.message_vi,
                rejection.message_en,
            );
            back(vec![violation], None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => super::error_page(&page, other.into()).into_response(),
    }
}

/// The form's values with `seen`: the values of the record as the form
/// showed it, carried back by the form so a stale save can be merged.
fn with_seen(mut values: Values) -> Values {
    values.retain(|(k, _)| k != "seen");
    let base: Values = values.clone();
    let seen = serde_json::to_string(&base).unwrap_or_default();
    values.push(("seen".into(), seen));
    values
}

/// Form fields that are not the person's.
fn is_form_only(key: &str) -> bool {
    matches!(key, "version" | "csrf" | "step" | "seen")
}

/// A stale save merged with the record now on file.
struct Merge {
    values: Values,
    /// Fields only the other correction changed: taken in.
    taken: Vec<String>,
    /// Fields both changed, differently: this user's value kept.
    both: Vec<String>,
}

/// Three-way merge of what was typed against what the form showed
/// (`seen`) and what is on record now: a field left as shown takes the
/// record's value; a field changed keeps the change.
fn merged(typed: &Values, on_record: &Values) -> Merge {
    let seen: Values = serde_json::from_str(value(typed, "seen")).unwrap_or_default();
    let mut keys: Vec<&str> = Vec::new();
    for (key, _) in typed.iter().chain(on_record.iter()) {
        if !is_form_only(key) && !keys.contains(&key.as_str()) {
            keys.push(key);
        }
    }
    let mut merge = Merge {
        values: vec![("version".into(), value(on_record, "version").to_owned())],
        taken: Vec::new(),
        both: Vec::new(),
    };
    for key in keys {
        let (mine, base, theirs) = (value(typed, key), value(&seen, key), value(on_record, key));
        // Without what the form showed (an old page), what was typed wins.
        let kept = if mine == base && !seen.is_empty() {
            if theirs != base {
                merge.taken.push(key.to_owned());
            }
            theirs
        } else {
            if theirs != base && theirs != mine && !seen.is_empty() {
                merge.both.push(key.to_owned());
            }
            mine
        };
        if !kept.is_empty() {
            merge.values.push((key.to_owned(), kept.to_owned()));
        }
    }
    merge
}

/// Fields by their labels, `«Liên hệ»`, with the record's value where given
/// (free text only; a code means nothing to the reader): `«Liên hệ»: 0912…`.
fn names(lang: Lang, keys: &[String], on_record: Option<&Values>) -> String {
    if keys.is_empty() {
        return "—".to_owned();
    }
    keys.iter()
        .map(|key| {
            let general = key
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end_matches('_');
            let label = lang
                .maybe(&format!("person-edit-{}", general.replace('_', "-")))
                .unwrap_or_else(|| general.replace('_', " "));
            let label = label.trim_end_matches([' ', ':']);
            let coded = [
                "province",
                "commune",
                "kind",
                "sex",
                "nationality",
                "ethnicity",
                "relationship",
            ]
            .iter()
            .any(|code| general.ends_with(code));
            match on_record.map(|values| value(values, key)) {
                Some(now) if !coded => {
                    format!("«{label}»: {}", if now.is_empty() { "—" } else { now })
                }
                Some(_) | None => format!("«{label}»"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    page: &Page,
    number: &str,
    before: &Person,
    values: &Values,
    violations: &[Violation],
    notice: Option<&str>,
) -> Markup {
    let lang = page.lang;
    let pick = |vi: &str, en: &str| match lang {
        Lang::Vi => vi.to_owned(),
        Lang::En => en.to_owned(),
    };
    let countries = super::labels::country_choices(state, lang).await;
    let ethnic_groups = state.store.ethnic_groups().await.or_shown("ethnic_groups");
    let papers = state
        .store
        .code_list("identity_document_type")
        .await
        .or_shown("code_list");
    let provinces = state
        .store
        .admin_units_under("2025", None)
        .await
        .or_shown("admin_units_under");
    let mut communes = Vec::new();
    for prefix in ["permanent", "current"] {
        let province = value(values, &format!("{prefix}_province"));
        let units = match optional(province) {
            Some(province) => state
                .store
                .admin_units_under("2025", Some(&province))
                .await
                .or_shown("admin_units_under"),
            None => vec![],
        };
        communes.push((prefix, units));
    }
    let error = |field: &str| {
        violations
            .iter()
            .find(|v| v.field == field)
            .map(|v| super::violation_text(lang, v))
    };
    let label = |key: &str| lang.t(&format!("person-edit-{}", key.replace('_', "-")));
    let text = |name: &str, key: &str, required: bool| -> Markup {
        let message = error(name);
        html! {
            label for=(name) { (label(key)) @if required { " " abbr title=(lang.t("form-required")) { "*" } } }
            input id=(name) type="text" name=(name) value=(value(values, name)) required[required]
                aria-invalid=[message.as_ref().map(|_| "true")] aria-describedby=[message.as_ref().map(|_| format!("{name}-error"))];
            @if let Some(m) = &message { p.field-error id={ (name) "-error" } { (m) } }
        }
    };
    let select = |name: &str, key: &str, options: Vec<(String, String)>| -> Markup {
        let chosen = value(values, name);
        let message = error(name);
        html! {
            label for=(name) { (label(key)) }
            select id=(name) name=(name) aria-invalid=[message.as_ref().map(|_| "true")] {
                option value="" selected[chosen.is_empty()] { (lang.t("form-none")) }
                @for (code, text) in &options { option value=(code) selected[chosen == code] { (text) } }
            }
            @if let Some(m) = &message { p.field-error id={ (name) "-error" } { (m) } }
        }
    };
    let papers_rows = rows(values, "paper_kind_", 0) + NEW_ROWS;
    let relative_rows = rows(values, "relative_name_", 0) + NEW_ROWS;
    let title = lang.t_with("person-edit-title", &[("number", number.to_owned().into())]);
    layout::page(
        page,
        &title,
        html! {
            @if let Some(notice) = notice { p.error role="alert" #form-notice tabindex="-1" autofocus { (notice) } }
            @if !violations.is_empty() { p.error role="alert" tabindex="-1" autofocus[notice.is_none()] { (lang.t("person-edit-errors")) } }
            form.card #person-edit method="post" action={ "/cases/" (number) "/person" } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="version" value=(value(values, "version"));
                input type="hidden" name="seen" value=(value(values, "seen"));
                fieldset {
                    legend { (label("names")) }
                    (text("full_name", "full_name", true))
                    (text("other_names", "other_names", false))
                    label for="sex" { (label("sex")) " " abbr title=(lang.t("form-required")) { "*" } }
                    select #sex name="sex" required {
                        option value="" selected[value(values, "sex").is_empty()] { (lang.t("form-choose")) }
                        @for code in ["female", "male", "unknown"] {
                            option value=(code) selected[value(values, "sex") == code] { (lang.t(&format!("sex-{code}"))) }
                        }
                    }
                    @if let Some(m) = error("sex") { p.field-error { (m) } }
                }
                fieldset #birth {
                    legend { (label("birth")) }
                    @let kind = value(values, "birth_kind");
                    @for (code, key) in [("", "birth-unknown"), ("date", "birth-date"), ("year", "birth-year"), ("estimated_age", "birth-age")] {
                        div.choice {
                            input id={ "birth_kind_" (code) } type="radio" name="birth_kind" value=(code) checked[kind == code];
                            label for={ "birth_kind_" (code) } { (label(key)) }
                        }
                    }
                    label for="birth_date" { (label("birth_date_input")) }
                    input #birth_date type="date" name="birth_date" value=(value(values, "birth_date"));
                    @if let Some(m) = error("birth_date") { p.field-error { (m) } }
                    (text("birth_year", "birth_year_input", false))
                    (text("birth_age", "birth_age_input", false))
                    input type="hidden" name="birth_age_on" value=(value(values, "birth_age_on"));
                    @if let Some(m) = error("birth_kind") { p.field-error { (m) } }
                }
                fieldset {
                    legend { (label("origin")) }
                    (select("nationality", "nationality", countries.clone()))
                    (select("ethnicity", "ethnicity", ethnic_groups.iter().map(|g| (g.code.clone(), pick(&g.name_vi, &g.name_en))).collect()))
                    (text("languages", "languages", false))
                    (text("disability", "disability", false))
                }
                fieldset #papers {
                    legend { (label("papers")) }
                    @for i in 0..papers_rows {
                        div.row {
                            (select(&format!("paper_kind_{i}"), "paper_kind", papers.iter().filter(|p| p.active).map(|p| (p.code.clone(), pick(&p.label_vi, &p.label_en))).collect()))
                            (text(&format!("paper_number_{i}"), "paper_number", false))
                        }
                    }
                }
                @for (prefix, units) in &communes {
                    fieldset id={ (prefix) "-residence" } {
                        legend { (label(&format!("{prefix}_residence"))) }
                        (select(&format!("{prefix}_province"), "province", provinces.iter().map(|p| (p.id.clone(), p.name.clone())).collect()))
                        @if !units.is_empty() {
                            (select(&format!("{prefix}_commune"), "commune", units.iter().map(|u| (u.id.clone(), u.name.clone())).collect()))
                        }
                        (text(&format!("{prefix}_address"), "address", false))
                    }
                }
                button.secondary type="submit" name="step" value="refresh" formnovalidate { (label("refresh")) }
                fieldset {
                    legend { (label("contact_legend")) }
                    (text("contact", "contact", false))
                }
                fieldset #relatives {
                    legend { (label("relatives")) }
                    p.hint { (label("relatives_hint")) }
                    @for i in 0..relative_rows {
                        div.row.relative id={ "relative-" (i) } {
                            @let known = before.relatives.get(i);
                            p.subhead { @match known { Some(r) => { (lang.t_with("person-edit-relative-no", &[("no", (i + 1).into())])) " — " (r.full_name) }, None => { (label("relative_new")) } } }
                            (text(&format!("relative_relationship_{i}"), "relationship", false))
                            (text(&format!("relative_name_{i}"), "relative_name", false))
                            (text(&format!("relative_contact_{i}"), "relative_contact", false))
                            @if known.is_some() {
                                div.check {
                                    input id={ "relative_remove_" (i) } type="checkbox" name={ "relative_remove_" (i) } checked[value(values, &format!("relative_remove_{i}")) == "on"];
                                    label for={ "relative_remove_" (i) } { (label("relative_remove")) }
                                }
                            }
                        }
                    }
                }
                div.buttons {
                    button type="submit" name="step" value="save" { (label("save")) }
                    a href={ "/cases/" (number) } { (label("cancel")) }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_domain::case::person::Relative;

    #[test]
    fn the_form_reads_back_as_the_record_it_showed() {
        let person = haven_testkit_free_person();
        let values = to_values(&person, 3);
        assert_eq!(value(&values, "version"), "3");
        assert_eq!(to_person(&values, &person).unwrap(), person);
    }

    #[test]
    fn a_relative_is_removed_added_and_a_half_typed_one_named() {
        let person = haven_testkit_free_person();
        let mut values = to_values(&person, 1);
        values.push(("relative_remove_0".into(), "on".into()));
        values.push(("relative_name_1".into(), "Giả Lập Văn Anh".into()));
        values.push(("relative_relationship_1".into(), "anh trai".into()));
        let corrected = to_person(&values, &person).unwrap();
        assert_eq!(corrected.relatives.len(), 1);
        assert_eq!(corrected.relatives[0].full_name, "Giả Lập Văn Anh");
        values.push(("relative_name_2".into(), "Giả Lập Thị Em".into()));
        let faults = to_person(&values, &person).unwrap_err();
        assert_eq!(faults[0].field, "relative_relationship_2");
    }

    #[test]
    fn store_fields_are_named_as_the_form_names_them() {
        let named = on_form(vec![
            Violation::required("person.relatives[1].relationship"),
            Violation::required("person.identity_papers[0].kind"),
            Violation::required("person.full_name"),
        ]);
        let fields: Vec<&str> = named.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["relative_relationship_1", "paper_kind_0", "full_name"]
        );
    }

    fn haven_testkit_free_person() -> Person {
        Person {
            full_name: "Giả Lập Thị Sửa".into(),
            other_names: vec!["Sửa".into()],
            sex: Sex::Female,
            birth: Some(Birth::Date {
                date: NaiveDate::from_ymd_opt(1995, 6, 1).unwrap(),
            }),
            ethnicity: Some("01".into()),
            nationality: Some("VN".into()),
            identity_papers: vec![IdentityPaper {
                kind: "citizen_id".into(),
                number: "001195000001".into(),
            }],
            permanent_residence: Residence {
                admin_unit_id: Some("2025/01/00070".into()),
                address_line: Some("Thôn Giả Lập".into()),
            },
            current_residence: Residence::default(),
            languages: vec!["vi".into()],
            disability: None,
            contact: Some("0900000001".into()),
            relatives: vec![Relative {
                relationship: "mẹ".into(),
                full_name: "Giả Lập Thị Mẹ".into(),
                residence: Residence::default(),
                contact: None,
            }],
        }
    }
}
