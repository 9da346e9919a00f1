//! The operator's contact form, made to be filled in under a minute with
//! the keyboard alone: native controls in the order a call goes (how, who
//! calls, about whom, what about, how urgent, what was said and done), no
//! consequential choice made for the operator (urgency, categories and the
//! outcome start blank), the agency to dispatch to beside the urgency. The
//! same form corrects a contact, on the version it was opened at.

use super::{code_label, local_input, parse_local};
use crate::error::ApiError;
use crate::pages::admin::forms::value;
use crate::pages::context::Page;
use crate::pages::degraded::OrShown;
use crate::pages::extract::Path;
use crate::pages::layout;
use crate::views::hotline::{self, ContactView, NewContact};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Duration, Utc};
use haven_access::Permission;
use haven_domain::case::person::Sex;
use haven_domain::hotline::{
    AgeGroup, Caller, CallerRelation, ContactCategory, ContactChannel, ContactDraft,
    ContactOutcome, ContactStep, DispatchDraft, PersonConcerned, PhoneNumber, Urgency,
};
use haven_domain::ids::AgencyId;
use haven_domain::Violation;
use maud::{html, Markup};

type Values = Vec<(String, String)>;

/// The form's field for a rule the domain names by its own path.
fn form_field(field: &str) -> &str {
    match field {
        "caller.phone" => "caller_phone",
        "concerned.age_years" => "age_years",
        "concerned.age_group" => "age_group",
        "concerned.place_unit_id" => "province",
        "ended_at" => "duration_minutes",
        "dispatch.agency_id" => "dispatch_agency_id",
        "dispatch.note" => "dispatch_note",
        other => other,
    }
}

fn all<'a>(values: &'a Values, name: &str) -> Vec<&'a str> {
    values
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn bad(field: &str, rule: &'static str, vi: &str, en: &str) -> Violation {
    Violation::new(field, rule, vi, en)
}

/// What was typed, in words: a code of a list as its label.
fn typed_in_words(lang: crate::i18n::Lang, name: &str, text: &str) -> String {
    let list = match name {
        "channel" => "channel",
        "caller_relation" => "relation",
        "categories" => "category",
        "urgency" => "urgency",
        "steps" => "step",
        "outcome" => "outcome",
        "age_group" => "age",
        "sex" => {
            return lang
                .maybe(&format!("sex-{text}"))
                .unwrap_or_else(|| text.to_owned())
        }
        "consents_to_keep_number" | "abroad" => return lang.t("answer-yes"),
        _ => return text.to_owned(),
    };
    lang.maybe(&format!("contact-{list}-{}", text.replace('_', "-")))
        .unwrap_or_else(|| text.to_owned())
}

