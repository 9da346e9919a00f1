//! The activities held: a list with filters (kind, province, period, plan,
//! task, one's own agency) and the way to record one of each kind.

use super::super::context::Page;
use super::super::extract::Query;
use super::super::labels::CodeLabels;
use super::super::{error_page, layout};
use crate::views::programme::activities::{self, ActivityQuery, ActivityView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_access::Permission;
use haven_domain::ids::AgencyId;
use haven_domain::programme::{ActivityDetails, ActivityKind};
use maud::{html, Markup};
use serde::Deserialize;

/// The filters as the page's form sends them (empty fields are no filter).
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    province: String,
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
    let mut v = haven_domain::Violations::default();
    let mut date = |name: &str, raw: &str| {
        if raw.trim().is_empty() {
            return None;
        }
        let parsed = chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
        if parsed.is_none() {
            v.push(haven_domain::Violation::new(
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
    let page = filters.page.unwrap_or(1).max(1);
    v.into_result()?;
    Ok(ActivityQuery {
        kind: ActivityKind::from_code(&filters.kind),
        agency_id: (filters.own == "on").then_some(AgencyId(own_agency)),
        area: filters.province.strip_prefix("2025/").map(str::to_owned),
        from,
        to,
        task_id: filters.task_id.parse().ok().map(haven_domain::ids::TaskId),
        plan_id: filters.plan_id.parse().ok().map(haven_domain::ids::PlanId),
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
    let query = match query_of(&filters, page.user.agency_id) {
        Ok(query) => query,
        Err(v) => return error_page(&page, crate::error::ApiError::invalid(v)),
    };
    let found = match activities::list(&state, &page.user, &query).await {
        Ok(found) => found,
        Err(error) => return error_page(&page, error),
    };
    let provinces = state
        .store
        .admin_units_under("2025", None)
        .await
        .unwrap_or_default();
    let channels = CodeLabels::load(&state, "communication_kind", lang).await;
    let current_page = filters.page.unwrap_or(1).max(1);
    let pages = found.total.div_ceil(PAGE_SIZE).max(1);
    let link = |n: u64| {
        format!(
            "/activities?kind={}&province={}&from={}&to={}&plan_id={}&task_id={}&own={}&page={n}",
            filters.kind,
            filters.province,
            filters.from,
            filters.to,
            filters.plan_id,
            filters.task_id,
            filters.own
        )
    };
    let body = html! {
        @if page.can(Permission::RecordActivities) {
            p #record-links {
                (lang.t("activity-record")) ": "
                @for (i, kind) in ActivityKind::ALL.into_iter().enumerate() {
                    @if i > 0 { " · " }
                    a href={ "/activities/new?kind=" (kind.code()) } { (super::activity_kind(lang, kind)) }
                }
            }
        }
        form.filters method="get" action="/activities" {
            div.field {
                label for="kind" { (lang.t("activity-kind")) }
                select #kind name="kind" {
                    option value="" { (lang.t("filter-any")) }
                    @for kind in ActivityKind::ALL { option value=(kind.code()) selected[filters.kind == kind.code()] { (super::activity_kind(lang, kind)) } }
                }
            }
            div.field {
                label for="province" { (lang.t("activity-province")) }
                select #province name="province" {
                    option value="" { (lang.t("filter-any")) }
                    @for p in &provinces { option value=(p.id) selected[filters.province == p.id] { (p.name) } }
                }
            }
            div.field { label for="from" { (lang.t("activity-from")) } input #from type="date" name="from" value=(filters.from); }
            div.field { label for="to" { (lang.t("activity-to")) } input #to type="date" name="to" value=(filters.to); }
            div.field.check {
                input #own type="checkbox" name="own" checked[filters.own == "on"];
                label for="own" { (lang.t("activity-own-only")) }
            }
            input type="hidden" name="plan_id" value=(filters.plan_id);
            input type="hidden" name="task_id" value=(filters.task_id);
            button type="submit" { (lang.t("filter-apply")) }
        }
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
        @if pages > 1 {
            nav.pager aria-label=(lang.t("pager-label")) {
                @if current_page > 1 { a href=(link(current_page - 1)) rel="prev" { (lang.t("pager-previous")) } " " }
                (lang.t_with("pager-position", &[("page", current_page.into()), ("pages", pages.into())]))
                @if current_page < pages { " " a href=(link(current_page + 1)) rel="next" { (lang.t("pager-next")) } }
            }
        }
    };
    layout::page(&page, &lang.t("nav-activities"), body).into_response()
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
    };
    html! {
        tr {
            td data-label=(lang.t("activity-held-on")) { (lang.date(a.held_on)) }
            td data-label=(lang.t("activity-kind")) { (super::activity_kind(lang, item.kind)) br; span.hint { (kind_detail) } }
            td data-label=(lang.t("activity-title")) {
                (a.title)
                @for flag in &a.area_flags { " " span.badge { (super::area_flag(lang, *flag)) } }
            }
            td data-label=(lang.t("activity-agency")) { (item.agency.name) }
            td data-label=(lang.t("activity-reach")) { (reach) }
        }
    }
}
