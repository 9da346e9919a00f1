//! Whether a command may be applied to a case now, and if not, why. Pure:
//! everything it needs from outside (today's date, the recording agency,
//! whether a facility has room) comes in the `Context`.

use super::aggregate::{index, Case, ReferralStatus};
use super::command::{Command, Outcome};
use super::entitlements::EntitlementRules;
use super::rejection::Rejection;
use super::status::{Identification, Phase};
use chrono::NaiveDate;

pub struct Context<'a> {
    pub actor_agency_id: i64,
    /// The user recording the step.
    pub actor_user_id: i64,
    pub today: NaiveDate,
    pub entitlements: &'a EntitlementRules,
    pub limits: &'a super::limits::InputLimits,
    /// For `AdmitToFacility`: the facility named, as the store finds it;
    /// `None` when there is no such facility.
    pub facility: Option<FacilityFacts>,
    /// For `AssignWorker`: the agency of the named user; `None` when there is no such user.
    pub worker_agency_id: Option<i64>,
    /// For a protection measure for a relative: how many relatives the person's record lists.
    pub relatives_on_record: usize,
}

/// What an admission needs to know of the facility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FacilityFacts {
    /// A place is free today.
    pub has_room: bool,
    /// The agency that runs it.
    pub operator_agency_id: i64,
}

type Check = Result<(), Rejection>;