/// The contact as typed, or every fault found in it.
fn draft_of(values: &Values) -> Result<ContactDraft, Vec<Violation>> {
    let mut faults = Vec::new();
    let mut code = |name: &str, found: Option<()>| {
        if found.is_none() {
            faults.push(Violation::required(name));
        }
    };
    let channel = ContactChannel::from_code(value(values, "channel"));
    code("channel", channel.map(|_| ()));
    let relation = CallerRelation::from_code(value(values, "caller_relation"));
    code("caller_relation", relation.map(|_| ()));
    let urgency = Urgency::from_code(value(values, "urgency"));
    code("urgency", urgency.map(|_| ()));
    let outcome = ContactOutcome::from_code(value(values, "outcome"));
    code("outcome", outcome.map(|_| ()));
    let started_at = parse_local(value(values, "started_at"));
    if started_at.is_none() {
        faults.push(bad(
            "started_at",
            "date_time",
            "Hãy nhập ngày và giờ bắt đầu.",
            "Give the day and time the contact began.",
        ));
    }
    let minutes = match crate::pages::programme::whole_number(value(values, "duration_minutes")) {
        Ok(None) => None,
        Ok(Some(m)) if (0..=24 * 60).contains(&m) => Some(m),
        Ok(Some(_)) | Err(()) => {
            faults.push(bad(
                "duration_minutes",
                "minutes",
                "Thời lượng là số phút, từ 0 đến 1440.",
                "The duration is a number of minutes, 0 to 1440.",
            ));
            None
        }
    };
    let phone = match value(values, "caller_phone") {
        "" => None,
        typed => match PhoneNumber::parse("caller_phone", typed) {
            Ok(phone) => Some(phone),
            Err(v) => {
                faults.push(v);
                None
            }
        },
    };
    let sex = match value(values, "sex") {
        "female" => Sex::Female,
        "male" => Sex::Male,
        "unknown" | "" => Sex::Unknown,
        _ => {
            faults.push(Violation::unknown_code("sex", "sex"));
            Sex::Unknown
        }
    };
    let age_group = match value(values, "age_group") {
        "" => None,
        code => {
            let group = AgeGroup::from_code(code);
            if group.is_none() {
                faults.push(Violation::unknown_code("age_group", "age_group"));
            }
            group
        }
    };
    let categories = codes_of(
        values,
        "categories",
        ContactCategory::from_code,
        &mut faults,
    );
    let steps = codes_of(values, "steps", ContactStep::from_code, &mut faults);
    let age_years = match crate::pages::programme::whole_number(value(values, "age_years")) {
        Ok(None) => None,
        Ok(Some(a)) => match u8::try_from(a) {
            Ok(a) => Some(a),
            Err(_) => {
                faults.push(bad(
                    "age_years",
                    "range",
                    "Tuổi từ 0 đến 110.",
                    "An age is between 0 and 110.",
                ));
                None
            }
        },
        Err(()) => {
            faults.push(crate::pages::programme::not_whole("age_years"));
            None
        }
    };
    let follow_up_at = match value(values, "follow_up_at") {
        "" => None,
        typed => {
            let at = parse_local(typed);
            if at.is_none() {
                faults.push(bad(
                    "follow_up_at",
                    "date_time",
                    "Hãy nhập ngày và giờ gọi lại.",
                    "Give the day and time of the call back.",
                ));
            }
            at
        }
    };
    let unit = [value(values, "commune"), value(values, "province")]
        .into_iter()
        .find(|u| !u.is_empty())
        .map(str::to_owned);
    // What could not be read stands in with a placeholder, so that the
    // rules are checked on the rest at once: every fault in one round.
    let read = faults.is_empty();
    let started_at = started_at.unwrap_or_else(Utc::now);
    let draft = ContactDraft {
        channel: channel.unwrap_or(ContactChannel::PhoneCall),
        started_at,
        ended_at: minutes.map(|m| started_at + Duration::minutes(m)),
        caller: Caller {
            relation: relation.unwrap_or(CallerRelation::Unknown),
            consents_to_keep_number: value(values, "consents_to_keep_number") == "on",
            phone,
        },
        concerned: PersonConcerned {
            sex,
            age_years,
            age_group,
            place_unit_id: unit,
            abroad: value(values, "abroad") == "on",
        },
        categories,
        urgency: urgency.unwrap_or(Urgency::NotUrgent),
        summary: value(values, "summary").to_owned(),
        steps,
        follow_up_at,
        outcome: outcome.unwrap_or(ContactOutcome::Resolved),
        outcome_note: value(values, "outcome_note").to_owned(),
    };
    // The rules' faults on fields the form could read, after the form's own.
    if let Err(rules) = draft.check(Utc::now()) {
        for v in rules.0 {
            let field = form_field(&v.field).to_owned();
            if !faults.iter().any(|f| form_field(&f.field) == field) {
                faults.push(v);
            }
        }
    }
    if read && faults.is_empty() {
        Ok(draft)
    } else {
        Err(faults)
    }
}

