//! The inspection's part of the activity form: what was inspected (a
//! company of the register or a support facility), the team, the findings,
//! the violations, up to a few sanctions and the follow-up. Read back into
//! the domain's `Inspection`, each fault named by the form's own field.

use super::super::admin::forms::value;
use super::super::violation_text_in;
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::AppState;
use haven_domain::ids::{AgencyId, CompanyId};
use haven_domain::programme::{InspectedBody, Inspection, Sanction};
use haven_domain::{Violation, Violations};
use maud::{html, Markup};

/// Sanction rows the form offers (blank rows are left out).
const SANCTION_ROWS: usize = 3;

type Values = Vec<(String, String)>;

fn checked(values: &[(String, String)], name: &str) -> Vec<String> {
    values
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// A recorded inspection as the form's fields.
pub fn values_of(inspection: &Inspection, put: &mut dyn FnMut(&str, String)) {
    match inspection.subject {
        InspectedBody::Company { company_id } => {
            put("subject_kind", "company".into());
            put("company_id", company_id.to_string());
        }
        InspectedBody::Facility { facility_id } => {
            put("subject_kind", "facility".into());
            put("facility_id", facility_id.to_string());
        }
    }
    for agency in &inspection.team_agency_ids {
        put("team_agency_ids", agency.to_string());
    }
    put("findings", inspection.findings.clone());
    for code in &inspection.violations {
        put("violations", code.clone());
    }
    for (row, s) in inspection.sanctions.iter().enumerate() {
        put(&format!("sanction_kind_{row}"), s.sanction_kind.clone());
        put(
            &format!("sanction_amount_{row}"),
            s.amount_vnd.map(|a| a.to_string()).unwrap_or_default(),
        );
        put(
            &format!("sanction_decision_{row}"),
            s.decision_number.clone(),
        );
    }
    put("follow_up", inspection.follow_up.clone());
    put(
        "follow_up_due",
        inspection
            .follow_up_due
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
}

/// The form's name for a field the rules or the store name.
pub fn form_field(field: &str) -> Option<String> {
    if field == "subject.company_id" {
        return Some("company_id".into());
    }
    if field == "subject.facility_id" {
        return Some("facility_id".into());
    }
    let rest = field.strip_prefix("sanctions_")?;
    let (row, part) = rest.split_once('.')?;
    let name = match part {
        "sanction_kind" => "sanction_kind",
        "amount_vnd" => "sanction_amount",
        "decision_number" => "sanction_decision",
        _ => return None,
    };
    Some(format!("{name}_{row}"))
}

fn rows(values: &[(String, String)]) -> usize {
    let used = values
        .iter()
        .filter(|(k, v)| k.starts_with("sanction_") && !v.is_empty())
        .filter_map(|(k, _)| k.rsplit('_').next().and_then(|n| n.parse::<usize>().ok()))
        .max()
        .map_or(0, |last| last + 2);
    SANCTION_ROWS
        .max(used)
        .min(haven_domain::programme::MAX_ITEMS)
}

/// The inspection the form describes; faults the form finds go to `v`.
pub fn read(values: &Values, v: &mut Violations) -> Inspection {
    let subject = match value(values, "subject_kind") {
        "company" => match value(values, "company_id").parse() {
            Ok(id) => Some(InspectedBody::Company {
                company_id: CompanyId(id),
            }),
            Err(_) => {
                v.push(Violation::required("company_id"));
                None
            }
        },
        "facility" => match value(values, "facility_id").parse() {
            Ok(id) => Some(InspectedBody::Facility { facility_id: id }),
            Err(_) => {
                v.push(Violation::required("facility_id"));
                None
            }
        },
        _ => {
            v.push(Violation::required("subject_kind"));
            None
        }
    };
    let mut sanctions = Vec::new();
    for row in 0..rows(values) {
        let kind = value(values, &format!("sanction_kind_{row}"));
        let amount_field = format!("sanction_amount_{row}");
        let raw_amount = value(values, &amount_field);
        let decision = value(values, &format!("sanction_decision_{row}"));
        if kind.is_empty() && raw_amount.is_empty() && decision.is_empty() {
            continue;
        }
        let amount_vnd = match super::whole_number(raw_amount) {
            Ok(amount) => amount,
            Err(()) => {
                v.push(super::not_whole(&amount_field));
                None
            }
        };
        sanctions.push(Sanction {
            sanction_kind: kind.to_owned(),
            amount_vnd,
            decision_number: decision.to_owned(),
        });
    }
    let due_raw = value(values, "follow_up_due");
    let follow_up_due = if due_raw.is_empty() {
        None
    } else {
        let parsed = chrono::NaiveDate::parse_from_str(due_raw, "%Y-%m-%d").ok();
        if parsed.is_none() {
            v.push(Violation::new(
                "follow_up_due",
                "date",
                "Ngày không hợp lệ.",
                "Not a valid date.",
            ));
        }
        parsed
    };
    Inspection {
        // A missing subject was named; the placeholder is never saved.
        subject: subject.unwrap_or(InspectedBody::Facility { facility_id: 0 }),
        team_agency_ids: checked(values, "team_agency_ids")
            .iter()
            .filter_map(|id| id.parse().ok().map(AgencyId))
            .collect(),
        findings: value(values, "findings").to_owned(),
        violations: checked(values, "violations"),
        sanctions,
        follow_up: value(values, "follow_up").to_owned(),
        follow_up_due,
    }
}

/// The inspection's fields, filled from `values`, each fault beside its field.
pub async fn fields(
    state: &AppState,
    lang: Lang,
    values: &[(String, String)],
    violations: &[Violation],
    agencies: &[(i64, String)],
) -> Markup {
    let current = |name: &str| value(values, name).to_owned();
    let error = |name: &str| violations.iter().find(|v| v.field == name);
    let field_error = |name: &str| -> Markup {
        html! { @if let Some(v) = error(name) { p.field-error id={ (name) "-error" } { (violation_text_in(lang, v, Some("programme"))) } } }
    };
    let described = |name: &str| error(name).map(|_| format!("{name}-error"));
    let required = || html! { " " abbr title=(lang.t("form-required")) { "*" } };
    let label_of = |item: haven_store::reference::CodeListItem| match lang {
        Lang::Vi => (item.code, item.label_vi),
        Lang::En => (item.code, item.label_en),
    };
    let violation_codes: Vec<(String, String)> = state
        .store
        .code_list("inspection_violation")
        .await
        .or_shown("code_list")
        .into_iter()
        .map(label_of)
        .collect();
    let sanction_kinds: Vec<(String, String)> = state
        .store
        .code_list("sanction_kind")
        .await
        .or_shown("code_list")
        .into_iter()
        .map(label_of)
        .collect();
    let companies = state
        .store
        .programme()
        .companies()
        .await
        .or_shown("companies");
    let facilities = state.store.facilities().await.or_shown("facilities");
    let subject = current("subject_kind");
    let company = current("company_id");
    let facility = current("facility_id");
    let team = checked(values, "team_agency_ids");
    let chosen = checked(values, "violations");
    html! {
        fieldset #subject-set {
            legend { (lang.t("inspection-subject")) (required()) }
            (field_error("subject_kind"))
            div.check {
                input type="radio" id="subject-company" name="subject_kind" value="company" checked[subject == "company"];
                label for="subject-company" { (lang.t("inspection-subject-company")) }
            }
            div.check {
                input type="radio" id="subject-facility" name="subject_kind" value="facility" checked[subject == "facility"];
                label for="subject-facility" { (lang.t("inspection-subject-facility")) }
            }
        }
        label for="company_id" { (lang.t("inspection-company")) }
        select #company_id name="company_id" aria-describedby=[described("company_id")] {
            option value="" { (lang.t("form-choose")) }
            @for c in &companies { option value=(c.id) selected[company == c.id.to_string()] { (c.company.name) " (" (c.company.licence_number) ")" } }
        }
        (field_error("company_id"))
        p.hint { a href="/companies" { (lang.t("inspection-company-register")) } }
        label for="facility_id" { (lang.t("inspection-facility")) }
        select #facility_id name="facility_id" aria-describedby=[described("facility_id")] {
            option value="" { (lang.t("form-choose")) }
            @for f in &facilities { option value=(f.id) selected[facility == f.id.to_string()] { (f.name) } }
        }
        (field_error("facility_id"))
        fieldset.checks #team_agency_ids-set {
            legend { (lang.t("inspection-team")) }
            (field_error("team_agency_ids"))
            @for (id, name) in agencies {
                div.check {
                    input type="checkbox" id={ "team_agency_ids-" (id) } name="team_agency_ids" value=(id) checked[team.contains(&id.to_string())];
                    label for={ "team_agency_ids-" (id) } { (name) }
                }
            }
        }
        label for="findings" { (lang.t("inspection-findings")) }
        textarea #findings name="findings" rows="4" maxlength="10000" { (current("findings")) }
        fieldset.checks #violations-set {
            legend { (lang.t("inspection-violations")) }
            (field_error("violations"))
            @for (code, label) in &violation_codes {
                div.check {
                    input type="checkbox" id={ "violations-" (code) } name="violations" value=(code) checked[chosen.contains(code)];
                    label for={ "violations-" (code) } { (label) }
                }
            }
        }
        fieldset #sanctions {
            legend { (lang.t("inspection-sanctions")) }
            p.hint { (lang.t("inspection-sanctions-hint")) }
            @for row in 0..rows(values) {
                div.trainee-row {
                    @let kind = current(&format!("sanction_kind_{row}"));
                    @let kind_name = format!("sanction_kind_{row}");
                    @let amount_name = format!("sanction_amount_{row}");
                    @let decision_name = format!("sanction_decision_{row}");
                    label for=(kind_name) { (lang.t("inspection-sanction-kind")) " " (row + 1) }
                    select id=(kind_name) name=(kind_name) aria-describedby=[described(&kind_name)] {
                        option value="" { (lang.t("form-choose")) }
                        @for (code, label) in &sanction_kinds { option value=(code) selected[kind == *code] { (label) } }
                    }
                    (field_error(&kind_name))
                    label for=(amount_name) { (lang.t("inspection-sanction-amount")) " " (row + 1) }
                    input id=(amount_name) name=(amount_name) type="text" inputmode="numeric" maxlength="20" value=(current(&amount_name))
                        aria-describedby=[described(&amount_name)] aria-invalid=[described(&amount_name).map(|_| "true")];
                    (field_error(&amount_name))
                    label for=(decision_name) { (lang.t("inspection-sanction-decision")) " " (row + 1) }
                    input id=(decision_name) name=(decision_name) type="text" maxlength="500" value=(current(&decision_name))
                        aria-describedby=[described(&decision_name)] aria-invalid=[described(&decision_name).map(|_| "true")];
                    (field_error(&decision_name))
                }
            }
        }
        label for="follow_up" { (lang.t("inspection-follow-up")) }
        textarea #follow_up name="follow_up" rows="3" maxlength="10000" aria-describedby=[described("follow_up")] { (current("follow_up")) }
        (field_error("follow_up"))
        label for="follow_up_due" { (lang.t("inspection-follow-up-due")) }
        input #follow_up_due name="follow_up_due" type="date" value=(current("follow_up_due")) aria-describedby=[described("follow_up_due")];
        (field_error("follow_up_due"))
    }
}
