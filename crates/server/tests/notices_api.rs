//! Every kind of notice reaches the right person's inbox and, for those who
//! chose it, their email through a real (local) SMTP server — which is down
//! for a while first: the emails wait in the outbox and go once it is back,
//! each exactly once, with no name in them. On both databases.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use chrono::{Duration, Utc};
use common::{reception, woman, Agent, TestServer};
use haven_domain::notice::NoticeKind;
use haven_domain::role::Role;
use haven_server::notifier::MailSettings;
use haven_server::{AppState, ServerSettings};
use haven_store::person_links::{LinkAnswer, LinkAsk};
use haven_store::report_submissions::SubmissionWrite;
use haven_store::Store;
use haven_testkit::fixtures::{add_user, person, seed_hotline_agencies, seed_org, today};
use haven_testkit::smtp::MailCatcher;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const NAME: &str = "Giả Lập Thị Thư";

fn urgent_contact() -> Value {
    json!({
        "channel": "phone_call",
        "started_at": (Utc::now() - Duration::minutes(15)).to_rfc3339(),
        "ended_at": (Utc::now() - Duration::minutes(7)).to_rfc3339(),
        "caller": {"relation": "parent", "consents_to_keep_number": true, "phone": "0912345678"},
        "concerned": {"sex": "female", "age_years": 15, "place_unit_id": "2025/01/00070"},
        "categories": ["rescue_request"],
        "urgency": "immediate_danger",
        "summary": "Người gọi báo một em gái bị giữ tại nhà nghỉ.",
        "steps": ["information_given"],
        "outcome": "ongoing"
    })
}