/// The codes ticked in a group of boxes; one not in the list is named.
fn codes_of<T>(
    values: &Values,
    name: &str,
    from_code: fn(&str) -> Option<T>,
    faults: &mut Vec<Violation>,
) -> Vec<T> {
    let mut found = Vec::new();
    for code in all(values, name) {
        match from_code(code) {
            Some(item) => found.push(item),
            None => faults.push(Violation::unknown_code(name, name)),
        }
    }
    found
}

fn dispatch_of(values: &Values) -> Option<DispatchDraft> {
    match value(values, "dispatch_agency_id").parse::<i64>() {
        Ok(id) => Some(DispatchDraft {
            agency_id: AgencyId(id),
            note: value(values, "dispatch_note").to_owned(),
        }),
        Err(_) => None,
    }
}

/// What the form shows for a recorded contact.
fn values_of(contact: &ContactDraft, version: i64) -> Values {
    let mut v: Values = vec![
        ("version".into(), version.to_string()),
        ("channel".into(), contact.channel.code().into()),
        ("started_at".into(), local_input(contact.started_at)),
        (
            "duration_minutes".into(),
            contact
                .duration()
                .map(|d| d.num_minutes().to_string())
                .unwrap_or_default(),
        ),
        (
            "caller_relation".into(),
            contact.caller.relation.code().into(),
        ),
        (
            "consents_to_keep_number".into(),
            if contact.caller.consents_to_keep_number {
                "on".into()
            } else {
                String::new()
            },
        ),
        (
            "caller_phone".into(),
            contact
                .caller
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        ),
        (
            "sex".into(),
            match contact.concerned.sex {
                Sex::Female => "female",
                Sex::Male => "male",
                Sex::Unknown => "unknown",
            }
            .into(),
        ),
        (
            "age_years".into(),
            contact
                .concerned
                .age_years
                .map(|a| a.to_string())
                .unwrap_or_default(),
        ),
        (
            "age_group".into(),
            contact
                .concerned
                .age_group
                .map(|g| g.code().to_owned())
                .unwrap_or_default(),
        ),
        (
            "abroad".into(),
            if contact.concerned.abroad {
                "on".into()
            } else {
                String::new()
            },
        ),
        ("urgency".into(), contact.urgency.code().into()),
        ("summary".into(), contact.summary.clone()),
        (
            "follow_up_at".into(),
            contact.follow_up_at.map(local_input).unwrap_or_default(),
        ),
        ("outcome".into(), contact.outcome.code().into()),
        ("outcome_note".into(), contact.outcome_note.clone()),
    ];
    if let Some(unit) = &contact.concerned.place_unit_id {
        let province: String = unit.split('/').take(2).collect::<Vec<_>>().join("/");
        v.push(("province".into(), province));
        if unit.split('/').count() == 3 {
            v.push(("commune".into(), unit.clone()));
        }
    }
    v.extend(
        contact
            .categories
            .iter()
            .map(|c| ("categories".to_owned(), c.code().to_owned())),
    );
    v.extend(
        contact
            .steps
            .iter()
            .map(|s| ("steps".to_owned(), s.code().to_owned())),
    );
    v
}

/// Where the form posts: a new contact, or the correction of one.
#[derive(Clone, Copy)]
enum Target<'a> {
    New,
    /// The correction of a contact; refused as stale, with what the user
    /// typed (`unsaved`) shown beside what is saved now.
    Correct {
        number: &'a str,
        unsaved: Option<&'a Values>,
    },
}

