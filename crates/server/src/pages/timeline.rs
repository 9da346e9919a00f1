//! The journey as it happened, for the case page and the printed summary:
//! each step with the date it happened (apart from when it was recorded),
//! its key facts in words, and who recorded it (the user's name and agency).
//! Free text the policy masks shows as hidden.

use super::labels::CodeLabels;
use crate::i18n::Lang;
use crate::pages::degraded::OrShown;
use crate::views::cases::HistoryView;
use crate::AppState;
use chrono::FixedOffset;
use haven_domain::case::aggregate::Referral;
use haven_domain::case::command::{ConsentScope, Outcome, ProceedingsStage, RiskLevel};
use haven_domain::case::consent::ConsentGiver;
use haven_domain::case::decide::command_date;
use haven_domain::case::{Command, Reception};
use maud::{html, Markup};
use serde_json::Value;
use std::collections::HashMap;

/// The code lists whose codes a step may carry.
const LISTS: [&str; 8] = [
    "closure_reason",
    "support_service_type",
    "trafficking_purpose",
    "protection_measure",
    "support_category",
    "reception_channel",
    "funding_source",
    "recruitment_method",
];

/// What the timeline needs to put words on codes and ids.
pub(super) struct TimelineLabels<'a> {
    agencies: &'a HashMap<i64, String>,
    facilities: HashMap<i64, String>,
    users: HashMap<i64, String>,
    lists: HashMap<&'static str, CodeLabels>,
    /// Countries by code, when a step names one.
    countries: HashMap<String, String>,
}

impl<'a> TimelineLabels<'a> {
    pub async fn load(
        state: &AppState,
        lang: Lang,
        entries: &[HistoryView],
        agencies: &'a HashMap<i64, String>,
    ) -> TimelineLabels<'a> {
        let facilities = state
            .store
            .facilities()
            .await
            .or_shown("facilities")
            .into_iter()
            .map(|f| (f.id, f.name))
            .collect();
        // The recording users and the workers steps name: a handful per case.
        let mut user_ids: Vec<i64> = entries.iter().map(|e| e.actor_user_id).collect();
        user_ids.extend(entries.iter().filter_map(|e| {
            matches!(e.command.as_str(), "assign_worker" | "release_worker")
                .then(|| e.payload.get("user_id").and_then(Value::as_i64))
                .flatten()
        }));
        user_ids.sort_unstable();
        user_ids.dedup();
        let mut users = HashMap::new();
        for id in user_ids {
            if let Some(user) = state.store.user_account(id).await.or_shown("users") {
                users.insert(id, user.display_name);
            }
        }
        let mut lists = HashMap::new();
        for list in LISTS {
            lists.insert(list, CodeLabels::load(state, list, lang).await);
        }
        let countries = if entries.iter().any(|e| e.command == "record_trafficking") {
            state
                .store
                .countries()
                .await
                .or_shown("countries")
                .into_iter()
                .map(|c| {
                    let name = match lang {
                        Lang::Vi => c.name_vi,
                        Lang::En => c.name_en,
                    };
                    (c.code, name)
                })
                .collect()
        } else {
            HashMap::new()
        };
        TimelineLabels {
            agencies,
            facilities,
            users,
            lists,
            countries,
        }
    }

    /// A country's name, or its code when the list does not have it.
    fn country(&self, code: &str) -> String {
        self.countries
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    fn agency(&self, id: i64) -> String {
        self.agencies.get(&id).cloned().unwrap_or_default()
    }

    fn code(&self, list: &str, code: &str) -> String {
        self.lists
            .get(list)
            .map(|labels| labels.of(code))
            .unwrap_or_else(|| code.to_owned())
    }
}

