//! The web pages for the agencies: server-rendered (maud), Vietnamese by
//! default with English on a switch (Fluent, see `crate::i18n`), no script,
//! built from the same views as the JSON API so they show exactly what the
//! access policy allows.

mod actions;
mod admin;
mod agency_choices;
mod agency_reports;
mod attachments;
mod audit;
mod bar_chart;
mod case_export;
mod case_list;
mod case_page;
mod case_papers;
mod case_print;
mod case_referrals;
pub(crate) mod context;
mod degraded;
mod directory;
pub(crate) mod extract;
mod facilities;
mod home;
mod hotline;
mod key_figures;
mod labels;
mod lang;
mod layout;
pub(crate) mod login;
mod narrative;
mod notices;
mod period_picker;
mod person_edit;
mod person_form;
mod person_links;
mod print_sheet;
mod profile;
mod programme;
mod province_map;
mod reception;
mod referral_suggestions;
mod referrals;
pub(crate) mod resume;
mod statistics;
mod submissions;
mod tasks;
mod timeline;

use crate::error::ApiError;
use crate::i18n::Lang;
use crate::AppState;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use context::Page;
use haven_domain::Violation;
use maud::html;

pub fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/lang/{code}", get(lang::switch))
        .route("/static/haven.css", get(layout::stylesheet))
        .route("/static/session.js", get(layout::session_script))
        .route("/static/picker.js", get(layout::picker_script))
}

