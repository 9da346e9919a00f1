//! What statistics know of one case: a flat, name-free summary folded from
//! the case's history (the commands as recorded), the person's sex, age at
//! reception, ethnicity and home province, and where the case is held —
//! in today's units and, for records made before July 2025, in the legacy
//! ones. Pure: the store folds them in the write path's transaction and
//! keeps them beside the case; the report crate counts them.

use crate::case::command::{Command, ConsentScope, Outcome, ProceedingsStage};
use crate::case::person::{Person, Sex};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// One case as the store holds it, for statistics only.
#[derive(Debug, Clone)]
pub struct CaseRecordForStatistics {
    pub case_id: i64,
    pub lead_agency_id: i64,
    /// Today's province (GSO code) the case is held in.
    pub province: String,
    /// The unit where the person was received, legacy or 2025, as recorded.
    pub place_unit_id: Option<String>,
    /// The same place in today's units (a legacy one through the mapping).
    pub place_unit_today: Option<String>,
    pub channel: String,
    pub received_on: NaiveDate,
    pub person: Option<Person>,
    /// The history: each command with the day it was recorded.
    pub commands: Vec<(NaiveDate, Command)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFact {
    pub service_type: String,
    pub delivered_on: NaiveDate,
    pub amount_vnd: i64,
    pub funding_source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayFact {
    pub admitted_on: NaiveDate,
    pub discharged_on: Option<NaiveDate>,
}

/// What the record of the trafficking itself says, without its places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraffickingFacts {
    pub means_of_control: Vec<String>,
    pub relation_to_recruiter: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralFact {
    pub sent_on: NaiveDate,
    /// Accepted (`true`) or declined, and when.
    pub answer: Option<(bool, NaiveDate)>,
}

/// A case as statistics count it: no name, no contact, no address line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub case_id: i64,
    pub lead_agency_id: i64,
    pub province: String,
    /// The legacy province (GSO code of the 63) of a record made in legacy units.
    pub legacy_province: Option<String>,
    /// Today's commune of the place of reception (`01/00070`), when the
    /// place was recorded down to a commune of the province holding the case.
    pub commune: Option<String>,
    pub channel: String,
    pub received_on: NaiveDate,
    pub sex: String,
    pub age: Option<u32>,
    pub ethnicity: Option<String>,
    /// Province of permanent residence, as recorded (legacy or 2025 code).
    pub home_province: Option<String>,
    /// ISO 3166-1 alpha-2 of the person's nationality, as recorded.
    pub nationality: Option<String>,
    pub purposes: Vec<String>,
    pub destination_country: Option<String>,
    /// The trafficking as last recorded, if it was: its means of control,
    /// the relation to the recruiter and how long it lasted.
    pub trafficking: Option<TraffickingFacts>,
    pub verification_started_on: Option<NaiveDate>,
    /// The latest identification decision and its day.
    pub identification: Option<(Outcome, NaiveDate)>,
    pub needs: Vec<String>,
    pub services: Vec<ServiceFact>,
    pub stays: Vec<StayFact>,
    pub protections: Vec<(String, NaiveDate)>,
    pub referrals: Vec<ReferralFact>,
    pub returned_on: Option<NaiveDate>,
    pub follow_ups: Vec<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub proceedings: Vec<(ProceedingsStage, NaiveDate)>,
    pub consents_to_services: bool,
}

impl CaseFacts {
    /// Folds the history into the facts; a reopened case is open again.
    pub fn from_record(record: &CaseRecordForStatistics) -> CaseFacts {
        let person = record.person.as_ref();
        let mut facts = CaseFacts {
            case_id: record.case_id,
            lead_agency_id: record.lead_agency_id,
            province: record.province.clone(),
            legacy_province: record
                .place_unit_id
                .as_deref()
                .filter(|u| u.starts_with("legacy/"))
                .and_then(|u| u.split('/').nth(1))
                .map(str::to_owned),
            commune: record
                .place_unit_today
                .as_deref()
                .and_then(|u| u.strip_prefix("2025/"))
                .filter(|u| {
                    u.split_once('/')
                        .is_some_and(|(p, c)| p == record.province && !c.is_empty())
                })
                .map(str::to_owned),
            channel: record.channel.clone(),
            received_on: record.received_on,
            sex: match person.map(|p| p.sex) {
                Some(Sex::Female) => "female",
                Some(Sex::Male) => "male",
                Some(Sex::Unknown) | None => "unknown",
            }
            .to_owned(),
            age: person
                .and_then(|p| p.birth.as_ref())
                .and_then(|b| b.age_on(record.received_on)),
            ethnicity: person.and_then(|p| p.ethnicity.clone()),
            home_province: person
                .and_then(|p| p.permanent_residence.admin_unit_id.as_deref())
                .and_then(province_of_unit),
            nationality: person.and_then(|p| p.nationality.clone()),
            purposes: Vec::new(),
            destination_country: None,
            trafficking: None,
            verification_started_on: None,
            identification: None,
            needs: Vec::new(),
            services: Vec::new(),
            stays: Vec::new(),
            protections: Vec::new(),
            referrals: Vec::new(),
            returned_on: None,
            follow_ups: Vec::new(),
            closed_on: None,
            proceedings: Vec::new(),
            consents_to_services: false,
        };
        for (recorded_on, command) in &record.commands {
            facts.apply(*recorded_on, command);
        }
        facts
    }

