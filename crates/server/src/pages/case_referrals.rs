//! A case's referrals on its page — where each went, its answer, and whether
//! the person's identity went with it (and why not) — and the consent hint
//! the referral form shows before the identity fields.

use crate::i18n::Lang;
use haven_domain::case::aggregate::{Referral, ReferralStatus};
use haven_domain::case::consent::{Sharing, SharingBasis, WithheldBecause};
use haven_domain::case::Case;
use maud::{html, Markup};
use std::collections::HashMap;

/// What became of a referral's identity fields, in words.
pub(super) fn sharing_text(lang: Lang, sharing: &Sharing) -> String {
    let key = match sharing {
        Sharing::NothingAsked => "sharing-nothing-asked",
        Sharing::Shared { basis } => match basis {
            SharingBasis::Consent => "sharing-shared-consent",
            SharingBasis::GuardianConsent => "sharing-shared-guardian-consent",
            SharingBasis::BestInterest => "sharing-shared-best-interest",
        },
        Sharing::Withheld { because, .. } => match because {
            WithheldBecause::NoConsent => "sharing-withheld-no-consent",
            WithheldBecause::ConsentRefused => "sharing-withheld-consent-refused",
            WithheldBecause::ChildNeedsGuardianConsent => {
                "sharing-withheld-child-needs-guardian-consent"
            }
            WithheldBecause::ConsentWithdrawn => "sharing-withheld-consent-withdrawn",
        },
    };
    lang.t(key)
}

fn status_text(lang: Lang, referral: &Referral) -> String {
    let answered = referral
        .answered_on
        .map(|d| lang.date(d))
        .unwrap_or_default();
    match referral.status {
        ReferralStatus::Pending => lang.t("referral-status-pending"),
        ReferralStatus::Accepted => {
            lang.t_with("referral-status-accepted", &[("date", answered.into())])
        }
        ReferralStatus::Declined => {
            lang.t_with("referral-status-declined", &[("date", answered.into())])
        }
    }
}

/// The referrals card of the case page.
pub(super) fn section(
    lang: Lang,
    referrals: &[Referral],
    agencies: &HashMap<i64, String>,
) -> Markup {
    html! {
        section.card #referrals {
            h2 { (lang.t("case-referrals")) }
            @if referrals.is_empty() {
                p { (lang.t("case-referrals-none")) }
            } @else {
                div.scroll tabindex="0" {
                    table {
                        thead { tr {
                            th scope="col" { (lang.t("field-referral-to")) }
                            th scope="col" { (lang.t("field-sent-on")) }
                            th scope="col" { (lang.t("input-reason")) }
                            th scope="col" { (lang.t("field-status")) }
                            th scope="col" { (lang.t("field-referral-sharing")) }
                        } }
                        tbody {
                            @for (no, referral) in (1u32..).zip(referrals) {
                                tr #{ "referral-" (no) } {
                                    td data-label=(lang.t("field-referral-to")) { (agencies.get(&referral.to_agency_id).cloned().unwrap_or_default()) }
                                    td data-label=(lang.t("field-sent-on")) { (lang.date(referral.sent_on)) }
                                    td.reason data-label=(lang.t("input-reason")) {
                                        @if referral.reason == haven_access::REDACTED {
                                            span.masked { (lang.t("history-text-hidden")) }
                                        } @else {
                                            (referral.reason)
                                        }
                                    }
                                    td data-label=(lang.t("field-status")) { (status_text(lang, referral)) }
                                    td.sharing data-label=(lang.t("field-referral-sharing")) { (sharing_text(lang, &referral.sharing)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Said above the identity fields of the referral form: the rule, and the
/// agencies consent is on record for today.
pub(super) fn consent_hint(lang: Lang, case: &Case, agencies: &HashMap<i64, String>) -> Markup {
    let consented: Vec<String> = case
        .agencies_consented_to()
        .into_iter()
        .map(|id| agencies.get(&id).cloned().unwrap_or_default())
        .collect();
    html! {
        div.hint #referral-consent {
            p { (lang.t("referral-consent-hint")) }
            p {
                @if consented.is_empty() {
                    (lang.t("referral-consented-none"))
                } @else {
                    (lang.t_with("referral-consented-to", &[("agencies", consented.join(", ").into())]))
                }
            }
            @if case.child {
                p { (lang.t("referral-best-interest-hint")) }
            }
        }
    }
}
