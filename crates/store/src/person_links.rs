//! Link requests: a new case whose person may be someone another agency
//! already knows. The receiving agency never joins its case to that person
//! by itself (that would open the other agency's record to it); it asks the
//! agency leading the known person's case, which accepts — sharing exactly
//! the fields it chooses, copied into the requesting case's own person
//! record — or declines. Each step is one transaction with its history
//! entries on both cases and a notification to the other side.

use crate::cases::{
    append_history, bump_case_version, case_at_version, history, index_person, internal, Actor,
};
use crate::entities::{case, person, person_link_request};
use crate::error::{StoreError, StoreResult};
use crate::notices::{raise_for_case, NewNotice};
use crate::store::{Store, WriteTxn};
use chrono::{DateTime, Utc};
use haven_domain::case::person::Person;
use haven_domain::case::person_fields::PersonField;
use haven_domain::case::Rejection;
use haven_domain::ids::AgencyId;
use haven_domain::notice::NoticeKind;
use haven_domain::{Violation, Violations};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use std::collections::BTreeSet;

/// History entries of link requests: facts about the person, not steps of
/// the journey, so replaying a case's history passes over them.
pub const REQUEST_ENTRY: &str = "request_person_link";
pub const REQUESTED_ENTRY: &str = "person_link_requested";
pub const ACCEPTED_ENTRY: &str = "person_link_accepted";
pub const DECLINED_ENTRY: &str = "person_link_declined";
pub const ENTRIES: [&str; 4] = [
    REQUEST_ENTRY,
    REQUESTED_ENTRY,
    ACCEPTED_ENTRY,
    DECLINED_ENTRY,
];

/// Longest reason or comment kept, in characters.
pub const MAX_TEXT: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LinkStatus {
    Pending,
    Accepted,
    Declined,
}

impl LinkStatus {
    fn code(self) -> &'static str {
        match self {
            LinkStatus::Pending => "pending",
            LinkStatus::Accepted => "accepted",
            LinkStatus::Declined => "declined",
        }
    }

    fn parse(code: &str) -> StoreResult<LinkStatus> {
        match code {
            "pending" => Ok(LinkStatus::Pending),
            "accepted" => Ok(LinkStatus::Accepted),
            "declined" => Ok(LinkStatus::Declined),
            other => Err(StoreError::Internal(format!(
                "unknown link request status {other}"
            ))),
        }
    }
}

/// A link request as stored, with both cases' numbers and the agency that
/// answers now (the answering case's current lead). Callers decide what of
/// it each side may see.
#[derive(Debug, Clone)]
pub struct LinkRequest {
    pub id: i64,
    pub version: i64,
    pub status: LinkStatus,
    pub requesting_case_id: i64,
    pub requesting_case_number: String,
    pub requesting_agency_id: i64,
    pub requested_by: i64,
    pub known_person_id: i64,
    pub answering_case_id: i64,
    pub answering_case_number: String,
    pub answering_agency_id: i64,
    pub reason: String,
    pub shared_fields: Vec<PersonField>,
    pub answer_comment: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The answering agency's decision.
#[derive(Debug, Clone)]
pub enum LinkAnswer {
    /// The same person: these fields of the known record are copied into the
    /// requesting case's person.
    Accept {
        shared_fields: BTreeSet<PersonField>,
        comment: Option<String>,
    },
    Decline {
        comment: String,
    },
}

/// What a receiving agency asks: that its case's person be linked to this known person.
#[derive(Debug, Clone)]
pub struct LinkAsk {
    pub known_person_id: i64,
    pub reason: String,
}

impl LinkAsk {
    /// The reason is required and bounded; checked before anything is written.
    pub fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        check_text(&mut v, "reason", Some(&self.reason), true);
        v.into_result()
    }
}

fn check_text(v: &mut Violations, field: &str, text: Option<&str>, required: bool) {
    match text.map(str::trim) {
        None | Some("") if required => v.push(Violation::required(field)),
        Some(text) if text.chars().count() > MAX_TEXT => v.push(Violation::new(
            field,
            "max_length",
            format!("Tối đa {MAX_TEXT} ký tự."),
            format!("At most {MAX_TEXT} characters."),
        )),
        _ => {}
    }
    // Plain text, as every text Haven keeps (no control or direction-override character).
    if let Some(text) = text {
        v.plain_text(field, text);
    }
}

