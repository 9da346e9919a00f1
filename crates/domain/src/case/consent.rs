//! Consent to share: whether a referral may carry the person's identity to
//! the agency it goes to.
//!
//! The rule (Law 53/2024 Art. 35 on the confidentiality of victims'
//! information; Law 102/2016 on children, Art. 33 and 54): identity fields
//! travel with a referral only if consent to share with that very agency is
//! on record — the person's own for an adult, a parent's or guardian's for a
//! child under 16 — or, for a child, when the lead agency's social worker
//! documents that sharing is in the child's best interest (parents may be
//! part of the harm). Otherwise the referral still goes, with no identity
//! fields, and says why. Withdrawing consent takes back what was shared on it.

use super::aggregate::Case;
use super::command::ConsentScope;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who gave or refused consent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConsentGiver {
    /// The person herself (what records made before this distinction mean).
    #[default]
    Person,
    ParentOrGuardian,
}

/// A consent or refusal as the case keeps it, in the order recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedConsent {
    pub scope: ConsentScope,
    pub given: bool,
    pub given_by: ConsentGiver,
    pub on: NaiveDate,
}

/// What became of the fields a referral asked to share.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Sharing {
    /// No identity field was asked for (also referrals stored before consent counted).
    #[default]
    NothingAsked,
    Shared {
        basis: SharingBasis,
    },
    /// The referral went without them; `asked` keeps what the sender chose.
    Withheld {
        asked: Vec<String>,
        because: WithheldBecause,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SharingBasis {
    /// The adult's own consent to share with the receiving agency.
    Consent,
    /// A parent's or guardian's consent, for a child.
    GuardianConsent,
    /// The lead agency's social worker documented the child's best interest.
    BestInterest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WithheldBecause {
    /// No consent to share with the receiving agency is on record.
    NoConsent,
    /// The consent on record for that agency is a refusal.
    ConsentRefused,
    /// A child's own consent is on record, but not a parent's or guardian's.
    ChildNeedsGuardianConsent,
    /// Consent was withdrawn after the referral had shared on it.
    ConsentWithdrawn,
}

impl Case {
    /// Whether `giver` can consent for this person: a parent or guardian for
    /// a child under 16, the person herself otherwise.
    pub fn may_consent(&self, giver: ConsentGiver) -> bool {
        match giver {
            ConsentGiver::Person => !self.child,
            ConsentGiver::ParentOrGuardian => self.child,
        }
    }

    /// The consent that counts for sharing with `agency_id`: the latest one
    /// recorded by someone who may consent for this person.
    fn consent_to_share_with(&self, agency_id: i64) -> Option<&RecordedConsent> {
        self.consents.iter().rev().find(|c| {
            c.scope == ConsentScope::ShareWith { agency_id } && self.may_consent(c.given_by)
        })
    }

    /// What a referral to `to_agency_id` asking for `asked` may share;
    /// `best_interest` tells whether a best-interest reason comes with it
    /// (the rules accept one only for a child, from the lead agency).
    pub fn sharing_for(&self, to_agency_id: i64, asked: &[String], best_interest: bool) -> Sharing {
        if asked.is_empty() {
            return Sharing::NothingAsked;
        }
        let withheld = |because| Sharing::Withheld {
            asked: asked.to_vec(),
            because,
        };
        if self.child && best_interest {
            return Sharing::Shared {
                basis: SharingBasis::BestInterest,
            };
        }
        match self.consent_to_share_with(to_agency_id) {
            Some(consent) if consent.given => Sharing::Shared {
                basis: if self.child {
                    SharingBasis::GuardianConsent
                } else {
                    SharingBasis::Consent
                },
            },
            Some(_) => withheld(WithheldBecause::ConsentRefused),
            None if self.child && self.has_own_consent_of_child(to_agency_id) => {
                withheld(WithheldBecause::ChildNeedsGuardianConsent)
            }
            None => withheld(WithheldBecause::NoConsent),
        }
    }

    fn has_own_consent_of_child(&self, agency_id: i64) -> bool {
        self.consents.iter().any(|c| {
            c.scope == ConsentScope::ShareWith { agency_id }
                && c.given_by == ConsentGiver::Person
                && c.given
        })
    }

    /// The agencies a referral may share identity with today on consent.
    pub fn agencies_consented_to(&self) -> Vec<i64> {
        let mut agencies: Vec<i64> = self
            .consents
            .iter()
            .filter_map(|c| match c.scope {
                ConsentScope::ShareWith { agency_id } => Some(agency_id),
                ConsentScope::ReceiveServices => None,
            })
            .filter(|agency_id| {
                self.consent_to_share_with(*agency_id)
                    .is_some_and(|c| c.given)
            })
            .collect();
        agencies.sort_unstable();
        agencies.dedup();
        agencies
    }

    /// Keeps a consent or refusal; a refusal that now counts takes back what
    /// referrals to that agency shared on consent (not on a child's best interest).
    pub(super) fn record_consent(&mut self, consent: RecordedConsent) {
        let withdrawn_from = match consent.scope {
            ConsentScope::ShareWith { agency_id }
                if !consent.given && self.may_consent(consent.given_by) =>
            {
                Some(agency_id)
            }
            ConsentScope::ShareWith { .. } | ConsentScope::ReceiveServices => None,
        };
        self.consents.push(consent);
        let Some(agency_id) = withdrawn_from else {
            return;
        };
        for referral in self
            .referrals
            .iter_mut()
            .filter(|r| r.to_agency_id == agency_id)
        {
            if let Sharing::Shared {
                basis: SharingBasis::Consent | SharingBasis::GuardianConsent,
            } = referral.sharing
            {
                referral.sharing = Sharing::Withheld {
                    asked: std::mem::take(&mut referral.shared_fields),
                    because: WithheldBecause::ConsentWithdrawn,
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::command::{Command, Reception};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn case(child: bool) -> Case {
        Case::open(&Reception {
            child,
            minor: child,
            receiving_agency_id: 1,
            ..Reception::new("hotline_111", day(1))
        })
    }

    fn consent(case: &mut Case, agency_id: i64, given: bool, given_by: ConsentGiver) {
        case.apply(
            &Command::RecordConsent {
                scope: ConsentScope::ShareWith { agency_id },
                given,
                given_by,
                on: day(2),
            },
            1,
        );
    }

    fn refer(case: &mut Case, to: i64, best_interest: Option<&str>) {
        case.apply(
            &Command::SendReferral {
                to_agency_id: to,
                to_facility_id: None,
                reason: "hỗ trợ".into(),
                shared_fields: vec!["full_name".into(), "birth".into()],
                shared_with_roles: vec![],
                best_interest_reason: best_interest.map(str::to_owned),
                transfer_lead: false,
                sent_on: day(3),
            },
            1,
        );
    }

    fn last(case: &Case) -> &crate::case::aggregate::Referral {
        case.referrals.last().unwrap()
    }

    #[test]
    fn an_adult_shares_only_with_the_agency_she_consented_to() {
        let mut c = case(false);
        consent(&mut c, 7, true, ConsentGiver::Person);
        refer(&mut c, 8, None);
        assert!(last(&c).shared_fields.is_empty());
        assert_eq!(
            last(&c).sharing,
            Sharing::Withheld {
                asked: vec!["full_name".into(), "birth".into()],
                because: WithheldBecause::NoConsent
            }
        );
        refer(&mut c, 7, None);
        assert_eq!(last(&c).shared_fields, ["full_name", "birth"]);
        assert_eq!(
            last(&c).sharing,
            Sharing::Shared {
                basis: SharingBasis::Consent
            }
        );
        assert_eq!(c.agencies_consented_to(), [7]);
        assert!(c.broken_invariants().is_empty());
    }

    #[test]
    fn the_latest_word_counts_and_a_withdrawal_takes_back_what_was_shared() {
        let mut c = case(false);
        consent(&mut c, 7, false, ConsentGiver::Person);
        refer(&mut c, 7, None);
        assert!(matches!(
            last(&c).sharing,
            Sharing::Withheld {
                because: WithheldBecause::ConsentRefused,
                ..
            }
        ));
        consent(&mut c, 7, true, ConsentGiver::Person);
        refer(&mut c, 7, None);
        assert_eq!(last(&c).shared_fields.len(), 2);
        consent(&mut c, 7, false, ConsentGiver::Person);
        assert!(c.referrals.iter().all(|r| r.shared_fields.is_empty()));
        assert!(matches!(
            last(&c).sharing,
            Sharing::Withheld {
                because: WithheldBecause::ConsentWithdrawn,
                ..
            }
        ));
        assert!(c.agencies_consented_to().is_empty());
        assert!(c.broken_invariants().is_empty());
    }

    #[test]
    fn a_child_needs_a_parent_or_guardian_or_a_best_interest_reason() {
        let mut c = case(true);
        consent(&mut c, 7, true, ConsentGiver::Person);
        refer(&mut c, 7, None);
        assert!(matches!(
            last(&c).sharing,
            Sharing::Withheld {
                because: WithheldBecause::ChildNeedsGuardianConsent,
                ..
            }
        ));
        assert!(c.agencies_consented_to().is_empty());
        consent(&mut c, 7, true, ConsentGiver::ParentOrGuardian);
        refer(&mut c, 7, None);
        assert_eq!(
            last(&c).sharing,
            Sharing::Shared {
                basis: SharingBasis::GuardianConsent
            }
        );
        consent(&mut c, 9, false, ConsentGiver::ParentOrGuardian);
        refer(&mut c, 9, Some("Cha mẹ liên quan đến vụ việc"));
        assert_eq!(
            last(&c).sharing,
            Sharing::Shared {
                basis: SharingBasis::BestInterest
            }
        );
        // A guardian's later refusal does not undo a best-interest decision.
        consent(&mut c, 9, false, ConsentGiver::ParentOrGuardian);
        assert_eq!(last(&c).shared_fields.len(), 2);
    }

    #[test]
    fn an_adults_sharing_is_not_given_by_a_guardian_nor_a_best_interest_reason() {
        let mut c = case(false);
        consent(&mut c, 7, true, ConsentGiver::ParentOrGuardian);
        refer(&mut c, 7, Some("x"));
        assert!(last(&c).shared_fields.is_empty());
    }
}