/// One fact of a step: the field's label key (`input-…`) and its value in words.
type Fact = (&'static str, String);

pub(super) fn timeline(
    lang: Lang,
    number: &str,
    entries: &[HistoryView],
    labels: &TimelineLabels<'_>,
    referrals: &[Referral],
) -> Markup {
    let mut referrals_seen = 0usize;
    html! {
        section.card #timeline {
            h2 { (lang.t("case-timeline")) }
            ol.timeline {
                @for entry in entries {
                    @let step = serde_json::from_value::<Command>(entry.payload.clone()).ok();
                    @let reception = (entry.command == "receive").then(|| serde_json::from_value::<Reception>(entry.payload.clone()).ok()).flatten();
                    @let happened = step.as_ref().and_then(command_date).or(reception.as_ref().map(|r| r.received_on));
                    @let (sharing, paper) = match &step {
                        Some(Command::SendReferral { .. }) => {
                            referrals_seen += 1;
                            (
                                referrals.get(referrals_seen.saturating_sub(1)).map(|r| super::case_referrals::sharing_text(lang, &r.sharing)),
                                Some((format!("/cases/{number}/referrals/{referrals_seen}/print"), "slip-print")),
                            )
                        }
                        Some(Command::RecordReturn { .. } | Command::RecordHandback { .. }) => {
                            (None, Some((format!("/cases/{number}/handovers/{}/print", entry.seq), "handover-print")))
                        }
                        Some(_) | None => (None, None),
                    };
                    li {
                        span.when { (happened.map(|d| lang.date(d)).unwrap_or_else(|| recorded(lang, entry))) }
                        strong.what { (lang.t(&format!("command-{}", entry.command.replace('_', "-")))) }
                        @let facts = match (&step, &reception) {
                            (Some(command), _) => facts(lang, command, labels),
                            (None, Some(reception)) => reception_facts(reception, labels),
                            (None, None) => vec![],
                        };
                        @if !facts.is_empty() {
                            dl.facts {
                                @for (label, value) in &facts {
                                    dt { (lang.t(label)) }
                                    dd class=[(value.as_str() == haven_access::REDACTED).then_some("masked")] {
                                        @if value.as_str() == haven_access::REDACTED { (lang.t("history-text-hidden")) } @else { (value) }
                                    }
                                }
                            }
                        }
                        @if let Some(sharing) = &sharing { span.detail.sharing { (sharing) } }
                        @if let Some((href, label)) = &paper { a.paper.no-print href=(href) { (lang.t(label)) } }
                        @if entry.command == haven_store::cases::CORRECTION_ENTRY {
                            @let fields: Vec<String> = entry.payload.get("fields").and_then(Value::as_array).map(|codes| codes.iter().filter_map(Value::as_str).map(|code| lang.t(&format!("person-{}", code.replace('_', "-")))).collect()).unwrap_or_default();
                            span.detail { (lang.t_with("history-fields-changed", &[("fields", fields.join(", ").into())])) }
                        }
                        @if entry.reason.is_some() {
                            @if entry.redacted {
                                span.reason.masked { (lang.t("history-text-hidden")) }
                            } @else {
                                span.reason { (entry.reason.as_deref().unwrap_or_default()) }
                            }
                        }
                        span.who {
                            (labels.users.get(&entry.actor_user_id).cloned().unwrap_or_default())
                            " — " (labels.agency(entry.actor_agency_id))
                        }
                        span.recorded { (lang.t_with("history-recorded-at", &[("when", recorded(lang, entry).into())])) }
                    }
                }
            }
        }
    }
}

/// When the entry was written, in Vietnam's time.
fn recorded(lang: Lang, entry: &HistoryView) -> String {
    let Some(vietnam) = FixedOffset::east_opt(7 * 3600) else {
        return lang.date(entry.recorded_at.date_naive());
    };
    let local = entry.recorded_at.with_timezone(&vietnam);
    format!(
        "{} {}",
        lang.date(local.date_naive()),
        local.format("%H:%M")
    )
}

fn reception_facts(reception: &Reception, labels: &TimelineLabels<'_>) -> Vec<Fact> {
    vec![(
        "field-channel",
        labels.code("reception_channel", &reception.channel),
    )]
}

fn option(lang: Lang, field: &str, code: &str) -> String {
    lang.t(&format!("option-{field}-{}", code.replace('_', "-")))
}

fn yes_no(lang: Lang, value: bool) -> String {
    lang.t(if value { "answer-yes" } else { "answer-no" })
}

