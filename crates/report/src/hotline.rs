//! The hotline's part of a periodic report: the contacts taken during the
//! period by channel, category, urgency, who called, where the person
//! concerned is, hour of the day and day of the week; how many urgent ones
//! were dispatched and answered within their deadline; how many became
//! cases; how long a contact lasts on average. Contacts need no name, and
//! the figures are counts of conversations, so nothing is suppressed.
//! Pure: the contacts come in with what became of them.

use crate::programme_report::{line, name, prefixed, t, Names, ProgrammeLine, ProgrammeSection};
use chrono::{Datelike, FixedOffset, Timelike, Weekday};
use haven_domain::hotline::ContactDraft;
use std::collections::BTreeMap;

/// A contact of the period, with what became of it.
#[derive(Debug, Clone, Copy)]
pub struct ContactFact<'a> {
    pub contact: &'a ContactDraft,
    /// A case was opened from it or it was attached to one.
    pub became_case: bool,
    pub dispatched: bool,
    /// An agency it was dispatched to answered before its deadline.
    pub answered_in_time: bool,
}

const WEEKDAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "Thứ Hai", "Monday"),
    (Weekday::Tue, "Thứ Ba", "Tuesday"),
    (Weekday::Wed, "Thứ Tư", "Wednesday"),
    (Weekday::Thu, "Thứ Năm", "Thursday"),
    (Weekday::Fri, "Thứ Sáu", "Friday"),
    (Weekday::Sat, "Thứ Bảy", "Saturday"),
    (Weekday::Sun, "Chủ nhật", "Sunday"),
];

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64) * 100.0 / (whole as f64))
}

fn counted(
    lines: &mut Vec<ProgrammeLine>,
    list: &str,
    prefix: (&str, &str),
    counts: &BTreeMap<String, u64>,
    names: &Names,
) {
    for (code, n) in counts {
        lines.push(line(
            format!("{list}:{code}"),
            prefixed(prefix, name(names, list, code)),
            "cuộc",
            *n,
        ));
    }
}

