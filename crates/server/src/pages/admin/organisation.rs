//! Agencies and facilities: every administrator sees them; system
//! administrators (organisation management) add new ones. A place is a
//! 2025 province chosen from the list and, for a commune-level office, the
//! commune's GSO code typed in (3,321 communes would not fit a light page).

use super::forms::{as_violations, error_of, labelled, other_errors, value};
use crate::case_access::write_log;
use crate::error::ApiError;
use crate::pages::context::Page;
use crate::pages::degraded::OrShown;
use crate::pages::labels::{self, CodeLabels};
use crate::pages::{error_page, layout};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Form;
use haven_access::Permission;
use haven_domain::organisation::{NewAgency, NewFacility};
use haven_domain::Violation;
use haven_store::access::AccessEntry;
use maud::{html, Markup};

/// Which form came back, with what was typed and what went wrong.
#[derive(Default)]
struct Outcome {
    form: &'static str,
    values: Vec<(String, String)>,
    violations: Vec<Violation>,
    notice: Option<String>,
}

pub async fn page(State(state): State<AppState>, page: Page) -> Response {
    render(&state, &page, Outcome::default()).await
}

pub async fn add_agency(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(error) = may_add(&state, &page, "add_agency").await {
        return error_page(&page, error);
    }
    let parent = value(&values, "parent_agency_code");
    let new = NewAgency {
        code: value(&values, "code").to_owned(),
        name: value(&values, "name").to_owned(),
        sector: value(&values, "sector").to_owned(),
        admin_unit_id: unit_id(&values),
        parent_agency_code: (!parent.is_empty()).then(|| parent.to_owned()),
    };
    let outcome = match state.store.add_agency(&new).await {
        Ok(agency) => {
            tracing::info!(user_id = page.user.id, agency = agency.id, "agency added");
            Outcome {
                notice: Some(
                    page.lang
                        .t_with("admin-agency-added", &[("code", agency.code.into())]),
                ),
                ..Default::default()
            }
        }
        Err(error) => match as_violations(error.into()) {
            Ok(violations) => Outcome {
                form: "agency",
                values,
                violations,
                notice: None,
            },
            Err(error) => return error_page(&page, error),
        },
    };
    render(&state, &page, outcome).await
}

pub async fn add_facility(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(error) = may_add(&state, &page, "add_facility").await {
        return error_page(&page, error);
    }
    let capacity = value(&values, "capacity").parse::<i32>().unwrap_or(0);
    let new = NewFacility {
        code: value(&values, "code").to_owned(),
        name: value(&values, "name").to_owned(),
        facility_type: value(&values, "facility_type").to_owned(),
        operator_agency_code: value(&values, "operator_agency_code").to_owned(),
        admin_unit_id: unit_id(&values),
        capacity,
    };
    let outcome = match state.store.add_facility(&new).await {
        Ok(facility) => {
            tracing::info!(
                user_id = page.user.id,
                facility = facility.id,
                "facility added"
            );
            Outcome {
                notice: Some(
                    page.lang
                        .t_with("admin-facility-added", &[("code", facility.code.into())]),
                ),
                ..Default::default()
            }
        }
        Err(error) => match as_violations(error.into()) {
            Ok(violations) => Outcome {
                form: "facility",
                values,
                violations,
                notice: None,
            },
            Err(error) => return error_page(&page, error),
        },
    };
    render(&state, &page, outcome).await
}

