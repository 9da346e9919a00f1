//! One contact, as its reader may see it, with what the reader may do
//! next: the hotline corrects it, dispatches it, opens a case from it or
//! attaches it to a case, marks the call back made; an agency it was
//! dispatched to answers, or opens a case from it.

use super::contacts::standing_label;
use super::{code_label, moment};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::pages::admin::forms::value;
use crate::pages::context::Page;
use crate::pages::extract::{Path, Query};
use crate::pages::layout;
use crate::views::hotline::ContactChangeView;
use crate::views::hotline::{
    self, ContactRow, ContactView, DispatchView, DispatchedContact, KeptContact,
};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_access::Permission;
use haven_domain::case::person::Sex;
use haven_domain::hotline::{AnswerDraft, DispatchDraft, PersonConcerned};
use haven_domain::ids::{AgencyId, DispatchId};
use maud::{html, Markup};
use serde::Deserialize;

type Values = Vec<(String, String)>;

/// One of the page's small forms sent back: which, what was typed, what is wrong.
struct SentBack {
    form: &'static str,
    values: Values,
    violations: Vec<haven_domain::Violation>,
}

/// What was typed in `name` of `form`, if that form is the one sent back.
fn typed<'a>(sent: Option<&'a SentBack>, form: &str, name: &str) -> &'a str {
    sent.filter(|s| s.form == form)
        .map_or("", |s| value(&s.values, name))
}

