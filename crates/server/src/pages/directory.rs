//! The directory of services on the pages: search by place, service and
//! whom a provider takes ("shelters that take boys in Lào Cai", "legal aid
//! within the province"), a printable referral list of a province, and the
//! form with which an agency's administrators keep their entries (the
//! system's, those of providers outside Haven).

use super::admin::forms::value;
use super::context::Page;
use super::extract::{Path, Query};
use super::layout;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::directory::{self, DirectoryQuery, ProviderRef, ServiceEntryView};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use haven_domain::directory::{ProviderKind, ServiceEntryDraft, WHOLE_COUNTRY};
use haven_domain::hotline::PhoneNumber;
use haven_domain::ids::AgencyId;
use haven_domain::Violation;
use maud::{html, Markup, DOCTYPE};
use std::collections::HashMap;

type Values = Vec<(String, String)>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/directory", get(search).post(create))
        .route("/directory/print", get(print))
        .route("/directory/new", get(new_entry))
        .route("/directory/{id}/edit", get(edit))
        .route("/directory/{id}", axum::routing::post(correct))
}

pub(crate) fn kind_label(lang: Lang, kind: ProviderKind) -> String {
    lang.t(&format!("directory-kind-{}", kind.code().replace('_', "-")))
}

/// Names of the services, places and agencies the pages show.
struct Names {
    services: Vec<(String, String)>,
    provinces: Vec<(String, String)>,
    units: HashMap<String, String>,
}

impl Names {
    async fn load(state: &AppState, lang: Lang) -> Names {
        let services = state
            .store
            .code_list("support_service_type")
            .await
            .or_shown("support service types")
            .into_iter()
            .map(|i| {
                (
                    i.code,
                    if lang == Lang::Vi {
                        i.label_vi
                    } else {
                        i.label_en
                    },
                )
            })
            .collect();
        let provinces: Vec<(String, String)> = state
            .store
            .admin_units_under("2025", None)
            .await
            .or_shown("provinces")
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        Names {
            services,
            units: provinces.iter().cloned().collect(),
            provinces,
        }
    }

    fn service(&self, code: &str) -> String {
        self.services
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_owned(), |(_, l)| l.clone())
    }

    async fn area(&mut self, state: &AppState, lang: Lang, area: &str) -> String {
        if area == WHOLE_COUNTRY {
            return lang.t("directory-whole-country");
        }
        if let Some(name) = self.units.get(area) {
            return name.clone();
        }
        let name = super::labels::unit_names(state, &[area.to_owned()])
            .await
            .remove(area)
            .unwrap_or_else(|| area.to_owned());
        self.units.insert(area.to_owned(), name.clone());
        name
    }
}

