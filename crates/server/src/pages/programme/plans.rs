//! The list of plans: national, provincial and communal, each with its
//! issuing body and years; a planner's way to issue a new one.

use super::super::context::Page;
use super::super::{error_page, layout};
use crate::views::programme::plans;
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_access::Permission;
use maud::html;

pub async fn list(State(state): State<AppState>, page: Page) -> Response {
    let plans = match plans::list(&state, &page.user).await {
        Ok(plans) => plans,
        Err(error) => return error_page(&page, error),
    };
    let lang = page.lang;
    let mut areas = std::collections::HashMap::new();
    for plan in &plans {
        if !areas.contains_key(&plan.area_code) {
            let name = super::area_name(&state, lang, &plan.area_code).await;
            areas.insert(plan.area_code.clone(), name);
        }
    }
    let body = html! {
        @if page.can(Permission::ManagePlans) {
            p { a href="/plans/new" { (lang.t("plan-new")) } }
        }
        p { a href="/activities" { (lang.t("nav-activities")) } " · " a href="/working-groups" { (lang.t("group-list")) } " · " a href="/companies" { (lang.t("company-register")) } }
        @if plans.is_empty() {
            p { (lang.t("plan-none")) }
        } @else {
            div.scroll tabindex="0" { table #plans {
                caption.visually-hidden { (lang.t("nav-plans")) }
                thead { tr {
                    th scope="col" { (lang.t("plan-number")) }
                    th scope="col" { (lang.t("plan-title")) }
                    th scope="col" { (lang.t("plan-years")) }
                    th scope="col" { (lang.t("plan-issuer")) }
                    th scope="col" { (lang.t("plan-area")) }
                } }
                tbody {
                    @for plan in &plans {
                        tr {
                            td data-label=(lang.t("plan-number")) {
                                a href={ "/plans/" (plan.id) } { (plan.number) }
                                br; span.hint { (lang.date(plan.issued_on)) }
                            }
                            td data-label=(lang.t("plan-title")) { (plan.title) }
                            td data-label=(lang.t("plan-years")) { (super::years(lang, plan.first_year, plan.last_year, plan.orientation_year)) }
                            td data-label=(lang.t("plan-issuer")) { (plan.issuer.name) }
                            td data-label=(lang.t("plan-area")) { (areas.get(&plan.area_code).cloned().unwrap_or_default()) }
                        }
                    }
                }
            } }
        }
    };
    layout::page(&page, &lang.t("nav-plans"), body).into_response()
}