async fn kinds_in_inbox(agent: &Agent) -> BTreeSet<String> {
    let (status, inbox) = agent.get("/api/v1/notifications").await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    inbox["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn report_step(
    store: &Store,
    action: &str,
    status: &str,
    version: Option<i64>,
    user_id: i64,
) {
    store
        .save_report_submission(SubmissionWrite {
            area_code: "01",
            period_code: "2026-Q3",
            level: "province",
            province_code: Some("01"),
            expected_version: version,
            status,
            action,
            user_id,
            narrative: None,
            snapshot: None,
            due_on: None,
            submits: action == "submit",
            review_comment: (action == "return" || action == "approve")
                .then_some("Bổ sung số liệu"),
        })
        .await
        .unwrap();
}

haven_testkit::backend_tests! {
    async fn every_kind_reaches_the_inbox_and_the_mail_even_after_the_mail_server_was_down(store) {
        let org = seed_org(&store).await;
        seed_hotline_agencies(&store).await;
        add_user(&store, "operator", "TD111", Role::HotlineOperator).await;
        let ward = add_user(&store, "ward", "HNI-CA-HK", Role::PoliceOfficer).await;
        let mut catcher = MailCatcher::reserve().await;
        let settings = ServerSettings {
            mail: Some(MailSettings { smtp_url: catcher.url(), from: "Haven <haven@example.vn>".into() }),
            ..common::settings()
        };
        let server = TestServer::start(store.clone(), settings.clone()).await;
        let notifier = haven_server::notifier_of(&AppState::new(store.clone(), settings));

        // Everyone told chooses an email for every kind.
        let everything: serde_json::Map<String, Value> = NoticeKind::ALL.iter().map(|k| (k.code().to_owned(), json!("each"))).collect();
        let mut agents = std::collections::HashMap::new();
        for username in ["commune", "shelter", "police", "border", "operator", "ward"] {
            let agent = Agent::login(&server, username).await;
            let (status, saved) = agent.send("PUT", "/api/v1/me/notification-settings", Some(json!({"version": 0, "email": format!("{username}@example.vn"), "choices": everything}))).await;
            assert_eq!((status, saved["version"].as_i64()), (StatusCode::OK, Some(1)), "{saved}");
            assert_eq!(saved["email_available"], true);
            assert_eq!(saved["email"], format!("{username}@example.vn"));
            assert!(saved["choices"].as_object().unwrap().values().all(|c| c == "each"), "{saved}");
            agents.insert(username, agent);
        }
        let (status, bad) = agents["ward"].send("PUT", "/api/v1/me/notification-settings", Some(json!({"version": 1, "email": "ward at police", "choices": {"referral_received": "daily"}}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = bad["violations"].as_array().unwrap().iter().map(|v| v["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["email", "choices.referral_received"], "{bad}");
        assert!(bad["violations"][0]["message_vi"].as_str().unwrap().contains("thư điện tử"));

        // A case received ten days ago, referred and declined, opened in an emergency.
        let long_ago = (today_vn() - chrono::Days::new(10)).to_string();
        let number = agents["commune"].open(woman(NAME, json!({"kind": "year", "year": 2004}), "VN"), reception("self_report", &long_ago)).await;
        let sent_on = today_vn().to_string();
        agents["commune"].step(&number, json!({"command": "send_referral", "to_agency_id": org.shelter.agency_id, "reason": "Cần chỗ ở", "sent_on": sent_on})).await;
        agents["shelter"].step(&number, json!({"command": "decline_referral", "referral_no": 1, "reason": "Hết chỗ", "answered_on": sent_on})).await;
        let (status, _) = agents["border"].post(&format!("/api/v1/cases/{number}/emergency-access"), json!({"reason": "Đối tượng đang ở cửa khẩu, cần xác minh ngay"})).await;
        assert_eq!(status, StatusCode::CREATED);
        // A case received today: its verification falls due within the notice days.
        agents["commune"].open(woman("Giả Lập Thị Hai", json!({"kind": "year", "year": 2005}), "VN"), reception("self_report", &today_vn().to_string())).await;

        // An urgent call dispatched to the ward police, unanswered, escalated to the city police.
        let (status, contact) = agents["operator"].post("/api/v1/contacts", json!({"contact": urgent_contact(), "dispatch": {"agency_id": ward.agency_id, "note": "Đến ngay"}})).await;
        assert_eq!(status, StatusCode::CREATED, "{contact}");
        store.hotline().escalate_overdue(Utc::now() + Duration::hours(3), 2).await.unwrap();

        // The police ask whether their person is the commune's; the commune declines.
        let case = store.case_by_number(&number).await.unwrap().unwrap();
        let asking = store.open_case_asking_link(org.police, &person("Gia Lap Thi Thu", 2004), &haven_testkit::fixtures::reception("rescue", today()), today(), &LinkAsk { known_person_id: case.person_id, reason: "Cùng năm sinh, cùng quê".into() }).await.unwrap();
        let request = store.person_links_of_case(asking.id).await.unwrap()[0].clone();
        store.answer_person_link(org.commune, request.id, request.version, &LinkAnswer::Decline { comment: "Không phải cùng người".into() }).await.unwrap();

        // A report returned, then approved; an account changed by an administrator.
        report_step(&store, "submit", "submitted", None, org.commune.user_id).await;
        report_step(&store, "return", "returned", Some(1), org.police.user_id).await;
        report_step(&store, "submit", "submitted", Some(2), org.commune.user_id).await;
        report_step(&store, "approve", "approved", Some(3), org.police.user_id).await;
        // An administrator resets a password: its holder (who reads email only) is told.
        let social = org.social_affairs.user_id;
        let own = haven_domain::notice::EmailSettings { email: Some("social@example.vn".into()), choices: Default::default() };
        store.notices().save_email_settings(social, 0, &own).await.unwrap();
        store.reset_password(social).await.unwrap();
        // The day's scheduled backup fails: the administrator is told.
        let run = store.backup_runs().claim(today_vn(), Utc::now()).await.unwrap().unwrap();
        store.backup_runs().failed(run, "cannot write /srv/backups", &[(social, haven_domain::ids::AgencyId(org.social_affairs.agency_id))], Utc::now()).await.unwrap();
        // Removing a second factor the user never had changes nothing: no notice.
        store.remove_second_factor(ward.user_id).await.unwrap();

        assert!(notifier.scan_deadlines(Utc::now()).await.unwrap() >= 2);

        // Each is in the right inbox.
        let expected: [(&str, &[NoticeKind]); 5] = [
            ("commune", &[NoticeKind::ReferralAnswered, NoticeKind::EmergencyAccess, NoticeKind::LinkRequested, NoticeKind::ReportReturned, NoticeKind::ReportApproved, NoticeKind::DeadlineOverdue, NoticeKind::DeadlineComing]),
            ("shelter", &[NoticeKind::ReferralReceived]),
            ("ward", &[NoticeKind::ContactDispatched]),
            ("operator", &[NoticeKind::ContactUnanswered]),
            ("police", &[NoticeKind::ContactDispatched, NoticeKind::LinkAnswered]),
        ];
        let mut every_kind = BTreeSet::new();
        for (username, kinds) in expected {
            let inbox = kinds_in_inbox(&agents[username]).await;
            for kind in kinds {
                assert!(inbox.contains(kind.code()), "{username} lacks {kind:?}: {inbox:?}");
                every_kind.insert(*kind);
            }
        }
        assert!(!kinds_in_inbox(&agents["ward"]).await.contains("account_changed"));
        let social_reader = haven_store::notices::Reader { user_id: social, agency: haven_domain::ids::AgencyId(org.social_affairs.agency_id), acts_on: vec![] };
        let own_notices = store.notices().inbox(&social_reader, false, 10, 0).await.unwrap().notices;
        assert_eq!(own_notices.iter().map(|n| (n.kind, n.detail.clone())).collect::<Vec<_>>(), [(NoticeKind::BackupFailed, None), (NoticeKind::AccountChanged, Some("password_reset".to_owned()))]);
        every_kind.insert(NoticeKind::AccountChanged);
        every_kind.insert(NoticeKind::BackupFailed);
        assert_eq!(every_kind.len(), NoticeKind::ALL.len(), "every kind is covered");
        assert!(!kinds_in_inbox(&agents["border"]).await.contains("referral_received"), "not the border guard's");
        assert_eq!(agents["shelter"].get("/api/v1/notifications?unread=true").await.1["unread"], 1);
        let (status, zero) = agents["shelter"].get("/api/v1/notifications?page=0").await;
        assert_eq!((status, zero["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("page")));
        // Asking for email with no address is refused, on the API as on the page.
        let (status, no_address) = agents["border"].send("PUT", "/api/v1/me/notification-settings", Some(json!({"version": 1, "email": " ", "choices": {"referral_received": "each"}}))).await;
        assert_eq!((status, no_address["violations"][0]["rule"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("required_for_email")), "{no_address}");
        // What GET gives, PUT takes back.
        let (_, current) = agents["border"].get("/api/v1/me/notification-settings").await;
        assert!(current["kinds"].as_array().unwrap().iter().all(|k| k != "report_returned"), "the border guard is never told of reports: {current}");
        let (status, again) = agents["border"].send("PUT", "/api/v1/me/notification-settings", Some(current.clone())).await;
        assert_eq!((status, again["version"].as_i64()), (StatusCode::OK, Some(2)), "{again}");
        // What the ward police read before the worker came round is not emailed.
        let (_, ward_inbox) = agents["ward"].get("/api/v1/notifications").await;
        let first_id = ward_inbox["notices"][0]["id"].as_i64().unwrap();
        // A path a header cannot carry is no place to go back to: the inbox instead.
        let (status, _) = agents["ward"].post_form(&format!("/notifications/{first_id}/read"), &[("back", "/notifications\u{7f}x".to_owned())]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        agents["ward"].post("/api/v1/notifications/read-all", json!({})).await;
        assert_eq!(agents["ward"].raw_get("/lang/en?next=/notifications%00x").await.status(), StatusCode::SEE_OTHER);

        // The mail server is down: nothing is lost, nothing sent.
        let now = Utc::now();
        let first = notifier.round(now).await.unwrap();
        assert_eq!((first.sent, first.failed > 0), (0, true), "{first:?}");
        assert!(catcher.caught().is_empty());
        let waiting = store.notices().outbox_counts().await.unwrap();
        assert!(waiting.pending >= 13, "{waiting:?}");
        assert_eq!(waiting.failed, 0);

        // It comes back: after the backoff every email goes, once.
        catcher.start().await;
        notifier.round(now + Duration::seconds(20)).await.unwrap();
        assert!(catcher.caught().is_empty(), "not before the backoff");
        notifier.round(now + Duration::hours(2)).await.unwrap();
        let counts = store.notices().outbox_counts().await.unwrap();
        assert_eq!((counts.pending, counts.failed, counts.sent), (0, 0, waiting.pending), "{counts:?}");
        let caught = catcher.caught();
        assert_eq!(caught.len() as u64, waiting.pending);
        notifier.round(now + Duration::hours(3)).await.unwrap();
        assert_eq!(catcher.caught().len(), caught.len(), "no email twice");

        let english = |kind: NoticeKind| haven_testkit_label(kind);
        let by_email = expected.iter().copied().filter(|(user, _)| *user != "ward").chain([("social", &[NoticeKind::AccountChanged, NoticeKind::BackupFailed][..])]);
        assert!(!caught.iter().any(|m| m.to == ["ward@example.vn".to_owned()]), "read before the worker came: no email");
        for (username, kinds) in by_email {
            for kind in kinds {
                let found = caught.iter().any(|m| m.to == [format!("{username}@example.vn")] && m.text().contains(english(*kind)));
                assert!(found, "{username} got no email for {kind:?}");
            }
        }
        for mail in &caught {
            let text = mail.text();
            assert!(!text.contains("Giả Lập") && !text.contains("0912345678") && !mail.data.contains("Gia Lap"), "an email names someone: {text}");
            assert!(text.contains("/notifications"), "{text}");
        }
        assert!(caught.iter().any(|m| m.text().contains(&number)), "the case number is said");
        // "All read" up to what was seen: a notice that came after stays unread.
        let (_, seen) = agents["commune"].get("/api/v1/notifications").await;
        let newest = seen["newest"].as_i64().unwrap();
        let (status, marked) = agents["commune"].post(&format!("/api/v1/notifications/read-all?through={}", newest - 1), json!({})).await;
        assert_eq!((status, marked["marked"].as_u64()), (StatusCode::OK, Some(seen["unread"].as_u64().unwrap() - 1)));
        assert_eq!(agents["commune"].get("/api/v1/notifications").await.1["unread"], 1);
        agents["commune"].post(&format!("/api/v1/notifications/read-all?through={newest}"), json!({})).await;
        assert_eq!(agents["commune"].get("/api/v1/notifications").await.1["unread"], 0);

        catcher.stop().await;
        server.stop().await;
    }
}

fn today_vn() -> chrono::NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

/// The English words an email uses for a kind.
fn haven_testkit_label(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::ReferralReceived => "Referral received",
        NoticeKind::ReferralAnswered => "Referral answered",
        NoticeKind::LinkRequested => "Person link requested",
        NoticeKind::LinkAnswered => "Person link request answered",
        NoticeKind::ContactDispatched => "Urgent contact dispatched to you",
        NoticeKind::ContactUnanswered => "Urgent contact not answered in time",
        NoticeKind::DeadlineComing => "Deadline coming",
        NoticeKind::DeadlineOverdue => "Deadline overdue",
        NoticeKind::ReportReturned => "Report returned",
        NoticeKind::ReportApproved => "Report approved",
        NoticeKind::EmergencyAccess => "Case opened in an emergency",
        NoticeKind::AccountChanged => "Your account was changed",
        NoticeKind::BackupFailed => "The scheduled backup failed",
    }
}
