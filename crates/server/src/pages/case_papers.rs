//! The papers a step produces, to print, sign and hand over: the referral
//! slip (phiếu chuyển tuyến) that goes with a referral — carrying only what
//! the referral shared, so the paper says no more than the system would —
//! and the handover record (biên bản bàn giao) of a return home or of a
//! handback to a foreign authority. Reading either is reading the case.

use super::case_page::person_fields;
use super::context::Page;
use super::extract::Path;
use super::labels;
use super::print_sheet::{sheet, signatures};
use crate::views::cases::{case_history, case_view, HistoryView};
use crate::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use haven_access::{mask_person, IdentityView};
use haven_domain::case::person_fields::PersonField;
use haven_domain::case::Command;
use maud::html;
use std::collections::BTreeSet;

pub async fn referral_slip(
    State(state): State<AppState>,
    page: Page,
    Path((number, referral_no)): Path<(String, u32)>,
) -> Response {
    let view = match case_view(&state, &page.user, &number).await {
        Ok(view) => view,
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    let index = usize::try_from(referral_no.saturating_sub(1)).unwrap_or(usize::MAX);
    let Some(referral) = view
        .case
        .state
        .referrals
        .get(index)
        .filter(|_| referral_no > 0)
        // An agency referred the case reads its own referral's slip, not
        // another agency's that was referred it too.
        .filter(|r| {
            !matches!(
                view.scope,
                haven_access::Scope::Referred | haven_access::Scope::Offered
            ) || r.from_agency_id == page.user.agency_id
                || r.to_agency_id == page.user.agency_id
        })
    else {
        return super::error_page(&page, crate::error::ApiError::not_found()).into_response();
    };
    let lang = page.lang;
    // Kept with the referral (and masked there as the reader's view says), so
    // the agency deciding on it reads it before it may read the history.
    let reason = Some(referral.reason.clone()).filter(|r| !r.is_empty());
    // Only what went with the referral, and of that only what this reader sees.
    let shared: BTreeSet<PersonField> = referral
        .shared_fields
        .iter()
        .filter_map(|code| PersonField::from_code(code))
        .filter(|field| {
            view.person
                .as_ref()
                .is_some_and(|p| !p.masked_fields.contains(field))
        })
        .collect();
    let person = match state.store.person(view.case.person_id).await {
        Ok(person) => person.map(|p| mask_person(&p, &IdentityView::Shared(shared))),
        Err(error) => return super::error_page(&page, error.into()).into_response(),
    };
    let agencies = labels::agency_names(&state).await;
    let facilities: std::collections::HashMap<i64, String> = state
        .store
        .facilities()
        .await
        .map(|all| all.into_iter().map(|f| (f.id, f.name)).collect())
        .unwrap_or_default();
    let names = labels::PersonNames::of_person(&state, lang, person.as_ref()).await;
    let agency = |id: i64| agencies.get(&id).cloned().unwrap_or_default();
    let title = lang.t_with(
        "slip-title",
        &[
            ("no", referral_no.into()),
            ("number", number.clone().into()),
        ],
    );
    sheet(
        &page,
        &title,
        &format!("/cases/{number}"),
        html! {
            section.card #slip {
                dl {
                    dt { (lang.t("field-case-number")) } dd { (number) }
                    dt { (lang.t("slip-from")) } dd #slip-from { (agency(referral.from_agency_id)) }
                    dt { (lang.t("slip-to")) } dd #slip-to {
                        (agency(referral.to_agency_id))
                        @if let Some(name) = referral.to_facility_id.and_then(|id| facilities.get(&id)) { " — " (name) }
                    }
                    dt { (lang.t("input-sent-on")) } dd { (lang.date(referral.sent_on)) }
                    dt { (lang.t("input-reason")) } dd #slip-reason {
                        @match &reason {
                            Some(text) if text != haven_access::REDACTED => { (text) }
                            Some(_) | None => { span.masked { (lang.t("history-text-hidden")) } }
                        }
                    }
                    dt { (lang.t("input-transfer-lead")) } dd { (lang.t(if referral.transfer_lead { "answer-yes" } else { "answer-no" })) }
                    dt { (lang.t("field-referral-sharing")) } dd #slip-sharing { (super::case_referrals::sharing_text(lang, &referral.sharing)) }
                }
            }
            section.card #person {
                h2 { (lang.t("case-person")) }
                @match &person {
                    Some(person) => (person_fields(lang, person, &names)),
                    None => p { (lang.t("case-person-missing")) },
                }
            }
            (signatures(lang, &[lang.t("slip-sign-sender"), lang.t("slip-sign-receiver")]))
        },
    )
    .into_response()
}

