//! Webhooks on both backends: deliveries are queued in the event's own
//! transaction, one per active endpoint that wants the kind, none for a
//! refused step or a stopped endpoint; claimed by one worker at a time,
//! tried again with backoff, given up after the last attempt.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::{Duration, Utc};
use haven_domain::case::command::Command;
use haven_domain::webhook::{NewEndpoint, WebhookEvent, MAX_DELIVERY_ATTEMPTS};
use haven_store::webhooks::{DeliveryFailure, DeliveryFilter, DeliveryStatus};
use haven_store::StoreError;
use haven_testkit::fixtures::{day, person, reception, seed_org, today};

fn endpoint(url: &str, events: &[WebhookEvent]) -> NewEndpoint {
    NewEndpoint {
        url: url.into(),
        events: events.to_vec(),
    }
}

fn referral(to_agency_id: i64, sent_on: chrono::NaiveDate) -> Command {
    Command::SendReferral {
        to_agency_id,
        to_facility_id: None,
        reason: "lưu trú".into(),
        shared_fields: vec!["full_name".into()],
        shared_with_roles: vec![],
        best_interest_reason: None,
        transfer_lead: false,
        sent_on,
    }
}

haven_testkit::backend_tests! {
    async fn events_are_queued_for_the_endpoints_that_want_them(store) {
        let org = seed_org(&store).await;
        let webhooks = store.webhooks();
        let cases_only = webhooks.register(&endpoint("https://a.example.vn/in", &[WebhookEvent::CaseOpened]), org.social_affairs.user_id, Utc::now()).await.unwrap();
        let referrals = webhooks.register(&endpoint("https://b.example.vn/in", &[WebhookEvent::ReferralSent, WebhookEvent::ReferralAnswered, WebhookEvent::CaseOpened]), org.social_affairs.user_id, Utc::now()).await.unwrap();
        assert_eq!(cases_only.secret.len(), 64);
        assert_ne!(cases_only.secret, referrals.secret);

        let case = store.open_case(org.commune, &person("Giả Lập Webhook", 2001), &reception("self_report", day(2026, 12, 1)), today()).await.unwrap();
        store.execute(org.commune, &case.case_number, 1, &referral(org.shelter.agency_id, day(2026, 12, 2)), None, today()).await.unwrap();
        store.execute(org.shelter, &case.case_number, 2, &Command::AcceptReferral { referral_no: 1, answered_on: day(2026, 12, 3) }, None, today()).await.unwrap();
        // A step no endpoint wants, and a refused one: nothing queued.
        store.execute(org.commune, &case.case_number, 3, &Command::AddNote { text: "gọi lại".into() }, None, today()).await.unwrap();
        assert!(matches!(
            store.execute(org.commune, &case.case_number, 1, &referral(org.police.agency_id, day(2026, 12, 4)), None, today()).await.unwrap_err(),
            StoreError::StaleVersion { .. }
        ));

        let mut all = webhooks.deliveries(DeliveryFilter::default()).await.unwrap();
        all.reverse();
        let seen: Vec<(i64, WebhookEvent, Vec<String>)> = all.iter().map(|d| (d.endpoint_id.get(), d.event, d.agency_codes.clone())).collect();
        let (a, b) = (cases_only.endpoint.id.get(), referrals.endpoint.id.get());
        let commune = "HNI-UBND-HK".to_owned();
        let shelter = "HNI-TTBTXH".to_owned();
        assert_eq!(seen, vec![
            (a, WebhookEvent::CaseOpened, vec![commune.clone()]),
            (b, WebhookEvent::CaseOpened, vec![commune.clone()]),
            (b, WebhookEvent::ReferralSent, vec![commune.clone(), shelter.clone()]),
            (b, WebhookEvent::ReferralAnswered, vec![shelter, commune]),
        ]);
        assert!(all.iter().all(|d| d.subject_ref == case.case_number && d.status == DeliveryStatus::Pending && d.attempts == 0));
        // One event, one id, whichever endpoint it goes to.
        assert_eq!(all[0].event_id, all[1].event_id);
        assert_ne!(all[1].event_id, all[2].event_id);
        let listed = webhooks.endpoints().await.unwrap();
        assert_eq!(listed.iter().map(|e| (e.id, e.pending)).collect::<Vec<_>>(), vec![(referrals.endpoint.id, 3), (cases_only.endpoint.id, 1)]);
    }

    async fn endpoints_are_checked_and_stopped_for_good(store) {
        let org = seed_org(&store).await;
        let webhooks = store.webhooks();
        let StoreError::Invalid(v) = webhooks.register(&endpoint("http://hethong.gov.vn/in", &[]), org.social_affairs.user_id, Utc::now()).await.unwrap_err() else { panic!() };
        let rules: Vec<(&str, &str)> = v.0.iter().map(|x| (x.field.as_str(), x.rule)).collect();
        assert_eq!(rules, vec![("url", "https"), ("events", "required")]);
        assert!(webhooks.endpoints().await.unwrap().is_empty());

        let registered = webhooks.register(&endpoint("https://a.example.vn/in", &[WebhookEvent::CaseOpened]), org.social_affairs.user_id, Utc::now()).await.unwrap();
        store.open_case(org.commune, &person("Giả Lập Một", 2001), &reception("self_report", day(2026, 12, 1)), today()).await.unwrap();
        let id = registered.endpoint.id;
        assert!(matches!(webhooks.deactivate(id, 7, Utc::now()).await.unwrap_err(), StoreError::StaleVersion { expected: 7, current: 1 }));
        let stopped = webhooks.deactivate(id, 1, Utc::now()).await.unwrap();
        assert!(!stopped.active && stopped.version == 2 && stopped.deactivated_at.is_some());
        assert_eq!((stopped.pending, stopped.failed), (0, 1), "what waited is given up");
        assert!(matches!(webhooks.deactivate(id, 2, Utc::now()).await.unwrap_err(), StoreError::Rejected(r) if r.code == "already_stopped"));
        // Once stopped, the address may be registered again.
        webhooks.register(&endpoint("https://a.example.vn/in", &[WebhookEvent::CaseClosed]), org.social_affairs.user_id, Utc::now()).await.unwrap();
        let StoreError::Invalid(twice) = webhooks.register(&endpoint("https://a.example.vn/in", &[WebhookEvent::CaseOpened]), org.social_affairs.user_id, Utc::now()).await.unwrap_err() else { panic!() };
        assert_eq!((twice.0[0].field.as_str(), twice.0[0].rule), ("url", "already_registered"));
        store.open_case(org.commune, &person("Giả Lập Hai", 2002), &reception("self_report", day(2026, 12, 1)), today()).await.unwrap();
        assert_eq!(webhooks.deliveries(DeliveryFilter::default()).await.unwrap().len(), 1, "a stopped endpoint is sent nothing new");
        assert!(webhooks.claim(Utc::now(), Duration::minutes(2), 10).await.unwrap().is_empty());
    }

    async fn deliveries_are_claimed_once_and_retried_with_backoff(store) {
        let org = seed_org(&store).await;
        let webhooks = store.webhooks();
        let registered = webhooks.register(&endpoint("https://a.example.vn/in", &[WebhookEvent::CaseOpened]), org.social_affairs.user_id, Utc::now()).await.unwrap();
        let case = store.open_case(org.commune, &person("Giả Lập Ba", 2001), &reception("self_report", day(2026, 12, 1)), today()).await.unwrap();
        let now = Utc::now() + Duration::seconds(1);
        let claimed = webhooks.claim(now, Duration::minutes(2), 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        let delivery = &claimed[0];
        assert_eq!((delivery.url.as_str(), delivery.secret.as_str(), delivery.event, delivery.subject_ref.as_str()),
            ("https://a.example.vn/in", registered.secret.as_str(), WebhookEvent::CaseOpened, case.case_number.as_str()));
        assert!(!format!("{delivery:?}").contains(&registered.secret), "the secret stays out of debug output");
        assert!(webhooks.claim(now, Duration::minutes(2), 10).await.unwrap().is_empty(), "held by the first worker");

        webhooks.failed(delivery.id, DeliveryFailure::Status(503), now).await.unwrap();
        assert!(webhooks.claim(now, Duration::minutes(2), 10).await.unwrap().is_empty(), "waits for the backoff");
        let listed = webhooks.deliveries(DeliveryFilter { endpoint: Some(registered.endpoint.id), status: Some(DeliveryStatus::Pending) }).await.unwrap();
        assert_eq!((listed[0].attempts, listed[0].last_error.as_deref(), listed[0].last_status), (1, Some("status"), Some(503)));
        // Compared to the millisecond: PostgreSQL keeps microseconds.
        assert_eq!(listed[0].next_attempt_at.map(|t| t.timestamp_millis()), Some((now + Duration::minutes(1)).timestamp_millis()));

        let mut at = now;
        for attempt in 2..=MAX_DELIVERY_ATTEMPTS {
            at += Duration::hours(2);
            let again = webhooks.claim(at, Duration::minutes(2), 10).await.unwrap();
            assert_eq!(again.len(), 1, "attempt {attempt}");
            webhooks.failed(again[0].id, DeliveryFailure::Unreachable, at).await.unwrap();
        }
        let given_up = webhooks.deliveries(DeliveryFilter { endpoint: None, status: Some(DeliveryStatus::Failed) }).await.unwrap();
        assert_eq!((given_up.len(), given_up[0].attempts, given_up[0].next_attempt_at), (1, MAX_DELIVERY_ATTEMPTS, None));
        assert!(webhooks.claim(at + Duration::days(1), Duration::minutes(2), 10).await.unwrap().is_empty());

        // A second event, delivered at once.
        store.open_case(org.commune, &person("Giả Lập Bốn", 2001), &reception("self_report", day(2026, 12, 1)), today()).await.unwrap();
        let next = webhooks.claim(Utc::now() + Duration::seconds(1), Duration::minutes(2), 10).await.unwrap();
        webhooks.delivered(next[0].id, 204, Utc::now()).await.unwrap();
        let done = webhooks.deliveries(DeliveryFilter { endpoint: None, status: Some(DeliveryStatus::Delivered) }).await.unwrap();
        assert_eq!((done.len(), done[0].attempts, done[0].last_status, done[0].next_attempt_at, done[0].last_error.as_deref()), (1, 1, Some(204), None, None));
    }
}
