//! The reception wizard: the person and the circumstances, then the known
//! persons who may be her, and only then a new case — for a new person or
//! for the one recognised. Everything typed travels with the form, so a
//! step back or an error never loses it.

use super::context::Page;
use super::labels::CodeLabels;
use super::layout;
use super::person_form::{birth_year, optional, relative, sex_chosen, RelativeFields};
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::cases::{open_case, NewCase};
use crate::views::persons::{duplicate_candidates, CandidateView};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Datelike, NaiveDate};
use haven_access::Permission;
use haven_domain::case::person::{Birth, IdentityPaper, Person, Relative, Residence, Sex};
use haven_domain::case::Reception;
use haven_domain::hotline::ContactDraft;
use haven_domain::Violation;
use haven_store::StoreError;
use maud::{html, Markup};
use serde::Deserialize;

/// The wizard's form, as the browser sends it.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Wizard {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    other_names: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    birth_year: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    ethnicity: String,
    #[serde(default)]
    paper_kind: String,
    #[serde(default)]
    paper_number: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    commune: String,
    #[serde(default)]
    address_line: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    circumstances: String,
    /// Where she was received: province, then commune (the agency's own by default).
    #[serde(default)]
    place_province: String,
    #[serde(default)]
    place_commune: String,
    /// Ticked boxes arrive as `on`.
    #[serde(default)]
    located_abroad: String,
    #[serde(default)]
    accompanying_child: String,
    /// A relative to protect, when one is known at reception.
    #[serde(default)]
    relative_relationship: String,
    #[serde(default)]
    relative_name: String,
    #[serde(default)]
    relative_contact: String,
    /// `check` (look for known persons) or `open` (open the case).
    #[serde(default)]
    step: String,
    /// `new`, the id of a known person whose case the agency leads, or
    /// `link-<id>`: a new person, and a link request to the agency that knows `<id>`.
    #[serde(default)]
    person_choice: String,
    /// Why the person may be the one known elsewhere (for a link request).
    #[serde(default)]
    link_reason: String,
    /// The hotline contact the reception comes from (`LH-2026-000123`).
    #[serde(default)]
    from_contact: String,
}

/// `/cases/new?contact=LH-2026-000123`: the wizard filled with what the contact knows.
#[derive(Debug, Default, Deserialize)]
pub struct ReceptionQuery {
    #[serde(default)]
    contact: Option<String>,
}

/// What a contact tells the reception, so nothing is typed twice: the
/// channel, the day, the place, her sex and age, what was said.
fn from_contact(start: Wizard, number: &str, contact: &ContactDraft) -> Wizard {
    // Received today (the call told of her; she is received now), aged as the call said.
    let received_on = crate::case_access::today();
    let place = contact.concerned.place_unit_id.clone().unwrap_or_default();
    let province = place.split('/').take(2).collect::<Vec<_>>().join("/");
    let sex = match contact.concerned.sex {
        Sex::Female => "female",
        Sex::Male => "male",
        Sex::Unknown => "unknown",
    };
    Wizard {
        channel: "tip_hotline_111".into(),
        received_on: received_on.format("%Y-%m-%d").to_string(),
        circumstances: contact.summary.clone(),
        sex: sex.into(),
        birth_year: contact
            .concerned
            .age_years
            .map(|age| (received_on.year() - i32::from(age)).to_string())
            .unwrap_or_default(),
        place_commune: if place.split('/').count() == 3 {
            place.clone()
        } else {
            String::new()
        },
        place_province: if place.is_empty() {
            start.place_province.clone()
        } else {
            province
        },
        located_abroad: if contact.concerned.abroad {
            "on".into()
        } else {
            String::new()
        },
        from_contact: number.to_owned(),
        ..start
    }
}

