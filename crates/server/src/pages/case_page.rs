//! One case: who (as far as the policy lets the user see), where the
//! journey stands, deadlines, entitlements, and the journey as a timeline.

use super::actions::Submitted;
use super::context::Page;
use super::extract::{Path, Query};
use super::labels::{self, CodeLabels};
use super::layout;
use super::person_form::sex_code;
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::cases::HistoryView;
use crate::views::cases::{allowed_on, case_history, case_view, CaseView};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use haven_access::{Action, HiddenBecause, MaskedPerson, PersonView};
use haven_domain::case::person::{Birth, Residence};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct Done {
    /// The action just recorded, to confirm it.
    done: Option<String>,
    /// An agency just found with the picker, to offer in the forms.
    pick: Option<i64>,
    /// The form the agency was looked up for: it opens with it chosen.
    #[serde(default)]
    pick_for: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let lang = page.lang;
    let submitted = done
        .done
        .filter(|a| {
            a == "receive" || a == "correct_person" || super::actions::spec::spec_of(a).is_some()
        })
        .map(|a| {
            let label = lang.t(&format!("command-{}", a.replace('_', "-")));
            Submitted {
                action: String::new(),
                values: vec![],
                violations: vec![],
                notice: Some(lang.t_with("form-recorded", &[("action", label.into())])),
                done: Some(a),
            }
        })
        .or_else(|| picked_form(done.pick_for.as_deref()?, done.pick?));
    show_with(&state, &page, &number, submitted, StatusCode::OK, done.pick).await
}

/// The form the picker came back to, opened with the agency found chosen
/// in its first agency field (nothing is recorded until the user sends it).
fn picked_form(action: &str, agency_id: i64) -> Option<Submitted> {
    let spec = super::actions::spec::spec_of(action)?;
    let field = spec
        .fields
        .iter()
        .find(|f| f.kind == super::actions::spec::Kind::Agency)?;
    Some(Submitted {
        action: spec.action.to_owned(),
        values: vec![(field.name.to_owned(), agency_id.to_string())],
        violations: vec![],
        notice: None,
        done: None,
    })
}

/// The case page, with a form sent back (or a confirmation) when there is one.
pub async fn show(
    state: &AppState,
    page: &Page,
    number: &str,
    submitted: Option<Submitted>,
    status: StatusCode,
) -> Response {
    show_with(state, page, number, submitted, status, None).await
}

/// The case page, its forms also offering `picked` (an agency the user looked up).
async fn show_with(
    state: &AppState,
    page: &Page,
    number: &str,
    submitted: Option<Submitted>,
    status: StatusCode,
    picked: Option<i64>,
) -> Response {
    let view = match case_view(state, &page.user, number).await {
        Ok(view) => view,
        Err(error) => return super::error_page(page, error).into_response(),
    };
    // The history has its own permission; without it the page shows the case alone.
    let history = super::degraded::permitted_part(
        case_history(state, &page.user, number).await,
        "case history",
    );
    let agencies = labels::agency_names(state).await;
    let markup = render(
        state,
        page,
        &view,
        history.as_deref(),
        &agencies,
        submitted.as_ref(),
        picked,
    )
    .await;
    (status, markup).into_response()
}

