//! The register of labour-export companies: the list with the form that
//! adds one, and one company with its inspections over time and the form
//! that changes its record (for whoever inspects).

use super::super::admin::forms::{as_violations, value};
use super::super::context::Page;
use super::super::extract::Path;
use super::super::{error_page, layout, violation_text_in};
use super::form_kit::{
    area_text, choice, hidden, open_of, text, Controls, FormState, Reader, Values,
};
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::programme::companies::{self, CompanyView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_domain::ids::CompanyId;
use haven_domain::programme::{ActivityDetails, CompanyDraft, LicenceStatus};
use haven_domain::Violation;
use maud::{html, Markup};

pub fn licence_status(lang: Lang, status: LicenceStatus) -> String {
    lang.t(&format!("licence-status-{}", status.code()))
}

pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    render_list(&state, &page, None).await
}

async fn render_list(state: &AppState, page: &Page, open: Option<FormState>) -> Response {
    let found = match companies::list(state, &page.user).await {
        Ok(found) => found,
        Err(error) => return error_page(page, error),
    };
    let lang = page.lang;
    let places = place_names(
        state,
        found.iter().map(|c| c.company.unit_id.clone()).collect(),
    )
    .await;
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let body = html! {
        (errors(lang, open.as_ref()))
        p.hint { (lang.t("company-register-hint")) }
        @if found.is_empty() { p { (lang.t("company-none")) } }
        @else {
            div.scroll tabindex="0" { table #companies {
                caption.visually-hidden { (lang.t("company-register")) }
                thead { tr {
                    th scope="col" { (lang.t("company-name")) }
                    th scope="col" { (lang.t("company-licence")) }
                    th scope="col" { (lang.t("company-status")) }
                    th scope="col" { (lang.t("company-place")) }
                } }
                tbody {
                    @for c in &found {
                        tr {
                            td data-label=(lang.t("company-name")) { a href={ "/companies/" (c.id) } { (c.company.name) } }
                            td data-label=(lang.t("company-licence")) { (c.company.licence_number) }
                            td data-label=(lang.t("company-status")) { (licence_status(lang, c.company.licence_status)) }
                            td data-label=(lang.t("company-place")) { (places.get(&c.company.unit_id).cloned().unwrap_or_default()) }
                        }
                    }
                }
            } }
        }
        @if companies::may_keep(state, &page.user) {
            (company_form(state, page, "/companies", "company", None, open.as_ref()).await)
        }
    };
    (
        status,
        layout::page(page, &lang.t("company-register"), body),
    )
        .into_response()
}

async fn place_names(
    state: &AppState,
    ids: Vec<String>,
) -> std::collections::HashMap<String, String> {
    super::super::labels::unit_names(state, &ids).await
}

fn errors(lang: Lang, open: Option<&FormState>) -> Markup {
    html! {
        @if let Some(open) = open {
            div.error role="alert" #form-errors tabindex="-1" autofocus {
                p { (lang.t("form-has-errors")) }
                ul { @for v in &open.violations { li { (violation_text_in(lang, v, Some("programme"))) } } }
            }
        }
    }
}

/// The form that adds a company (`current` empty) or changes its record.
async fn company_form(
    state: &AppState,
    page: &Page,
    action: &str,
    form: &str,
    current: Option<&CompanyView>,
    open: Option<&FormState>,
) -> Markup {
    let lang = page.lang;
    let mine = open_of(open, form);
    // A correction starts from the record as it is.
    let filled;
    let mine = match (mine, current) {
        (Some(mine), _) => Some(mine),
        (None, Some(c)) => {
            filled = FormState {
                form: form.to_owned(),
                values: values_of(&c.company),
                violations: Vec::new(),
            };
            Some(&filled)
        }
        (None, None) => None,
    };
    let c = Controls {
        lang,
        form,
        open: mine,
    };
    let provinces: Vec<(String, String)> = state
        .store
        .admin_units_under("2025", None)
        .await
        .or_shown("admin_units_under")
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let statuses: Vec<(String, String)> = LicenceStatus::ALL
        .into_iter()
        .map(|s| (s.code().to_owned(), licence_status(lang, s)))
        .collect();
    html! {
        details open[open_of(open, form).is_some()] {
            summary { (lang.t(if current.is_some() { "company-change" } else { "company-add" })) }
            form.card id={ (form) "-form" } method="post" action=(action) {
                (hidden(page))
                @if let Some(current) = current { input type="hidden" name="version" value=(current.version); }
                (text(c, "name", &lang.t("company-name"), true, "text", ""))
                (text(c, "licence_number", &lang.t("company-licence"), true, "text", ""))
                (text(c, "licence_issued_on", &lang.t("company-licence-issued-on"), false, "date", ""))
                (choice(c, "licence_status", &lang.t("company-status"), true, &statuses))
                (choice(c, "unit_id", &lang.t("company-place"), true, &provinces))
                (text(c, "address", &lang.t("company-address"), false, "text", ""))
                (area_text(c, "note", &lang.t("company-note")))
                button type="submit" { (lang.t("company-save")) }
            }
        }
    }
}