/// The key facts of a step, in words. Exhaustive over the commands: a new
/// step does not compile until it says what of it the timeline shows.
fn facts(lang: Lang, command: &Command, labels: &TimelineLabels<'_>) -> Vec<Fact> {
    let mut facts: Vec<(&'static str, Option<String>)> = Vec::new();
    let text = |t: &str| Some(t.to_owned()).filter(|t| !t.trim().is_empty());
    match command {
        Command::StartVerification { agency_id } => {
            facts.push(("input-agency-id", Some(labels.agency(*agency_id))))
        }
        Command::RequestVerification {
            to_agency_id,
            abroad,
            question,
            ..
        } => {
            facts.push((
                "input-to-agency-id",
                to_agency_id.map(|id| labels.agency(id)),
            ));
            facts.push(("input-abroad", abroad.then(|| yes_no(lang, true))));
            facts.push(("input-question", text(question)));
        }
        Command::AnswerVerification { answer, .. } => facts.push(("input-answer", text(answer))),
        Command::RecordIdentification {
            outcome,
            deciding_agency_id,
            document_number,
            ..
        } => {
            let code = match outcome {
                Outcome::Victim => "victim",
                Outcome::NotVictim => "not_victim",
                Outcome::Unresolved => "unresolved",
            };
            facts.push(("input-outcome", Some(option(lang, "outcome", code))));
            facts.push((
                "input-deciding-agency-id",
                deciding_agency_id.map(|id| labels.agency(id)),
            ));
            facts.push((
                "input-document-number",
                document_number.as_deref().and_then(text),
            ));
        }
        Command::RecordTrafficking(details) => {
            let purposes: Vec<String> = details
                .purposes
                .iter()
                .map(|p| labels.code("trafficking_purpose", p))
                .collect();
            facts.push(("input-purposes", Some(purposes.join(", "))));
            facts.push((
                "input-destination-country",
                details
                    .destination_country
                    .as_deref()
                    .map(|code| labels.country(code)),
            ));
        }
        Command::AssessRisk {
            level,
            relatives_at_risk,
            ..
        } => {
            facts.push(("input-level", Some(risk(lang, *level))));
            facts.push((
                "input-relatives-at-risk",
                relatives_at_risk.then(|| yes_no(lang, true)),
            ));
        }
        Command::ApplyProtection {
            measure,
            for_relative,
            ..
        } => {
            facts.push((
                "input-measure",
                Some(labels.code("protection_measure", measure)),
            ));
            facts.push(("input-for-relative", for_relative.map(|n| n.to_string())));
        }
        Command::RecordProtectionIncident { description, .. } => {
            facts.push(("input-description", text(description)))
        }
        Command::AssessNeeds { needs, wishes, .. } => {
            let needs: Vec<String> = needs
                .iter()
                .map(|n| labels.code("support_category", n))
                .collect();
            facts.push(("input-needs", Some(needs.join(", "))));
            facts.push(("input-wishes", wishes.as_deref().and_then(text)));
        }
        Command::RecordService(service) => {
            facts.push((
                "input-service-type",
                Some(labels.code("support_service_type", &service.service_type)),
            ));
            facts.push(("input-amount-vnd", service.amount_vnd.map(|a| lang.vnd(a))));
            facts.push((
                "input-provider-agency-id",
                Some(labels.agency(service.provider_agency_id)),
            ));
            facts.push((
                "input-funding-source",
                service
                    .funding_source
                    .as_deref()
                    .map(|f| labels.code("funding_source", f)),
            ));
        }
        Command::AdmitToFacility { facility_id, .. } => facts.push((
            "input-facility-id",
            labels.facilities.get(facility_id).cloned(),
        )),
        Command::DischargeFromFacility { reason, .. } => {
            facts.push(("input-reason", reason.as_deref().and_then(text)))
        }
        Command::SendReferral {
            to_agency_id,
            to_facility_id,
            reason,
            transfer_lead,
            ..
        } => {
            facts.push(("input-to-agency-id", Some(labels.agency(*to_agency_id))));
            facts.push((
                "input-to-facility-id",
                to_facility_id.and_then(|id| labels.facilities.get(&id).cloned()),
            ));
            facts.push(("input-reason", text(reason)));
            facts.push((
                "input-transfer-lead",
                transfer_lead.then(|| yes_no(lang, true)),
            ));
        }
        Command::AcceptReferral { .. } => {}
        Command::DeclineReferral { reason, .. } => facts.push(("input-reason", text(reason))),
        Command::RecordFamilyContact {
            contacted_by,
            outcome,
            ..
        } => {
            facts.push(("input-contacted-by", text(contacted_by)));
            facts.push(("input-outcome", outcome.as_deref().and_then(text)));
        }
        Command::RecordReturn {
            handover_record,
            escort,
            ..
        } => {
            facts.push(("input-handover-record", text(handover_record)));
            facts.push(("input-escort", escort.as_deref().and_then(text)));
        }
        Command::RecordHandback {
            receiving_authority,
            handover_record,
            ..
        } => {
            facts.push(("input-receiving-authority", text(receiving_authority)));
            facts.push(("input-handover-record", text(handover_record)));
        }
        Command::RecordFollowUp {
            situation,
            retrafficking_risk,
            ..
        } => {
            facts.push((
                "input-retrafficking-risk",
                Some(risk(lang, *retrafficking_risk)),
            ));
            facts.push(("input-situation", text(situation)));
        }
        Command::RecordProceedings {
            stage,
            case_reference,
            ..
        } => {
            let code = match stage {
                ProceedingsStage::Prosecution => "prosecution",
                ProceedingsStage::Investigation => "investigation",
                ProceedingsStage::Indictment => "indictment",
                ProceedingsStage::Trial => "trial",
                ProceedingsStage::Enforcement => "enforcement",
            };
            facts.push(("input-stage", Some(option(lang, "stage", code))));
            facts.push(("input-case-reference", text(case_reference)));
        }
        Command::RecordConsent {
            scope,
            given,
            given_by,
            ..
        } => {
            let (kind, agency) = match scope {
                ConsentScope::ReceiveServices => ("receive_services", None),
                ConsentScope::ShareWith { agency_id } => {
                    ("share_with", Some(labels.agency(*agency_id)))
                }
            };
            facts.push(("input-scope-kind", Some(option(lang, "scope-kind", kind))));
            facts.push(("input-scope-agency-id", agency));
            facts.push((
                "input-given",
                Some(option(lang, "given", if *given { "yes" } else { "no" })),
            ));
            let by = match given_by {
                ConsentGiver::Person => "person",
                ConsentGiver::ParentOrGuardian => "parent_or_guardian",
            };
            facts.push(("input-given-by", Some(option(lang, "given-by", by))));
        }
        Command::AddNote { text: note } => facts.push(("input-text", text(note))),
        Command::AssignWorker { user_id } | Command::ReleaseWorker { user_id } => {
            facts.push(("input-user-id", labels.users.get(user_id).cloned()))
        }
        Command::AttachDocument(attachment) => {
            facts.push(("input-file", text(&attachment.file_name)))
        }
        Command::WithdrawAttachment {
            attachment_no,
            reason,
        } => {
            facts.push(("input-attachment-no", Some(attachment_no.to_string())));
            facts.push(("input-reason", text(reason)));
        }
        Command::ApplyForHardshipAllowance { .. } => {}
        Command::ForwardHardshipApplication { to_agency_id, .. } => {
            facts.push(("input-to-agency-id", Some(labels.agency(*to_agency_id))))
        }
        Command::Close { reason, .. } => {
            facts.push(("input-reason", Some(labels.code("closure_reason", reason))))
        }
        Command::Reopen { reason, .. } => facts.push(("input-reason", text(reason))),
    }
    facts
        .into_iter()
        .filter_map(|(label, value)| value.map(|v| (label, v)))
        .collect()
}

/// A risk level in words.
pub(super) fn risk(lang: Lang, level: RiskLevel) -> String {
    let code = match level {
        RiskLevel::Low => "low",
        RiskLevel::Medium => "medium",
        RiskLevel::High => "high",
    };
    option(lang, "level", code)
}
