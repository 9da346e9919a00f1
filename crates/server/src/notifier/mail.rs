//! Sending one email through the installation's SMTP server (lettre):
//! STARTTLS or TLS to any server off this machine; plain SMTP only to one
//! on it (a local relay, a test server).

use haven_store::notices::{EmailFailure, OutgoingEmail};
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Where emails go out, from configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// `smtp://host:587?tls=required` (STARTTLS), `smtps://host:465`, or
    /// `smtp://127.0.0.1:25` for a relay on this machine; user and password
    /// go in the URL (`smtp://user:password@host…`).
    pub smtp_url: String,
    /// The sender, as `Haven <haven@agency.gov.vn>`.
    pub from: String,
}

/// A connection's longest wait for the server.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// Refuses a URL that would send in the clear to another machine.
    pub fn new(settings: &MailSettings) -> Result<Mailer, String> {
        let url = url::Url::parse(&settings.smtp_url).map_err(|e| format!("smtp_url: {e}"))?;
        let encrypted = url.scheme() == "smtps"
            || url
                .query_pairs()
                .any(|(k, v)| k == "tls" && v == "required");
        // `smtp` is not a scheme the URL standard knows: its host stays text.
        let host = url.host_str().unwrap_or_default();
        let local = host == "localhost"
            || host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !encrypted && !local {
            return Err(
                "smtp_url: a mail server on another machine needs `?tls=required` (STARTTLS) or `smtps://`"
                    .into(),
            );
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| format!("smtp_url: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = settings
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("mail_from: {e}"))?;
        Ok(Mailer { transport, from })
    }

    pub async fn send(&self, email: &OutgoingEmail) -> Result<(), EmailFailure> {
        let to = email
            .to
            .parse::<Mailbox>()
            .map_err(|_| EmailFailure::Rejected)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|_| EmailFailure::Rejected)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() => Err(EmailFailure::Rejected),
            Err(error) if error.is_transient() => Err(EmailFailure::Refused),
            Err(_) => Err(EmailFailure::Unreachable),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> MailSettings {
        MailSettings {
            smtp_url: url.into(),
            from: "Haven <haven@example.vn>".into(),
        }
    }

    #[test]
    fn plain_smtp_only_to_this_machine() {
        let local = Mailer::new(&settings("smtp://127.0.0.1:2525")).err();
        assert!(local.is_none(), "{local:?}");
        assert!(Mailer::new(&settings("smtp://localhost:25")).is_ok());
        assert!(Mailer::new(&settings("smtp://mail.example.vn:587?tls=required")).is_ok());
        assert!(Mailer::new(&settings("smtps://mail.example.vn")).is_ok());
        let refused = Mailer::new(&settings("smtp://mail.example.vn:25"))
            .err()
            .unwrap_or_default();
        assert!(refused.contains("tls=required"), "{refused}");
        assert!(Mailer::new(&MailSettings {
            from: "not an address".into(),
            ..settings("smtp://127.0.0.1:25")
        })
        .is_err());
    }
}