pub async fn handover_record(
    State(state): State<AppState>,
    page: Page,
    Path((number, seq)): Path<(String, i64)>,
) -> Response {
    let view = match case_view(&state, &page.user, &number).await {
        Ok(view) => view,
        Err(error) => return super::error_page(&page, error).into_response(),
    };
    let lang = page.lang;
    let history = history(&state, &page, &number).await;
    let entry = history.iter().find(|e| e.seq == seq);
    let step = entry.and_then(|e| serde_json::from_value::<Command>(e.payload.clone()).ok());
    let agencies = labels::agency_names(&state).await;
    let agency = |id: i64| agencies.get(&id).cloned().unwrap_or_default();
    let shown = |text: &str| {
        if text == haven_access::REDACTED {
            lang.t("history-text-hidden")
        } else {
            text.to_owned()
        }
    };
    // (record number, date, receiving side, escort)
    let facts = match (&step, entry) {
        (
            Some(Command::RecordReturn {
                returned_on,
                handover_record,
                escort,
                to_unit_id,
            }),
            Some(entry),
        ) => {
            let units = match to_unit_id {
                Some(unit) => labels::unit_names(&state, std::slice::from_ref(unit)).await,
                None => Default::default(),
            };
            let to = to_unit_id
                .as_ref()
                .and_then(|u| units.get(u).cloned())
                .unwrap_or_else(|| lang.t("handover-to-family"));
            Some((
                shown(handover_record),
                *returned_on,
                agency(entry.actor_agency_id),
                to,
                escort.as_deref().map(shown),
            ))
        }
        (
            Some(Command::RecordHandback {
                handed_back_on,
                receiving_authority,
                handover_record,
            }),
            Some(entry),
        ) => Some((
            shown(handover_record),
            *handed_back_on,
            agency(entry.actor_agency_id),
            shown(receiving_authority),
            None,
        )),
        (Some(_) | None, _) => None,
    };
    let Some((record, on, from, to, escort)) = facts else {
        return super::error_page(&page, crate::error::ApiError::not_found()).into_response();
    };
    let names = labels::PersonNames::of_person(&state, lang, view.person.as_ref()).await;
    let title = lang.t_with("handover-title", &[("record", record.clone().into())]);
    sheet(
        &page,
        &title,
        &format!("/cases/{number}"),
        html! {
            section.card #handover {
                dl {
                    dt { (lang.t("field-case-number")) } dd { (number) }
                    dt { (lang.t("input-handover-record")) } dd { (record) }
                    dt { (lang.t("handover-on")) } dd #handover-on { (lang.date(on)) }
                    dt { (lang.t("handover-from")) } dd #handover-from { (from) }
                    dt { (lang.t("handover-to")) } dd #handover-to { (to) }
                    @if let Some(escort) = &escort { dt { (lang.t("input-escort")) } dd { (escort) } }
                }
            }
            section.card #person {
                h2 { (lang.t("case-person")) }
                @match &view.person {
                    Some(person) => (person_fields(lang, person, &names)),
                    None => p { (lang.t("case-person-missing")) },
                }
            }
            (signatures(lang, &[lang.t("handover-sign-giving"), lang.t("handover-sign-receiving")]))
        },
    )
    .into_response()
}

/// The case's history as this reader may see it; empty without the right to it.
async fn history(state: &AppState, page: &Page, number: &str) -> Vec<HistoryView> {
    super::degraded::permitted_part(
        case_history(state, &page.user, number).await,
        "case history",
    )
    .unwrap_or_default()
}
