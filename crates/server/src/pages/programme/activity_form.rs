//! Recording an activity: one form per kind (communication, training,
//! meeting, inspection — its fields in `inspection_form`), the place as province then commune (the agency's own by
//! default, as at reception), against one of the agency's plan tasks where
//! there is one. A form with faults comes back filled, each named.

use super::super::admin::forms::{as_violations, value};
use super::super::context::Page;
use super::super::extract::{Path, Query};
use super::super::{error_page, layout, violation_text_in};
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::programme::activities;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_domain::ids::{ActivityId, AgencyId, TaskId};
use haven_domain::programme::{
    ActivityDetails, ActivityDraft, ActivityKind, AreaFlag, Communication, Meeting, MeetingKind,
    Reached, TraineeGroup, Training, TrainingLevel,
};
use haven_domain::{Violation, Violations};
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct KindQuery {
    #[serde(default)]
    kind: String,
}

/// Trainee rows the training form offers (blank rows are left out).
const TRAINEE_ROWS: usize = 5;

type Values = Vec<(String, String)>;

pub async fn new_activity(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<KindQuery>,
) -> Response {
    let Some(kind) = ActivityKind::from_code(&query.kind) else {
        return error_page(&page, crate::error::ApiError::not_found());
    };
    if !page.can(haven_access::permission_to_record(kind)) {
        return error_page(&page, crate::error::ApiError::forbidden());
    }
    render(&state, &page, kind, &own_place(&page), &[]).await
}

/// The agency's own place: its province, and its commune when it has one.
fn own_place(page: &Page) -> Values {
    let unit = page.user.agency_unit_today.clone().unwrap_or_default();
    let parts: Vec<&str> = unit.split('/').collect();
    let province = parts.get(..2).map(|p| p.join("/")).unwrap_or_default();
    let commune = if parts.len() == 3 {
        unit.clone()
    } else {
        String::new()
    };
    vec![
        ("place_province".into(), province),
        ("place_commune".into(), commune),
    ]
}

/// The form's repeating rows (trainees, sanctions, follow-ups) as the
/// rules count them: blank ones out, the rest renumbered.
fn without_blank_rows(values: Values) -> Values {
    let values = super::form_kit::compact_rows(
        values,
        &[
            "trainee_sector",
            "trainee_agency",
            "trainee_female",
            "trainee_male",
        ],
    );
    let values = super::form_kit::compact_rows(
        values,
        &["sanction_kind", "sanction_amount", "sanction_decision"],
    );
    super::form_kit::compact_rows(values, &["action_what", "action_owner", "action_due"])
}

pub async fn record(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    let values = without_blank_rows(values);
    let Some(kind) = ActivityKind::from_code(value(&values, "kind")) else {
        return error_page(&page, crate::error::ApiError::not_found());
    };
    // The province changed: show its communes, save nothing yet.
    if value(&values, "refresh") == "communes" {
        return render(&state, &page, kind, &values, &[]).await;
    }
    let result = match read(&values, kind) {
        Ok(draft) => activities::record(&state, &page.user, &draft)
            .await
            .map_err(as_violations),
        Err(violations) => Err(Ok(violations)),
    };
    match result {
        Ok(recorded) => Redirect::to(&format!(
            "/activities?own=on&kind={}#activity-list",
            recorded.kind.code()
        ))
        .into_response(),
        Err(Ok(violations)) => {
            // The store names the place as one field; the form has two.
            let violations: Vec<Violation> = violations
                .into_iter()
                .map(|mut v| {
                    v.field = form_field(&v.field);
                    v
                })
                .collect();
            render(&state, &page, kind, &values, &violations).await
        }
        Err(Err(error)) => error_page(&page, error),
    }
}

