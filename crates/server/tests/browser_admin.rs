//! Administration by clicking, in headless Chromium on both databases: the
//! system administrator creates an account and hands over the temporary
//! password shown once; the new user must change it before anything else;
//! an agency administrator manages only their agency's accounts; every
//! administration page reads in English with nothing untranslated.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

mod common;

use common::browser::Browser;
use common::TestServer;
use haven_server::ServerSettings;
use haven_store::demo::DEMO_PASSWORD;

const UNTRANSLATED: &str = "⟦";

fn code_now(secret: &str) -> String {
    use totp_rs::{Algorithm, Secret, TOTP};
    let totp = TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        Secret::Encoded(secret.into()).to_bytes().unwrap(),
        Some("Haven".into()),
        "x".into(),
    )
    .unwrap();
    totp.generate(chrono::Utc::now().timestamp() as u64)
}

haven_testkit::backend_tests! {
    async fn an_administrator_creates_an_account_whose_user_must_change_the_password(store) {
        store.load_demo().await.unwrap();
        let server = TestServer::start(store.clone(), ServerSettings { demo_mode: true, require_second_factor: false, ..common::settings() }).await;
        let Some(browser) = Browser::start(&server.base, &format!("admin-{}", store.backend_name())).await else { return };
        browser.log_in("admin", DEMO_PASSWORD).await;
        assert_eq!(browser.path_after("/").await, "/");
        browser.click_link("Quản trị").await;
        assert_eq!(browser.text_after("main h1", "Tài khoản").await, "Tài khoản");
        browser.shot("accounts").await;

        // A name already taken comes back next to its field, with the rest kept.
        browser.fill("#new-username", "social.worker").await;
        browser.fill("#new-display-name", "Nguyễn Thị Lan").await;
        browser.client.find(fantoccini::Locator::Css("#new-account-agency")).await.unwrap().select_by_value("HNI-TTBTXH").await.unwrap();
        browser.click("#new-role-shelter_staff").await;
        browser.click("#new-account button[type=submit]").await;
        let error = browser.text_when_shown("#new-account .field-error").await;
        assert!(error.contains("Đã tồn tại"), "{error}");
        assert_eq!(browser.value("#new-display-name").await, "Nguyễn Thị Lan", "nothing typed is lost");
        browser.fill("#new-username", "lan.nguyen").await;
        browser.click("#new-account button[type=submit]").await;
        let password = browser.text_when_shown("#temporary-password").await;
        assert!(password.len() >= 12, "a temporary password is shown once");
        browser.shot("account-created").await;
        let account = store.user_by_username("lan.nguyen").await.unwrap().unwrap();
        assert!(account.must_change_password);
        assert_eq!(account.agency_code, "HNI-TTBTXH");
        browser.goto("/admin/users").await;
        assert!(!browser.source().await.contains(&password), "the password is not shown again");

        // English, on every administration page.
        browser.goto("/lang/en?next=/admin/users").await;
        for (path, title) in [("/admin/users", "Accounts"), (&format!("/admin/users/{}", account.id) as &str, "Account lan.nguyen"), ("/admin/organisation", "Agencies and facilities"), ("/admin/roles", "Roles and permissions"), ("/admin/code-lists", "Code lists"), ("/admin/webhooks", "Webhooks"), ("/admin/backups", "Backups")] {
            browser.goto(path).await;
            assert_eq!(browser.text_after("main h1", title).await, title, "{path}");
            let html = browser.source().await;
            assert!(!html.contains(UNTRANSLATED), "{path} has an untranslated message");
            assert!(html.len() < 200_000, "{path} weighs {} bytes", html.len());
            browser.shot(&format!("en{}", path.replace('/', "-"))).await;
        }
        // A webhook: refused without its kinds, registered with its secret shown once, stopped on confirmation.
        browser.goto("/admin/webhooks").await;
        browser.fill("#webhook-url", "http://127.0.0.1:9/hook").await;
        browser.click("#new-webhook button[type=submit]").await;
        let error = browser.text_when_shown("#new-webhook .field-error").await;
        assert!(error.contains("at least one kind"), "{error}");
        assert_eq!(browser.value("#webhook-url").await, "http://127.0.0.1:9/hook", "nothing typed is lost");
        browser.click("#new-webhook input[value=case_opened]").await;
        browser.click("#new-webhook input[value=case_closed]").await;
        browser.click("#new-webhook button[type=submit]").await;
        let secret = browser.text_when_shown("#secret").await;
        assert_eq!(secret.len(), 64);
        assert!(browser.text("#webhook-endpoints").await.contains("Case opened, Case closed"));
        browser.shot("webhook-registered").await;
        browser.goto("/admin/webhooks").await;
        assert!(!browser.source().await.contains(&secret), "the secret is not shown again");
        browser.click("#webhook-endpoints input[name=confirm]").await;
        browser.click("#webhook-endpoints button[type=submit]").await;
        browser.text_when_shown("p.notice").await;
        assert!(browser.text("#webhook-endpoints").await.contains("Stopped"));
        assert!(!store.webhooks().endpoints().await.unwrap()[0].active);
        browser.goto("/lang/vi?next=/").await;
        browser.log_out().await;

        // The new user: nothing but the account page until the password is changed.
        browser.log_in("lan.nguyen", &password).await;
        assert_eq!(browser.path_after("/profile").await, "/profile");
        browser.goto("/cases").await;
        assert_eq!(browser.path_after("/profile").await, "/profile", "a reset password gates every page");
        browser.fill("#current_password", &password).await;
        browser.fill("#new_password", "một mật khẩu mới đủ dài").await;
        browser.fill("#confirm_password", "một mật khẩu mới đủ dài").await;
        browser.click("#password-form button[type=submit]").await;
        browser.text_when_shown("p.notice").await;
        browser.goto("/").await;
        assert_eq!(browser.path_after("/").await, "/");
        assert!(!store.user_by_username("lan.nguyen").await.unwrap().unwrap().must_change_password);

        // Two-factor login set up from the account page: a QR code to scan, or the key to type.
        browser.goto("/profile").await;
        browser.click("#second-factor button[type=submit]").await;
        let secret = browser.text_when_shown("#totp-secret").await;
        assert!(browser.exists("#totp-qr svg").await, "a QR code is drawn");
        browser.shot("second-factor-qr").await;
        browser.fill("#code", &code_now(&secret)).await;
        browser.click("#second-factor button[type=submit]").await;
        browser.text_when_shown("ul.codes").await;
        assert!(store.second_factor_enabled(account.id).await.unwrap(), "enrolled");
        browser.log_out().await;

        // An agency administrator sees their agency's accounts only, and no national role.
        browser.log_in("agency.admin", DEMO_PASSWORD).await;
        browser.goto("/admin/users").await;
        let list = browser.text("#accounts").await;
        let agency_admin = store.user_by_username("agency.admin").await.unwrap().unwrap();
        for user in store.users().await.unwrap() {
            let shown = list.contains(&user.username);
            if user.agency_id != agency_admin.agency_id {
                assert!(!shown, "{} of another agency is not listed", user.username);
            }
        }
        assert!(!browser.exists("#new-agency").await, "no agency form without organisation management");
        browser.goto("/admin/organisation").await;
        assert!(!browser.exists("#new-agency").await);
        browser.shot("agency-admin-organisation").await;
        browser.close().await;
        server.stop().await;
    }
}
