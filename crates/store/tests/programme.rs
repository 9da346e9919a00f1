//! The programme's records on both databases: a plan and its parent, targets
//! and tasks written on the version seen with a history entry each, the
//! references each record makes checked by field, a plan copied down,
//! activities found by their filters, and companies registered once with
//! their inspections found.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::ids::{AgencyId, CompanyId, PlanId, TaskId};
use haven_domain::programme::{
    ActivityDetails, ActivityDraft, ActivityKind, ActivityMeasure, Communication, CompanyDraft,
    Direction, FollowUp, InspectedBody, Inspection, LicenceStatus, Meeting, MeetingKind, Member,
    MemberRole, PlanDraft, Reached, Sanction, TargetDraft, TargetSource, TargetUnit, TaskDraft,
    TaskStatus, WorkingGroupDraft, YearValue,
};
use haven_store::programme::{ActivityFilter, Author};
use haven_store::StoreError;
use haven_testkit::fixtures::{day, seed_org, today};

fn plan(number: &str, parent: Option<PlanId>) -> PlanDraft {
    PlanDraft {
        number: number.into(),
        issued_on: day(2026, 1, 10),
        title: "Kế hoạch phòng, chống mua bán người".into(),
        first_year: 2026,
        last_year: 2030,
        orientation_year: None,
        parent_plan_id: parent,
        summary: String::new(),
    }
}

fn target(source: TargetSource) -> TargetDraft {
    TargetDraft {
        section: "Mục tiêu 1".into(),
        definition: "Số buổi truyền thông".into(),
        unit: TargetUnit::Count,
        direction: Direction::AtLeast,
        baseline: None,
        yearly: vec![YearValue {
            year: 2026,
            value: 12,
        }],
        whole_period: Some(60),
        source,
    }
}

fn task(lead: AgencyId, cooperating: Vec<AgencyId>) -> TaskDraft {
    TaskDraft {
        section: "III.1".into(),
        title: "Truyền thông tại cộng đồng".into(),
        lead_agency_id: lead,
        cooperating_agency_ids: cooperating,
        starts_on: day(2026, 1, 1),
        ends_on: day(2026, 12, 31),
        status: TaskStatus::NotStarted,
        status_reason: String::new(),
    }
}

fn talk(unit: &str, held_on: chrono::NaiveDate, task: Option<TaskId>) -> ActivityDraft {
    ActivityDraft {
        case_numbers: Vec::new(),
        title: "Nói chuyện chuyên đề".into(),
        held_on,
        ends_on: None,
        unit_id: unit.into(),
        area_flags: vec![],
        task_id: task,
        details: ActivityDetails::Communication(Communication {
            channel: "meeting_talk".into(),
            languages: vec!["vi".into()],
            audiences: vec!["students".into()],
            reached: Reached {
                total: 120,
                female: Some(70),
                male: Some(50),
            },
            materials_produced: 0,
            materials_distributed: 100,
        }),
    }
}

