//! Working groups: the list with the form that establishes one, and one
//! group with its members, its meetings and the actions decided there
//! (late ones first, each with its owner's progress form).

use super::super::admin::forms::{as_violations, value};
use super::super::context::Page;
use super::super::extract::Path;
use super::super::{error_page, layout, violation_text_in};
use super::form_kit::{area_text, hidden, open_of, text, Controls, FormState, Reader, Values};
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::programme::working_groups::{self, ActionView, WorkingGroupView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_access::Permission;
use haven_domain::ids::{ActionId, AgencyId, WorkingGroupId};
use haven_domain::programme::{Member, MemberRole, TaskStatus, WorkingGroupDraft};
use haven_domain::Violation;
use maud::{html, Markup};

/// Member rows the form offers (blank rows are left out).
const MEMBER_ROWS: usize = 6;

pub fn member_role(lang: Lang, role: MemberRole) -> String {
    lang.t(&format!("member-role-{}", role.code().replace('_', "-")))
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

pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    render_list(&state, &page, None).await
}

async fn render_list(state: &AppState, page: &Page, open: Option<FormState>) -> Response {
    let groups = match working_groups::list(state, &page.user).await {
        Ok(groups) => groups,
        Err(error) => return error_page(page, error),
    };
    let lang = page.lang;
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let body = html! {
        (errors(lang, open.as_ref()))
        @if groups.is_empty() { p { (lang.t("group-none")) } }
        @else {
            div.scroll tabindex="0" { table #working-groups {
                caption.visually-hidden { (lang.t("group-list")) }
                thead { tr {
                    th scope="col" { (lang.t("group-name")) }
                    th scope="col" { (lang.t("group-decision")) }
                    th scope="col" { (lang.t("group-host")) }
                    th scope="col" { (lang.t("group-members")) }
                } }
                tbody {
                    @for g in &groups {
                        tr {
                            td data-label=(lang.t("group-name")) { a href={ "/working-groups/" (g.id) } { (g.name) } }
                            td data-label=(lang.t("group-decision")) { (g.decision_number) " · " (lang.date(g.decision_date)) }
                            td data-label=(lang.t("group-host")) { (g.host.name) }
                            td data-label=(lang.t("group-members")) { (g.members) }
                        }
                    }
                }
            } }
        }
        @if page.can(Permission::ManagePlans) {
            (group_form(state, page, "/working-groups", None, open.as_ref()).await)
        }
    };
    (status, layout::page(page, &lang.t("group-list"), body)).into_response()
}

fn values_of(group: &WorkingGroupDraft) -> Values {
    let mut values: Values = vec![
        ("name".into(), group.name.clone()),
        ("decision_number".into(), group.decision_number.clone()),
        ("decision_date".into(), group.decision_date.to_string()),
        ("remit".into(), group.remit.clone()),
    ];
    for (row, m) in group.members.iter().enumerate() {
        values.push((format!("member_name_{row}"), m.name.clone()));
        values.push((format!("member_agency_{row}"), m.agency_id.to_string()));
        values.push((format!("member_role_{row}"), m.role.code().to_owned()));
    }
    values
}

fn member_rows(values: &[(String, String)]) -> usize {
    let used = values
        .iter()
        .filter(|(k, v)| k.starts_with("member_") && !v.is_empty())
        .filter_map(|(k, _)| k.rsplit('_').next().and_then(|n| n.parse::<usize>().ok()))
        .max()
        .map_or(0, |last| last + 2);
    MEMBER_ROWS
        .max(used)
        .min(haven_domain::programme::MAX_ITEMS)
}

/// The rules name a member's field `members_0.name`; the form, `member_name_0`.
fn form_field(field: &str) -> String {
    let Some((row, part)) = field
        .strip_prefix("members_")
        .and_then(|rest| rest.split_once('.'))
    else {
        return field.to_owned();
    };
    match part {
        "name" => format!("member_name_{row}"),
        "agency_id" => format!("member_agency_{row}"),
        other => format!("member_{other}_{row}"),
    }
}

