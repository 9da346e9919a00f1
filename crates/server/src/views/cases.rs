//! Cases as the caller may see them: the list, one case, its history. The
//! JSON API serialises these views and the pages render them, so both show
//! exactly what the access policy allows.

use super::case_state::VisibleCase;
use crate::case_access::{actor, allow, case_for, log, scope_for, today};
use crate::error::ApiError;
use crate::AppState;
use chrono::NaiveDate;
use haven_access::{
    decide, mask_person, redact_free_text, Action, Decision, DenyReason, IdentityView,
    MaskedPerson, Permission, Principal, Scope, REDACTED,
};
use haven_domain::case::deadlines::DueItem;
use haven_domain::case::entitlements::{EntitlementRules, EntitlementStatus};
use haven_domain::case::person::Person;
use haven_domain::case::status::{Identification, Phase};
use haven_domain::case::{Command, Reception};
use haven_store::cases::{CaseQuery, CaseRecord, CaseSearch, HistoryEntry, MAX_OFFSET, MAX_PAGE};
use haven_store::UserAccount;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct CaseSummary {
    pub case_number: String,
    pub version: i64,
    pub phase: &'static str,
    pub identification: &'static str,
    pub channel: String,
    pub received_on: NaiveDate,
    pub lead_agency_id: i64,
    /// How the caller stands to the case: lead, referred, supervised or emergency.
    pub scope: Scope,
    pub overdue: usize,
    /// The person's name, for a caller who may see it (`null` otherwise).
    pub full_name: Option<String>,
}