/// Rows for trainees: five, or two more than the form already holds.
fn trainee_rows(values: &[(String, String)]) -> usize {
    let used = values
        .iter()
        .filter(|(k, v)| k.starts_with("trainee_") && !v.is_empty())
        .filter_map(|(k, _)| k.rsplit('_').next().and_then(|n| n.parse::<usize>().ok()))
        .max()
        .map_or(0, |last| last + 2);
    TRAINEE_ROWS
        .max(used)
        .min(haven_domain::programme::MAX_ITEMS)
}

/// A recorded activity as its form's fields, to correct it.
pub fn values_of(draft: &ActivityDraft) -> Values {
    let mut v: Values = Vec::new();
    let mut put = |k: &str, value: String| v.push((k.to_owned(), value));
    put("title", draft.title.clone());
    put("held_on", draft.held_on.to_string());
    put(
        "ends_on",
        draft.ends_on.map(|d| d.to_string()).unwrap_or_default(),
    );
    let parts: Vec<&str> = draft.unit_id.split('/').collect();
    put(
        "place_province",
        parts.get(..2).map(|p| p.join("/")).unwrap_or_default(),
    );
    put(
        "place_commune",
        if parts.len() == 3 {
            draft.unit_id.clone()
        } else {
            String::new()
        },
    );
    for flag in &draft.area_flags {
        put("area_flags", flag.code().to_owned());
    }
    put(
        "task_id",
        draft.task_id.map(|t| t.to_string()).unwrap_or_default(),
    );
    put("case_numbers", draft.case_numbers.join(", "));
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    match &draft.details {
        ActivityDetails::Communication(c) => {
            put("channel", c.channel.clone());
            for code in &c.languages {
                put("languages", code.clone());
            }
            for code in &c.audiences {
                put("audiences", code.clone());
            }
            put("reached_total", c.reached.total.to_string());
            put("reached_female", number(c.reached.female));
            put("reached_male", number(c.reached.male));
            put("materials_produced", c.materials_produced.to_string());
            put("materials_distributed", c.materials_distributed.to_string());
        }
        ActivityDetails::Training(t) => {
            put("level", t.level.code().to_owned());
            for code in &t.topics {
                put("topics", code.clone());
            }
            for (row, g) in t.trainee_groups.iter().enumerate() {
                put(&format!("trainee_sector_{row}"), g.sector.clone());
                put(
                    &format!("trainee_agency_{row}"),
                    g.agency_id.map(|a| a.to_string()).unwrap_or_default(),
                );
                put(&format!("trainee_female_{row}"), g.female.to_string());
                put(&format!("trainee_male_{row}"), g.male.to_string());
            }
            put("trainers", t.trainers.clone());
            put("certificates", t.certificates.to_string());
        }
        ActivityDetails::Meeting(m) => {
            put("meeting_kind", m.meeting_kind.code().to_owned());
            put("chair", m.chair.clone());
            for agency in &m.participating_agency_ids {
                put("participating_agency_ids", agency.to_string());
            }
            put("decisions", m.decisions.clone());
            if let Some(group) = m.working_group_id {
                put("working_group_id", group.to_string());
            }
            super::follow_up_form::values_of(&m.follow_ups, &mut put);
        }
        ActivityDetails::Inspection(i) => super::inspection_form::values_of(i, &mut put),
    }
    v
}

/// The correction form of a recorded activity, for the agency that recorded it.
pub async fn edit(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    let found = match activities::read(&state, &page.user, ActivityId(id)).await {
        Ok(found) => found,
        Err(error) => return error_page(&page, error),
    };
    if !found.may_edit {
        return error_page(&page, crate::error::ApiError::forbidden());
    }
    let mut values = values_of(&found.activity);
    values.push(("activity_id".into(), id.to_string()));
    values.push(("version".into(), found.version.to_string()));
    render(&state, &page, found.kind, &values, &[]).await
}

