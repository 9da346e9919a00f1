//! The activities held: a list with filters (kind, province, period, plan,
//! task, one's own agency) and the way to record one of each kind.

use super::super::context::Page;
use super::super::extract::Query;
use super::super::labels::CodeLabels;
use super::super::{error_page, layout};
use crate::pages::degraded::OrShown;
use crate::views::programme::activities::{self, ActivityQuery, ActivityView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_domain::ids::AgencyId;
use haven_domain::programme::{ActivityDetails, ActivityKind, InspectedBody};
use maud::{html, Markup};
use serde::Deserialize;

/// The filters as the page's form sends them (empty fields are no filter).
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    province: String,
    /// A commune of the province (`2025/01/00070`): a plan's place.
    #[serde(default)]
    commune: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    plan_id: String,
    #[serde(default)]
    task_id: String,
    #[serde(default)]
    own: String,
    #[serde(default)]
    page: Option<u64>,
}

const PAGE_SIZE: u64 = 50;

fn query_of(filters: &Filters, own_agency: i64) -> Result<ActivityQuery, haven_domain::Violations> {
    use haven_domain::Violation;
    let mut v = haven_domain::Violations::default();
    let mut date = |name: &str, raw: &str| {
        if raw.trim().is_empty() {
            return None;
        }
        let parsed = chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
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
    let from = date("from", &filters.from);
    let to = date("to", &filters.to);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            v.push(Violation::new(
                "to",
                "not_before_from",
                "Ngày kết thúc không thể trước ngày bắt đầu.",
                "The end cannot come before the start.",
            ));
        }
    }
    let kind = ActivityKind::from_code(&filters.kind);
    if kind.is_none() && !filters.kind.is_empty() {
        v.push(Violation::unknown_code("kind", "activity_kind"));
    }
    let mut id = |name: &str, raw: &str| -> Option<i64> {
        if raw.is_empty() {
            return None;
        }
        let parsed = raw.parse().ok();
        if parsed.is_none() {
            v.push(Violation::new(
                name,
                "number",
                "Mã không hợp lệ.",
                "Not a valid id.",
            ));
        }
        parsed
    };
    let task_id = id("task_id", &filters.task_id);
    let plan_id = id("plan_id", &filters.plan_id);
    let page = filters.page.unwrap_or(1).max(1);
    v.into_result()?;
    Ok(ActivityQuery {
        kind,
        agency_id: (filters.own == "on").then_some(AgencyId(own_agency)),
        area: if filters.commune.is_empty() {
            filters.province.strip_prefix("2025/").map(str::to_owned)
        } else {
            filters.commune.strip_prefix("2025/").map(str::to_owned)
        },
        from,
        to,
        task_id: task_id.map(haven_domain::ids::TaskId),
        plan_id: plan_id.map(haven_domain::ids::PlanId),
        offset: (page - 1).saturating_mul(PAGE_SIZE),
        limit: Some(PAGE_SIZE),
    })
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(filters): Query<Filters>,
) -> Response {
    let lang = page.lang;
    let provinces = state
        .store
        .admin_units_under("2025", None)
        .await
        .or_shown("admin_units_under");
    // The commune, named, when it is one of the province's.
    let commune = if filters.commune.is_empty() {
        None
    } else {
        match state.store.admin_unit(&filters.commune).await {
            Ok(Some(unit)) if unit.id.starts_with(&format!("{}/", filters.province)) => {
                Some(unit.name)
            }
            Ok(_) | Err(_) => None,
        }
    };
    let checked = query_of(&filters, page.user.agency_id).and_then(|query| {
        if !filters.province.is_empty() && !provinces.iter().any(|p| p.id == filters.province) {
            return Err(haven_domain::Violations(vec![
                haven_domain::Violation::unknown_code("province", "admin_units"),
            ]));
        }
        if !filters.commune.is_empty() && commune.is_none() {
            return Err(haven_domain::Violations(vec![
                haven_domain::Violation::new(
                    "commune",
                    "in_province",
                    "Xã, phường không thuộc tỉnh, thành phố đã chọn.",
                    "The commune is not in the province chosen.",
                ),
            ]));
        }
        Ok(query)
    });
    let (found, violations) = match checked {
        Ok(query) => match activities::list(&state, &page.user, &query).await {
            Ok(found) => (Some(found), Vec::new()),
            Err(error) => match super::super::admin::forms::as_violations(error) {
                Ok(violations) => (None, violations),
                Err(error) => return error_page(&page, error),
            },
        },
        Err(v) => (None, v.0),
    };
    let channels = CodeLabels::load(&state, "communication_kind", lang).await;
    let total = found.as_ref().map_or(0, |f| f.total);
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let current_page = filters.page.unwrap_or(1).clamp(1, pages);
    let link = |n: u64| {
        format!(
            "/activities?kind={}&province={}&commune={}&from={}&to={}&plan_id={}&task_id={}&own={}&page={n}",
            filters.kind,
            filters.province,
            filters.commune,
            filters.from,
            filters.to,
            filters.plan_id,
            filters.task_id,
            filters.own
        )
    };
    let error = |name: &str| violations.iter().find(|v| v.field == name);
    let narrowed = match (
        filters.task_id.parse::<i64>(),
        filters.plan_id.parse::<i64>(),
    ) {
        (Ok(task), _) => Some(lang.t_with("activity-of-task", &[("no", task.into())])),
        (Err(_), Ok(plan)) => Some(lang.t_with("activity-of-plan", &[("no", plan.into())])),
        (Err(_), Err(_)) => None,
    };
    let recordable: Vec<ActivityKind> = ActivityKind::ALL
        .into_iter()
        .filter(|kind| page.can(haven_access::permission_to_record(*kind)))
        .collect();
    let body = html! {
        @if !recordable.is_empty() {
            p #record-links {
                (lang.t("activity-record")) ": "
                @for (i, kind) in recordable.iter().enumerate() {
                    @if i > 0 { " · " }
                    a href={ "/activities/new?kind=" (kind.code()) } { (super::activity_kind(lang, *kind)) }
                }
            }
        }
        @if !violations.is_empty() {
            div.error role="alert" #form-errors {
                ul { @for v in &violations { li { (super::super::violation_text_in(lang, v, Some("programme"))) } } }
            }
        }
        p { a href="/working-groups" { (lang.t("group-list")) } " · " a href="/companies" { (lang.t("company-register")) } " · " a href="/agency-reports" { (lang.t("agency-report-link")) } }
        @if let Some(narrowed) = &narrowed {
            p.notice { (narrowed) " · " a href="/activities" { (lang.t("activity-all")) } }
        }
        @if let Some(commune) = &commune {
            p.notice #commune-filter {
                (lang.t("activity-commune")) ": " strong { (commune) } " · "
                a href={ "/activities?kind=" (filters.kind) "&province=" (filters.province) "&from=" (filters.from) "&to=" (filters.to) } { (lang.t("activity-whole-province")) }
            }
        }
        form.filters method="get" action="/activities" {
            div.field {
                label for="kind" { (lang.t("activity-kind")) }
                select #kind name="kind" aria-invalid=[error("kind").map(|_| "true")] {
                    option value="" { (lang.t("filter-any")) }
                    @for kind in ActivityKind::ALL { option value=(kind.code()) selected[filters.kind == kind.code()] { (super::activity_kind(lang, kind)) } }
                }
            }
            div.field {
                label for="province" { (lang.t("activity-province")) }
                select #province name="province" aria-invalid=[error("province").map(|_| "true")] {
                    option value="" { (lang.t("filter-any")) }
                    @for p in &provinces { option value=(p.id) selected[filters.province == p.id] { (p.name) } }
                }
            }
            div.field { label for="from" { (lang.t("activity-from")) } input #from type="date" name="from" value=(filters.from) aria-invalid=[error("from").map(|_| "true")]; }
            div.field { label for="to" { (lang.t("activity-to")) } input #to type="date" name="to" value=(filters.to) aria-invalid=[error("to").map(|_| "true")]; }
            div.field.check {
                input #own type="checkbox" name="own" checked[filters.own == "on"];
                label for="own" { (lang.t("activity-own-only")) }
            }
            @if commune.is_some() { input type="hidden" name="commune" value=(filters.commune); }
            input type="hidden" name="plan_id" value=(filters.plan_id);
            input type="hidden" name="task_id" value=(filters.task_id);
            button type="submit" { (lang.t("filter-apply")) }
        }
        @if let Some(found) = &found {
            p #activity-count { (lang.t_with("activity-found", &[("total", found.total.into())])) }
            @if !found.items.is_empty() {
                div.scroll tabindex="0" { table #activity-list {
                    thead { tr {
                        th scope="col" { (lang.t("activity-held-on")) }
                        th scope="col" { (lang.t("activity-kind")) }
                        th scope="col" { (lang.t("activity-title")) }
                        th scope="col" { (lang.t("activity-agency")) }
                        th scope="col" { (lang.t("activity-reach")) }
                    } }
                    tbody { @for item in &found.items { (row(lang, item, &channels)) } }
                } }
            }
        }
        @if pages > 1 {
            nav.pager aria-label=(lang.t("pager-label")) {
                @if current_page > 1 { a href=(link(current_page - 1)) rel="prev" { (lang.t("pager-previous")) } " " }
                (lang.t_with("pager-position", &[("page", current_page.into()), ("pages", pages.into())]))
                @if current_page < pages { " " a href=(link(current_page + 1)) rel="next" { (lang.t("pager-next")) } }
            }
        }
    };
    let status = if violations.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, layout::page(&page, &lang.t("nav-activities"), body)).into_response()
}

