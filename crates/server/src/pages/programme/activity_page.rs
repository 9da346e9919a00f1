//! One activity: everything recorded about it, the task it carries out,
//! who recorded and changed it, and — for the agency that recorded it —
//! the way to correct it.

use super::super::context::Page;
use super::super::extract::Path;
use super::super::labels::CodeLabels;
use super::super::{error_page, layout};
use crate::pages::degraded::OrShown;
use crate::views::programme::activities;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_domain::ids::ActivityId;
use haven_domain::programme::{ActivityDetails, InspectedBody};
use maud::html;

pub async fn page(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    let id = ActivityId(id);
    let (item, history) = match (
        activities::read(&state, &page.user, id).await,
        activities::history(&state, &page.user, id).await,
    ) {
        (Ok(item), Ok(history)) => (item, history),
        (Err(error), _) | (_, Err(error)) => return error_page(&page, error),
    };
    let lang = page.lang;
    let a = &item.activity;
    let task = match a.task_id {
        Some(task) => state.store.programme().task(task).await.or_shown("task"),
        None => None,
    };
    let place = super::super::labels::unit_names(&state, std::slice::from_ref(&a.unit_id))
        .await
        .remove(&a.unit_id)
        .unwrap_or_else(|| a.unit_id.clone());
    let agencies = super::super::labels::agency_names(&state).await;
    let agency = |id: i64| agencies.get(&id).cloned().unwrap_or_default();
    let list = |labels: &CodeLabels, codes: &[String]| {
        codes
            .iter()
            .map(|c| labels.of(c))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let details = match &a.details {
        ActivityDetails::Communication(c) => {
            let channels = CodeLabels::load(&state, "communication_kind", lang).await;
            let languages = CodeLabels::load(&state, "communication_language", lang).await;
            let audiences = CodeLabels::load(&state, "audience_group", lang).await;
            html! {
                dt { (lang.t("activity-channel")) } dd { (channels.of(&c.channel)) }
                dt { (lang.t("activity-languages")) } dd { (list(&languages, &c.languages)) }
                dt { (lang.t("activity-audiences")) } dd { (list(&audiences, &c.audiences)) }
                dt { (lang.t("activity-reached-total")) } dd { (lang.grouped(u64::from(c.reached.total))) }
                dt { (lang.t("activity-reached-female")) } dd { (c.reached.female.map(|n| lang.grouped(u64::from(n))).unwrap_or_default()) }
                dt { (lang.t("activity-reached-male")) } dd { (c.reached.male.map(|n| lang.grouped(u64::from(n))).unwrap_or_default()) }
                dt { (lang.t("activity-materials-produced")) } dd { (lang.grouped(u64::from(c.materials_produced))) }
                dt { (lang.t("activity-materials-distributed")) } dd { (lang.grouped(u64::from(c.materials_distributed))) }
            }
        }
        ActivityDetails::Training(t) => {
            let topics = CodeLabels::load(&state, "training_topic", lang).await;
            let sectors = CodeLabels::load(&state, "agency_sector", lang).await;
            html! {
                dt { (lang.t("activity-level")) } dd { (super::training_level(lang, t.level)) }
                dt { (lang.t("activity-topics")) } dd { (list(&topics, &t.topics)) }
                dt { (lang.t("activity-trainee-groups")) }
                dd {
                    table #trainees {
                        thead { tr {
                            th scope="col" { (lang.t("programme-field-trainee-sector")) }
                            th scope="col" { (lang.t("programme-field-trainee-agency")) }
                            th scope="col" { (lang.t("activity-trainee-female")) }
                            th scope="col" { (lang.t("activity-trainee-male")) }
                        } }
                        tbody {
                            @for g in &t.trainee_groups {
                                tr {
                                    td data-label=(lang.t("programme-field-trainee-sector")) { (sectors.of(&g.sector)) }
                                    td data-label=(lang.t("programme-field-trainee-agency")) { (g.agency_id.map(|a| agency(a.get())).unwrap_or_default()) }
                                    td data-label=(lang.t("activity-trainee-female")) { (g.female) }
                                    td data-label=(lang.t("activity-trainee-male")) { (g.male) }
                                }
                            }
                        }
                    }
                }
                dt { (lang.t("activity-trainers")) } dd { (t.trainers) }
                dt { (lang.t("activity-certificates")) } dd { (t.certificates) }
            }
        }
        ActivityDetails::Meeting(m) => html! {
            dt { (lang.t("activity-meeting-kind")) } dd { (super::meeting_kind(lang, m.meeting_kind)) }
            dt { (lang.t("activity-chair")) } dd { (m.chair) }
            dt { (lang.t("activity-participants")) }
            dd { (m.participating_agency_ids.iter().map(|a| agency(a.get())).collect::<Vec<_>>().join("; ")) }
            dt { (lang.t("activity-decisions")) } dd { (m.decisions) }
            @if let Some(group) = m.working_group_id {
                dt { (lang.t("meeting-working-group")) }
                dd { a href={ "/working-groups/" (group) } { (state.store.programme().working_group(group).await.or_shown("working group").map(|g| g.group.name).unwrap_or_default()) } }
            }
        },
        ActivityDetails::Inspection(i) => {
            let violations = CodeLabels::load(&state, "inspection_violation", lang).await;
            let sanctions = CodeLabels::load(&state, "sanction_kind", lang).await;
            let subject = match i.subject {
                InspectedBody::Company { company_id } => {
                    let name = state
                        .store
                        .programme()
                        .company(company_id)
                        .await
                        .or_shown("company")
                        .map(|c| c.company.name)
                        .unwrap_or_default();
                    html! { a href={ "/companies/" (company_id) } { (name) } }
                }
                InspectedBody::Facility { facility_id } => {
                    let name = state
                        .store
                        .facilities()
                        .await
                        .or_shown("facilities")
                        .into_iter()
                        .find(|f| f.id == facility_id)
                        .map(|f| f.name)
                        .unwrap_or_default();
                    html! { (name) }
                }
            };
            html! {
                dt { (lang.t("inspection-subject")) } dd { (subject) }
                dt { (lang.t("inspection-team")) }
                dd { (i.team_agency_ids.iter().map(|a| agency(a.get())).collect::<Vec<_>>().join("; ")) }
                dt { (lang.t("inspection-findings")) } dd { (i.findings) }
                dt { (lang.t("inspection-violations")) } dd { (list(&violations, &i.violations)) }
                dt { (lang.t("inspection-sanctions")) }
                dd {
                    ul #sanctions {
                        @for s in &i.sanctions {
                            li {
                                (sanctions.of(&s.sanction_kind))
                                @if let Some(amount) = s.amount_vnd { ": " (lang.vnd(amount)) }
                                " — " (s.decision_number)
                            }
                        }
                    }
                }
                dt { (lang.t("inspection-follow-up")) }
                dd {
                    (i.follow_up)
                    @if let Some(due) = i.follow_up_due { " (" (lang.t("inspection-follow-up-due")) ": " (lang.date(due)) ")" }
                }
            }
        }
    };
    let actions = match &a.details {
        ActivityDetails::Meeting(_) => {
            crate::views::programme::working_groups::of_meeting(&state, &page.user, id)
                .await
                .map_err(
                    |e| tracing::warn!(status = %e.status, "a meeting's actions could not be read"),
                )
                .unwrap_or_default()
        }
        ActivityDetails::Communication(_)
        | ActivityDetails::Training(_)
        | ActivityDetails::Inspection(_) => Vec::new(),
    };
    let body = html! {
        @if item.may_edit {
            p { a #edit-activity href={ "/activities/" (item.id) "/edit" } { (lang.t("activity-correct")) } }
        }
        dl #activity-facts {
            dt { (lang.t("activity-kind")) } dd { (super::activity_kind(lang, item.kind)) }
            dt { (lang.t("activity-held-on")) }
            dd { (lang.date(a.held_on)) @if let Some(end) = a.ends_on { " – " (lang.date(end)) } }
            dt { (lang.t("activity-place")) } dd { (place) @for flag in &a.area_flags { " " span.badge { (super::area_flag(lang, *flag)) } } }
            dt { (lang.t("activity-agency")) } dd { (item.agency.name) }
            @if let Some(task) = &task {
                dt { (lang.t("activity-task")) }
                dd { a href={ "/plans/" (task.plan_id) "#task-" (task.id) } { (task.task.title) } }
            }
            @if !a.case_numbers.is_empty() || item.other_cases > 0 {
                dt { (lang.t("activity-case-numbers")) }
                dd #activity-cases {
                    @for (i, number) in a.case_numbers.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ "/cases/" (number) } { (number) }
                    }
                    @if item.other_cases > 0 {
                        @if !a.case_numbers.is_empty() { "; " }
                        (lang.t_with("activity-other-cases", &[("count", item.other_cases.into())]))
                    }
                }
            }
            (details)
        }
        @if !actions.is_empty() {
            h2 { (lang.t("group-actions")) }
            (super::working_groups::actions_table(&page, &actions, None, &format!("/activities/{id}")))
        }
        h2 { (lang.t("activity-history")) }
        ol.timeline #activity-history {
            @for change in &history {
                li {
                    span.when { (crate::pages::programme::when(lang, change.at)) }
                    " · " (change.username) " · "
                    (lang.t(if change.action == "create" { "activity-history-create" } else { "activity-history-update" }))
                }
            }
        }
    };
    layout::page(&page, &a.title, body).into_response()
}
