//! The plans' targets, computed live: shares of the records that meet them,
//! against the 100% the seeds set.

use crate::facts::CaseFacts;
use crate::measure::Window;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// Received in the period, and verification started or a decision made by the report day.
    VerifiedShare,
    /// Identified in the period with assessed needs or consent to support, and supported by the report day.
    SupportedShare,
    /// Follow-ups due in the period (to the report day) made on time.
    FollowUpsOnTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub numerator: u64,
    pub denominator: u64,
}

impl Share {
    /// The share in percent, one decimal; `None` with nothing to count.
    pub fn percent(&self) -> Option<f64> {
        (self.denominator > 0)
            .then(|| (self.numerator as f64 * 1000.0 / self.denominator as f64).round() / 10.0)
    }
}

impl TargetKind {
    pub fn share<'f>(
        self,
        facts: impl IntoIterator<Item = &'f CaseFacts>,
        window: &Window,
    ) -> Share {
        let by_then = |day: Option<chrono::NaiveDate>| day.is_some_and(|d| d <= window.as_of);
        let mut share = Share {
            numerator: 0,
            denominator: 0,
        };
        for case in facts {
            match self {
                TargetKind::VerifiedShare => {
                    if window.period.contains(case.received_on) {
                        share.denominator += 1;
                        let decided = case.identification.map(|(_, on)| on);
                        if by_then(case.verification_started_on) || by_then(decided) {
                            share.numerator += 1;
                        }
                    }
                }
                TargetKind::SupportedShare => {
                    let in_need = !case.needs.is_empty() || case.consents_to_services;
                    if case
                        .identified_on()
                        .is_some_and(|on| window.period.contains(on))
                        && in_need
                    {
                        share.denominator += 1;
                        if case.services.iter().any(|s| s.delivered_on <= window.as_of) {
                            share.numerator += 1;
                        }
                    }
                }
                TargetKind::FollowUpsOnTime => {
                    for due in window.due_follow_ups(case) {
                        share.denominator += 1;
                        share.numerator += u64::from(due.on_time);
                    }
                }
            }
        }
        share
    }
}
