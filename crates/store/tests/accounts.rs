//! Account administration on both backends: changes on a version, access
//! revoked whole, password resets and changes, lost second factors.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::organisation::NewAgency;
use haven_domain::role::Role;
use haven_store::accounts::{AccountChange, NewAccount};
use haven_store::{SessionPolicy, Store, StoreError};
use haven_testkit::fixtures::{add_user, PASSWORD};

async fn agency(store: &Store) {
    store
        .add_agency(&NewAgency {
            code: "HNI-SYT".into(),
            name: "Sở Y tế Hà Nội".into(),
            sector: "social_affairs".into(),
            admin_unit_id: "2025/01".into(),
            parent_agency_code: None,
        })
        .await
        .unwrap();
}

fn fields(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Invalid(v) => v.0.into_iter().map(|v| (v.field, v.rule)).collect(),
        other => panic!("expected a validation error, got {other}"),
    }
}

haven_testkit::backend_tests! {
    async fn a_created_account_must_change_its_temporary_password(store) {
        agency(&store).await;
        let (account, temporary) = store.create_account(&NewAccount {
            username: "lan".into(),
            display_name: "Nguyễn Thị Lan".into(),
            agency_code: "HNI-SYT".into(),
            roles: vec![Role::SocialWorker],
        }).await.unwrap();
        assert!(account.must_change_password);
        assert_eq!(temporary.len(), 20);
        let logged_in = store.check_login("lan", &temporary).await.unwrap().unwrap();
        assert!(logged_in.must_change_password);
        let session = store.start_session(account.id, SessionPolicy::default()).await.unwrap();
        let other = store.start_session(account.id, SessionPolicy::default()).await.unwrap();

        // The current password proves who asks; the new one follows the rules.
        assert_eq!(
            fields(store.change_own_password(account.id, "not it at all", "a brand new passphrase", Some(&session)).await.unwrap_err()),
            vec![("current_password".to_string(), "matches")]
        );
        assert_eq!(
            fields(store.change_own_password(account.id, &temporary, "short", Some(&session)).await.unwrap_err()),
            vec![("new_password".to_string(), "min_length")]
        );
        assert_eq!(
            fields(store.change_own_password(account.id, &temporary, &temporary, Some(&session)).await.unwrap_err()),
            vec![("new_password".to_string(), "different")]
        );
        store.change_own_password(account.id, &temporary, "a brand new passphrase", Some(&session)).await.unwrap();
        assert!(store.check_login("lan", &temporary).await.unwrap().is_none());
        let after = store.check_login("lan", "a brand new passphrase").await.unwrap().unwrap();
        assert!(!after.must_change_password);
        assert!(after.version > account.version);
        // This session stays; the other one ended.
        assert!(store.session_user(&session, SessionPolicy::default()).await.unwrap().is_some());
        assert!(store.session_user(&other, SessionPolicy::default()).await.unwrap().is_none());
    }

    async fn changes_apply_on_the_version_seen_and_deactivation_ends_access(store) {
        agency(&store).await;
        let actor = add_user(&store, "minh", "HNI-SYT", Role::PoliceOfficer).await;
        let account = store.user_account(actor.user_id).await.unwrap().unwrap();
        let session = store.start_session(account.id, SessionPolicy::default()).await.unwrap();
        let (_, token) = store.create_api_token(account.id, "export").await.unwrap();

        let renamed = store.change_account(account.id, &AccountChange {
            version: account.version,
            display_name: Some("  Trần Văn Minh ".into()),
            roles: Some(vec![Role::PoliceOfficer, Role::Supervisor, Role::PoliceOfficer]),
            active: None,
        }).await.unwrap();
        assert_eq!(renamed.display_name, "Trần Văn Minh");
        assert_eq!(renamed.roles, vec![Role::PoliceOfficer, Role::Supervisor]);
        assert_eq!(renamed.version, account.version + 1);

        // A second administrator working from the old version is told, and nothing changes.
        let stale = store.change_account(account.id, &AccountChange {
            version: account.version,
            display_name: Some("Người khác".into()),
            ..Default::default()
        }).await.unwrap_err();
        assert!(matches!(stale, StoreError::StaleVersion { expected, current } if expected == account.version && current == renamed.version));
        assert_eq!(store.user_account(account.id).await.unwrap().unwrap().display_name, "Trần Văn Minh");

        assert_eq!(
            fields(store.change_account(account.id, &AccountChange { version: renamed.version, roles: Some(vec![]), display_name: Some(" ".into()), active: None }).await.unwrap_err()),
            vec![("display_name".to_string(), "required"), ("roles".into(), "required")]
        );

        let standing = store.account_standing(account.id).await.unwrap().unwrap();
        assert_eq!((standing.live_sessions, standing.live_api_tokens, standing.second_factor_enabled), (1, 1, false));

        let off = store.change_account(account.id, &AccountChange { version: renamed.version, active: Some(false), ..Default::default() }).await.unwrap();
        assert!(!off.active);
        assert!(store.session_user(&session, SessionPolicy::default()).await.unwrap().is_none());
        assert!(store.api_token_user(&token).await.unwrap().is_none());
        assert!(store.check_login("minh", PASSWORD).await.unwrap().is_none());
        let standing = store.account_standing(account.id).await.unwrap().unwrap();
        assert_eq!((standing.live_sessions, standing.live_api_tokens), (0, 0));
        assert!(matches!(store.change_account(9999, &AccountChange { version: 1, ..Default::default() }).await, Err(StoreError::NotFound { .. })));
    }

    async fn revocation_and_reset_end_every_session_and_token(store) {
        agency(&store).await;
        let actor = add_user(&store, "hoa", "HNI-SYT", Role::ShelterStaff).await;
        let policy = SessionPolicy::default();
        let sessions = [
            store.start_session(actor.user_id, policy).await.unwrap(),
            store.start_session(actor.user_id, policy).await.unwrap(),
        ];
        let (_, token) = store.create_api_token(actor.user_id, "a").await.unwrap();
        let bystander = add_user(&store, "anh", "HNI-SYT", Role::ShelterStaff).await;
        let bystander_session = store.start_session(bystander.user_id, policy).await.unwrap();

        let revoked = store.revoke_access(actor.user_id).await.unwrap();
        assert_eq!((revoked.sessions, revoked.api_tokens), (2, 1));
        for s in &sessions {
            assert!(store.session_user(s, policy).await.unwrap().is_none());
        }
        assert!(store.api_token_user(&token).await.unwrap().is_none());
        assert!(store.session_user(&bystander_session, policy).await.unwrap().is_some(), "others keep their sessions");
        // The password still works: revocation is not a lock-out.
        assert!(store.check_login("hoa", PASSWORD).await.unwrap().is_some());

        let session = store.start_session(actor.user_id, policy).await.unwrap();
        let temporary = store.reset_password(actor.user_id).await.unwrap();
        assert!(store.session_user(&session, policy).await.unwrap().is_none());
        assert!(store.check_login("hoa", PASSWORD).await.unwrap().is_none());
        assert!(store.check_login("hoa", &temporary).await.unwrap().unwrap().must_change_password);
        assert!(matches!(store.reset_password(9999).await, Err(StoreError::NotFound { .. })));
    }

    async fn a_lost_second_factor_is_removed_with_its_recovery_codes(store) {
        agency(&store).await;
        let actor = add_user(&store, "thu", "HNI-SYT", Role::SocialWorker).await;
        let enrollment = store.begin_second_factor(actor.user_id, "thu").await.unwrap();
        let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, totp_rs::Secret::Encoded(enrollment.secret.clone()).to_bytes().unwrap(), Some("Haven".into()), "thu".into()).unwrap();
        let codes = store.confirm_second_factor(actor.user_id, "thu", &totp.generate_current().unwrap()).await.unwrap();
        assert!(store.second_factor_enabled(actor.user_id).await.unwrap());
        store.remove_second_factor(actor.user_id).await.unwrap();
        assert!(!store.second_factor_enabled(actor.user_id).await.unwrap());
        assert!(!store.check_second_factor(actor.user_id, "thu", &codes[0]).await.unwrap(), "recovery codes went with it");
    }
}