fn values_of(company: &CompanyDraft) -> Values {
    vec![
        ("name".into(), company.name.clone()),
        ("licence_number".into(), company.licence_number.clone()),
        (
            "licence_issued_on".into(),
            company
                .licence_issued_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        (
            "licence_status".into(),
            company.licence_status.code().to_owned(),
        ),
        ("unit_id".into(), company.unit_id.clone()),
        ("address".into(), company.address.clone()),
        ("note".into(), company.note.clone()),
    ]
}

fn draft_of(values: &Values) -> Result<CompanyDraft, Vec<Violation>> {
    let mut r = Reader::new(values);
    let status = LicenceStatus::from_code(value(values, "licence_status"));
    if status.is_none() {
        r.violations.push(Violation::required("licence_status"));
    }
    let issued = value(values, "licence_issued_on");
    let licence_issued_on = if issued.is_empty() {
        None
    } else {
        Some(r.date("licence_issued_on"))
    };
    let draft = CompanyDraft {
        name: r.text("name"),
        licence_number: r.text("licence_number"),
        licence_issued_on,
        licence_status: status.unwrap_or(LicenceStatus::Active),
        unit_id: r.text("unit_id"),
        address: r.text("address"),
        note: r.text("note"),
    };
    let checked = draft.check(crate::case_access::today());
    r.merge(checked).map(|()| draft)
}

pub async fn register(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    let back = |violations| FormState {
        form: "company".into(),
        values: values.clone(),
        violations,
    };
    let draft = match draft_of(&values) {
        Ok(draft) => draft,
        Err(violations) => return render_list(&state, &page, Some(back(violations))).await,
    };
    match companies::register(&state, &page.user, &draft).await {
        Ok(created) => Redirect::to(&format!("/companies/{}", created.id)).into_response(),
        Err(error) => match as_violations(error) {
            Ok(violations) => render_list(&state, &page, Some(back(violations))).await,
            Err(error) => error_page(&page, error),
        },
    }
}

pub async fn page(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    render(&state, &page, CompanyId(id), None).await
}

async fn render(state: &AppState, page: &Page, id: CompanyId, open: Option<FormState>) -> Response {
    let company = match companies::read(state, &page.user, id).await {
        Ok(company) => company,
        Err(error) => return error_page(page, error),
    };
    let lang = page.lang;
    let place = place_names(state, vec![company.company.unit_id.clone()])
        .await
        .remove(&company.company.unit_id)
        .unwrap_or_default();
    let violations =
        super::super::labels::CodeLabels::load(state, "inspection_violation", lang).await;
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let c = &company.company;
    let body = html! {
        (errors(lang, open.as_ref()))
        p { a href="/companies" { (lang.t("company-register")) } }
        dl #company-facts {
            dt { (lang.t("company-licence")) }
            dd { (c.licence_number) @if let Some(day) = c.licence_issued_on { " · " (lang.date(day)) } }
            dt { (lang.t("company-status")) } dd { (licence_status(lang, c.licence_status)) }
            dt { (lang.t("company-place")) } dd { (place) @if !c.address.is_empty() { " — " (c.address) } }
            @if !c.note.is_empty() { dt { (lang.t("company-note")) } dd { (c.note) } }
        }
        h2 { (lang.t("company-inspections")) }
        @if company.inspections.is_empty() { p { (lang.t("company-no-inspections")) } }
        @else {
            div.scroll tabindex="0" { table #company-inspections {
                thead { tr {
                    th scope="col" { (lang.t("activity-held-on")) }
                    th scope="col" { (lang.t("activity-title")) }
                    th scope="col" { (lang.t("inspection-violations")) }
                    th scope="col" { (lang.t("inspection-fines")) }
                    th scope="col" { (lang.t("inspection-follow-up-due")) }
                } }
                tbody {
                    @for item in &company.inspections {
                        @if let ActivityDetails::Inspection(i) = &item.activity.details {
                            tr {
                                td data-label=(lang.t("activity-held-on")) { (lang.date(item.activity.held_on)) }
                                td data-label=(lang.t("activity-title")) {
                                    a href={ "/activities/" (item.id) } { (item.activity.title) }
                                    br; span.hint { (item.agency.name) }
                                }
                                td data-label=(lang.t("inspection-violations")) {
                                    (i.violations.iter().map(|v| violations.of(v)).collect::<Vec<_>>().join("; "))
                                }
                                td data-label=(lang.t("inspection-fines")) { (lang.vnd(i.fines_vnd())) }
                                td data-label=(lang.t("inspection-follow-up-due")) { (i.follow_up_due.map(|d| lang.date(d)).unwrap_or_default()) }
                            }
                        }
                    }
                }
            } }
        }
        @if page.can(haven_access::permission_to_record(haven_domain::programme::ActivityKind::Inspection)) {
            p { a href="/activities/new?kind=inspection" { (lang.t("company-record-inspection")) } }
        }
        @if company.may_edit {
            (company_form(state, page, &format!("/companies/{id}"), "company", Some(&company), open.as_ref()).await)
        }
    };
    (status, layout::page(page, &c.name, body)).into_response()
}

pub async fn change(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let id = CompanyId(id);
    let back = |violations| FormState {
        form: "company".into(),
        values: values.clone(),
        violations,
    };
    let draft = match draft_of(&values) {
        Ok(draft) => draft,
        Err(violations) => return render(&state, &page, id, Some(back(violations))).await,
    };
    let version = value(&values, "version").parse().unwrap_or(0);
    match companies::change(&state, &page.user, id, version, &draft).await {
        Ok(_) => Redirect::to(&format!("/companies/{id}")).into_response(),
        Err(error) => match as_violations(error) {
            Ok(violations) => render(&state, &page, id, Some(back(violations))).await,
            Err(error) => error_page(&page, error),
        },
    }
}
