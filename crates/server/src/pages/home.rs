//! The dashboard: what the user's agency must do now (overdue deadlines,
//! referrals waiting for an answer), its cases by phase with a small chart,
//! and shelter occupancy. Each part is shown only to roles that may see it.

use super::context::Page;
use super::labels;
use super::layout;
use crate::pages::degraded::{permitted_part, OrShown};
use crate::views::cases::{case_list, ListFilter};
use crate::views::referrals::waiting_referrals;
use crate::views::tasks::my_tasks;
use crate::AppState;
use axum::extract::State;
use haven_access::Permission;
use haven_domain::case::status::Phase;
use maud::{html, Markup};

pub async fn page(State(state): State<AppState>, page: Page) -> Markup {
    let lang = page.lang;
    let reads_cases = page.can(Permission::ReadCase);
    // Those who do case work count the cases their agency leads; a
    // supervisor, the cases of the area. The card links to the very list it counts.
    let lead_only = page.can(Permission::RecordStep);
    let overdue_link = if lead_only {
        "/cases?overdue=yes&lead_only=on"
    } else {
        "/cases?overdue=yes"
    };
    let overdue = if reads_cases {
        let overdue = case_list(
            &state,
            &page.user,
            ListFilter {
                overdue: Some(true),
                lead_only: Some(lead_only),
                limit: Some(10),
                ..Default::default()
            },
        )
        .await;
        permitted_part(overdue, "overdue cases")
    } else {
        None
    };
    let tasks = if reads_cases {
        permitted_part(my_tasks(&state, &page.user, 0, 10).await, "tasks")
    } else {
        None
    };
    let waiting = if page.can(Permission::AnswerReferral) {
        permitted_part(
            waiting_referrals(&state, &page.user).await,
            "waiting referrals",
        )
    } else {
        None
    };
    // The plan tasks the agency leads that end within a month, or are late.
    let plan_tasks = if page.can(Permission::RecordActivities) || page.can(Permission::ManagePlans)
    {
        let today = crate::case_access::today();
        let horizon = today + chrono::Duration::days(31);
        state
            .store
            .programme()
            .open_tasks_led_by(haven_domain::ids::AgencyId(page.user.agency_id), horizon)
            .await
            .or_shown("open_tasks_led_by")
            .into_iter()
            .take(10)
            .map(|t| (t.task.standing(today), t))
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    // The actions decided at meetings that the agency owns, due within a month or late.
    let meeting_actions = if page.can(Permission::RecordActivities) {
        let today = crate::case_access::today();
        let horizon = today + chrono::Duration::days(31);
        state
            .store
            .programme()
            .open_actions_owned_by(haven_domain::ids::AgencyId(page.user.agency_id))
            .await
            .or_shown("open_actions_owned_by")
            .into_iter()
            .filter(|a| a.action.follow_up.due_on <= horizon)
            .take(10)
            .map(|a| (a.action.standing(today), a))
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    let mut by_phase = Vec::new();
    if reads_cases {
        for phase in Phase::ALL {
            let filter = ListFilter {
                phase: Some(phase.code().to_owned()),
                limit: Some(1),
                ..Default::default()
            };
            if let Some(list) = permitted_part(
                case_list(&state, &page.user, filter).await,
                "cases by phase",
            ) {
                by_phase.push((phase, list.total));
            }
        }
    }
    // Statistics readers see the key figures of their area (the province, or the country).
    let key_figures = if page.can(Permission::ReadStatistics) {
        match permitted_part(
            crate::views::key_figures::key_figures(&state, &page.user).await,
            "key figures",
        ) {
            Some(figures) => {
                let names =
                    crate::views::statistics::CategoryNames::load(&state, lang, &figures.area)
                        .await;
                // The last quarter's reports from the units below, for who reviews them.
                let quarter = crate::views::key_figures::last_quarter(crate::case_access::today());
                let completeness =
                    crate::views::submissions::overview(&state, &page.user, Some(&quarter))
                        .await
                        .ok()
                        .filter(|o| !o.units.is_empty());
                permitted_part(names, "category names").map(|names| (figures, names, completeness))
            }
            None => None,
        }
    } else {
        None
    };
    let hotline = super::hotline::dashboard::section(&state, &page).await;
    let agencies = labels::agency_names(&state).await;
    let facilities = state.store.facilities().await.or_shown("facilities");
    let occupancy = state.store.occupancy().await.or_shown("occupancy");
    let own: Vec<_> = facilities
        .iter()
        .filter(|f| f.operator_agency_id == page.user.agency_id || !reads_cases)
        .collect();
    let roles: Vec<&str> = page
        .user
        .roles
        .iter()
        .map(|r| labels::role(lang, *r))
        .collect();
    layout::page(
        &page,
        &lang.t("dashboard-title"),
        html! {
            p { (lang.t("dashboard-agency")) ": " strong { (page.user.agency_name) } " · " (lang.t("field-roles")) ": " (roles.join(", ")) }
            @if let Some((figures, names, completeness)) = &key_figures {
                (super::key_figures::section(&page, figures, names, completeness.as_ref()))
            }
            (hotline)
            @if let Some((tasks, total)) = &tasks {
                section.card #my-tasks {
                    h2 { (lang.t("dashboard-my-tasks")) " " span.count { "(" (total) ")" } }
                    (super::tasks::table(&page, tasks, &agencies))
                    @if *total > tasks.len() {
                        p { a #all-tasks href="/tasks" { (lang.t_with("dashboard-all-tasks", &[("count", (*total).into())])) } }
                    }
                }
            }
            @if let Some(list) = &overdue {
                section.card #overdue {
                    h2 { (lang.t("dashboard-overdue")) " " span.count { "(" (list.total) ")" } }
                    @if list.total > 0 {
                        p { a #all-overdue href=(overdue_link) { (lang.t_with("dashboard-all-overdue", &[("count", list.total.into())])) } }
                    }
                    @if list.items.is_empty() {
                        p { (lang.t("dashboard-overdue-none")) }
                    } @else {
                        table {
                            thead { tr { th scope="col" { (lang.t("field-case-number")) } th scope="col" { (lang.t("field-phase")) } th scope="col" { (lang.t("field-overdue")) } } }
                            tbody {
                                @for case in &list.items {
                                    tr {
                                        td data-label=(lang.t("field-case-number")) { a href={ "/cases/" (case.case_number) } { (case.case_number) } }
                                        td data-label=(lang.t("field-phase")) { (labels::phase(lang, case.phase)) }
                                        td.overdue data-label=(lang.t("field-overdue")) { (case.overdue) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(waiting) = &waiting {
                section.card #waiting-referrals {
                    h2 { (lang.t("dashboard-referrals")) " " span.count { "(" (waiting.len()) ")" } }
                    @if waiting.is_empty() {
                        p { (lang.t("dashboard-referrals-none")) }
                    } @else {
                        table {
                            thead { tr { th scope="col" { (lang.t("field-case-number")) } th scope="col" { (lang.t("field-from-agency")) } th scope="col" { (lang.t("field-sent-on")) } th scope="col" { (lang.t("field-answer-due")) } } }
                            tbody {
                                @for w in waiting {
                                    tr {
                                        td data-label=(lang.t("field-case-number")) { a href={ "/cases/" (w.case_number) } { (w.case_number) } }
                                        td data-label=(lang.t("field-from-agency")) { (agencies.get(&w.from_agency_id).cloned().unwrap_or_default()) }
                                        td data-label=(lang.t("field-sent-on")) { (lang.date(w.sent_on)) }
                                        td data-label=(lang.t("field-answer-due")) class=[w.overdue.then_some("overdue")] { @if let Some(due) = w.answer_due { (lang.date(due)) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !plan_tasks.is_empty() || !meeting_actions.is_empty() {
                section.card #plan-tasks {
                    h2 { (lang.t("dashboard-plan-tasks")) }
                    ul {
                        @for (standing, action) in &meeting_actions {
                            li {
                                @if let Some(group) = action.working_group_id {
                                    a href={ "/working-groups/" (group) "#action-" (action.id) } { (action.action.follow_up.action) }
                                } @else {
                                    a href={ "/activities/" (action.activity_id) "#action-" (action.id) } { (action.action.follow_up.action) }
                                }
                                " — " (lang.date(action.action.follow_up.due_on)) " · "
                                @if *standing == haven_domain::programme::TaskStanding::Late {
                                    strong.overdue { (super::programme::task_standing(lang, *standing)) }
                                } @else {
                                    (super::programme::task_standing(lang, *standing))
                                }
                            }
                        }
                        @for (standing, task) in &plan_tasks {
                            li {
                                a href={ "/plans/" (task.plan_id) "#task-" (task.id) } { (task.task.title) }
                                " — " (lang.date(task.task.ends_on)) " · "
                                @if *standing == haven_domain::programme::TaskStanding::Late {
                                    strong.overdue { (super::programme::task_standing(lang, *standing)) }
                                } @else {
                                    (super::programme::task_standing(lang, *standing))
                                }
                            }
                        }
                    }
                }
            }
            @if !by_phase.is_empty() {
                section.card #by-phase {
                    h2 { (lang.t("dashboard-by-phase")) }
                    (phase_chart(&page, &by_phase))
                }
            }
            section.card #occupancy {
                h2 { (lang.t("dashboard-occupancy")) }
                @if own.is_empty() {
                    p { (lang.t("dashboard-occupancy-none")) }
                } @else {
                    table {
                        thead { tr { th scope="col" { (lang.t("field-facility")) } th scope="col" { (lang.t("field-staying")) } th scope="col" { (lang.t("field-capacity")) } } }
                        tbody {
                            @for facility in &own {
                                tr {
                                    td data-label=(lang.t("field-facility")) { (facility.name) }
                                    td data-label=(lang.t("field-staying")) { (occupancy.get(&facility.id).copied().unwrap_or(0)) }
                                    td data-label=(lang.t("field-capacity")) { (facility.capacity) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Cases by phase as horizontal bars.
fn phase_chart(page: &Page, counts: &[(Phase, u64)]) -> Markup {
    let lang = page.lang;
    let rows: Vec<(String, u64)> = counts
        .iter()
        .map(|(phase, n)| (labels::phase(lang, phase.code()), *n))
        .collect();
    super::bar_chart::chart(&super::bar_chart::Bars {
        id: "phase-chart",
        title: &lang.t("dashboard-by-phase"),
        label_column: &lang.t("field-phase"),
        count_column: &lang.t("field-cases"),
        rows: &rows,
    })
}
