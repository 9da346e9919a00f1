//! Webhooks: other systems told when something happens in Haven. A
//! delivery leaves Haven's protection, so it carries the kind of event, a
//! number, agency codes, a time and a link — never a name, an address or a
//! note. An endpoint is an HTTPS address an administrator registers for the
//! kinds it wants.

use crate::code_list::code_list;
use crate::{Violation, Violations};

code_list!(
    /// Something that happened that another system may want to know of.
    WebhookEvent {
        /// A person was received: a case opened.
        CaseOpened => "case_opened",
        /// A case was referred to another agency.
        ReferralSent => "referral_sent",
        /// The agency a case was referred to accepted or declined.
        ReferralAnswered => "referral_answered",
        /// A case was closed.
        CaseClosed => "case_closed",
        /// An agency submitted a statistics report to the level above.
        ReportSubmitted => "report_submitted",
        /// The level above returned a submitted report.
        ReportReturned => "report_returned",
        /// The level above approved a submitted report.
        ReportApproved => "report_approved",
        /// The hotline dispatched an urgent contact to an agency.
        ContactDispatched => "contact_dispatched",
    }
);

/// What a delivery's `subject` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookSubject {
    Case,
    /// A report: `area/period`.
    Report,
    Contact,
}

impl WebhookEvent {
    pub fn subject(self) -> WebhookSubject {
        match self {
            WebhookEvent::CaseOpened
            | WebhookEvent::ReferralSent
            | WebhookEvent::ReferralAnswered
            | WebhookEvent::CaseClosed => WebhookSubject::Case,
            WebhookEvent::ReportSubmitted
            | WebhookEvent::ReportReturned
            | WebhookEvent::ReportApproved => WebhookSubject::Report,
            WebhookEvent::ContactDispatched => WebhookSubject::Contact,
        }
    }
}

/// The longest endpoint address kept.
pub const ENDPOINT_URL_MAX_CHARS: usize = 500;

/// After this many failed attempts a delivery is given up.
pub const MAX_DELIVERY_ATTEMPTS: i32 = 12;

/// An endpoint an administrator registers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewEndpoint {
    /// `https://…`; plain `http://` only to this machine (a local relay or a test).
    pub url: String,
    /// The kinds of event it is sent; at least one.
    pub events: Vec<WebhookEvent>,
}

impl NewEndpoint {
    /// The address trimmed and the kinds each once, in a stable order.
    pub fn normalised(&self) -> NewEndpoint {
        let mut events = self.events.clone();
        events.sort();
        events.dedup();
        NewEndpoint {
            url: self.url.trim().to_owned(),
            events,
        }
    }

    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        if let Err(broken) = check_endpoint_url(&self.url) {
            v.push(broken);
        }
        if self.events.is_empty() {
            v.push(Violation::new(
                "events",
                "required",
                "Hãy chọn ít nhất một loại sự kiện.",
                "Choose at least one kind of event.",
            ));
        }
        v.into_result()
    }
}

/// An absolute `https` address without credentials or fragment; `http`
/// only to the loopback, where nothing crosses a network.
pub fn check_endpoint_url(text: &str) -> Result<(), Violation> {
    let broken = |rule: &'static str, vi: &str, en: &str| Violation::new("url", rule, vi, en);
    if text.trim().is_empty() {
        return Err(broken(
            "required",
            "Hãy ghi địa chỉ nhận (https://…).",
            "Give the receiving address (https://…).",
        ));
    }
    // Spaces, control characters and direction marks could hide what an
    // address really is on the page that lists it.
    let hidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if text.trim().chars().any(hidden) {
        return Err(broken(
            "characters",
            "Địa chỉ không được chứa khoảng trắng, ký tự điều khiển hay ký tự đổi chiều chữ.",
            "The address must not hold spaces, control characters or direction marks.",
        ));
    }
    if text.chars().count() > ENDPOINT_URL_MAX_CHARS {
        return Err(broken(
            "max_length",
            "Địa chỉ dài quá 500 ký tự.",
            "The address is longer than 500 characters.",
        ));
    }
    let Ok(parsed) = url::Url::parse(text.trim()) else {
        return Err(broken(
            "url",
            "Địa chỉ không hợp lệ (dạng https://hethong.gov.vn/haven).",
            "The address is not valid (like https://system.gov.vn/haven).",
        ));
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(broken(
            "no_credentials",
            "Địa chỉ không được chứa tên đăng nhập hay mật khẩu: việc xác thực dùng chữ ký.",
            "The address must not hold a user name or password: deliveries are signed instead.",
        ));
    }
    if parsed.fragment().is_some() {
        return Err(broken(
            "no_fragment",
            "Địa chỉ không được có phần sau dấu #.",
            "The address must not have a part after #.",
        ));
    }
    let loopback = match parsed.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" if parsed.host().is_some() => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(broken(
            "https",
            "Địa chỉ phải bắt đầu bằng https:// (http:// chỉ dùng cho chính máy chủ này).",
            "The address must start with https:// (http:// only to this machine itself).",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_https_or_this_machine() {
        for good in [
            "https://hethong.gov.vn/haven",
            "https://10.0.0.5:8443/in",
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
            "http://[::1]:8080/",
        ] {
            assert_eq!(
                check_endpoint_url(good).map_err(|v| v.rule),
                Ok(()),
                "{good}"
            );
        }
        for (bad, rule) in [
            ("", "required"),
            ("hethong.gov.vn", "url"),
            ("http://hethong.gov.vn/haven", "https"),
            ("ftp://hethong.gov.vn", "https"),
            ("http://127.0.0.1.example.com/", "https"),
            ("https://user:pw@hethong.gov.vn/", "no_credentials"),
            ("https://hethong.gov.vn/#x", "no_fragment"),
            ("https://hethong.gov.vn/a b", "characters"),
            ("https://hethong.gov.vn/\u{202e}lmth", "characters"),
            ("https://hethong.gov.vn/\0", "characters"),
        ] {
            assert_eq!(
                check_endpoint_url(bad).map_err(|v| v.rule),
                Err(rule),
                "{bad}"
            );
        }
        let long = format!("https://x.vn/{}", "a".repeat(ENDPOINT_URL_MAX_CHARS));
        assert_eq!(
            check_endpoint_url(&long).map_err(|v| v.rule),
            Err("max_length")
        );
    }

    #[test]
    fn an_endpoint_wants_at_least_one_kind_each_once() {
        let new = NewEndpoint {
            url: " https://x.vn/in ".into(),
            events: vec![
                WebhookEvent::CaseClosed,
                WebhookEvent::CaseOpened,
                WebhookEvent::CaseClosed,
            ],
        };
        let normal = new.normalised();
        assert_eq!(normal.url, "https://x.vn/in");
        assert_eq!(
            normal.events,
            vec![WebhookEvent::CaseOpened, WebhookEvent::CaseClosed]
        );
        let none = NewEndpoint {
            url: normal.url,
            events: vec![],
        };
        let rules: Vec<_> = none
            .check()
            .unwrap_err()
            .0
            .into_iter()
            .map(|v| (v.field, v.rule))
            .collect();
        assert_eq!(rules, vec![("events".to_owned(), "required")]);
    }
}
