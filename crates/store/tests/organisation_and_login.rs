//! Agencies, facilities, users, sessions and API tokens on both backends.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::organisation::{NewAgency, NewFacility, NewUser};
use haven_domain::role::Role;
use haven_store::{SessionPolicy, Store, StoreError};

fn agency(code: &str) -> NewAgency {
    NewAgency {
        code: code.into(),
        name: "Sở Y tế Hà Nội".into(),
        sector: "social_affairs".into(),
        admin_unit_id: "2025/01".into(),
        parent_agency_code: None,
    }
}

fn user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: "Cán bộ thử".into(),
        agency_code: "HNI-SYT".into(),
        roles: vec![role],
        password: "a long enough password".into(),
    }
}

async fn with_agency(store: &Store) {
    store.add_agency(&agency("HNI-SYT")).await.unwrap();
}

fn rules(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Invalid(v) => v.0.into_iter().map(|v| (v.field, v.rule)).collect(),
        other => panic!("expected a validation error, got {other}"),
    }
}

haven_testkit::backend_tests! {
    async fn agencies_check_their_codes_against_reference_data(store) {
        with_agency(&store).await;
        let mut bad = agency("HNI-X");
        bad.sector = "bakery".into();
        bad.admin_unit_id = "2025/99".into();
        bad.parent_agency_code = Some("NOPE".into());
        assert_eq!(
            rules(store.add_agency(&bad).await.unwrap_err()),
            vec![("sector".to_string(), "known_code"), ("admin_unit_id".into(), "exists"), ("parent_agency_code".into(), "exists")]
        );
        assert!(matches!(store.add_agency(&agency("HNI-SYT")).await, Err(StoreError::AlreadyExists { .. })));
        let mut child = agency("HNI-TTBTXH");
        child.parent_agency_code = Some("HNI-SYT".into());
        child.admin_unit_id = "legacy/01/001".into();
        let created = store.add_agency(&child).await.unwrap();
        let parent = store.agency_by_code("HNI-SYT").await.unwrap().unwrap();
        assert_eq!(created.parent_agency_id, Some(parent.id));
        assert_eq!(store.agencies().await.unwrap().len(), 2);
    }

    async fn facilities_belong_to_an_operating_agency(store) {
        with_agency(&store).await;
        let facility = NewFacility {
            code: "HNI-CSHTNN".into(),
            name: "Cơ sở hỗ trợ nạn nhân".into(),
            facility_type: "victim_support_facility".into(),
            operator_agency_code: "HNI-SYT".into(),
            admin_unit_id: "2025/01/00235".into(),
            capacity: 30,
        };
        let created = store.add_facility(&facility).await.unwrap();
        assert_eq!(created.capacity, 30);
        let mut orphan = facility.clone();
        orphan.code = "HNI-OTHER".into();
        orphan.operator_agency_code = "NOPE".into();
        orphan.facility_type = "hotel".into();
        assert_eq!(
            rules(store.add_facility(&orphan).await.unwrap_err()),
            vec![("facility_type".to_string(), "known_code"), ("operator_agency_code".into(), "exists")]
        );
        assert!(matches!(store.add_facility(&facility).await, Err(StoreError::AlreadyExists { .. })));
        assert_eq!(store.facilities().await.unwrap().len(), 1);
    }

    async fn the_first_user_becomes_system_administrator(store) {
        with_agency(&store).await;
        let first = store.add_user(&user("lan", Role::SocialWorker)).await.unwrap();
        assert_eq!(first.roles, vec![Role::SystemAdmin, Role::SocialWorker]);
        let second = store.add_user(&user("minh", Role::PoliceOfficer)).await.unwrap();
        assert_eq!(second.roles, vec![Role::PoliceOfficer]);
        assert_eq!(second.agency_code, "HNI-SYT");
        assert!(matches!(store.add_user(&user("minh", Role::Auditor)).await, Err(StoreError::AlreadyExists { .. })));
        let mut nowhere = user("hoa", Role::Auditor);
        nowhere.agency_code = "NOPE".into();
        assert_eq!(rules(store.add_user(&nowhere).await.unwrap_err()), vec![("agency_code".to_string(), "exists")]);
        assert_eq!(store.count_users().await.unwrap(), 2);
    }

    async fn login_checks_the_password_and_never_stores_it(store) {
        with_agency(&store).await;
        let created = store.add_user(&user("lan", Role::SocialWorker)).await.unwrap();
        assert_eq!(store.check_login("lan", "a long enough password").await.unwrap().map(|u| u.id), Some(created.id));
        assert_eq!(store.check_login("lan", "a wrong password!!").await.unwrap(), None);
        assert_eq!(store.check_login("nobody", "a long enough password").await.unwrap(), None);
        store.set_password(created.id, "another long password").await.unwrap();
        assert_eq!(store.check_login("lan", "a long enough password").await.unwrap(), None);
        assert!(store.check_login("lan", "another long password").await.unwrap().is_some());
        assert!(matches!(store.set_password(created.id, "short").await, Err(StoreError::Invalid(_))));
    }

    async fn sessions_end_on_logout_and_when_idle(store) {
        with_agency(&store).await;
        let u = store.add_user(&user("lan", Role::SocialWorker)).await.unwrap();
        let policy = SessionPolicy::default();
        let secret = store.start_session(u.id, policy).await.unwrap();
        assert_eq!(store.session_user(&secret, policy).await.unwrap().map(|a| a.id), Some(u.id));
        assert_eq!(store.session_user("not-a-session", policy).await.unwrap(), None);
        store.end_session(&secret).await.unwrap();
        assert_eq!(store.session_user(&secret, policy).await.unwrap(), None);

        let short = SessionPolicy { idle_timeout: chrono::Duration::zero(), ..policy };
        let secret = store.start_session(u.id, policy).await.unwrap();
        assert_eq!(store.session_user(&secret, short).await.unwrap(), None, "idle past the timeout");
        let expired = SessionPolicy { absolute_timeout: chrono::Duration::zero(), ..policy };
        let secret = store.start_session(u.id, expired).await.unwrap();
        assert_eq!(store.session_user(&secret, policy).await.unwrap(), None, "past the absolute end");
    }

    async fn api_tokens_work_until_revoked_and_only_by_their_owner(store) {
        with_agency(&store).await;
        let lan = store.add_user(&user("lan", Role::SocialWorker)).await.unwrap();
        let minh = store.add_user(&user("minh", Role::PoliceOfficer)).await.unwrap();
        let (info, secret) = store.create_api_token(lan.id, "báo cáo tự động").await.unwrap();
        assert!(secret.starts_with("hvn_"));
        assert_eq!(store.api_token_user(&secret).await.unwrap().map(|u| u.id), Some(lan.id));
        assert!(store.api_tokens_of(lan.id).await.unwrap()[0].last_used_at.is_some());
        assert!(matches!(store.revoke_api_token(minh.id, info.id).await, Err(StoreError::NotFound { .. })));
        store.revoke_api_token(lan.id, info.id).await.unwrap();
        assert_eq!(store.api_token_user(&secret).await.unwrap(), None);
        assert!(store.api_tokens_of(lan.id).await.unwrap()[0].revoked);
        assert!(matches!(store.create_api_token(lan.id, "  ").await, Err(StoreError::Invalid(_))));
    }

    async fn concurrent_writers_queue_instead_of_failing(store) {
        let mut tasks = Vec::new();
        for i in 0..40 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move { store.add_agency(&agency(&format!("A-{i}"))).await }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(store.agencies().await.unwrap().len(), 40);
    }

    async fn the_demo_loads_once(store) {
        let summary = store.load_demo().await.unwrap();
        assert_eq!(summary.users, Role::ALL.len() + 2, "one per role, the ministry's statistician and its programme officer");
        assert!(store.has_demo_data().await.unwrap());
        let roles: std::collections::HashSet<Role> = store.users().await.unwrap().into_iter().flat_map(|u| u.roles).collect();
        assert_eq!(roles.len(), Role::ALL.len(), "one user per role");
        assert!(store.check_login("police", haven_store::demo::DEMO_PASSWORD).await.unwrap().is_some());
        assert!(matches!(store.load_demo().await, Err(StoreError::Refused(_))));
        // Cases at every stage of the journey, all with intact histories.
        use haven_domain::case::{Identification, Phase};
        let mut phases = std::collections::HashSet::new();
        let mut identifications = std::collections::HashSet::new();
        for id in 1..=summary.cases as i64 {
            let case = store.case_by_id(id).await.unwrap().unwrap();
            phases.insert(case.state.phase);
            identifications.insert(case.state.identification);
        }
        for phase in [Phase::Received, Phase::InShelter, Phase::ReturnedHome, Phase::Reintegration, Phase::HandedBack, Phase::Closed, Phase::Reopened] {
            assert!(phases.contains(&phase), "demo lacks a case in {phase:?}");
        }
        for identification in [Identification::NotStarted, Identification::UnderVerification, Identification::Victim, Identification::NotVictim] {
            assert!(identifications.contains(&identification), "demo lacks {identification:?}");
        }
        assert!(store.verify_histories().await.unwrap().is_empty());
    }
}
