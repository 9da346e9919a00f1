//! What Haven tells people, and how: the kinds of notice, which of them a
//! user wants by email (each, or gathered in a daily digest), and how a
//! failed email is tried again. A notice carries numbers and codes, never
//! a name: an email leaves Haven's protection.

use crate::code_list::code_list;
use crate::{Violation, Violations};
use chrono::Duration;
use std::collections::BTreeMap;

code_list!(
    /// Something that needs someone.
    NoticeKind {
        /// Another agency referred a case to this one.
        ReferralReceived => "referral_received",
        /// The agency a case was referred to accepted or declined.
        ReferralAnswered => "referral_answered",
        /// Another agency asks whether its person is one of ours.
        LinkRequested => "person_link_requested",
        /// The other agency answered our link request.
        LinkAnswered => "person_link_answered",
        /// The hotline asks this agency to act on an urgent contact.
        ContactDispatched => "contact_dispatched",
        /// An urgent contact the hotline dispatched was not answered in time.
        ContactUnanswered => "contact_unanswered",
        /// A time limit of a case falls due soon.
        DeadlineComing => "deadline_coming",
        /// A time limit of a case has passed undone.
        DeadlineOverdue => "deadline_overdue",
        /// The level above returned a submitted report.
        ReportReturned => "report_returned",
        /// The level above approved a submitted report.
        ReportApproved => "report_approved",
        /// Someone outside the case opened it in an emergency.
        EmergencyAccess => "emergency_access",
        /// An administrator reset the password or removed the second factor.
        AccountChanged => "account_changed",
        /// The scheduled backup of the day failed.
        BackupFailed => "backup_failed",
    }
);

code_list!(
    /// What a notice's `subject_ref` names.
    SubjectKind {
        Case => "case",
        Contact => "contact",
        /// A report: its area and period.
        Report => "report",
        /// The user's own account: nothing to name.
        Account => "account",
        /// A scheduled backup: its day.
        Backup => "backup",
    }
);

code_list!(
    /// Whether a kind of notice also comes by email.
    EmailChoice {
        Off => "off",
        /// One email per notice.
        Each => "each",
        /// One email a day gathering them (deadlines only).
        Daily => "daily",
    }
);

impl NoticeKind {
    pub fn subject(self) -> SubjectKind {
        match self {
            NoticeKind::ReferralReceived
            | NoticeKind::ReferralAnswered
            | NoticeKind::LinkRequested
            | NoticeKind::LinkAnswered
            | NoticeKind::DeadlineComing
            | NoticeKind::DeadlineOverdue
            | NoticeKind::EmergencyAccess => SubjectKind::Case,
            NoticeKind::ContactDispatched | NoticeKind::ContactUnanswered => SubjectKind::Contact,
            NoticeKind::ReportReturned | NoticeKind::ReportApproved => SubjectKind::Report,
            NoticeKind::AccountChanged => SubjectKind::Account,
            NoticeKind::BackupFailed => SubjectKind::Backup,
        }
    }

    /// Deadlines come every day: they may be gathered into one daily email.
    pub fn digestible(self) -> bool {
        match self {
            NoticeKind::DeadlineComing | NoticeKind::DeadlineOverdue => true,
            NoticeKind::ReferralReceived
            | NoticeKind::ReferralAnswered
            | NoticeKind::LinkRequested
            | NoticeKind::LinkAnswered
            | NoticeKind::ContactDispatched
            | NoticeKind::ContactUnanswered
            | NoticeKind::ReportReturned
            | NoticeKind::ReportApproved
            | NoticeKind::EmergencyAccess
            | NoticeKind::AccountChanged
            | NoticeKind::BackupFailed => false,
        }
    }

    /// Until the user chooses: only a change to their own account comes by
    /// email, since it may be someone else's doing.
    pub fn default_choice(self) -> EmailChoice {
        match self {
            // A failed backup puts every record at risk: the administrators hear at once.
            NoticeKind::AccountChanged | NoticeKind::BackupFailed => EmailChoice::Each,
            NoticeKind::ReferralReceived
            | NoticeKind::ReferralAnswered
            | NoticeKind::LinkRequested
            | NoticeKind::LinkAnswered
            | NoticeKind::ContactDispatched
            | NoticeKind::ContactUnanswered
            | NoticeKind::DeadlineComing
            | NoticeKind::DeadlineOverdue
            | NoticeKind::ReportReturned
            | NoticeKind::ReportApproved
            | NoticeKind::EmergencyAccess => EmailChoice::Off,
        }
    }
}

