//! Budget execution: what was estimated, allocated and spent, by funding
//! source and by kind of work, with what remains and the execution rate
//! (spent ÷ allocated). The support amounts recorded on cases of the area
//! count as spending of their funding source, under victim support, where
//! the plan budgets victim support from that source.
//! Pure: estimates, entries and case facts come in.

use crate::facts::CaseFacts;
use crate::period::Period;
use crate::programme_report::{Names, ProgrammeLine, ProgrammeSection};
use haven_domain::ids::BudgetLineId;
use haven_domain::programme::{BudgetKind, EntryKind};
use haven_store::programme::{BudgetEntryRecord, BudgetLineRecord};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The code of spending on cases whose funding source was not recorded.
pub const UNRECORDED_SOURCE: &str = "unrecorded";

/// Money of one row of the table, in đồng.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BudgetRow {
    /// A funding source's code, a kind's code, or `total`.
    pub code: String,
    pub label_vi: String,
    pub label_en: String,
    pub estimated: i64,
    pub allocated: i64,
    /// Everything spent: recorded against estimates, and on cases.
    pub spent: i64,
    /// Of which the support amounts recorded on cases.
    pub spent_on_cases: i64,
    /// Allocated less spent (below zero when more was spent).
    pub remaining: i64,
    /// Spent ÷ allocated, in percent to one decimal; `None` with nothing allocated.
    pub execution_percent: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BudgetTable {
    pub by_source: Vec<BudgetRow>,
    pub by_kind: Vec<BudgetRow>,
    pub total: BudgetRow,
}

/// What one line's money came to: allocated and spent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LineTotals {
    pub allocated: i64,
    pub spent: i64,
}

#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    estimated: i128,
    allocated: i128,
    spent: i128,
    spent_on_cases: i128,
}

fn clamp(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

fn row(code: &str, label: (String, String), sums: Sums) -> BudgetRow {
    let execution_percent = (sums.allocated > 0)
        .then(|| (sums.spent as f64 * 1000.0 / sums.allocated as f64).round() / 10.0);
    BudgetRow {
        code: code.to_owned(),
        label_vi: label.0,
        label_en: label.1,
        estimated: clamp(sums.estimated),
        allocated: clamp(sums.allocated),
        spent: clamp(sums.spent),
        spent_on_cases: clamp(sums.spent_on_cases),
        remaining: clamp(sums.allocated - sums.spent),
        execution_percent,
    }
}

/// Allocated and spent per line.
pub fn line_totals(entries: &[BudgetEntryRecord]) -> HashMap<BudgetLineId, LineTotals> {
    let mut totals: HashMap<BudgetLineId, LineTotals> = HashMap::new();
    for e in entries {
        let t = totals.entry(e.line_id).or_default();
        match e.entry.kind {
            EntryKind::Allocation => t.allocated = t.allocated.saturating_add(e.entry.amount_vnd),
            EntryKind::Spending => t.spent = t.spent.saturating_add(e.entry.amount_vnd),
        }
    }
    totals
}

/// What the table covers: the budget years of its estimates, and the days
/// whose entries and case support count. A whole year counts every entry
/// of its estimates (those of the January after, while the year is settled,
/// included); a part of a year only the entries dated in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetSpan {
    pub period: Period,
}

impl BudgetSpan {
    fn years(&self) -> (i32, i32) {
        use chrono::Datelike;
        (self.period.from().year(), self.period.to().year())
    }

    fn whole_years(&self) -> bool {
        matches!(self.period, Period::Year { .. } | Period::Years { .. })
    }
}