/// Filters of the case list; all optional.
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListFilter {
    pub phase: Option<String>,
    pub identification: Option<String>,
    /// `true`: only cases with an overdue item; `false`: only those without.
    pub overdue: Option<bool>,
    /// Only cases led by the caller's agency (not those referred to it).
    pub lead_only: Option<bool>,
    /// Only cases led by this agency.
    pub lead_agency_id: Option<i64>,
    /// Only cases received in this administrative unit (province, district or
    /// commune; legacy or 2025) or anywhere under it.
    pub unit_id: Option<String>,
    /// Part of a case number, or of the person's name (without diacritics
    /// if you like) in the cases your agency leads, for roles that may see
    /// identities. Only in the body of `POST /api/v1/cases/search`.
    pub q: Option<String>,
    /// Cases to skip (paging); 0 by default.
    pub offset: Option<u64>,
    /// Page size: 50 by default, at most 500.
    pub limit: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct CaseList {
    /// Matching cases over all pages.
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    pub items: Vec<CaseSummary>,
}

/// The longest search: a name, a case number, with room to spare.
const MAX_SEARCH_CHARS: usize = 200;

/// The caller's cases, one page, without names.
pub async fn case_list(
    state: &AppState,
    user: &UserAccount,
    filter: ListFilter,
) -> Result<CaseList, ApiError> {
    let who = allow(state, user, Action::ReadCase).await?;
    let today = today();
    let limit = filter.limit.unwrap_or(50).clamp(1, MAX_PAGE);
    let offset = filter.offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::invalid(haven_domain::Violations(vec![
            haven_domain::Violation::new(
                "offset",
                "max",
                format!("«offset» tối đa là {MAX_OFFSET}."),
                format!("“offset” is at most {MAX_OFFSET}."),
            ),
        ])));
    }
    let phase = filter.phase.filter(|p| !p.is_empty());
    let identification = filter.identification.filter(|i| !i.is_empty());
    let mut unknown = Vec::new();
    if phase
        .as_deref()
        .is_some_and(|p| !Phase::ALL.iter().any(|known| known.code() == p))
    {
        unknown.push(haven_domain::Violation::new(
            "phase",
            "known_code",
            "Giai đoạn không có trong danh mục.",
            "No such phase.",
        ));
    }
    if identification
        .as_deref()
        .is_some_and(|i| !Identification::ALL.iter().any(|known| known.code() == i))
    {
        unknown.push(haven_domain::Violation::new(
            "identification",
            "known_code",
            "Kết quả xác định không có trong danh mục.",
            "No such identification result.",
        ));
    }
    if filter
        .q
        .as_deref()
        .is_some_and(|q| q.chars().count() > MAX_SEARCH_CHARS)
    {
        unknown.push(haven_domain::Violation::new(
            "q",
            "max_length",
            format!("Từ khóa tìm kiếm tối đa {MAX_SEARCH_CHARS} ký tự."),
            format!("A search is at most {MAX_SEARCH_CHARS} characters."),
        ));
    }
    if !unknown.is_empty() {
        return Err(ApiError::invalid(haven_domain::Violations(unknown)));
    }
    let query = CaseQuery {
        phase,
        identification,
        lead_only: filter.lead_only.unwrap_or(false),
        lead_agency_id: filter.lead_agency_id,
        jurisdiction: who.jurisdiction.clone(),
        search: filter
            .q
            .filter(|q| !q.trim().is_empty())
            .map(|text| CaseSearch {
                text,
                names_of_agency: who.can(Permission::ViewIdentity).then_some(user.agency_id),
            }),
        unit_id: filter.unit_id.filter(|u| !u.trim().is_empty()),
        overdue: filter.overdue.map(|o| (o, today)),
        open_deadline: false,
        offset,
        limit,
    };
    // A search by name reaches the cases of the caller's agency; among them a
    // child's matches by name only for her assigned workers (a colleague
    // must not learn who is in a case they see masked). Name searches are
    // narrow: read the matches at once, keep those the caller sees whole or
    // found by number, and page what is left.
    let by_name = query.search.as_ref().and_then(|search| {
        search
            .names_of_agency
            .map(|_| search.text.trim().to_uppercase())
    });
    let mut query = query;
    if by_name.is_some() {
        query.offset = 0;
        query.limit = MAX_PAGE;
    }
    let page = state.store.list_cases(user.agency_id, &query).await?;
    let mut found = Vec::with_capacity(page.items.len());
    for c in page.items {
        let (scope, identity) = scope_for(state, &who, &c).await?;
        let shown = match &by_name {
            Some(text) => identity.is_whole() || c.case_number.contains(text.as_str()),
            None => true,
        };
        if shown {
            let named = identity.shows(haven_domain::case::person_fields::PersonField::FullName);
            found.push((c, scope, named));
        }
    }
    let (total, found) = match by_name {
        Some(_) => {
            let total = u64::try_from(found.len()).unwrap_or(u64::MAX);
            let skip = usize::try_from(offset).unwrap_or(usize::MAX);
            let take = usize::try_from(limit).unwrap_or(usize::MAX);
            (total, found.into_iter().skip(skip).take(take).collect())
        }
        None => (page.total, found),
    };
    let rules = &state.store.rules().deadlines;
    let named: Vec<i64> = found
        .iter()
        .filter(|(_, _, named)| *named)
        .map(|(c, _, _)| c.person_id)
        .collect();
    let persons = state.store.persons(&named).await?;
    let mut items = Vec::with_capacity(found.len());
    for (c, scope, named) in found {
        items.push(CaseSummary {
            full_name: named
                .then(|| persons.get(&c.person_id).map(|p| p.full_name.clone()))
                .flatten(),
            scope,
            overdue: rules
                .due_items(&c.state, today)
                .iter()
                .filter(|i| i.overdue)
                .count(),
            case_number: c.case_number,
            version: c.version,
            phase: c.state.phase.code(),
            identification: c.state.identification.code(),
            channel: c.state.channel.clone(),
            received_on: c.state.received_on,
            lead_agency_id: c.lead_agency_id,
        });
    }
    Ok(CaseList {
        total,
        offset,
        limit,
        items,
    })
}

#[derive(Serialize, ToSchema)]
pub struct Entitlements {
    pub status: EntitlementStatus,
    pub clauses: Vec<String>,
    pub source: String,
}

