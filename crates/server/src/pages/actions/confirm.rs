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
use haven_domain::case::{Case, Consequence};
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
fn consequence_key(consequence: &Consequence<'_>) -> &'static str {
    match consequence {
        Consequence::ClosesTheCase { .. } => "closes-the-case",
        Consequence::DecidesIdentification { .. } => "decides-identification",
        Consequence::DeclinesReferral { .. } => "declines-referral",
        Consequence::TransfersLead { .. } => "transfers-lead",
        Consequence::HandsBack { .. } => "hands-back",
        Consequence::WithdrawsDocument { .. } => "withdraws-document",
    }
}

/// The page that asks to confirm a step with this consequence on the case.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    state: &AppState,
    page: &Page,
    number: &str,
    case: &Case,
    action: &str,
    consequence: &Consequence<'_>,
    values: &[(String, String)],
    agencies: &HashMap<i64, String>,
) -> Markup {
    let lang = page.lang;
    let statement = statement(state, lang, number, case, consequence, agencies).await;
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
    consequence: &Consequence<'_>,
    agencies: &HashMap<i64, String>,
) -> String {
    let agency = |id: i64| agencies.get(&id).cloned().unwrap_or_default();
    let key = format!("confirm-{}", consequence_key(consequence));
    match *consequence {
        Consequence::ClosesTheCase { reason, closed_on } => {
            let reasons = CodeLabels::load(state, "closure_reason", lang).await;
            lang.t_with(
                &key,
                &[
                    ("number", number.to_owned().into()),
                    ("reason", reasons.of(reason).into()),
                    ("date", lang.date(closed_on).into()),
                ],
            )
        }
        Consequence::DecidesIdentification { outcome } => {
            let outcome = match outcome {
                Outcome::Victim => "victim",
                Outcome::NotVictim => "not-victim",
                Outcome::Unresolved => "unresolved",
            };
            lang.t_with(
                &key,
                &[
                    ("number", number.to_owned().into()),
                    (
                        "outcome",
                        lang.t(&format!("option-outcome-{outcome}")).into(),
                    ),
                ],
            )
        }
        Consequence::DeclinesReferral {
            referral_no,
            reason,
        } => {
            let from = (referral_no as usize)
                .checked_sub(1)
                .and_then(|i| case.referrals.get(i))
                .map(|r| agency(r.from_agency_id))
                .unwrap_or_default();
            lang.t_with(
                &key,
                &[
                    ("agency", from.into()),
                    ("reason", reason.to_owned().into()),
                ],
            )
        }
        Consequence::TransfersLead { to_agency_id } => lang.t_with(
            &key,
            &[
                ("number", number.to_owned().into()),
                ("agency", agency(to_agency_id).into()),
            ],
        ),
        Consequence::HandsBack {
            receiving_authority,
            handed_back_on,
            handover_record,
        } => lang.t_with(
            &key,
            &[
                ("authority", receiving_authority.to_owned().into()),
                ("date", lang.date(handed_back_on).into()),
                ("record", handover_record.to_owned().into()),
            ],
        ),
        Consequence::WithdrawsDocument {
            attachment_no,
            reason,
        } => lang.t_with(
            &key,
            &[
                ("no", attachment_no.into()),
                ("reason", reason.to_owned().into()),
            ],
        ),
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
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let all = [
            Consequence::ClosesTheCase {
                reason: "other",
                closed_on: day,
            },
            Consequence::DecidesIdentification {
                outcome: Outcome::Victim,
            },
            Consequence::DeclinesReferral {
                referral_no: 1,
                reason: "r",
            },
            Consequence::TransfersLead { to_agency_id: 1 },
            Consequence::HandsBack {
                receiving_authority: "x",
                handed_back_on: day,
                handover_record: "1",
            },
            Consequence::WithdrawsDocument {
                attachment_no: 1,
                reason: "r",
            },
        ];
        for lang in Lang::ALL {
            for consequence in all {
                let what = consequence_key(&consequence);
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