    /// One more step of the history, recorded on `recorded_on`.
    pub fn apply(&mut self, recorded_on: NaiveDate, command: &Command) {
        match command {
            Command::StartVerification { .. } => {
                self.verification_started_on.get_or_insert(recorded_on);
            }
            Command::RecordIdentification {
                outcome,
                document_date,
                ..
            } => {
                self.identification = Some((*outcome, document_date.unwrap_or(recorded_on)));
            }
            Command::RecordTrafficking(details) => {
                self.purposes = details.purposes.clone();
                self.destination_country = details.destination_country.clone();
                self.trafficking = Some(TraffickingFacts {
                    means_of_control: details.means_of_control.clone(),
                    relation_to_recruiter: details.relation_to_recruiter.clone(),
                    from: details.period_from,
                    to: details.period_to,
                });
            }
            Command::ApplyProtection { measure, from, .. } => {
                self.protections.push((measure.clone(), *from));
            }
            Command::AssessNeeds { needs, .. } => self.needs = needs.clone(),
            Command::RecordService(service) => self.services.push(ServiceFact {
                service_type: service.service_type.clone(),
                delivered_on: service.delivered_on,
                amount_vnd: service.amount_vnd.unwrap_or(0),
                funding_source: service.funding_source.clone(),
            }),
            Command::AdmitToFacility { admitted_on, .. } => self.stays.push(StayFact {
                admitted_on: *admitted_on,
                discharged_on: None,
            }),
            Command::DischargeFromFacility { discharged_on, .. } => {
                if let Some(stay) = self.stays.last_mut() {
                    stay.discharged_on.get_or_insert(*discharged_on);
                }
            }
            Command::SendReferral { sent_on, .. } => self.referrals.push(ReferralFact {
                sent_on: *sent_on,
                answer: None,
            }),
            Command::AcceptReferral {
                referral_no,
                answered_on,
            } => self.answer_referral(*referral_no, true, *answered_on),
            Command::DeclineReferral {
                referral_no,
                answered_on,
                ..
            } => self.answer_referral(*referral_no, false, *answered_on),
            Command::RecordReturn { returned_on, .. } => self.returned_on = Some(*returned_on),
            Command::RecordFollowUp { visited_on, .. } => self.follow_ups.push(*visited_on),
            Command::RecordProceedings { stage, on, .. } => self.proceedings.push((*stage, *on)),
            Command::RecordConsent {
                scope: ConsentScope::ReceiveServices,
                given,
                ..
            } => self.consents_to_services = *given,
            Command::Close { closed_on, .. } => self.closed_on = Some(*closed_on),
            Command::Reopen { .. } => self.closed_on = None,
            Command::RequestVerification { .. }
            | Command::AnswerVerification { .. }
            | Command::AssessRisk { .. }
            | Command::RecordProtectionIncident { .. }
            | Command::RecordFamilyContact { .. }
            | Command::RecordHandback { .. }
            | Command::RecordConsent { .. }
            | Command::AddNote { .. }
            | Command::AssignWorker { .. }
            | Command::ReleaseWorker { .. }
            | Command::AttachDocument(_)
            | Command::WithdrawAttachment { .. }
            | Command::ApplyForHardshipAllowance { .. }
            | Command::ForwardHardshipApplication { .. } => {}
        }
    }

    fn answer_referral(&mut self, referral_no: u32, accepted: bool, on: NaiveDate) {
        let index = (referral_no as usize).saturating_sub(1);
        if let Some(referral) = self.referrals.get_mut(index) {
            referral.answer = Some((accepted, on));
        }
    }

    /// Whether the latest decision says victim.
    pub fn identified_on(&self) -> Option<NaiveDate> {
        match self.identification {
            Some((Outcome::Victim, on)) => Some(on),
            Some((Outcome::NotVictim | Outcome::Unresolved, _)) | None => None,
        }
    }

