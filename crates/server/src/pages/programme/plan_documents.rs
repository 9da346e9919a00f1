//! A plan's documents on its page: the list (withdrawn ones marked, no
//! longer downloadable), and for the issuing agency's planners the upload
//! form and, behind a confirmation, the withdrawal of a document.

use super::super::admin::forms::value;
use super::super::context::Page;
use super::super::error_page;
use super::super::extract::Path;
use super::form_kit::FormState;
use super::plan_forms::{back_with, to_plan};
use crate::error::ApiError;
use crate::upload_form::read_upload;
use crate::views::programme::documents::{self, PlanDocuments};
use crate::AppState;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use haven_domain::ids::PlanId;
use haven_domain::Violation;
use maud::{html, Markup};

const UPLOAD: &str = "document";

/// The documents section of the plan page.
pub fn section(
    page: &Page,
    plan: PlanId,
    docs: &PlanDocuments,
    open: Option<&FormState>,
) -> Markup {
    let lang = page.lang;
    let typed = open.filter(|o| o.form == UPLOAD);
    html! {
        section #documents {
            h2 { (lang.t("plan-documents")) }
            @if docs.documents.is_empty() {
                p { (lang.t("plan-documents-none")) }
            } @else {
                ul #plan-documents {
                    @for d in &docs.documents {
                        li id={ "document-" (d.id) } {
                            @if d.withdrawn {
                                (d.file_name) " " span.badge { (lang.t("plan-document-withdrawn")) }
                            } @else {
                                a href={ "/api/v1/plans/" (plan) "/documents/" (d.id) } download { (d.file_name) }
                            }
                            @if let Some(description) = &d.description { " — " (description) }
                            " · " (lang.bytes(d.size_bytes)) " · " (super::when(lang, d.attached_at))
                            @if docs.may_edit && !d.withdrawn { (withdraw_form(page, plan, d.id, open)) }
                        }
                    }
                }
            }
            @if docs.may_edit {
                details #document-upload open[typed.is_some()] {
                    summary { (lang.t("plan-document-attach")) }
                    form method="post" enctype="multipart/form-data" action={ "/plans/" (plan) "/documents" } {
                        // First: the CSRF check reads only the start of an upload.
                        input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                        label for="document-file" { (lang.t("input-file")) " " abbr title=(lang.t("form-required")) { "*" } }
                        input #document-file type="file" name="file" required;
                        label for="document-description" { (lang.t("input-description")) }
                        input #document-description type="text" name="description" maxlength="500"
                            value=(typed.map(|t| t.value("description")).unwrap_or(""));
                        button #document-save type="submit" { (lang.t("submit-attach-document")) }
                    }
                }
            }
        }
    }
}

fn withdraw_form(page: &Page, plan: PlanId, id: i64, open: Option<&FormState>) -> Markup {
    let lang = page.lang;
    let form = format!("withdraw-{id}");
    let refused = open.filter(|o| o.form == form).is_some();
    html! {
        details.inline open[refused] {
            summary { (lang.t("plan-document-withdraw")) }
            form method="post" action={ "/plans/" (plan) "/documents/" (id) "/withdraw" } {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                label {
                    input type="checkbox" name="confirm" value="yes" required;
                    " " (lang.t("plan-document-withdraw-confirm"))
                }
                button type="submit" { (lang.t("plan-document-withdraw")) }
            }
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let plan = PlanId(id);
    if let Err(error) = documents::may_change(&state, &page.user, plan).await {
        return error_page(&page, error);
    }
    let form = match read_upload(multipart, state.store.attachment_limits().max_bytes).await {
        Ok(form) => form,
        Err(error) => return refused(&state, &page, plan, UPLOAD, Vec::new(), error).await,
    };
    let values = vec![(
        "description".to_owned(),
        form.description.clone().unwrap_or_default(),
    )];
    match documents::attach(&state, &page.user, plan, &form).await {
        Ok(document) => to_plan(plan, &format!("document-{}", document.id)),
        Err(error) => refused(&state, &page, plan, UPLOAD, values, error).await,
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    page: Page,
    Path((id, document)): Path<(i64, i64)>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let plan = PlanId(id);
    let form = format!("withdraw-{document}");
    if value(&values, "confirm") != "yes" {
        let unconfirmed = Violation::new(
            "confirm",
            "confirm",
            "Hãy đánh dấu xác nhận trước khi rút văn bản.",
            "Tick the confirmation before withdrawing the document.",
        );
        return back_with(&state, &page, plan, &form, values, vec![unconfirmed]).await;
    }
    match documents::withdraw(&state, &page.user, plan, document).await {
        Ok(_) => to_plan(plan, "documents"),
        // Withdrawn meanwhile by someone else: what was asked is done.
        Err(error) if error.status == axum::http::StatusCode::GONE => to_plan(plan, "documents"),
        Err(error) => refused(&state, &page, plan, &form, values, error).await,
    }
}

/// A refusal the form can show beside itself, or the error page.
async fn refused(
    state: &AppState,
    page: &Page,
    plan: PlanId,
    form: &str,
    values: Vec<(String, String)>,
    error: ApiError,
) -> Response {
    match super::super::admin::forms::as_violations(error) {
        Ok(violations) => back_with(state, page, plan, form, values, violations).await,
        Err(error) => error_page(page, error),
    }
}