/// Only organisation managers add agencies and facilities; the decision is logged.
async fn may_add(state: &AppState, page: &Page, action: &'static str) -> Result<(), ApiError> {
    let allowed = page.can(Permission::ManageOrganisation);
    write_log(
        state,
        AccessEntry {
            user_id: page.user.id,
            agency_id: page.user.agency_id,
            action,
            case_number: None,
            allowed,
            detail: (!allowed).then_some("missing_permission"),
            account_user_id: None,
        },
    )
    .await;
    if allowed {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

async fn render(state: &AppState, page: &Page, outcome: Outcome) -> Response {
    let lang = page.lang;
    if !super::administers(page) {
        return error_page(page, ApiError::forbidden());
    }
    let agencies = state.store.agencies().await.or_shown("agencies");
    let facilities = state.store.facilities().await.or_shown("facilities");
    let names = labels::agency_names(state).await;
    let sectors = CodeLabels::load(state, "agency_sector", lang).await;
    let kinds = CodeLabels::load(state, "facility_type", lang).await;
    let provinces = state
        .store
        .admin_units_under("2025", None)
        .await
        .or_shown("admin_units_under");
    let unit_ids: Vec<String> = agencies
        .iter()
        .map(|a| a.admin_unit_id.clone())
        .chain(facilities.iter().map(|f| f.admin_unit_id.clone()))
        .collect();
    let units = labels::unit_names(state, &unit_ids).await;
    let unit_of = |id: &str| units.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let sector_codes = state
        .store
        .code_list("agency_sector")
        .await
        .or_shown("code_list");
    let kind_codes = state
        .store
        .code_list("facility_type")
        .await
        .or_shown("code_list");
    let manages = page.can(Permission::ManageOrganisation);
    let typed = |form: &str, name: &str| -> String {
        if outcome.form == form {
            value(&outcome.values, name).to_owned()
        } else {
            String::new()
        }
    };
    let violations = |form: &str| -> &[Violation] {
        if outcome.form == form {
            &outcome.violations
        } else {
            &[]
        }
    };
    let place = |form: &str, prefix: &str| -> Markup {
        let province = typed(form, "province");
        html! {
            (labelled(lang, &format!("{prefix}-province"), "admin-province", true, html! {
                select id={ (prefix) "-province" } name="province" required {
                    @for p in &provinces {
                        option value=(p.gso_code) selected[p.gso_code == province] { (p.name) }
                    }
                }
            }, error_of(violations(form), "admin_unit_id")))
            (labelled(lang, &format!("{prefix}-commune"), "admin-commune-code", false, html! {
                input id={ (prefix) "-commune" } type="text" inputmode="numeric" name="commune" value=(typed(form, "commune"));
            }, None))
        }
    };
    let body = html! {
        (super::subnav(page))
        @if let Some(notice) = &outcome.notice { p.notice role="status" { (notice) } }
        section.card {
            h2 { (lang.t("admin-agencies")) }
            table #agencies {
                thead { tr {
                    th scope="col" { (lang.t("admin-code")) }
                    th scope="col" { (lang.t("admin-name")) }
                    th scope="col" { (lang.t("admin-sector")) }
                    th scope="col" { (lang.t("admin-place")) }
                    th scope="col" { (lang.t("admin-parent")) }
                } }
                tbody {
                    @for a in &agencies {
                        tr {
                            td data-label=(lang.t("admin-code")) { (a.code) }
                            td data-label=(lang.t("admin-name")) { (a.name) }
                            td data-label=(lang.t("admin-sector")) { (sectors.of(&a.sector)) }
                            td data-label=(lang.t("admin-place")) { (unit_of(&a.admin_unit_id)) }
                            td data-label=(lang.t("admin-parent")) { (a.parent_agency_id.and_then(|id| names.get(&id).cloned()).unwrap_or_default()) }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (lang.t("admin-facilities")) }
            table #admin-facilities {
                thead { tr {
                    th scope="col" { (lang.t("admin-code")) }
                    th scope="col" { (lang.t("admin-name")) }
                    th scope="col" { (lang.t("facilities-kind")) }
                    th scope="col" { (lang.t("facilities-operator")) }
                    th scope="col" { (lang.t("admin-place")) }
                    th scope="col" { (lang.t("field-capacity")) }
                } }
                tbody {
                    @for f in &facilities {
                        tr {
                            td data-label=(lang.t("admin-code")) { (f.code) }
                            td data-label=(lang.t("admin-name")) { (f.name) }
                            td data-label=(lang.t("facilities-kind")) { (kinds.of(&f.facility_type)) }
                            td data-label=(lang.t("facilities-operator")) { (names.get(&f.operator_agency_id).cloned().unwrap_or_default()) }
                            td data-label=(lang.t("admin-place")) { (unit_of(&f.admin_unit_id)) }
                            td data-label=(lang.t("field-capacity")) { (f.capacity) }
                        }
                    }
                }
            }
        }
        @if manages {
            section.card #new-agency {
                h2 { (lang.t("admin-new-agency")) }
                form method="post" action="/admin/agencies" {
                    input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                    (other_errors(lang, violations("agency"), &["code", "name", "sector", "admin_unit_id", "parent_agency_code"]))
                    (labelled(lang, "agency-code", "admin-code", true, html! {
                        input #agency-code type="text" name="code" required value=(typed("agency", "code"));
                    }, error_of(violations("agency"), "code")))
                    (labelled(lang, "agency-name", "admin-name", true, html! {
                        input #agency-name type="text" name="name" required value=(typed("agency", "name"));
                    }, error_of(violations("agency"), "name")))
                    (labelled(lang, "agency-sector", "admin-sector", true, html! {
                        select #agency-sector name="sector" required {
                            @for item in &sector_codes {
                                option value=(item.code) selected[item.code == typed("agency", "sector")] { (sectors.of(&item.code)) }
                            }
                        }
                    }, error_of(violations("agency"), "sector")))
                    (place("agency", "agency"))
                    (labelled(lang, "agency-parent", "admin-parent", false, html! {
                        select #agency-parent name="parent_agency_code" {
                            option value="" { (lang.t("form-none")) }
                            @for a in &agencies {
                                option value=(a.code) selected[a.code == typed("agency", "parent_agency_code")] { (a.name) }
                            }
                        }
                    }, error_of(violations("agency"), "parent_agency_code")))
                    button type="submit" { (lang.t("admin-create")) }
                }
            }
            section.card #new-facility {
                h2 { (lang.t("admin-new-facility")) }
                form method="post" action="/admin/facilities" {
                    input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                    (other_errors(lang, violations("facility"), &["code", "name", "facility_type", "operator_agency_code", "admin_unit_id", "capacity"]))
                    (labelled(lang, "facility-code", "admin-code", true, html! {
                        input #facility-code type="text" name="code" required value=(typed("facility", "code"));
                    }, error_of(violations("facility"), "code")))
                    (labelled(lang, "facility-name", "admin-name", true, html! {
                        input #facility-name type="text" name="name" required value=(typed("facility", "name"));
                    }, error_of(violations("facility"), "name")))
                    (labelled(lang, "facility-type", "facilities-kind", true, html! {
                        select #facility-type name="facility_type" required {
                            @for item in &kind_codes {
                                option value=(item.code) selected[item.code == typed("facility", "facility_type")] { (kinds.of(&item.code)) }
                            }
                        }
                    }, error_of(violations("facility"), "facility_type")))
                    (labelled(lang, "facility-operator", "facilities-operator", true, html! {
                        select #facility-operator name="operator_agency_code" required {
                            @for a in &agencies {
                                option value=(a.code) selected[a.code == typed("facility", "operator_agency_code")] { (a.name) }
                            }
                        }
                    }, error_of(violations("facility"), "operator_agency_code")))
                    (place("facility", "facility"))
                    (labelled(lang, "facility-capacity", "field-capacity", true, html! {
                        input #facility-capacity type="number" min="1" name="capacity" required value=(typed("facility", "capacity"));
                    }, error_of(violations("facility"), "capacity")))
                    button type="submit" { (lang.t("admin-create")) }
                }
            }
        }
    };
    layout::page(page, &lang.t("admin-organisation-title"), body).into_response()
}

/// The 2025 unit a form names: the province, or a commune in it.
fn unit_id(values: &[(String, String)]) -> String {
    let province = value(values, "province");
    match value(values, "commune") {
        "" => format!("2025/{province}"),
        commune => format!("2025/{province}/{commune}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_a_province_or_a_commune_in_it() {
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            unit_id(&form(&[("province", "01"), ("commune", "")])),
            "2025/01"
        );
        assert_eq!(
            unit_id(&form(&[("province", "01"), ("commune", " 00070 ")])),
            "2025/01/00070"
        );
    }
}
