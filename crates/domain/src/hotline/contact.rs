//! One conversation with the hotline, as the operator records it. The
//! caller is anonymous unless they agree to leave their number; the person
//! concerned needs no name — sex, age and place, as far as they are known.

use super::codes::{
    AgeGroup, CallerRelation, ContactCategory, ContactChannel, ContactOutcome, ContactStep, Urgency,
};
use super::phone::PhoneNumber;
use super::{MAX_CONTACT_HOURS, MAX_NOTE, MAX_SUMMARY};
use crate::case::person::Sex;
use crate::validation::{Violation, Violations};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactDraft {
    pub channel: ContactChannel,
    pub started_at: DateTime<Utc>,
    /// When the conversation ended; none for a letter or while it goes on.
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
    pub caller: Caller,
    #[serde(default)]
    pub concerned: PersonConcerned,
    pub categories: Vec<ContactCategory>,
    pub urgency: Urgency,
    /// What was said, in the operator's words.
    pub summary: String,
    /// What the operator did.
    #[serde(default)]
    pub steps: Vec<ContactStep>,
    /// When to call back: needed when a follow-up is planned.
    #[serde(default)]
    pub follow_up_at: Option<DateTime<Utc>>,
    pub outcome: ContactOutcome,
    #[serde(default)]
    pub outcome_note: String,
}

/// Who called: anonymous by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caller {
    pub relation: CallerRelation,
    /// The caller agreed that their number be kept.
    #[serde(default)]
    pub consents_to_keep_number: bool,
    /// Kept only with the caller's consent.
    #[serde(default)]
    pub phone: Option<PhoneNumber>,
}

/// The person the contact is about, as far as is known: no name needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonConcerned {
    pub sex: Sex,
    #[serde(default)]
    pub age_years: Option<u8>,
    /// Given when the age in years is not known.
    #[serde(default)]
    pub age_group: Option<AgeGroup>,
    /// The administrative unit where the person is (province or commune).
    #[serde(default)]
    pub place_unit_id: Option<String>,
    /// Still abroad (a person missing abroad, a victim calling from there).
    #[serde(default)]
    pub abroad: bool,
}

impl Default for PersonConcerned {
    fn default() -> Self {
        PersonConcerned {
            sex: Sex::Unknown,
            age_years: None,
            age_group: None,
            place_unit_id: None,
            abroad: false,
        }
    }
}

impl PersonConcerned {
    /// The age group: from the age in years when it is known.
    pub fn age_group(&self) -> AgeGroup {
        match (self.age_years, self.age_group) {
            (Some(years), _) => AgeGroup::of_years(years),
            (None, Some(group)) => group,
            (None, None) => AgeGroup::Unknown,
        }
    }
}

/// The oldest age a person concerned is given.
pub const MAX_AGE: u8 = 110;

/// How far past now a contact may end: a form opened after a call starts
/// at the moment it was opened, and its length is typed after.
pub const ENDED_SLACK_MINUTES: i64 = 30;

/// A caller's number has at least this many digits (a short number such as
/// 113 is a service's, not a caller's).
pub const MIN_CALLER_DIGITS: usize = 8;

