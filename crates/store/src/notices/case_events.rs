//! The notices a case's steps raise: a referral received by the agency it
//! was sent to, and its answer to the agency that sent it. Written in the
//! step's transaction.

use super::raise::{raise, raise_for_case, Audience, NewNotice};
use crate::error::StoreResult;
use chrono::{DateTime, Utc};
use haven_domain::case::aggregate::Case;
use haven_domain::case::command::Command;
use haven_domain::ids::AgencyId;
use haven_domain::notice::NoticeKind;
use sea_orm::ConnectionTrait;

/// The step as it was recorded: the case before and after, by whom.
pub(crate) struct CaseStep<'a> {
    pub case_number: &'a str,
    pub before: &'a Case,
    pub command: &'a Command,
    pub by_user_id: i64,
    pub at: DateTime<Utc>,
}

pub(crate) async fn raise_for_step(
    db: &impl ConnectionTrait,
    step: CaseStep<'_>,
) -> StoreResult<()> {
    match step.command {
        Command::SendReferral { to_agency_id, .. } => {
            let to = Audience::Agency(AgencyId(*to_agency_id));
            raise(db, notice(&step, NoticeKind::ReferralReceived, None)(to)).await
        }
        Command::AcceptReferral { referral_no, .. } => {
            referral_answered(db, &step, *referral_no, "accepted").await
        }
        Command::DeclineReferral { referral_no, .. } => {
            referral_answered(db, &step, *referral_no, "declined").await
        }
        Command::StartVerification { .. }
        | Command::RequestVerification { .. }
        | Command::AnswerVerification { .. }
        | Command::RecordIdentification { .. }
        | Command::RecordTrafficking(_)
        | Command::AssessRisk { .. }
        | Command::ApplyProtection { .. }
        | Command::RecordProtectionIncident { .. }
        | Command::AssessNeeds { .. }
        | Command::RecordService(_)
        | Command::AdmitToFacility { .. }
        | Command::DischargeFromFacility { .. }
        | Command::RecordFamilyContact { .. }
        | Command::RecordReturn { .. }
        | Command::RecordHandback { .. }
        | Command::RecordFollowUp { .. }
        | Command::RecordProceedings { .. }
        | Command::RecordConsent { .. }
        | Command::AddNote { .. }
        | Command::AssignWorker { .. }
        | Command::ReleaseWorker { .. }
        | Command::AttachDocument(_)
        | Command::WithdrawAttachment { .. }
        | Command::ApplyForHardshipAllowance { .. }
        | Command::ForwardHardshipApplication { .. }
        | Command::Close { .. }
        | Command::Reopen { .. } => Ok(()),
    }
}

fn notice<'a>(
    step: &'a CaseStep<'_>,
    kind: NoticeKind,
    detail: Option<&'a str>,
) -> impl Fn(Audience) -> NewNotice + 'a {
    move |to| NewNotice {
        kind,
        to,
        subject_ref: step.case_number.to_owned(),
        detail: detail.map(str::to_owned),
        from_user_id: Some(step.by_user_id),
        dedupe_key: None,
        at: step.at,
    }
}

/// Tells the agency that sent the referral (its workers on the case, while
/// it led it) what the other answered.
async fn referral_answered(
    db: &impl ConnectionTrait,
    step: &CaseStep<'_>,
    referral_no: u32,
    answer: &str,
) -> StoreResult<()> {
    let Some(referral) = referral_no
        .checked_sub(1)
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| step.before.referrals.get(i))
    else {
        return Ok(());
    };
    let sender = referral.from_agency_id;
    let assigned: &[i64] = if sender == step.before.lead_agency_id {
        &step.before.assigned_user_ids
    } else {
        &[]
    };
    raise_for_case(
        db,
        AgencyId(sender),
        assigned,
        notice(step, NoticeKind::ReferralAnswered, Some(answer)),
    )
    .await
}
