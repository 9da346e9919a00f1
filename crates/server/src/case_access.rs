//! What every case-related handler asks first: who is calling, how they
//! stand to the case, whether the policy allows the action, and which
//! identity fields they may see. Every decision about a case is written to
//! the access log, allowed or denied.

use crate::error::ApiError;
use crate::AppState;
use chrono::{FixedOffset, NaiveDate, Utc};
use haven_access::{
    decide, identity_view, permission_needed, scope_of, Action, CaseFacts, Decision, DenyReason,
    IdentityView, Principal, Scope,
};
use haven_store::access::AccessEntry;
use haven_store::cases::{Actor, CaseRecord};
use haven_store::UserAccount;

/// Vietnamese time: UTC+7 all year.
pub(crate) fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or(chrono::Offset::fix(&Utc))
}

/// Dates are Vietnamese dates.
pub(crate) fn today() -> NaiveDate {
    Utc::now().with_timezone(&vietnam()).date_naive()
}

pub(crate) fn principal(state: &AppState, user: &UserAccount) -> Principal {
    Principal::new(
        user.id,
        user.agency_id,
        user.roles.clone(),
        &state.settings.permissions,
        user.agency_unit_today.clone(),
    )
}

pub(crate) fn actor(user: &UserAccount) -> Actor {
    Actor {
        user_id: user.id,
        agency_id: user.agency_id,
    }
}