async fn render(
    state: &AppState,
    page: &Page,
    target: Target<'_>,
    values: &Values,
    violations: &[Violation],
) -> Markup {
    let lang = page.lang;
    let provinces = state
        .store
        .admin_units_under("2025", None)
        .await
        .or_shown("provinces");
    let province = value(values, "province");
    let communes = if province.is_empty() {
        Vec::new()
    } else {
        state
            .store
            .admin_units_under("2025", Some(province))
            .await
            .or_shown("communes")
    };
    let place = [value(values, "commune"), value(values, "province")]
        .into_iter()
        .find(|p| !p.is_empty());
    let choices = super::dispatch_choices(state, page.user.agency_id, place).await;
    let error = |name: &str| {
        violations
            .iter()
            .find(|v| form_field(&v.field) == name)
            .map(|v| crate::pages::violation_text_in(lang, v, Some("contact")))
    };
    let label = |name: &str, required: bool| {
        html! {
            label for=(name) { (lang.t(&format!("contact-field-{}", name.replace('_', "-")))) @if required { " " abbr title=(lang.t("form-required")) { "*" } } }
        }
    };
    let described = |name: &str| error(name).map(|_| format!("{name}-error"));
    let note = |name: &str| html! { @if let Some(m) = error(name) { p.field-error id={ (name) "-error" } { (m) } } };
    let text = |name: &str, required: bool, kind: &str| {
        html! {
            (label(name, required))
            input id=(name) name=(name) type=(kind) value=(value(values, name)) required[required]
                aria-invalid=[described(name).map(|_| "true")] aria-describedby=[described(name)];
            (note(name))
        }
    };
    let select = |name: &str, required: bool, list: &str, codes: &[&str]| {
        html! {
            (label(name, required))
            select id=(name) name=(name) required[required] aria-invalid=[described(name).map(|_| "true")] aria-describedby=[described(name)] {
                option value="" { (lang.t("form-choose")) }
                @for code in codes {
                    option value=(code) selected[value(values, name) == *code] {
                        @if list == "sex" { (lang.t(&format!("sex-{code}"))) } @else { (code_label(lang, list, code)) }
                    }
                }
            }
            (note(name))
        }
    };
    let boxes = |name: &str, list: &str, codes: &[&str]| {
        html! {
            fieldset #(name) aria-describedby=[described(name)] {
                legend { (lang.t(&format!("contact-field-{name}"))) @if name == "categories" { " " abbr title=(lang.t("form-required")) { "*" } } }
                @for code in codes {
                    label.check {
                        input type="checkbox" name=(name) value=(code) id={ (name) "-" (code) } checked[all(values, name).contains(code)];
                        " " (code_label(lang, list, code))
                    }
                }
                (note(name))
            }
        }
    };
    let checkbox = |name: &str| {
        html! {
            label.check { input type="checkbox" id=(name) name=(name) checked[value(values, name) == "on"]; " " (lang.t(&format!("contact-field-{}", name.replace('_', "-")))) }
        }
    };
    let codes = |list: &[&'static str]| list.to_vec();
    let channels: Vec<&str> = ContactChannel::ALL.iter().map(|c| c.code()).collect();
    let relations: Vec<&str> = CallerRelation::ALL.iter().map(|c| c.code()).collect();
    let categories: Vec<&str> = ContactCategory::ALL.iter().map(|c| c.code()).collect();
    let steps: Vec<&str> = ContactStep::ALL.iter().map(|c| c.code()).collect();
    let outcomes: Vec<&str> = ContactOutcome::ALL.iter().map(|c| c.code()).collect();
    let groups: Vec<&str> = AgeGroup::ALL.iter().map(|c| c.code()).collect();
    let (action, title) = match target {
        Target::New => ("/contacts".to_owned(), lang.t("contact-new-title")),
        Target::Correct { number, .. } => (
            format!("/contacts/{number}"),
            format!("{} {number}", lang.t("contact-edit-title")),
        ),
    };
    let is_new = matches!(target, Target::New);
    layout::page(
        page,
        &title,
        html! {
            @if !violations.is_empty() {
                div.error role="alert" #form-errors tabindex="-1" autofocus {
                    @if violations.iter().any(|v| v.rule == "stale_version") {
                        p { (lang.t("contact-conflict")) }
                    } @else {
                        p { (lang.t("form-has-errors")) }
                        ul { @for v in violations { li { (crate::pages::violation_text_in(lang, v, Some("contact"))) } } }
                    }
                }
            }
            @if let Target::Correct { unsaved: Some(typed), .. } = target {
                details #unsaved-text open {
                    summary { (lang.t("contact-unsaved")) }
                    dl {
                        @for (name, text) in typed.iter().filter(|(k, v)| !v.trim().is_empty() && k != crate::csrf::FIELD && k != "version") {
                            dt { (lang.maybe(&format!("contact-field-{}", name.replace('_', "-"))).unwrap_or_else(|| name.clone())) }
                            dd { (typed_in_words(lang, name, text)) }
                        }
                    }
                }
            }
            form.card #contact-form method="post" action=(action) {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                @if !is_new { input type="hidden" name="version" value=(value(values, "version")); }
                fieldset {
                    legend { (lang.t("contact-part-call")) }
                    (select("channel", true, "channel", &channels))
                    (text("started_at", true, "datetime-local"))
                    (text("duration_minutes", false, "text"))
                    (select("caller_relation", true, "relation", &relations))
                    (checkbox("consents_to_keep_number"))
                    (text("caller_phone", false, "tel"))
                }
                fieldset {
                    legend { (lang.t("contact-part-concerned")) }
                    (select("sex", false, "sex", &codes(&["female", "male", "unknown"])))
                    (text("age_years", false, "text"))
                    (select("age_group", false, "age", &groups))
                    (label("province", false))
                    select #province name="province" aria-describedby=[described("province")] {
                        option value="" { (lang.t("form-choose")) }
                        @for p in &provinces { option value=(p.id) selected[province == p.id] { (p.name) } }
                    }
                    (note("province"))
                    @if !communes.is_empty() {
                        (label("commune", false))
                        select #commune name="commune" {
                            option value="" { (lang.t("form-choose")) }
                            @for c in &communes { option value=(c.id) selected[value(values, "commune") == c.id] { (c.name) } }
                        }
                    }
                    (checkbox("abroad"))
                }
                (boxes("categories", "category", &categories))
                fieldset #urgency aria-describedby=[described("urgency")] {
                    legend { (lang.t("contact-field-urgency")) " " abbr title=(lang.t("form-required")) { "*" } }
                    @for u in Urgency::ALL {
                        label.check { input type="radio" name="urgency" id={ "urgency-" (u.code()) } value=(u.code()) required checked[value(values, "urgency") == u.code()]; " " (code_label(lang, "urgency", u.code())) }
                    }
                    (note("urgency"))
                }
                @if is_new {
                    fieldset #dispatch {
                        legend { (lang.t("contact-part-dispatch")) }
                        p.hint { (lang.t("contact-dispatch-hint")) }
                        (label("dispatch_agency_id", false))
                        select #dispatch_agency_id name="dispatch_agency_id" aria-describedby=[described("dispatch_agency_id")] {
                            option value="" { (lang.t("contact-no-dispatch")) }
                            (super::dispatch_options(lang, &choices, value(values, "dispatch_agency_id")))
                        }
                        (note("dispatch_agency_id"))
                        (text("dispatch_note", false, "text"))
                    }
                }
                (label("summary", true))
                textarea #summary name="summary" rows="4" required maxlength="5000" aria-invalid=[described("summary").map(|_| "true")] aria-describedby=[described("summary")] { (value(values, "summary")) }
                (note("summary"))
                (boxes("steps", "step", &steps))
                (text("follow_up_at", false, "datetime-local"))
                (select("outcome", true, "outcome", &outcomes))
                (text("outcome_note", false, "text"))
                button type="submit" { (lang.t(if is_new { "contact-save" } else { "contact-save-correction" })) }
            }
        },
    )
}