impl Store {
    /// The case whose lead agency answers for a known person: the person's
    /// most recent case. `None` when the person has none (or does not exist).
    pub async fn link_answering_case(&self, known_person_id: i64) -> StoreResult<Option<i64>> {
        answering_case(self.db(), known_person_id).await
    }

    /// Sends a link request from a case the actor's agency leads, on the version the user saw.
    pub async fn request_person_link(
        &self,
        actor: Actor,
        case_number: &str,
        expected_version: i64,
        ask: &LinkAsk,
    ) -> StoreResult<LinkRequest> {
        ask.validate()?;
        let txn = self.begin_write().await?;
        let row = case_at_version(&txn, case_number, expected_version).await?;
        let id = ask_in(&txn, actor, &row, ask).await?;
        txn.commit().await?;
        self.person_link(id).await?.ok_or(StoreError::NotFound {
            what: "link request",
        })
    }

    /// Answers a pending request, on the version the user saw. The actor's
    /// agency must lead the answering case now.
    pub async fn answer_person_link(
        &self,
        actor: Actor,
        request_id: i64,
        expected_version: i64,
        answer: &LinkAnswer,
    ) -> StoreResult<LinkRequest> {
        let mut v = Violations::default();
        match answer {
            LinkAnswer::Accept {
                shared_fields,
                comment,
            } => {
                if shared_fields.is_empty() {
                    v.push(Violation::new(
                        "shared_fields",
                        "required",
                        "Chọn ít nhất một thông tin chia sẻ với cơ quan đề nghị.",
                        "Choose at least one field to share with the requesting agency.",
                    ));
                }
                check_text(&mut v, "comment", comment.as_deref(), false);
            }
            LinkAnswer::Decline { comment } => {
                check_text(&mut v, "comment", Some(comment), true);
            }
        }
        v.into_result()?;

        let txn = self.begin_write().await?;
        let request = person_link_request::Entity::find_by_id(request_id)
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound {
                what: "link request",
            })?;
        if request.version != expected_version {
            return Err(StoreError::StaleVersion {
                expected: expected_version,
                current: request.version,
            });
        }
        if LinkStatus::parse(&request.status)? != LinkStatus::Pending {
            return Err(StoreError::Rejected(Rejection::new(
                "already_answered",
                "Yêu cầu liên kết này đã được trả lời.",
                "This link request has already been answered.",
            )));
        }
        let answering = case_row(&*txn, request.answering_case_id).await?;
        if answering.lead_agency_id != actor.agency_id {
            return Err(StoreError::NotFound {
                what: "link request",
            });
        }
        let requesting = case_row(&*txn, request.requesting_case_id).await?;
        let now = history::now_micros();
        let (status, entry, shared, comment) = match answer {
            LinkAnswer::Accept {
                shared_fields,
                comment,
            } => {
                share_fields(&txn, &requesting, request.known_person_id, shared_fields).await?;
                (
                    LinkStatus::Accepted,
                    ACCEPTED_ENTRY,
                    Some(shared_fields.iter().copied().collect::<Vec<_>>()),
                    comment.as_deref().map(str::trim).filter(|c| !c.is_empty()),
                )
            }
            LinkAnswer::Decline { comment } => (
                LinkStatus::Declined,
                DECLINED_ENTRY,
                None,
                Some(comment.trim()),
            ),
        };
        let payload = serde_json::json!({
            "request_id": request.id,
            "status": status.code(),
            "shared_fields": shared,
        });
        for row in [&requesting, &answering] {
            let version = bump_case_version(&txn, row, now).await?;
            append_history(
                &txn,
                row.id,
                version,
                now,
                actor,
                entry,
                &payload,
                &serde_json::json!({}),
                comment,
            )
            .await?;
        }
        let answer = if entry == ACCEPTED_ENTRY {
            "accepted"
        } else {
            "declined"
        };
        notify(
            &txn,
            &requesting,
            NoticeKind::LinkAnswered,
            Some(answer),
            actor,
            now,
        )
        .await?;
        let updated = person_link_request::Entity::update_many()
            .col_expr(person_link_request::Column::Status, status.code().into())
            .col_expr(
                person_link_request::Column::SharedFields,
                shared
                    .map(|fields| serde_json::to_string(&fields).map_err(internal))
                    .transpose()?
                    .into(),
            )
            .col_expr(
                person_link_request::Column::AnswerComment,
                comment.map(str::to_owned).into(),
            )
            .col_expr(
                person_link_request::Column::AnsweredBy,
                Some(actor.user_id).into(),
            )
            .col_expr(person_link_request::Column::AnsweredAt, Some(now).into())
            .col_expr(
                person_link_request::Column::Version,
                (request.version + 1).into(),
            )
            .filter(person_link_request::Column::Id.eq(request.id))
            .filter(person_link_request::Column::Version.eq(request.version))
            .exec(&*txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::StaleVersion {
                expected: expected_version,
                current: request.version + 1,
            });
        }
        txn.commit().await?;
        tracing::info!(request_id, status = status.code(), "link request answered");
        self.person_link(request_id)
            .await?
            .ok_or(StoreError::NotFound {
                what: "link request",
            })
    }

    pub async fn person_link(&self, id: i64) -> StoreResult<Option<LinkRequest>> {
        match person_link_request::Entity::find_by_id(id)
            .one(self.db())
            .await?
        {
            Some(row) => Ok(Some(self.link_of(row).await?)),
            None => Ok(None),
        }
    }

    /// Requests an agency sent (from the cases it leads) and those it must
    /// answer (for the cases it leads now), newest first.
    pub async fn person_links_of_agency(&self, agency_id: i64) -> StoreResult<Vec<LinkRequest>> {
        let led: Vec<i64> = case::Entity::find()
            .filter(case::Column::LeadAgencyId.eq(agency_id))
            .all(self.db())
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let rows = person_link_request::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(person_link_request::Column::RequestingAgencyId.eq(agency_id))
                    .add(person_link_request::Column::AnsweringCaseId.is_in(led)),
            )
            .order_by_desc(person_link_request::Column::Id)
            .all(self.db())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.link_of(row).await?);
        }
        Ok(out)
    }

    /// Requests about one case, as requesting or answering case.
    pub async fn person_links_of_case(&self, case_id: i64) -> StoreResult<Vec<LinkRequest>> {
        let rows = person_link_request::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(person_link_request::Column::RequestingCaseId.eq(case_id))
                    .add(person_link_request::Column::AnsweringCaseId.eq(case_id)),
            )
            .order_by_desc(person_link_request::Column::Id)
            .all(self.db())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.link_of(row).await?);
        }
        Ok(out)
    }

    async fn link_of(&self, row: person_link_request::Model) -> StoreResult<LinkRequest> {
        let requesting = case_row(self.db(), row.requesting_case_id).await?;
        let answering = case_row(self.db(), row.answering_case_id).await?;
        let shared_fields = match &row.shared_fields {
            Some(json) => serde_json::from_str(json).map_err(internal)?,
            None => Vec::new(),
        };
        Ok(LinkRequest {
            id: row.id,
            version: row.version,
            status: LinkStatus::parse(&row.status)?,
            requesting_case_id: requesting.id,
            requesting_case_number: requesting.case_number,
            requesting_agency_id: row.requesting_agency_id,
            requested_by: row.requested_by,
            known_person_id: row.known_person_id,
            answering_case_id: answering.id,
            answering_case_number: answering.case_number,
            answering_agency_id: answering.lead_agency_id,
            reason: row.reason,
            shared_fields,
            answer_comment: row.answer_comment,
            answered_by: row.answered_by,
            answered_at: row.answered_at,
            created_at: row.created_at,
        })
    }
}

