//! The second screen of a step that cannot be taken back or that moves
//! responsibility (which ones is the domain's `Command::consequence`): it
//! says plainly what will happen, with the facts typed, and carries the
//! form's values on, so the user confirms, or goes back to the form with
//! everything still filled in. Nothing is recorded until confirmed.

use super::super::context::Page;
use super::super::labels::CodeLabels;
use super::super::layout;
use super::spec::key;
use crate::i18n::Lang;
use crate::AppState;
use haven_domain::case::command::Outcome;
use haven_domain::case::{Case, Command, Consequence};
use maud::{html, Markup};
use std::collections::HashMap;

/// The form field that carries the user's answer on the second screen.
pub const FIELD: &str = "confirmed";

/// What the user said on the second screen, if they saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The form was sent from the case page: nothing confirmed yet.
    NotAsked,
    Confirmed,
    /// Back to the form, to change something; nothing is recorded.
    GoBack,
}

pub fn answer_of(values: &[(String, String)]) -> Answer {
    match values
        .iter()
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.as_str())
    {
        Some("yes") => Answer::Confirmed,
        Some("back") => Answer::GoBack,
        Some(_) | None => Answer::NotAsked,
    }
}

/// The words that name a consequence in message keys.
fn consequence_key(consequence: Consequence) -> &'static str {
    match consequence {
        Consequence::ClosesTheCase => "closes-the-case",
        Consequence::DecidesIdentification => "decides-identification",
        Consequence::DeclinesReferral => "declines-referral",
        Consequence::TransfersLead => "transfers-lead",
        Consequence::HandsBack => "hands-back",
        Consequence::WithdrawsDocument => "withdraws-document",
    }
}

/// The page that asks to confirm `command` on the case.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    state: &AppState,
    page: &Page,
    number: &str,
    case: &Case,
    action: &str,
    command: &Command,
    consequence: Consequence,
    values: &[(String, String)],
    agencies: &HashMap<i64, String>,
) -> Markup {
    let lang = page.lang;
    let statement = statement(state, lang, number, case, command, agencies).await;
    let what = consequence_key(consequence);
    let title = lang.t_with(
        "confirm-title",
        &[("action", lang.t(&format!("command-{}", key(action))).into())],
    );
    layout::page(
        page,
        &title,
        html! {
            section.card.confirm #confirm {
                p.statement #confirm-statement { (statement) }
                form method="post" action={ "/cases/" (number) "/actions/" (action) } {
                    input type="hidden" name=(crate::csrf::FIELD) value=(page.csrf);
                    @for (name, value) in values.iter().filter(|(k, _)| k != crate::csrf::FIELD && k != FIELD) {
                        input type="hidden" name=(name) value=(value);
                    }
                    div.buttons {
                        button.danger type="submit" name=(FIELD) value="yes" { (lang.t(&format!("confirm-do-{what}"))) }
                        button.secondary type="submit" name=(FIELD) value="back" formnovalidate { (lang.t("confirm-back")) }
                    }
                }
            }
        },
    )
}