fn draft_of(values: &Values) -> Result<WorkingGroupDraft, Vec<Violation>> {
    let mut r = Reader::new(values);
    let mut members = Vec::new();
    for row in 0..member_rows(values) {
        let name = value(values, &format!("member_name_{row}"));
        let agency = value(values, &format!("member_agency_{row}"));
        let role = value(values, &format!("member_role_{row}"));
        if name.is_empty() && agency.is_empty() && role.is_empty() {
            continue;
        }
        let agency_id = agency.parse().ok().map(AgencyId);
        if agency_id.is_none() {
            r.violations
                .push(Violation::required(&format!("member_agency_{row}")));
        }
        let role = MemberRole::from_code(role);
        if role.is_none() {
            r.violations
                .push(Violation::required(&format!("member_role_{row}")));
        }
        if let (Some(agency_id), Some(role)) = (agency_id, role) {
            members.push(Member {
                name: name.to_owned(),
                agency_id,
                role,
            });
        }
    }
    let draft = WorkingGroupDraft {
        name: r.text("name"),
        decision_number: r.text("decision_number"),
        decision_date: r.date("decision_date"),
        remit: r.text("remit"),
        members,
    };
    let checked = draft.check(crate::case_access::today()).map_err(|mut v| {
        for x in &mut v.0 {
            x.field = form_field(&x.field);
        }
        v
    });
    r.merge(checked).map(|()| draft)
}

