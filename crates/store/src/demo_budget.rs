//! The demo's budget: Hà Nội's plan for 2026 with estimates from the city's
//! budget and from an aid project, their allocations and some spending, so
//! the execution table shows every column. All fictitious.

use crate::error::StoreResult;
use crate::programme::{Author, Programme};
use chrono::NaiveDate;
use haven_domain::ids::{PlanId, TaskId};
use haven_domain::programme::{BudgetEntryDraft, BudgetKind, BudgetLineDraft, EntryKind};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or(NaiveDate::MIN)
}

/// An allocation or payment: kind, (month, day), amount, what for, document.
type Movement = (EntryKind, (u32, u32), i64, &'static str, &'static str);

/// One estimate with what was allocated and spent against it.
struct Estimate {
    kind: BudgetKind,
    source: &'static str,
    donor: &'static str,
    task: Option<TaskId>,
    amount: i64,
    entries: &'static [Movement],
}

pub async fn load(
    programme: &Programme<'_>,
    accountant: Author,
    plan: PlanId,
    training_task: TaskId,
    today: NaiveDate,
) -> StoreResult<()> {
    use EntryKind::{Allocation, Spending};
    let estimates = [
        Estimate {
            kind: BudgetKind::Training,
            source: "state_budget_local",
            donor: "",
            task: Some(training_task),
            amount: 120_000_000,
            entries: &[
                (
                    Allocation,
                    (2, 20),
                    100_000_000,
                    "",
                    "Quyết định 215/QĐ-SYT",
                ),
                (
                    Spending,
                    (5, 22),
                    45_500_000,
                    "Hai lớp tập huấn kỹ năng hỗ trợ nạn nhân",
                    "PC 0231",
                ),
            ],
        },
        Estimate {
            kind: BudgetKind::Communication,
            source: "state_budget_local",
            donor: "",
            task: None,
            amount: 80_000_000,
            entries: &[
                (Allocation, (2, 20), 80_000_000, "", "Quyết định 215/QĐ-SYT"),
                (
                    Spending,
                    (4, 10),
                    30_000_000,
                    "In tờ rơi, áp phích",
                    "PC 0198",
                ),
                (
                    Spending,
                    (7, 30),
                    12_000_000,
                    "Sự kiện hưởng ứng Ngày 30/7",
                    "PC 0412",
                ),
            ],
        },
        Estimate {
            kind: BudgetKind::Communication,
            source: "international_aid",
            donor: "Dự án hỗ trợ của IOM Việt Nam",
            task: None,
            amount: 150_000_000,
            entries: &[
                (
                    Allocation,
                    (3, 15),
                    150_000_000,
                    "",
                    "Thỏa thuận tài trợ 07/2026",
                ),
                (
                    Spending,
                    (6, 5),
                    60_000_000,
                    "Phóng sự truyền hình ở các xã biên giới",
                    "HĐ 22/2026",
                ),
            ],
        },
        Estimate {
            kind: BudgetKind::VictimSupport,
            source: "state_budget_local",
            donor: "",
            task: None,
            amount: 200_000_000,
            entries: &[(
                Allocation,
                (2, 20),
                200_000_000,
                "",
                "Quyết định 215/QĐ-SYT",
            )],
        },
        Estimate {
            kind: BudgetKind::Meetings,
            source: "state_budget_local",
            donor: "",
            task: None,
            amount: 20_000_000,
            entries: &[
                (Allocation, (2, 20), 15_000_000, "", "Quyết định 215/QĐ-SYT"),
                (
                    Spending,
                    (6, 30),
                    8_000_000,
                    "Hội nghị sơ kết 6 tháng",
                    "PC 0377",
                ),
            ],
        },
    ];
    for estimate in estimates {
        let line = programme
            .add_budget_line(
                accountant,
                plan,
                &BudgetLineDraft {
                    year: 2026,
                    kind: estimate.kind,
                    funding_source: estimate.source.into(),
                    donor: estimate.donor.into(),
                    task_id: estimate.task,
                    estimate_vnd: estimate.amount,
                    note: String::new(),
                },
            )
            .await?;
        for (kind, (month, day), amount, purpose, document) in estimate.entries {
            programme
                .record_budget_entry(
                    accountant,
                    line.id,
                    &BudgetEntryDraft {
                        kind: *kind,
                        on: d(*month, *day),
                        amount_vnd: *amount,
                        purpose: (*purpose).into(),
                        document: (*document).into(),
                    },
                    today,
                )
                .await?;
        }
    }
    Ok(())
}
