//! The case page's documents: the files kept with the case (names and
//! descriptions masked as the policy says), a link to download each, and
//! the upload form. The upload is a multipart form whose first field is
//! the CSRF token (see `csrf`), read by the same code as the API's upload.

use super::actions::{answer, Submitted};
use super::context::Page;
use super::extract::Path;
use crate::case_access::{actor, case_for, today};
use crate::upload_form::read_upload;
use crate::views::cases::CaseView;
use crate::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use haven_access::{Action, Seen};
use maud::{html, Markup};

pub const UPLOAD_ACTION: &str = "attach_document";

pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    Path(number): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if let Err(error) = case_for(&state, &page.user, &number, Action::Attach).await {
        return super::error_page(&page, error).into_response();
    }
    let max_bytes = state.store.attachment_limits().max_bytes;
    let read = read_upload(multipart, max_bytes).await.and_then(|form| {
        let version = form.case_version()?;
        Ok((form, version))
    });
    let (form, version) = match read {
        Ok(read) => read,
        Err(error) if error.body.violations.is_empty() => {
            return super::error_page(&page, error).into_response();
        }
        Err(error) => {
            let submitted = Submitted {
                action: UPLOAD_ACTION.to_owned(),
                values: vec![],
                violations: error.body.violations,
                notice: None,
                done: None,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return super::case_page::show(&state, &page, &number, Some(submitted), status).await;
        }
    };
    let result = state
        .store
        .attach(actor(&page.user), &number, version, form.upload(), today())
        .await
        .map(|_| ());
    let values = vec![(
        "description".to_owned(),
        form.description.clone().unwrap_or_default(),
    )];
    answer(&state, &page, &number, UPLOAD_ACTION, values, result).await
}

/// The documents and, when the policy allows it, the form to attach one.
pub fn section(
    page: &Page,
    view: &CaseView,
    may_attach: bool,
    submitted: Option<&Submitted>,
) -> Markup {
    let lang = page.lang;
    let attachments = &view.case.state.attachments;
    let number = &view.case.case_number;
    let submitted = submitted.filter(|s| s.action == UPLOAD_ACTION);
    if attachments.is_empty() && !may_attach {
        return html! {};
    }
    html! {
        section.card #documents {
            h2 { (lang.t("case-documents")) }
            @if attachments.is_empty() {
                p { (lang.t("case-documents-none")) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { "#" }
                        th scope="col" { (lang.t("field-document")) }
                        th scope="col" { (lang.t("field-attached-on")) }
                        th scope="col" { (lang.t("field-size")) }
                    } }
                    tbody {
                        @for file in attachments {
                            tr class=[file.withdrawn.then_some("withdrawn")] {
                                td data-label="#" { (file.attachment_no) }
                                td data-label=(lang.t("field-document")) {
                                    @match (&file.file_name, file.withdrawn) {
                                        (Seen::Hidden, _) => (lang.t("case-document-masked")),
                                        (Seen::Shown(name), true) => (name),
                                        (Seen::Shown(name), false) => a href={ "/api/v1/cases/" (number) "/attachments/" (file.attachment_no) } download { (name) },
                                    }
                                    @if let Seen::Shown(Some(description)) = &file.description { " — " (description) }
                                    @if file.withdrawn { " " span.badge { (lang.t("case-document-withdrawn")) } }
                                }
                                td data-label=(lang.t("field-attached-on")) { (lang.date(file.attached_on)) }
                                td data-label=(lang.t("field-size")) { (lang.bytes(file.size_bytes)) }
                            }
                        }
                    }
                }
            }
            @if may_attach {
                details #(format!("action-{UPLOAD_ACTION}")) open[submitted.is_some()] {
                    summary { (lang.t("action-attach-document")) }
                    form method="post" enctype="multipart/form-data" action={ "/cases/" (number) "/documents" } {
                        // First: the CSRF check reads only the start of an upload.
                        input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                        input type="hidden" name="version" value=(view.case.version);
                        @if let Some(notice) = submitted.and_then(|s| s.notice.as_ref()) {
                            p.error role="alert" { (notice) }
                        }
                        @for v in submitted.map(|s| s.violations.as_slice()).unwrap_or_default() {
                            p.field-error role="alert" { (super::violation_text(lang, v)) }
                        }
                        label for="upload-file" { (lang.t("input-file")) " " abbr title=(lang.t("form-required")) { "*" } }
                        input #upload-file type="file" name="file" required;
                        label for="upload-description" { (lang.t("input-description")) }
                        input #upload-description type="text" name="description"
                            value=(submitted.and_then(|s| s.values.iter().find(|(k, _)| k == "description")).map(|(_, v)| v.as_str()).unwrap_or(""));
                        button type="submit" { (lang.t("submit-attach-document")) }
                    }
                }
            }
        }
    }
}