/// Contacts before this day are typing errors (Haven keeps none older).
pub fn earliest_contact() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(946_684_800, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

impl ContactDraft {
    /// Every rule the contact breaks by itself, at `now`; the store checks
    /// the place exists.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), Violations> {
        let mut v = Violations::default();
        if self.started_at < earliest_contact() {
            v.push(Violation::new(
                "started_at",
                "range",
                "Thời điểm bắt đầu quá xa (trước năm 2000): hãy kiểm tra lại.",
                "The contact is dated before 2000: check when it began.",
            ));
        }
        if self.started_at > now + Duration::minutes(5) {
            v.push(Violation::new(
                "started_at",
                "not_in_future",
                "Thời điểm bắt đầu không thể ở tương lai.",
                "The contact cannot start in the future.",
            ));
        }
        if let Some(ended) = self.ended_at {
            // A form opened after the call starts "now": its length may
            // reach a little past it; far past, it is a typing error.
            if ended > now + Duration::minutes(ENDED_SLACK_MINUTES)
                && self.started_at <= now + Duration::minutes(5)
            {
                v.push(Violation::new(
                    "ended_at",
                    "not_in_future",
                    "Cuộc liên hệ kết thúc ở tương lai: hãy kiểm tra thời điểm bắt đầu và thời lượng.",
                    "The contact ends in the future: check when it began and how long it lasted.",
                ));
            } else if ended < self.started_at {
                v.push(Violation::new(
                    "ended_at",
                    "after_start",
                    "Thời điểm kết thúc không thể trước thời điểm bắt đầu.",
                    "The contact cannot end before it started.",
                ));
            } else if ended - self.started_at > Duration::hours(MAX_CONTACT_HOURS) {
                v.push(Violation::new(
                    "ended_at",
                    "max_duration",
                    format!("Một cuộc liên hệ kéo dài tối đa {MAX_CONTACT_HOURS} giờ; hãy kiểm tra lại thời điểm kết thúc."),
                    format!("A contact lasts at most {MAX_CONTACT_HOURS} hours; check when it ended."),
                ));
            }
        }
        self.check_caller(&mut v);
        if self
            .concerned
            .age_years
            .is_some_and(|years| years > MAX_AGE)
        {
            v.push(Violation::new(
                "concerned.age_years",
                "range",
                format!("Tuổi từ 0 đến {MAX_AGE}."),
                format!("An age is between 0 and {MAX_AGE}."),
            ));
        }
        if let (Some(years), Some(group)) = (self.concerned.age_years, self.concerned.age_group) {
            if group != AgeGroup::Unknown && AgeGroup::of_years(years) != group {
                v.push(Violation::new(
                    "concerned.age_group",
                    "matches_age",
                    "Nhóm tuổi không khớp với số tuổi đã nhập.",
                    "The age group does not match the age given.",
                ));
            }
        }
        if self.categories.is_empty() {
            v.push(Violation::new(
                "categories",
                "required",
                "Hãy chọn ít nhất một nội dung của cuộc liên hệ.",
                "Choose at least one category for the contact.",
            ));
        }
        distinct(&mut v, "categories", &self.categories);
        distinct(&mut v, "steps", &self.steps);
        v.require_text("summary", &self.summary, MAX_SUMMARY);
        v.max_text("outcome_note", &self.outcome_note, MAX_NOTE);
        let planned = self.steps.contains(&ContactStep::FollowUpPlanned);
        match (planned, self.follow_up_at) {
            (true, None) => v.push(Violation::new(
                "follow_up_at",
                "required",
                "Đã chọn «hẹn gọi lại»: hãy nhập thời điểm gọi lại.",
                "A call back is planned: give its time.",
            )),
            (false, Some(_)) => v.push(Violation::new(
                "follow_up_at",
                "follow_up_planned",
                "Chỉ nhập thời điểm gọi lại khi đã chọn «hẹn gọi lại».",
                "A call-back time goes with a planned call back only.",
            )),
            (true, Some(at)) if at < self.started_at => v.push(Violation::new(
                "follow_up_at",
                "after_start",
                "Thời điểm gọi lại phải sau cuộc liên hệ.",
                "The call back comes after the contact.",
            )),
            (true, Some(_)) | (false, None) => {}
        }
        v.into_result()
    }

    fn check_caller(&self, v: &mut Violations) {
        match (&self.caller.phone, self.caller.consents_to_keep_number) {
            (Some(_), false) => v.push(Violation::new(
                "caller.phone",
                "consent_needed",
                "Chỉ lưu số điện thoại khi người gọi đồng ý.",
                "A number is kept only when the caller agrees.",
            )),
            (None, true) => v.push(Violation::new(
                "caller.phone",
                "required",
                "Người gọi đồng ý để lại số: hãy nhập số điện thoại.",
                "The caller agreed to leave a number: give it.",
            )),
            (Some(phone), true) if phone.digits() < MIN_CALLER_DIGITS => v.push(Violation::new(
                "caller.phone",
                "phone_number",
                format!("Số của người gọi có ít nhất {MIN_CALLER_DIGITS} chữ số."),
                format!("A caller's number has at least {MIN_CALLER_DIGITS} digits."),
            )),
            (Some(_), true) | (None, false) => {}
        }
    }

    /// How long the conversation took, when it has ended.
    pub fn duration(&self) -> Option<Duration> {
        self.ended_at.map(|ended| ended - self.started_at)
    }

    /// Whether the contact must be dispatched to the agency of the place.
    pub fn needs_dispatch(&self) -> bool {
        self.urgency == Urgency::ImmediateDanger
    }
}

