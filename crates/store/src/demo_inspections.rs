//! The demo's inspections: four licensed labour-export companies in the
//! register, a dozen inspections by Hà Nội's police and social-affairs
//! department (three of support facilities), violations found, fines and a
//! licence revoked. All fictitious.

use crate::error::StoreResult;
use crate::programme::{Author, Programme};
use crate::store::Store;
use chrono::NaiveDate;
use haven_domain::ids::CompanyId;
use haven_domain::programme::{
    ActivityDetails, ActivityDraft, CompanyDraft, InspectedBody, Inspection, LicenceStatus,
    Sanction,
};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or(NaiveDate::MIN)
}

fn company(name: &str, licence: &str, unit: &str) -> CompanyDraft {
    CompanyDraft {
        name: name.into(),
        licence_number: licence.into(),
        licence_issued_on: NaiveDate::from_ymd_opt(2019, 4, 12),
        licence_status: LicenceStatus::Active,
        unit_id: unit.into(),
        address: String::new(),
        note: String::new(),
    }
}

fn fine(amount: i64, decision: &str) -> Sanction {
    Sanction {
        sanction_kind: "fine".into(),
        amount_vnd: Some(amount),
        decision_number: decision.into(),
    }
}

pub async fn load(
    store: &Store,
    programme: &Programme<'_>,
    police: Author,
    social: Author,
    today: NaiveDate,
) -> StoreResult<()> {
    let mut companies: Vec<CompanyId> = Vec::new();
    for (name, licence, unit) in [
        (
            "Công ty Cổ phần Giả Lập Nhân Lực Quốc Tế",
            "101/LĐTBXH-GP",
            "2025/01",
        ),
        (
            "Công ty TNHH Giả Lập Việc Làm Hải Ngoại",
            "214/LĐTBXH-GP",
            "2025/01",
        ),
        (
            "Công ty Cổ phần Giả Lập Xuất Khẩu Lao Động Phương Bắc",
            "187/LĐTBXH-GP",
            "2025/15",
        ),
        (
            "Công ty TNHH Giả Lập Hợp Tác Lao Động",
            "305/LĐTBXH-GP",
            "2025/01",
        ),
    ] {
        companies.push(
            programme
                .register_company(police, &company(name, licence, unit), today)
                .await?
                .id,
        );
    }
    let facilities: Vec<i64> = store
        .facilities()
        .await?
        .into_iter()
        .map(|f| f.id)
        .collect();
    let team = vec![social.agency_id];
    for i in 0..12u32 {
        let by_police = i % 4 != 3;
        let subject = if by_police {
            InspectedBody::Company {
                company_id: companies
                    .get(i as usize % companies.len())
                    .copied()
                    .unwrap_or(CompanyId(0)),
            }
        } else {
            InspectedBody::Facility {
                facility_id: facilities
                    .get(i as usize % facilities.len().max(1))
                    .copied()
                    .unwrap_or(0),
            }
        };
        // The first company breaks the rules twice: fined, then its licence revoked.
        let (violations, sanctions, follow_up) = match i {
            0 => (
                vec!["fees_over_limit".to_owned(), "no_contract".to_owned()],
                vec![fine(90_000_000, "45/QĐ-XPVPHC")],
                "Hoàn trả tiền dịch vụ thu vượt cho người lao động",
            ),
            4 => (
                vec!["false_information".to_owned()],
                vec![
                    fine(120_000_000, "112/QĐ-XPVPHC"),
                    Sanction {
                        sanction_kind: "licence_revoked".into(),
                        amount_vnd: None,
                        decision_number: "09/QĐ-BNV".into(),
                    },
                ],
                "",
            ),
            5 => (
                vec!["withholding_documents".to_owned()],
                vec![Sanction {
                    sanction_kind: "warning".into(),
                    amount_vnd: None,
                    decision_number: "131/QĐ-XPVPHC".into(),
                }],
                "Trả lại hộ chiếu cho người lao động",
            ),
            7 => (
                vec!["care_below_standard".to_owned()],
                vec![],
                "Bố trí phòng ở riêng cho trẻ em",
            ),
            _ => (vec![], vec![], ""),
        };
        let held_on = d(1 + i * 10 / 12, 3 + i);
        let (who, unit) = if by_police {
            (police, "2025/01/00070")
        } else {
            (social, "2025/01/00004")
        };
        programme
            .record_activity(
                who,
                &ActivityDraft {
                    case_numbers: Vec::new(),
                    title: format!("Kiểm tra việc chấp hành pháp luật đợt {}", i + 1),
                    held_on,
                    ends_on: None,
                    unit_id: unit.into(),
                    area_flags: vec![],
                    task_id: None,
                    details: ActivityDetails::Inspection(Inspection {
                        subject,
                        team_agency_ids: if by_police { team.clone() } else { Vec::new() },
                        findings: if violations.is_empty() {
                            "Chấp hành đúng quy định.".into()
                        } else {
                            "Phát hiện vi phạm, đã lập biên bản.".into()
                        },
                        violations,
                        sanctions,
                        follow_up: follow_up.into(),
                        follow_up_due: (!follow_up.is_empty())
                            .then(|| held_on + chrono::Days::new(30)),
                    }),
                },
                today,
            )
            .await?;
    }
    // The licence revoked after the fifth inspection.
    if let Some(first) = companies.first().copied() {
        if let Some(record) = programme.company(first).await? {
            let mut revoked = record.company.clone();
            revoked.licence_status = LicenceStatus::Revoked;
            revoked.note = "Thu hồi giấy phép theo Quyết định 09/QĐ-BNV".into();
            programme
                .update_company(police, first, record.version, &revoked, today)
                .await?;
        }
    }
    Ok(())
}