pub fn protected_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/tasks", get(tasks::page))
        .route("/agencies/pick", get(agency_choices::picker))
        .route("/audit", get(audit::page))
        .route("/logout", post(login::logout))
        .route("/session/stay", get(layout::stay))
        .route("/cases", get(case_list::page).post(case_list::search))
        .route("/cases/export.csv", post(case_export::csv))
        .route("/cases/export.xlsx", post(case_export::xlsx))
        .route("/cases/new", get(reception::form).post(reception::submit))
        .route("/cases/{number}", get(case_page::page))
        .route("/cases/{number}/print", get(case_print::page))
        .route(
            "/cases/{number}/referrals/{referral_no}/print",
            get(case_papers::referral_slip),
        )
        .route(
            "/cases/{number}/handovers/{seq}/print",
            get(case_papers::handover_record),
        )
        .route("/cases/{number}/actions/{action}", post(actions::record))
        .route(
            "/cases/{number}/person",
            get(person_edit::form).post(person_edit::submit),
        )
        .route(
            "/cases/{number}/documents",
            post(attachments::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/referrals", get(referrals::page))
        .route("/person-links/{id}/answer", post(person_links::answer))
        .route("/reports", get(statistics::page))
        .route("/reports/submissions", get(submissions::overview))
        .route("/reports/submission", get(submissions::report))
        .route("/reports/submission/step", post(submissions::step))
        .route(
            "/agency-reports",
            get(agency_reports::page).post(agency_reports::file),
        )
        .route(
            "/agency-reports/{id}",
            get(agency_reports::report).post(agency_reports::review),
        )
        .route("/facilities", get(facilities::page))
        .route("/facilities/{id}", get(facilities::facility))
        .route("/profile", get(profile::page))
        .route("/profile/password", post(profile::change_password))
        .route("/profile/second-factor", post(profile::begin_second_factor))
        .route(
            "/profile/second-factor/confirm",
            post(profile::confirm_second_factor),
        )
        .merge(admin::routes())
        .merge(programme::routes())
        .merge(hotline::routes())
        .merge(directory::routes())
        .merge(notices::routes())
        .layer(axum::middleware::from_fn(degraded::track))
}

/// A refusal or failure as a page in the user's language, with its status.
fn error_page(page: &Page, error: ApiError) -> Response {
    let lang = page.lang;
    let message = match lang {
        Lang::Vi => error.body.message_vi.clone(),
        Lang::En => error.body.message_en.clone(),
    };
    let title = lang.t(match error.status.as_u16() {
        403 => "error-forbidden",
        404 => "error-not-found",
        _ => "error-title",
    });
    (
        error.status,
        layout::page(
            page,
            &title,
            html! {
                p.error role="alert" { (message) }
                p { a href="/" { (lang.t("error-back")) } }
            },
        ),
    )
        .into_response()
}

/// A page for an address no route answers, readable without a session.
pub(crate) fn not_found_page(page: &context::PublicPage) -> Response {
    let lang = page.lang;
    (
        axum::http::StatusCode::NOT_FOUND,
        layout::public_page(
            page,
            &lang.t("error-not-found"),
            html! {
                p.error role="alert" { (lang.t("error-no-such-page")) }
                p { a href="/" { (lang.t("error-back")) } }
            },
        ),
    )
        .into_response()
}

/// A validation message in the user's language.
/// A violation's message as a user reads it: the field's label in place
/// of its code name (`«reason»` becomes `«Lý do»`).
fn violation_text(lang: Lang, violation: &Violation) -> String {
    violation_text_in(lang, violation, None)
}

/// The same, trying the labels of one group of forms first
/// (`programme-field-title` for the programme's forms).
fn violation_text_in(lang: Lang, violation: &Violation, context: Option<&str>) -> String {
    let (message, open, close) = match lang {
        Lang::Vi => (&violation.message_vi, '«', '»'),
        Lang::En => (&violation.message_en, '“', '”'),
    };
    // Every quoted field name in the message, whichever field it names
    // (a form may have moved the violation to its own field's name).
    let mut text = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(start) = rest.find(open) {
        let (before, quoted) = rest.split_at(start);
        text.push_str(before);
        let inner = quoted.get(open.len_utf8()..).unwrap_or_default();
        match inner.find(close) {
            Some(end) => {
                let name = inner.get(..end).unwrap_or_default();
                let label = context
                    .and_then(|context| context_label(lang, context, name))
                    .or_else(|| field_label(lang, name))
                    .unwrap_or_else(|| name.to_owned());
                text.push(open);
                text.push_str(&label);
                text.push(close);
                rest = inner.get(end + close.len_utf8()..).unwrap_or_default();
            }
            None => {
                text.push_str(quoted);
                rest = "";
            }
        }
    }
    text.push_str(rest);
    text
}

/// A field's label among a group of forms' own (`{context}-field-{name}`),
/// a row of a repeated group by its column.
fn context_label(lang: Lang, context: &str, field: &str) -> Option<String> {
    let last = field.rsplit('.').next().unwrap_or(field);
    let row = last
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches('_');
    [last, row]
        .iter()
        .find_map(|name| lang.maybe(&format!("{context}-field-{}", name.replace('_', "-"))))
}

/// The label the pages give a field, by its name in a form or a command:
/// a step's input, the reception wizard's, a person's, an account's.
fn field_label(lang: Lang, field: &str) -> Option<String> {
    let last = field.rsplit('.').next().unwrap_or(field);
    // A row of a repeated group (`paper_number_0`) is labelled as its column.
    let row = last
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches('_');
    let dashed = |name: &str| name.replace(['_', '.'], "-");
    [
        format!("input-{}", dashed(field)),
        format!("reception-{}", dashed(field)),
        format!("person-{}", dashed(field)),
        format!("input-{}", dashed(last)),
        format!("person-{}", dashed(last)),
        format!("label-{}", dashed(last)),
        format!("person-edit-{}", dashed(row)),
        format!(
            "person-edit-{}",
            dashed(row.trim_start_matches("relative_"))
        ),
    ]
    .iter()
    .find_map(|key| lang.maybe(key))
    .map(|label| label.trim_end_matches([' ', ':']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_the_field_by_its_label_not_its_code() {
        let required = Violation::required("reason");
        assert_eq!(
            violation_text(Lang::Vi, &required),
            "Trường «Lý do» là bắt buộc."
        );
        assert_eq!(
            violation_text(Lang::En, &required),
            "The field “Reason” is required."
        );
        let nested = Violation::required("person.full_name");
        assert!(violation_text(Lang::Vi, &nested).contains("«Họ và tên»"));
        // A row of the person form's papers or relatives, by its column.
        let paper = Violation::required("paper_number_0");
        assert_eq!(
            violation_text(Lang::Vi, &paper),
            "Trường «Số giấy tờ» là bắt buộc."
        );
        let relative = Violation::required("relative_relationship_1");
        assert_eq!(
            violation_text(Lang::Vi, &relative),
            "Trường «Quan hệ» là bắt buộc."
        );
        // A form that moved the violation to its own field still names it in words.
        let moved = Violation::new(
            "full_name",
            "required",
            "Trường «person.full_name» là bắt buộc.",
            "The field “person.full_name” is required.",
        );
        assert_eq!(
            violation_text(Lang::Vi, &moved),
            "Trường «Họ và tên» là bắt buộc."
        );
        let unknown = Violation::required("no_such_field");
        assert_eq!(
            violation_text(Lang::Vi, &unknown),
            "Trường «no_such_field» là bắt buộc."
        );
    }
}
