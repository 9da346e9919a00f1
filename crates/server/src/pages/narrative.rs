//! The four parts of a report's narrative on a page — results, limitations
//! and their causes, difficulties, proposals — as fields to write, each
//! with its error, and as text to read. The area's report and the member
//! agencies' reports show them alike.

use super::admin::forms::{error_of, value};
use super::violation_text;
use crate::i18n::Lang;
use crate::views::narrative::NarrativeInput;
use haven_domain::Violation;
use haven_report::narrative::{Narrative, Part};
use maud::{html, Markup};

/// The fields of every part, as a form posted them.
pub fn from_form(values: &[(String, String)]) -> NarrativeInput {
    NarrativeInput {
        results: value(values, "results").to_owned(),
        limitations: value(values, "limitations").to_owned(),
        difficulties: value(values, "difficulties").to_owned(),
        proposals: value(values, "proposals").to_owned(),
    }
}

fn heading(lang: Lang, part: &Part) -> &'static str {
    match lang {
        Lang::Vi => part.heading_vi,
        Lang::En => part.heading_en,
    }
}

/// A labelled text area per part, holding `written`; all four are needed
/// to send the report up.
pub fn fields(lang: Lang, written: &Narrative, violations: &[Violation]) -> Markup {
    html! {
        @for (part, text) in written.parts() {
            label for=(part.field) {
                (heading(lang, part))
                " " abbr title=(lang.t("form-required")) { "*" }
            }
            @if let Some(v) = error_of(violations, part.field) {
                textarea id=(part.field) name=(part.field) rows="4" maxlength="20000"
                    aria-invalid="true" aria-describedby={ (part.field) "-error" } { (text) }
                p.field-error id={ (part.field) "-error" } { (violation_text(lang, v)) }
            } @else {
                textarea id=(part.field) name=(part.field) rows="4" maxlength="20000" { (text) }
            }
        }
    }
}

/// Each part under its heading, to read.
pub fn read(lang: Lang, narrative: &Narrative) -> Markup {
    html! {
        @for (part, text) in narrative.parts() {
            h3 { (heading(lang, part)) }
            p id={ "part-" (part.field) } { (text) }
        }
    }
}