pub fn check(case: &Case, command: &Command, ctx: &Context) -> Check {
    check_phase(case, command)?;
    check_date(case, command, ctx)?;
    match command {
        Command::StartVerification { .. } => {
            if !matches!(
                case.identification,
                Identification::NotStarted | Identification::Unresolved
            ) {
                return Err(already_decided_or_started());
            }
        }
        Command::RequestVerification { question, .. } => required(question, "question")?,
        Command::AnswerVerification {
            request_no,
            answer,
            answered_on,
        } => {
            required(answer, "answer")?;
            let request = case
                .verification_requests
                .get(index(*request_no))
                .ok_or_else(|| {
                    not_found(
                        "verification_request",
                        "yêu cầu xác minh",
                        "verification request",
                    )
                })?;
            if request.answered_on.is_some() {
                return Err(Rejection::new(
                    "already_answered",
                    "Yêu cầu xác minh này đã có trả lời.",
                    "This verification request has already been answered.",
                ));
            }
            before(request.sent_on, *answered_on, "answered_on")?;
        }
        Command::RecordIdentification {
            outcome,
            deciding_agency_id,
            document_number,
            document_date,
        } => {
            if !case.identification.is_pending() {
                return Err(already_decided_or_started());
            }
            if *outcome != Outcome::Unresolved {
                if deciding_agency_id.is_none() {
                    return Err(missing(
                        "deciding_agency_id",
                        "cơ quan quyết định",
                        "the deciding agency",
                    ));
                }
                if document_number
                    .as_deref()
                    .is_none_or(|n| n.trim().is_empty())
                {
                    return Err(missing(
                        "document_number",
                        "số văn bản xác định",
                        "the decision document number",
                    ));
                }
                if document_date.is_none() {
                    return Err(missing(
                        "document_date",
                        "ngày văn bản",
                        "the decision document date",
                    ));
                }
            }
        }
        Command::RecordTrafficking(details) => {
            if details.purposes.is_empty() {
                return Err(missing(
                    "purposes",
                    "ít nhất một mục đích mua bán",
                    "at least one purpose of trafficking",
                ));
            }
            if let (Some(from), Some(to)) = (details.period_from, details.period_to) {
                before(from, to, "period_to")?;
            }
        }
        Command::ApplyProtection {
            measure,
            for_relative,
            ..
        } => {
            required(measure, "measure")?;
            // Relatives are numbered from 1 on the person's record.
            if for_relative.is_some_and(|n| n == 0 || n as usize > ctx.relatives_on_record) {
                return Err(Rejection::new(
                    "exists",
                    "Không có người thân với số thứ tự này.",
                    "No relative has this number.",
                )
                .on_field("for_relative"));
            }
        }
        Command::RecordProtectionIncident { description, .. } => {
            required(description, "description")?
        }
        Command::RecordService(service) => {
            if service.amount_vnd.is_some_and(|a| a < 0) {
                return Err(Rejection::new(
                    "negative_amount",
                    "Số tiền không được âm.",
                    "The amount cannot be negative.",
                )
                .on_field("amount_vnd"));
            }
            let ceiling = ctx.limits.max_service_amount_vnd;
            if service.amount_vnd.is_some_and(|a| a > ceiling) {
                return Err(Rejection::new(
                    "max_amount",
                    format!("Số tiền của một lần hỗ trợ không vượt quá {ceiling} đồng."),
                    format!("One service's amount cannot exceed VND {ceiling}."),
                )
                .on_field("amount_vnd"));
            }
            let entitled = service
                .clause
                .as_deref()
                .is_none_or(|c| ctx.entitlements.covers(case, c));
            let reason_given = service
                .outside_entitlement_reason
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty());
            if !entitled && !reason_given {
                return Err(Rejection::new(
                    "outside_entitlements",
                    "Dịch vụ này nằm ngoài chế độ người này được hưởng; hãy ghi lý do.",
                    "This service is outside what this person is entitled to; give a reason.",
                )
                .on_field("outside_entitlement_reason"));
            }
        }
        Command::AdmitToFacility { facility_id, .. } => {
            // An agency admits to its own facility, or to one that took the
            // person on through a referral to the agency it accepted.
            let referred_there = case.referrals.iter().any(|r| {
                r.status == ReferralStatus::Accepted
                    && r.to_agency_id == ctx.actor_agency_id
                    && r.to_facility_id == Some(*facility_id)
            });
            let runs_it = ctx
                .facility
                .is_some_and(|f| f.operator_agency_id == ctx.actor_agency_id);
            if ctx.facility.is_some() && !runs_it && !referred_there {
                return Err(Rejection::new(
                    "not_an_admitting_agency",
                    "Cơ quan bạn chỉ tiếp nhận vào cơ sở của mình, hoặc cơ sở đã nhận chuyển tuyến đến cơ quan bạn.",
                    "Your agency admits only to its own facility, or to one a referral to your agency that it accepted named.",
                )
                .on_field("facility_id"));
            }
            if case.stay.is_some() {
                return Err(Rejection::new(
                    "already_in_facility",
                    "Người này đang lưu trú tại một cơ sở; hãy ghi xuất cơ sở trước.",
                    "This person is staying at a facility; record the discharge first.",
                ));
            }
            if !ctx.facility.is_some_and(|f| f.has_room) {
                return Err(Rejection::new(
                    "facility_full",
                    "Cơ sở đã hết chỗ.",
                    "The facility has no free place.",
                )
                .on_field("facility_id"));
            }
        }
        Command::DischargeFromFacility { discharged_on, .. } => {
            let stay = case.stay.as_ref().ok_or_else(|| {
                Rejection::new(
                    "not_in_facility",
                    "Người này không lưu trú tại cơ sở nào.",
                    "This person is not staying at a facility.",
                )
            })?;
            before(stay.admitted_on, *discharged_on, "discharged_on")?;
        }
        Command::SendReferral {
            to_agency_id,
            to_facility_id,
            reason,
            shared_fields,
            best_interest_reason,
            ..
        } => {
            required(reason, "reason")?;
            if let Some(best_interest) = best_interest_reason {
                check_best_interest(case, ctx, best_interest, shared_fields)?;
            }
            if shared_fields
                .iter()
                .any(|code| super::person_fields::PersonField::from_code(code).is_none())
            {
                return Err(Rejection::new(
                    "unknown_person_field",
                    "Trường thông tin chia sẻ không có trong hồ sơ người.",
                    "A shared field is not a field of the person record.",
                )
                .on_field("shared_fields"));
            }
            if *to_agency_id == ctx.actor_agency_id && to_facility_id.is_none() {
                return Err(Rejection::new(
                    "referral_to_self",
                    "Không thể chuyển tuyến cho chính cơ quan mình.",
                    "A referral cannot go to one's own agency.",
                )
                .on_field("to_agency_id"));
            }
        }
        Command::AcceptReferral {
            referral_no,
            answered_on,
        }
        | Command::DeclineReferral {
            referral_no,
            answered_on,
            ..
        } => {
            if let Command::DeclineReferral { reason, .. } = command {
                required(reason, "reason")?;
            }
            let referral = case
                .referrals
                .get(index(*referral_no))
                .ok_or_else(|| not_found("referral", "chuyển tuyến", "referral"))?;
            if referral.status != ReferralStatus::Pending {
                return Err(Rejection::new(
                    "referral_answered",
                    "Chuyển tuyến này đã được trả lời.",
                    "This referral has already been answered.",
                ));
            }
            if referral.to_agency_id != ctx.actor_agency_id {
                return Err(Rejection::new(
                    "not_the_receiving_agency",
                    "Chỉ cơ quan nhận mới trả lời được chuyển tuyến.",
                    "Only the receiving agency can answer a referral.",
                ));
            }
            before(referral.sent_on, *answered_on, "answered_on")?;
        }
        Command::RecordFamilyContact { contacted_by, .. } => {
            required(contacted_by, "contacted_by")?
        }
        Command::RecordReturn {
            handover_record,
            escort,
            returned_on,
            ..
        } => {
            if case.foreign_national {
                return Err(Rejection::new(
                    "foreign_victim_is_handed_back",
                    "Nạn nhân người nước ngoài được trao trả, không đưa về nơi cư trú.",
                    "A foreign victim is handed back, not returned home.",
                ));
            }
            if matches!(case.phase, Phase::ReturnedHome | Phase::Reintegration) {
                return Err(Rejection::new(
                    "already_returned",
                    "Người này đã được đưa về.",
                    "This person has already been returned.",
                ));
            }
            no_open_stay(case)?;
            let contacted = case.family_contacted_on.ok_or_else(|| {
                Rejection::new(
                    "family_not_contacted",
                    "Phải liên hệ gia đình trước khi đưa về nơi cư trú.",
                    "The family must be contacted before the return home.",
                )
            })?;
            before(contacted, *returned_on, "returned_on")?;
            required(handover_record, "handover_record")?;
            if case.minor && escort.as_deref().is_none_or(|e| e.trim().is_empty()) {
                return Err(missing(
                    "escort",
                    "người đưa trẻ về",
                    "the escort of the minor",
                ));
            }
        }
        Command::RecordHandback {
            receiving_authority,
            handover_record,
            ..
        } => {
            if !case.foreign_national {
                return Err(Rejection::new(
                    "handback_is_for_foreign_victims",
                    "Chỉ trao trả nạn nhân người nước ngoài.",
                    "Only foreign victims are handed back.",
                ));
            }
            no_open_stay(case)?;
            required(receiving_authority, "receiving_authority")?;
            required(handover_record, "handover_record")?;
        }
        Command::RecordFollowUp {
            visited_on,
            situation,
            ..
        } => {
            required(situation, "situation")?;
            no_open_stay(case)?;
            let returned = case.returned_on.ok_or_else(|| {
                Rejection::new(
                    "not_returned",
                    "Chỉ theo dõi hòa nhập sau khi người này đã về nơi cư trú.",
                    "Follow-ups come after the return home.",
                )
            })?;
            before(returned, *visited_on, "visited_on")?;
        }
        Command::RecordProceedings {
            case_reference,
            victim_role,
            ..
        } => {
            required(case_reference, "case_reference")?;
            required(victim_role, "victim_role")?;
        }
        Command::AddNote { text } => required(text, "text")?,
        Command::AssignWorker { user_id } => {
            if ctx.actor_agency_id != case.lead_agency_id {
                return Err(Rejection::new(
                    "lead_only",
                    "Chỉ cơ quan chủ trì mới phân công cán bộ.",
                    "Only the lead agency assigns workers.",
                ));
            }
            if case.assigned_user_ids.contains(user_id) {
                return Err(Rejection::new(
                    "already_assigned",
                    "Cán bộ này đã được phân công.",
                    "This worker is already assigned.",
                ));
            }
            // A child's identity is seen by her assigned workers only: nobody
            // assigns themselves to it, someone already responsible does.
            if case.child && *user_id == ctx.actor_user_id {
                return Err(Rejection::new(
                    "self_assignment",
                    "Hồ sơ trẻ em: cán bộ không tự phân công mình; hãy đề nghị cán bộ đang phụ trách hoặc lãnh đạo phân công.",
                    "A child's case: workers do not assign themselves; ask the worker in charge or a supervisor to assign you.",
                )
                .on_field("user_id"));
            }
            if ctx.worker_agency_id != Some(case.lead_agency_id) {
                return Err(Rejection::new(
                    "lead_agency_user",
                    "Chỉ phân công được cán bộ của cơ quan chủ trì.",
                    "Only a worker of the lead agency can be assigned.",
                )
                .on_field("user_id"));
            }
        }
        Command::ReleaseWorker { user_id } => {
            if !case.assigned_user_ids.contains(user_id) {
                return Err(not_found(
                    "user_id",
                    "cán bộ được phân công",
                    "assigned worker",
                ));
            }
        }
        Command::AttachDocument(attachment) => {
            required(&attachment.file_id, "file_id")?;
            required(&attachment.file_name, "file_name")?;
        }
        Command::WithdrawAttachment {
            attachment_no,
            reason,
        } => {
            required(reason, "reason")?;
            let attachment = case
                .attachments
                .get(index(*attachment_no))
                .ok_or_else(|| not_found("attachment_no", "tệp đính kèm", "attachment"))?;
            if attachment.withdrawn {
                return Err(Rejection::new(
                    "already_withdrawn",
                    "Tệp đính kèm này đã được rút.",
                    "This attachment has already been withdrawn.",
                ));
            }
        }
        Command::ApplyForHardshipAllowance { .. } => {
            if !ctx.entitlements.covers(case, "k") {
                return Err(Rejection::new(
                    "not_entitled",
                    "Chỉ nạn nhân đã được xác định mới được hỗ trợ khó khăn ban đầu (Điều 37, điểm k).",
                    "Only an identified victim can receive the initial hardship allowance (Art. 37(k)).",
                ));
            }
            if case.hardship_application.is_some() {
                return Err(Rejection::new(
                    "already_applied",
                    "Đã ghi nhận đơn đề nghị hỗ trợ khó khăn ban đầu.",
                    "The hardship allowance application is already recorded.",
                ));
            }
        }
        Command::ForwardHardshipApplication { forwarded_on, .. } => {
            let application = case.hardship_application.as_ref().ok_or_else(|| {
                missing(
                    "hardship_application",
                    "đơn đề nghị hỗ trợ khó khăn ban đầu trước",
                    "the hardship allowance application first",
                )
            })?;
            if application.forwarded_on.is_some() {
                return Err(Rejection::new(
                    "already_forwarded",
                    "Đơn đề nghị đã được chuyển.",
                    "The application has already been forwarded.",
                ));
            }
            before(application.applied_on, *forwarded_on, "forwarded_on")?;
        }
        Command::Close { reason, .. } => {
            required(reason, "reason")?;
            no_open_stay(case)?;
        }
        Command::Reopen { reason, .. } => required(reason, "reason")?,
        Command::AssessRisk { .. }
        | Command::AssessNeeds { .. }
        | Command::RecordConsent { .. } => {}
    }
    Ok(())
}

