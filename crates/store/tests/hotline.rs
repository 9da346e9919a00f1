//! The hotline's contacts on both backends: a tip that stays a contact, an
//! urgent call dispatched, escalated once and answered, a repeat caller,
//! a contact turned into a case, corrections on the version seen.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::{Duration, Utc};
use haven_domain::case::person::Sex;
use haven_domain::hotline::{
    AgeGroup, AnswerDraft, Caller, CallerRelation, ContactCategory, ContactChannel, ContactDraft,
    ContactOutcome, ContactStep, DispatchDraft, PersonConcerned, PhoneNumber, Urgency,
};
use haven_domain::ids::{AgencyId, ContactId};
use haven_domain::role::Role;
use haven_store::hotline::{Author, ContactFilter};
use haven_store::{Store, StoreError};
use haven_testkit::fixtures::{add_user, person, reception, seed_org, today, Org};

struct Hotline {
    operator: Author,
    commune_police: Author,
    province_police: Author,
    org: Org,
}

async fn hotline(store: &Store) -> Hotline {
    let org = seed_org(store).await;
    haven_testkit::fixtures::seed_hotline_agencies(store).await;
    let author = |a: haven_store::cases::Actor| Author {
        user_id: a.user_id,
        agency_id: AgencyId(a.agency_id),
    };
    Hotline {
        operator: author(add_user(store, "operator", "TD111", Role::HotlineOperator).await),
        commune_police: author(
            add_user(store, "ward.police", "HNI-CA-HK", Role::PoliceOfficer).await,
        ),
        province_police: author(org.police),
        org,
    }
}

fn tip() -> ContactDraft {
    let started = Utc::now() - Duration::minutes(20);
    ContactDraft {
        channel: ContactChannel::PhoneCall,
        started_at: started,
        ended_at: Some(started + Duration::minutes(6)),
        caller: Caller {
            relation: CallerRelation::Unknown,
            consents_to_keep_number: false,
            phone: None,
        },
        concerned: PersonConcerned::default(),
        categories: vec![ContactCategory::RecruiterTipOff],
        urgency: Urgency::NotUrgent,
        summary: "Người gọi giấu tên báo có đối tượng rủ thanh niên đi làm việc nhẹ lương cao."
            .into(),
        steps: vec![ContactStep::InformationGiven],
        follow_up_at: None,
        outcome: ContactOutcome::Resolved,
        outcome_note: String::new(),
    }
}

fn danger() -> ContactDraft {
    ContactDraft {
        categories: vec![ContactCategory::RescueRequest],
        urgency: Urgency::ImmediateDanger,
        concerned: PersonConcerned {
            sex: Sex::Female,
            age_years: Some(15),
            age_group: None,
            place_unit_id: Some("2025/01/00070".into()),
            abroad: false,
        },
        summary:
            "Mẹ báo con gái 15 tuổi bị giữ tại một nhà nghỉ, đối tượng đòi đưa sang biên giới."
                .into(),
        outcome: ContactOutcome::Ongoing,
        ..tip()
    }
}

fn from_caller(number: &str) -> ContactDraft {
    ContactDraft {
        caller: Caller {
            relation: CallerRelation::Parent,
            consents_to_keep_number: true,
            phone: Some(PhoneNumber::parse("caller.phone", number).unwrap()),
        },
        categories: vec![ContactCategory::MissingAbroad],
        ..tip()
    }
}

fn fields(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Invalid(v) => v.0.into_iter().map(|v| (v.field, v.rule)).collect(),
        other => panic!("expected a validation error, got {other}"),
    }
}