pub async fn new_contact(State(state): State<AppState>, page: Page) -> Response {
    if !page.can(Permission::RecordContacts) {
        return crate::pages::error_page(&page, ApiError::forbidden());
    }
    let values: Values = vec![
        ("channel".into(), ContactChannel::PhoneCall.code().into()),
        ("started_at".into(), local_input(Utc::now())),
    ];
    render(&state, &page, Target::New, &values, &[])
        .await
        .into_response()
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    if !page.can(Permission::RecordContacts) {
        return crate::pages::error_page(&page, ApiError::forbidden());
    }
    // Someone in danger with no agency chosen is named in the same round.
    let danger_alone = value(&values, "urgency") == Urgency::ImmediateDanger.code()
        && value(&values, "dispatch_agency_id").is_empty();
    let violations = match draft_of(&values) {
        Err(mut violations) if danger_alone => {
            violations.push(Violation::new(
                "dispatch_agency_id",
                "dispatch_needed",
                "Người được nhắc đến đang gặp nguy hiểm: hãy chọn cơ quan nhận chuyển xử lý.",
                "Someone is in immediate danger: choose the agency the contact is dispatched to.",
            ));
            violations
        }
        Ok(contact) => {
            let new = NewContact {
                contact,
                dispatch: dispatch_of(&values),
            };
            match hotline::record(&state, &page.user, &new).await {
                Ok(view) => {
                    return Redirect::to(&format!("/contacts/{}?done=record", number_of(&view)))
                        .into_response();
                }
                Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => e.body.violations,
                Err(e) => return crate::pages::error_page(&page, e),
            }
        }
        Err(violations) => violations,
    };
    let shown = render(&state, &page, Target::New, &values, &violations).await;
    (StatusCode::UNPROCESSABLE_ENTITY, shown).into_response()
}