/// Saves a correction on the version the form was opened at.
pub async fn correct(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let values = without_blank_rows(values);
    let Some(kind) = ActivityKind::from_code(value(&values, "kind")) else {
        return error_page(&page, crate::error::ApiError::not_found());
    };
    if value(&values, "refresh") == "communes" {
        return render(&state, &page, kind, &values, &[]).await;
    }
    let version = value(&values, "version").parse().unwrap_or(0);
    let result = match read(&values, kind) {
        Ok(draft) => activities::change(&state, &page.user, ActivityId(id), version, &draft)
            .await
            .map_err(as_violations),
        Err(violations) => Err(Ok(violations)),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/activities/{id}")).into_response(),
        Err(Ok(violations)) => {
            let violations: Vec<Violation> = violations
                .into_iter()
                .map(|mut v| {
                    v.field = form_field(&v.field);
                    v
                })
                .collect();
            render(&state, &page, kind, &values, &violations).await
        }
        Err(Err(error)) => error_page(&page, error),
    }
}

/// The form's name for a field the rules or the store name: the place is
/// one field there and two here; the persons reached are a group there.
/// Case numbers as typed: separated by commas, semicolons or spaces, in
/// any case of letters.
fn case_numbers(typed: &str) -> Vec<String> {
    typed
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|n| n.trim().to_uppercase())
        .filter(|n| !n.is_empty())
        .collect()
}

fn form_field(field: &str) -> String {
    if let Some(name) = super::inspection_form::form_field(field) {
        return name;
    }
    if let Some(name) = super::follow_up_form::form_field(field) {
        return name;
    }
    if field.starts_with("case_numbers") {
        return "case_numbers".into();
    }
    match field {
        "unit_id" => "place_commune".into(),
        other => other.replace("reached.", "reached_"),
    }
}

fn number(values: &Values, v: &mut Violations, name: &str, required: bool) -> Option<u32> {
    match super::whole_number(value(values, name)) {
        Ok(None) => {
            if required {
                v.push(Violation::required(name));
            }
            None
        }
        Ok(Some(n)) => match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                v.push(Violation::new(
                    name,
                    "count",
                    "Hãy nhập một số nguyên không âm, không quá 10 triệu.",
                    "Enter a whole number from zero up to ten million.",
                ));
                None
            }
        },
        Err(()) => {
            v.push(super::not_whole(name));
            None
        }
    }
}