async fn render(
    state: &AppState,
    page: &Page,
    view: &CaseView,
    history: Option<&[HistoryView]>,
    agencies: &HashMap<i64, String>,
    submitted: Option<&Submitted>,
    picked: Option<i64>,
) -> Markup {
    let lang = page.lang;
    let names = &labels::PersonNames::of_person(state, lang, view.person.as_ref()).await;
    let case = &view.case.state;
    // A confirmation has no action; a form sent back has one.
    let confirmation = submitted
        .filter(|s| s.action.is_empty())
        .and_then(|s| s.notice.clone());
    // A referral just sent says at once whether her identity went with it.
    let sharing_notice = submitted
        .filter(|s| s.done.as_deref() == Some("send_referral"))
        .and_then(|_| case.referrals.last())
        .map(|r| super::case_referrals::sharing_text(lang, &r.sharing));
    let form_back = submitted.filter(|s| !s.action.is_empty());
    let channels = CodeLabels::load(state, "reception_channel", lang).await;
    // Agencies the forms offer: the likely ones, one just looked up, and
    // any a form sent back had chosen.
    let mut offered: Vec<i64> = picked.into_iter().collect();
    offered.extend(submitted.into_iter().flat_map(|s| s.agencies_chosen()));
    let choices = super::actions::Choices::load(
        state,
        lang,
        page.user.agency_id,
        view.case.lead_agency_id,
        &view.rules_state,
    )
    .await
    .with_agencies(
        super::agency_choices::short_list(state, page, &view.rules_state, &offered).await,
    );
    let awaiting_answer = super::actions::awaits_answer(view);
    let mut workers = Vec::new();
    for id in &case.assigned_user_ids {
        if let Some(user) = state.store.user_account(*id).await.or_shown("users") {
            workers.push(user.display_name);
        }
    }
    let timeline_labels = match history {
        Some(entries) => {
            Some(super::timeline::TimelineLabels::load(state, lang, entries, agencies).await)
        }
        None => None,
    };
    let contacts = &view.contacts;
    let title = lang.t_with(
        "case-title",
        &[("number", view.case.case_number.clone().into())],
    );
    layout::page(
        page,
        &title,
        html! {
            @if let Some(notice) = &confirmation { p.notice role="status" { (notice) } }
            @if let Some(sharing) = &sharing_notice { p.notice #sharing-notice role="status" { (sharing) } }
            section.card.summary #summary {
                p.person-name #person-name {
                    @match view.person.as_ref().and_then(|p| p.person.full_name.shown()) {
                        Some(name) => { (name) }
                        None => { span.masked { (lang.t("case-name-hidden")) } }
                    }
                }
                dl {
                    dt { (lang.t("field-phase")) } dd #phase { (labels::phase(lang, case.phase.code())) }
                    dt { (lang.t("field-risk")) } dd #risk {
                        @match &case.risk {
                            Some(risk) => { (lang.t_with("case-risk-assessed", &[("level", super::timeline::risk(lang, risk.level).into()), ("date", lang.date(risk.assessed_on).into())])) }
                            None => { (lang.t("case-risk-none")) }
                        }
                    }
                    dt { (lang.t("field-workers")) } dd #workers {
                        @if workers.is_empty() { (lang.t("case-workers-none")) } @else { (workers.join(", ")) }
                    }
                    dt { (lang.t("field-identification")) } dd #identification { (labels::identification(lang, case.identification.code())) }
                    dt { (lang.t("field-channel")) } dd { (channels.of(&case.channel)) }
                    dt { (lang.t("field-received-on")) } dd { (lang.date(case.received_on)) }
                    @if !contacts.is_empty() {
                        dt { (lang.t("contact-from-contacts")) }
                        dd #case-contacts { @for (i, n) in contacts.iter().enumerate() { @if i > 0 { ", " } a href={ "/contacts/" (n) } { (n) } } }
                    }
                    dt { (lang.t("field-lead-agency")) } dd { (agencies.get(&view.case.lead_agency_id).cloned().unwrap_or_default()) }
                    dt { (lang.t("field-scope")) } dd #scope { (labels::scope(lang, view.scope)) }
                }
                @if case.child {
                    p.badge.child { (lang.t("case-child")) }
                }
                // The summary tells the journey: offered to whoever may read its history.
                @if crate::views::cases::allowed_on(state, &page.user, view, haven_access::Action::ReadHistory) {
                    p { a #print-case href={ "/cases/" (view.case.case_number) "/print" } { (lang.t("print-case-link")) } }
                }
            }
            @if awaiting_answer { p.notice #awaiting-answer { (lang.t("case-awaiting-answer")) } }
            (super::actions::forms(state, page, view, agencies, &choices, form_back))
            (super::referral_suggestions::section(state, page, view).await)
            @if !awaiting_answer {
                (super::attachments::section(page, view, allowed_on(state, &page.user, view, Action::Attach), form_back))
            }
            section.card #person {
                h2 { (lang.t("case-person")) }
                @match &view.person {
                    Some(person) => (person_fields(lang, person, names)),
                    None => p { (lang.t("case-person-missing")) },
                }
                @if view.identity_whole && allowed_on(state, &page.user, view, Action::CorrectPerson) {
                    p { a #edit-person href={ "/cases/" (view.case.case_number) "/person" } { (lang.t("person-edit-link")) } }
                }
            }
            (super::case_referrals::section(lang, &case.referrals, agencies))
            @if !awaiting_answer {
            section.card #deadlines {
                h2 { (lang.t("case-deadlines")) }
                @if view.deadlines.is_empty() {
                    p { (lang.t("case-deadlines-none")) }
                } @else {
                    table {
                        thead { tr { th scope="col" { (lang.t("field-deadline")) } th scope="col" { (lang.t("field-due-on")) } th scope="col" { (lang.t("field-status")) } } }
                        tbody {
                            @for item in &view.deadlines {
                                tr class=[item.overdue.then_some("overdue")] {
                                    td data-label=(lang.t("field-deadline")) { (labels::deadline_name(lang, item, agencies)) }
                                    td data-label=(lang.t("field-due-on")) { (lang.date(item.due_on)) }
                                    td data-label=(lang.t("field-status")) { (lang.t(if item.done { "deadline-done" } else if item.overdue { "deadline-overdue" } else { "deadline-open" })) }
                                }
                            }
                        }
                    }
                }
            }
            section.card #entitlements {
                h2 { (lang.t("case-entitlements")) }
                p { (lang.t(&format!("entitlement-{}", serde_json::to_value(view.entitlements.status).ok().and_then(|v| v.as_str().map(|s| s.replace('_', "-"))).unwrap_or_default()))) }
                @if !view.entitlements.clauses.is_empty() {
                    p { (lang.t("case-entitlement-clauses")) ": " (view.entitlements.clauses.join(", ")) " — " (view.entitlements.source) }
                }
            }
            @if let Some((entries, labels)) = history.zip(timeline_labels.as_ref()) {
                (super::timeline::timeline(lang, &view.case.case_number, entries, labels, &case.referrals))
            }
            }
        },
    )
}

