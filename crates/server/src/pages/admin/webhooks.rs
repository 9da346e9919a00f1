//! Webhooks for the system's administrators: the endpoints registered,
//! a form to register one (its secret shown once, on the answer), stopping
//! one (confirmed: it is for good), and the latest deliveries with what
//! went wrong. The checks and the access log are `views::webhooks`'.

use super::forms::{as_violations, error_of, labelled, other_errors, value};
use crate::i18n::Lang;
use crate::pages::context::Page;
use crate::pages::degraded::OrShown;
use crate::pages::hotline::moment;
use crate::pages::{error_page, layout};
use crate::views::webhooks::{self as view, Deactivation, RegisteredView};
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Form;
use haven_domain::ids::WebhookEndpointId;
use haven_domain::webhook::{NewEndpoint, WebhookEvent};
use haven_domain::Violation;
use haven_store::webhooks::{Delivery, DeliveryFilter, DeliveryStatus, Endpoint};
use maud::html;

/// Deliveries the page lists.
const DELIVERIES_SHOWN: usize = 50;

#[derive(Default)]
struct Outcome {
    values: Vec<(String, String)>,
    violations: Vec<Violation>,
    registered: Option<RegisteredView>,
    notice: Option<String>,
}

pub async fn page(State(state): State<AppState>, page: Page) -> Response {
    render(&state, &page, Outcome::default()).await
}

pub async fn register(
    State(state): State<AppState>,
    page: Page,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let events = values
        .iter()
        .filter(|(k, _)| k == "events")
        .filter_map(|(_, v)| WebhookEvent::from_code(v))
        .collect();
    let new = NewEndpoint {
        url: value(&values, "url").to_owned(),
        events,
    };
    let outcome = match view::register(&state, &page.user, &new).await {
        Ok(registered) => Outcome {
            registered: Some(registered),
            ..Default::default()
        },
        Err(error) => match as_violations(error) {
            Ok(violations) => Outcome {
                values,
                violations,
                ..Default::default()
            },
            Err(error) => return error_page(&page, error),
        },
    };
    render(&state, &page, outcome).await
}

pub async fn deactivate(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(values): Form<Vec<(String, String)>>,
) -> Response {
    let lang = page.lang;
    // A form without its version or its confirmation goes back with the
    // reason; the page itself checks who may see it.
    let refused = |violation: Violation| Outcome {
        violations: vec![violation],
        ..Default::default()
    };
    let Ok(version) = value(&values, "version").parse::<i64>() else {
        let outcome = refused(Violation::new(
            "version",
            "stale_page",
            "Trang đã cũ: hãy tải lại trang rồi ngừng lại.",
            "The page is out of date: reload it and stop the address again.",
        ));
        return render(&state, &page, outcome).await;
    };
    if value(&values, "confirm") != "yes" {
        let outcome = refused(Violation::new(
            "confirm",
            "confirm",
            "Hãy đánh dấu ô xác nhận để ngừng gửi đến địa chỉ này.",
            "Tick the confirmation to stop sending to this address.",
        ));
        return render(&state, &page, outcome).await;
    }
    let change = Deactivation { version };
    let outcome = match view::deactivate(&state, &page.user, WebhookEndpointId(id), &change).await {
        Ok(endpoint) => Outcome {
            notice: Some(lang.t_with("webhooks-deactivated", &[("url", endpoint.url.into())])),
            ..Default::default()
        },
        Err(error) => match as_violations(error) {
            Ok(violations) => Outcome {
                violations,
                ..Default::default()
            },
            Err(error) => return error_page(&page, error),
        },
    };
    render(&state, &page, outcome).await
}

fn event_label(lang: Lang, event: WebhookEvent) -> String {
    lang.t(&format!("webhook-event-{}", event.code().replace('_', "-")))
}

fn status_label(lang: Lang, status: DeliveryStatus) -> String {
    lang.t(&format!("webhooks-status-{}", status.code()))
}