/// The section, or none when no contact was taken in the period.
pub fn section(facts: &[ContactFact<'_>], names: &Names) -> Option<ProgrammeSection> {
    if facts.is_empty() {
        return None;
    }
    let vietnam = FixedOffset::east_opt(7 * 3600)?;
    let mut by: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
    let mut hours = [0u64; 24];
    let mut weekdays = [0u64; 7];
    let (mut dispatched, mut in_time, mut cases) = (0u64, 0u64, 0u64);
    let (mut timed, mut minutes) = (0u64, 0i64);
    for fact in facts {
        let c = fact.contact;
        let mut add = |list: &'static str, code: &str| {
            *by.entry(list)
                .or_default()
                .entry(code.to_owned())
                .or_default() += 1;
        };
        add("contact_channel", c.channel.code());
        for category in &c.categories {
            add("contact_category", category.code());
        }
        add("contact_urgency", c.urgency.code());
        add("contact_relation", c.caller.relation.code());
        let province = c
            .concerned
            .place_unit_id
            .as_deref()
            .map(|unit| unit.split('/').take(2).collect::<Vec<_>>().join("/"))
            .unwrap_or_else(|| "unknown".to_owned());
        add("province", &province);
        let local = c.started_at.with_timezone(&vietnam);
        if let Some(slot) = hours.get_mut(local.hour() as usize) {
            *slot += 1;
        }
        if let Some(slot) = weekdays.get_mut(local.weekday().num_days_from_monday() as usize) {
            *slot += 1;
        }
        dispatched += u64::from(fact.dispatched);
        in_time += u64::from(fact.dispatched && fact.answered_in_time);
        cases += u64::from(fact.became_case);
        if let Some(d) = c.duration() {
            timed += 1;
            minutes = minutes.saturating_add(d.num_minutes());
        }
    }
    let all = facts.len() as u64;
    let mut lines = vec![line(
        "contacts",
        t("Tổng số cuộc liên hệ", "Contacts"),
        "cuộc",
        all,
    )];
    let empty = BTreeMap::new();
    let of = |list: &str| by.get(list).unwrap_or(&empty);
    counted(
        &mut lines,
        "contact_channel",
        ("Hình thức", "Channel"),
        of("contact_channel"),
        names,
    );
    counted(
        &mut lines,
        "contact_category",
        ("Nội dung", "Category"),
        of("contact_category"),
        names,
    );
    counted(
        &mut lines,
        "contact_urgency",
        ("Mức độ", "Urgency"),
        of("contact_urgency"),
        names,
    );
    counted(
        &mut lines,
        "contact_relation",
        ("Người gọi", "Caller"),
        of("contact_relation"),
        names,
    );
    counted(
        &mut lines,
        "province",
        ("Nơi người được nhắc đến", "Where the person is"),
        of("province"),
        names,
    );
    for (hour, n) in hours.iter().enumerate().filter(|(_, n)| **n > 0) {
        lines.push(line(
            format!("hour:{hour:02}"),
            (
                format!("Khung giờ {hour:02}:00–{hour:02}:59"),
                format!("Hour {hour:02}:00–{hour:02}:59"),
            ),
            "cuộc",
            *n,
        ));
    }
    for ((day, vi, en), n) in WEEKDAYS.iter().zip(weekdays) {
        lines.push(line(
            format!("weekday:{}", day.num_days_from_monday() + 1),
            (
                format!("Ngày trong tuần: {vi}"),
                format!("Day of the week: {en}"),
            ),
            "cuộc",
            n,
        ));
    }
    lines.push(line(
        "dispatched",
        t(
            "Số cuộc chuyển cơ quan chức năng xử lý",
            "Contacts dispatched to an agency",
        ),
        "cuộc",
        dispatched,
    ));
    lines.push(line(
        "answered_in_time",
        t(
            "Trong đó được trả lời đúng hạn",
            "Of which answered within the deadline",
        ),
        "cuộc",
        in_time,
    ));
    lines.push(ProgrammeLine {
        value: share(in_time, dispatched),
        ..line(
            "answered_in_time_share",
            t(
                "Tỷ lệ được trả lời đúng hạn",
                "Share answered within the deadline",
            ),
            "%",
            0,
        )
    });
    lines.push(line(
        "became_cases",
        t(
            "Số cuộc liên hệ trở thành hồ sơ",
            "Contacts that became cases",
        ),
        "cuộc",
        cases,
    ));
    lines.push(ProgrammeLine {
        value: (timed > 0).then(|| minutes as f64 / timed as f64),
        ..line(
            "average_minutes",
            t(
                "Thời lượng trung bình một cuộc",
                "Average length of a contact",
            ),
            "phút",
            0,
        )
    });
    Some(ProgrammeSection {
        code: "hotline".into(),
        title_vi: "Hoạt động của tổng đài".into(),
        title_en: "The hotline's work".into(),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};
    use haven_domain::hotline::{
        Caller, CallerRelation, ContactCategory, ContactChannel, ContactOutcome, PersonConcerned,
        Urgency,
    };

    fn contact(
        hour_utc: u32,
        categories: Vec<ContactCategory>,
        place: Option<&str>,
    ) -> ContactDraft {
        // 30/11/2026 is a Monday.
        let started_at = Utc.with_ymd_and_hms(2026, 11, 30, hour_utc, 0, 0).unwrap();
        ContactDraft {
            channel: ContactChannel::PhoneCall,
            started_at,
            ended_at: Some(started_at + Duration::minutes(10)),
            caller: Caller {
                relation: CallerRelation::Unknown,
                consents_to_keep_number: false,
                phone: None,
            },
            concerned: PersonConcerned {
                place_unit_id: place.map(str::to_owned),
                ..PersonConcerned::default()
            },
            categories,
            urgency: Urgency::NotUrgent,
            summary: "x".into(),
            steps: vec![],
            follow_up_at: None,
            outcome: ContactOutcome::Resolved,
            outcome_note: String::new(),
        }
    }

    #[test]
    fn an_anonymous_tip_is_counted_by_what_it_was_and_when() {
        let tip = contact(
            2,
            vec![ContactCategory::RecruiterTipOff],
            Some("2025/15/02683"),
        );
        let mut call = contact(
            23,
            vec![
                ContactCategory::RescueRequest,
                ContactCategory::VictimAsksHelp,
            ],
            None,
        );
        call.ended_at = Some(call.started_at + Duration::minutes(20));
        let facts = [
            ContactFact {
                contact: &tip,
                became_case: false,
                dispatched: false,
                answered_in_time: false,
            },
            ContactFact {
                contact: &call,
                became_case: true,
                dispatched: true,
                answered_in_time: true,
            },
        ];
        let s = section(&facts, &Names::new()).unwrap();
        let value = |code: &str| {
            s.lines
                .iter()
                .find(|l| l.code == code)
                .and_then(|l| l.value)
        };
        assert_eq!(value("contacts"), Some(2.0));
        assert_eq!(value("contact_category:recruiter_tip_off"), Some(1.0));
        assert_eq!(value("contact_category:rescue_request"), Some(1.0));
        assert_eq!(value("province:2025/15"), Some(1.0));
        assert_eq!(value("province:unknown"), Some(1.0));
        // 02:00 UTC is 09:00 in Vietnam on Monday; 23:00 UTC is 06:00 on Tuesday.
        assert_eq!(value("hour:09"), Some(1.0));
        assert_eq!(value("hour:06"), Some(1.0));
        assert_eq!(
            (value("weekday:1"), value("weekday:2"), value("weekday:3")),
            (Some(1.0), Some(1.0), Some(0.0))
        );
        assert_eq!(
            (value("dispatched"), value("answered_in_time_share")),
            (Some(1.0), Some(100.0))
        );
        assert_eq!(value("became_cases"), Some(1.0));
        assert_eq!(value("average_minutes"), Some(15.0));
        assert!(section(&[], &Names::new()).is_none());
    }
}