impl Wizard {
    fn person(&self) -> Result<Person, Vec<Violation>> {
        let mut violations = Vec::new();
        let birth = match optional(&self.birth_year) {
            None => None,
            Some(year) => match birth_year(&year, "birth_year") {
                Ok(year) => Some(Birth::Year { year }),
                Err(violation) => {
                    violations.push(violation);
                    None
                }
            },
        };
        let sex = sex_chosen(&self.sex, "sex").unwrap_or_else(|violation| {
            violations.push(violation);
            Sex::Unknown
        });
        let unit = optional(&self.commune).or_else(|| optional(&self.province));
        let person = Person {
            full_name: self.full_name.trim().to_owned(),
            other_names: self.other_names.split(',').filter_map(optional).collect(),
            sex,
            birth,
            ethnicity: optional(&self.ethnicity),
            nationality: optional(&self.nationality),
            identity_papers: match (optional(&self.paper_kind), optional(&self.paper_number)) {
                (Some(kind), Some(number)) => vec![IdentityPaper { kind, number }],
                _ => vec![],
            },
            permanent_residence: Residence {
                admin_unit_id: unit,
                address_line: optional(&self.address_line),
            },
            current_residence: Residence::default(),
            languages: vec![],
            disability: None,
            contact: optional(&self.contact),
            relatives: self.relative(&mut violations).into_iter().collect(),
        };
        if violations.is_empty() {
            Ok(person)
        } else {
            Err(violations)
        }
    }

    /// The relative typed at reception, if any.
    fn relative(&self, violations: &mut Vec<Violation>) -> Option<Relative> {
        let fields = RelativeFields {
            name: "relative_name",
            relationship: "relative_relationship",
        };
        relative(
            &self.relative_name,
            &self.relative_relationship,
            &self.relative_contact,
            Residence::default(),
            fields,
        )
        .unwrap_or_else(|violation| {
            violations.push(violation);
            None
        })
    }

    /// The place of reception: a commune, required (the commune's reports count it).
    fn place(&self) -> Result<String, Violation> {
        match (optional(&self.place_province), optional(&self.place_commune)) {
            (Some(province), Some(commune)) if commune.starts_with(&format!("{province}/")) => {
                Ok(commune)
            }
            (None, _) => Err(Violation::required("place_province")),
            (Some(_), _) => Err(Violation::new(
                "place_commune",
                "required",
                "Chọn xã, phường, đặc khu nơi tiếp nhận (trong tỉnh đã chọn): báo cáo của xã tính theo nơi tiếp nhận.",
                "Choose the commune of reception (in the province chosen): the commune's reports count by place of reception.",
            )),
        }
    }

    /// The reception as typed (when its day is one), and every field at
    /// fault: the place and the channel are named here, the rest by the
    /// store's check.
    fn reception(&self) -> (Option<Reception>, Vec<Violation>) {
        let mut violations = Vec::new();
        let received_on = NaiveDate::parse_from_str(self.received_on.trim(), "%Y-%m-%d").ok();
        if received_on.is_none() {
            violations.push(Violation::new(
                "received_on",
                "date",
                "«Ngày tiếp nhận» không phải là một ngày có thật.",
                "“Date of reception” is not a real day.",
            ));
        }
        if self.channel.trim().is_empty() {
            violations.push(Violation::required("channel"));
        }
        let place = self.place().map_err(|v| violations.push(v)).ok();
        let reception = received_on.map(|received_on| {
            let mut reception = Reception::new(self.channel.trim(), received_on);
            reception.place_unit_id = place;
            reception.located_abroad = self.located_abroad == "on";
            reception.accompanying_child = self.accompanying_child == "on";
            reception.circumstances = optional(&self.circumstances);
            reception.foreign_national = optional(&self.nationality).is_some_and(|n| n != "VN");
            reception.minor = self
                .birth_year
                .trim()
                .parse::<i32>()
                .is_ok_and(|year| received_on.year() - year < 18);
            reception
        });
        (reception, violations)
    }
}

/// Domain and store violations name `person.full_name`; the form says `full_name`.
fn on_form(violations: Vec<Violation>) -> Vec<Violation> {
    violations
        .into_iter()
        .map(|mut v| {
            let field = v
                .field
                .trim_start_matches("person.")
                .trim_start_matches("reception.");
            v.field = match field {
                "birth" => "birth_year".to_owned(),
                "place_unit_id" => "place_commune".to_owned(),
                relative if relative.starts_with("relatives") => {
                    if relative.ends_with("relationship") {
                        "relative_relationship".to_owned()
                    } else if relative.ends_with("contact") {
                        "relative_contact".to_owned()
                    } else {
                        "relative_name".to_owned()
                    }
                }
                other => other.to_owned(),
            };
            v
        })
        .collect()
}