/// One case as the caller may see it: what every response and page that
/// shows a case is built from.
#[derive(Serialize, ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: VisibleCase,
    pub scope: Scope,
    /// Identity fields the caller may not see are `null` and listed in `masked_fields`.
    pub person: Option<MaskedPerson>,
    pub entitlements: Entitlements,
    pub deadlines: Vec<DueItem>,
    /// The hotline contacts the case came from or that concern it, by number
    /// (`LH-2026-000123`; each contact asks its own policy when opened).
    pub contacts: Vec<String>,
    /// The journey's state, for deciding which steps to offer; never sent.
    #[serde(skip)]
    pub(crate) rules_state: haven_domain::case::Case,
    /// The caller sees the person whole (may correct her record); never sent.
    #[serde(skip)]
    pub(crate) identity_whole: bool,
}

/// One case as the caller may see it: identities masked by the policy.
pub async fn case_view(
    state: &AppState,
    user: &UserAccount,
    number: &str,
) -> Result<CaseView, ApiError> {
    let access = case_for(state, user, number, Action::ReadCase).await?;
    view_of(state, access.case, access.scope, access.identity).await
}

/// The case as the caller may see it right after their own change: what a
/// step or an upload answers, never the stored record. Scope and identity are
/// taken from the new state (handing over the lead narrows them at once).
pub async fn view_after_write(
    state: &AppState,
    user: &UserAccount,
    case: CaseRecord,
) -> Result<CaseView, ApiError> {
    let who = crate::case_access::principal(state, user);
    let (scope, identity) = scope_for(state, &who, &case).await?;
    view_of(state, case, scope, identity).await
}

async fn view_of(
    state: &AppState,
    case: CaseRecord,
    scope: Scope,
    identity: IdentityView,
) -> Result<CaseView, ApiError> {
    let person = state
        .store
        .person(case.person_id)
        .await?
        .map(|p| mask_person(&p, &identity));
    let rules = &state.store.rules().entitlements;
    let entitlements = Entitlements {
        status: EntitlementRules::status_of(&case.state),
        clauses: rules.clauses_for(&case.state).to_vec(),
        source: rules.source.clone(),
    };
    let deadlines = state
        .store
        .rules()
        .deadlines
        .due_items(&case.state, today());
    let contacts = state
        .store
        .hotline()
        .of_case_number(&case.case_number)
        .await?
        .into_iter()
        .map(|c| c.number)
        .collect();
    Ok(CaseView {
        contacts,
        identity_whole: identity.is_whole(),
        case: VisibleCase::of(&case, &identity),
        scope,
        person,
        entitlements,
        deadlines,
        rules_state: case.state,
    })
}

/// One step of a case's history as the caller may read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryView {
    pub seq: i64,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    pub actor_user_id: i64,
    pub actor_agency_id: i64,
    pub command: String,
    /// The step as recorded; free text replaced by a marker when `redacted`.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    pub reason: Option<String>,
    /// Free text (notes, reasons, file names) is hidden from this caller.
    pub redacted: bool,
}

impl HistoryView {
    fn of(entry: HistoryEntry, identity: &IdentityView) -> HistoryView {
        let HistoryEntry {
            seq,
            recorded_at,
            actor_user_id,
            actor_agency_id,
            command,
            mut payload,
            mut changes,
            reason,
            hash: _,
        } = entry;
        // Whoever may not see identities (auditors, supervisors) reads the
        // steps, not the notes, reasons and file names that could name someone.
        let redacted = identity.is_hidden();
        if redacted {
            redact_free_text(&mut payload);
            redact_free_text(&mut changes);
        }
        // A document's name and description may name or picture her: they
        // show where the documents table shows them, to whoever reads the
        // documents (her whole record, or at least her name).
        if !identity.reads_documents() {
            for value in [&mut payload, &mut changes] {
                redact_document_names(value);
            }
        }
        // A correction of the person records her fields before and after:
        // each shows only where the caller sees that field (a phone number
        // or a paper's number looks like a code to the redaction above).
        if command == haven_store::cases::CORRECTION_ENTRY {
            if let serde_json::Value::Object(fields) = &mut changes {
                for (code, change) in fields.iter_mut() {
                    let shown = haven_domain::case::person_fields::PersonField::from_code(code)
                        .is_some_and(|field| identity.shows(field));
                    if !shown {
                        *change =
                            serde_json::json!({ "before": null, "after": null, "masked": true });
                    }
                }
            }
        }
        HistoryView {
            seq,
            recorded_at,
            actor_user_id,
            actor_agency_id,
            command,
            payload,
            changes,
            reason: reason.map(|text| if redacted { REDACTED.to_owned() } else { text }),
            redacted,
        }
    }
}