fn checked(values: &Values, name: &str) -> Vec<String> {
    values
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The draft the form describes, or every fault the form and the rules find.
fn read(values: &Values, kind: ActivityKind) -> Result<ActivityDraft, Vec<Violation>> {
    let mut v = Violations::default();
    let date = |v: &mut Violations, name: &str, required: bool| {
        let raw = value(values, name);
        if raw.is_empty() {
            if required {
                v.push(Violation::required(name));
            }
            return None;
        }
        let parsed = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
        if parsed.is_none() {
            v.push(Violation::new(
                name,
                "date",
                "Ngày không hợp lệ.",
                "Not a valid date.",
            ));
        }
        parsed
    };
    let held_on = date(&mut v, "held_on", true);
    let ends_on = date(&mut v, "ends_on", false);
    let province = value(values, "place_province");
    let commune = value(values, "place_commune");
    let unit_id = match (province.is_empty(), commune.is_empty()) {
        (true, _) => {
            v.push(Violation::required("place_province"));
            String::new()
        }
        (false, true) => province.to_owned(),
        (false, false) if commune.starts_with(&format!("{province}/")) => commune.to_owned(),
        (false, false) => {
            v.push(Violation::new(
                "place_commune",
                "in_province",
                "Hãy chọn xã, phường thuộc tỉnh, thành phố đã chọn.",
                "Choose a commune in the province chosen.",
            ));
            province.to_owned()
        }
    };
    let area_flags = AreaFlag::ALL
        .into_iter()
        .filter(|f| checked(values, "area_flags").iter().any(|c| c == f.code()))
        .collect();
    let details = match kind {
        ActivityKind::Communication => {
            let total = number(values, &mut v, "reached_total", true).unwrap_or(0);
            ActivityDetails::Communication(Communication {
                channel: value(values, "channel").to_owned(),
                languages: checked(values, "languages"),
                audiences: checked(values, "audiences"),
                reached: Reached {
                    total,
                    female: number(values, &mut v, "reached_female", false),
                    male: number(values, &mut v, "reached_male", false),
                },
                materials_produced: number(values, &mut v, "materials_produced", false)
                    .unwrap_or(0),
                materials_distributed: number(values, &mut v, "materials_distributed", false)
                    .unwrap_or(0),
            })
        }
        ActivityKind::Training => {
            let level = TrainingLevel::ALL
                .into_iter()
                .find(|l| l.code() == value(values, "level"));
            if level.is_none() {
                v.push(Violation::required("level"));
            }
            let mut groups = Vec::new();
            for row in 0..haven_domain::programme::MAX_ITEMS {
                let sector = value(values, &format!("trainee_sector_{row}"));
                let female = number(values, &mut v, &format!("trainee_female_{row}"), false);
                let male = number(values, &mut v, &format!("trainee_male_{row}"), false);
                let agency = value(values, &format!("trainee_agency_{row}"))
                    .parse()
                    .ok()
                    .map(AgencyId);
                if sector.is_empty() && female.is_none() && male.is_none() && agency.is_none() {
                    continue;
                }
                groups.push(TraineeGroup {
                    agency_id: agency,
                    sector: sector.to_owned(),
                    female: female.unwrap_or(0),
                    male: male.unwrap_or(0),
                });
            }
            ActivityDetails::Training(Training {
                level: level.unwrap_or(TrainingLevel::Province),
                topics: checked(values, "topics"),
                trainee_groups: groups,
                trainers: value(values, "trainers").to_owned(),
                certificates: number(values, &mut v, "certificates", false).unwrap_or(0),
            })
        }
        ActivityKind::Meeting => {
            let meeting_kind = MeetingKind::ALL
                .into_iter()
                .find(|k| k.code() == value(values, "meeting_kind"));
            if meeting_kind.is_none() {
                v.push(Violation::required("meeting_kind"));
            }
            ActivityDetails::Meeting(Meeting {
                meeting_kind: meeting_kind.unwrap_or(MeetingKind::InterAgency),
                chair: value(values, "chair").to_owned(),
                participating_agency_ids: checked(values, "participating_agency_ids")
                    .iter()
                    .filter_map(|id| id.parse().ok().map(AgencyId))
                    .collect(),
                decisions: value(values, "decisions").to_owned(),
                working_group_id: value(values, "working_group_id")
                    .parse()
                    .ok()
                    .map(haven_domain::ids::WorkingGroupId),
                follow_ups: super::follow_up_form::read(values, &mut v),
            })
        }
        ActivityKind::Inspection => {
            ActivityDetails::Inspection(super::inspection_form::read(values, &mut v))
        }
    };
    let draft = ActivityDraft {
        case_numbers: case_numbers(value(values, "case_numbers")),
        title: value(values, "title").to_owned(),
        held_on: held_on.unwrap_or(chrono::NaiveDate::MIN),
        ends_on,
        unit_id,
        area_flags,
        task_id: value(values, "task_id").parse().ok().map(TaskId),
        details,
    };
    let seen: Vec<String> = v.0.iter().map(|x| x.field.clone()).collect();
    if let Err(rules) = draft.check(crate::case_access::today()) {
        for mut x in rules.0 {
            x.field = form_field(&x.field);
            // A field the form could not read was named already; a date it
            // could not read is not also "in the future".
            let place_named =
                x.field == "place_commune" && seen.iter().any(|s| s.starts_with("place_"));
            if !seen.contains(&x.field) && !place_named {
                v.push(x);
            }
        }
    }
    match v.into_result() {
        Ok(()) => Ok(draft),
        Err(v) => Err(v.0),
    }
}

async fn render(
    state: &AppState,
    page: &Page,
    kind: ActivityKind,
    values: &[(String, String)],
    violations: &[Violation],
) -> Response {
    let lang = page.lang;
    let editing = Some(value(values, "activity_id").to_owned()).filter(|id| !id.is_empty());
    let action = editing.as_ref().map_or_else(
        || "/activities".to_owned(),
        |id| format!("/activities/{id}"),
    );
    let error = |name: &str| violations.iter().find(|v| v.field == name);
    let current = |name: &str| value(values, name).to_owned();
    let many = |name: &str| checked(&values.to_vec(), name);
    let provinces = state
        .store
        .admin_units_under("2025", None)
        .await
        .or_shown("admin_units_under");
    let province = current("place_province");
    let communes = if province.is_empty() {
        vec![]
    } else {
        state
            .store
            .admin_units_under("2025", Some(&province))
            .await
            .or_shown("admin_units_under")
    };
    let tasks = state
        .store
        .programme()
        .tasks_involving(AgencyId(page.user.agency_id))
        .await
        .or_shown("tasks_involving")
        .into_iter()
        .filter(|t| t.task.status != haven_domain::programme::TaskStatus::Dropped)
        .collect::<Vec<_>>();
    let mut agencies: Vec<(i64, String)> = state
        .store
        .agencies()
        .await
        .or_shown("agencies")
        .into_iter()
        .filter(|a| a.active)
        .map(|a| (a.id, a.name))
        .collect();
    agencies.sort_by_key(|(_, name)| super::super::labels::alphabet_key(name));
    let field_error = |name: &str| -> Markup {
        html! { @if let Some(v) = error(name) { p.field-error id={ (name) "-error" } { (violation_text_in(lang, v, Some("programme"))) } } }
    };
    let described = |name: &str| error(name).map(|_| format!("{name}-error"));
    let required = || html! { " " abbr title=(lang.t("form-required")) { "*" } };
    let input = |name: &str, label: &str, kind: &str, is_required: bool| -> Markup {
        html! {
            label for=(name) { (lang.t(label)) @if is_required { (required()) } }
            input id=(name) name=(name) type=(if kind == "number" { "text" } else { kind }) value=(current(name)) required[is_required]
                aria-describedby=[described(name)] aria-invalid=[described(name).map(|_| "true")]
                inputmode=[(kind == "number").then_some("numeric")]
                maxlength=[match kind { "text" => Some("500"), "number" => Some("20"), _ => None }];
            (field_error(name))
        }
    };
    let checks = |name: &str, legend: &str, options: &[(String, String)]| -> Markup {
        let chosen = many(name);
        html! {
            fieldset.checks id={ (name) "-set" } {
                legend { (lang.t(legend)) }
                (field_error(name))
                @for (code, label) in options {
                    div.check {
                        input type="checkbox" id={ (name) "-" (code) } name=(name) value=(code) checked[chosen.contains(code)];
                        label for={ (name) "-" (code) } { (label) }
                    }
                }
            }
        }
    };
    let checks_required = |name: &str, legend: &str, options: &[(String, String)]| -> Markup {
        let chosen = many(name);
        html! {
            fieldset.checks id={ (name) "-set" } {
                legend { (lang.t(legend)) (required()) }
                (field_error(name))
                @for (code, label) in options {
                    div.check {
                        input type="checkbox" id={ (name) "-" (code) } name=(name) value=(code) checked[chosen.contains(code)];
                        label for={ (name) "-" (code) } { (label) }
                    }
                }
            }
        }
    };
    let list = |items: Vec<haven_store::reference::CodeListItem>| -> Vec<(String, String)> {
        items
            .into_iter()
            .map(|i| {
                (
                    i.code,
                    match lang {
                        Lang::Vi => i.label_vi,
                        Lang::En => i.label_en,
                    },
                )
            })
            .collect()
    };
    let code_list = |name: &'static str| async move {
        list(state.store.code_list(name).await.or_shown("code_list"))
    };
    let kind_fields = match kind {
        ActivityKind::Communication => {
            let channels = code_list("communication_kind").await;
            let languages = code_list("communication_language").await;
            let audiences = code_list("audience_group").await;
            let channel = current("channel");
            html! {
                label for="channel" { (lang.t("activity-channel")) (required()) }
                select #channel name="channel" required aria-describedby=[described("channel")] {
                    option value="" { (lang.t("form-choose")) }
                    @for (code, label) in &channels { option value=(code) selected[channel == *code] { (label) } }
                }
                (field_error("channel"))
                (checks("languages", "activity-languages", &languages))
                (checks("audiences", "activity-audiences", &audiences))
                (input("reached_total", "activity-reached-total", "number", true))
                (input("reached_female", "activity-reached-female", "number", false))
                (input("reached_male", "activity-reached-male", "number", false))
                (input("materials_produced", "activity-materials-produced", "number", false))
                (input("materials_distributed", "activity-materials-distributed", "number", false))
            }
        }
        ActivityKind::Training => {
            let topics = code_list("training_topic").await;
            let sectors = list(
                state
                    .store
                    .code_list("agency_sector")
                    .await
                    .or_shown("code_list"),
            );
            let level = current("level");
            html! {
                label for="level" { (lang.t("activity-level")) (required()) }
                select #level name="level" required aria-describedby=[described("level")] {
                    option value="" { (lang.t("form-choose")) }
                    @for l in TrainingLevel::ALL { option value=(l.code()) selected[level == l.code()] { (super::training_level(lang, l)) } }
                }
                (field_error("level"))
                (checks_required("topics", "activity-topics", &topics))
                fieldset #trainees {
                    legend { (lang.t("activity-trainee-groups")) (required()) }
                    p.hint { (lang.t("activity-trainee-hint")) }
                    (field_error("trainee_groups"))
                    @for row in 0..trainee_rows(values) {
                        div.trainee-row {
                            @let sector = current(&format!("trainee_sector_{row}"));
                            @let agency = current(&format!("trainee_agency_{row}"));
                            label for={ "trainee_sector_" (row) } { (lang.t("activity-trainee-sector")) " " (row + 1) }
                            select id={ "trainee_sector_" (row) } name={ "trainee_sector_" (row) } {
                                option value="" { (lang.t("form-choose")) }
                                @for (code, label) in &sectors { option value=(code) selected[sector == *code] { (label) } }
                            }
                            (field_error(&format!("trainee_sector_{row}")))
                            label for={ "trainee_agency_" (row) } { (lang.t("activity-trainee-agency")) " " (row + 1) }
                            select id={ "trainee_agency_" (row) } name={ "trainee_agency_" (row) } {
                                option value="" { (lang.t("activity-trainee-agency-none")) }
                                @for (id, name) in &agencies { option value=(id) selected[agency == id.to_string()] { (name) } }
                            }
                            (input(&format!("trainee_female_{row}"), "activity-trainee-female", "number", false))
                            (input(&format!("trainee_male_{row}"), "activity-trainee-male", "number", false))
                        }
                    }
                }
                label for="trainers" { (lang.t("activity-trainers")) }
                textarea #trainers name="trainers" rows="2" maxlength="10000" { (current("trainers")) }
                (input("certificates", "activity-certificates", "number", false))
            }
        }
        ActivityKind::Meeting => {
            let meeting_kind = current("meeting_kind");
            let options: Vec<(String, String)> = agencies
                .iter()
                .map(|(id, name)| (id.to_string(), name.clone()))
                .collect();
            html! {
                label for="meeting_kind" { (lang.t("activity-meeting-kind")) (required()) }
                select #meeting_kind name="meeting_kind" required aria-describedby=[described("meeting_kind")] {
                    option value="" { (lang.t("form-choose")) }
                    @for k in MeetingKind::ALL { option value=(k.code()) selected[meeting_kind == k.code()] { (super::meeting_kind(lang, k)) } }
                }
                (field_error("meeting_kind"))
                (input("chair", "activity-chair", "text", true))
                (checks("participating_agency_ids", "activity-participants", &options))
                label for="decisions" { (lang.t("activity-decisions")) }
                textarea #decisions name="decisions" rows="4" maxlength="10000" { (current("decisions")) }
                (super::follow_up_form::fields(state, lang, values, violations, &agencies).await)
            }
        }
        ActivityKind::Inspection => {
            super::inspection_form::fields(state, lang, values, violations, &agencies).await
        }
    };
    let task = current("task_id");
    let flags: Vec<(String, String)> = AreaFlag::ALL
        .into_iter()
        .map(|f| (f.code().to_owned(), super::area_flag(lang, f)))
        .collect();
    let commune = current("place_commune");
    let body = html! {
        @if !violations.is_empty() {
            div.error role="alert" #form-errors tabindex="-1" autofocus {
                p { (lang.t("form-has-errors")) }
                ul { @for v in violations { li { (violation_text_in(lang, v, Some("programme"))) } } }
            }
        }
        p.hint { (lang.t_with("activity-recorded-by", &[("agency", page.user.agency_name.clone().into())])) }
        form.card #activity-form method="post" action=(action) {
            input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
            input type="hidden" name="kind" value=(kind.code());
            @if let Some(id) = &editing {
                input type="hidden" name="activity_id" value=(id);
                input type="hidden" name="version" value=(current("version"));
            }
            // Enter in a field saves: the first submit button is the form's
            // default, and the province's "show communes" comes later.
            button.visually-hidden type="submit" tabindex="-1" { (lang.t("activity-save")) }
            (input("title", "activity-title", "text", true))
            (input("held_on", "activity-held-on", "date", true))
            (input("ends_on", "activity-ends-on", "date", false))
            label for="place_province" { (lang.t("activity-province")) (required()) }
            select #place_province name="place_province" required aria-describedby=[described("place_province")] {
                option value="" { (lang.t("form-choose")) }
                @for p in &provinces { option value=(p.id) selected[province == p.id] { (p.name) } }
            }
            (field_error("place_province"))
            button.link type="submit" name="refresh" value="communes" formnovalidate { (lang.t("activity-refresh-communes")) }
            @if !communes.is_empty() {
                label for="place_commune" { (lang.t("activity-commune")) }
                select #place_commune name="place_commune" aria-describedby=[described("place_commune")] {
                    option value="" { (lang.t("activity-whole-province")) }
                    @for c in &communes { option value=(c.id) selected[commune == c.id] { (c.name) } }
                }
            }
            (field_error("place_commune"))
            (checks("area_flags", "activity-area-flags", &flags))
            label for="task_id" { (lang.t("activity-task")) }
            select #task_id name="task_id" aria-describedby=[described("task_id")] {
                option value="" { (lang.t("activity-no-task")) }
                @for t in &tasks { option value=(t.id) selected[task == t.id.to_string()] { (t.task.title) " (" (lang.date(t.task.ends_on)) ")" } }
            }
            (field_error("task_id"))
            label for="case_numbers" { (lang.t("activity-case-numbers")) }
            p.hint #case_numbers-hint { (lang.t("activity-case-numbers-hint")) }
            input #case_numbers name="case_numbers" type="text" value=(current("case_numbers")) maxlength="500"
                aria-describedby={ "case_numbers-hint" @if let Some(id) = described("case_numbers") { " " (id) } }
                aria-invalid=[described("case_numbers").map(|_| "true")];
            (field_error("case_numbers"))
            (kind_fields)
            button #activity-save type="submit" { (lang.t("activity-save")) }
        }
    };
    let title = lang.t_with(
        if editing.is_some() {
            "activity-edit"
        } else {
            "activity-new"
        },
        &[("action", super::activity_kind(lang, kind).into())],
    );
    let status = if violations.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, layout::page(page, &title, body)).into_response()
}