fn check_phase(case: &Case, command: &Command) -> Check {
    match command {
        Command::Reopen { .. } if case.phase != Phase::Closed => Err(Rejection::new(
            "not_closed",
            "Chỉ mở lại được hồ sơ đã đóng.",
            "Only a closed case can be reopened.",
        )),
        Command::Reopen { .. }
        | Command::AddNote { .. }
        | Command::RecordProceedings { .. }
        | Command::AttachDocument(_)
        | Command::WithdrawAttachment { .. } => Ok(()),
        Command::Close { .. } if case.phase == Phase::HandedBack => Ok(()),
        _ if !case.phase.is_active() => Err(Rejection::closed()),
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
        | Command::SendReferral { .. }
        | Command::AcceptReferral { .. }
        | Command::DeclineReferral { .. }
        | Command::RecordFamilyContact { .. }
        | Command::RecordReturn { .. }
        | Command::RecordHandback { .. }
        | Command::RecordFollowUp { .. }
        | Command::RecordConsent { .. }
        | Command::AssignWorker { .. }
        | Command::ReleaseWorker { .. }
        | Command::ApplyForHardshipAllowance { .. }
        | Command::ForwardHardshipApplication { .. }
        | Command::Close { .. } => Ok(()),
    }
}

/// No step is dated before the reception or in the future.
fn check_date(case: &Case, command: &Command, ctx: &Context) -> Check {
    let Some((field, date)) = dated(command) else {
        return Ok(());
    };
    if date < case.received_on {
        return Err(Rejection::new(
            "before_reception",
            format!("«{field}» không thể trước ngày tiếp nhận."),
            format!("“{field}” cannot be before the reception."),
        )
        .on_field(field));
    }
    if date > ctx.today {
        return Err(Rejection::new(
            "in_the_future",
            format!("«{field}» không thể là một ngày ở tương lai."),
            format!("“{field}” cannot be a day in the future."),
        )
        .on_field(field));
    }
    Ok(())
}

