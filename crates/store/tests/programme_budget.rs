//! A plan's budget on both databases: estimates checked against the plan
//! (year, source, task), allocations and spending written on their versions
//! with a history entry each, and spending refused beyond what was
//! allocated — also when an allocation is corrected down.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::ids::{AgencyId, TaskId};
use haven_domain::programme::{
    BudgetEntryDraft, BudgetKind, BudgetLineDraft, EntryKind, PlanDraft, TaskDraft, TaskStatus,
};
use haven_store::programme::Author;
use haven_store::StoreError;
use haven_testkit::fixtures::{day, seed_org};

fn plan() -> PlanDraft {
    PlanDraft {
        number: "301/KH-UBND".into(),
        issued_on: day(2026, 1, 10),
        title: "Kế hoạch phòng, chống mua bán người".into(),
        first_year: 2026,
        last_year: 2027,
        orientation_year: None,
        parent_plan_id: None,
        summary: String::new(),
    }
}

fn line(year: i32, source: &str, task: Option<TaskId>) -> BudgetLineDraft {
    BudgetLineDraft {
        year,
        kind: BudgetKind::Training,
        funding_source: source.into(),
        donor: String::new(),
        task_id: task,
        estimate_vnd: 100_000_000,
        note: String::new(),
    }
}

fn entry(kind: EntryKind, amount: i64) -> BudgetEntryDraft {
    BudgetEntryDraft {
        kind,
        on: day(2026, 3, 1),
        amount_vnd: amount,
        purpose: "Lớp tập huấn".into(),
        document: "PC 01".into(),
    }
}

fn rules(error: StoreError) -> Vec<(String, &'static str)> {
    match error {
        StoreError::Invalid(v) => v.0.into_iter().map(|x| (x.field, x.rule)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

haven_testkit::backend_tests! {
    async fn budget_lines_and_entries_are_checked_versioned_and_kept_within_allocations(store) {
        let org = seed_org(&store).await;
        let social = Author { user_id: org.social_affairs.user_id, agency_id: AgencyId(org.social_affairs.agency_id) };
        let programme = store.programme();
        let province = programme.create_plan(social, "01", &plan()).await.unwrap();
        let other = programme.create_plan(social, "01", &plan()).await.unwrap();
        let foreign_task = programme.add_task(social, other.id, &TaskDraft {
            section: String::new(),
            title: "Nhiệm vụ của kế hoạch khác".into(),
            lead_agency_id: social.agency_id,
            cooperating_agency_ids: vec![],
            starts_on: day(2026, 1, 1),
            ends_on: day(2026, 12, 31),
            status: TaskStatus::NotStarted,
            status_reason: String::new(),
        }).await.unwrap();

        // The year is the plan's, the source from its list, the task the plan's own.
        let bad = programme.add_budget_line(social, province.id, &line(2031, "lottery", Some(foreign_task.id))).await.unwrap_err();
        assert_eq!(rules(bad), vec![("year".into(), "in_plan_years"), ("funding_source".into(), "known_code"), ("task_id".into(), "task_of_plan")]);
        let estimate = programme.add_budget_line(social, province.id, &line(2026, "state_budget_local", None)).await.unwrap();
        assert_eq!(estimate.version, 1);

        // Spending waits for an allocation.
        let early = programme.record_budget_entry(social, estimate.id, &entry(EntryKind::Spending, 1_000_000), day(2026, 6, 1)).await.unwrap_err();
        assert_eq!(rules(early), vec![("amount_vnd".into(), "within_allocation")]);
        let allocation = programme.record_budget_entry(social, estimate.id, &entry(EntryKind::Allocation, 50_000_000), day(2026, 6, 1)).await.unwrap();
        let spent = programme.record_budget_entry(social, estimate.id, &entry(EntryKind::Spending, 40_000_000), day(2026, 6, 1)).await.unwrap();
        let beyond = programme.record_budget_entry(social, estimate.id, &entry(EntryKind::Spending, 10_000_001), day(2026, 6, 1)).await.unwrap_err();
        assert_eq!(rules(beyond), vec![("amount_vnd".into(), "within_allocation")]);
        // Correcting the allocation below what was spent is refused too.
        let lower = programme.update_budget_entry(social, allocation.id, 1, &entry(EntryKind::Allocation, 30_000_000), day(2026, 6, 1)).await.unwrap_err();
        assert_eq!(rules(lower), vec![("amount_vnd".into(), "within_allocation")]);
        let raised = programme.update_budget_entry(social, allocation.id, 1, &entry(EntryKind::Allocation, 60_000_000), day(2026, 6, 1)).await.unwrap();
        assert_eq!(raised.version, 2);
        let stale = programme.update_budget_entry(social, allocation.id, 1, &entry(EntryKind::Allocation, 70_000_000), day(2026, 6, 1)).await.unwrap_err();
        assert!(matches!(stale, StoreError::StaleVersion { expected: 1, current: 2 }), "{stale:?}");
        // An entry outside the estimate's year is named by its field.
        let mut next_year = entry(EntryKind::Allocation, 1);
        next_year.on = day(2027, 3, 1);
        assert_eq!(rules(programme.record_budget_entry(social, estimate.id, &next_year, day(2027, 6, 1)).await.unwrap_err()), vec![("on".into(), "in_budget_year")]);

        // With money against it, an estimate keeps its year; its amount may change.
        let moved = programme.update_budget_line(social, estimate.id, 1, &line(2027, "state_budget_local", None)).await.unwrap_err();
        assert_eq!(rules(moved), vec![("year".into(), "year_of_entries")]);
        let mut more = line(2026, "state_budget_local", None);
        more.estimate_vnd = 150_000_000;
        let changed = programme.update_budget_line(social, estimate.id, 1, &more).await.unwrap();
        assert_eq!((changed.version, changed.line.estimate_vnd), (2, 150_000_000));
        assert!(matches!(programme.update_budget_line(social, estimate.id, 1, &more).await.unwrap_err(), StoreError::StaleVersion { .. }));

        let lines = programme.budget_lines(province.id, Some(2026)).await.unwrap();
        assert_eq!(lines.len(), 1);
        assert!(programme.budget_lines(province.id, Some(2027)).await.unwrap().is_empty());
        let entries = programme.budget_entries(province.id).await.unwrap();
        assert_eq!(entries.iter().map(|e| e.id).collect::<Vec<_>>(), vec![allocation.id, spent.id]);
        let (area_lines, area_entries) = programme.budgets_of_area("01").await.unwrap();
        assert_eq!((area_lines.len(), area_entries.len()), (1, 2));
        assert!(programme.budgets_of_area("79").await.unwrap().0.is_empty());

        let history = programme.plan_history(province.id).await.unwrap();
        let steps: Vec<(&str, &str)> = history.iter().map(|h| (h.record_kind.as_str(), h.action.as_str())).collect();
        assert_eq!(steps, vec![
            ("plan", "create"),
            ("budget_line", "create"),
            ("budget_entry", "create"),
            ("budget_entry", "create"),
            ("budget_entry", "update"),
            ("budget_line", "update"),
        ]);
        assert_eq!(history[4].before.as_ref().unwrap()["amount_vnd"], 50_000_000);
        assert_eq!(history[4].after["amount_vnd"], 60_000_000);
    }
}