    /// The days this case can count on, first to last: a report of a
    /// period outside them counts nothing of it, so it need not read it.
    /// A stay not ended counts until the report's day (the last day is
    /// then open); a follow-up counts when it falls due, up to the last of
    /// `follow_up_months` after the return.
    pub fn span(&self, follow_up_months: &[u32]) -> FactsSpan {
        let stays_open = self.stays.iter().any(|s| s.discharged_on.is_none());
        let last_follow_up_due = self.returned_on.and_then(|returned| {
            let months = follow_up_months.iter().max()?;
            returned.checked_add_months(Months::new(*months))
        });
        let days: Vec<NaiveDate> = [
            Some(self.received_on),
            self.verification_started_on,
            self.identification.map(|(_, on)| on),
            self.trafficking.as_ref().and_then(|t| t.from),
            self.trafficking.as_ref().and_then(|t| t.to),
            self.returned_on,
            last_follow_up_due,
            self.closed_on,
        ]
        .into_iter()
        .flatten()
        .chain(self.services.iter().map(|s| s.delivered_on))
        .chain(
            self.stays
                .iter()
                .flat_map(|s| [Some(s.admitted_on), s.discharged_on])
                .flatten(),
        )
        .chain(self.protections.iter().map(|(_, on)| *on))
        .chain(
            self.referrals
                .iter()
                .flat_map(|r| [Some(r.sent_on), r.answer.map(|(_, on)| on)])
                .flatten(),
        )
        .chain(self.follow_ups.iter().copied())
        .chain(self.proceedings.iter().map(|(_, on)| *on))
        .collect();
        let first = days.iter().min().copied().unwrap_or(self.received_on);
        let last = if stays_open {
            open_end()
        } else {
            days.iter().max().copied().unwrap_or(self.received_on)
        };
        FactsSpan { first, last }
    }
}

/// The first and last day a case's facts can count on (see [`CaseFacts::span`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactsSpan {
    pub first: NaiveDate,
    /// [`open_end`] while a stay is open.
    pub last: NaiveDate,
}

/// The last day of a span still open: the last both databases' date
/// columns and every period can hold.
pub fn open_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The province part of a unit id: `2025/01/00070` → `2025/01`, `legacy/26/…` → `legacy/26`.
pub fn province_of_unit(unit_id: &str) -> Option<String> {
    let mut parts = unit_id.split('/');
    let generation = parts.next()?;
    let province = parts.next().filter(|p| !p.is_empty())?;
    Some(format!("{generation}/{province}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::command::Service;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn the_history_folds_into_facts_and_a_reopening_undoes_the_closure() {
        let record = CaseRecordForStatistics {
            case_id: 7,
            lead_agency_id: 3,
            province: "01".into(),
            place_unit_id: Some("legacy/26/251/08812".into()),
            place_unit_today: Some("2025/01/00070".into()),
            channel: "self_return".into(),
            received_on: day(1, 10),
            person: None,
            commands: vec![
                (day(1, 11), Command::StartVerification { agency_id: 3 }),
                (
                    day(1, 20),
                    Command::RecordIdentification {
                        outcome: Outcome::Victim,
                        deciding_agency_id: Some(3),
                        document_number: None,
                        document_date: Some(day(1, 18)),
                    },
                ),
                (
                    day(1, 21),
                    Command::RecordService(Service {
                        service_type: "food".into(),
                        clause: None,
                        provider_agency_id: 3,
                        delivered_on: day(1, 21),
                        amount_vnd: Some(500_000),
                        funding_source: None,
                        outside_entitlement_reason: None,
                    }),
                ),
                (
                    day(1, 22),
                    Command::AdmitToFacility {
                        facility_id: 1,
                        admitted_on: day(1, 22),
                    },
                ),
                (
                    day(2, 1),
                    Command::DischargeFromFacility {
                        discharged_on: day(2, 1),
                        reason: None,
                    },
                ),
                (
                    day(3, 1),
                    Command::Close {
                        reason: "reintegrated".into(),
                        closed_on: day(3, 1),
                    },
                ),
                (
                    day(3, 5),
                    Command::Reopen {
                        reason: "x".into(),
                        reopened_on: day(3, 5),
                    },
                ),
            ],
        };
        let facts = CaseFacts::from_record(&record);
        assert_eq!(facts.legacy_province.as_deref(), Some("26"));
        assert_eq!(facts.commune.as_deref(), Some("01/00070"));
        assert_eq!(facts.verification_started_on, Some(day(1, 11)));
        assert_eq!(facts.identified_on(), Some(day(1, 18)));
        assert_eq!(facts.services[0].amount_vnd, 500_000);
        assert_eq!(
            facts.stays,
            vec![StayFact {
                admitted_on: day(1, 22),
                discharged_on: Some(day(2, 1))
            }]
        );
        assert_eq!(facts.closed_on, None, "reopened");
        assert_eq!(facts.sex, "unknown");
        assert_eq!(
            facts.span(&[1, 3]),
            FactsSpan {
                first: day(1, 10),
                last: day(2, 1)
            },
            "from the reception to the discharge (the closure was undone)"
        );
        let mut returned = facts.clone();
        returned.returned_on = Some(day(4, 30));
        assert_eq!(
            returned.span(&[1, 6, 3]).last,
            day(10, 30),
            "the last follow-up due"
        );
        assert_eq!(returned.span(&[]).last, day(4, 30));
        let mut staying = facts.clone();
        staying.stays.push(StayFact {
            admitted_on: day(1, 5),
            discharged_on: None,
        });
        assert_eq!(
            staying.span(&[]),
            FactsSpan {
                first: day(1, 5),
                last: open_end()
            },
            "an open stay counts until any report's day"
        );
        assert_eq!(
            province_of_unit("2025/01/00070").as_deref(),
            Some("2025/01")
        );
    }
}
