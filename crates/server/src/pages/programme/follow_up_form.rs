//! The meeting's part of the activity form that is not its record: the
//! working group that met, and the follow-ups decided — each a row of what,
//! which agency, by when — which become actions once the meeting is saved.

use super::super::admin::forms::value;
use super::super::violation_text_in;
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::AppState;
use haven_domain::ids::AgencyId;
use haven_domain::programme::FollowUp;
use haven_domain::{Violation, Violations};
use maud::{html, Markup};

/// Follow-up rows the form offers (blank rows are left out).
const ROWS: usize = 3;

type Values = Vec<(String, String)>;

pub fn values_of(follow_ups: &[FollowUp], put: &mut dyn FnMut(&str, String)) {
    for (row, f) in follow_ups.iter().enumerate() {
        put(&format!("action_what_{row}"), f.action.clone());
        put(
            &format!("action_owner_{row}"),
            f.owner_agency_id.to_string(),
        );
        put(&format!("action_due_{row}"), f.due_on.to_string());
    }
}

/// The form's name for a field the rules name: `follow_ups_0.due_on`.
pub fn form_field(field: &str) -> Option<String> {
    let rest = field.strip_prefix("follow_ups_")?;
    let (row, part) = rest.split_once('.')?;
    let name = match part {
        "action" => "action_what",
        "owner_agency_id" => "action_owner",
        "due_on" => "action_due",
        _ => return None,
    };
    Some(format!("{name}_{row}"))
}

fn rows(values: &[(String, String)]) -> usize {
    let used = values
        .iter()
        .filter(|(k, v)| k.starts_with("action_") && !v.is_empty())
        .filter_map(|(k, _)| k.rsplit('_').next().and_then(|n| n.parse::<usize>().ok()))
        .max()
        .map_or(0, |last| last + 2);
    ROWS.max(used).min(haven_domain::programme::MAX_ITEMS)
}

/// The follow-ups the form lists; a row half filled is named.
pub fn read(values: &Values, v: &mut Violations) -> Vec<FollowUp> {
    let mut found = Vec::new();
    for row in 0..rows(values) {
        let action = value(values, &format!("action_what_{row}"));
        let owner = value(values, &format!("action_owner_{row}"));
        let due = value(values, &format!("action_due_{row}"));
        if action.is_empty() && owner.is_empty() && due.is_empty() {
            continue;
        }
        let owner_agency_id = owner.parse().ok().map(AgencyId);
        if owner_agency_id.is_none() {
            v.push(Violation::required(&format!("action_owner_{row}")));
        }
        let due_on = chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").ok();
        if due_on.is_none() {
            v.push(Violation::required(&format!("action_due_{row}")));
        }
        if let (Some(owner_agency_id), Some(due_on)) = (owner_agency_id, due_on) {
            found.push(FollowUp {
                action: action.to_owned(),
                owner_agency_id,
                due_on,
            });
        }
    }
    found
}

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
    let groups = state
        .store
        .programme()
        .working_groups()
        .await
        .or_shown("working groups");
    let group = current("working_group_id");
    html! {
        label for="working_group_id" { (lang.t("meeting-working-group")) }
        select #working_group_id name="working_group_id" aria-describedby=[described("working_group_id")] {
            option value="" { (lang.t("meeting-no-working-group")) }
            @for g in &groups { option value=(g.id) selected[group == g.id.to_string()] { (g.group.name) } }
        }
        (field_error("working_group_id"))
        fieldset #follow-ups {
            legend { (lang.t("meeting-follow-ups")) }
            p.hint { (lang.t("meeting-follow-ups-hint")) }
            (field_error("follow_ups"))
            @for row in 0..rows(values) {
                div.trainee-row {
                    @let action = format!("action_what_{row}");
                    @let owner = format!("action_owner_{row}");
                    @let due = format!("action_due_{row}");
                    @let chosen = current(&owner);
                    label for=(action) { (lang.t("meeting-follow-up-action")) " " (row + 1) }
                    input id=(action) name=(action) type="text" maxlength="500" value=(current(&action))
                        aria-describedby=[described(&action)] aria-invalid=[described(&action).map(|_| "true")];
                    (field_error(&action))
                    label for=(owner) { (lang.t("meeting-follow-up-owner")) " " (row + 1) }
                    select id=(owner) name=(owner) aria-describedby=[described(&owner)] {
                        option value="" { (lang.t("form-choose")) }
                        @for (id, name) in agencies { option value=(id) selected[chosen == id.to_string()] { (name) } }
                    }
                    (field_error(&owner))
                    label for=(due) { (lang.t("meeting-follow-up-due")) " " (row + 1) }
                    input id=(due) name=(due) type="date" value=(current(&due)) aria-describedby=[described(&due)];
                    (field_error(&due))
                }
            }
        }
    }
}