/// Masks every `file_name` and `description` in a history entry (an
/// attached document's, wherever the entry carries one).
fn redact_document_names(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                let named = matches!(key.as_str(), "file_name" | "description");
                if named && field.is_string() {
                    *field = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact_document_names(field);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_document_names),
        serde_json::Value::Null
        | serde_json::Value::Bool(_)
        | serde_json::Value::Number(_)
        | serde_json::Value::String(_) => {}
    }
}

/// A case's history; free text redacted for whoever may not see identities.
pub async fn case_history(
    state: &AppState,
    user: &UserAccount,
    number: &str,
) -> Result<Vec<HistoryView>, ApiError> {
    let access = case_for(state, user, number, Action::ReadHistory).await?;
    let entries = state.store.case_history(number).await?;
    Ok(entries
        .into_iter()
        .map(|entry| HistoryView::of(entry, &access.identity))
        .collect())
}

/// Whether the policy lets the caller do `action` on the case, in the
/// caller's scope of it.
pub fn allowed_on(state: &AppState, user: &UserAccount, view: &CaseView, action: Action) -> bool {
    let who = crate::case_access::principal(state, user);
    haven_access::decide(&who, action, view.scope) == haven_access::Decision::Allow
}

/// Whether the caller could record `command` on the case now: the policy
/// allows it in the caller's scope and the journey's rules accept it today.
/// Pages offer only such actions; the store checks again when one is sent.
pub fn action_open(
    state: &AppState,
    user: &UserAccount,
    view: &CaseView,
    command: &Command,
) -> bool {
    allowed_on(state, user, view, Action::Record(command))
        && rules_accept(
            state,
            user,
            &view.rules_state,
            view.case.lead_agency_id,
            command,
        )
}

/// Whether the journey's rules accept `command` on the case today, facts
/// read from the database aside: what a form may offer, or confirm.
pub fn rules_accept(
    state: &AppState,
    user: &UserAccount,
    case: &haven_domain::case::Case,
    lead_agency_id: i64,
    command: &Command,
) -> bool {
    let context = haven_domain::case::Context {
        actor_agency_id: user.agency_id,
        actor_user_id: user.id,
        today: today(),
        entitlements: &state.store.rules().entitlements,
        limits: &state.store.rules().limits,
        // Room, the worker's agency and the relative named are checked when
        // the step is recorded, not to offer the form.
        // Which facilities the user may admit to, the form's list decides.
        facility: Some(haven_domain::case::FacilityFacts {
            has_room: true,
            operator_agency_id: user.agency_id,
        }),
        worker_agency_id: Some(lead_agency_id),
        relatives_on_record: usize::MAX,
    };
    haven_domain::case::check(case, command, &context).is_ok()
}

/// A new case: for a new person (`person`); for a known person whose case
/// the caller's agency leads (`person_id`); or for a new person who may be
/// someone another agency knows (`person` with `link_request`): the case is
/// opened with only what was typed, and that agency is asked to link them.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub person: Option<Person>,
    pub person_id: Option<i64>,
    pub link_request: Option<NewLinkRequest>,
    pub reception: Reception,
    /// The hotline contact the case comes from (`LH-2026-000123`): the
    /// case and the contact are linked. Its hotline or an agency it was
    /// dispatched to may open a case from it, once.
    #[serde(default)]
    pub contact_number: Option<String>,
}

/// Ask the agency leading this known person's case to link her to the new case.
#[derive(Deserialize, ToSchema)]
pub struct NewLinkRequest {
    /// The known person, as the duplicate search proposed them for `person`.
    pub person_id: i64,
    /// Why the two may be the same person (shown to the answering agency).
    pub reason: String,
}