/// The table of the estimates given (of the plans of one area) over a
/// span; `facts` are the cases of that area.
pub fn budget_table(
    span: BudgetSpan,
    lines: &[BudgetLineRecord],
    entries: &[BudgetEntryRecord],
    facts: &[CaseFacts],
    names: &Names,
) -> BudgetTable {
    let (first, last) = span.years();
    let counted: HashMap<BudgetLineId, &BudgetLineRecord> = lines
        .iter()
        .filter(|l| first <= l.line.year && l.line.year <= last)
        .map(|l| (l.id, l))
        .collect();
    let mut by_source: BTreeMap<String, Sums> = BTreeMap::new();
    let mut by_kind: BTreeMap<BudgetKind, Sums> = BTreeMap::new();
    let mut total = Sums::default();
    let mut add = |source: &str, kind: BudgetKind, f: &dyn Fn(&mut Sums)| {
        f(by_source.entry(source.to_owned()).or_default());
        f(by_kind.entry(kind).or_default());
        f(&mut total);
    };
    for line in counted.values() {
        let amount = i128::from(line.line.estimate_vnd);
        add(&line.line.funding_source, line.line.kind, &|s| {
            s.estimated += amount
        });
    }
    for entry in entries {
        let Some(line) = counted.get(&entry.line_id) else {
            continue;
        };
        if !span.whole_years() && !span.period.contains(entry.entry.on) {
            continue;
        }
        let amount = i128::from(entry.entry.amount_vnd);
        match entry.entry.kind {
            EntryKind::Allocation => add(&line.line.funding_source, line.line.kind, &|s| {
                s.allocated += amount
            }),
            EntryKind::Spending => add(&line.line.funding_source, line.line.kind, &|s| {
                s.spent += amount
            }),
        }
    }
    // Support on cases is this budget's spending where it budgets victim
    // support from that source; support whose source was not recorded shows
    // beside them, so the gap is seen. A plan without such an estimate (a
    // ministry's over a province's own) does not count the area's cases.
    let supported: Vec<&str> = counted
        .values()
        .filter(|l| l.line.kind == BudgetKind::VictimSupport)
        .map(|l| l.line.funding_source.as_str())
        .collect();
    for service in facts.iter().flat_map(|f| &f.services) {
        if service.amount_vnd <= 0 || !span.period.contains(service.delivered_on) {
            continue;
        }
        let amount = i128::from(service.amount_vnd);
        let source = service
            .funding_source
            .as_deref()
            .unwrap_or(UNRECORDED_SOURCE);
        if supported.is_empty() || !(source == UNRECORDED_SOURCE || supported.contains(&source)) {
            continue;
        }
        add(source, BudgetKind::VictimSupport, &|s| {
            s.spent += amount;
            s.spent_on_cases += amount;
        });
    }
    let source_label = |code: &str| -> (String, String) {
        if code == UNRECORDED_SOURCE {
            return (
                "Chưa ghi nguồn (hỗ trợ theo hồ sơ)".into(),
                "Source not recorded (support on cases)".into(),
            );
        }
        names
            .get(&format!("funding_source:{code}"))
            .cloned()
            .unwrap_or_else(|| (code.to_owned(), code.to_owned()))
    };
    BudgetTable {
        by_source: by_source
            .into_iter()
            .map(|(code, sums)| row(&code, source_label(&code), sums))
            .collect(),
        by_kind: by_kind
            .into_iter()
            .map(|(kind, sums)| {
                row(
                    kind.code(),
                    (kind.label_vi().into(), kind.label_en().into()),
                    sums,
                )
            })
            .collect(),
        total: row("total", ("Tổng cộng".into(), "Total".into()), total),
    }
}

fn money_line(code: String, label: (String, String), value: i64) -> ProgrammeLine {
    ProgrammeLine {
        code,
        label_vi: label.0,
        label_en: label.1,
        unit_vi: "đồng".into(),
        value: Some(value as f64),
        hidden: false,
        note_vi: String::new(),
    }
}

