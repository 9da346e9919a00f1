//! Facilities (shelters, social protection centres): capacity and how many
//! stay there now. Counts only: who stays is on each case page.

use super::context::Page;
use super::labels::{self, CodeLabels};
use super::layout;
use crate::AppState;
use axum::extract::State;
use maud::{html, Markup};

pub async fn page(State(state): State<AppState>, page: Page) -> Markup {
    let lang = page.lang;
    let facilities = state.store.facilities().await.unwrap_or_default();
    let occupancy = state.store.occupancy().await.unwrap_or_default();
    let agencies = labels::agency_names(&state).await;
    let kinds = CodeLabels::load(&state, "facility_type", lang).await;
    let units = labels::unit_names(
        &state,
        &facilities
            .iter()
            .map(|f| f.admin_unit_id.clone())
            .collect::<Vec<_>>(),
    )
    .await;
    layout::page(
        &page,
        &lang.t("facilities-title"),
        html! {
            @if facilities.is_empty() {
                p { (lang.t("facilities-none")) }
            } @else {
                table #facilities {
                    thead {
                        tr {
                            th scope="col" { (lang.t("field-facility")) }
                            th scope="col" { (lang.t("facilities-kind")) }
                            th scope="col" { (lang.t("facilities-operator")) }
                            th scope="col" { (lang.t("facilities-place")) }
                            th scope="col" { (lang.t("field-staying")) }
                            th scope="col" { (lang.t("field-capacity")) }
                        }
                    }
                    tbody {
                        @for f in &facilities {
                            @let staying = occupancy.get(&f.id).copied().unwrap_or(0);
                            tr {
                                td { (f.name) }
                                td { (kinds.of(&f.facility_type)) }
                                td { (agencies.get(&f.operator_agency_id).cloned().unwrap_or_default()) }
                                td { (units.get(&f.admin_unit_id).cloned().unwrap_or_else(|| f.admin_unit_id.clone())) }
                                td class=[(staying >= f.capacity.max(0) as u64).then_some("overdue")] { (staying) }
                                td { (f.capacity) }
                            }
                        }
                    }
                }
            }
        },
    )
}
