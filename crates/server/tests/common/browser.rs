//! A real browser for page tests: Debian's headless Chromium, driven over
//! WebDriver (chromedriver + fantoccini). Screenshots of every page visited
//! are kept under `target/tmp/browser-screenshots/<test>/` as artifacts.
//!
//! Without chromedriver the browser tests are skipped with a message,
//! unless `HAVEN_TEST_REQUIRE_BROWSER=1` (as in CI), where that fails.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub struct Browser {
    pub client: Client,
    driver: Child,
    base: String,
    shots: PathBuf,
    counter: AtomicUsize,
}

fn chromedriver() -> Option<PathBuf> {
    let candidates = [
        std::env::var("HAVEN_CHROMEDRIVER").ok(),
        Some("/usr/bin/chromedriver".to_owned()),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// axe-core's script, read once.
fn axe_source() -> Option<&'static str> {
    static SOURCE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let path = std::env::var("HAVEN_AXE_JS")
                .map(PathBuf::from)
                .unwrap_or_else(|_| {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                        .join("../../tools/axe/node_modules/axe-core/axe.min.js")
                });
            match std::fs::read_to_string(&path) {
                Ok(source) => Some(source),
                Err(_) if std::env::var("HAVEN_TEST_REQUIRE_AXE").as_deref() == Ok("1") => {
                    panic!(
                        "HAVEN_TEST_REQUIRE_AXE=1 but {} is missing (npm ci --prefix tools/axe)",
                        path.display()
                    )
                }
                Err(_) => {
                    eprintln!("accessibility not checked: no axe-core (npm ci --prefix tools/axe)");
                    None
                }
            }
        })
        .as_deref()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// A fresh headless Chromium for one test, or `None` (skipped) when none is installed.
    pub async fn start(base: &str, test: &str) -> Option<Browser> {
        let Some(driver_path) = chromedriver() else {
            if std::env::var("HAVEN_TEST_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("HAVEN_TEST_REQUIRE_BROWSER=1 but chromedriver is not installed (apt-get install chromium chromium-driver)");
            }
            eprintln!("skipped: no chromedriver (apt-get install chromium chromium-driver)");
            return None;
        };
        let port = free_port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let webdriver = format!("http://127.0.0.1:{port}");
        let mut capabilities = serde_json::Map::new();
        let mut options = serde_json::json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=vi-VN", "--no-first-run"]
        });
        if std::path::Path::new("/usr/bin/chromium").exists() {
            options["binary"] = "/usr/bin/chromium".into();
        }
        capabilities.insert("goog:chromeOptions".into(), options);
        let mut client = None;
        for _ in 0..100 {
            // chromedriver listens on loopback: plain HTTP, no TLS stack needed.
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&webdriver)
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        let client = client.expect("chromedriver answers and starts Chromium");
        let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("browser-screenshots")
            .join(test);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();
        Some(Browser {
            client,
            driver,
            base: base.to_owned(),
            shots,
            counter: AtomicUsize::new(0),
        })
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The path once the browser got there (a form post may still be
    /// loading when the click returns); after ten seconds, wherever it is.
    pub async fn path_after(&self, expected: &str) -> String {
        for _ in 0..100 {
            let now = self.path().await;
            if now == expected {
                return now;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.path().await
    }

    /// The path once the browser reached one of `expected`; after ten
    /// seconds, wherever it is.
    pub async fn path_after_one_of(&self, expected: &[&str]) -> String {
        for _ in 0..100 {
            let now = self.path().await;
            if expected.contains(&now.as_str()) {
                return now;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.path().await
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    pub async fn click_link(&self, text: &str) {
        self.client
            .find(Locator::LinkText(text))
            .await
            .unwrap_or_else(|e| panic!("link {text}: {e}"))
            .click()
            .await
            .unwrap();
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    /// The element's text once it reads `expected` (the next page may still
    /// be loading); after ten seconds, whatever it reads.
    pub async fn text_after(&self, css: &str, expected: &str) -> String {
        for _ in 0..100 {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if element.text().await.is_ok_and(|t| t == expected) {
                    return expected.to_owned();
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.text(css).await
    }

    /// Whether the element's text comes to contain `needle` (ten seconds at
    /// most): the page after a form was sent, not the one before.
    pub async fn text_containing(&self, css: &str, needle: &str) -> bool {
        for _ in 0..100 {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if element.text().await.is_ok_and(|t| t.contains(needle)) {
                    return true;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// The element's text once the element is there (ten seconds at most).
    pub async fn text_when_shown(&self, css: &str) -> String {
        for _ in 0..100 {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    return text;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.text(css).await
    }

    /// Sets a field's value directly (a date input's typing depends on the
    /// browser's locale; the value itself is always yyyy-mm-dd).
    pub async fn set_value(&self, css: &str, value: &str) {
        self.client
            .execute(
                "document.querySelector(arguments[0]).value = arguments[1];",
                vec![css.into(), value.into()],
            )
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
    }

    /// What a form field holds now.
    pub async fn value(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// The page's HTML as the browser has it.
    pub async fn source(&self) -> String {
        self.client.source().await.unwrap()
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Saves a screenshot of the page as `NN-name.png`, after checking the
    /// page with axe-core: every page a browser test shows has no fault.
    /// Types into whatever has the focus, as a keyboard would (`\u{e004}`
    /// is Tab, `\u{e00d}` Space, `\u{e007}` Enter).
    pub async fn keys(&self, text: &str) {
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }

    /// The id of the element with the focus.
    pub async fn focused(&self) -> String {
        self.client
            .execute(
                "return document.activeElement ? document.activeElement.id : '';",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Presses Tab until the field `id` has the focus (at most `max`
    /// times); returns how many presses it took, or panics.
    pub async fn tab_to(&self, id: &str, max: usize) -> usize {
        for pressed in 1..=max {
            self.keys("\u{e004}").await;
            if self.focused().await == id {
                return pressed;
            }
        }
        panic!(
            "#{id} not reached with {max} Tabs (at #{})",
            self.focused().await
        )
    }

    pub async fn shot(&self, name: &str) {
        self.check_accessibility(name).await;
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{n:02}-{name}.png")), png).unwrap();
    }

    /// Runs axe-core on the page as it is and fails on any violation. The
    /// script comes from `tools/axe` (`npm ci --prefix tools/axe`, as CI
    /// does); without it the check is skipped with a message, unless
    /// `HAVEN_TEST_REQUIRE_AXE=1`.
    pub async fn check_accessibility(&self, name: &str) {
        let violations = self.accessibility_faults().await;
        assert!(
            violations.is_empty(),
            "axe-core on {name} ({}): {violations:#?}",
            self.path().await
        );
    }

    /// What axe-core finds wrong with the page as it is (nothing when axe-core is not installed).
    pub async fn accessibility_faults(&self) -> Vec<String> {
        let Some(axe) = axe_source() else {
            return vec![];
        };
        // WebDriver runs scripts outside the page's content security policy.
        let loaded = self
            .client
            .execute(&format!("{axe}\n;return typeof window.axe;"), vec![])
            .await
            .unwrap();
        assert_eq!(loaded, "object", "axe-core loads into the page");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe.run(document).then(
                   r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +
                        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))),
                   e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(found).unwrap()
    }

    pub async fn log_in(&self, username: &str, password: &str) {
        self.goto("/login").await;
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.click("form.card button[type=submit]").await;
        // Wait for the login's answer, so a later `goto` is not overtaken by
        // its redirect: another page, or the form again with an error.
        for _ in 0..100 {
            if self.path().await != "/login" || self.exists("p.error").await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn log_out(&self) {
        self.click("nav.site form button").await;
        self.path_after("/login").await;
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

// Steps of the journey as a user takes them, shared by the browser tests.

/// Opens an action's form on the case page, fills it and sends it; waits
/// for the confirmation page.
pub async fn act(
    browser: &Browser,
    number: &str,
    action: &str,
    texts: &[(&str, &str)],
    selects: &[(&str, String)],
    ticks: &[&str],
) {
    act_dated(browser, number, action, texts, selects, ticks, &[]).await
}

/// [`act`], with dates set as yyyy-mm-dd.
pub async fn act_dated(
    browser: &Browser,
    number: &str,
    action: &str,
    texts: &[(&str, &str)],
    selects: &[(&str, String)],
    ticks: &[&str],
    dates: &[(&str, String)],
) {
    browser.click(&format!("#action-{action} summary")).await;
    for (field, value) in texts {
        browser.fill(&format!("#{action}-{field}"), value).await;
    }
    for (field, value) in selects {
        browser
            .client
            .find(fantoccini::Locator::Css(&format!("#{action}-{field}")))
            .await
            .unwrap_or_else(|e| panic!("{action} {field}: {e}"))
            .select_by_value(value)
            .await
            .unwrap();
    }
    for (field, value) in dates {
        browser
            .set_value(&format!("#{action}-{field}"), value)
            .await;
    }
    for tick in ticks {
        browser.click(&format!("#{action}-{tick}")).await;
    }
    browser
        .click(&format!("#action-{action} button[type=submit]"))
        .await;
    // A referral's answer form is `accept_referral-<no>`; the step is `accept_referral`.
    let step = action.split('-').next().unwrap_or(action);
    let expected = format!("/cases/{number}?done={step}");
    // A step that cannot be undone is confirmed on a second screen.
    let confirming = format!("/cases/{number}/actions/{step}");
    let mut reached = browser.path_after_one_of(&[&expected, &confirming]).await;
    if reached == confirming && browser.exists("#confirm").await {
        assert!(
            !browser.text("#confirm-statement").await.is_empty(),
            "{action}: the second screen says what will happen"
        );
        browser.shot(&format!("{action}-confirm")).await;
        browser.click("#confirm button[value=yes]").await;
        reached = browser.path_after(&expected).await;
    }
    assert_eq!(
        reached,
        expected,
        "{action} was recorded: {}",
        browser.text("main").await
    );
    browser.shot(action).await;
}

/// In the reception wizard, the first commune of the province of reception
/// when none is chosen (an agency above communes has none by default).
pub async fn choose_place_commune(browser: &Browser) {
    browser
        .client
        .execute(
            "var s = document.querySelector('#place_commune'); if (s && !s.value) { s.selectedIndex = 1; }",
            vec![],
        )
        .await
        .unwrap();
}

pub async fn as_user(browser: &Browser, username: &str) {
    if browser.exists("nav.site form button").await {
        browser.log_out().await;
        browser.path_after("/login").await;
    }
    browser
        .log_in(username, haven_testkit::fixtures::PASSWORD)
        .await;
    assert_eq!(browser.path_after("/").await, "/", "{username} logs in");
}

pub async fn open_case(browser: &Browser, number: &str) {
    browser.goto(&format!("/cases/{number}")).await;
    assert_eq!(
        browser
            .text_after("main h1", &format!("Hồ sơ {number}"))
            .await,
        format!("Hồ sơ {number}")
    );
}