/// Records a request from `requesting` (a case the actor's agency leads) in
/// the caller's transaction: the request row, an entry on both cases, and a
/// notification to the agency that answers. Returns the request's id.
pub(crate) async fn ask_in(
    txn: &WriteTxn,
    actor: Actor,
    requesting: &case::Model,
    ask: &LinkAsk,
) -> StoreResult<i64> {
    if requesting.lead_agency_id != actor.agency_id {
        return Err(StoreError::NotFound { what: "case" });
    }
    let not_known = || {
        StoreError::Invalid(Violations(vec![Violation::new(
            "person_id",
            "known_person",
            "Không có người nào khác với mã này để liên kết.",
            "There is no other person with this id to link to.",
        )]))
    };
    let known = person::Entity::find_by_id(ask.known_person_id)
        .one(&**txn)
        .await?
        .filter(|p| p.merged_into_id.is_none() && p.id != requesting.person_id)
        .ok_or_else(not_known)?;
    let answering_id = answering_case(&**txn, known.id)
        .await?
        .ok_or_else(not_known)?;
    let answering = case_row(&**txn, answering_id).await?;
    if answering.lead_agency_id == actor.agency_id {
        return Err(StoreError::Rejected(Rejection::new(
            "own_agency",
            "Cơ quan của bạn đang chủ trì hồ sơ của người này: mở hồ sơ mới cho chính người đó.",
            "Your agency leads this person's case: open the new case for that person directly.",
        )));
    }
    let pending = person_link_request::Entity::find()
        .filter(person_link_request::Column::RequestingCaseId.eq(requesting.id))
        .filter(person_link_request::Column::KnownPersonId.eq(known.id))
        .filter(person_link_request::Column::Status.eq(LinkStatus::Pending.code()))
        .one(&**txn)
        .await?;
    if pending.is_some() {
        return Err(StoreError::Rejected(Rejection::new(
            "already_requested",
            "Đã có yêu cầu liên kết đang chờ trả lời cho người này.",
            "A link request for this person is already waiting for an answer.",
        )));
    }
    let now = history::now_micros();
    let reason = ask.reason.trim();
    let created = person_link_request::ActiveModel {
        requesting_case_id: Set(requesting.id),
        requesting_agency_id: Set(actor.agency_id),
        requested_by: Set(actor.user_id),
        known_person_id: Set(known.id),
        answering_case_id: Set(answering.id),
        reason: Set(reason.to_owned()),
        status: Set(LinkStatus::Pending.code().to_owned()),
        shared_fields: Set(None),
        answer_comment: Set(None),
        answered_by: Set(None),
        answered_at: Set(None),
        created_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    // The requesting side learns which agency answers, never that agency's case number.
    let entries = [
        (
            requesting,
            REQUEST_ENTRY,
            serde_json::json!({"request_id": created.id, "answering_agency_id": answering.lead_agency_id}),
        ),
        (
            &answering,
            REQUESTED_ENTRY,
            serde_json::json!({"request_id": created.id, "requesting_agency_id": actor.agency_id, "requesting_case": requesting.case_number}),
        ),
    ];
    for (row, entry, payload) in entries {
        let version = bump_case_version(txn, row, now).await?;
        append_history(
            txn,
            row.id,
            version,
            now,
            actor,
            entry,
            &payload,
            &serde_json::json!({}),
            Some(reason),
        )
        .await?;
    }
    notify(txn, &answering, NoticeKind::LinkRequested, None, actor, now).await?;
    Ok(created.id)
}

/// Copies the shared fields of the known person into the requesting case's
/// person (what that agency typed stays; names and papers are added).
async fn share_fields(
    txn: &WriteTxn,
    requesting: &case::Model,
    known_person_id: i64,
    shared: &BTreeSet<PersonField>,
) -> StoreResult<()> {
    let known = person::Entity::find_by_id(known_person_id)
        .one(&**txn)
        .await?
        .ok_or(StoreError::NotFound { what: "person" })?;
    let own = person::Entity::find_by_id(requesting.person_id)
        .one(&**txn)
        .await?
        .ok_or(StoreError::NotFound { what: "person" })?;
    let known_person: Person = serde_json::from_str(&known.data).map_err(internal)?;
    let mut own_person: Person = serde_json::from_str(&own.data).map_err(internal)?;
    own_person.absorb(&known_person.only(shared));
    if shared.contains(&PersonField::Sex) {
        own_person.sex = known_person.sex;
    }
    index_person(txn, &own, &own_person).await
}

/// Tells the case's workers (else its agency) in the caller's transaction.
async fn notify(
    txn: &WriteTxn,
    row: &case::Model,
    kind: NoticeKind,
    detail: Option<&str>,
    actor: Actor,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let state: haven_domain::case::aggregate::Case =
        serde_json::from_str(&row.state).map_err(internal)?;
    raise_for_case(
        &**txn,
        AgencyId(row.lead_agency_id),
        &state.assigned_user_ids,
        |to| NewNotice {
            kind,
            to,
            subject_ref: row.case_number.clone(),
            detail: detail.map(str::to_owned),
            from_user_id: Some(actor.user_id),
            dedupe_key: None,
            at: now,
        },
    )
    .await
}

async fn answering_case<C: sea_orm::ConnectionTrait>(
    db: &C,
    known_person_id: i64,
) -> StoreResult<Option<i64>> {
    Ok(case::Entity::find()
        .filter(case::Column::PersonId.eq(known_person_id))
        .order_by_desc(case::Column::ReceivedOn)
        .order_by_desc(case::Column::Id)
        .one(db)
        .await?
        .map(|c| c.id))
}

async fn case_row<C: sea_orm::ConnectionTrait>(db: &C, id: i64) -> StoreResult<case::Model> {
    case::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound { what: "case" })
}
