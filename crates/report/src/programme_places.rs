//! Where a plan's activities were held: the activities of the plan's area
//! counted by place one level below it (a national plan's by province, a
//! province's by commune, with those held province-wide on their own
//! line), by kind, with the persons reached and trained and whether the
//! place was marked a border, remote or ethnic-minority area. Pure.

use haven_domain::programme::{ActivityDetails, ActivityDraft, AreaFlag};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlaceActivities {
    /// The place's unit id (`2025/01`, `2025/01/00070`).
    pub unit_id: String,
    pub communication: u64,
    pub training: u64,
    pub meetings: u64,
    pub inspections: u64,
    pub persons_reached: u64,
    pub persons_trained: u64,
    /// Marks recorded on any of its activities.
    pub area_flags: Vec<AreaFlag>,
}

/// The place an activity counts under in an area (`VN`, `01`, `01/00070`).
fn place_in(area_code: &str, unit_id: &str) -> String {
    if area_code == "VN" {
        // The province: `2025/01/00070` → `2025/01`.
        unit_id.splitn(3, '/').take(2).collect::<Vec<_>>().join("/")
    } else {
        unit_id.to_owned()
    }
}

/// The activities counted by place, the busiest place first.
pub fn by_place(area_code: &str, activities: &[ActivityDraft]) -> Vec<PlaceActivities> {
    let mut places: BTreeMap<String, PlaceActivities> = BTreeMap::new();
    for a in activities {
        let unit_id = place_in(area_code, &a.unit_id);
        let place = places
            .entry(unit_id.clone())
            .or_insert_with(|| PlaceActivities {
                unit_id,
                ..PlaceActivities::default()
            });
        match &a.details {
            ActivityDetails::Communication(c) => {
                place.communication += 1;
                place.persons_reached += u64::from(c.reached.total);
            }
            ActivityDetails::Training(t) => {
                place.training += 1;
                place.persons_trained += t.trainees();
            }
            ActivityDetails::Meeting(_) => place.meetings += 1,
            ActivityDetails::Inspection(_) => place.inspections += 1,
        }
        for flag in &a.area_flags {
            if !place.area_flags.contains(flag) {
                place.area_flags.push(*flag);
            }
        }
    }
    let mut rows: Vec<PlaceActivities> = places.into_values().collect();
    for row in &mut rows {
        row.area_flags.sort();
    }
    rows.sort_by_key(|p| {
        std::cmp::Reverse(p.communication + p.training + p.meetings + p.inspections)
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_domain::programme::{Communication, Meeting, MeetingKind, Reached};

    fn talk(unit: &str, reached: u32, flags: Vec<AreaFlag>) -> ActivityDraft {
        ActivityDraft {
            title: "Nói chuyện".into(),
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            ends_on: None,
            unit_id: unit.into(),
            area_flags: flags,
            task_id: None,
            case_numbers: Vec::new(),
            details: ActivityDetails::Communication(Communication {
                channel: "meeting_talk".into(),
                languages: vec![],
                audiences: vec![],
                reached: Reached {
                    total: reached,
                    female: None,
                    male: None,
                },
                materials_produced: 0,
                materials_distributed: 0,
            }),
        }
    }

    #[test]
    fn a_national_plan_counts_by_province_and_a_provinces_by_commune() {
        let mut meeting = talk("2025/15", 0, vec![]);
        meeting.details = ActivityDetails::Meeting(Meeting {
            meeting_kind: MeetingKind::InterAgency,
            chair: "Chủ tịch".into(),
            participating_agency_ids: vec![],
            decisions: String::new(),
            working_group_id: None,
            follow_ups: vec![],
        });
        let held = [
            talk("2025/01/00070", 40, vec![]),
            talk("2025/01/00073", 25, vec![]),
            talk(
                "2025/15/04000",
                60,
                vec![AreaFlag::Border, AreaFlag::EthnicMinority],
            ),
            talk("2025/15/04000", 10, vec![AreaFlag::Border]),
            meeting,
        ];
        let national = by_place("VN", &held);
        assert_eq!(national.len(), 2);
        let lao_cai = &national[0];
        assert_eq!(
            (
                lao_cai.unit_id.as_str(),
                lao_cai.communication,
                lao_cai.meetings,
                lao_cai.persons_reached
            ),
            ("2025/15", 2, 1, 70),
            "the busiest place first"
        );
        assert_eq!(
            lao_cai.area_flags,
            vec![AreaFlag::Border, AreaFlag::EthnicMinority]
        );
        assert_eq!(
            (national[1].unit_id.as_str(), national[1].persons_reached),
            ("2025/01", 65)
        );
        let province = by_place("15", &held[2..]);
        let units: Vec<&str> = province.iter().map(|p| p.unit_id.as_str()).collect();
        assert_eq!(
            units,
            ["2025/15/04000", "2025/15"],
            "province-wide activities on their own line"
        );
    }
}