/// A user's choice of what comes by email, and where to.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailSettings {
    /// Where emails go; none: no email at all.
    pub email: Option<String>,
    /// Kinds not named keep their default.
    #[serde(default)]
    pub choices: BTreeMap<NoticeKind, EmailChoice>,
}

impl EmailSettings {
    pub fn choice(&self, kind: NoticeKind) -> EmailChoice {
        self.choices
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_choice())
    }

    /// The address without the spaces around it; an empty one is none.
    pub fn normalised(&self) -> EmailSettings {
        EmailSettings {
            email: self
                .email
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned),
            choices: self.choices.clone(),
        }
    }

    /// An address that looks like one, and one at all when the user asks
    /// for email (a default left as it is needs none: without an address
    /// nothing is sent); a daily digest only for deadlines.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        match &self.email {
            Some(email) => {
                if let Err(broken) = check_email_address(email) {
                    v.push(broken);
                }
            }
            None => {
                let asks = self.choices.iter().any(|(kind, choice)| {
                    *choice != EmailChoice::Off && *choice != kind.default_choice()
                });
                if asks {
                    v.push(Violation::new(
                        "email",
                        "required_for_email",
                        "Hãy ghi địa chỉ thư điện tử để nhận thông báo qua thư.",
                        "Give an email address to receive notices by email.",
                    ));
                }
            }
        }
        for (kind, choice) in &self.choices {
            if *choice == EmailChoice::Daily && !kind.digestible() {
                v.push(Violation::new(
                    format!("choices.{}", kind.code()),
                    "daily_for_deadlines",
                    "Chỉ thông báo về thời hạn mới gộp được thành thư hằng ngày.",
                    "Only deadline notices can be gathered into a daily email.",
                ));
            }
        }
        v.into_result()
    }
}

/// The longest address SMTP carries (RFC 5321).
const EMAIL_MAX_CHARS: usize = 254;

/// One address: `name@domain.tld`, no spaces, not too long. What the mail
/// server then accepts is its own affair.
pub fn check_email_address(email: &str) -> Result<(), Violation> {
    let broken = || {
        Violation::new(
            "email",
            "email_address",
            "Địa chỉ thư điện tử không hợp lệ (dạng ten@coquan.gov.vn).",
            "The email address is not valid (like name@agency.gov.vn).",
        )
    };
    // Printable ASCII without the characters an address header gives a
    // meaning to: what every mail server takes (no SMTPUTF8 needed).
    if email.chars().count() > EMAIL_MAX_CHARS
        || !email
            .chars()
            .all(|c| c.is_ascii_graphic() && !"<>()[]\\,;:\"".contains(c))
    {
        return Err(broken());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(broken());
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@');
    if local.is_empty() || !domain_ok {
        return Err(broken());
    }
    Ok(())
}

/// After this many failed attempts an email is given up (and shown as failed).
pub const MAX_EMAIL_ATTEMPTS: i32 = 12;

/// How long to wait before the next attempt after `attempts` failed ones:
/// 1, 2, 4, … minutes, at most an hour apart, so a mail server down for a
/// morning loses nothing and is not hammered.
pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = attempts.clamp(1, 7) - 1;
    Duration::minutes((1_i64 << doublings).min(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_for_their_shape_only() {
        for good in ["lan@ldtbxh.gov.vn", "a.b+c@x.vn"] {
            assert!(check_email_address(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "lan",
            "@x.vn",
            "lan@",
            "lan@vn",
            "lan @x.vn",
            "lan@x..vn",
            "a@b@c.vn",
            "lan@.x.vn",
            "<a@b.vn>",
            "thu@ví-dụ.vn",
            "a,b@x.vn",
        ] {
            assert_eq!(
                check_email_address(bad).map_err(|v| v.rule),
                Err("email_address"),
                "{bad}"
            );
        }
    }

    #[test]
    fn only_deadlines_may_come_daily() {
        let settings = EmailSettings {
            email: Some("lan@x.vn".into()),
            choices: BTreeMap::from([
                (NoticeKind::DeadlineComing, EmailChoice::Daily),
                (NoticeKind::ReferralReceived, EmailChoice::Daily),
            ]),
        };
        let fields: Vec<String> = settings
            .check()
            .unwrap_err()
            .0
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields, ["choices.referral_received"]);
        assert_eq!(
            settings.choice(NoticeKind::AccountChanged),
            EmailChoice::Each
        );
        assert_eq!(
            settings.choice(NoticeKind::ReportReturned),
            EmailChoice::Off
        );
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|a| retry_delay(a).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