haven_testkit::backend_tests! {
    async fn an_anonymous_tip_stays_a_contact_with_its_history(store) {
        let h = hotline(&store).await;
        let hotline = store.hotline();
        let first = hotline.record(h.operator, &tip(), None, 2, Utc::now()).await.unwrap();
        let year = chrono::Datelike::year(&tip().started_at);
        assert_eq!(first.number, format!("LH-{year}-000001"));
        let second = hotline.record(h.operator, &tip(), None, 2, Utc::now()).await.unwrap();
        assert_eq!(second.number, format!("LH-{year}-000002"));
        assert_eq!((first.keeper_agency_id, first.version, first.case_number.clone()), (h.operator.agency_id, 1, None));
        assert_eq!(first.contact.caller.phone, None);
        assert_eq!(first.contact.duration(), Some(Duration::minutes(6)));

        let listed = hotline.list(&ContactFilter { keeper: Some(h.operator.agency_id), ..Default::default() }).await.unwrap();
        assert_eq!(listed.len(), 2);
        let none = hotline.list(&ContactFilter { keeper: Some(h.province_police.agency_id), ..Default::default() }).await.unwrap();
        assert!(none.is_empty(), "another agency keeps none of them");
        let by_category = hotline.list(&ContactFilter { category: Some(ContactCategory::SafeMigration), ..Default::default() }).await.unwrap();
        assert!(by_category.is_empty());
        let history = hotline.history(first.id).await.unwrap();
        assert_eq!(history.iter().map(|c| c.action.as_str()).collect::<Vec<_>>(), ["create"]);
        // For the figures: the whole country's hold contacts with no place; an area's, those about it.
        let (from, until) = (Utc::now() - Duration::days(1), Utc::now());
        assert_eq!(hotline.taken_between(from, until, "2025/").await.unwrap().len(), 2);
        assert!(hotline.taken_between(from, until, "2025/01").await.unwrap().is_empty());
        let about_hanoi = PersonConcerned { place_unit_id: Some("2025/01/00070".into()), ..PersonConcerned::default() };
        hotline.record(h.operator, &ContactDraft { concerned: about_hanoi, ..tip() }, None, 2, Utc::now()).await.unwrap();
        assert_eq!(hotline.taken_between(from, until, "2025/01").await.unwrap().len(), 1);
        assert!(hotline.taken_between(from, until, "2025/15").await.unwrap().is_empty());
        assert!(hotline.taken_between(until, until + Duration::days(1), "2025/").await.unwrap().is_empty());
        assert_eq!(history[0].username.as_deref(), Some("operator"));
    }

    async fn an_urgent_call_is_dispatched_escalated_once_and_answered(store) {
        let h = hotline(&store).await;
        let hotline = store.hotline();
        // Immediate danger is not recorded without the agency that must act.
        assert_eq!(
            fields(hotline.record(h.operator, &danger(), None, 2, Utc::now()).await.unwrap_err()),
            vec![("dispatch.agency_id".to_owned(), "dispatch_needed")]
        );
        assert_eq!(
            fields(hotline.record(h.operator, &danger(), Some(&DispatchDraft { agency_id: h.operator.agency_id, note: String::new() }), 2, Utc::now()).await.unwrap_err()),
            vec![("dispatch.agency_id".to_owned(), "dispatch_target")]
        );
        let ask = DispatchDraft { agency_id: h.commune_police.agency_id, note: "Xác minh ngay tại nhà nghỉ.".into() };
        let contact = hotline.record(h.operator, &danger(), Some(&ask), 2, Utc::now()).await.unwrap();
        assert_eq!(contact.dispatches.len(), 1);
        let first = contact.dispatches[0].clone();
        assert_eq!(first.due_at - first.dispatched_at, Duration::hours(2));
        assert_eq!(hotline.waiting_for(h.commune_police.agency_id).await.unwrap().len(), 1);

        // Before the deadline nothing moves; after it, one escalation to the agency above, once.
        assert!(hotline.escalate_overdue(Utc::now() + Duration::hours(1), 2).await.unwrap().is_empty());
        let later = Utc::now() + Duration::hours(3);
        let (a, b) = tokio::join!(hotline.escalate_overdue(later, 2), hotline.escalate_overdue(later, 2));
        assert_eq!(a.unwrap().len() + b.unwrap().len(), 1, "two workers escalate a dispatch once");
        let contact = hotline.contact(contact.id).await.unwrap().unwrap();
        assert_eq!(contact.dispatches.len(), 2);
        assert!(contact.dispatches[0].escalated_at.is_some());
        let escalated = contact.dispatches[1].clone();
        assert_eq!((escalated.agency_id, escalated.escalated_from, escalated.dispatched_by), (h.province_police.agency_id, Some(first.id), None));
        assert!(hotline.escalate_overdue(later, 2).await.unwrap().is_empty());

        // The province police answer; the answer is given once; nothing is escalated after.
        let answered = hotline.answer(h.province_police, escalated.id, &AnswerDraft { answer: "Đã giải cứu, bàn giao cho Trung tâm Bảo trợ xã hội.".into() }).await.unwrap();
        assert!(answered.answered());
        assert_eq!(
            fields(hotline.answer(h.province_police, escalated.id, &AnswerDraft { answer: "Lần nữa".into() }).await.unwrap_err()),
            vec![("answer".to_owned(), "answered_once")]
        );
        assert!(hotline.escalate_overdue(Utc::now() + Duration::hours(9), 2).await.unwrap().is_empty());
        assert!(hotline.waiting_for(h.province_police.agency_id).await.unwrap().is_empty());
        let actions: Vec<String> = hotline.history(contact.id).await.unwrap().into_iter().map(|c| c.action).collect();
        assert_eq!(actions, ["create", "dispatch", "escalate", "answer"]);
        let dispatched = hotline.list(&ContactFilter { dispatched_to: Some(h.province_police.agency_id), ..Default::default() }).await.unwrap();
        assert_eq!(dispatched.iter().map(|c| c.id).collect::<Vec<_>>(), vec![contact.id]);

        // A dispatch to an agency with no agency above is marked escalated, and stays unanswered.
        let lone = hotline.record(h.operator, &danger(), Some(&DispatchDraft { agency_id: h.province_police.agency_id, note: String::new() }), 1, Utc::now()).await.unwrap();
        assert!(hotline.escalate_overdue(Utc::now() + Duration::hours(2), 1).await.unwrap().is_empty());
        let lone = hotline.contact(lone.id).await.unwrap().unwrap();
        assert!(lone.dispatches[0].escalated_at.is_some() && !lone.answered());
        assert_eq!(hotline.history(lone.id).await.unwrap().last().unwrap().action, "escalate");
    }

    async fn a_repeat_caller_is_recognised_by_the_number_however_typed(store) {
        let h = hotline(&store).await;
        let hotline = store.hotline();
        let first = hotline.record(h.operator, &from_caller("0912 345 678"), None, 2, Utc::now()).await.unwrap();
        let other = hotline.record(h.operator, &from_caller("0987654321"), None, 2, Utc::now()).await.unwrap();
        let again = hotline.record(h.operator, &from_caller("+84 912.345.678"), None, 2, Utc::now()).await.unwrap();
        let earlier = hotline.earlier_from_caller(&again).await.unwrap();
        assert_eq!(earlier.iter().map(|c| c.id).collect::<Vec<_>>(), vec![first.id]);
        assert!(hotline.earlier_from_caller(&other).await.unwrap().is_empty());
        let anonymous = hotline.record(h.operator, &tip(), None, 2, Utc::now()).await.unwrap();
        assert!(hotline.earlier_from_caller(&anonymous).await.unwrap().is_empty());
        // Without consent, no number is kept.
        let mut refused = from_caller("0912345678");
        refused.caller.consents_to_keep_number = false;
        assert_eq!(fields(hotline.record(h.operator, &refused, None, 2, Utc::now()).await.unwrap_err()), vec![("caller.phone".to_owned(), "consent_needed")]);
    }

    async fn a_contact_opens_a_case_once_and_later_contacts_join_it(store) {
        let h = hotline(&store).await;
        let hotline = store.hotline();
        let contact = hotline.record(h.operator, &danger(), Some(&DispatchDraft { agency_id: AgencyId(h.org.social_affairs.agency_id), note: String::new() }), 2, Utc::now()).await.unwrap();
        let mut received = reception("tip_hotline_111", today());
        received.from_contact = Some(contact.id);
        let case = store.open_case(h.org.social_affairs, &person("Giả Lập Thị Mai", 2011), &received, today()).await.unwrap();
        let linked = hotline.contact(contact.id).await.unwrap().unwrap();
        assert_eq!(linked.case_number.as_deref(), Some(case.case_number.as_str()));
        assert_eq!(linked.version, contact.version + 1);
        assert_eq!(hotline.of_case(case.id).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), vec![contact.id]);

        // Not twice: the second reception is refused whole, no case is left behind.
        let before = store.table_counts().await.unwrap().into_iter().find(|t| t.table == "cases").unwrap().rows;
        let err = store.open_case(h.org.social_affairs, &person("Giả Lập Thị Mai", 2011), &received, today()).await.unwrap_err();
        assert_eq!(fields(err), vec![("contact_number".to_owned(), "linked_once")]);
        let after = store.table_counts().await.unwrap().into_iter().find(|t| t.table == "cases").unwrap().rows;
        assert_eq!(before, after);
        received.from_contact = Some(ContactId(999_999));
        assert!(matches!(store.open_case(h.org.social_affairs, &person("Giả Lập Thị Mai", 2011), &received, today()).await.unwrap_err(), StoreError::NotFound { .. }));

        // A later call about her joins the case, on the version seen.
        let later = hotline.record(h.operator, &tip(), None, 2, Utc::now()).await.unwrap();
        assert!(matches!(hotline.attach_to_case(h.operator, later.id, later.version + 1, &case.case_number).await.unwrap_err(), StoreError::StaleVersion { .. }));
        let joined = hotline.attach_to_case(h.operator, later.id, later.version, &case.case_number).await.unwrap();
        assert_eq!(joined.case_number.as_deref(), Some(case.case_number.as_str()));
        assert_eq!(hotline.of_case(case.id).await.unwrap().len(), 2);
        let actions: Vec<String> = hotline.history(later.id).await.unwrap().into_iter().map(|c| c.action).collect();
        assert_eq!(actions, ["create", "link_case"]);
    }

    async fn corrections_and_call_backs_are_kept_on_the_version_seen(store) {
        let h = hotline(&store).await;
        let hotline = store.hotline();
        let mut draft = from_caller("0912345678");
        draft.steps.push(ContactStep::FollowUpPlanned);
        draft.follow_up_at = Some(Utc::now() + Duration::days(1));
        draft.outcome = ContactOutcome::Ongoing;
        let contact = hotline.record(h.operator, &draft, None, 2, Utc::now()).await.unwrap();
        assert_eq!(hotline.call_backs_of(h.operator.user_id).await.unwrap().len(), 1);

        let mut corrected = draft.clone();
        corrected.concerned.age_group = Some(AgeGroup::From16To17);
        assert!(matches!(hotline.correct(h.operator, contact.id, 7, &corrected, Utc::now()).await.unwrap_err(), StoreError::StaleVersion { .. }));
        assert_eq!(fields(hotline.correct(h.operator, contact.id, 1, &draft, Utc::now()).await.unwrap_err()), vec![("form".to_owned(), "no_change")]);
        let mut unknown_place = corrected.clone();
        unknown_place.concerned.place_unit_id = Some("2025/99".into());
        assert_eq!(fields(hotline.correct(h.operator, contact.id, 1, &unknown_place, Utc::now()).await.unwrap_err()), vec![("concerned.place_unit_id".to_owned(), "known_code")]);
        let saved = hotline.correct(h.operator, contact.id, 1, &corrected, Utc::now()).await.unwrap();
        assert_eq!((saved.version, saved.contact.concerned.age_group()), (2, AgeGroup::From16To17));

        assert!(matches!(hotline.follow_up_done(h.operator, contact.id, 1).await.unwrap_err(), StoreError::StaleVersion { .. }));
        let done = hotline.follow_up_done(h.operator, contact.id, 2).await.unwrap();
        assert!(done.follow_up_done_at.is_some());
        assert!(hotline.call_backs_of(h.operator.user_id).await.unwrap().is_empty());
        assert_eq!(fields(hotline.follow_up_done(h.operator, contact.id, 3).await.unwrap_err()), vec![("follow_up_at".to_owned(), "follow_up_open")]);
        let actions: Vec<String> = hotline.history(contact.id).await.unwrap().into_iter().map(|c| c.action).collect();
        assert_eq!(actions, ["create", "update", "follow_up_done"]);

        // Someone in danger is dispatched first; a stale write says the version now.
        let mut in_danger = corrected.clone();
        in_danger.urgency = Urgency::ImmediateDanger;
        assert_eq!(fields(hotline.correct(h.operator, contact.id, 3, &in_danger, Utc::now()).await.unwrap_err()), vec![("urgency".to_owned(), "dispatch_needed")]);
        match hotline.dispatch(h.operator, contact.id, 50, &DispatchDraft { agency_id: h.province_police.agency_id, note: String::new() }, 2).await.unwrap_err() {
            StoreError::StaleVersion { expected, current } => assert_eq!((expected, current), (50, 3)),
            other => panic!("{other}"),
        }

        // The caller takes back their consent: the number leaves the history too.
        let mut withdrawn = corrected.clone();
        withdrawn.caller.consents_to_keep_number = false;
        withdrawn.caller.phone = None;
        hotline.correct(h.operator, contact.id, 3, &withdrawn, Utc::now()).await.unwrap();
        let history = serde_json::to_string(&hotline.history(contact.id).await.unwrap()).unwrap();
        assert!(!history.contains("0912345678"), "{history}");
        assert!(hotline.earlier_from_caller(&hotline.record(h.operator, &from_caller("0912345678"), None, 2, Utc::now()).await.unwrap()).await.unwrap().is_empty(), "no longer recognised");
    }
}
