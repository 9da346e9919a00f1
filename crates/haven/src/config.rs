//! Configuration: built-in defaults, then a TOML file, then `HAVEN_*`
//! environment variables (and `DATABASE_URL`), then command-line flags.

use anyhow::{anyhow, Context, Result};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use haven_access::PermissionTable;
use haven_domain::case::deadlines::DeadlineRules;
use haven_domain::case::entitlements::EntitlementRules;
use haven_domain::case::CaseRules;
use haven_server::ServerSettings;
use haven_store::attachments::AttachmentLimits;
use haven_store::throttle::ThrottlePolicy;
use haven_store::{DatabaseTarget, SessionPolicy, ATTACHMENT_DIR};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const DEFAULT_CONFIG_FILE: &str = "haven.toml";
const ENV_KEYS: &[&str] = &[
    "listen",
    "data_dir",
    "database_url",
    "public_url",
    "log",
    "log_format",
    "session_idle_minutes",
    "session_absolute_hours",
    "attachment_dir",
    "attachment_key_file",
    "audit_key_file",
    "operator",
    "smtp_url",
    "mail_from",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address and port `haven serve` listens on.
    pub listen: String,
    /// Where the embedded SQLite database (and later attachments) live.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL instead of SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// The address users reach Haven at; `https://…` makes cookies Secure.
    pub public_url: Option<String>,
    /// Log filter, e.g. `info` or `haven=debug,info`.
    pub log: String,
    /// `text` or `json`.
    pub log_format: LogFormat,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    /// Where attachment files live; `<data_dir>/attachments` by default.
    pub attachment_dir: Option<PathBuf>,
    /// The attachment encryption keys; outside the data directory by default.
    pub attachment_key_file: Option<PathBuf>,
    /// The key the case histories are sealed with; beside the attachment key by default.
    pub audit_key_file: Option<PathBuf>,
    /// `[attachments]`: size limit and allowed media types.
    pub attachments: AttachmentLimits,
    /// `[deadlines]`: time limits, their sources, and the public holidays.
    pub deadlines: DeadlineRules,
    /// `[entitlements]`: Art. 37 clauses by status.
    pub entitlements: EntitlementRules,
    /// `[limits]`: earliest reception date, largest amount of one service.
    pub limits: haven_domain::case::limits::InputLimits,
    /// `[permissions]`: what each role may do, e.g. `hotline_operator = ["open_case", …]`.
    pub permissions: PermissionTable,
    /// How long a break-the-glass grant lasts.
    pub emergency_access_hours: i64,
    /// Hours an agency has to answer an urgent contact dispatched to it
    /// before it is escalated to the agency above.
    pub hotline_answer_hours: u32,
    /// Failed logins for one account name within `login_lock_minutes` that lock it.
    pub login_max_failures: i32,
    /// Failed logins from one address that lock it.
    pub login_max_failures_per_address: i32,
    pub login_lock_minutes: i64,
    /// Roles that may see identities log in with a second factor (TOTP). `serve --demo` turns it off.
    pub require_second_factor: bool,
    /// Agencies (by code) whose statistics readers see the whole country.
    pub national_agencies: Vec<String>,
    /// Reverse proxies (IP addresses) whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// An indicator catalogue replacing the built-in one (TOML, same layout).
    pub report_catalogue: Option<PathBuf>,
    /// The agency that runs this installation, named in every page's footer.
    pub operator: String,
    /// The mail server notices' emails go through: `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS), `smtps://host:465`, or plain `smtp://127.0.0.1:25` on this machine only.
    /// None: no email; notices stay in the inbox.
    pub smtp_url: Option<String>,
    /// The sender of those emails, e.g. `Haven <haven@agency.gov.vn>`.
    pub mail_from: String,
    /// Days before a case's deadline that its notice comes.
    pub deadline_notice_days: u32,
    /// The hour (Vietnam time, 0–23) after which the daily digest of deadlines goes out.
    pub digest_hour: u32,
    /// The least k of the anonymised victim-level export (2–1000): every
    /// combination of its quasi-identifiers occurs at least k times.
    pub microdata_k: u32,
    /// `[backups]`: an encrypted backup made every day while Haven serves.
    pub backups: BackupConfig,
    /// `[database_pool]`: connections kept and how long a request waits for one.
    pub database_pool: haven_store::PoolSettings,
    /// `[load]`: requests served at once and how long the others wait
    /// before they are answered 503 with `Retry-After`.
    pub load: haven_server::load::LoadLimits,
}