/// A stable code for the access log.
pub(crate) fn action_code(action: Action<'_>) -> &'static str {
    match action {
        Action::OpenCase => "open_case",
        Action::SearchPersons => "search_persons",
        Action::ReadCase => "read_case",
        Action::ReadHistory => "read_history",
        Action::Record(command) => command.name(),
        Action::ReadPerson => "read_person",
        Action::MergePersons => "merge_persons",
        Action::CorrectPerson => "correct_person",
        Action::RequestPersonLink => "request_person_link",
        Action::AnswerPersonLink => "answer_person_link",
        Action::Attach => "attach",
        Action::ReadAttachment => "read_attachment",
        Action::BreakTheGlass => "emergency_access",
        Action::ReadAccessLog => "read_access_log",
    }
}

/// Allow, or the error to answer: a role without the permission gets 403;
/// a case outside the caller's scope 404, so its existence is not revealed.
pub(crate) fn refusal(reason: DenyReason) -> ApiError {
    match reason {
        DenyReason::MissingPermission => ApiError::forbidden(),
        DenyReason::NotInScope => ApiError::not_found(),
    }
}

/// The permission alone, before any case is looked at (lists, searches,
/// opening a case); logged when denied.
pub(crate) async fn allow(
    state: &AppState,
    user: &UserAccount,
    action: Action<'_>,
) -> Result<Principal, ApiError> {
    let who = principal(state, user);
    if who.can(permission_needed(action)) {
        return Ok(who);
    }
    log(
        state,
        user,
        action,
        None,
        Some(DenyReason::MissingPermission),
    )
    .await;
    Err(ApiError::forbidden())
}

pub(crate) struct CaseAccess {
    pub case: CaseRecord,
    pub scope: Scope,
    pub identity: IdentityView,
}

/// The policy's facts about a case for this caller.
pub(crate) async fn scope_for(
    state: &AppState,
    who: &Principal,
    case: &CaseRecord,
) -> Result<(Scope, IdentityView), ApiError> {
    let held_in_unit = state.store.agency_unit(case.lead_agency_id).await?;
    let emergency_grant = state
        .store
        .has_emergency_grant(who.user_id, case.id)
        .await?;
    let facts = CaseFacts {
        case: &case.state,
        held_in_unit,
        emergency_grant,
    };
    let scope = scope_of(who, &facts);
    let identity = identity_view(who, &facts, scope);
    // A case is marked a child's at reception; her birth may be learnt later
    // (a link accepted, a merge). The child rule follows what is known of
    // her now, read before any identity is shown.
    if case.state.child || identity.is_hidden() {
        return Ok((scope, identity));
    }
    let now_a_child = state
        .store
        .person(case.person_id)
        .await?
        .is_some_and(|person| person.is_child_on(case.state.received_on));
    if !now_a_child {
        return Ok((scope, identity));
    }
    let mut as_child = case.state.clone();
    as_child.child = true;
    let facts = CaseFacts {
        case: &as_child,
        ..facts
    };
    Ok((scope, identity_view(who, &facts, scope)))
}

/// The case, when the caller may take `action` on it; the decision is logged either way.
pub(crate) async fn case_for(
    state: &AppState,
    user: &UserAccount,
    number: &str,
    action: Action<'_>,
) -> Result<CaseAccess, ApiError> {
    let who = principal(state, user);
    // A role without the permission learns nothing about the case, not even whether it exists.
    if let Decision::Deny(DenyReason::MissingPermission) = decide(&who, action, Scope::Lead) {
        log(
            state,
            user,
            action,
            Some(number),
            Some(DenyReason::MissingPermission),
        )
        .await;
        return Err(ApiError::forbidden());
    }
    let Some(case) = state.store.case_by_number(number).await? else {
        log(state, user, action, None, Some(DenyReason::NotInScope)).await;
        return Err(ApiError::not_found());
    };
    let (scope, identity) = scope_for(state, &who, &case).await?;
    match decide(&who, action, scope) {
        Decision::Allow => {
            log(state, user, action, Some(number), None).await;
            Ok(CaseAccess {
                case,
                scope,
                identity,
            })
        }
        Decision::Deny(reason) => {
            log(state, user, action, Some(number), Some(reason)).await;
            Err(refusal(reason))
        }
    }
}

/// Which of `numbers` the caller may read. A list that names cases (an
/// activity's) shows only these numbers and opens no case, so the question
/// is not written to the access log; recording a number asks `case_for`,
/// which is.
pub(crate) async fn readable_numbers(
    state: &AppState,
    user: &UserAccount,
    numbers: &[String],
) -> Result<std::collections::HashSet<String>, ApiError> {
    let who = principal(state, user);
    let mut readable = std::collections::HashSet::new();
    if let Decision::Deny(_) = decide(&who, Action::ReadCase, Scope::Lead) {
        return Ok(readable);
    }
    for number in numbers {
        if readable.contains(number) {
            continue;
        }
        let Some(case) = state.store.case_by_number(number).await? else {
            continue;
        };
        let (scope, _) = scope_for(state, &who, &case).await?;
        if decide(&who, Action::ReadCase, scope) == Decision::Allow {
            readable.insert(number.clone());
        }
    }
    Ok(readable)
}

/// Writes one line of the access log; a failure to log is itself logged, not hidden.
pub(crate) async fn log(
    state: &AppState,
    user: &UserAccount,
    action: Action<'_>,
    case_number: Option<&str>,
    denied: Option<DenyReason>,
) {
    let entry = AccessEntry {
        user_id: user.id,
        agency_id: user.agency_id,
        action: action_code(action),
        case_number,
        allowed: denied.is_none(),
        detail: denied.map(DenyReason::code),
        account_user_id: None,
    };
    write_log(state, entry).await;
}

/// A failure to log is itself logged, not hidden; the request goes on.
/// Whether the user holds `permission`, the answer logged as `action`:
/// for what is not about one case (administration, imports).
pub(crate) async fn require_logged(
    state: &AppState,
    user: &UserAccount,
    permission: haven_access::Permission,
    action: &'static str,
) -> Result<(), crate::error::ApiError> {
    let allowed = principal(state, user).can(permission);
    write_log(
        state,
        AccessEntry {
            user_id: user.id,
            agency_id: user.agency_id,
            action,
            case_number: None,
            allowed,
            detail: (!allowed).then_some("missing_permission"),
            account_user_id: None,
        },
    )
    .await;
    if allowed {
        Ok(())
    } else {
        Err(crate::error::ApiError::forbidden())
    }
}

pub(crate) async fn write_log(state: &AppState, entry: AccessEntry<'_>) {
    if let Err(e) = state.store.log_access(entry).await {
        tracing::error!(error = %e, "the access log could not be written");
    }
}

/// Whether the user does case work: the policy gives one of their roles the
/// right to record steps. Only such users are offered and assigned to cases
/// (not statisticians, administrators or auditors).
pub(crate) fn does_case_work(state: &AppState, user: &UserAccount) -> bool {
    user.active && principal(state, user).can(haven_access::Permission::RecordStep)
}

/// The policy's part of a step, checked before the write: a worker assigned
/// to a case does case work. (That the worker belongs to the lead agency is
/// the journey's rule, checked in the write.)
pub(crate) async fn check_step_policy(
    state: &AppState,
    user: &UserAccount,
    command: &haven_domain::case::Command,
) -> Result<(), haven_store::StoreError> {
    if let haven_domain::case::Command::AssignWorker { user_id } = command {
        let assignee = state.store.user_account(*user_id).await?;
        if assignee.is_some_and(|user| !does_case_work(state, &user)) {
            return Err(haven_store::StoreError::Rejected(
                haven_domain::case::Rejection::new(
                    "not_a_case_worker",
                    "Chỉ phân công được cán bộ đang làm công tác hỗ trợ nạn nhân (không phải cán bộ thống kê, quản trị hay kiểm tra).",
                    "Only an active case worker can be assigned (not a statistician, administrator or auditor).",
                )
                .on_field("user_id"),
            ));
        }
    }
    if let haven_domain::case::Command::SendReferral {
        best_interest_reason: Some(_),
        ..
    } = command
    {
        if !principal(state, user).can(haven_access::Permission::ShareInBestInterest) {
            return Err(haven_store::StoreError::Rejected(
                haven_domain::case::Rejection::new(
                    "not_a_social_worker",
                    "Chỉ cán bộ xã hội của cơ quan chủ trì mới quyết định chia sẻ thông tin của trẻ em vì lợi ích tốt nhất của trẻ.",
                    "Only the lead agency's social worker decides to share a child's information in her best interest.",
                )
                .on_field("best_interest_reason"),
            ));
        }
    }
    Ok(())
}