/// The report's section on the budget: per source estimated, allocated and
/// spent, then the totals and the execution rate. `None` when the area has
/// no budget and no support amount in the span.
pub fn budget_section(table: &BudgetTable) -> Option<ProgrammeSection> {
    if table.by_source.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    for r in table.by_source.iter().chain([&table.total]) {
        for (what_vi, what_en, code, value) in [
            ("Dự toán", "Estimated", "estimated", r.estimated),
            ("Đã cấp", "Allocated", "allocated", r.allocated),
            ("Đã chi", "Spent", "spent", r.spent),
            (
                "Trong đó chi hỗ trợ nạn nhân theo hồ sơ",
                "Of which support on cases",
                "spent_on_cases",
                r.spent_on_cases,
            ),
        ] {
            lines.push(money_line(
                format!("budget_{code}:{}", r.code),
                (
                    format!("{what_vi} — {}", r.label_vi),
                    format!("{what_en} — {}", r.label_en),
                ),
                value,
            ));
        }
    }
    lines.push(ProgrammeLine {
        code: "budget_execution:total".into(),
        label_vi: "Tỷ lệ giải ngân (đã chi / đã cấp)".into(),
        label_en: "Execution rate (spent / allocated)".into(),
        unit_vi: "%".into(),
        value: table.total.execution_percent,
        hidden: false,
        note_vi: String::new(),
    });
    Some(ProgrammeSection {
        code: "budget".into(),
        title_vi: "Kinh phí thực hiện".into(),
        title_en: "Budget execution".into(),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::ServiceFact;
    use chrono::{NaiveDate, Utc};
    use haven_domain::ids::{BudgetEntryId, PlanId};
    use haven_domain::programme::{BudgetEntryDraft, BudgetLineDraft};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn line(id: i64, year: i32, kind: BudgetKind, source: &str, estimate: i64) -> BudgetLineRecord {
        BudgetLineRecord {
            id: BudgetLineId(id),
            plan_id: PlanId(1),
            line: BudgetLineDraft {
                year,
                kind,
                funding_source: source.into(),
                donor: String::new(),
                task_id: None,
                estimate_vnd: estimate,
                note: String::new(),
            },
            version: 1,
        }
    }

    fn entry(line: i64, kind: EntryKind, on: NaiveDate, amount: i64) -> BudgetEntryRecord {
        BudgetEntryRecord {
            id: BudgetEntryId(line * 100 + amount % 97),
            line_id: BudgetLineId(line),
            plan_id: PlanId(1),
            entry: BudgetEntryDraft {
                kind,
                on,
                amount_vnd: amount,
                purpose: "x".into(),
                document: String::new(),
            },
            version: 1,
            created_at: Utc::now(),
        }
    }

    fn case_with_support(on: NaiveDate, amount: i64, source: Option<&str>) -> CaseFacts {
        let mut facts = CaseFacts::from_record(&crate::facts::CaseRecordForStatistics {
            case_id: 1,
            lead_agency_id: 1,
            province: "01".into(),
            place_unit_id: None,
            place_unit_today: None,
            channel: "hotline".into(),
            received_on: on,
            person: None,
            commands: Vec::new(),
        });
        facts.services = vec![ServiceFact {
            service_type: "cash".into(),
            delivered_on: on,
            amount_vnd: amount,
            funding_source: source.map(str::to_owned),
        }];
        facts
    }

    #[test]
    fn case_support_counts_as_spending_of_its_source_and_rates_follow_allocations() {
        let lines = [
            line(
                1,
                2026,
                BudgetKind::Training,
                "state_budget_local",
                100_000_000,
            ),
            line(
                2,
                2026,
                BudgetKind::VictimSupport,
                "state_budget_local",
                50_000_000,
            ),
            line(3, 2027, BudgetKind::Training, "state_budget_local", 999),
        ];
        let entries = [
            entry(1, EntryKind::Allocation, day(2026, 2, 1), 80_000_000),
            entry(1, EntryKind::Spending, day(2026, 5, 1), 30_000_000),
            entry(1, EntryKind::Spending, day(2027, 1, 15), 10_000_000),
            entry(2, EntryKind::Allocation, day(2026, 2, 1), 20_000_000),
        ];
        let facts = [
            case_with_support(day(2026, 3, 1), 2_000_000, Some("state_budget_local")),
            case_with_support(day(2026, 4, 1), 500_000, None),
            case_with_support(day(2025, 4, 1), 7_000_000, Some("state_budget_local")),
            // Not budgeted here: the central budget's support is another plan's.
            case_with_support(day(2026, 4, 1), 3_000_000, Some("state_budget_central")),
        ];
        let year = BudgetSpan {
            period: Period::Year { year: 2026 },
        };
        let table = budget_table(year, &lines, &entries, &facts, &Names::new());
        assert_eq!(table.total.estimated, 150_000_000);
        assert_eq!(table.total.allocated, 100_000_000);
        // 30 + 10 (settled in January) + 2 + 0.5 million.
        assert_eq!(table.total.spent, 42_500_000);
        assert_eq!(table.total.spent_on_cases, 2_500_000);
        assert_eq!(table.total.remaining, 57_500_000);
        assert_eq!(table.total.execution_percent, Some(42.5));
        assert!(table
            .by_source
            .iter()
            .all(|r| r.code != "state_budget_central"));
        // Without a victim-support estimate, the area's cases are not this budget's.
        let no_support: Vec<BudgetLineRecord> = lines
            .iter()
            .filter(|l| l.line.kind != BudgetKind::VictimSupport)
            .cloned()
            .collect();
        let table_without = budget_table(year, &no_support, &entries, &facts, &Names::new());
        assert_eq!(table_without.total.spent_on_cases, 0);
        let local = table
            .by_source
            .iter()
            .find(|r| r.code == "state_budget_local");
        assert_eq!(local.map(|r| r.spent), Some(42_000_000));
        let unrecorded = table.by_source.iter().find(|r| r.code == UNRECORDED_SOURCE);
        assert_eq!(unrecorded.map(|r| r.spent_on_cases), Some(500_000));
        let support = table.by_kind.iter().find(|r| r.code == "victim_support");
        assert_eq!(
            support.map(|r| (r.allocated, r.spent)),
            Some((20_000_000, 2_500_000))
        );

        // A quarter counts only what is dated in it.
        let q1 = BudgetSpan {
            period: Period::Quarter {
                year: 2026,
                quarter: 1,
            },
        };
        let table = budget_table(q1, &lines, &entries, &facts, &Names::new());
        assert_eq!(table.total.spent, 2_000_000);
        assert_eq!(table.total.allocated, 100_000_000);
        let section = budget_section(&table);
        assert!(section.is_some_and(|s| s
            .lines
            .iter()
            .any(|l| l.code == "budget_spent:total" && l.value == Some(2_000_000.0))));
    }

    #[test]
    fn nothing_to_show_makes_no_section() {
        let year = BudgetSpan {
            period: Period::Year { year: 2026 },
        };
        let table = budget_table(year, &[], &[], &[], &Names::new());
        assert_eq!(table.total.execution_percent, None);
        assert!(budget_section(&table).is_none());
    }
}