fn rules(error: StoreError) -> Vec<(String, &'static str)> {
    match error {
        StoreError::Invalid(v) => v.0.into_iter().map(|x| (x.field, x.rule)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

haven_testkit::backend_tests! {
    async fn plans_targets_and_tasks_are_written_on_their_versions_with_history(store) {
        let org = seed_org(&store).await;
        let social = Author { user_id: org.social_affairs.user_id, agency_id: AgencyId(org.social_affairs.agency_id) };
        let programme = store.programme();
        let national = programme.create_plan(social, "VN", &plan("1/KH-BYT", None)).await.unwrap();
        let province = programme.create_plan(social, "01", &plan("301/KH-UBND", Some(national.id))).await.unwrap();
        assert_eq!(province.plan.parent_plan_id, Some(national.id));
        assert_eq!(programme.child_plans(national.id).await.unwrap().len(), 1);

        // A plan may not implement itself through its children, nor an unknown plan.
        let cycle = programme.update_plan(social, national.id, 1, &plan("1/KH-BYT", Some(province.id))).await.unwrap_err();
        assert_eq!(rules(cycle), vec![("parent_plan_id".into(), "no_cycle")]);
        let unknown = programme.create_plan(social, "01", &plan("2/KH", Some(PlanId(9999)))).await.unwrap_err();
        assert_eq!(rules(unknown), vec![("parent_plan_id".into(), "known_code")]);

        let counted = programme.add_target(social, province.id, &target(TargetSource::Activities { measure: ActivityMeasure::CommunicationSessions, of: None })).await.unwrap();
        assert_eq!(counted.version, 1);
        let mut changed = counted.target.clone();
        changed.yearly.push(YearValue { year: 2027, value: 14 });
        let saved = programme.update_target(social, counted.id, 1, &changed).await.unwrap();
        assert_eq!(saved.version, 2);
        assert_eq!(rules(programme.update_target(social, counted.id, 2, &changed).await.unwrap_err()), vec![("form".into(), "no_change")], "a change that changes nothing is refused");
        let stale = programme.update_target(social, counted.id, 1, &changed).await.unwrap_err();
        assert!(matches!(stale, StoreError::StaleVersion { expected: 1, current: 2 }), "{stale:?}");
        // A target's year outside the plan is named; the plan's years cannot shrink under its targets.
        let mut outside = changed.clone();
        outside.yearly.push(YearValue { year: 2031, value: 1 });
        assert_eq!(rules(programme.update_target(social, counted.id, 2, &outside).await.unwrap_err()), vec![("yearly_2".into(), "year_in_plan")]);
        let mut shorter = plan("301/KH-UBND", Some(national.id));
        shorter.last_year = 2026;
        assert_eq!(rules(programme.update_plan(social, province.id, 1, &shorter).await.unwrap_err()), vec![("last_year".into(), "targets_outside_years")]);

        let police = AgencyId(org.police.agency_id);
        let bad = programme.add_task(social, province.id, &task(AgencyId(9999), vec![police, AgencyId(8888)])).await.unwrap_err();
        assert_eq!(rules(bad), vec![("lead_agency_id".into(), "known_code"), ("cooperating_agency_ids_1".into(), "known_code")]);
        let added = programme.add_task(social, province.id, &task(police, vec![AgencyId(org.commune.agency_id)])).await.unwrap();
        let mut done = added.task.clone();
        done.status = TaskStatus::Done;
        let updated = programme.update_task(social, added.id, 1, &done).await.unwrap();
        assert_eq!((updated.version, updated.task.status), (2, TaskStatus::Done));
        assert!(matches!(programme.update_task(social, added.id, 1, &done).await.unwrap_err(), StoreError::StaleVersion { .. }));

        let history = programme.plan_history(province.id).await.unwrap();
        let steps: Vec<(&str, &str)> = history.iter().map(|h| (h.record_kind.as_str(), h.action.as_str())).collect();
        assert_eq!(steps, vec![("plan", "create"), ("target", "create"), ("target", "update"), ("task", "create"), ("task", "update")]);
        assert_eq!(history[2].before.as_ref().unwrap()["yearly"].as_array().unwrap().len(), 1);
        assert_eq!(history[2].after["yearly"].as_array().unwrap().len(), 2);
        assert_eq!(history[0].username, "social");

        // Copied down: the targets come along, the tasks do not; it implements the source.
        let commune = store.programme().copy_plan(
            Author { user_id: org.commune.user_id, agency_id: AgencyId(org.commune.agency_id) },
            province.id, "01/00070", &plan("15/KH-UBND", None),
        ).await.unwrap();
        assert_eq!((commune.copied_from, commune.plan.parent_plan_id), (Some(province.id), Some(province.id)));
        let copied = programme.targets_of(commune.id).await.unwrap();
        assert_eq!(copied.len(), 1);
        assert_eq!(copied[0].target.yearly, changed.yearly);
        assert!(programme.tasks_of(commune.id).await.unwrap().is_empty());
        assert_eq!(programme.plan_history(commune.id).await.unwrap()[0].action, "copy");
    }

    async fn activities_are_checked_by_field_and_found_by_their_filters(store) {
        let org = seed_org(&store).await;
        let women = Author { user_id: org.commune.user_id, agency_id: AgencyId(org.commune.agency_id) };
        let border = Author { user_id: org.border_guard.user_id, agency_id: AgencyId(org.border_guard.agency_id) };
        let programme = store.programme();
        let plan = programme.create_plan(women, "01/00070", &plan("15/KH-UBND", None)).await.unwrap();
        let t = programme.add_task(women, plan.id, &task(AgencyId(org.commune.agency_id), vec![])).await.unwrap();

        let mut wrong = talk("2025/01/99999", day(2027, 1, 1), Some(TaskId(424242)));
        if let ActivityDetails::Communication(c) = &mut wrong.details {
            c.channel = "pigeon".into();
            c.languages.push("klingon".into());
        }
        let refused = programme.record_activity(women, &wrong, today()).await.unwrap_err();
        assert_eq!(rules(refused), vec![
            ("held_on".into(), "not_in_future"),
            ("unit_id".into(), "known_code"),
            ("task_id".into(), "known_code"),
            ("channel".into(), "known_code"),
            ("languages_1".into(), "known_code"),
        ]);
        // A legacy unit is not a place activities are held in today.
        assert_eq!(rules(programme.record_activity(women, &talk("legacy/01/002/00037", day(2026, 3, 1), None), today()).await.unwrap_err()), vec![("unit_id".into(), "known_code")]);

        let first = programme.record_activity(women, &talk("2025/01/00070", day(2026, 3, 1), Some(t.id)), today()).await.unwrap();
        programme.record_activity(women, &talk("2025/01/00070", day(2026, 5, 1), None), today()).await.unwrap();
        programme.record_activity(border, &talk("2025/15/02683", day(2026, 4, 1), None), today()).await.unwrap();

        let find = |filter: ActivityFilter| {
            let programme = store.programme();
            async move { programme.activities(&filter, 0, 50).await.unwrap().0 }
        };
        assert_eq!(find(ActivityFilter::default()).await, 3);
        assert_eq!(find(ActivityFilter { area_code: Some("01".into()), ..Default::default() }).await, 2);
        assert_eq!(find(ActivityFilter { area_code: Some("15/02683".into()), ..Default::default() }).await, 1);
        assert_eq!(find(ActivityFilter { from: Some(day(2026, 3, 15)), to: Some(day(2026, 4, 30)), ..Default::default() }).await, 1);
        assert_eq!(find(ActivityFilter { plan_id: Some(plan.id), ..Default::default() }).await, 1);
        assert_eq!(find(ActivityFilter { task_id: Some(t.id), ..Default::default() }).await, 1);
        assert_eq!(find(ActivityFilter { agency_id: Some(AgencyId(org.border_guard.agency_id)), ..Default::default() }).await, 1);
        assert_eq!(find(ActivityFilter { kind: Some(ActivityKind::Training), ..Default::default() }).await, 0);
        let (_, page) = programme.activities(&ActivityFilter::default(), 1, 1).await.unwrap();
        assert_eq!(page[0].activity.held_on, day(2026, 4, 1), "latest first, one page at a time");
        assert_eq!(programme.activities_held("01", day(2026, 1, 1), day(2026, 12, 31)).await.unwrap().len(), 2);

        let mut corrected = first.activity.clone();
        corrected.title = "Nói chuyện chuyên đề tại trường THCS".into();
        let saved = programme.update_activity(women, first.id, 1, &corrected, today()).await.unwrap();
        assert_eq!(saved.version, 2);
        assert!(matches!(programme.update_activity(women, first.id, 1, &corrected, today()).await.unwrap_err(), StoreError::StaleVersion { .. }));
        let history = programme.activity_history(first.id.get()).await.unwrap();
        assert_eq!(history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(), vec!["create", "update"]);
        assert_eq!(programme.plan_history(plan.id).await.unwrap().iter().filter(|h| h.record_kind == "activity").count(), 2, "an activity against a task is in its plan's history");
    }

    async fn the_demo_holds_a_programme(store) {
        store.load_demo().await.unwrap();
        let programme = store.programme();
        let plans = programme.plans().await.unwrap();
        assert_eq!(plans.len(), 2);
        let city = plans.iter().find(|p| p.area_code == "01").unwrap();
        assert_eq!(programme.targets_of(city.id).await.unwrap().len(), 6);
        assert_eq!(programme.tasks_of(city.id).await.unwrap().len(), 6);
        for kind in ActivityKind::ALL {
            let (count, _) = programme.activities(&ActivityFilter { kind: Some(kind), ..Default::default() }, 0, 0).await.unwrap();
            assert_eq!(count, 12, "{kind:?}");
        }
        // The register: the first company fined, then its licence revoked.
        let companies = programme.companies().await.unwrap();
        assert_eq!(companies.len(), 4);
        let revoked: Vec<_> = companies.iter().filter(|c| c.company.licence_status == haven_domain::programme::LicenceStatus::Revoked).collect();
        assert_eq!(revoked.len(), 1);
        let inspections = programme.inspections_of(revoked[0].id).await.unwrap();
        assert!(inspections.len() >= 2, "{inspections:?}");
        let fined = inspections.iter().filter(|i| matches!(&i.activity.details, ActivityDetails::Inspection(x) if x.fines_vnd() > 0)).count();
        assert_eq!(fined, 2);
        assert!(!programme.budget_lines(city.id, Some(2026)).await.unwrap().is_empty());
        // The city's working group: its meetings, and the actions its first meeting handed out.
        let groups = programme.working_groups().await.unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(programme.meetings_of(groups[0].id).await.unwrap().len(), 3);
        let actions = programme.actions_of_group(groups[0].id).await.unwrap();
        assert_eq!(actions.iter().map(|a| a.action.status).collect::<Vec<_>>(), vec![TaskStatus::Done, TaskStatus::NotStarted]);
    }

    async fn companies_are_registered_once_and_their_inspections_found(store) {
        let org = seed_org(&store).await;
        let police = Author { user_id: org.police.user_id, agency_id: AgencyId(org.police.agency_id) };
        let programme = store.programme();
        let draft = CompanyDraft {
            name: "Công ty Giả Lập".into(),
            licence_number: "12/LĐTBXH-GP".into(),
            licence_issued_on: None,
            licence_status: LicenceStatus::Active,
            unit_id: "2025/01".into(),
            address: String::new(),
            note: String::new(),
        };
        let company = programme.register_company(police, &draft, today()).await.unwrap();
        // The same licence, typed otherwise, is the same company.
        let again = CompanyDraft { licence_number: " 12/lđtbxh-gp".into(), name: "Khác".into(), ..draft.clone() };
        assert_eq!(rules(programme.register_company(police, &again, today()).await.unwrap_err()), vec![("licence_number".into(), "unique")]);
        let nowhere = CompanyDraft { licence_number: "13/GP".into(), unit_id: "2025/99".into(), ..draft.clone() };
        assert_eq!(rules(programme.register_company(police, &nowhere, today()).await.unwrap_err()), vec![("unit_id".into(), "known_code")]);
        let mut suspended = draft.clone();
        suspended.licence_status = LicenceStatus::Suspended;
        let changed = programme.update_company(police, company.id, 1, &suspended, today()).await.unwrap();
        assert_eq!(changed.version, 2);
        assert!(matches!(programme.update_company(police, company.id, 1, &suspended, today()).await.unwrap_err(), StoreError::StaleVersion { .. }));

        let inspection = |subject, violations: Vec<String>, sanctions: Vec<Sanction>| ActivityDraft {
            case_numbers: Vec::new(),
            title: "Kiểm tra doanh nghiệp".into(),
            held_on: day(2026, 3, 2),
            ends_on: None,
            unit_id: "2025/01/00070".into(),
            area_flags: vec![],
            task_id: None,
            details: ActivityDetails::Inspection(Inspection {
                subject,
                team_agency_ids: vec![AgencyId(org.social_affairs.agency_id)],
                findings: String::new(),
                violations,
                sanctions,
                follow_up: String::new(),
                follow_up_due: None,
            }),
        };
        // Unknown companies, facilities and codes are named by field.
        let bad = inspection(InspectedBody::Company { company_id: CompanyId(999) }, vec!["bribery".into()], vec![Sanction { sanction_kind: "flogging".into(), amount_vnd: None, decision_number: "1/QĐ".into() }]);
        assert_eq!(rules(programme.record_activity(police, &bad, today()).await.unwrap_err()), vec![
            ("subject.company_id".into(), "known_code"),
            ("violations_0".into(), "known_code"),
            ("sanctions_0.sanction_kind".into(), "known_code"),
        ]);
        let no_facility = inspection(InspectedBody::Facility { facility_id: 999 }, vec![], vec![]);
        assert_eq!(rules(programme.record_activity(police, &no_facility, today()).await.unwrap_err()), vec![("subject.facility_id".into(), "known_code")]);
        // A fine without its amount, a sanction without a violation: named by the rules.
        let unfounded = inspection(InspectedBody::Company { company_id: company.id }, vec![], vec![Sanction { sanction_kind: "fine".into(), amount_vnd: None, decision_number: "45/QĐ".into() }]);
        assert_eq!(rules(programme.record_activity(police, &unfounded, today()).await.unwrap_err()), vec![
            ("violations".into(), "violation_for_sanction"),
            ("sanctions_0.amount_vnd".into(), "fine_amount"),
        ]);
        let fined = inspection(InspectedBody::Company { company_id: company.id }, vec!["fees_over_limit".into()], vec![Sanction { sanction_kind: "fine".into(), amount_vnd: Some(50_000_000), decision_number: "45/QĐ".into() }]);
        let recorded = programme.record_activity(police, &fined, today()).await.unwrap();
        let found = programme.inspections_of(company.id).await.unwrap();
        assert_eq!(found.iter().map(|a| a.id).collect::<Vec<_>>(), vec![recorded.id]);
        // Moved to another subject, it leaves the company's record.
        let facility = store.facilities().await.unwrap().into_iter().next().map(|f| f.id);
        if let Some(facility) = facility {
            let moved = inspection(InspectedBody::Facility { facility_id: facility }, vec![], vec![]);
            programme.update_activity(police, recorded.id, 1, &moved, today()).await.unwrap();
            assert!(programme.inspections_of(company.id).await.unwrap().is_empty());
        }
        let history = programme.activity_history(recorded.id.get()).await.unwrap();
        assert_eq!(history.len(), if facility.is_some() { 2 } else { 1 });

        // A licence revoked by an inspection's sanction: the register says so, in the same write.
        let revoking = inspection(InspectedBody::Company { company_id: company.id }, vec!["no_licence".into()], vec![Sanction { sanction_kind: "licence_revoked".into(), amount_vnd: None, decision_number: "46/QĐ".into() }]);
        let before = programme.company(company.id).await.unwrap().unwrap();
        programme.record_activity(police, &revoking, today()).await.unwrap();
        let after = programme.company(company.id).await.unwrap().unwrap();
        assert_eq!((after.company.licence_status, after.version), (LicenceStatus::Revoked, before.version + 1));
        assert_eq!(after.company.name, before.company.name, "nothing else changes");
        let changes = programme.record_history("company", company.id.get()).await.unwrap();
        assert_eq!(changes.last().unwrap().after["licence_status"], "revoked");
        // A later suspension does not bring it back; the inspection is still recorded.
        let suspending = inspection(InspectedBody::Company { company_id: company.id }, vec!["no_licence".into()], vec![Sanction { sanction_kind: "licence_suspended".into(), amount_vnd: None, decision_number: "47/QĐ".into() }]);
        programme.record_activity(police, &suspending, today()).await.unwrap();
        let still = programme.company(company.id).await.unwrap().unwrap();
        assert_eq!((still.company.licence_status, still.version), (LicenceStatus::Revoked, after.version));
    }

    async fn a_meetings_follow_ups_become_actions_kept_by_their_owners(store) {
        let org = seed_org(&store).await;
        let social = Author { user_id: org.social_affairs.user_id, agency_id: AgencyId(org.social_affairs.agency_id) };
        let police = AgencyId(org.police.agency_id);
        let programme = store.programme();
        let group = |agency| WorkingGroupDraft {
            name: "Tổ công tác liên ngành".into(),
            decision_number: "1520/QĐ-UBND".into(),
            decision_date: day(2025, 12, 15),
            remit: String::new(),
            members: vec![Member { name: "Tổ trưởng".into(), agency_id: agency, role: MemberRole::Head }],
        };
        assert_eq!(rules(programme.create_working_group(social, "01", &group(AgencyId(999)), today()).await.unwrap_err()), vec![("members_0.agency_id".into(), "known_code")]);
        let created = programme.create_working_group(social, "01", &group(police), today()).await.unwrap();
        // The same decision again, typed otherwise, is the same group.
        let twice = WorkingGroupDraft { decision_number: " 1520/qđ-ubnd".into(), ..group(police) };
        assert_eq!(rules(programme.create_working_group(social, "01", &twice, today()).await.unwrap_err()), vec![("decision_number".into(), "unique")]);

        let meeting = |follow_ups: Vec<FollowUp>| ActivityDraft {
            case_numbers: Vec::new(),
            title: "Họp tổ công tác".into(),
            held_on: day(2026, 2, 2),
            ends_on: None,
            unit_id: "2025/01/00070".into(),
            area_flags: vec![],
            task_id: None,
            details: ActivityDetails::Meeting(Meeting {
                meeting_kind: MeetingKind::WorkingGroup,
                chair: "Tổ trưởng".into(),
                participating_agency_ids: vec![],
                decisions: String::new(),
                working_group_id: Some(created.id),
                follow_ups,
            }),
        };
        let first = FollowUp { action: "Rà soát danh sách".into(), owner_agency_id: police, due_on: day(2026, 3, 1) };
        let second = FollowUp { action: "Báo cáo kết quả".into(), owner_agency_id: social.agency_id, due_on: day(2026, 4, 1) };
        let recorded = programme.record_activity(social, &meeting(vec![first.clone()]), today()).await.unwrap();
        let actions = programme.actions_of_group(created.id).await.unwrap();
        assert_eq!(actions.len(), 1);
        assert_eq!((actions[0].action.follow_up.clone(), actions[0].activity_id), (first.clone(), recorded.id));
        assert_eq!(programme.open_actions_owned_by(police).await.unwrap().len(), 1);
        assert_eq!(programme.meetings_of(created.id).await.unwrap().len(), 1);

        // A decided action stays as decided; new follow-ups are added.
        let changed = FollowUp { action: "Việc khác".into(), ..first.clone() };
        assert_eq!(rules(programme.update_activity(social, recorded.id, 1, &meeting(vec![changed]), today()).await.unwrap_err()), vec![("follow_ups_0".into(), "decided_action_kept")]);
        assert_eq!(programme.activity(recorded.id).await.unwrap().unwrap().version, 1, "nothing of the refused correction was kept");
        programme.update_activity(social, recorded.id, 1, &meeting(vec![first.clone(), second.clone()]), today()).await.unwrap();
        let actions = programme.actions_of_meeting(recorded.id).await.unwrap();
        assert_eq!(actions.iter().map(|a| a.action.follow_up.action.as_str()).collect::<Vec<_>>(), vec!["Rà soát danh sách", "Báo cáo kết quả"]);

        // The owner records progress on the version seen; dropping needs a reason.
        let action = &actions[0];
        let police_author = Author { user_id: org.police.user_id, agency_id: police };
        assert_eq!(rules(programme.update_action(police_author, action.id, 1, TaskStatus::Dropped, " ").await.unwrap_err()), vec![("status_reason".into(), "reason_for_dropping")]);
        let done = programme.update_action(police_author, action.id, 1, TaskStatus::Done, "").await.unwrap();
        assert_eq!((done.version, done.action.status), (2, TaskStatus::Done));
        assert!(matches!(programme.update_action(police_author, action.id, 1, TaskStatus::InProgress, "").await.unwrap_err(), StoreError::StaleVersion { .. }));
        assert!(programme.open_actions_owned_by(police).await.unwrap().is_empty());
        // A meeting that names no known group, or an unknown owner, is named by field.
        let mut stray = meeting(vec![FollowUp { owner_agency_id: AgencyId(999), ..second.clone() }]);
        if let ActivityDetails::Meeting(m) = &mut stray.details { m.working_group_id = Some(haven_domain::ids::WorkingGroupId(999)); }
        assert_eq!(rules(programme.record_activity(social, &stray, today()).await.unwrap_err()), vec![("working_group_id".into(), "known_code"), ("follow_ups_0.owner_agency_id".into(), "known_code")]);
        let history = programme.activity_history(recorded.id.get()).await.unwrap();
        assert_eq!(history.len(), 2);
    }
}