pub async fn form(
    State(state): State<AppState>,
    page: Page,
    super::extract::Query(query): super::extract::Query<ReceptionQuery>,
) -> Response {
    // Only those who receive persons see the form (and the agencies and codes it lists).
    if !page.can(Permission::OpenCase) {
        return super::error_page(&page, crate::error::ApiError::forbidden()).into_response();
    }
    // Received where the agency works, unless the user says otherwise.
    let home = page.user.agency_unit_today.clone().unwrap_or_default();
    let province = home.split('/').take(2).collect::<Vec<_>>().join("/");
    let commune = if home.split('/').count() == 3 {
        home.clone()
    } else {
        String::new()
    };
    let start = Wizard {
        place_province: province,
        place_commune: commune,
        nationality: "VN".into(),
        received_on: crate::case_access::today().format("%Y-%m-%d").to_string(),
        ..Default::default()
    };
    let start = match query.contact.as_deref().map(str::trim) {
        Some(number) if !number.is_empty() => {
            match crate::views::hotline::contact_for_reception(&state, &page.user, number).await {
                Ok((_, _, Some(case_number))) => {
                    // Already a case: to it, for a reader who may open it.
                    let readable = crate::case_access::readable_numbers(
                        &state,
                        &page.user,
                        std::slice::from_ref(&case_number),
                    )
                    .await
                    .unwrap_or_default();
                    if readable.contains(&case_number) {
                        return Redirect::to(&format!("/cases/{case_number}")).into_response();
                    }
                    let linked = crate::error::ApiError::new(
                        StatusCode::CONFLICT,
                        "linked_once",
                        "Cuộc liên hệ này đã gắn với một hồ sơ do cơ quan khác quản lý.",
                        "This contact is linked to a case another agency leads already.",
                    );
                    return super::error_page(&page, linked).into_response();
                }
                Ok((_, contact, None)) => from_contact(start, number, &contact),
                Err(e) => return super::error_page(&page, e).into_response(),
            }
        }
        Some(_) | None => start,
    };
    render(&state, &page, &start, &[], None)
        .await
        .into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    page: Page,
    Form(wizard): Form<Wizard>,
) -> Response {
    if !page.can(Permission::OpenCase) {
        return super::error_page(&page, crate::error::ApiError::forbidden()).into_response();
    }
    // Every rule is checked before the duplicate check, all at once: the
    // form's own, then the store's (dates, codes, the person's rules).
    let mut violations = Vec::new();
    if wizard.full_name.trim().is_empty() {
        violations.push(Violation::required("full_name"));
    }
    let person = wizard.person().map_err(|v| violations.extend(v)).ok();
    let (reception, faults) = wizard.reception();
    violations.extend(faults);
    if let (Some(person), Some(reception)) = (&person, &reception) {
        match state
            .store
            .check_reception(person, reception, crate::case_access::today())
            .await
        {
            Ok(()) => {}
            Err(StoreError::Invalid(found)) => {
                // A field the form already named keeps the form's words.
                for violation in on_form(found.0) {
                    if !violations.iter().any(|v| v.field == violation.field) {
                        violations.push(violation);
                    }
                }
            }
            Err(other) => return super::error_page(&page, other.into()).into_response(),
        }
    }
    let (Some(person), Some(reception), true) = (person, reception, violations.is_empty()) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&state, &page, &wizard, &violations, None).await,
        )
            .into_response();
    };
    let candidates = match duplicate_candidates(&state, &page.user, &person).await {
        Ok(candidates) => candidates,
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    if wizard.step != "open" {
        return render(&state, &page, &wizard, &[], Some(&candidates))
            .await
            .into_response();
    }
    let choice = wizard.person_choice.as_str();
    let (person_id, link_request) = match choice.strip_prefix("link-") {
        Some(known) => match known.parse::<i64>() {
            Ok(id) => (
                None,
                Some(crate::views::cases::NewLinkRequest {
                    person_id: id,
                    reason: wizard.link_reason.clone(),
                }),
            ),
            Err(_) => (None, None),
        },
        None if choice == "new" => (None, None),
        None => match choice.parse::<i64>() {
            Ok(id) => (Some(id), None),
            Err(_) => {
                let violations = vec![Violation::required("person_choice")];
                return (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render(&state, &page, &wizard, &violations, Some(&candidates)).await,
                )
                    .into_response();
            }
        },
    };
    let new = NewCase {
        person: Some(person),
        person_id,
        link_request,
        reception,
        contact_number: optional(&wizard.from_contact),
    };
    match open_case(&state, &page.user, new).await {
        Ok(case) => {
            Redirect::to(&format!("/cases/{}?done=receive", case.case_number)).into_response()
        }
        Err(error) if error.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let violations = on_form(error.body.violations.clone());
            let violations = if violations.is_empty() {
                vec![Violation::new(
                    error
                        .body
                        .field
                        .clone()
                        .unwrap_or_else(|| "person_choice".into()),
                    error.body.code,
                    error.body.message_vi.clone(),
                    error.body.message_en.clone(),
                )]
            } else {
                violations
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                render(
                    &state,
                    &page,
                    &wizard,
                    &on_form(violations),
                    Some(&candidates),
                )
                .await,
            )
                .into_response()
        }
        Err(error) => super::error_page(&page, error).into_response(),
    }
}