async fn render(state: &AppState, page: &Page, outcome: Outcome) -> Response {
    let lang = page.lang;
    let endpoints = match view::endpoints(state, &page.user).await {
        Ok(endpoints) => endpoints,
        Err(error) => return error_page(page, error),
    };
    // Allowed and logged with the endpoints just above.
    let deliveries: Vec<Delivery> = state
        .store
        .webhooks()
        .deliveries(DeliveryFilter::default())
        .await
        .or_shown("webhook deliveries");
    let chosen: Vec<&str> = outcome
        .values
        .iter()
        .filter(|(k, _)| k == "events")
        .map(|(_, v)| v.as_str())
        .collect();
    let violations = &outcome.violations;
    let url_of = |id| {
        endpoints
            .iter()
            .find(|e: &&Endpoint| e.id == id)
            .map(|e| e.url.clone())
            .unwrap_or_default()
    };
    let body = html! {
        (super::subnav(page))
        p { (lang.t("webhooks-intro")) }
        @if let Some(notice) = &outcome.notice { p.notice role="status" { (notice) } }
        @if let Some(registered) = &outcome.registered {
            section.card #registered role="status" {
                h2 { (lang.t("webhooks-registered")) }
                p { (lang.t_with("webhooks-registered-at", &[("url", registered.endpoint.url.clone().into())])) }
                p { strong { (lang.t("webhooks-secret-once")) } }
                p { code #secret { (registered.secret) } }
                p { (lang.t("webhooks-signature-how")) }
            }
        }
        @if outcome.registered.is_none() && !violations.is_empty() && outcome.values.is_empty() {
            (other_errors(lang, violations, &[]))
        }
        section.card {
            h2 { (lang.t("webhooks-endpoints")) }
            @if endpoints.is_empty() {
                p { (lang.t("webhooks-none")) }
            } @else {
                table #webhook-endpoints {
                    thead { tr {
                        th scope="col" { (lang.t("webhooks-url")) }
                        th scope="col" { (lang.t("webhooks-events")) }
                        th scope="col" { (lang.t("webhooks-state")) }
                        th scope="col" { (lang.t("webhooks-pending")) }
                        th scope="col" { (lang.t("webhooks-failed")) }
                        th scope="col" { (lang.t("webhooks-stop")) }
                    } }
                    tbody {
                        @for e in &endpoints {
                            tr {
                                td data-label=(lang.t("webhooks-url")) { code { (e.url) } }
                                td data-label=(lang.t("webhooks-events")) {
                                    (e.events.iter().map(|k| event_label(lang, *k)).collect::<Vec<_>>().join(", "))
                                }
                                td data-label=(lang.t("webhooks-state")) {
                                    @if e.active { (lang.t("webhooks-active")) }
                                    @else { (lang.t("webhooks-inactive")) " " (e.deactivated_at.map(moment).unwrap_or_default()) }
                                }
                                td data-label=(lang.t("webhooks-pending")) { (e.pending) }
                                td data-label=(lang.t("webhooks-failed")) { (e.failed) }
                                td data-label=(lang.t("webhooks-stop")) {
                                    @if e.active {
                                        form method="post" action={ "/admin/webhooks/" (e.id) "/deactivate" } {
                                            input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                                            input type="hidden" name="version" value=(e.version);
                                            label {
                                                input type="checkbox" name="confirm" value="yes" required;
                                                " " (lang.t("webhooks-stop-confirm"))
                                            }
                                            button type="submit" { (lang.t("webhooks-stop")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.card #new-webhook {
            h2 { (lang.t("webhooks-new")) }
            form method="post" action="/admin/webhooks" {
                input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                @if !outcome.values.is_empty() {
                    (other_errors(lang, violations, &["url", "events"]))
                }
                (labelled(lang, "webhook-url", "webhooks-url", true, html! {
                    input #webhook-url type="url" name="url" required maxlength="500"
                        placeholder="https://" value=(value(&outcome.values, "url"))
                        aria-describedby="webhook-url-hint";
                }, error_of(violations, "url")))
                p.hint #webhook-url-hint { (lang.t("webhooks-url-hint")) }
                fieldset {
                    legend { (lang.t("webhooks-events")) " " abbr title=(lang.t("form-required")) { "*" } }
                    @if let Some(v) = error_of(violations, "events") {
                        p.field-error { (crate::pages::violation_text(lang, v)) }
                    }
                    @for event in WebhookEvent::ALL {
                        label.check {
                            input type="checkbox" name="events" value=(event.code()) checked[chosen.contains(&event.code())];
                            " " (event_label(lang, *event))
                        }
                    }
                }
                button type="submit" { (lang.t("webhooks-register")) }
            }
        }
        section.card {
            h2 { (lang.t("webhooks-deliveries")) }
            @if deliveries.is_empty() {
                p { (lang.t("webhooks-no-deliveries")) }
            } @else {
                table #webhook-deliveries {
                    thead { tr {
                        th scope="col" { (lang.t("webhooks-when")) }
                        th scope="col" { (lang.t("webhooks-event")) }
                        th scope="col" { (lang.t("webhooks-subject")) }
                        th scope="col" { (lang.t("webhooks-url")) }
                        th scope="col" { (lang.t("webhooks-state")) }
                        th scope="col" { (lang.t("webhooks-attempts")) }
                        th scope="col" { (lang.t("webhooks-last-problem")) }
                    } }
                    tbody {
                        @for d in deliveries.iter().take(DELIVERIES_SHOWN) {
                            tr {
                                td data-label=(lang.t("webhooks-when")) { (moment(d.occurred_at)) }
                                td data-label=(lang.t("webhooks-event")) { (event_label(lang, d.event)) }
                                td data-label=(lang.t("webhooks-subject")) { (d.subject_ref) }
                                td data-label=(lang.t("webhooks-url")) { code { (url_of(d.endpoint_id)) } }
                                td data-label=(lang.t("webhooks-state")) {
                                    (status_label(lang, d.status))
                                    @if let Some(next) = d.next_attempt_at {
                                        " — " (lang.t("webhooks-next-attempt")) " " (moment(next))
                                    }
                                }
                                td data-label=(lang.t("webhooks-attempts")) { (d.attempts) }
                                td data-label=(lang.t("webhooks-last-problem")) { (problem(lang, d)) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(page, &lang.t("admin-webhooks-title"), body).into_response()
}

/// The last failure in words: the class, and the status the endpoint answered.
fn problem(lang: Lang, delivery: &Delivery) -> String {
    let Some(error) = &delivery.last_error else {
        return String::new();
    };
    let class = lang.t(&format!("webhooks-problem-{error}"));
    match delivery.last_status {
        Some(status) if delivery.status != DeliveryStatus::Delivered => {
            format!("{class} (HTTP {status})")
        }
        Some(_) | None => class,
    }
}
