//! The demo's week at Tổng đài 111: a contact of every category, channel
//! and urgency over the last seven days, most of which never become a case
//! — anonymous tips, counselling on safe migration, a legal question, a
//! silent call — a mother who calls twice about her daughter (her number
//! kept with her consent), urgent calls dispatched to the police of the
//! place (one answered, one escalated to the city police, one waiting), a
//! call back planned, and a contact joined to the case it concerns. All
//! fictitious.

use crate::demo_programme::{agency, author};
use crate::entities::case;
use crate::error::StoreResult;
use crate::store::Store;
use chrono::{DateTime, Duration, DurationRound, Utc};
use haven_domain::case::person::Sex;
use haven_domain::hotline::{
    AgeGroup, AnswerDraft, Caller, CallerRelation, ContactCategory, ContactChannel, ContactDraft,
    ContactOutcome, ContactStep, DispatchDraft, PersonConcerned, PhoneNumber, Urgency,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// One demo contact: how long ago it began (hours), and what it was.
struct Call {
    hours_ago: i64,
    minutes: i64,
    channel: ContactChannel,
    relation: CallerRelation,
    phone: Option<&'static str>,
    sex: Sex,
    age: Option<u8>,
    group: Option<AgeGroup>,
    place: Option<&'static str>,
    abroad: bool,
    categories: &'static [ContactCategory],
    urgency: Urgency,
    summary: &'static str,
    steps: &'static [ContactStep],
    outcome: ContactOutcome,
}

fn draft(call: &Call, now: DateTime<Utc>) -> ContactDraft {
    let started_at = now - Duration::hours(call.hours_ago);
    ContactDraft {
        channel: call.channel,
        started_at,
        ended_at: Some(started_at + Duration::minutes(call.minutes)),
        caller: Caller {
            relation: call.relation,
            consents_to_keep_number: call.phone.is_some(),
            phone: call
                .phone
                .and_then(|p| PhoneNumber::parse("caller.phone", p).ok()),
        },
        concerned: PersonConcerned {
            sex: call.sex,
            age_years: call.age,
            age_group: call.group,
            place_unit_id: call.place.map(str::to_owned),
            abroad: call.abroad,
        },
        categories: call.categories.to_vec(),
        urgency: call.urgency,
        summary: call.summary.into(),
        steps: call.steps.to_vec(),
        follow_up_at: None,
        outcome: call.outcome,
        outcome_note: String::new(),
    }
}

use CallerRelation as R;
use ContactCategory as C;
use ContactChannel as Ch;
use ContactOutcome as O;
use ContactStep as S;

const CALLS: &[Call] = &[
    Call { hours_ago: 160, minutes: 6, channel: Ch::PhoneCall, relation: R::Unknown, phone: None, sex: Sex::Unknown, age: None, group: Some(AgeGroup::Adult), place: Some("2025/15"), abroad: false, categories: &[C::RecruiterTipOff], urgency: Urgency::NotUrgent, summary: "Người gọi giấu tên báo có đối tượng đến bản rủ thanh niên sang biên giới làm việc nhẹ lương cao.", steps: &[S::InformationGiven, S::Referral], outcome: O::Referred },
    Call { hours_ago: 150, minutes: 14, channel: Ch::PhoneCall, relation: R::Parent, phone: Some("0912 300 111"), sex: Sex::Female, age: Some(17), group: None, place: Some("2025/15/02683"), abroad: true, categories: &[C::MissingAbroad], urgency: Urgency::Urgent, summary: "Mẹ báo con gái 17 tuổi mất liên lạc ba tuần sau khi sang Trung Quốc theo lời rủ đi làm.", steps: &[S::Counselling, S::Referral], outcome: O::Referred },
    Call { hours_ago: 131, minutes: 22, channel: Ch::Chat, relation: R::Herself, phone: None, sex: Sex::Female, age: Some(19), group: None, place: Some("2025/01"), abroad: false, categories: &[C::SafeMigration], urgency: Urgency::NotUrgent, summary: "Hỏi cách kiểm tra một công ty tuyển lao động đi Nhật Bản có được cấp phép không.", steps: &[S::InformationGiven, S::Counselling], outcome: O::Resolved },
    Call { hours_ago: 120, minutes: 1, channel: Ch::PhoneCall, relation: R::Unknown, phone: None, sex: Sex::Unknown, age: None, group: None, place: None, abroad: false, categories: &[C::PrankOrSilent], urgency: Urgency::NotUrgent, summary: "Cuộc gọi im lặng.", steps: &[], outcome: O::Disconnected },
    Call { hours_ago: 98, minutes: 18, channel: Ch::Email, relation: R::Teacher, phone: None, sex: Sex::Male, age: Some(15), group: None, place: Some("2025/01/00070"), abroad: false, categories: &[C::ChildProtection], urgency: Urgency::Urgent, summary: "Giáo viên báo một học sinh nghỉ học dài ngày, gia đình nói em đi làm xa.", steps: &[S::Counselling, S::Referral], outcome: O::Referred },
    Call { hours_ago: 75, minutes: 9, channel: Ch::PhoneCall, relation: R::Relative, phone: None, sex: Sex::Female, age: None, group: Some(AgeGroup::Adult), place: Some("2025/01"), abroad: false, categories: &[C::LegalQuestion], urgency: Urgency::NotUrgent, summary: "Người nhà hỏi nạn nhân trở về được hưởng những hỗ trợ gì theo Luật Phòng, chống mua bán người.", steps: &[S::InformationGiven], outcome: O::Resolved },
    Call { hours_ago: 52, minutes: 11, channel: Ch::PhoneCall, relation: R::Parent, phone: Some("+84 912 300 111"), sex: Sex::Female, age: Some(17), group: None, place: Some("2025/15/02683"), abroad: true, categories: &[C::MissingAbroad, C::VictimAsksHelp], urgency: Urgency::Urgent, summary: "Người mẹ gọi lại: con gái đã nhắn tin xin về, đang ở một nhà hàng gần biên giới.", steps: &[S::Counselling, S::Transfer], outcome: O::Referred },
    Call { hours_ago: 30, minutes: 5, channel: Ch::Sms, relation: R::Friend, phone: None, sex: Sex::Female, age: None, group: Some(AgeGroup::From16To17), place: Some("2025/01/00070"), abroad: false, categories: &[C::VictimAsksHelp], urgency: Urgency::Urgent, summary: "Tin nhắn của bạn: một em gái bị giữ giấy tờ ở quán karaoke, xin được giúp.", steps: &[S::InformationGiven], outcome: O::Ongoing },
    Call { hours_ago: 6, minutes: 8, channel: Ch::WalkIn, relation: R::Neighbour, phone: None, sex: Sex::Male, age: Some(14), group: None, place: Some("2025/01/00070"), abroad: false, categories: &[C::ChildProtection, C::RecruiterTipOff], urgency: Urgency::NotUrgent, summary: "Hàng xóm đến báo có người lạ hay đón một em trai sau giờ học.", steps: &[S::InformationGiven], outcome: O::Ongoing },
    Call { hours_ago: 3, minutes: 12, channel: Ch::Letter, relation: R::Official, phone: None, sex: Sex::Unknown, age: None, group: Some(AgeGroup::Unknown), place: Some("2025/15"), abroad: false, categories: &[C::RecruiterTipOff], urgency: Urgency::NotUrgent, summary: "Công văn của xã báo nhiều phụ nữ đi theo một nhóm môi giới hôn nhân.", steps: &[S::Referral], outcome: O::Referred },
];

/// Urgent calls, each dispatched to the police of the place.
const DANGER: &[(Call, &str)] = &[
    (
        Call {
            hours_ago: 70,
            minutes: 7,
            channel: Ch::PhoneCall,
            relation: R::Parent,
            phone: None,
            sex: Sex::Female,
            age: Some(16),
            group: None,
            place: Some("2025/01/00070"),
            abroad: false,
            categories: &[C::RescueRequest],
            urgency: Urgency::ImmediateDanger,
            summary: "Mẹ báo con gái bị giữ ở một nhà nghỉ, đối tượng đòi đưa đi.",
            steps: &[S::Transfer],
            outcome: O::Referred,
        },
        "HNI-CA",
    ),
    (
        Call {
            hours_ago: 40,
            minutes: 4,
            channel: Ch::PhoneCall,
            relation: R::Herself,
            phone: None,
            sex: Sex::Female,
            age: Some(22),
            group: None,
            place: Some("2025/01/00070"),
            abroad: false,
            categories: &[C::VictimAsksHelp, C::RescueRequest],
            urgency: Urgency::ImmediateDanger,
            summary: "Một phụ nữ gọi từ điện thoại mượn: bị giữ ở một căn hộ, không được ra ngoài.",
            steps: &[S::Transfer],
            outcome: O::Referred,
        },
        "HNI-CA-HK",
    ),
    (
        Call {
            hours_ago: 1,
            minutes: 6,
            channel: Ch::PhoneCall,
            relation: R::Relative,
            phone: None,
            sex: Sex::Female,
            age: Some(15),
            group: None,
            place: Some("2025/15/02683"),
            abroad: false,
            categories: &[C::RescueRequest],
            urgency: Urgency::ImmediateDanger,
            summary: "Chị gái báo em 15 tuổi đang bị đưa ra cửa khẩu.",
            steps: &[S::Transfer],
            outcome: O::Ongoing,
        },
        "LCI-BDBP",
    ),
];

pub async fn load(store: &Store) -> StoreResult<usize> {
    let hotline = store.hotline();
    let operator = author(store, "hotline").await?;
    let police = author(store, "police").await?;
    // Whole minutes: the demo's times read as typed.
    let now = Utc::now()
        .duration_trunc(Duration::minutes(1))
        .unwrap_or_else(|_| Utc::now());
    let mut count = 0;
    for call in CALLS {
        hotline
            .record(operator, &draft(call, now), None, 2, now)
            .await?;
        count += 1;
    }
    // The first urgent call was answered by the city police in time; the
    // second went to the ward, unanswered, and was escalated to the city
    // police, who answered; the third waits for the border guard.
    for (i, (call, to)) in DANGER.iter().enumerate() {
        let dispatch = DispatchDraft {
            agency_id: agency(store, to).await?,
            note: "Xác minh và can thiệp ngay.".into(),
        };
        // Dispatched three minutes into the call, when it was taken.
        let taken = draft(call, now);
        let dispatched_at = taken.started_at + Duration::minutes(3);
        let recorded = hotline
            .record(operator, &taken, Some(&dispatch), 2, dispatched_at)
            .await?;
        count += 1;
        match i {
            0 => {
                if let Some(id) = recorded.dispatches.first().map(|d| d.id) {
                    hotline
                        .answer(
                            police,
                            id,
                            &AnswerDraft {
                                answer:
                                    "Công an thành phố đã đến, đưa em về trụ sở và báo gia đình."
                                        .into(),
                            },
                        )
                        .await?;
                }
            }
            1 => {
                // Nobody answered in two hours: escalated then, as the worker would have.
                let due = dispatched_at + Duration::hours(2) + Duration::minutes(1);
                hotline.escalate_overdue(due, 2).await?;
                let again = hotline.contact(recorded.id).await?;
                if let Some(city) = again.and_then(|c| {
                    c.dispatches
                        .into_iter()
                        .find(|d| d.escalated_from.is_some())
                }) {
                    hotline.answer(police, city.id, &AnswerDraft { answer: "Công an thành phố đã giải cứu, bàn giao Trung tâm Bảo trợ xã hội.".into() }).await?;
                }
            }
            _ => {}
        }
    }
    // A call back planned for tomorrow morning.
    let (Some(asked), Some(legal)) = (CALLS.get(2), CALLS.get(5)) else {
        return Ok(count);
    };
    let mut planned = draft(asked, now);
    planned.steps.push(ContactStep::FollowUpPlanned);
    planned.follow_up_at = Some(now + Duration::hours(20));
    planned.outcome = ContactOutcome::Ongoing;
    planned.started_at = now - Duration::hours(2);
    planned.ended_at = Some(planned.started_at + Duration::minutes(9));
    hotline.record(operator, &planned, None, 2, now).await?;
    count += 1;
    // A later call about a case the hotline received joins that case.
    let received = case::Entity::find()
        .filter(case::Column::LeadAgencyId.eq(operator.agency_id.get()))
        .order_by_asc(case::Column::Id)
        .one(store.db())
        .await?;
    if let Some(received) = received {
        let mut later = draft(legal, now);
        later.started_at = now - Duration::hours(26);
        later.ended_at = Some(later.started_at + Duration::minutes(4));
        later.summary = "Người nhà gọi hỏi tiến độ hỗ trợ của hồ sơ đã tiếp nhận.".into();
        let joined = hotline.record(operator, &later, None, 2, now).await?;
        hotline
            .attach_to_case(operator, joined.id, joined.version, &received.case_number)
            .await?;
        count += 1;
    }
    Ok(count)
}
