//! Link requests on the inbox page: those the agency must answer (accept,
//! choosing what to share, or decline with a reason — nothing chosen in
//! advance) and those it sent, with their answer.

use super::context::Page;
use super::extract::Path;
use super::labels;
use crate::i18n::Lang;
use crate::views::person_links::{
    answer_link, LinkAnswerInput, LinkDecision, LinkRequestView, LinkSide,
};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use haven_domain::case::person_fields::PersonField;
use haven_store::person_links::LinkStatus;
use maud::{html, Markup};

/// The section of the inbox page; `error` is a refused answer to show at its request.
pub async fn section(
    state: &AppState,
    page: &Page,
    requests: &[LinkRequestView],
    error: Option<(i64, String)>,
) -> Markup {
    let lang = page.lang;
    let agencies = labels::agency_names(state).await;
    let name = |id: i64| agencies.get(&id).cloned().unwrap_or_default();
    let received: Vec<&LinkRequestView> = requests
        .iter()
        .filter(|r| r.side == LinkSide::Received)
        .collect();
    let sent: Vec<&LinkRequestView> = requests
        .iter()
        .filter(|r| r.side == LinkSide::Sent)
        .collect();
    html! {
        section.card #link-requests {
            h2 { (lang.t("links-title")) }
            p.hint { (lang.t("links-hint")) }
            h3 { (lang.t("links-received")) }
            @if received.is_empty() { p { (lang.t("links-none")) } }
            @for r in &received {
                article.link-request id={ "link-" (r.id) } {
                    p {
                        strong { (lang.t_with("links-asks", &[("agency", name(r.requesting_agency_id).into()), ("case", r.requesting_case_number.clone().into())])) }
                        @if let Some(number) = &r.answering_case_number { " · " a href={ "/cases/" (number) } { (number) } }
                    }
                    p { (lang.t("links-reason")) ": " (r.reason) }
                    p { (lang.t("links-status")) ": " (status_text(lang, r.status)) }
                    @if let Some((id, message)) = &error { @if *id == r.id { p.field-error role="alert" { (message) } } }
                    @if r.status == LinkStatus::Pending {
                        form method="post" action={ "/person-links/" (r.id) "/answer" } {
                            input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                            input type="hidden" name="version" value=(r.version);
                            fieldset {
                                legend { (lang.t("links-decision")) }
                                div.choice {
                                    input id={ "accept-" (r.id) } type="radio" name="decision" value="accept" required;
                                    label for={ "accept-" (r.id) } { (lang.t("links-accept")) }
                                }
                                div.choice {
                                    input id={ "decline-" (r.id) } type="radio" name="decision" value="decline" required;
                                    label for={ "decline-" (r.id) } { (lang.t("links-decline")) }
                                }
                            }
                            fieldset.checks {
                                legend { (lang.t("links-share")) }
                                @for field in PersonField::ALL {
                                    div.choice {
                                        input id={ "share-" (r.id) "-" (field.code()) } type="checkbox" name="shared_fields" value=(field.code());
                                        label for={ "share-" (r.id) "-" (field.code()) } { (lang.t(&format!("person-{}", field.code().replace('_', "-")))) }
                                    }
                                }
                            }
                            label for={ "comment-" (r.id) } { (lang.t("links-comment")) }
                            textarea id={ "comment-" (r.id) } name="comment" rows="2" {}
                            button type="submit" { (lang.t("links-send-answer")) }
                        }
                    } @else if !r.shared_fields.is_empty() {
                        p { (lang.t("links-shared")) ": " (fields_text(lang, &r.shared_fields)) }
                    }
                }
            }
            h3 { (lang.t("links-sent")) }
            @if sent.is_empty() { p { (lang.t("links-none")) } }
            @if !sent.is_empty() {
                table #links-sent {
                    thead { tr {
                        th scope="col" { (lang.t("field-case-number")) }
                        th scope="col" { (lang.t("links-known-to")) }
                        th scope="col" { (lang.t("links-status")) }
                        th scope="col" { (lang.t("links-shared")) }
                    } }
                    tbody {
                        @for r in &sent {
                            tr {
                                td data-label=(lang.t("field-case-number")) { a href={ "/cases/" (r.requesting_case_number) } { (r.requesting_case_number) } }
                                td data-label=(lang.t("links-known-to")) { (name(r.answering_agency_id)) }
                                td data-label=(lang.t("links-status")) { (status_text(lang, r.status)) }
                                td data-label=(lang.t("links-shared")) { (fields_text(lang, &r.shared_fields)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn status_text(lang: Lang, status: LinkStatus) -> String {
    lang.t(match status {
        LinkStatus::Pending => "links-status-pending",
        LinkStatus::Accepted => "links-status-accepted",
        LinkStatus::Declined => "links-status-declined",
    })
}

fn fields_text(lang: Lang, fields: &[PersonField]) -> String {
    fields
        .iter()
        .map(|f| lang.t(&format!("person-{}", f.code().replace('_', "-"))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The answer form, as the browser sends it (checkboxes repeat their name).
pub async fn answer(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
    };
    let lang = page.lang;
    let Some(version) = value("version").and_then(|v| v.parse::<i64>().ok()) else {
        return super::referrals::render(&state, &page, Some((id, lang.t("links-error-version"))))
            .await;
    };
    let comment = value("comment").filter(|c| !c.is_empty());
    let decision = match value("decision").as_deref() {
        Some("accept") => LinkDecision::Accept {
            shared_fields: fields
                .iter()
                .filter(|(k, _)| k == "shared_fields")
                .filter_map(|(_, v)| PersonField::from_code(v))
                .collect(),
            comment,
        },
        Some("decline") => LinkDecision::Decline {
            comment: comment.unwrap_or_default(),
        },
        _ => {
            return super::referrals::render(
                &state,
                &page,
                Some((id, lang.t("links-error-decision"))),
            )
            .await
        }
    };
    match answer_link(
        &state,
        &page.user,
        id,
        LinkAnswerInput { version, decision },
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/referrals?answered={id}#link-requests")).into_response(),
        Err(error) if error.status.is_client_error() && error.status.as_u16() != 404 => {
            let message = match error.body.violations.first() {
                Some(v) => super::violation_text(lang, v),
                None => match lang {
                    Lang::Vi => error.body.message_vi.clone(),
                    Lang::En => error.body.message_en.clone(),
                },
            };
            super::referrals::render(&state, &page, Some((id, message))).await
        }
        Err(error) => super::error_page(&page, error),
    }
}