/// What is wrong with `form`, in words, read out with it.
fn errors(lang: Lang, sent: Option<&SentBack>, form: &str) -> Markup {
    html! {
        @if let Some(sent) = sent.filter(|s| s.form == form) {
            div.error role="alert" id={ (form) "-errors" } tabindex="-1" autofocus {
                ul { @for v in &sent.violations { li { (crate::pages::violation_text_in(lang, v, Some("contact"))) } } }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Shown {
    #[serde(default)]
    done: Option<String>,
}

fn list(lang: Lang, list: &str, codes: impl Iterator<Item = &'static str>) -> String {
    codes
        .map(|c| code_label(lang, list, c))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn concerned_rows(state: &AppState, lang: Lang, concerned: &PersonConcerned) -> Markup {
    let place = match &concerned.place_unit_id {
        Some(unit) => crate::pages::labels::unit_names(state, std::slice::from_ref(unit))
            .await
            .remove(unit)
            .unwrap_or_else(|| unit.clone()),
        None => String::new(),
    };
    let sex = match concerned.sex {
        Sex::Female => "female",
        Sex::Male => "male",
        Sex::Unknown => "unknown",
    };
    html! {
        dt { (lang.t("contact-field-sex")) } dd { (lang.t(&format!("sex-{sex}"))) }
        dt { (lang.t("contact-field-age-years")) }
        dd {
            @if let Some(age) = concerned.age_years { (age) " · " }
            (code_label(lang, "age", concerned.age_group().code()))
        }
        dt { (lang.t("contact-field-province")) } dd #concerned-place { (place) @if concerned.abroad { " · " (lang.t("contact-field-abroad")) } }
    }
}

fn dispatch_table(lang: Lang, dispatches: &[DispatchView]) -> Markup {
    html! {
        @if !dispatches.is_empty() {
            h2 { (lang.t("contact-dispatches")) }
            div.table-scroll {
                table #dispatches {
                    thead { tr {
                        th scope="col" { (lang.t("contact-field-dispatch-agency-id")) }
                        th scope="col" { (lang.t("contact-dispatched-at")) }
                        th scope="col" { (lang.t("contact-due-at")) }
                        th scope="col" { (lang.t("contact-standing")) }
                        th scope="col" { (lang.t("contact-field-answer")) }
                    } }
                    tbody {
                        @for d in dispatches {
                            tr #{ "dispatch-" (d.id) } {
                                td data-label=(lang.t("contact-field-dispatch-agency-id")) { (d.agency.name) @if d.escalation { " (" (lang.t("contact-escalation")) ")" } @if !d.note.is_empty() { br; small { (d.note) } } }
                                td data-label=(lang.t("contact-dispatched-at")) { (moment(d.dispatched_at)) }
                                td data-label=(lang.t("contact-due-at")) { (moment(d.due_at)) }
                                td data-label=(lang.t("contact-standing")) { (standing_label(lang, d.standing)) }
                                td data-label=(lang.t("contact-field-answer")) { @if let Some(a) = &d.answer { (a) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn rows_table(lang: Lang, id: &str, rows: &[ContactRow]) -> Markup {
    html! {
        ul #(id) {
            @for r in rows {
                li { a href={ "/contacts/" (r.number) } { (r.number) } " · " (moment(r.started_at)) " · " (list(lang, "category", r.categories.iter().map(|c| c.code()))) }
            }
        }
    }
}

/// What a correction changed, by the fields' labels.
fn changed_fields(lang: Lang, change: &ContactChangeView) -> Vec<String> {
    let (Some(serde_json::Value::Object(before)), serde_json::Value::Object(after)) =
        (&change.before, &change.after)
    else {
        return Vec::new();
    };
    after
        .iter()
        .filter(|(key, value)| before.get(*key) != Some(value))
        .map(|(key, _)| {
            lang.maybe(&format!("contact-field-{}", key.replace('_', "-")))
                .unwrap_or_else(|| key.clone())
        })
        .collect()
}

fn history_list(lang: Lang, changes: &[ContactChangeView]) -> Markup {
    html! {
        details #history {
            summary { (lang.t("contact-history")) }
            ol {
                @for c in changes {
                    li {
                        (moment(c.at)) " · " (lang.t(&format!("contact-action-{}", c.action.replace('_', "-")))) " · " (c.username.clone().unwrap_or_else(|| lang.t("contact-by-haven")))
                        @let changed = changed_fields(lang, c);
                        @if !changed.is_empty() { ": " (changed.join(", ")) }
                    }
                }
            }
        }
    }
}

async fn kept(
    state: &AppState,
    page: &Page,
    c: &KeptContact,
    sent: Option<&SentBack>,
    readable: &std::collections::HashSet<String>,
) -> Markup {
    let lang = page.lang;
    let history = crate::pages::degraded::permitted_part(
        hotline::contact_history_seen(state, c).await,
        "contact history",
    )
    .unwrap_or_default();
    let choices = super::dispatch_choices(
        state,
        page.user.agency_id,
        c.concerned.place_unit_id.as_deref(),
    )
    .await;
    let answered = c.dispatches.iter().any(|d| d.answered_at.is_some());
    let danger = c.urgency == haven_domain::hotline::Urgency::ImmediateDanger;
    html! {
        dl #contact-facts {
            dt { (lang.t("contact-field-channel")) } dd { (code_label(lang, "channel", c.channel.code())) }
            dt { (lang.t("contact-field-started-at")) } dd { (moment(c.started_at)) @if let Some(m) = c.duration_minutes { " · " (m) " " (lang.t("contact-minutes")) } }
            dt { (lang.t("contact-field-caller-relation")) } dd { (code_label(lang, "relation", c.caller_relation.code())) }
            dt { (lang.t("contact-field-caller-phone")) } dd #caller-number { @if let Some(n) = &c.caller_number { (n) } @else { (lang.t("contact-anonymous")) } }
            (concerned_rows(state, lang, &c.concerned).await)
            dt { (lang.t("contact-field-categories")) } dd { (list(lang, "category", c.categories.iter().map(|x| x.code()))) }
            dt { (lang.t("contact-field-urgency")) } dd #urgency-shown { (code_label(lang, "urgency", c.urgency.code())) }
            dt { (lang.t("contact-field-summary")) } dd #summary-shown { (c.summary) }
            dt { (lang.t("contact-field-steps")) } dd { (list(lang, "step", c.steps.iter().map(|x| x.code()))) }
            @if let Some(at) = c.follow_up_at {
                dt { (lang.t("contact-field-follow-up-at")) }
                dd #call-back { (moment(at)) @if let Some(done) = c.follow_up_done_at { " · " (lang.t("contact-call-back-made")) " " (moment(done)) } }
            }
            dt { (lang.t("contact-field-outcome")) } dd { (code_label(lang, "outcome", c.outcome.code())) @if !c.outcome_note.is_empty() { " · " (c.outcome_note) } }
            dt { (lang.t("contact-field-case-number")) }
            dd #case-link { @if let Some(n) = &c.case_number { @if readable.contains(n) { a href={ "/cases/" (n) } { (n) } } @else { (n) } } @else { "—" } }
        }
        p { a.button #edit-contact href={ "/contacts/" (c.number) "/edit" } { (lang.t("contact-edit")) } }
        (errors(lang, sent, "call-back"))
        @if c.follow_up_at.is_some() && c.follow_up_done_at.is_none() {
            form.inline #call-back-form method="post" action={ "/contacts/" (c.number) "/call-back-made" } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="version" value=(c.version);
                button type="submit" { (lang.t("contact-mark-call-back")) }
            }
        }
        (dispatch_table(lang, &c.dispatches))
        @if !answered {
            details #dispatch-details open[(c.dispatches.is_empty() && danger) || sent.is_some_and(|s| s.form == "dispatch")] {
                summary { (lang.t("contact-dispatch")) }
                (errors(lang, sent, "dispatch"))
                form #dispatch-form method="post" action={ "/contacts/" (c.number) "/dispatch" } {
                    input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                    input type="hidden" name="version" value=(c.version);
                    label for="dispatch-agency" { (lang.t("contact-field-dispatch-agency-id")) " " abbr title=(lang.t("form-required")) { "*" } }
                    select #dispatch-agency name="agency_id" required {
                        option value="" { (lang.t("form-choose")) }
                        (super::dispatch_options(lang, &choices, typed(sent, "dispatch", "agency_id")))
                    }
                    label for="dispatch-note" { (lang.t("contact-field-dispatch-note")) }
                    input #dispatch-note type="text" name="note" maxlength="1000" value=(typed(sent, "dispatch", "note"));
                    button type="submit" { (lang.t("contact-dispatch-send")) }
                }
            }
        }
        @if c.case_number.is_none() {
            h2 { (lang.t("contact-case")) }
            @if page.can(Permission::OpenCase) {
                p { a.button #open-case href={ "/cases/new?contact=" (c.number) } { (lang.t("contact-open-case")) } }
            }
            (errors(lang, sent, "attach"))
            form #attach-form method="post" action={ "/contacts/" (c.number) "/case" } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="version" value=(c.version);
                label for="attach-case-number" { (lang.t("contact-attach-case-number")) }
                input #attach-case-number type="text" name="case_number" required maxlength="40" value=(typed(sent, "attach", "case_number"));
                button type="submit" { (lang.t("contact-attach")) }
            }
        }
        @if !c.earlier_from_caller.is_empty() {
            h2 { (lang.t("contact-earlier")) }
            (rows_table(lang, "earlier-contacts", &c.earlier_from_caller))
        }
        (history_list(lang, &history))
    }
}

async fn dispatched(
    state: &AppState,
    page: &Page,
    c: &DispatchedContact,
    sent: Option<&SentBack>,
    readable: &std::collections::HashSet<String>,
) -> Markup {
    let lang = page.lang;
    html! {
        p.notice { (lang.t("contact-dispatched-notice")) " " (c.keeper.name) }
        dl #contact-facts {
            dt { (lang.t("contact-field-channel")) } dd { (code_label(lang, "channel", c.channel.code())) }
            dt { (lang.t("contact-field-started-at")) } dd { (moment(c.started_at)) }
            dt { (lang.t("contact-field-caller-relation")) } dd { (code_label(lang, "relation", c.caller_relation.code())) }
            dt { (lang.t("contact-field-caller-phone")) } dd #caller-number { @if let Some(n) = &c.caller_number_masked { (n) } @else { (lang.t("contact-anonymous")) } }
            (concerned_rows(state, lang, &c.concerned).await)
            dt { (lang.t("contact-field-categories")) } dd { (list(lang, "category", c.categories.iter().map(|x| x.code()))) }
            dt { (lang.t("contact-field-urgency")) } dd #urgency-shown { (code_label(lang, "urgency", c.urgency.code())) }
            dt { (lang.t("contact-field-summary")) } dd #summary-shown { (c.summary) }
            dt { (lang.t("contact-field-case-number")) }
            dd #case-link { @if let Some(n) = &c.case_number { @if readable.contains(n) { a href={ "/cases/" (n) } { (n) } } @else { (n) } } @else { "—" } }
        }
        (dispatch_table(lang, &c.dispatches))
        (errors(lang, sent, "answer"))
        @if let Some(id) = c.to_answer {
            form.card #answer-form method="post" action={ "/contacts/" (c.number) "/answer" } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                input type="hidden" name="dispatch_id" value=(id);
                label for="answer" { (lang.t("contact-field-answer")) " " abbr title=(lang.t("form-required")) { "*" } }
                textarea #answer name="answer" rows="3" required maxlength="5000" { (typed(sent, "answer", "answer")) }
                button type="submit" { (lang.t("contact-answer-send")) }
            }
        }
        @if c.case_number.is_none() && page.can(Permission::OpenCase) {
            p { a.button #open-case href={ "/cases/new?contact=" (c.number) } { (lang.t("contact-open-case")) } }
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    Query(shown): Query<Shown>,
) -> Response {
    render(&state, &page, &number, shown.done.as_deref(), None).await
}

async fn render(
    state: &AppState,
    page: &Page,
    number: &str,
    done: Option<&str>,
    sent: Option<&SentBack>,
) -> Response {
    let lang = page.lang;
    let view = match hotline::contact(state, &page.user, number).await {
        Ok(view) => view,
        Err(e) => return crate::pages::error_page(page, e),
    };
    // The case is linked only for a reader who may open it; others see its number.
    let case_number = match &view {
        ContactView::Kept(c) => c.case_number.clone(),
        ContactView::Dispatched(c) => c.case_number.clone(),
    };
    let readable = match case_number {
        Some(n) => crate::pages::degraded::permitted_part(
            crate::case_access::readable_numbers(state, &page.user, &[n]).await,
            "readable case",
        )
        .unwrap_or_default(),
        None => Default::default(),
    };
    let body = match &view {
        ContactView::Kept(c) => kept(state, page, c, sent, &readable).await,
        ContactView::Dispatched(c) => dispatched(state, page, c, sent, &readable).await,
    };
    let title = format!("{} {number}", lang.t("contact-title"));
    let done = done.and_then(|d| lang.maybe(&format!("contact-done-{}", d.replace('_', "-"))));
    let status = match sent {
        Some(sent) if sent.violations.iter().any(|v| v.rule == "stale_version") => {
            StatusCode::CONFLICT
        }
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let shown = layout::page(
        page,
        &title,
        html! {
            p { a href="/contacts" { (lang.t("contacts-back")) } }
            @if let Some(done) = done { p.notice role="status" #done { (done) } }
            (body)
        },
    );
    (status, shown).into_response()
}

/// After a step: back to the contact; refused, the page again with what
/// was typed and what is wrong beside the form that was sent.
async fn after(
    state: &AppState,
    page: &Page,
    number: &str,
    (form, done): (&'static str, &str),
    values: Values,
    result: Result<ContactView, ApiError>,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/contacts/{number}?done={done}")).into_response(),
        Err(e)
            if e.status == StatusCode::UNPROCESSABLE_ENTITY || e.status == StatusCode::CONFLICT =>
        {
            let violations = if e.body.violations.is_empty() {
                vec![haven_domain::Violation::new(
                    e.body.field.clone().unwrap_or_else(|| "form".into()),
                    e.body.code,
                    e.body.message_vi.clone(),
                    e.body.message_en.clone(),
                )]
            } else {
                e.body.violations.clone()
            };
            render(
                state,
                page,
                number,
                None,
                Some(&SentBack {
                    form,
                    values,
                    violations,
                }),
            )
            .await
        }
        Err(e) => crate::pages::error_page(page, e),
    }
}

fn version(values: &Values) -> i64 {
    value(values, "version").parse().unwrap_or(0)
}

pub async fn dispatch(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let draft = DispatchDraft {
        agency_id: AgencyId(value(&values, "agency_id").parse().unwrap_or(0)),
        note: value(&values, "note").to_owned(),
    };
    let result = hotline::dispatch(&state, &page.user, &number, version(&values), &draft).await;
    after(
        &state,
        &page,
        &number,
        ("dispatch", "dispatch"),
        values,
        result,
    )
    .await
}

pub async fn answer(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let dispatch = DispatchId(value(&values, "dispatch_id").parse().unwrap_or(0));
    let draft = AnswerDraft {
        answer: value(&values, "answer").to_owned(),
    };
    let result = hotline::answer(&state, &page.user, &number, dispatch, &draft).await;
    after(&state, &page, &number, ("answer", "answer"), values, result).await
}

pub async fn attach(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let result = hotline::attach_to_case(
        &state,
        &page.user,
        &number,
        version(&values),
        value(&values, "case_number"),
    )
    .await;
    after(&state, &page, &number, ("attach", "attach"), values, result).await
}

pub async fn call_back_made(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let result = hotline::call_back_done(&state, &page.user, &number, version(&values)).await;
    after(
        &state,
        &page,
        &number,
        ("call-back", "call_back"),
        values,
        result,
    )
    .await
}
