//! The report's section on inspections: how many, of companies and of
//! support facilities, how many found violations and which, the sanctions
//! by kind and the fines in đồng. Pure: the activities held come in.

use crate::programme_report::{line, name, prefixed, t, Names, ProgrammeLine, ProgrammeSection};
use haven_domain::programme::{ActivityDetails, ActivityDraft, InspectedBody};
use std::collections::BTreeMap;

pub fn section(held: &[&ActivityDraft], names: &Names) -> ProgrammeSection {
    let (mut all, mut companies, mut facilities, mut with_violations) = (0u64, 0u64, 0u64, 0u64);
    let mut by_violation: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_sanction: BTreeMap<String, u64> = BTreeMap::new();
    let mut fines = 0i64;
    for a in held {
        let ActivityDetails::Inspection(i) = &a.details else {
            continue;
        };
        all += 1;
        match i.subject {
            InspectedBody::Company { .. } => companies += 1,
            InspectedBody::Facility { .. } => facilities += 1,
        }
        if !i.violations.is_empty() {
            with_violations += 1;
        }
        for code in &i.violations {
            *by_violation.entry(code.clone()).or_default() += 1;
        }
        for s in &i.sanctions {
            *by_sanction.entry(s.sanction_kind.clone()).or_default() += 1;
        }
        fines = fines.saturating_add(i.fines_vnd());
    }
    let mut lines = vec![
        line(
            "inspections_held",
            t("Số cuộc kiểm tra, thanh tra", "Inspections held"),
            "cuộc",
            all,
        ),
        line(
            "inspections_of_companies",
            t(
                "Trong đó: doanh nghiệp đưa người lao động đi làm việc ở nước ngoài",
                "Of which of labour-export companies",
            ),
            "cuộc",
            companies,
        ),
        line(
            "inspections_of_facilities",
            t(
                "Trong đó: cơ sở hỗ trợ nạn nhân",
                "Of which of support facilities",
            ),
            "cuộc",
            facilities,
        ),
        line(
            "inspections_with_violations",
            t(
                "Số cuộc phát hiện vi phạm",
                "Inspections finding violations",
            ),
            "cuộc",
            with_violations,
        ),
    ];
    for (code, n) in &by_violation {
        lines.push(line(
            format!("violation:{code}"),
            prefixed(
                ("Hành vi vi phạm", "Violation"),
                name(names, "inspection_violation", code),
            ),
            "lượt",
            *n,
        ));
    }
    for (code, n) in &by_sanction {
        lines.push(line(
            format!("sanction:{code}"),
            prefixed(
                ("Hình thức xử lý", "Sanction"),
                name(names, "sanction_kind", code),
            ),
            "lượt",
            *n,
        ));
    }
    lines.push(ProgrammeLine {
        code: "fines_vnd".into(),
        label_vi: "Tổng số tiền phạt".into(),
        label_en: "Fines imposed".into(),
        unit_vi: "đồng".into(),
        value: Some(fines as f64),
        hidden: false,
        note_vi: String::new(),
    });
    ProgrammeSection {
        code: "inspections".into(),
        title_vi: "Kiểm tra, thanh tra".into(),
        title_en: "Inspections".into(),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_domain::ids::CompanyId;
    use haven_domain::programme::{Inspection, Sanction};

    fn inspection(subject: InspectedBody, violations: &[&str], fine: Option<i64>) -> ActivityDraft {
        ActivityDraft {
            case_numbers: Vec::new(),
            title: "Kiểm tra".into(),
            held_on: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default(),
            ends_on: None,
            unit_id: "2025/01".into(),
            area_flags: vec![],
            task_id: None,
            details: ActivityDetails::Inspection(Inspection {
                subject,
                team_agency_ids: vec![],
                findings: String::new(),
                violations: violations.iter().map(|v| (*v).to_owned()).collect(),
                sanctions: fine
                    .map(|amount| Sanction {
                        sanction_kind: "fine".into(),
                        amount_vnd: Some(amount),
                        decision_number: "45/QĐ-XPVPHC".into(),
                    })
                    .into_iter()
                    .collect(),
                follow_up: String::new(),
                follow_up_due: None,
            }),
        }
    }

    #[test]
    fn inspections_count_by_subject_violation_and_sanction_with_fines_added() {
        let company = InspectedBody::Company {
            company_id: CompanyId(1),
        };
        let held = [
            inspection(
                company,
                &["fees_over_limit", "no_contract"],
                Some(90_000_000),
            ),
            inspection(company, &["fees_over_limit"], Some(60_000_000)),
            inspection(InspectedBody::Facility { facility_id: 3 }, &[], None),
        ];
        let refs: Vec<&ActivityDraft> = held.iter().collect();
        let section = section(&refs, &Names::new());
        let value = |code: &str| {
            section
                .lines
                .iter()
                .find(|l| l.code == code)
                .and_then(|l| l.value)
        };
        assert_eq!(value("inspections_held"), Some(3.0));
        assert_eq!(value("inspections_of_companies"), Some(2.0));
        assert_eq!(value("inspections_of_facilities"), Some(1.0));
        assert_eq!(value("inspections_with_violations"), Some(2.0));
        assert_eq!(value("violation:fees_over_limit"), Some(2.0));
        assert_eq!(value("sanction:fine"), Some(2.0));
        assert_eq!(value("fines_vnd"), Some(150_000_000.0));
    }
}
