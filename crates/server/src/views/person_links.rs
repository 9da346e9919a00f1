//! Link requests as each side may see them: the receiving agency asks the
//! agency that leads a known person's case whether its new case is the same
//! person; that agency answers and chooses what to share. Built once for the
//! API and the pages.

use crate::case_access::{actor, allow, case_for, write_log};
use crate::error::ApiError;
use crate::AppState;
use chrono::{DateTime, Utc};
use haven_access::{Action, Permission, REDACTED};
use haven_domain::case::person_fields::PersonField;
use haven_store::access::AccessEntry;
use haven_store::person_links::{LinkAnswer, LinkAsk, LinkRequest, LinkStatus};
use haven_store::UserAccount;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// Which side of a request the caller's agency is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkSide {
    /// The caller's agency asked.
    Sent,
    /// The caller's agency leads the known person's case and answers.
    Received,
}

/// One link request, as the caller's agency may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkRequestView {
    pub id: i64,
    pub version: i64,
    pub side: LinkSide,
    pub status: LinkStatus,
    /// The new case that asks.
    pub requesting_case_number: String,
    pub requesting_agency_id: i64,
    /// The known person's case: shown only to the agency answering for it.
    pub answering_case_number: Option<String>,
    pub answering_agency_id: i64,
    /// Free text: shown to those who may see identities.
    pub reason: String,
    pub shared_fields: Vec<PersonField>,
    pub answer_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

fn view_of(
    request: LinkRequest,
    user: &UserAccount,
    may_read_text: bool,
) -> Option<LinkRequestView> {
    let side = if request.answering_agency_id == user.agency_id {
        LinkSide::Received
    } else if request.requesting_agency_id == user.agency_id {
        LinkSide::Sent
    } else {
        return None;
    };
    let text = |t: String| {
        if may_read_text {
            t
        } else {
            REDACTED.to_owned()
        }
    };
    let LinkRequest {
        id,
        version,
        status,
        requesting_case_id: _,
        requesting_case_number,
        requesting_agency_id,
        requested_by: _,
        known_person_id: _,
        answering_case_id: _,
        answering_case_number,
        answering_agency_id,
        reason,
        shared_fields,
        answer_comment,
        answered_by: _,
        answered_at,
        created_at,
    } = request;
    Some(LinkRequestView {
        id,
        version,
        side,
        status,
        requesting_case_number,
        requesting_agency_id,
        answering_case_number: (side == LinkSide::Received).then_some(answering_case_number),
        answering_agency_id,
        reason: text(reason),
        shared_fields,
        answer_comment: answer_comment.map(text),
        created_at,
        answered_at,
    })
}

/// The requests the caller's agency sent and those it must answer, newest first.
pub async fn link_requests(
    state: &AppState,
    user: &UserAccount,
) -> Result<Vec<LinkRequestView>, ApiError> {
    let who = allow(state, user, Action::ReadCase).await?;
    let may_read_text = who.can(Permission::ViewIdentity);
    Ok(state
        .store
        .person_links_of_agency(user.agency_id)
        .await?
        .into_iter()
        .filter_map(|r| view_of(r, user, may_read_text))
        .collect())
}

/// What a case worker sends to ask for a link from a case their agency leads.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequestInput {
    /// The version of the requesting case the user saw.
    pub version: i64,
    /// The known person, as the duplicate search proposed them.
    pub person_id: i64,
    /// Why the two may be the same person (shown to the answering agency).
    pub reason: String,
}

/// Sends a link request from a case the caller's agency leads. The known
/// person must be one the duplicate search proposes for this case's person,
/// so ids cannot be tried one by one.
pub async fn request_link(
    state: &AppState,
    user: &UserAccount,
    case_number: &str,
    input: LinkRequestInput,
) -> Result<LinkRequestView, ApiError> {
    let access = case_for(state, user, case_number, Action::RequestPersonLink).await?;
    let own = state
        .store
        .person(access.case.person_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let proposed = state
        .store
        .duplicate_candidates(&own)
        .await?
        .iter()
        .any(|c| c.person_id == input.person_id && c.person_id != access.case.person_id);
    if !proposed {
        return Err(not_proposed());
    }
    let request = state
        .store
        .request_person_link(
            actor(user),
            case_number,
            input.version,
            &LinkAsk {
                known_person_id: input.person_id,
                reason: input.reason,
            },
        )
        .await?;
    log_link_step(
        state,
        user,
        &request.answering_case_number,
        "request_person_link",
    )
    .await;
    view_of(request, user, true).ok_or_else(ApiError::not_found)
}

pub(crate) fn not_proposed() -> ApiError {
    ApiError::invalid(haven_domain::Violations(vec![haven_domain::Violation::new(
        "person_id",
        "proposed",
        "Chỉ gửi yêu cầu liên kết tới người mà tìm kiếm trùng lặp đề xuất cho thông tin của hồ sơ này.",
        "Ask for a link only to a person the duplicate search proposes for this case's details.",
    )]))
}

/// The answering agency's decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum LinkDecision {
    /// The same person: share these fields of her record with the requesting agency.
    Accept {
        shared_fields: Vec<PersonField>,
        comment: Option<String>,
    },
    /// Not the same person, or nothing to share: say why.
    Decline { comment: String },
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LinkAnswerInput {
    /// The version of the request the user saw.
    pub version: i64,
    #[serde(flatten)]
    pub decision: LinkDecision,
}

/// Accepts or declines a request the caller's agency must answer. Sharing
/// needs a user who sees the whole record of the known person's case.
pub async fn answer_link(
    state: &AppState,
    user: &UserAccount,
    request_id: i64,
    input: LinkAnswerInput,
) -> Result<LinkRequestView, ApiError> {
    let who = allow(state, user, Action::AnswerPersonLink).await?;
    let request = state
        .store
        .person_link(request_id)
        .await?
        .filter(|r| r.answering_agency_id == user.agency_id)
        .ok_or_else(ApiError::not_found)?;
    let access = case_for(
        state,
        user,
        &request.answering_case_number,
        Action::AnswerPersonLink,
    )
    .await?;
    let answer = match input.decision {
        LinkDecision::Accept {
            shared_fields,
            comment,
        } => {
            if !access.identity.is_whole() {
                return Err(ApiError::new(
                    axum::http::StatusCode::FORBIDDEN,
                    "identity_not_visible",
                    "Chỉ người được xem đầy đủ hồ sơ của người này mới chia sẻ được thông tin.",
                    "Only a user who sees this person's whole record can share it.",
                ));
            }
            LinkAnswer::Accept {
                shared_fields: shared_fields.into_iter().collect::<BTreeSet<_>>(),
                comment,
            }
        }
        LinkDecision::Decline { comment } => LinkAnswer::Decline { comment },
    };
    let answered = state
        .store
        .answer_person_link(actor(user), request.id, input.version, &answer)
        .await?;
    log_link_step(
        state,
        user,
        &answered.requesting_case_number,
        "answer_person_link",
    )
    .await;
    view_of(answered, user, who.can(Permission::ViewIdentity)).ok_or_else(ApiError::not_found)
}

/// The other case a link step touches is in the access log too.
pub(crate) async fn log_link_step(
    state: &AppState,
    user: &UserAccount,
    case_number: &str,
    action: &'static str,
) {
    write_log(
        state,
        AccessEntry {
            user_id: user.id,
            agency_id: user.agency_id,
            action,
            case_number: Some(case_number),
            allowed: true,
            detail: Some("link_request"),
            account_user_id: None,
        },
    )
    .await;
}