/// Opens a case at reception, for a new person or a known one the caller's agency leads.
pub async fn open_case(
    state: &AppState,
    user: &UserAccount,
    mut new: NewCase,
) -> Result<CaseRecord, ApiError> {
    let who = allow(state, user, Action::OpenCase).await?;
    // Only a contact the policy lets the user open a case from is linked,
    // whatever the reception says.
    new.reception.from_contact = match new.contact_number.as_deref().map(str::trim) {
        Some(number) if !number.is_empty() => Some(
            crate::views::hotline::contact_for_reception(state, user, number)
                .await?
                .0,
        ),
        Some(_) | None => None,
    };
    let case = match (new.person, new.person_id, new.link_request) {
        (_, Some(person_id), None) => {
            if !leads_a_case_of(state, &who, person_id).await? {
                log(
                    state,
                    user,
                    Action::OpenCase,
                    None,
                    Some(DenyReason::NotInScope),
                )
                .await;
                return Err(ApiError::invalid(haven_domain::Violations(vec![
                    haven_domain::Violation::new(
                        "person_id",
                        "link_request_needed",
                        "Người này do cơ quan khác quản lý hồ sơ. Mở hồ sơ với thông tin vừa nhập và gửi yêu cầu liên kết (link_request) để cơ quan đó xác nhận.",
                        "Another agency leads this person's case. Open the case with the details you typed and send a link request (link_request) for that agency to confirm.",
                    ),
                ])));
            }
            state
                .store
                .open_case_for_person(actor(user), person_id, &new.reception, today())
                .await?
        }
        (Some(person), None, Some(link)) => {
            let proposed = state
                .store
                .duplicate_candidates(&person)
                .await?
                .iter()
                .any(|c| c.person_id == link.person_id);
            if !proposed {
                return Err(crate::views::person_links::not_proposed());
            }
            let ask = haven_store::person_links::LinkAsk {
                known_person_id: link.person_id,
                reason: link.reason,
            };
            let case = state
                .store
                .open_case_asking_link(actor(user), &person, &new.reception, today(), &ask)
                .await?;
            for link in state.store.person_links_of_case(case.id).await? {
                for number in [&link.requesting_case_number, &link.answering_case_number] {
                    crate::views::person_links::log_link_step(
                        state,
                        user,
                        number,
                        "request_person_link",
                    )
                    .await;
                }
            }
            case
        }
        (Some(person), None, None) => {
            state
                .store
                .open_case(actor(user), &person, &new.reception, today())
                .await?
        }
        (_, Some(_), Some(_)) => {
            return Err(ApiError::invalid(haven_domain::Violations(vec![
                haven_domain::Violation::new(
                    "link_request",
                    "either",
                    "Chọn một: người đã có (person_id) hoặc yêu cầu liên kết (link_request).",
                    "Choose one: a known person (person_id) or a link request (link_request).",
                ),
            ])))
        }
        (None, None, _) => {
            return Err(ApiError::invalid(haven_domain::Violations(
                vec![haven_domain::Violation::new(
                "person",
                "required",
                "Ghi thông tin người được tiếp nhận (person) hoặc chọn người đã có (person_id).",
                "Give the person received (person) or choose a known one (person_id).",
            )],
            )))
        }
    };
    Ok(case)
}

/// Whether the caller's agency leads one of the person's cases: only then may
/// it open another case for that very record. Any other relation (referred,
/// supervising, an emergency grant) would let a new case widen what it sees.
/// Whether the caller already sees this person whole, as a worker of the
/// agency leading one of her cases: only then may a new case be joined to
/// her. Leading is not enough — a child's record is whole only to her
/// assigned workers, and a second case must not be a way around that.
pub(crate) async fn leads_a_case_of(
    state: &AppState,
    who: &Principal,
    person_id: i64,
) -> Result<bool, ApiError> {
    for case in state.store.cases_of_person(person_id).await? {
        let (scope, identity) = scope_for(state, who, &case).await?;
        if scope == Scope::Lead
            && identity.is_whole()
            && decide(who, Action::ReadCase, scope) == Decision::Allow
        {
            return Ok(true);
        }
    }
    Ok(false)
}