pub fn command_date(command: &Command) -> Option<NaiveDate> {
    dated(command).map(|(_, date)| date)
}

/// The day a step says it happened, with the name of its field (so a
/// rule on the day names the field the user typed it in).
pub fn dated(command: &Command) -> Option<(&'static str, NaiveDate)> {
    match command {
        Command::RequestVerification { sent_on: d, .. } => Some(("sent_on", *d)),
        Command::AnswerVerification { answered_on: d, .. } => Some(("answered_on", *d)),
        Command::AssessRisk { assessed_on: d, .. } => Some(("assessed_on", *d)),
        Command::ApplyProtection { from: d, .. } => Some(("from", *d)),
        Command::RecordProtectionIncident { occurred_on: d, .. } => Some(("occurred_on", *d)),
        Command::AssessNeeds { assessed_on: d, .. } => Some(("assessed_on", *d)),
        Command::AdmitToFacility { admitted_on: d, .. } => Some(("admitted_on", *d)),
        Command::DischargeFromFacility {
            discharged_on: d, ..
        } => Some(("discharged_on", *d)),
        Command::SendReferral { sent_on: d, .. } => Some(("sent_on", *d)),
        Command::AcceptReferral { answered_on: d, .. } => Some(("answered_on", *d)),
        Command::DeclineReferral { answered_on: d, .. } => Some(("answered_on", *d)),
        Command::RecordFamilyContact {
            contacted_on: d, ..
        } => Some(("contacted_on", *d)),
        Command::RecordReturn { returned_on: d, .. } => Some(("returned_on", *d)),
        Command::RecordHandback {
            handed_back_on: d, ..
        } => Some(("handed_back_on", *d)),
        Command::RecordFollowUp { visited_on: d, .. } => Some(("visited_on", *d)),
        Command::RecordProceedings { on: d, .. } => Some(("on", *d)),
        Command::RecordConsent { on: d, .. } => Some(("on", *d)),
        Command::Close { closed_on: d, .. } => Some(("closed_on", *d)),
        Command::Reopen { reopened_on: d, .. } => Some(("reopened_on", *d)),
        Command::ForwardHardshipApplication {
            forwarded_on: d, ..
        } => Some(("forwarded_on", *d)),
        Command::ApplyForHardshipAllowance { applied_on: d } => Some(("applied_on", *d)),
        Command::AttachDocument(a) => Some(("attached_on", a.attached_on)),
        Command::RecordService(s) => Some(("delivered_on", s.delivered_on)),
        Command::RecordIdentification { document_date, .. } => {
            document_date.map(|d| ("document_date", d))
        }
        Command::StartVerification { .. }
        | Command::RecordTrafficking(_)
        | Command::AddNote { .. }
        | Command::AssignWorker { .. }
        | Command::ReleaseWorker { .. }
        | Command::WithdrawAttachment { .. } => None,
    }
}

