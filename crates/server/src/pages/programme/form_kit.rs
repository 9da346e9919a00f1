//! What the programme's forms share: a form sent back with what was typed
//! and what is wrong, labelled controls bound to their fields (errors read
//! out with them), and a reader that turns typed text into values, naming
//! each fault by its field.

use super::super::admin::forms::value;
use super::super::context::Page;
use super::super::violation_text_in;
use crate::i18n::Lang;
use chrono::NaiveDate;
use haven_domain::ids::AgencyId;
use haven_domain::{Violation, Violations};
use maud::{html, Markup};

/// A form sent back: which one, what was typed, what is wrong.
pub struct FormState {
    pub form: String,
    pub values: Vec<(String, String)>,
    pub violations: Vec<Violation>,
}

impl FormState {
    pub fn value(&self, name: &str) -> &str {
        value(&self.values, name)
    }

    pub(super) fn error(&self, field: &str) -> Option<&Violation> {
        self.violations.iter().find(|v| v.field == field)
    }

    pub(super) fn all(&self, name: &str) -> Vec<&str> {
        self.values
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

pub(super) type Values = Vec<(String, String)>;

/// The rows of a repeating part of a form (`sanction_kind_0`,
/// `sanction_amount_0`, …; `fields` are the names before the row number):
/// blank rows left out and the rest numbered from 0 in their order, so that
/// a rule naming the third item names the third row the form shows again.
pub(super) fn compact_rows(values: Values, fields: &[&str]) -> Values {
    let row_of = |key: &str| -> Option<(usize, usize)> {
        fields.iter().enumerate().find_map(|(f, name)| {
            let number = key.strip_prefix(name)?.strip_prefix('_')?;
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            number.parse().ok().map(|row| (f, row))
        })
    };
    let mut rows: std::collections::BTreeMap<usize, Vec<(usize, String)>> = Default::default();
    let mut others = Vec::new();
    for (key, value) in values {
        match row_of(&key) {
            Some((field, row)) => rows.entry(row).or_default().push((field, value)),
            None => others.push((key, value)),
        }
    }
    let kept = rows
        .into_values()
        .filter(|cells| cells.iter().any(|(_, v)| !v.trim().is_empty()));
    for (row, cells) in kept.enumerate() {
        for (field, value) in cells {
            if let Some(name) = fields.get(field) {
                others.push((format!("{name}_{row}"), value));
            }
        }
    }
    others
}

/// The summary of what is wrong, on top of a form sent back.
pub(super) fn error_summary(lang: Lang, open: Option<&FormState>) -> Markup {
    html! {
        @if let Some(open) = open {
            div.error role="alert" #form-errors tabindex="-1" autofocus {
                p { (lang.t("form-has-errors")) }
                ul { @for v in &open.violations { li { (violation_text_in(lang, v, Some("programme"))) } } }
            }
        }
    }
}

/// A form refused because someone saved first: the form then holds what is
/// saved now (and its version), and what this user typed stays in sight
/// beside it, unsaved. Returns what the form shows and what goes beside.
pub(super) fn split_conflict(open: Option<&FormState>) -> (Option<&FormState>, Option<&FormState>) {
    let conflict = open.is_some_and(|o| o.violations.iter().any(|v| v.rule == "stale_version"));
    if conflict {
        (None, open)
    } else {
        (open, None)
    }
}

/// What a user typed and could not save, field by field, labelled where
/// the programme's fields have a label.
pub(super) fn unsaved_text(lang: Lang, unsaved: Option<&FormState>) -> Markup {
    let typed: Vec<(String, &str)> = unsaved
        .map(|o| {
            o.values
                .iter()
                .filter(|(k, v)| !v.trim().is_empty() && k != crate::csrf::FIELD && k != "version")
                .map(|(k, v)| {
                    let label = lang
                        .maybe(&format!("programme-field-{k}"))
                        .unwrap_or_else(|| k.clone());
                    (label, v.as_str())
                })
                .collect()
        })
        .unwrap_or_default();
    html! {
        @if !typed.is_empty() {
            details #unsaved-text open {
                summary { (lang.t("plan-edit-unsaved")) }
                dl { @for (label, text) in &typed { dt { (label) } dd { (text) } } }
            }
        }
    }
}

pub(super) fn open_of<'a>(open: Option<&'a FormState>, form: &str) -> Option<&'a FormState> {
    open.filter(|o| o.form == form)
}

/// A labelled input bound to its field, with its error read out with it.
pub(super) fn field(
    lang: Lang,
    form: &str,
    name: &str,
    label: &str,
    required: bool,
    open: Option<&FormState>,
    control: impl Fn(&str, Option<String>) -> Markup,
) -> Markup {
    let id = format!("{form}-{}", name.replace('_', "-"));
    let error = open.and_then(|o| o.error(name));
    let described = error.map(|_| format!("{id}-error"));
    html! {
        label for=(id) {
            (label)
            @if required { " " abbr title=(lang.t("form-required")) { "*" } }
        }
        (control(&id, described))
        @if let Some(v) = error { p.field-error id={ (id) "-error" } { (violation_text_in(lang, v, Some("programme"))) } }
    }
}

/// The form a control belongs to, and what came back with it.
#[derive(Clone, Copy)]
pub(super) struct Controls<'a> {
    pub lang: Lang,
    pub form: &'a str,
    pub open: Option<&'a FormState>,
}