fn distinct<T: PartialEq>(v: &mut Violations, field: &str, items: &[T]) {
    let repeated = items
        .iter()
        .enumerate()
        .any(|(i, item)| items.iter().skip(i + 1).any(|other| other == item));
    if repeated {
        v.push(Violation::new(
            field,
            "distinct",
            "Mỗi lựa chọn chỉ chọn một lần.",
            "Each choice is made once.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0).unwrap()
    }

    fn tip() -> ContactDraft {
        ContactDraft {
            channel: ContactChannel::PhoneCall,
            started_at: at(3, 0),
            ended_at: Some(at(3, 7)),
            caller: Caller {
                relation: CallerRelation::Unknown,
                consents_to_keep_number: false,
                phone: None,
            },
            concerned: PersonConcerned::default(),
            categories: vec![ContactCategory::RecruiterTipOff],
            urgency: Urgency::NotUrgent,
            summary: "Người gọi báo có đối tượng tuyển lao động đi nước ngoài không rõ công ty."
                .into(),
            steps: vec![ContactStep::InformationGiven],
            follow_up_at: None,
            outcome: ContactOutcome::Resolved,
            outcome_note: String::new(),
        }
    }

    fn fields(draft: &ContactDraft) -> Vec<(String, &'static str)> {
        draft
            .check(at(4, 0))
            .err()
            .map(|v| v.0.into_iter().map(|v| (v.field, v.rule)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn an_anonymous_tip_needs_no_name_and_no_number() {
        assert_eq!(fields(&tip()), vec![]);
        assert_eq!(tip().duration(), Some(Duration::minutes(7)));
        assert!(!tip().needs_dispatch());
    }

    #[test]
    fn a_number_is_kept_only_with_consent() {
        let mut draft = tip();
        draft.caller.phone = Some(PhoneNumber::parse("caller.phone", "0912345678").unwrap());
        assert_eq!(
            fields(&draft),
            vec![("caller.phone".to_owned(), "consent_needed")]
        );
        draft.caller.consents_to_keep_number = true;
        assert_eq!(fields(&draft), vec![]);
        draft.caller.phone = None;
        assert_eq!(
            fields(&draft),
            vec![("caller.phone".to_owned(), "required")]
        );
    }

    #[test]
    fn a_date_that_cannot_be_right_is_named() {
        let mut draft = tip();
        draft.started_at = Utc.with_ymd_and_hms(1999, 12, 31, 0, 0, 0).unwrap();
        draft.ended_at = None;
        assert_eq!(fields(&draft), vec![("started_at".to_owned(), "range")]);
        let mut draft = tip();
        draft.ended_at = Some(at(4, 30));
        assert_eq!(
            fields(&draft),
            vec![],
            "a call typed in just after it ended"
        );
        draft.ended_at = Some(at(5, 30));
        assert_eq!(
            fields(&draft),
            vec![("ended_at".to_owned(), "not_in_future")]
        );
        let mut draft = tip();
        draft.caller.consents_to_keep_number = true;
        draft.caller.phone = Some(PhoneNumber::parse("caller.phone", "113").unwrap());
        assert_eq!(
            fields(&draft),
            vec![("caller.phone".to_owned(), "phone_number")]
        );
    }

    #[test]
    fn times_follow_one_another() {
        let mut draft = tip();
        draft.ended_at = Some(at(2, 0));
        draft.started_at = at(3, 0);
        assert_eq!(fields(&draft), vec![("ended_at".to_owned(), "after_start")]);
        draft.started_at = at(5, 0);
        draft.ended_at = None;
        assert_eq!(
            fields(&draft),
            vec![("started_at".to_owned(), "not_in_future")]
        );
    }

    #[test]
    fn a_planned_call_back_has_its_time() {
        let mut draft = tip();
        draft.steps.push(ContactStep::FollowUpPlanned);
        assert_eq!(
            fields(&draft),
            vec![("follow_up_at".to_owned(), "required")]
        );
        draft.follow_up_at = Some(at(9, 0));
        assert_eq!(fields(&draft), vec![]);
        draft.steps.pop();
        assert_eq!(
            fields(&draft),
            vec![("follow_up_at".to_owned(), "follow_up_planned")]
        );
    }

    #[test]
    fn categories_are_needed_once_each_and_the_age_agrees() {
        let mut draft = tip();
        draft.categories = vec![];
        draft.summary = " ".into();
        draft.concerned.age_years = Some(14);
        draft.concerned.age_group = Some(AgeGroup::Adult);
        assert_eq!(
            fields(&draft),
            vec![
                ("concerned.age_group".to_owned(), "matches_age"),
                ("categories".to_owned(), "required"),
                ("summary".to_owned(), "required"),
            ]
        );
        draft.categories = vec![
            ContactCategory::SafeMigration,
            ContactCategory::SafeMigration,
        ];
        draft.summary = "Hỏi về đi làm việc ở nước ngoài.".into();
        draft.concerned.age_group = None;
        assert_eq!(fields(&draft), vec![("categories".to_owned(), "distinct")]);
        assert_eq!(draft.concerned.age_group(), AgeGroup::Under16);
    }
}