async fn group_form(
    state: &AppState,
    page: &Page,
    action: &str,
    current: Option<&WorkingGroupView>,
    open: Option<&FormState>,
) -> Markup {
    let lang = page.lang;
    let form = "group";
    let filled;
    let mine = match (open_of(open, form), current) {
        (Some(mine), _) => Some(mine),
        (None, Some(view)) => {
            let draft = WorkingGroupDraft {
                name: view.summary.name.clone(),
                decision_number: view.summary.decision_number.clone(),
                decision_date: view.summary.decision_date,
                remit: view.remit.clone(),
                members: view
                    .member_list
                    .iter()
                    .map(|m| Member {
                        name: m.name.clone(),
                        agency_id: m.agency.id,
                        role: m.role,
                    })
                    .collect(),
            };
            filled = FormState {
                form: form.to_owned(),
                values: values_of(&draft),
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
    let values = mine.map(|m| m.values.clone()).unwrap_or_default();
    let current_value = |name: &str| value(&values, name).to_owned();
    let error = |name: &str| mine.and_then(|m| m.violations.iter().find(|v| v.field == name));
    html! {
        details open[open_of(open, form).is_some()] {
            summary { (lang.t(if current.is_some() { "group-change" } else { "group-add" })) }
            form.card #group-form method="post" action=(action) {
                (hidden(page))
                @if let Some(current) = current { input type="hidden" name="version" value=(current.summary.version); }
                (text(c, "name", &lang.t("group-name"), true, "text", ""))
                (text(c, "decision_number", &lang.t("group-decision-number"), true, "text", ""))
                (text(c, "decision_date", &lang.t("group-decision-date"), true, "date", ""))
                (area_text(c, "remit", &lang.t("group-remit")))
                fieldset #members {
                    legend { (lang.t("group-members")) }
                    p.hint { (lang.t("group-members-hint")) }
                    @if let Some(v) = error("members") { p.field-error { (violation_text_in(lang, v, Some("programme"))) } }
                    @for row in 0..member_rows(&values) {
                        div.trainee-row {
                            @let name = format!("member_name_{row}");
                            @let agency = format!("member_agency_{row}");
                            @let role = format!("member_role_{row}");
                            label for={ "group-" (name) } { (lang.t("group-member-name")) " " (row + 1) }
                            input id={ "group-" (name) } name=(name) type="text" maxlength="500" value=(current_value(&name));
                            @if let Some(v) = error(&name) { p.field-error { (violation_text_in(lang, v, Some("programme"))) } }
                            label for={ "group-" (agency) } { (lang.t("group-member-agency")) " " (row + 1) }
                            select id={ "group-" (agency) } name=(agency) {
                                option value="" { (lang.t("form-choose")) }
                                @for (id, label) in &agencies { option value=(id) selected[current_value(&agency) == id.to_string()] { (label) } }
                            }
                            @if let Some(v) = error(&agency) { p.field-error { (violation_text_in(lang, v, Some("programme"))) } }
                            label for={ "group-" (role) } { (lang.t("group-member-role")) " " (row + 1) }
                            select id={ "group-" (role) } name=(role) {
                                option value="" { (lang.t("form-choose")) }
                                @for r in MemberRole::ALL { option value=(r.code()) selected[current_value(&role) == r.code()] { (member_role(lang, r)) } }
                            }
                            @if let Some(v) = error(&role) { p.field-error { (violation_text_in(lang, v, Some("programme"))) } }
                        }
                    }
                }
                button type="submit" { (lang.t("group-save")) }
            }
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Values>,
) -> Response {
    let values =
        super::form_kit::compact_rows(values, &["member_name", "member_agency", "member_role"]);
    let back = |violations| FormState {
        form: "group".into(),
        values: values.clone(),
        violations,
    };
    let draft = match draft_of(&values) {
        Ok(draft) => draft,
        Err(violations) => return render_list(&state, &page, Some(back(violations))).await,
    };
    match working_groups::create(&state, &page.user, &draft).await {
        Ok(created) => {
            Redirect::to(&format!("/working-groups/{}", created.summary.id)).into_response()
        }
        Err(error) => match as_violations(error) {
            Ok(violations) => {
                let violations = violations
                    .into_iter()
                    .map(|mut v| {
                        v.field = form_field(&v.field);
                        v
                    })
                    .collect();
                render_list(&state, &page, Some(back(violations))).await
            }
            Err(error) => error_page(&page, error),
        },
    }
}

pub async fn page(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Response {
    render(&state, &page, WorkingGroupId(id), None).await
}

async fn render(
    state: &AppState,
    page: &Page,
    id: WorkingGroupId,
    open: Option<FormState>,
) -> Response {
    let group = match working_groups::read(state, &page.user, id).await {
        Ok(group) => group,
        Err(error) => return error_page(page, error),
    };
    let lang = page.lang;
    let status = if open.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let s = &group.summary;
    let body = html! {
        (errors(lang, open.as_ref()))
        p { a href="/working-groups" { (lang.t("group-list")) } }
        dl #group-facts {
            dt { (lang.t("group-decision")) } dd { (s.decision_number) " · " (lang.date(s.decision_date)) }
            dt { (lang.t("group-host")) } dd { (s.host.name) }
            @if !group.remit.is_empty() { dt { (lang.t("group-remit")) } dd { (group.remit) } }
        }
        h2 { (lang.t("group-members")) }
        @if group.member_list.is_empty() { p { (lang.t("group-no-members")) } }
        @else {
            ul #group-members {
                @for m in &group.member_list { li { (m.name) " — " (member_role(lang, m.role)) ", " (m.agency.name) } }
            }
        }
        h2 { (lang.t("group-meetings")) }
        @if group.meetings.is_empty() { p { (lang.t("group-no-meetings")) } }
        @else {
            ul #group-meetings {
                @for m in &group.meetings { li { (lang.date(m.activity.held_on)) " — " a href={ "/activities/" (m.id) } { (m.activity.title) } } }
            }
        }
        @if page.can(Permission::RecordActivities) {
            p { a href="/activities/new?kind=meeting" { (lang.t("group-record-meeting")) } }
        }
        h2 { (lang.t("group-actions")) }
        (actions_table(page, &group.actions, open.as_ref(), &format!("/working-groups/{id}")))
        @if group.may_edit {
            (group_form(state, page, &format!("/working-groups/{id}"), Some(&group), open.as_ref()).await)
        }
    };
    (status, layout::page(page, &s.name, body)).into_response()
}

/// Actions with their standing, and a progress form for whoever may keep each.
pub fn actions_table(
    page: &Page,
    actions: &[ActionView],
    open: Option<&FormState>,
    back_to: &str,
) -> Markup {
    let lang = page.lang;
    html! {
        @if actions.is_empty() { p { (lang.t("group-no-actions")) } }
        @else {
            div.scroll tabindex="0" { table #actions {
                thead { tr {
                    th scope="col" { (lang.t("meeting-follow-up-action")) }
                    th scope="col" { (lang.t("meeting-follow-up-owner")) }
                    th scope="col" { (lang.t("meeting-follow-up-due")) }
                    th scope="col" { (lang.t("task-status")) }
                } }
                tbody {
                    @for a in actions {
                        tr id={ "action-" (a.id) } {
                            td data-label=(lang.t("meeting-follow-up-action")) { (a.action.follow_up.action) }
                            td data-label=(lang.t("meeting-follow-up-owner")) { (a.owner.name) }
                            td data-label=(lang.t("meeting-follow-up-due")) { (lang.date(a.action.follow_up.due_on)) }
                            td data-label=(lang.t("task-status")) {
                                @if a.standing == haven_domain::programme::TaskStanding::Late { span.overdue { (super::task_standing(lang, a.standing)) } }
                                @else { (super::task_standing(lang, a.standing)) }
                                @if !a.action.status_reason.is_empty() { br; span.hint { (a.action.status_reason) } }
                                @if a.may_update { (action_form(page, a, open, back_to)) }
                            }
                        }
                    }
                }
            } }
        }
    }
}