async fn render(
    state: &AppState,
    page: &Page,
    wizard: &Wizard,
    violations: &[Violation],
    candidates: Option<&[CandidateView]>,
) -> Markup {
    let lang = page.lang;
    let channels = state
        .store
        .code_list("reception_channel")
        .await
        .or_shown("code_list");
    let papers = state
        .store
        .code_list("identity_document_type")
        .await
        .or_shown("code_list");
    let countries = super::labels::country_choices(state, lang).await;
    let ethnic_groups = state.store.ethnic_groups().await.or_shown("ethnic_groups");
    let provinces = state
        .store
        .admin_units_under("2025", None)
        .await
        .or_shown("admin_units_under");
    let place_communes = match optional(&wizard.place_province) {
        Some(province) => state
            .store
            .admin_units_under("2025", Some(&province))
            .await
            .or_shown("admin_units_under"),
        None => vec![],
    };
    let communes = match optional(&wizard.province) {
        Some(province) => state
            .store
            .admin_units_under("2025", Some(&province))
            .await
            .or_shown("admin_units_under"),
        None => vec![],
    };
    let channel_labels = CodeLabels::load(state, "reception_channel", lang).await;
    let home_unit_ids: Vec<String> = candidates
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c.known.as_ref().and_then(|k| k.home_unit_id.clone()))
        .collect();
    let home_units = super::labels::unit_names(state, &home_unit_ids).await;
    let label = |vi: &str, en: &str| -> String {
        match lang {
            Lang::Vi => vi.to_owned(),
            Lang::En => en.to_owned(),
        }
    };
    let error = |field: &str| {
        violations
            .iter()
            .find(|v| v.field == field)
            .map(|v| super::violation_text(lang, v))
    };
    let text = |name: &'static str, value: &str, required: bool| -> Markup {
        let message = error(name);
        html! {
            label for=(name) { (lang.t(&format!("reception-{}", name.replace('_', "-")))) @if required { " " abbr title=(lang.t("form-required")) { "*" } } }
            input id=(name) type="text" name=(name) value=(value) required[required]
                aria-invalid=[message.as_ref().map(|_| "true")] aria-describedby=[message.as_ref().map(|_| format!("{name}-error"))];
            @if let Some(m) = &message { p.field-error id={ (name) "-error" } { (m) } }
        }
    };
    let select_label = |name: &'static str| -> Markup {
        html! { label for=(name) { (lang.t(&format!("reception-{}", name.replace('_', "-")))) } }
    };
    layout::page(
        page,
        &lang.t("reception-title"),
        html! {
            form.card #reception method="post" action="/cases/new" {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                @if !wizard.from_contact.is_empty() {
                    input type="hidden" name="from_contact" value=(wizard.from_contact);
                    p.notice #from-contact { (lang.t("reception-from-contact")) " " a href={ "/contacts/" (wizard.from_contact) } { (wizard.from_contact) } }
                    @if let Some(m) = error("contact_number") { p.field-error role="alert" #from-contact-error { (m) } }
                }
                fieldset {
                    legend { (lang.t("reception-person")) }
                    (text("full_name", &wizard.full_name, true))
                    (text("other_names", &wizard.other_names, false))
                    (select_label("sex"))
                    select #sex name="sex" required {
                        option value="" selected[wizard.sex.is_empty()] { (lang.t("form-choose")) }
                        @for code in ["female", "male", "unknown"] {
                            option value=(code) selected[wizard.sex == code] { (lang.t(&format!("sex-{code}"))) }
                        }
                    }
                    @if let Some(m) = error("sex") { p.field-error { (m) } }
                    (text("birth_year", &wizard.birth_year, false))
                    (select_label("nationality"))
                    select #nationality name="nationality" {
                        optgroup label=(lang.t("countries-often")) {
                            @for (code, name) in countries.iter().filter(|(c, _)| super::labels::OFTEN.contains(&c.as_str())) { option value=(code) selected[wizard.nationality == *code] { (name) } }
                        }
                        optgroup label=(lang.t("countries-others")) {
                            @for (code, name) in countries.iter().filter(|(c, _)| !super::labels::OFTEN.contains(&c.as_str())) { option value=(code) selected[wizard.nationality == *code] { (name) } }
                        }
                    }
                    (select_label("ethnicity"))
                    select #ethnicity name="ethnicity" {
                        option value="" { (lang.t("form-none")) }
                        @for g in &ethnic_groups { option value=(g.code) selected[wizard.ethnicity == g.code] { (label(&g.name_vi, &g.name_en)) } }
                    }
                    (select_label("paper_kind"))
                    select #paper_kind name="paper_kind" {
                        option value="" { (lang.t("form-none")) }
                        @for p in &papers { option value=(p.code) selected[wizard.paper_kind == p.code] { (label(&p.label_vi, &p.label_en)) } }
                    }
                    (text("paper_number", &wizard.paper_number, false))
                    (select_label("province"))
                    select #province name="province" aria-describedby="province-hint" {
                        option value="" { (lang.t("form-none")) }
                        @for p in &provinces { option value=(p.id) selected[wizard.province == p.id] { (p.name) } }
                    }
                    p.hint #province-hint { (lang.t("reception-province-hint")) }
                    @if !communes.is_empty() {
                        (select_label("commune"))
                        select #commune name="commune" {
                            option value="" { (lang.t("form-none")) }
                            @for c in &communes { option value=(c.id) selected[wizard.commune == c.id] { (c.name) } }
                        }
                    }
                    (text("address_line", &wizard.address_line, false))
                    (text("contact", &wizard.contact, false))
                }
                fieldset #relative {
                    legend { (lang.t("reception-relative-legend")) }
                    p.hint { (lang.t("reception-relative-hint")) }
                    (text("relative_relationship", &wizard.relative_relationship, false))
                    (text("relative_name", &wizard.relative_name, false))
                    (text("relative_contact", &wizard.relative_contact, false))
                }
                fieldset {
                    legend { (lang.t("reception-circumstances-legend")) }
                    (select_label("channel"))
                    select #channel name="channel" required {
                        option value="" selected[wizard.channel.is_empty()] { (lang.t("form-choose")) }
                        @for c in &channels { option value=(c.code) selected[wizard.channel == c.code] { (channel_labels.of(&c.code)) } }
                    }
                    @if let Some(m) = error("channel") { p.field-error { (m) } }
                    label for="place_province" { (lang.t("reception-place-province")) " " abbr title=(lang.t("form-required")) { "*" } }
                    select #place_province name="place_province" required aria-describedby="place-hint" {
                        option value="" selected[wizard.place_province.is_empty()] { (lang.t("form-choose")) }
                        @for p in &provinces { option value=(p.id) selected[wizard.place_province == p.id] { (p.name) } }
                    }
                    @if let Some(m) = error("place_province") { p.field-error { (m) } }
                    p.hint #place-hint { (lang.t("reception-place-hint")) }
                    @if !place_communes.is_empty() {
                        label for="place_commune" { (lang.t("reception-place-commune")) " " abbr title=(lang.t("form-required")) { "*" } }
                        select #place_commune name="place_commune" required {
                            option value="" selected[wizard.place_commune.is_empty()] { (lang.t("form-choose")) }
                            @for c in &place_communes { option value=(c.id) selected[wizard.place_commune == c.id] { (c.name) } }
                        }
                    }
                    @if let Some(m) = error("place_commune") { p.field-error { (m) } }
                    div.check {
                        input #located_abroad type="checkbox" name="located_abroad" checked[wizard.located_abroad == "on"];
                        label for="located_abroad" { (lang.t("reception-located-abroad")) }
                    }
                    div.check {
                        input #accompanying_child type="checkbox" name="accompanying_child" checked[wizard.accompanying_child == "on"];
                        label for="accompanying_child" { (lang.t("reception-accompanying-child")) }
                    }
                    label for="received_on" { (lang.t("reception-received-on")) }
                    input #received_on type="date" name="received_on" value=(wizard.received_on) required;
                    @if let Some(m) = error("received_on") { p.field-error { (m) } }
                    label for="circumstances" { (lang.t("reception-circumstances")) }
                    textarea #circumstances name="circumstances" rows="3" { (wizard.circumstances) }
                }
                button type="submit" name="step" value="check" { (lang.t("reception-check")) }
                @if let Some(candidates) = candidates {
                    fieldset #candidates {
                        legend { (lang.t("reception-candidates")) }
                        @if let Some(m) = error("person_choice").or_else(|| error("person_id")) { p.field-error role="alert" { (m) } }
                        @if candidates.is_empty() {
                            p { (lang.t("reception-no-candidates")) }
                        }
                        @for c in candidates {
                            @let id = format!("person-{}", c.person_id);
                            @let value = if c.open_directly { c.person_id.to_string() } else { format!("link-{}", c.person_id) };
                            div.choice {
                                input id=(id) type="radio" name="person_choice" value=(value) checked[wizard.person_choice == value];
                                label for=(id) {
                                    strong.likeness { (lang.t(&format!("likeness-{}", crate::views::persons::likeness(c.score)))) }
                                    @match &c.known {
                                        Some(known) => {
                                            " — " span.candidate-name { (known.full_name) }
                                            @if let Some(year) = known.birth_year { " · " (lang.t_with("reception-candidate-born", &[("year", year.into())])) }
                                            @if let Some(unit) = known.home_unit_id.as_ref().and_then(|u| home_units.get(u)) { " · " (unit) }
                                        }
                                        None => {
                                            " — " (lang.t("reception-candidate-elsewhere"))
                                        }
                                    }
                                    @if !c.reasons.is_empty() {
                                        span.reasons { " (" (lang.t("reception-candidate-because")) " " (c.reasons.iter().map(|r| lang.t(&format!("reason-{}", serde_json::to_value(r).ok().and_then(|v| v.as_str().map(|s| s.replace('_', "-"))).unwrap_or_default()))).collect::<Vec<_>>().join(", ")) ")" }
                                    }
                                    @if !c.case_numbers.is_empty() { " · " (c.case_numbers.join(", ")) }
                                    @if c.other_cases > 0 { " · " (lang.t_with("reception-other-cases", &[("count", c.other_cases.into())])) }
                                    @if !c.open_directly {
                                        " · " (lang.t_with("reception-known-to", &[("agency", c.known_to_agency_name.clone().unwrap_or_default().into())]))
                                    }
                                }
                            }
                        }
                        @if candidates.iter().any(|c| !c.open_directly) {
                            p.hint #link-hint { (lang.t("reception-link-hint")) }
                            label for="link_reason" { (lang.t("reception-link-reason")) }
                            textarea #link_reason name="link_reason" rows="2" aria-describedby="link-hint" { (wizard.link_reason) }
                            @if let Some(m) = error("reason").or_else(|| error("link_request")) { p.field-error { (m) } }
                        }
                        div.choice {
                            input #person-new type="radio" name="person_choice" value="new" checked[wizard.person_choice == "new" || (candidates.is_empty() && wizard.person_choice.is_empty())];
                            label for="person-new" { (lang.t("reception-new-person")) }
                        }
                        button type="submit" name="step" value="open" { (lang.t("reception-open")) }
                    }
                }
            }
        },
    )
}
