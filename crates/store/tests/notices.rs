//! Notices on both backends: raised in the event's transaction, read by
//! the right people, deadlines raised once, emails queued once per notice
//! and claimed by one worker at a time, retried with backoff, given up
//! only after the last attempt.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::{Duration, Utc};
use haven_domain::case::command::Command;
use haven_domain::ids::AgencyId;
use haven_domain::notice::{EmailChoice, EmailSettings, NoticeKind};
use haven_store::cases::Actor;
use haven_store::notices::{EmailFailure, NewEmail, Reader};
use haven_store::{Store, StoreError};
use haven_testkit::fixtures::{day, person, reception, seed_org, today};
use std::collections::BTreeMap;

/// A reader who acts on every kind of their agency's notices.
fn reader(actor: Actor) -> Reader {
    Reader {
        user_id: actor.user_id,
        agency: AgencyId(actor.agency_id),
        acts_on: NoticeKind::ALL.to_vec(),
    }
}

fn kinds(page: &haven_store::notices::InboxPage) -> Vec<(NoticeKind, String)> {
    page.notices
        .iter()
        .map(|n| (n.kind, n.subject_ref.clone()))
        .collect()
}

async fn referred_case(store: &Store) -> (haven_testkit::fixtures::Org, String) {
    let org = seed_org(store).await;
    let case = store
        .open_case(
            org.commune,
            &person("Giả Lập Thông Báo", 2001),
            &reception("self_report", day(2026, 12, 1)),
            today(),
        )
        .await
        .unwrap();
    let referral = Command::SendReferral {
        to_agency_id: org.shelter.agency_id,
        to_facility_id: None,
        reason: "lưu trú".into(),
        shared_fields: vec![],
        shared_with_roles: vec![],
        best_interest_reason: None,
        transfer_lead: false,
        sent_on: day(2026, 12, 2),
    };
    store
        .execute(org.commune, &case.case_number, 1, &referral, None, today())
        .await
        .unwrap();
    (org, case.case_number)
}

fn email(user_id: i64, n: usize) -> NewEmail {
    NewEmail {
        user_id,
        to: format!("worker{n}@example.vn"),
        subject: format!("[Haven] {n}"),
        body: "x".into(),
    }
}