/// A best-interest reason shares a child's identity without a parent's or
/// guardian's consent: only for a child, only by the lead agency (whose
/// social worker the policy checks), and only with something to share.
fn check_best_interest(
    case: &Case,
    ctx: &Context<'_>,
    reason: &str,
    shared_fields: &[String],
) -> Check {
    const FIELD: &str = "best_interest_reason";
    required(reason, FIELD)?;
    if !case.child {
        return Err(Rejection::new(
            "best_interest_only_for_a_child",
            "Lý do vì lợi ích tốt nhất chỉ dùng cho trẻ em dưới 16 tuổi; người lớn chia sẻ theo sự đồng ý của chính mình.",
            "A best-interest reason is only for a child under 16; an adult's identity is shared on her own consent.",
        )
        .on_field(FIELD));
    }
    if ctx.actor_agency_id != case.lead_agency_id {
        return Err(Rejection::new(
            "best_interest_by_lead_agency",
            "Chỉ cơ quan chủ trì hồ sơ mới quyết định chia sẻ vì lợi ích tốt nhất của trẻ em.",
            "Only the lead agency decides to share in the child's best interest.",
        )
        .on_field(FIELD));
    }
    if shared_fields.is_empty() {
        return Err(Rejection::new(
            "best_interest_without_fields",
            "Chọn thông tin cần chia sẻ vì lợi ích tốt nhất của trẻ em.",
            "Choose the information to share in the child's best interest.",
        )
        .on_field("shared_fields"));
    }
    Ok(())
}