/// The person's fields; a hidden one says why instead of showing a value.
pub(super) fn person_fields(
    lang: Lang,
    person: &MaskedPerson,
    names: &labels::PersonNames,
) -> Markup {
    let hidden = person
        .hidden_because
        .map(|because| lang.t(&format!("field-masked-{}", hidden_key(because))))
        .unwrap_or_else(|| lang.t("field-masked"));
    let show = |text: Option<String>| -> Markup {
        match text {
            Some(text) => html! { (text) },
            None => html! { span.masked { (hidden) } },
        }
    };
    let PersonView {
        full_name,
        other_names,
        sex,
        birth,
        ethnicity,
        nationality,
        identity_papers,
        permanent_residence,
        current_residence,
        languages: _,
        disability: _,
        contact,
        relatives,
    } = &person.person;
    let code = |code: &Option<String>, of: &HashMap<String, String>| {
        code.as_ref()
            .map(|c| of.get(c).cloned().unwrap_or_else(|| c.clone()))
            .unwrap_or_default()
    };
    let rows: [(&str, Option<String>); 11] = [
        ("full_name", full_name.shown().cloned()),
        ("other_names", other_names.shown().map(|n| n.join(", "))),
        (
            "sex",
            sex.shown()
                .map(|s| lang.t(&format!("sex-{}", sex_code(*s)))),
        ),
        (
            "birth",
            birth
                .shown()
                .map(|b| b.as_ref().map(|b| birth_text(lang, b)).unwrap_or_default()),
        ),
        (
            "nationality",
            nationality.shown().map(|c| code(c, &names.countries)),
        ),
        (
            "ethnicity",
            ethnicity.shown().map(|c| code(c, &names.ethnic_groups)),
        ),
        (
            "identity_papers",
            identity_papers.shown().map(|papers| {
                papers
                    .iter()
                    .map(|p| format!("{} {}", names.papers.of(&p.kind), p.number))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
        ),
        (
            "permanent_residence",
            permanent_residence
                .shown()
                .map(|r| residence_text(r, names)),
        ),
        (
            "current_residence",
            current_residence.shown().map(|r| residence_text(r, names)),
        ),
        (
            "contact",
            contact.shown().map(|c| c.clone().unwrap_or_default()),
        ),
        (
            "relatives",
            relatives.shown().map(|relatives| {
                relatives
                    .iter()
                    .map(|r| format!("{} ({})", r.full_name, r.relationship))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
        ),
    ];
    html! {
        dl.person {
            @for (field, text) in rows {
                dt { (lang.t(&format!("person-{}", field.replace('_', "-")))) }
                dd data-field=(field) { (show(text)) }
            }
        }
    }
}

fn hidden_key(because: HiddenBecause) -> &'static str {
    match because {
        HiddenBecause::RoleSeesNoIdentities => "role",
        HiddenBecause::ChildRecord => "child",
        HiddenBecause::Supervision => "supervision",
        HiddenBecause::NotShared => "not-shared",
        HiddenBecause::NotInvolved => "not-involved",
    }
}

fn birth_text(lang: Lang, birth: &Birth) -> String {
    match birth {
        Birth::Date { date } => lang.date(*date),
        // "Ngày sinh: 1998" reads as a wrong day; the year is said as one.
        Birth::Year { year } => {
            lang.t_with("person-born-in-year", &[("year", year.to_string().into())])
        }
        Birth::EstimatedAge { years, .. } => lang.t_with(
            "person-estimated-age",
            &[("years", u64::from(*years).into())],
        ),
    }
}

fn residence_text(residence: &Residence, names: &labels::PersonNames) -> String {
    let unit = residence
        .admin_unit_id
        .as_ref()
        .map(|id| names.units.get(id).cloned().unwrap_or_else(|| id.clone()));
    [residence.address_line.clone(), unit]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The administrative units named in the person's residences and relatives'.
pub(super) fn residence_units(person: &PersonView) -> Vec<String> {
    let mut ids: Vec<String> = [&person.permanent_residence, &person.current_residence]
        .into_iter()
        .filter_map(|r| r.shown()?.admin_unit_id.clone())
        .collect();
    if let Some(relatives) = person.relatives.shown() {
        ids.extend(
            relatives
                .iter()
                .filter_map(|r| r.residence.admin_unit_id.clone()),
        );
    }
    ids
}