haven_testkit::backend_tests! {
    async fn a_referral_tells_the_receiving_agency_and_its_answer_the_sender(store) {
        let (org, number) = referred_case(&store).await;
        let notices = store.notices();
        let shelter = notices.inbox(&reader(org.shelter), false, 50, 0).await.unwrap();
        assert_eq!(kinds(&shelter), [(NoticeKind::ReferralReceived, number.clone())]);
        assert_eq!((shelter.total, shelter.unread), (1, 1));
        assert!(notices.inbox(&reader(org.police), false, 50, 0).await.unwrap().notices.is_empty(), "not the police's business");
        // Only the kinds the reader's role acts on.
        let deaf = Reader { acts_on: vec![NoticeKind::ReportReturned], ..reader(org.shelter) };
        assert_eq!(notices.unread_count(&deaf).await.unwrap(), 0);

        let id = shelter.notices[0].id;
        assert!(!notices.mark_read(&reader(org.police), id, Utc::now()).await.unwrap(), "not in the police's inbox");
        assert!(notices.mark_read(&reader(org.shelter), id, Utc::now()).await.unwrap());
        assert_eq!(notices.unread_count(&reader(org.shelter)).await.unwrap(), 0);
        assert!(notices.inbox(&reader(org.shelter), true, 50, 0).await.unwrap().notices.is_empty());

        store.execute(org.shelter, &number, 2, &Command::DeclineReferral { referral_no: 1, reason: "hết chỗ".into(), answered_on: day(2026, 12, 3) }, None, today()).await.unwrap();
        // The commune worker who opened the case is assigned: the answer is theirs, not the whole commune's.
        let commune = notices.inbox(&reader(org.commune), false, 50, 0).await.unwrap();
        assert_eq!(kinds(&commune), [(NoticeKind::ReferralAnswered, number.clone())]);
        assert_eq!(commune.notices[0].detail.as_deref(), Some("declined"));
        assert_eq!(commune.notices[0].user_id, Some(org.commune.user_id));
        // "All read" marks what the reader saw, not what came after.
        let seen = commune.newest;
        assert_eq!(seen, Some(commune.notices[0].id));
        store.execute(org.commune, &number, 3, &Command::SendReferral { to_agency_id: org.police.agency_id, to_facility_id: None, reason: "điều tra".into(), shared_fields: vec![], shared_with_roles: vec![], best_interest_reason: None, transfer_lead: false, sent_on: day(2026, 12, 4) }, None, today()).await.unwrap();
        store.execute(org.police, &number, 4, &Command::AcceptReferral { referral_no: 2, answered_on: day(2026, 12, 4) }, None, today()).await.unwrap();
        assert_eq!(notices.mark_all_read(&reader(org.commune), seen, Utc::now()).await.unwrap(), 1);
        assert_eq!(notices.unread_count(&reader(org.commune)).await.unwrap(), 1, "the answer that came after stays unread");
        assert_eq!(notices.mark_all_read(&reader(org.commune), None, Utc::now()).await.unwrap(), 1);
        assert_eq!(notices.mark_all_read(&reader(org.commune), None, Utc::now()).await.unwrap(), 0);
    }

    async fn a_refused_step_raises_no_notice(store) {
        let (org, number) = referred_case(&store).await;
        let stale = Command::SendReferral { to_agency_id: org.police.agency_id, to_facility_id: None, reason: "điều tra".into(), shared_fields: vec![], shared_with_roles: vec![], best_interest_reason: None, transfer_lead: false, sent_on: day(2026, 12, 2) };
        assert!(matches!(store.execute(org.commune, &number, 1, &stale, None, today()).await.unwrap_err(), StoreError::StaleVersion { .. }));
        assert!(store.notices().inbox(&reader(org.police), false, 50, 0).await.unwrap().notices.is_empty());
    }

    async fn deadlines_are_raised_once_for_the_right_agency(store) {
        let (org, number) = referred_case(&store).await;
        let notices = store.notices();
        let now = Utc::now();
        // On the 4th the initial verification (3 days) is due within a day; by the 10th it is overdue.
        let coming = notices.scan_deadlines(day(2026, 12, 3), 2, now).await.unwrap();
        assert!(coming.raised >= 1, "{coming:?}");
        assert_eq!(notices.scan_deadlines(day(2026, 12, 3), 2, now).await.unwrap().raised, 0, "raised once");
        notices.scan_deadlines(day(2026, 12, 20), 2, now).await.unwrap();
        let commune: Vec<_> = notices.inbox(&reader(org.commune), false, 50, 0).await.unwrap().notices;
        let due: Vec<(NoticeKind, &str)> = commune.iter().filter(|n| n.detail.as_deref().is_some_and(|d| d.contains("verify_initial_information"))).map(|n| (n.kind, n.subject_ref.as_str())).collect();
        assert_eq!(due, [(NoticeKind::DeadlineOverdue, number.as_str()), (NoticeKind::DeadlineComing, number.as_str())]);
        // The answer to the referral is the shelter's to give.
        let shelter = notices.inbox(&reader(org.shelter), false, 50, 0).await.unwrap().notices;
        assert!(shelter.iter().any(|n| n.kind == NoticeKind::DeadlineOverdue && n.detail.as_deref().is_some_and(|d| d.contains("answer_referral"))), "{shelter:?}");
        assert!(!commune.iter().any(|n| n.detail.as_deref().is_some_and(|d| d.contains("answer_referral"))));
    }

    async fn each_notice_is_turned_into_emails_once_and_each_email_claimed_once(store) {
        let (org, _) = referred_case(&store).await;
        let notices = store.notices();
        let waiting = notices.waiting_fan_out(10).await.unwrap();
        assert_eq!(waiting.len(), 1);
        let id = waiting[0].id;
        let recipients = notices.recipients(&waiting[0]).await.unwrap();
        assert_eq!(recipients.iter().map(|r| r.user_id).collect::<Vec<_>>(), [org.shelter.user_id]);
        let now = Utc::now();
        let rival = store.notices();
        let (one, two) = ([email(org.shelter.user_id, 1)], [email(org.shelter.user_id, 2)]);
        let (a, b) = tokio::join!(notices.fan_out(id, &one, now), rival.fan_out(id, &two, now));
        assert_eq!([a.unwrap(), b.unwrap()].iter().filter(|won| **won).count(), 1, "one worker queues it");
        assert!(notices.waiting_fan_out(10).await.unwrap().is_empty());
        for n in 3..=12 {
            let case = store.open_case(org.commune, &person(&format!("Giả Lập {n}"), 2000), &reception("self_report", day(2026, 12, 1)), today()).await.unwrap();
            let referral = Command::SendReferral { to_agency_id: org.shelter.agency_id, to_facility_id: None, reason: "lưu trú".into(), shared_fields: vec![], shared_with_roles: vec![], best_interest_reason: None, transfer_lead: false, sent_on: day(2026, 12, 2) };
            store.execute(org.commune, &case.case_number, 1, &referral, None, today()).await.unwrap();
        }
        for notice in notices.waiting_fan_out(100).await.unwrap() {
            assert!(notices.fan_out(notice.id, &[email(org.shelter.user_id, 0)], now).await.unwrap());
        }
        assert_eq!(notices.outbox_counts().await.unwrap().pending, 11);

        // Two workers claim at once: between them every email, none twice.
        let hold = Duration::minutes(5);
        let (first, second) = tokio::join!(notices.claim_emails(now, hold, 6), rival.claim_emails(now, hold, 6));
        let mut ids: Vec<i64> = first.unwrap().iter().chain(second.unwrap().iter()).map(|e| e.id).collect();
        let claimed = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!((ids.len(), claimed), (11, 11), "every email claimed exactly once");
        assert!(notices.claim_emails(now, hold, 50).await.unwrap().is_empty(), "held while being sent");
        // A worker that died holding them lets them go when the hold ends.
        assert_eq!(notices.claim_emails(now + Duration::minutes(6), hold, 50).await.unwrap().len(), 11);
    }

    async fn a_failed_email_is_retried_later_and_given_up_only_at_the_end(store) {
        let (org, _) = referred_case(&store).await;
        let notices = store.notices();
        let notice = notices.waiting_fan_out(1).await.unwrap().remove(0);
        let mut now = Utc::now();
        assert!(notices.fan_out(notice.id, &[email(org.shelter.user_id, 1)], now).await.unwrap());
        let held = notices.claim_emails(now, Duration::minutes(5), 10).await.unwrap();
        notices.email_failed(held[0].id, EmailFailure::Unreachable, now).await.unwrap();
        assert!(notices.claim_emails(now + Duration::seconds(30), Duration::minutes(5), 10).await.unwrap().is_empty(), "not before the backoff");
        for attempt in 2..=haven_domain::notice::MAX_EMAIL_ATTEMPTS {
            now += Duration::hours(2);
            let again = notices.claim_emails(now, Duration::minutes(5), 10).await.unwrap();
            assert_eq!(again.len(), 1, "attempt {attempt}");
            assert_eq!(again[0].attempts, attempt - 1);
            notices.email_failed(again[0].id, EmailFailure::Refused, now).await.unwrap();
        }
        let counts = notices.outbox_counts().await.unwrap();
        assert_eq!((counts.pending, counts.failed), (0, 1));

        // A second email goes through at its first try.
        let case = store.open_case(org.commune, &person("Giả Lập Gửi", 2000), &reception("self_report", day(2026, 12, 1)), today()).await.unwrap();
        store.execute(org.commune, &case.case_number, 1, &Command::SendReferral { to_agency_id: org.shelter.agency_id, to_facility_id: None, reason: "lưu trú".into(), shared_fields: vec![], shared_with_roles: vec![], best_interest_reason: None, transfer_lead: false, sent_on: day(2026, 12, 2) }, None, today()).await.unwrap();
        let notice = notices.waiting_fan_out(1).await.unwrap().remove(0);
        notices.fan_out(notice.id, &[email(org.shelter.user_id, 2)], now).await.unwrap();
        let out = notices.claim_emails(now, Duration::minutes(5), 10).await.unwrap();
        notices.email_sent(out[0].id, now).await.unwrap();
        assert_eq!(notices.outbox_counts().await.unwrap().sent, 1);
    }

    async fn email_settings_are_checked_and_kept_on_their_version(store) {
        let org = seed_org(&store).await;
        let notices = store.notices();
        let user = org.shelter.user_id;
        assert_eq!(notices.email_settings(user).await.unwrap().version, 0);
        let wanted = EmailSettings { email: Some("chi.lan@example.vn".into()), choices: BTreeMap::from([(NoticeKind::DeadlineOverdue, EmailChoice::Daily), (NoticeKind::ReferralReceived, EmailChoice::Each)]) };
        let saved = notices.save_email_settings(user, 0, &wanted).await.unwrap();
        assert_eq!((saved.version, saved.settings.choice(NoticeKind::DeadlineOverdue)), (1, EmailChoice::Daily));
        assert!(matches!(notices.save_email_settings(user, 0, &wanted).await.unwrap_err(), StoreError::StaleVersion { expected: 0, current: 1 }));
        let bad = EmailSettings { email: Some("chi lan@".into()), choices: BTreeMap::from([(NoticeKind::ReferralReceived, EmailChoice::Daily)]) };
        match notices.save_email_settings(user, 1, &bad).await.unwrap_err() {
            StoreError::Invalid(v) => assert_eq!(v.0.iter().map(|v| v.field.as_str()).collect::<Vec<_>>(), ["email", "choices.referral_received"]),
            other => panic!("{other}"),
        }
        assert_eq!(notices.email_settings(user).await.unwrap(), saved, "nothing written");
        assert_eq!(notices.digest_subscribers().await.unwrap().len(), 1);
        // The digest moves on once, even when two workers try.
        let now = Utc::now();
        let rival = store.notices();
        let (one, two) = (email(user, 1), email(user, 2));
        let (a, b) = tokio::join!(notices.queue_digest(user, None, now, Some(&one)), rival.queue_digest(user, None, now, Some(&two)));
        assert_eq!([a.unwrap(), b.unwrap()].iter().filter(|won| **won).count(), 1);
        assert_eq!(notices.outbox_counts().await.unwrap().pending, 1);
    }

    async fn an_administrators_change_tells_the_account_holder_alone(store) {
        let org = seed_org(&store).await;
        store.reset_password(org.shelter.user_id).await.unwrap();
        store.remove_second_factor(org.shelter.user_id).await.unwrap();
        let own = store.notices().inbox(&Reader { acts_on: vec![], ..reader(org.shelter) }, false, 50, 0).await.unwrap();
        let details: Vec<(NoticeKind, Option<String>)> = own.notices.iter().map(|n| (n.kind, n.detail.clone())).collect();
        assert_eq!(details, [(NoticeKind::AccountChanged, Some("password_reset".into()))], "no second factor was there to remove: nothing to tell");
        let colleague = Actor { user_id: org.commune.user_id, agency_id: org.shelter.agency_id };
        assert!(store.notices().inbox(&reader(colleague), false, 50, 0).await.unwrap().notices.is_empty());
    }
}