fn required(value: &str, field: &'static str) -> Check {
    if value.trim().is_empty() {
        return Err(Rejection::new(
            "required",
            format!("Trường «{field}» là bắt buộc."),
            format!("The field “{field}” is required."),
        )
        .on_field(field));
    }
    Ok(())
}

fn missing(field: &'static str, vi: &str, en: &str) -> Rejection {
    Rejection::new(
        "required",
        format!("Cần ghi {vi}."),
        format!("Record {en}."),
    )
    .on_field(field)
}

fn not_found(field: &'static str, vi: &str, en: &str) -> Rejection {
    Rejection::new(
        "not_found",
        format!("Không có {vi} với số này."),
        format!("No {en} has this number."),
    )
    .on_field(field)
}

fn before(earlier: NaiveDate, later: NaiveDate, field: &'static str) -> Check {
    if later < earlier {
        return Err(Rejection::new(
            "date_order",
            "Ngày này không thể trước bước trước đó.",
            "This date cannot precede the step it follows.",
        )
        .on_field(field));
    }
    Ok(())
}

fn no_open_stay(case: &Case) -> Check {
    if case.stay.is_some() {
        return Err(Rejection::new(
            "still_in_facility",
            "Người này còn lưu trú tại cơ sở; hãy ghi xuất cơ sở trước.",
            "This person is still at a facility; record the discharge first.",
        ));
    }
    Ok(())
}

fn already_decided_or_started() -> Rejection {
    Rejection::new(
        "identification_not_pending",
        "Việc xác định đã có kết luận hoặc đang tiến hành.",
        "Identification is already decided or under way.",
    )
}
