//! The access log for auditors: who did what to which case, allowed or
//! refused, filtered by case, user, agency, refusals and days, newest first,
//! two hundred to a page. The log holds codes and numbers, never a name;
//! this page puts words on them.

use super::context::Page;
use super::extract::Query;
use super::labels;
use super::layout;
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::access_log::{access_log, AccessFilter};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{FixedOffset, NaiveDate};
use maud::html;
use serde::Deserialize;
use std::collections::HashMap;

const PAGE_SIZE: u64 = 200;

/// The filter form as a browser sends it: every field a string, empty when unused.
#[derive(Debug, Default, Deserialize)]
pub struct AuditForm {
    #[serde(default)]
    case_number: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    agency_code: String,
    #[serde(default)]
    denied: Option<String>,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: Option<u64>,
}

impl AuditForm {
    fn link(&self, page: u64) -> String {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        link.append_pair("case_number", &self.case_number)
            .append_pair("username", &self.username)
            .append_pair("agency_code", &self.agency_code)
            .append_pair("from", &self.from)
            .append_pair("to", &self.to);
        if self.denied.is_some() {
            link.append_pair("denied", "on");
        }
        link.append_pair("page", &page.to_string());
        format!("/audit?{}", link.finish())
    }
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    Query(form): Query<AuditForm>,
) -> Response {
    let lang = page.lang;
    let current = form.page.unwrap_or(1).clamp(1, 50_000);
    // A day typed in the address bar that is no day is named, not dropped.
    let mut wrong = haven_domain::Violations::default();
    let mut day = |(field, vi, en): (&'static str, &str, &str), text: &str| match text.trim() {
        "" => None,
        text => {
            let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            if parsed.is_none() {
                wrong.push(haven_domain::Violation::new(
                    field,
                    "date",
                    format!(
                        "«{vi}» không phải là một ngày có thật (năm-tháng-ngày, ví dụ 2026-03-12)."
                    ),
                    format!("“{en}” is not a real day (year-month-day, e.g. 2026-03-12)."),
                ));
            }
            parsed
        }
    };
    let from = day(("from", "Từ ngày", "From"), &form.from);
    let to = day(("to", "Đến ngày", "To"), &form.to);
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            wrong.push(haven_domain::Violation::new(
                "to",
                "after_from",
                "«Đến ngày» phải từ «Từ ngày» trở đi.",
                "“To” must not be before “From”.",
            ));
        }
    }
    // A user or agency that does not exist selects nothing, rather than
    // everything; letter case does not matter to who types a name or code.
    let user_id = match form.username.trim() {
        "" => None,
        name => Some(
            state
                .store
                .user_by_username_any_case(name)
                .await
                .or_shown("user")
                .map_or(-1, |u| u.id),
        ),
    };
    let agency_id = match form.agency_code.trim() {
        "" => None,
        code => Some(
            state
                .store
                .agency_by_code_any_case(code)
                .await
                .or_shown("agency")
                .map_or(-1, |a| a.id),
        ),
    };
    let filter = AccessFilter {
        // Case numbers are written in capitals (HNI-2026-000007).
        case_number: Some(form.case_number.trim().to_uppercase()),
        user_id,
        agency_id,
        denied: Some(form.denied.is_some()),
        from,
        to,
        offset: Some((current - 1).saturating_mul(PAGE_SIZE)),
        limit: Some(PAGE_SIZE),
    };
    let found = match wrong.into_result() {
        Ok(()) => access_log(&state, &page.user, &filter).await,
        Err(violations) => Err(crate::error::ApiError::invalid(violations)),
    };
    let (entries, violations) = match found {
        Ok(entries) => (entries, Vec::new()),
        Err(error) if !error.body.violations.is_empty() => (Vec::new(), error.body.violations),
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    let invalid = |field: &str| violations.iter().any(|v| v.field == field);
    let agencies = labels::agency_names(&state).await;
    let mut users: HashMap<i64, String> = HashMap::new();
    for id in entries.iter().map(|e| e.user_id) {
        if let std::collections::hash_map::Entry::Vacant(slot) = users.entry(id) {
            if let Some(user) = state.store.user_account(id).await.or_shown("users") {
                slot.insert(format!("{} ({})", user.display_name, user.username));
            }
        }
    }
    let vietnam = FixedOffset::east_opt(7 * 3600);
    let full_page = u64::try_from(entries.len()).unwrap_or(0) == PAGE_SIZE;
    layout::page(
        &page,
        &lang.t("audit-title"),
        html! {
            form.card.filters method="get" action="/audit" {
                div.field {
                    label for="case_number" { (lang.t("field-case-number")) }
                    input #case_number type="text" name="case_number" value=(form.case_number);
                }
                div.field {
                    label for="username" { (lang.t("audit-username")) }
                    input #username type="text" name="username" value=(form.username) autocomplete="off";
                }
                div.field {
                    label for="agency_code" { (lang.t("audit-agency-code")) }
                    input #agency_code type="text" name="agency_code" value=(form.agency_code);
                }
                div.field {
                    label for="from" { (lang.t("audit-from")) }
                    input #from type="date" name="from" value=(form.from) aria-invalid=[invalid("from").then_some("true")];
                }
                div.field {
                    label for="to" { (lang.t("audit-to")) }
                    input #to type="date" name="to" value=(form.to) aria-invalid=[invalid("to").then_some("true")];
                }
                div.field.check {
                    input #denied type="checkbox" name="denied" checked[form.denied.is_some()];
                    label for="denied" { (lang.t("audit-denied-only")) }
                }
                button type="submit" { (lang.t("filter-apply")) }
            }
            @for violation in &violations {
                p.error role="alert" tabindex="-1" autofocus { (super::violation_text(lang, violation)) }
            }
            p.hint #audit-hint { (lang.t("audit-hint")) }
            @if !violations.is_empty() {
            } @else if entries.is_empty() {
                p #audit-none { (lang.t("audit-none")) }
            } @else {
                div.scroll tabindex="0" {
                    table #access-log {
                        thead { tr {
                            th scope="col" { (lang.t("audit-at")) }
                            th scope="col" { (lang.t("audit-user")) }
                            th scope="col" { (lang.t("audit-agency")) }
                            th scope="col" { (lang.t("audit-action")) }
                            th scope="col" { (lang.t("field-case-number")) }
                            th scope="col" { (lang.t("audit-outcome")) }
                        } }
                        tbody {
                            @for entry in &entries {
                                tr class=[(entry.outcome != "allow").then_some("overdue")] {
                                    td data-label=(lang.t("audit-at")) { (vietnam.map(|tz| entry.at.with_timezone(&tz).format("%d/%m/%Y %H:%M:%S").to_string()).unwrap_or_default()) }
                                    td data-label=(lang.t("audit-user")) { (users.get(&entry.user_id).cloned().unwrap_or_default()) }
                                    td data-label=(lang.t("audit-agency")) { (agencies.get(&entry.agency_id).cloned().unwrap_or_default()) }
                                    td data-label=(lang.t("audit-action")) { (action_label(lang, &entry.action)) @if let Some(detail) = &entry.detail { br; small { (detail_label(lang, detail)) } } }
                                    td data-label=(lang.t("field-case-number")) { @if let Some(number) = &entry.case_number { a href={ "/audit?case_number=" (number) } { (number) } } }
                                    td data-label=(lang.t("audit-outcome")) { (lang.t(if entry.outcome == "allow" { "audit-allowed" } else { "audit-refused" })) }
                                }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label=(lang.t("pager-label")) {
                @if current > 1 { a rel="prev" href=(form.link(current - 1)) { (lang.t("pager-previous")) } }
                @if full_page { a rel="next" href=(form.link(current + 1)) { (lang.t("pager-next")) } }
            }
        },
    )
    .into_response()
}

/// What was done, in words: the step's name, or the other actions' own.
fn action_label(lang: Lang, code: &str) -> String {
    let dashed = code.replace('_', "-");
    lang.maybe(&format!("audit-action-{dashed}"))
        .or_else(|| lang.maybe(&format!("command-{dashed}")))
        .unwrap_or_else(|| code.to_owned())
}

/// Why, or in what form: the refusal's reason or the export's format.
fn detail_label(lang: Lang, code: &str) -> String {
    lang.maybe(&format!("audit-detail-{}", code.replace('_', "-")))
        .unwrap_or_else(|| code.to_owned())
}