fn action_form(
    page: &Page,
    action: &ActionView,
    open: Option<&FormState>,
    back_to: &str,
) -> Markup {
    let lang = page.lang;
    let form = format!("action-{}", action.id);
    let mine = open_of(open, &form);
    let chosen = mine
        .map(|m| m.value("status").to_owned())
        .unwrap_or_default();
    html! {
        details open[mine.is_some()] {
            summary { (lang.t("task-update")) }
            form id={ "action-form-" (action.id) } method="post" action={ "/actions/" (action.id) } {
                (hidden(page))
                input type="hidden" name="version" value=(action.version);
                input type="hidden" name="back_to" value=(back_to);
                label for={ (form) "-status" } { (lang.t("task-status")) }
                select id={ (form) "-status" } name="status" required {
                    option value="" { (lang.t("form-choose")) }
                    @for s in TaskStatus::ALL { option value=(s.code()) selected[chosen == s.code()] { (super::task_status(lang, s)) } }
                }
                label for={ (form) "-reason" } { (lang.t("task-status-reason")) }
                input id={ (form) "-reason" } name="status_reason" type="text" maxlength="500" value=(mine.map(|m| m.value("status_reason").to_owned()).unwrap_or_default());
                button type="submit" { (lang.t("task-update-save")) }
            }
        }
    }
}

pub async fn change(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let values =
        super::form_kit::compact_rows(values, &["member_name", "member_agency", "member_role"]);
    let id = WorkingGroupId(id);
    let back = |violations| FormState {
        form: "group".into(),
        values: values.clone(),
        violations,
    };
    let draft = match draft_of(&values) {
        Ok(draft) => draft,
        Err(violations) => return render(&state, &page, id, Some(back(violations))).await,
    };
    let version = value(&values, "version").parse().unwrap_or(0);
    match working_groups::change(&state, &page.user, id, version, &draft).await {
        Ok(_) => Redirect::to(&format!("/working-groups/{id}")).into_response(),
        Err(error) => match as_violations(error) {
            Ok(violations) => render(&state, &page, id, Some(back(violations))).await,
            Err(error) => error_page(&page, error),
        },
    }
}

/// An action's progress; the page it came from is shown again.
pub async fn update_action(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let id = ActionId(id);
    let version = value(&values, "version").parse().unwrap_or(0);
    // Only pages of Haven are gone back to.
    let back_to = Some(value(&values, "back_to"))
        .filter(|p| p.starts_with("/working-groups/") || p.starts_with("/activities/"))
        .unwrap_or("/working-groups")
        .to_owned();
    let Some(status) = TaskStatus::from_code(value(&values, "status")) else {
        return back_with_error(
            &state,
            &page,
            &back_to,
            id,
            values.clone(),
            vec![Violation::required("status")],
        )
        .await;
    };
    match working_groups::update_action(
        &state,
        &page.user,
        id,
        version,
        status,
        value(&values, "status_reason"),
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("{back_to}#action-{id}")).into_response(),
        Err(error) => match as_violations(error) {
            Ok(violations) => {
                back_with_error(&state, &page, &back_to, id, values, violations).await
            }
            Err(error) => error_page(&page, error),
        },
    }
}

async fn back_with_error(
    state: &AppState,
    page: &Page,
    back_to: &str,
    id: ActionId,
    values: Values,
    violations: Vec<Violation>,
) -> Response {
    let open = FormState {
        form: format!("action-{id}"),
        values,
        violations,
    };
    match back_to
        .strip_prefix("/working-groups/")
        .and_then(|rest| rest.parse().ok())
    {
        Some(group) => render(state, page, WorkingGroupId(group), Some(open)).await,
        None => {
            let lang = page.lang;
            let body = html! { (errors(lang, Some(&open))) p { a href=(back_to) { (lang.t("group-back")) } } };
            (
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                layout::page(page, &lang.t("group-actions"), body),
            )
                .into_response()
        }
    }
}