fn row(lang: crate::i18n::Lang, item: &ActivityView, channels: &CodeLabels) -> Markup {
    let a = &item.activity;
    let (kind_detail, reach) = match &a.details {
        ActivityDetails::Communication(c) => (
            channels.of(&c.channel),
            lang.t_with("activity-reached", &[("count", c.reached.total.into())]),
        ),
        ActivityDetails::Training(t) => (
            super::training_level(lang, t.level),
            lang.t_with("activity-trainees", &[("count", t.trainees().into())]),
        ),
        ActivityDetails::Meeting(m) => (
            super::meeting_kind(lang, m.meeting_kind),
            lang.t_with(
                "activity-agencies",
                &[("count", m.participating_agency_ids.len().into())],
            ),
        ),
        ActivityDetails::Inspection(i) => (
            lang.t(match i.subject {
                InspectedBody::Company { .. } => "inspection-subject-company",
                InspectedBody::Facility { .. } => "inspection-subject-facility",
            }),
            lang.t_with(
                "inspection-violations-found",
                &[("count", i.violations.len().into())],
            ),
        ),
    };
    html! {
        tr {
            td data-label=(lang.t("activity-held-on")) { (lang.date(a.held_on)) }
            td data-label=(lang.t("activity-kind")) { (super::activity_kind(lang, item.kind)) br; span.hint { (kind_detail) } }
            td data-label=(lang.t("activity-title")) {
                a href={ "/activities/" (item.id) } { (a.title) }
                @for flag in &a.area_flags { " " span.badge { (super::area_flag(lang, *flag)) } }
            }
            td data-label=(lang.t("activity-agency")) { (item.agency.name) }
            td data-label=(lang.t("activity-reach")) { (reach) }
        }
    }
}