fn number_of(view: &ContactView) -> &str {
    view.number()
}

/// The correction form, filled with what is recorded.
pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
) -> Response {
    match hotline::kept_contact(&state, &page.user, &number).await {
        Ok(kept) => {
            let values = values_of(&kept.draft, kept.version);
            render(
                &state,
                &page,
                Target::Correct {
                    number: &number,
                    unsaved: None,
                },
                &values,
                &[],
            )
            .await
            .into_response()
        }
        Err(e) => crate::pages::error_page(&page, e),
    }
}

pub async fn correct(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    // Asked before the form is read: a refusal shows no form.
    if let Err(e) = hotline::kept_contact(&state, &page.user, &number).await {
        return crate::pages::error_page(&page, e);
    }
    let version: i64 = value(&values, "version").parse().unwrap_or(0);
    let draft = match draft_of(&values) {
        Ok(draft) => draft,
        Err(violations) => {
            let shown = render(
                &state,
                &page,
                Target::Correct {
                    number: &number,
                    unsaved: None,
                },
                &values,
                &violations,
            )
            .await;
            return (StatusCode::UNPROCESSABLE_ENTITY, shown).into_response();
        }
    };
    match hotline::correct(&state, &page.user, &number, version, &draft).await {
        Ok(_) => Redirect::to(&format!("/contacts/{number}?done=correct")).into_response(),
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let shown = render(
                &state,
                &page,
                Target::Correct {
                    number: &number,
                    unsaved: None,
                },
                &values,
                &e.body.violations,
            )
            .await;
            (StatusCode::UNPROCESSABLE_ENTITY, shown).into_response()
        }
        Err(e) if e.status == StatusCode::CONFLICT => {
            // Someone saved first: the form shows what is saved now, with a word saying so.
            match hotline::kept_contact(&state, &page.user, &number).await {
                Ok(kept) => {
                    let saved = values_of(&kept.draft, kept.version);
                    let stale = vec![Violation::new(
                        "form",
                        "stale_version",
                        e.body.message_vi.clone(),
                        e.body.message_en.clone(),
                    )];
                    let shown = render(
                        &state,
                        &page,
                        Target::Correct {
                            number: &number,
                            unsaved: Some(&values),
                        },
                        &saved,
                        &stale,
                    )
                    .await;
                    (StatusCode::CONFLICT, shown).into_response()
                }
                Err(e) => crate::pages::error_page(&page, e),
            }
        }
        Err(e) => crate::pages::error_page(&page, e),
    }
}