pub(super) fn text(
    c: Controls<'_>,
    name: &str,
    label: &str,
    required: bool,
    kind: &str,
    initial: &str,
) -> Markup {
    let Controls { lang, form, open } = c;
    let current = open.map_or(initial.to_owned(), |o| o.value(name).to_owned());
    // Numbers are typed as text: the server reads `1.250.000` and refuses
    // `5,5`, where a number input would pass on what its locale made of it.
    let numeric = kind == "number";
    let shown = if numeric { "text" } else { kind };
    field(lang, form, name, label, required, open, |id, described| {
        html! {
            input id=(id) name=(name) type=(shown) value=(current) required[required]
                aria-describedby=[described.clone()] aria-invalid=[described.as_ref().map(|_| "true")]
                maxlength=[(shown == "text").then_some(if numeric { 20 } else { 500 })] inputmode=[numeric.then_some("numeric")];
        }
    })
}

pub(super) fn area_text(c: Controls<'_>, name: &str, label: &str) -> Markup {
    let Controls { lang, form, open } = c;
    let current = open.map_or(String::new(), |o| o.value(name).to_owned());
    field(lang, form, name, label, false, open, |id, described| {
        html! {
            textarea id=(id) name=(name) rows="3" maxlength="10000" aria-describedby=[described.clone()] { (current) }
        }
    })
}

pub(super) fn choice(
    c: Controls<'_>,
    name: &str,
    label: &str,
    required: bool,
    options: &[(String, String)],
) -> Markup {
    let Controls { lang, form, open } = c;
    let current = open.map_or(String::new(), |o| o.value(name).to_owned());
    field(lang, form, name, label, required, open, |id, described| {
        html! {
            select id=(id) name=(name) required[required] aria-describedby=[described.clone()] aria-invalid=[described.as_ref().map(|_| "true")] {
                option value="" { (lang.t("form-choose")) }
                @for (code, text) in options { option value=(code) selected[current == *code] { (text) } }
            }
        }
    })
}

pub(super) fn hidden(page: &Page) -> Markup {
    html! { input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf); }
}

pub(super) struct Reader<'a> {
    values: &'a Values,
    pub violations: Violations,
}

impl<'a> Reader<'a> {
    pub(super) fn new(values: &'a Values) -> Reader<'a> {
        Reader {
            values,
            violations: Violations::default(),
        }
    }

    pub(super) fn text(&self, name: &str) -> String {
        value(self.values, name).to_owned()
    }

    pub(super) fn bad(&mut self, name: &str, rule: &'static str, vi: &str, en: &str) {
        self.violations.push(Violation::new(name, rule, vi, en));
    }

    pub(super) fn date(&mut self, name: &str) -> NaiveDate {
        let raw = value(self.values, name);
        if raw.is_empty() {
            self.violations.push(Violation::required(name));
            return NaiveDate::MIN;
        }
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_else(|_| {
            self.bad(name, "date", "Ngày không hợp lệ.", "Not a valid date.");
            NaiveDate::MIN
        })
    }

    pub(super) fn optional_number(&mut self, name: &str) -> Option<i64> {
        match super::whole_number(value(self.values, name)) {
            Ok(n) => n,
            Err(()) => {
                self.violations.push(super::not_whole(name));
                None
            }
        }
    }

    pub(super) fn number(&mut self, name: &str) -> i64 {
        let raw = value(self.values, name);
        if raw.is_empty() {
            self.violations.push(Violation::required(name));
            return 0;
        }
        self.optional_number(name).unwrap_or(0)
    }

    pub(super) fn year(&mut self, name: &str) -> i32 {
        i32::try_from(self.number(name)).unwrap_or(0)
    }

    pub(super) fn agency(&mut self, name: &str) -> AgencyId {
        let raw = value(self.values, name);
        if raw.is_empty() {
            self.violations.push(Violation::required(name));
        }
        AgencyId(raw.parse().unwrap_or(0))
    }

    /// The form's own faults, then the rules' faults of fields the form read.
    pub(super) fn merge(mut self, checked: Result<(), Violations>) -> Result<(), Vec<Violation>> {
        let seen: Vec<String> = self.violations.0.iter().map(|v| v.field.clone()).collect();
        if let Err(rules) = checked {
            for v in rules.0 {
                if !seen.contains(&v.field) {
                    self.violations.push(v);
                }
            }
        }
        match self.violations.into_result() {
            Ok(()) => Ok(()),
            Err(v) => Err(v.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_are_left_out_and_the_rest_renumbered() {
        let sent: Values = [
            ("title", "Kiểm tra"),
            ("sanction_kind_0", ""),
            ("sanction_amount_0", ""),
            ("sanction_kind_1", "fine"),
            ("sanction_amount_1", "5,5"),
            ("sanction_kind_12", "warning"),
            ("sanction_amount_12", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let kept = compact_rows(sent, &["sanction_kind", "sanction_amount"]);
        let get = |k: &str| {
            kept.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("title"), Some("Kiểm tra"));
        assert_eq!(
            (get("sanction_kind_0"), get("sanction_amount_0")),
            (Some("fine"), Some("5,5"))
        );
        assert_eq!(
            (get("sanction_kind_1"), get("sanction_amount_1")),
            (Some("warning"), Some(""))
        );
        assert_eq!(get("sanction_kind_12"), None);
        assert_eq!(kept.len(), 5);
    }
}