async fn results(
    state: &AppState,
    lang: Lang,
    found: &[ServiceEntryView],
    names: &mut Names,
    edit_links: bool,
) -> Markup {
    let mut rows = Vec::new();
    for e in found {
        let mut areas = Vec::new();
        for a in &e.entry.areas_served {
            areas.push(names.area(state, lang, a).await);
        }
        let takes: Vec<String> = [
            (e.entry.takes_children, "directory-takes-children"),
            (e.entry.takes_men, "directory-takes-men"),
            (e.entry.takes_foreigners, "directory-takes-foreigners"),
        ]
        .iter()
        .filter(|(yes, _)| *yes)
        .map(|(_, key)| lang.t(key))
        .collect();
        rows.push((e, areas.join(", "), takes.join(", ")));
    }
    html! {
        @if rows.is_empty() {
            p #directory-none { (lang.t("directory-none")) }
        } @else {
            div.table-scroll {
                table #directory-results {
                    thead { tr {
                        th scope="col" { (lang.t("directory-field-name")) }
                        th scope="col" { (lang.t("directory-field-services")) }
                        th scope="col" { (lang.t("directory-field-areas-served")) }
                        th scope="col" { (lang.t("directory-field-contact")) }
                        th scope="col" { (lang.t("directory-field-takes")) }
                    } }
                    tbody {
                        @for (e, areas, takes) in &rows {
                            tr #{ "entry-" (e.id) } {
                                td data-label=(lang.t("directory-field-name")) {
                                    strong { (e.entry.name) } br; small { (kind_label(lang, e.entry.kind)) }
                                    @if !e.active { br; em { (lang.t("directory-withdrawn")) } }
                                    @if edit_links && e.may_edit { br; a href={ "/directory/" (e.id) "/edit" } { (lang.t("directory-edit")) } }
                                }
                                td data-label=(lang.t("directory-field-services")) { (e.entry.services.iter().map(|s| names.service(s)).collect::<Vec<_>>().join(", ")) }
                                td data-label=(lang.t("directory-field-areas-served")) { (areas) }
                                td data-label=(lang.t("directory-field-contact")) {
                                    @for (i, p) in e.entry.phones.iter().enumerate() { @if i > 0 { ", " } a href={ "tel:" (p.as_str()) } { (p.as_str()) } }
                                    @if !e.entry.address.is_empty() { br; (e.entry.address) }
                                    @if !e.entry.opening_hours.is_empty() { br; small { (e.entry.opening_hours) } }
                                    @if !e.entry.languages.is_empty() { br; small { (e.entry.languages.join(", ")) } }
                                }
                                td data-label=(lang.t("directory-field-takes")) { @if takes.is_empty() { "—" } @else { (takes) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn query_of(filter: &SearchForm, keeper: bool) -> DirectoryQuery {
    // A commune left chosen from another province is not this search's.
    let province = filter.province.trim();
    let commune = filter.commune.trim();
    let within = format!("{province}/");
    let commune = (!province.is_empty() && commune.starts_with(&within)).then_some(commune);
    let place = commune
        .or(Some(province).filter(|p| !p.is_empty()))
        .map(str::to_owned);
    DirectoryQuery {
        place,
        service: Some(filter.service.trim().to_owned()).filter(|s| !s.is_empty()),
        takes_children: filter.takes_children == "on",
        takes_men: filter.takes_men == "on",
        takes_foreigners: filter.takes_foreigners == "on",
        // Withdrawn entries stay within reach of those who keep them.
        with_inactive: keeper,
    }
}

/// The search as the page's form sends it.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchForm {
    #[serde(default)]
    province: String,
    #[serde(default)]
    commune: String,
    #[serde(default)]
    service: String,
    #[serde(default)]
    takes_children: String,
    #[serde(default)]
    takes_men: String,
    #[serde(default)]
    takes_foreigners: String,
    /// What was just done (`saved`), said on top.
    #[serde(default)]
    done: Option<String>,
}

impl SearchForm {
    fn query_string(&self) -> String {
        format!(
            "province={}&commune={}&service={}&takes_children={}&takes_men={}&takes_foreigners={}",
            self.province.trim(),
            self.commune.trim(),
            self.service.trim(),
            self.takes_children,
            self.takes_men,
            self.takes_foreigners
        )
    }
}

pub async fn search(
    State(state): State<AppState>,
    page: Page,
    Query(filter): Query<SearchForm>,
) -> Response {
    let lang = page.lang;
    let mut names = Names::load(&state, lang).await;
    let found = match directory::search(
        &state,
        &page.user,
        &query_of(&filter, super::admin::administers(&page)),
    )
    .await
    {
        Ok(found) => found,
        Err(e) => return super::error_page(&page, e),
    };
    let communes = if filter.province.trim().is_empty() {
        Vec::new()
    } else {
        state
            .store
            .admin_units_under("2025", Some(filter.province.trim()))
            .await
            .or_shown("communes")
    };
    let shown = results(&state, lang, &found, &mut names, true).await;
    layout::page(
        &page,
        &lang.t("directory-title"),
        html! {
            @if filter.done.as_deref() == Some("saved") { p.notice role="status" #done { (lang.t("directory-done-saved")) } }
            @if super::admin::administers(&page) {
                p { a.button #new-entry href="/directory/new" { (lang.t("directory-new")) } }
            }
            form.filters #directory-search method="get" action="/directory" {
                label for="province" { (lang.t("directory-field-province")) }
                select #province name="province" {
                    option value="" { (lang.t("contacts-any")) }
                    @for (id, name) in &names.provinces { option value=(id) selected[filter.province.trim() == id] { (name) } }
                }
                @if !communes.is_empty() {
                    label for="commune" { (lang.t("contact-field-commune")) }
                    select #commune name="commune" {
                        option value="" { (lang.t("contacts-any")) }
                        @for c in &communes { option value=(c.id) selected[filter.commune.trim() == c.id] { (c.name) } }
                    }
                }
                label for="service" { (lang.t("directory-field-service")) }
                select #service name="service" {
                    option value="" { (lang.t("contacts-any")) }
                    @for (code, label) in &names.services { option value=(code) selected[filter.service.trim() == code] { (label) } }
                }
                @for (name, key, on) in [("takes_children", "directory-takes-children", &filter.takes_children), ("takes_men", "directory-takes-men", &filter.takes_men), ("takes_foreigners", "directory-takes-foreigners", &filter.takes_foreigners)] {
                    label.check { input type="checkbox" id=(name) name=(name) checked[on == "on"]; " " (lang.t(key)) }
                }
                button type="submit" { (lang.t("directory-search")) }
            }
            p { a #print-directory href={ "/directory/print?" (filter.query_string()) } { (lang.t("directory-print")) } }
            p #directory-count { (lang.t("directory-count")) ": " (found.len()) }
            (shown)
        },
    )
    .into_response()
}

/// The referral list of the search, to print and hand out.
pub async fn print(
    State(state): State<AppState>,
    page: Page,
    Query(filter): Query<SearchForm>,
) -> Response {
    let lang = page.lang;
    let mut names = Names::load(&state, lang).await;
    let found = match directory::search(&state, &page.user, &query_of(&filter, false)).await {
        Ok(found) => found,
        Err(e) => return super::error_page(&page, e),
    };
    let place = match query_of(&filter, false).place {
        Some(p) => names.area(&state, lang, &p).await,
        None => lang.t("directory-whole-country"),
    };
    let title = format!("{} — {place}", lang.t("directory-print-title"));
    let takes_asked: Vec<String> = [
        (&filter.takes_children, "directory-takes-children"),
        (&filter.takes_men, "directory-takes-men"),
        (&filter.takes_foreigners, "directory-takes-foreigners"),
    ]
    .iter()
    .filter(|(on, _)| on.as_str() == "on")
    .map(|(_, key)| lang.t(key))
    .collect();
    let shown = results(&state, lang, &found, &mut names, false).await;
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/static/haven.css";
            }
            body.print {
                main #main {
                    h1 { (title) }
                    p #printed { (lang.t("directory-printed")) " " (super::hotline::moment(chrono::Utc::now())) " · " (page.user.agency_name) }
                    @if !filter.service.trim().is_empty() { p { (lang.t("directory-field-service")) ": " (names.service(filter.service.trim())) } }
                    @if !takes_asked.is_empty() { p { (takes_asked.join(", ")) } }
                    p.no-print { a href={ "/directory?" (filter.query_string()) } { (lang.t("directory-print-back")) } }
                    (shown)
                }
            }
        }
    }
    .into_response()
}

/// What a user typed and could not save, each field by its label.
fn unsaved(lang: Lang, values: &Values) -> Markup {
    html! {
        details #unsaved-text open {
            summary { (lang.t("contact-unsaved")) }
            dl {
                @for (name, text) in values.iter().filter(|(k, v)| !v.trim().is_empty() && k != crate::csrf::FIELD && k != "version") {
                    dt { (lang.maybe(&format!("directory-field-{}", name.replace('_', "-"))).unwrap_or_else(|| name.clone())) }
                    dd { (text) }
                }
            }
        }
    }
}

/// The entry as the form sends it, or every fault found in it.
fn draft_of(values: &Values) -> Result<ServiceEntryDraft, Vec<Violation>> {
    let mut faults = Vec::new();
    let list = |name: &str| -> Vec<String> {
        values
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let split = |name: &str| -> Vec<String> {
        value(values, name)
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let kind = ProviderKind::from_code(value(values, "kind"));
    if kind.is_none() {
        faults.push(Violation::required("kind"));
    }
    let mut phones = Vec::new();
    for typed in split("phones") {
        match PhoneNumber::parse("phones", &typed) {
            Ok(p) => phones.push(p),
            Err(v) => faults.push(v),
        }
    }
    let (province, commune) = (
        value(values, "unit_province"),
        value(values, "unit_commune"),
    );
    let commune = if commune.is_empty() || commune.starts_with(&format!("{province}/")) {
        commune
    } else {
        faults.push(Violation::new(
            "unit_id",
            "within_province",
            "Xã, phường đã chọn không thuộc tỉnh, thành phố đã chọn: hãy chọn lại.",
            "The commune chosen is not in the province chosen: choose it again.",
        ));
        ""
    };
    let draft = ServiceEntryDraft {
        name: value(values, "name").to_owned(),
        kind: kind.unwrap_or(ProviderKind::Other),
        unit_id: [commune, province]
            .into_iter()
            .find(|u| !u.is_empty())
            .unwrap_or_default()
            .to_owned(),
        services: list("services"),
        areas_served: list("areas_served"),
        address: value(values, "address").to_owned(),
        phones,
        opening_hours: value(values, "opening_hours").to_owned(),
        languages: split("languages"),
        takes_children: value(values, "takes_children") == "on",
        takes_men: value(values, "takes_men") == "on",
        takes_foreigners: value(values, "takes_foreigners") == "on",
        note: value(values, "note").to_owned(),
    };
    if let Err(rules) = draft.check() {
        faults.extend(rules.0);
    }
    if faults.is_empty() {
        Ok(draft)
    } else {
        Err(faults)
    }
}

fn values_of(entry: &ServiceEntryDraft, version: i64, active: bool) -> Values {
    let mut v: Values = vec![
        ("version".into(), version.to_string()),
        ("name".into(), entry.name.clone()),
        ("kind".into(), entry.kind.code().into()),
        (
            "unit_province".into(),
            entry
                .unit_id
                .split('/')
                .take(2)
                .collect::<Vec<_>>()
                .join("/"),
        ),
        ("address".into(), entry.address.clone()),
        (
            "phones".into(),
            entry
                .phones
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("opening_hours".into(), entry.opening_hours.clone()),
        ("languages".into(), entry.languages.join(", ")),
        ("note".into(), entry.note.clone()),
        (
            "active".into(),
            if active { "on".into() } else { String::new() },
        ),
    ];
    if entry.unit_id.split('/').count() == 3 {
        v.push(("unit_commune".into(), entry.unit_id.clone()));
    }
    for (flag, on) in [
        ("takes_children", entry.takes_children),
        ("takes_men", entry.takes_men),
        ("takes_foreigners", entry.takes_foreigners),
    ] {
        if on {
            v.push((flag.into(), "on".into()));
        }
    }
    v.extend(
        entry
            .services
            .iter()
            .map(|s| ("services".to_owned(), s.clone())),
    );
    v.extend(
        entry
            .areas_served
            .iter()
            .map(|a| ("areas_served".to_owned(), a.clone())),
    );
    v
}

/// The providers a user may add an entry for: their own agency and its
/// facilities; every one, and outside Haven, for the system's administrators.
async fn providers(state: &AppState, page: &Page) -> Vec<(String, String)> {
    let all = page.can(haven_access::Permission::ManageOrganisation);
    let mut offered = Vec::new();
    if all {
        offered.push((
            "outside".to_owned(),
            page.lang.t("directory-provider-outside"),
        ));
    }
    for a in state.store.agencies().await.or_shown("agencies") {
        if all || a.id == page.user.agency_id {
            offered.push((format!("agency:{}", a.id), a.name));
        }
    }
    for f in state.store.facilities().await.or_shown("facilities") {
        if all || f.operator_agency_id == page.user.agency_id {
            offered.push((format!("facility:{}", f.id), f.name));
        }
    }
    offered
}

fn provider_of(code: &str) -> Option<ProviderRef> {
    match code.split_once(':') {
        Some(("agency", id)) => id
            .parse()
            .ok()
            .map(|id| ProviderRef::Agency { id: AgencyId(id) }),
        Some(("facility", id)) => id.parse().ok().map(|id| ProviderRef::Facility { id }),
        Some(_) => None,
        None => (code == "outside").then_some(ProviderRef::Outside),
    }
}

async fn form(
    state: &AppState,
    page: &Page,
    id: Option<i64>,
    values: &Values,
    violations: &[Violation],
    typed: Option<&Values>,
) -> Markup {
    let lang = page.lang;
    let names = Names::load(state, lang).await;
    let province = value(values, "unit_province");
    let communes = if province.is_empty() {
        Vec::new()
    } else {
        state
            .store
            .admin_units_under("2025", Some(province))
            .await
            .or_shown("communes")
    };
    let offered = if id.is_none() {
        providers(state, page).await
    } else {
        Vec::new()
    };
    let chosen = |name: &str| {
        values
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    let error = |field: &str| {
        violations
            .iter()
            .find(|v| v.field == field || v.field.starts_with(&format!("{field}_")))
            .map(|v| super::violation_text_in(lang, v, Some("directory")))
    };
    let text = |name: &str, required: bool| {
        html! {
            label for=(name) { (lang.t(&format!("directory-field-{}", name.replace('_', "-")))) @if required { " " abbr title=(lang.t("form-required")) { "*" } } }
            input id=(name) type="text" name=(name) value=(value(values, name)) required[required] aria-describedby=[error(name).map(|_| format!("{name}-error"))];
            @if let Some(m) = error(name) { p.field-error id={ (name) "-error" } { (m) } }
        }
    };
    let (action, title) = match id {
        Some(id) => (format!("/directory/{id}"), lang.t("directory-edit")),
        None => ("/directory".to_owned(), lang.t("directory-new")),
    };
    layout::page(
        page,
        &title,
        html! {
            @if !violations.is_empty() {
                div.error role="alert" #form-errors tabindex="-1" autofocus {
                    p { (lang.t("form-has-errors")) }
                    ul { @for v in violations { li { (super::violation_text_in(lang, v, Some("directory"))) } } }
                }
            }
            @if let Some(typed) = typed { (unsaved(lang, typed)) }
            form.card #entry-form method="post" action=(action) {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                @if id.is_some() { input type="hidden" name="version" value=(value(values, "version")); }
                @if id.is_none() {
                    label for="provider" { (lang.t("directory-field-provider")) " " abbr title=(lang.t("form-required")) { "*" } }
                    select #provider name="provider" required {
                        option value="" { (lang.t("form-choose")) }
                        @for (code, name) in &offered { option value=(code) selected[value(values, "provider") == code] { (name) } }
                    }
                    @if let Some(m) = error("provider") { p.field-error #provider-error { (m) } }
                }
                (text("name", true))
                label for="kind" { (lang.t("directory-field-kind")) " " abbr title=(lang.t("form-required")) { "*" } }
                select #kind name="kind" required {
                    option value="" { (lang.t("form-choose")) }
                    @for k in ProviderKind::ALL { option value=(k.code()) selected[value(values, "kind") == k.code()] { (kind_label(lang, k)) } }
                }
                label for="unit_province" { (lang.t("directory-field-unit-id")) " " abbr title=(lang.t("form-required")) { "*" } }
                select #unit_province name="unit_province" required {
                    option value="" { (lang.t("form-choose")) }
                    @for (pid, name) in &names.provinces { option value=(pid) selected[province == pid] { (name) } }
                }
                @if !communes.is_empty() {
                    label for="unit_commune" { (lang.t("contact-field-commune")) }
                    select #unit_commune name="unit_commune" {
                        option value="" { (lang.t("form-choose")) }
                        @for c in &communes { option value=(c.id) selected[value(values, "unit_commune") == c.id] { (c.name) } }
                    }
                }
                @if let Some(m) = error("unit_id") { p.field-error #unit_id-error { (m) } }
                fieldset #services {
                    legend { (lang.t("directory-field-services")) " " abbr title=(lang.t("form-required")) { "*" } }
                    @for (code, label) in &names.services {
                        label.check { input type="checkbox" name="services" id={ "services-" (code) } value=(code) checked[chosen("services").contains(&code.as_str())]; " " (label) }
                    }
                    @if let Some(m) = error("services") { p.field-error #services-error { (m) } }
                }
                label for="areas_served" { (lang.t("directory-field-areas-served")) " " abbr title=(lang.t("form-required")) { "*" } }
                select #areas_served name="areas_served" multiple size="6" required {
                    option value=(WHOLE_COUNTRY) selected[chosen("areas_served").contains(&WHOLE_COUNTRY)] { (lang.t("directory-whole-country")) }
                    @for (pid, name) in &names.provinces { option value=(pid) selected[chosen("areas_served").contains(&pid.as_str())] { (name) } }
                }
                @if let Some(m) = error("areas_served") { p.field-error #areas_served-error { (m) } }
                (text("address", false))
                (text("phones", false))
                (text("opening_hours", false))
                (text("languages", false))
                @for (name, key) in [("takes_children", "directory-takes-children"), ("takes_men", "directory-takes-men"), ("takes_foreigners", "directory-takes-foreigners")] {
                    label.check { input type="checkbox" id=(name) name=(name) checked[value(values, name) == "on"]; " " (lang.t(key)) }
                }
                (text("note", false))
                @if id.is_some() {
                    label.check { input type="checkbox" #active name="active" checked[value(values, "active") == "on"]; " " (lang.t("directory-field-active")) }
                }
                button type="submit" { (lang.t("directory-save")) }
            }
        },
    )
}

pub async fn new_entry(State(state): State<AppState>, page: Page) -> Response {
    if !super::admin::administers(&page) {
        return super::error_page(&page, ApiError::forbidden());
    }
    form(&state, &page, None, &Vec::new(), &[], None)
        .await
        .into_response()
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    if !super::admin::administers(&page) {
        return super::error_page(&page, ApiError::forbidden());
    }
    let provider = provider_of(value(&values, "provider"));
    let violations = match (draft_of(&values), provider) {
        (Ok(draft), Some(provider)) => {
            match directory::add(&state, &page.user, provider, &draft).await {
                Ok(_) => return Redirect::to("/directory?done=saved").into_response(),
                Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => e.body.violations,
                Err(e) => return super::error_page(&page, e),
            }
        }
        (Ok(_), None) => vec![Violation::required("provider")],
        (Err(mut v), provider) => {
            if provider.is_none() {
                v.insert(0, Violation::required("provider"));
            }
            v
        }
    };
    let shown = form(&state, &page, None, &values, &violations, None).await;
    (StatusCode::UNPROCESSABLE_ENTITY, shown).into_response()
}

pub async fn edit(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    match directory::entry(&state, &page.user, id).await {
        Ok(e) if e.may_edit => form(
            &state,
            &page,
            Some(id),
            &values_of(&e.entry, e.version, e.active),
            &[],
            None,
        )
        .await
        .into_response(),
        Ok(_) => super::error_page(&page, ApiError::forbidden()),
        Err(e) => super::error_page(&page, e),
    }
}

pub async fn correct(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    match directory::entry(&state, &page.user, id).await {
        Ok(e) if e.may_edit => {}
        Ok(_) => return super::error_page(&page, ApiError::forbidden()),
        Err(e) => return super::error_page(&page, e),
    }
    let version: i64 = value(&values, "version").parse().unwrap_or(0);
    let violations = match draft_of(&values) {
        Ok(draft) => match directory::change(
            &state,
            &page.user,
            id,
            version,
            &draft,
            value(&values, "active") == "on",
        )
        .await
        {
            Ok(_) => return Redirect::to("/directory?done=saved").into_response(),
            Err(e) if e.status == StatusCode::CONFLICT => {
                // Someone saved first: the form holds what is saved now (on
                // its version); what this user typed is listed beside it.
                return match directory::entry(&state, &page.user, id).await {
                    Ok(saved) => {
                        let now = values_of(&saved.entry, saved.version, saved.active);
                        let stale = [Violation::new(
                            "form",
                            "stale_version",
                            page.lang.t("directory-conflict"),
                            page.lang.t("directory-conflict"),
                        )];
                        let shown =
                            form(&state, &page, Some(id), &now, &stale, Some(&values)).await;
                        (StatusCode::CONFLICT, shown).into_response()
                    }
                    Err(e) => super::error_page(&page, e),
                };
            }
            Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
                if e.body.violations.is_empty() {
                    vec![Violation::new(
                        "form",
                        e.body.code,
                        e.body.message_vi.clone(),
                        e.body.message_en.clone(),
                    )]
                } else {
                    e.body.violations
                }
            }
            Err(e) => return super::error_page(&page, e),
        },
        Err(v) => v,
    };
    let shown = form(&state, &page, Some(id), &values, &violations, None).await;
    (StatusCode::UNPROCESSABLE_ENTITY, shown).into_response()
}
