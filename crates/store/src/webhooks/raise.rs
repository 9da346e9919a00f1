//! Queuing an event's deliveries inside the event's own transaction, so
//! the event and the news of it are committed together or not at all.

use super::endpoints::events_of;
use crate::entities::{agency, webhook_delivery, webhook_endpoint};
use crate::error::StoreResult;
use crate::notices::CaseStep;
use chrono::{DateTime, Utc};
use haven_domain::case::command::Command;
use haven_domain::ids::AgencyId;
use haven_domain::webhook::WebhookEvent;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// Bytes of an event's id (written as 32 hex digits).
const EVENT_ID_BYTES: usize = 16;

/// An event, in the words a delivery may carry.
pub(crate) struct NewEvent {
    pub event: WebhookEvent,
    /// A case's or contact's number, a report's `area/period`.
    pub subject_ref: String,
    /// The agencies concerned, first the one that acted.
    pub agencies: Vec<AgencyId>,
    pub at: DateTime<Utc>,
}

/// One delivery for each active endpoint that wants the event, in the
/// caller's transaction; nothing when none does.
pub(crate) async fn raise(db: &impl ConnectionTrait, new: NewEvent) -> StoreResult<()> {
    let endpoints: Vec<i64> = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Active.eq(true))
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|e| events_of(&e.events).contains(&new.event))
        .map(|e| e.id)
        .collect();
    if endpoints.is_empty() {
        return Ok(());
    }
    let mut codes = Vec::with_capacity(new.agencies.len());
    for id in &new.agencies {
        if let Some(found) = agency::Entity::find_by_id(id.get()).one(db).await? {
            if !codes.contains(&found.code) {
                codes.push(found.code);
            }
        }
    }
    let event_id = hex::encode(rand::random::<[u8; EVENT_ID_BYTES]>());
    let rows = endpoints
        .into_iter()
        .map(|endpoint_id| webhook_delivery::ActiveModel {
            endpoint_id: Set(endpoint_id),
            event_id: Set(event_id.clone()),
            event: Set(new.event.code().to_owned()),
            subject_ref: Set(new.subject_ref.clone()),
            agency_codes: Set(codes.join(",")),
            occurred_at: Set(new.at),
            status: Set("pending".into()),
            attempts: Set(0),
            next_attempt_at: Set(new.at),
            claimed_until: Set(None),
            last_error: Set(None),
            last_status: Set(None),
            created_at: Set(new.at),
            delivered_at: Set(None),
            ..Default::default()
        });
    webhook_delivery::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The events a case's step is: a referral sent or answered, a case closed.
pub(crate) async fn raise_for_step(
    db: &impl ConnectionTrait,
    step: &CaseStep<'_>,
) -> StoreResult<()> {
    let lead = AgencyId(step.before.lead_agency_id);
    let (event, agencies) = match step.command {
        Command::SendReferral { to_agency_id, .. } => (
            WebhookEvent::ReferralSent,
            vec![lead, AgencyId(*to_agency_id)],
        ),
        Command::AcceptReferral { referral_no, .. }
        | Command::DeclineReferral { referral_no, .. } => {
            let referral = referral_no
                .checked_sub(1)
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| step.before.referrals.get(i));
            let agencies = match referral {
                Some(r) => vec![AgencyId(r.to_agency_id), AgencyId(r.from_agency_id)],
                None => vec![lead],
            };
            (WebhookEvent::ReferralAnswered, agencies)
        }
        Command::Close { .. } => (WebhookEvent::CaseClosed, vec![lead]),
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
        | Command::Reopen { .. } => return Ok(()),
    };
    raise(
        db,
        NewEvent {
            event,
            subject_ref: step.case_number.to_owned(),
            agencies,
            at: step.at,
        },
    )
    .await
}
