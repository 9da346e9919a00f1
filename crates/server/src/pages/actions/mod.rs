//! The case page's forms: the steps the rules and the policy allow now,
//! and answers to referrals waiting for the user's agency. A form that
//! fails comes back with what was typed and the error next to its field;
//! a form based on an older version of the case is explained and kept, to
//! be checked and sent again on the current version.

pub mod confirm;
pub mod spec;

use super::context::Page;
use crate::case_access::{actor, case_for, does_case_work, today};
use crate::extract::Path;
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::cases::{action_open, rules_accept, CaseView};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_access::Action;
use haven_domain::case::aggregate::ReferralStatus;
use haven_domain::case::deadlines::{DueItem, DueKind};
use haven_domain::Violation;
use haven_store::StoreError;
use maud::{html, Markup};
use spec::{
    key, ActionSpec, Kind, ATTACHMENT_ACTIONS, CASE_ACTIONS, REFERRAL_ACTIONS, VERIFICATION_ANSWER,
};
use std::collections::HashMap;

/// A form sent back to the user: what was typed, and what went wrong.
pub struct Submitted {
    pub action: String,
    pub values: Vec<(String, String)>,
    pub violations: Vec<Violation>,
    /// Why the form came back as a whole (e.g. the case changed meanwhile).
    pub notice: Option<String>,
    /// The step just recorded, when this confirms one (`action` is then empty).
    pub done: Option<String>,
}