/// What will happen, in a sentence with the facts the user typed.
async fn statement(
    state: &AppState,
    lang: Lang,
    number: &str,
    case: &Case,
    command: &Command,
    agencies: &HashMap<i64, String>,
) -> String {
    let agency = |id: i64| agencies.get(&id).cloned().unwrap_or_default();
    match command {
        Command::Close { reason, closed_on } => {
            let reasons = CodeLabels::load(state, "closure_reason", lang).await;
            lang.t_with(
                "confirm-closes-the-case",
                &[
                    ("number", number.to_owned().into()),
                    ("reason", reasons.of(reason).into()),
                    ("date", lang.date(*closed_on).into()),
                ],
            )
        }
        Command::RecordIdentification { outcome, .. } => {
            let outcome = match outcome {
                Outcome::Victim => "victim",
                Outcome::NotVictim => "not-victim",
                Outcome::Unresolved => "unresolved",
            };
            lang.t_with(
                "confirm-decides-identification",
                &[
                    ("number", number.to_owned().into()),
                    (
                        "outcome",
                        lang.t(&format!("option-outcome-{outcome}")).into(),
                    ),
                ],
            )
        }
        Command::DeclineReferral {
            referral_no,
            reason,
            ..
        } => {
            let from = (*referral_no as usize)
                .checked_sub(1)
                .and_then(|i| case.referrals.get(i))
                .map(|r| agency(r.from_agency_id))
                .unwrap_or_default();
            lang.t_with(
                "confirm-declines-referral",
                &[("agency", from.into()), ("reason", reason.clone().into())],
            )
        }
        Command::SendReferral { to_agency_id, .. } => lang.t_with(
            "confirm-transfers-lead",
            &[
                ("number", number.to_owned().into()),
                ("agency", agency(*to_agency_id).into()),
            ],
        ),
        Command::RecordHandback {
            handed_back_on,
            receiving_authority,
            handover_record,
        } => lang.t_with(
            "confirm-hands-back",
            &[
                ("authority", receiving_authority.clone().into()),
                ("date", lang.date(*handed_back_on).into()),
                ("record", handover_record.clone().into()),
            ],
        ),
        Command::WithdrawAttachment {
            attachment_no,
            reason,
        } => lang.t_with(
            "confirm-withdraws-document",
            &[
                ("no", (*attachment_no).into()),
                ("reason", reason.clone().into()),
            ],
        ),
        Command::StartVerification { .. }
        | Command::RequestVerification { .. }
        | Command::AnswerVerification { .. }
        | Command::RecordTrafficking(_)
        | Command::AssessRisk { .. }
        | Command::ApplyProtection { .. }
        | Command::RecordProtectionIncident { .. }
        | Command::AssessNeeds { .. }
        | Command::RecordService(_)
        | Command::AdmitToFacility { .. }
        | Command::DischargeFromFacility { .. }
        | Command::AcceptReferral { .. }
        | Command::RecordFamilyContact { .. }
        | Command::RecordReturn { .. }
        | Command::RecordFollowUp { .. }
        | Command::RecordProceedings { .. }
        | Command::RecordConsent { .. }
        | Command::AddNote { .. }
        | Command::AssignWorker { .. }
        | Command::ReleaseWorker { .. }
        | Command::AttachDocument(_)
        | Command::ApplyForHardshipAllowance { .. }
        | Command::ForwardHardshipApplication { .. }
        | Command::Reopen { .. } => lang.t(&format!("command-{}", key(command.name()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_second_screens_buttons_confirm() {
        let form = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(answer_of(&form(&[("reason", "x")])), Answer::NotAsked);
        assert_eq!(answer_of(&form(&[(FIELD, "yes")])), Answer::Confirmed);
        assert_eq!(answer_of(&form(&[(FIELD, "back")])), Answer::GoBack);
        assert_eq!(answer_of(&form(&[(FIELD, "1")])), Answer::NotAsked);
    }

    #[test]
    fn every_consequence_has_its_words_in_both_languages() {
        use crate::i18n::MISSING_MARK;
        let all = [
            Consequence::ClosesTheCase,
            Consequence::DecidesIdentification,
            Consequence::DeclinesReferral,
            Consequence::TransfersLead,
            Consequence::HandsBack,
            Consequence::WithdrawsDocument,
        ];
        for lang in Lang::ALL {
            for consequence in all {
                let what = consequence_key(consequence);
                for key in [format!("confirm-{what}"), format!("confirm-do-{what}")] {
                    let text = lang.t_with(
                        &key,
                        &[
                            ("number", "HS-1".into()),
                            ("reason", "r".into()),
                            ("date", "02/03/2026".into()),
                            ("outcome", "o".into()),
                            ("agency", "a".into()),
                            ("authority", "x".into()),
                            ("record", "1".into()),
                            ("no", 1.into()),
                        ],
                    );
                    assert!(!text.contains(MISSING_MARK), "{key} in {lang:?}");
                }
            }
            assert!(!lang.t("confirm-back").contains(MISSING_MARK));
        }
    }
}