/// `[backups]`: when the day's backup is made, how many are kept, where,
/// and for whom they are encrypted. No `daily_at`: no scheduled backups.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    /// `HH:MM`, Vietnam time.
    pub daily_at: Option<String>,
    /// How many scheduled backups are kept; the oldest go first.
    pub keep: u32,
    /// Where they are written; `<data_dir>-backups` by default.
    pub dir: Option<PathBuf>,
    /// The age public keys (`age1…`) they are encrypted for: at least one.
    /// A passphrase cannot be typed by a schedule.
    pub recipients: Vec<String>,
}

impl Default for BackupConfig {
    fn default() -> Self {
        Self {
            daily_at: None,
            keep: 7,
            dir: None,
            recipients: Vec::new(),
        }
    }
}

/// The most scheduled backups kept.
const MAX_BACKUPS_KEPT: u32 = 366;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./haven-data"),
            database_url: None,
            public_url: None,
            log: "info".into(),
            log_format: LogFormat::Text,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            attachment_dir: None,
            attachment_key_file: None,
            audit_key_file: None,
            attachments: AttachmentLimits::default(),
            deadlines: DeadlineRules::default(),
            entitlements: EntitlementRules::default(),
            limits: haven_domain::case::limits::InputLimits::default(),
            permissions: PermissionTable::default(),
            emergency_access_hours: 4,
            hotline_answer_hours: haven_domain::hotline::DEFAULT_ANSWER_HOURS,
            login_max_failures: 5,
            login_max_failures_per_address: 20,
            login_lock_minutes: 15,
            require_second_factor: true,
            national_agencies: Vec::new(),
            trusted_proxies: Vec::new(),
            report_catalogue: None,
            operator: String::new(),
            smtp_url: None,
            mail_from: "Haven <haven@localhost>".into(),
            deadline_notice_days: 3,
            digest_hour: 7,
            microdata_k: haven_report::ctdc::anonymity::DEFAULT_K,
            backups: BackupConfig::default(),
            database_pool: haven_store::PoolSettings::default(),
            load: haven_server::load::LoadLimits::default(),
        }
    }
}