impl Submitted {
    /// The agencies the form had chosen, to offer them again.
    pub fn agencies_chosen(&self) -> Vec<i64> {
        let Some(spec) = spec::spec_of(&self.action) else {
            return Vec::new();
        };
        spec.fields
            .iter()
            .filter(|f| f.kind == Kind::Agency)
            .filter_map(|f| self.value(f.name))
            .filter_map(|v| v.trim().parse().ok())
            .collect()
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn is_for(&self, spec: &ActionSpec, item: Option<u32>) -> bool {
        let same_item = match (spec::item_field(spec), item) {
            (Some(field), Some(no)) => self.value(field) == Some(no.to_string().as_str()),
            _ => true,
        };
        self.action == spec.action && same_item
    }
}

pub async fn record(
    State(state): State<AppState>,
    page: Page,
    Path((number, action)): Path<(String, String)>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let Some(spec) = spec::spec_of(&action) else {
        return super::error_page(&page, crate::error::ApiError::not_found()).into_response();
    };
    let back = |violations: Vec<Violation>, notice: Option<String>| Submitted {
        action: action.clone(),
        values: values.clone(),
        violations,
        notice,
        done: None,
    };
    let command = match spec::to_command(spec, &values) {
        Ok(command) => command,
        Err(violations) => {
            let submitted = back(violations, None);
            return super::case_page::show(
                &state,
                &page,
                &number,
                Some(submitted),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let access = match case_for(&state, &page.user, &number, Action::Record(&command)).await {
        Ok(access) => access,
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    match confirm::answer_of(&values) {
        confirm::Answer::GoBack => {
            let submitted = back(vec![], None);
            return super::case_page::show(&state, &page, &number, Some(submitted), StatusCode::OK)
                .await;
        }
        confirm::Answer::NotAsked => {
            // A step the rules would refuse goes straight on, to be refused
            // with its reason; only one that would be recorded is confirmed.
            let accepted = rules_accept(
                &state,
                &page.user,
                &access.case.state,
                access.case.lead_agency_id,
                &command,
            );
            if let Some(consequence) = command.consequence().filter(|_| accepted) {
                let agencies = super::labels::agency_names(&state).await;
                return confirm::page(
                    &state,
                    &page,
                    &number,
                    &access.case.state,
                    &action,
                    &consequence,
                    &values,
                    &agencies,
                )
                .await
                .into_response();
            }
        }
        confirm::Answer::Confirmed => {}
    }
    let version = values
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .unwrap_or(0);
    let result = match crate::case_access::check_step_policy(&state, &page.user, &command).await {
        Ok(()) => state
            .store
            .execute(actor(&page.user), &number, version, &command, None, today())
            .await
            .map(|_| ()),
        Err(refused) => Err(refused),
    };
    answer(&state, &page, &number, &action, values, result).await
}

/// What the user sees once a form was sent: the case with a confirmation,
/// or the form back with what was typed and what went wrong.
pub async fn answer(
    state: &AppState,
    page: &Page,
    number: &str,
    action: &str,
    values: Vec<(String, String)>,
    result: Result<(), StoreError>,
) -> Response {
    let back = |violations: Vec<Violation>, notice: Option<String>, status: StatusCode| {
        let submitted = Submitted {
            action: action.to_owned(),
            values: values.clone(),
            violations,
            notice,
            done: None,
        };
        super::case_page::show(state, page, number, Some(submitted), status)
    };
    match result {
        Ok(()) => Redirect::to(&format!("/cases/{number}?done={action}")).into_response(),
        Err(StoreError::StaleVersion { .. }) => {
            let notice = page.lang.t("form-stale");
            back(vec![], Some(notice), StatusCode::CONFLICT).await
        }
        Err(StoreError::Rejected(rejection)) => {
            let violation = Violation::new(
                rejection.field.unwrap_or("command"),
                rejection.code,
                rejection.message_vi,
                rejection.message_en,
            );
            back(vec![violation], None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(StoreError::Invalid(violations)) => {
            back(violations.0, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => super::error_page(page, other.into()).into_response(),
    }
}

/// What the forms' lists offer: facilities, code lists and countries in
/// the user's language, and the workers of the user's agency.
pub struct Choices {
    /// The agencies the forms offer (see `agency_choices`), by name.
    agencies: Vec<(i64, String)>,
    facilities: Vec<(i64, String)>,
    admission_facilities: Vec<(i64, String)>,
    code_lists: HashMap<&'static str, Vec<(String, String)>>,
    countries: Vec<(String, String)>,
    workers: Vec<(i64, String)>,
}

impl Choices {
    /// The choices for a case led by `lead_agency_id`, as `user_agency_id`'s user sees them.
    pub async fn load(
        state: &AppState,
        lang: Lang,
        user_agency_id: i64,
        lead_agency_id: i64,
        case: &haven_domain::case::Case,
    ) -> Choices {
        let all_facilities: Vec<_> = state
            .store
            .facilities()
            .await
            .or_shown("facilities")
            .into_iter()
            .filter(|f| f.active)
            .collect();
        let admission_facilities = all_facilities
            .iter()
            .filter(|f| may_admit_to(user_agency_id, case, f))
            .map(|f| (f.id, f.name.clone()))
            .collect();
        let facilities = all_facilities.into_iter().map(|f| (f.id, f.name)).collect();
        let mut code_lists = HashMap::new();
        for spec in spec::all_specs() {
            for f in spec.fields {
                if let Kind::CodeList(list) | Kind::CodeLists(list) = f.kind {
                    let items = state.store.code_list(list).await.or_shown("code_list");
                    let labelled = items
                        .into_iter()
                        .filter(|i| i.active)
                        .map(|i| {
                            let label = match lang {
                                Lang::Vi => i.label_vi,
                                Lang::En => i.label_en,
                            };
                            (i.code, label)
                        })
                        .collect();
                    code_lists.insert(list, labelled);
                }
            }
        }
        let countries = super::labels::country_choices(state, lang).await;
        let mut workers: Vec<(i64, String)> = state
            .store
            .users()
            .await
            .or_shown("users")
            .into_iter()
            .filter(|u| u.agency_id == lead_agency_id && does_case_work(state, u))
            .map(|u| (u.id, u.display_name))
            .collect();
        workers.sort_by(|a, b| a.1.cmp(&b.1));
        Choices {
            agencies: Vec::new(),
            facilities,
            admission_facilities,
            code_lists,
            countries,
            workers,
        }
    }
}

impl Choices {
    pub fn with_agencies(self, agencies: Vec<(i64, String)>) -> Choices {
        Choices { agencies, ..self }
    }
}

/// Whether the user's agency admits people to the facility on this case:
/// it runs the facility, or the facility took the person on through a
/// referral the agency accepted.
fn may_admit_to(
    user_agency_id: i64,
    case: &haven_domain::case::Case,
    facility: &haven_store::organisation::Facility,
) -> bool {
    facility.operator_agency_id == user_agency_id
        || case.referrals.iter().any(|r| {
            r.status == ReferralStatus::Accepted
                && r.to_agency_id == user_agency_id
                && r.to_facility_id == Some(facility.id)
        })
}

/// The forms of the actions open to the user on this case.
pub fn forms(
    state: &AppState,
    page: &Page,
    view: &CaseView,
    agencies: &HashMap<i64, String>,
    choices: &Choices,
    submitted: Option<&Submitted>,
) -> Markup {
    let lang = page.lang;
    let today = today();
    // Worker choices are sampled with a worker the form would offer: one
    // not yet assigned, or one assigned, as the step needs.
    let assigned = &view.case.state.assigned_user_ids;
    let unassigned = choices
        .workers
        .iter()
        .map(|(id, _)| *id)
        .find(|id| !assigned.contains(id));
    let open: Vec<&ActionSpec> = CASE_ACTIONS
        .iter()
        .filter(|s| {
            let worker = match s
                .fields
                .iter()
                .map(|f| f.kind)
                .find(|k| matches!(k, Kind::Worker | Kind::AssignedWorker))
            {
                Some(Kind::Worker) => unassigned,
                Some(_) => assigned.first().copied(),
                None => Some(0),
            };
            let Some(worker) = worker else { return false };
            spec::sample(
                s,
                today,
                page.user.agency_id,
                &[("user_id", worker.to_string())],
            )
            .is_some_and(|c| action_open(state, &page.user, view, &c))
        })
        .collect();
    let answers: Vec<(u32, String, &ActionSpec)> =
        item_actions(lang, view, agencies, page.user.agency_id)
            .into_iter()
            .filter(|(no, _, s)| {
                let field = spec::item_field(s).unwrap_or_default();
                spec::sample(s, today, page.user.agency_id, &[(field, no.to_string())])
                    .is_some_and(|c| action_open(state, &page.user, view, &c))
            })
            .collect();
    if open.is_empty() && answers.is_empty() {
        return html! {};
    }
    // What the deadlines make due comes first, with its date; an agency a
    // case was referred to sees its answer and nothing else until it accepts.
    let awaiting_answer = awaits_answer(view);
    let due: Vec<(&ActionSpec, &DueItem)> = open
        .iter()
        .filter_map(|spec| {
            view.deadlines
                .iter()
                .filter(|item| !item.done && due_action(&item.kind) == Some(spec.action))
                .min_by_key(|item| item.due_on)
                .map(|item| (*spec, item))
        })
        .collect();
    let others: Vec<&ActionSpec> = open
        .iter()
        .filter(|spec| !due.iter().any(|(d, _)| d.action == spec.action))
        .copied()
        .collect();
    let answer_due = |no: u32, spec: &ActionSpec| {
        view.deadlines.iter().find(|item| {
            !item.done
                && REFERRAL_ACTIONS.iter().any(|r| r.action == spec.action)
                && matches!(item.kind, DueKind::AnswerReferral { referral_no, .. } if referral_no == no)
        })
    };
    let drawn = |s: &Submitted| {
        answers
            .iter()
            .any(|(no, _, spec)| s.is_for(spec, Some(*no)))
            || open.iter().any(|spec| s.is_for(spec, None))
    };
    let with_date = |legend: &str, item: Option<&DueItem>| match item {
        Some(item) => lang.t_with(
            if item.overdue {
                "next-step-overdue"
            } else {
                "next-step-due"
            },
            &[
                ("step", legend.to_owned().into()),
                ("date", lang.date(item.due_on).into()),
            ],
        ),
        None => legend.to_owned(),
    };
    html! {
        section.card #actions {
            h2 { (lang.t("case-next-steps")) }
            @if let Some(notice) = submitted.and_then(|s| s.notice.as_ref()) {
                p.error role="alert" #form-notice { (notice) }
            }
            // A step refused after its form was last drawn (a colleague moved
            // the case on) has no form left to show its reason: say it here.
            @if let Some(orphan) = submitted.filter(|s| !s.action.is_empty() && !drawn(s)) {
                @for message in &orphan.violations {
                    p.error role="alert" #step-refused { (lang.t(&format!("command-{}", key(&orphan.action)))) ": " (violation(lang, message)) }
                }
            }
            div #next-steps {
                @if answers.is_empty() && due.is_empty() {
                    p { (lang.t("case-next-steps-none")) }
                }
                @for (no, legend, spec) in &answers {
                    (form(page, view, agencies, choices, spec, &with_date(legend, answer_due(*no, spec)), Some(*no), submitted.filter(|s| s.is_for(spec, Some(*no)))))
                }
                @for (spec, item) in &due {
                    @let legend = lang.t(&format!("action-{}", key(spec.action)));
                    (form(page, view, agencies, choices, spec, &with_date(&legend, Some(item)), None, submitted.filter(|s| s.is_for(spec, None))))
                }
            }
            @if !awaiting_answer && !others.is_empty() {
                h3 { (lang.t("case-other-steps")) }
                div #other-steps {
                    @for spec in &others {
                        @let legend = lang.t(&format!("action-{}", key(spec.action)));
                        (form(page, view, agencies, choices, spec, &legend, None, submitted.filter(|s| s.is_for(spec, None))))
                    }
                }
            }
        }
    }
}

/// Whether the user's agency stands to the case only through a referral it
/// has not answered yet: it sees the answer to give, not the journey.
pub fn awaits_answer(view: &CaseView) -> bool {
    view.scope == haven_access::Scope::Offered
}

/// The step that meets a deadline, when one step does. Exhaustive: a new
/// deadline does not compile until it says which step meets it.
fn due_action(kind: &DueKind) -> Option<&'static str> {
    match kind {
        DueKind::ForwardSelfReport => Some("send_referral"),
        DueKind::VerifyInitialInformation => Some("start_verification"),
        DueKind::ShelterMealsLimit { .. } => Some("discharge_from_facility"),
        DueKind::HardshipAllowanceApplication => Some("apply_for_hardship_allowance"),
        DueKind::ForwardHardshipApplication => Some("forward_hardship_application"),
        DueKind::FollowUp { .. } => Some("record_follow_up"),
        // Answered by the referral's own form, dated on it.
        DueKind::AnswerReferral { .. } => None,
    }
}

/// Actions about one item of the case, with the item's number and the
/// form's title: answers to referrals waiting for the user's agency and to
/// open verification requests, withdrawal of attached files.
fn item_actions(
    lang: Lang,
    view: &CaseView,
    agencies: &HashMap<i64, String>,
    agency_id: i64,
) -> Vec<(u32, String, &'static ActionSpec)> {
    let state = &view.case.state;
    let agency = |id: Option<i64>| {
        id.and_then(|id| agencies.get(&id).cloned())
            .unwrap_or_default()
    };
    let mut items = Vec::new();
    for (i, referral) in state.referrals.iter().enumerate() {
        if referral.to_agency_id == agency_id && referral.status == ReferralStatus::Pending {
            for spec in REFERRAL_ACTIONS {
                let legend = lang.t_with(
                    &format!("action-{}", key(spec.action)),
                    &[("agency", agency(Some(referral.from_agency_id)).into())],
                );
                items.push((i as u32 + 1, legend, spec));
            }
        }
    }
    for (i, request) in state.verification_requests.iter().enumerate() {
        if request.answered_on.is_none() {
            for spec in VERIFICATION_ANSWER {
                let legend = lang.t_with(
                    &format!("action-{}", key(spec.action)),
                    &[
                        ("no", (i + 1).into()),
                        ("date", lang.date(request.sent_on).into()),
                    ],
                );
                items.push((i as u32 + 1, legend, spec));
            }
        }
    }
    for attachment in &state.attachments {
        if !attachment.withdrawn {
            for spec in ATTACHMENT_ACTIONS {
                let legend = lang.t_with(
                    &format!("action-{}", key(spec.action)),
                    &[
                        ("no", attachment.attachment_no.into()),
                        ("date", lang.date(attachment.attached_on).into()),
                    ],
                );
                items.push((attachment.attachment_no, legend, spec));
            }
        }
    }
    items
}

#[allow(clippy::too_many_arguments)]
fn form(
    page: &Page,
    view: &CaseView,
    agencies: &HashMap<i64, String>,
    choices: &Choices,
    spec: &ActionSpec,
    legend: &str,
    item: Option<u32>,
    submitted: Option<&Submitted>,
) -> Markup {
    let lang = page.lang;
    let id = match item {
        Some(no) => format!("{}-{no}", spec.action),
        None => spec.action.to_owned(),
    };
    let today = today().format("%Y-%m-%d").to_string();
    html! {
        details #(format!("action-{id}")) open[submitted.is_some()] {
            summary { (legend) }
            form method="post" action={ "/cases/" (view.case.case_number) "/actions/" (spec.action) } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="version" value=(view.case.version);
                // A form sent back takes the focus, so the user lands on it, not at the page's top.
                @if submitted.is_some_and(|s| !s.violations.is_empty()) {
                    p.error role="alert" tabindex="-1" autofocus { (lang.t("form-has-errors")) }
                }
                // Errors of no field of this form (the whole step, or its date) go on top.
                @for message in submitted.map(|s| s.violations.iter().filter(|v| !spec.fields.iter().any(|f| f.name == v.field)).collect::<Vec<_>>()).unwrap_or_default() {
                    p.field-error role="alert" { (violation(lang, message)) }
                }
                @for f in spec.fields.iter().filter(|f| applies(page, view, f)) {
                    @let input_id = format!("{id}-{}", f.name.replace('.', "-"));
                    @let typed = submitted.and_then(|s| s.value(f.name));
                    @let error = submitted.and_then(|s| s.violations.iter().find(|v| v.field == f.name));
                    @let error_id = format!("{input_id}-error");
                    @match f.kind {
                        Kind::Hidden => {
                            input type="hidden" name=(f.name) value=(item.map(|n| n.to_string()).unwrap_or_default());
                        }
                        Kind::Flag => {
                            div.check {
                                input id=(input_id) type="checkbox" name=(f.name) checked[typed.is_some_and(|t| t == "on")];
                                label for=(input_id) { (lang.t(&format!("input-{}", key(f.name)))) }
                            }
                        }
                        Kind::CodeLists(list) => {
                            fieldset.checks {
                                legend {
                                    (lang.t(&format!("input-{}", key(f.name))))
                                    @if f.required { " " abbr title=(lang.t("form-required")) { "*" } }
                                }
                                @if let Some(v) = error { p.field-error id=(error_id) { (violation(lang, v)) } }
                                @for (code, label) in choices.code_lists.get(list).map(Vec::as_slice).unwrap_or_default() {
                                    @let box_id = format!("{input_id}-{code}");
                                    @let ticked = submitted.is_some_and(|s| s.values.iter().any(|(k, v)| k == f.name && v == code));
                                    div.check {
                                        input id=(box_id) type="checkbox" name=(f.name) value=(code) checked[ticked];
                                        label for=(box_id) { (label) }
                                    }
                                }
                            }
                        }
                        Kind::IdentityFields => {
                            @if spec.action == "send_referral" {
                                (super::case_referrals::consent_hint(lang, &view.rules_state, agencies))
                            }
                            fieldset.checks {
                                legend { (lang.t(&format!("input-{}", key(f.name)))) }
                                @for identity_field in haven_access::IDENTITY_FIELDS {
                                    @let box_id = format!("{input_id}-{identity_field}");
                                    @let ticked = submitted.is_some_and(|s| s.values.iter().any(|(k, v)| k == f.name && v == identity_field));
                                    div.check {
                                        input id=(box_id) type="checkbox" name=(f.name) value=(identity_field) checked[ticked];
                                        label for=(box_id) { (lang.t(&format!("person-{}", identity_field.replace('_', "-")))) }
                                    }
                                }
                            }
                        }
                        _ => {
                            label for=(input_id) {
                                (lang.t(&format!("input-{}", key(f.name))))
                                @if f.required { " " abbr title=(lang.t("form-required")) { "*" } }
                            }
                            @match f.kind {
                                Kind::LongText => {
                                    textarea id=(input_id) name=(f.name) rows="3" required[f.required]
                                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] { (typed.unwrap_or("")) }
                                }
                                Kind::Date => {
                                    input id=(input_id) type="date" name=(f.name) value=(typed.unwrap_or(if f.required { today.as_str() } else { "" })) required[f.required]
                                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())];
                                }
                                Kind::Agency => {
                                    @let chosen = typed.map(str::to_owned).unwrap_or_default();
                                    select id=(input_id) name=(f.name) required[f.required] aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())]
                                        data-agency-search=(lang.t("picker-type-ahead")) data-agency-none=(lang.t("picker-none"))
                                        data-agency-exclude=[(f.name == "to_agency_id").then_some(page.user.agency_id)] {
                                        (first_option(lang, f.required, typed.is_none()))
                                        // One does not send to one's own agency.
                                        @for (agency_id, name) in choices.agencies.iter().filter(|(id, _)| f.name != "to_agency_id" || *id != page.user.agency_id) {
                                            option value=(agency_id) selected[chosen == agency_id.to_string()] { (name) }
                                        }
                                    }
                                    a.picker href={ "/agencies/pick?back=" (view.case.case_number) "&action=" (spec.action) } { (lang.t("picker-link")) }
                                }
                                Kind::Facility | Kind::AdmissionFacility => {
                                    select id=(input_id) name=(f.name) required[f.required] aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] {
                                        (first_option(lang, f.required, typed.is_none()))
                                        @for (facility_id, name) in if f.kind == Kind::Facility { &choices.facilities } else { &choices.admission_facilities } {
                                            option value=(facility_id) selected[typed == Some(facility_id.to_string().as_str())] { (name) }
                                        }
                                    }
                                }
                                Kind::CodeList(list) => {
                                    select id=(input_id) name=(f.name) required[f.required] aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] {
                                        (first_option(lang, f.required, typed.is_none()))
                                        @for (code, label) in choices.code_lists.get(list).map(Vec::as_slice).unwrap_or_default() {
                                            option value=(code) selected[typed == Some(code.as_str())] { (label) }
                                        }
                                    }
                                }
                                Kind::Country | Kind::Worker | Kind::AssignedWorker => {
                                    @let options: Vec<(String, &str)> = match f.kind {
                                        Kind::Country => choices.countries.iter().map(|(c, n)| (c.clone(), n.as_str())).collect(),
                                        Kind::Worker => choices.workers.iter().map(|(id, n)| (id.to_string(), n.as_str())).collect(),
                                        Kind::Text | Kind::LongText | Kind::Date | Kind::Agency | Kind::Choice(_) | Kind::Hidden | Kind::Facility | Kind::AdmissionFacility | Kind::CodeList(_) | Kind::Amount | Kind::Flag | Kind::IdentityFields | Kind::CodeLists(_) | Kind::Number | Kind::AssignedWorker | Kind::YesNo => choices.workers.iter().filter(|(id, _)| view.case.state.assigned_user_ids.contains(id)).map(|(id, n)| (id.to_string(), n.as_str())).collect(),
                                    };
                                    select id=(input_id) name=(f.name) required[f.required] aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] {
                                        (first_option(lang, f.required, typed.is_none()))
                                        @for (value, label) in &options {
                                            option value=(value) selected[typed == Some(value.as_str())] { (label) }
                                        }
                                    }
                                }
                                Kind::Number => {
                                    input id=(input_id) type="text" inputmode="numeric" name=(f.name) value=(typed.unwrap_or("")) required[f.required]
                                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())];
                                }
                                Kind::Amount => {
                                    input id=(input_id) type="text" inputmode="numeric" name=(f.name) value=(typed.unwrap_or("")) required[f.required]
                                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())];
                                }
                                Kind::Choice(_) | Kind::YesNo => {
                                    select id=(input_id) name=(f.name) required[f.required] aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] {
                                        (first_option(lang, f.required, typed.is_none()))
                                        @for code in f.kind.options().unwrap_or_default() {
                                            option value=(code) selected[typed == Some(*code)] { (lang.t(&format!("option-{}-{}", key(f.name), key(code)))) }
                                        }
                                    }
                                }
                                _ => {
                                    input id=(input_id) type="text" name=(f.name) value=(typed.unwrap_or("")) required[f.required]
                                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())];
                                }
                            }
                            @if let Some(v) = error { p.field-error id=(error_id) { (violation(lang, v)) } }
                        }
                    }
                }
                button type="submit" { (lang.t(&format!("submit-{}", key(spec.action)))) }
            }
        }
    }
}

/// Whether a field applies to this case and user: a best-interest reason
/// only for a child, and only for whoever the policy lets give one.
fn applies(page: &Page, view: &CaseView, f: &spec::Field) -> bool {
    match f.name {
        "best_interest_reason" => {
            view.rules_state.child
                && page.user.agency_id == view.case.lead_agency_id
                && page.can(haven_access::Permission::ShareInBestInterest)
        }
        _ => true,
    }
}

/// The first option of every choice: nothing is chosen until the user
/// chooses (a required one says so, and the browser and the server both
/// refuse it empty); an optional one can be left empty.
fn first_option(lang: Lang, required: bool, nothing_typed: bool) -> Markup {
    html! {
        option value="" selected[nothing_typed] {
            (lang.t(if required { "form-choose" } else { "form-none" }))
        }
    }
}

fn violation(lang: Lang, v: &Violation) -> String {
    super::violation_text(lang, v)
}