impl Config {
    /// Reads the file (`path`, or `haven.toml` when present) and the environment.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match path {
            Some(path) if !path.exists() => {
                return Err(anyhow!(
                    "the configuration file {} does not exist",
                    path.display()
                ))
            }
            Some(path) => figment = figment.merge(Toml::file(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                figment = figment.merge(Toml::file(DEFAULT_CONFIG_FILE))
            }
            None => {}
        }
        if let Ok(url) = std::env::var("DATABASE_URL") {
            if !url.trim().is_empty() {
                figment = figment.merge(Serialized::default("database_url", url));
            }
        }
        figment = figment.merge(Env::prefixed("HAVEN_").only(ENV_KEYS));
        figment
            .extract()
            .map_err(|e| anyhow!("configuration: {}", e.to_string().replace('\n', " ")))
    }

    /// The database to use; creates the data directory for SQLite.
    pub fn database_target(&self) -> Result<DatabaseTarget> {
        match self
            .database_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(url) => Ok(DatabaseTarget::from_url(url)?),
            None => {
                let fresh = !self.data_dir.exists();
                std::fs::create_dir_all(&self.data_dir).with_context(|| {
                    format!(
                        "cannot create the data directory {}; choose a writable place with --data-dir",
                        self.data_dir.display()
                    )
                })?;
                // The database and the attachments are for Haven's user alone.
                #[cfg(unix)]
                if fresh {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(
                        &self.data_dir,
                        std::fs::Permissions::from_mode(0o700),
                    )
                    .with_context(|| format!("cannot restrict {}", self.data_dir.display()))?;
                }
                Ok(DatabaseTarget::in_data_dir(&self.data_dir))
            }
        }
    }

    pub fn attachment_dir(&self) -> PathBuf {
        self.attachment_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join(ATTACHMENT_DIR))
    }

    /// `<data_dir>-keys/attachments.key`: beside the data directory, not in
    /// it, so a copy of the data directory alone does not carry the key.
    pub fn attachment_key_file(&self) -> PathBuf {
        self.attachment_key_file
            .clone()
            .unwrap_or_else(|| self.key_dir().join("attachments.key"))
    }

    /// `<data_dir>-keys/audit.key`, beside the attachment key.
    pub fn audit_key_file(&self) -> PathBuf {
        self.audit_key_file
            .clone()
            .unwrap_or_else(|| self.key_dir().join("audit.key"))
    }

    /// The scheduled backups as configured, checked; `None` without `daily_at`.
    pub fn backup_schedule(&self) -> Result<Option<crate::scheduled_backups::Schedule>> {
        let backups = &self.backups;
        let Some(at) = backups.daily_at.as_deref().map(str::trim) else {
            return Ok(None);
        };
        let at = chrono::NaiveTime::parse_from_str(at, "%H:%M").map_err(|_| {
            anyhow!("configuration: backups.daily_at must be a time of day like \"02:30\" (Vietnam time)")
        })?;
        if !(1..=MAX_BACKUPS_KEPT).contains(&backups.keep) {
            return Err(anyhow!(
                "configuration: backups.keep must be from 1 to {MAX_BACKUPS_KEPT}"
            ));
        }
        if backups.recipients.is_empty() {
            return Err(anyhow!(
                "configuration: backups.recipients must name at least one age public key (age1…) the scheduled backups are encrypted for"
            ));
        }
        for recipient in &backups.recipients {
            haven_store::backup::archive::recipient(recipient)
                .map_err(|e| anyhow!("configuration: backups.recipients: {e}"))?;
        }
        Ok(Some(crate::scheduled_backups::Schedule {
            at,
            keep: usize::try_from(backups.keep).unwrap_or(usize::MAX),
            dir: backups
                .dir
                .clone()
                .unwrap_or_else(|| self.beside_data_dir("-backups")),
            recipients: backups.recipients.clone(),
        }))
    }

    fn key_dir(&self) -> PathBuf {
        self.beside_data_dir("-keys")
    }

    /// `<data_dir><suffix>`: beside the data directory, not in it.
    fn beside_data_dir(&self, suffix: &str) -> PathBuf {
        // `data/` and `data` are one directory: its keys are `data-keys`, not `data/-keys`.
        let mut dir = self
            .data_dir
            .components()
            .collect::<PathBuf>()
            .into_os_string();
        dir.push(suffix);
        PathBuf::from(dir)
    }

    pub fn case_rules(&self) -> CaseRules {
        CaseRules {
            entitlements: self.entitlements.clone(),
            deadlines: self.deadlines.clone(),
            limits: self.limits.clone(),
        }
    }

    pub fn server_settings(&self, demo_mode: bool) -> Result<ServerSettings> {
        let catalogue = match &self.report_catalogue {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| anyhow!("report catalogue {}: {e}", path.display()))?;
                haven_report::Catalogue::from_toml(&text)
                    .map_err(|e| anyhow!("report catalogue {}: {e}", path.display()))?
            }
            None => haven_report::Catalogue::built_in(),
        };
        let mut national_agencies = self.national_agencies.clone();
        if demo_mode {
            national_agencies.push(haven_store::demo::NATIONAL_AGENCY.into());
        }
        let operator = match (self.operator.trim(), demo_mode) {
            ("", true) => haven_store::demo::OPERATOR.to_owned(),
            (operator, _) => operator.to_owned(),
        };
        let mail = match self.smtp_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => {
                let mail = haven_server::notifier::MailSettings {
                    smtp_url: url.to_owned(),
                    from: self.mail_from.clone(),
                };
                // Refused now rather than at the first email.
                haven_server::notifier::Mailer::new(&mail)
                    .map_err(|e| anyhow!("configuration: {e}"))?;
                Some(mail)
            }
            Some(_) | None => None,
        };
        if !(2..=haven_server::MAX_MICRODATA_K).contains(&self.microdata_k) {
            return Err(anyhow!(
                "configuration: microdata_k must be from 2 to {}",
                haven_server::MAX_MICRODATA_K
            ));
        }
        let backup_schedule =
            self.backup_schedule()?
                .map(|schedule| haven_server::BackupSchedule {
                    daily_at: schedule.at.format("%H:%M").to_string(),
                    keep: u32::try_from(schedule.keep).unwrap_or(u32::MAX),
                    dir: schedule.dir.display().to_string(),
                    recipients: schedule.recipients.len(),
                });
        Ok(ServerSettings {
            backup_schedule,
            mail,
            microdata_k: self.microdata_k,
            deadline_notice_days: self.deadline_notice_days.min(60),
            digest_hour: self.digest_hour.min(23),
            operator,
            national_agencies,
            trusted_proxies: self.trusted_proxies.clone(),
            catalogue: std::sync::Arc::new(catalogue),
            public_url: self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", self.listen)),
            session: SessionPolicy {
                idle_timeout: chrono::Duration::minutes(self.session_idle_minutes.max(1)),
                absolute_timeout: chrono::Duration::hours(self.session_absolute_hours.max(1)),
            },
            demo_mode,
            permissions: self.permissions.clone(),
            emergency_access_hours: self.emergency_access_hours.clamp(1, 72),
            hotline_answer_hours: self.hotline_answer_hours.clamp(1, 72),
            require_second_factor: self.require_second_factor && !demo_mode,
            throttle: ThrottlePolicy {
                max_failures_per_account: self.login_max_failures.max(1),
                max_failures_per_address: self.login_max_failures_per_address.max(1),
                window: chrono::Duration::minutes(self.login_lock_minutes.max(1)),
                lock_for: chrono::Duration::minutes(self.login_lock_minutes.max(1)),
            },
            header_read_timeout: ServerSettings::default().header_read_timeout,
            load: haven_server::load::LoadLimits {
                max_in_flight: self.load.max_in_flight.clamp(1, 10_000),
                queue_wait_ms: self.load.queue_wait_ms.min(60_000),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(toml: &str) -> Result<Config> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("haven.toml");
        std::fs::write(&path, toml)?;
        Config::load(Some(&path))
    }

    #[test]
    fn mail_in_the_clear_goes_only_to_this_machine() {
        let settings = |url: &str| {
            load(&format!("smtp_url = \"{url}\"\n")).and_then(|c| c.server_settings(false))
        };
        let refused = settings("smtp://mail.example.vn:25")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(refused.contains("tls=required"), "{refused}");
        assert!(settings("smtp://mail.example.vn:587?tls=required")
            .unwrap()
            .mail
            .is_some());
        assert!(settings("smtp://127.0.0.1:2525").unwrap().mail.is_some());
        assert!(load("")
            .unwrap()
            .server_settings(false)
            .unwrap()
            .mail
            .is_none());
    }

    #[test]
    fn rules_come_from_the_file_and_keep_their_defaults_elsewhere() {
        let config = load(
            "[deadlines]\nreferral_answer_days = 7\n\
             [deadlines.calendar]\npublic_holidays = [\"2027-02-05\", \"2027-02-08\"]\nmake_up_working_days = [\"2027-02-06\"]\n\
             [entitlements.clauses]\nforeign_victim = [\"a\", \"b\"]\n\
             [attachments]\nmax_bytes = 1048576\n",
        )
        .unwrap();
        let rules = config.case_rules();
        assert_eq!(rules.deadlines.referral_answer_days, 7);
        assert_eq!(rules.deadlines.verify_initial_information_days, 3);
        assert_eq!(rules.deadlines.calendar.public_holidays.len(), 2);
        let friday = chrono::NaiveDate::from_ymd_opt(2027, 2, 4).unwrap();
        assert_eq!(
            rules.deadlines.calendar.add_working_days(friday, 1),
            chrono::NaiveDate::from_ymd_opt(2027, 2, 6).unwrap(),
            "Saturday 6 February is worked in exchange"
        );
        assert_eq!(
            rules.deadlines.calendar.add_working_days(friday, 2),
            chrono::NaiveDate::from_ymd_opt(2027, 2, 9).unwrap()
        );
        let foreign = &rules.entitlements.clauses
            [&haven_domain::case::entitlements::EntitlementStatus::ForeignVictim];
        assert_eq!(foreign, &["a", "b"]);
        assert_eq!(
            rules.entitlements.clauses.len(),
            6,
            "other statuses keep the law's defaults"
        );
        assert_eq!(config.attachments.max_bytes, 1_048_576);
        assert!(!config.attachments.allowed_types.is_empty());
    }

    #[test]
    fn a_misspelt_rule_is_refused() {
        let error = load("[deadlines]\nreferal_answer_days = 7\n").unwrap_err();
        assert!(error.to_string().contains("referal_answer_days"), "{error}");
    }
}
