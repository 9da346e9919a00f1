//! A small SMTP server for tests: it accepts every message on a fixed
//! loopback port and keeps it, and can be stopped and started again on the
//! same port, to show a mail server going down and coming back.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One message as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caught {
    pub to: Vec<String>,
    /// Headers and body, as sent (DATA).
    pub data: String,
}

impl Caught {
    /// The body as text, decoded from base64 or quoted-printable.
    pub fn text(&self) -> String {
        use base64::Engine;
        let (headers, body) = self.data.split_once("\n\n").unwrap_or((&self.data, ""));
        let headers = headers.to_ascii_lowercase();
        if headers.contains("content-transfer-encoding: base64") {
            let joined: String = body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap(),
            )
            .unwrap()
        } else if headers.contains("content-transfer-encoding: quoted-printable") {
            let unfolded = body.replace("=\n", "");
            let mut bytes = Vec::new();
            let mut rest = unfolded.as_bytes();
            while let Some((&first, tail)) = rest.split_first() {
                if first == b'=' && tail.len() >= 2 {
                    let hex = std::str::from_utf8(&tail[..2]).unwrap();
                    bytes.push(u8::from_str_radix(hex, 16).unwrap());
                    rest = &tail[2..];
                } else {
                    bytes.push(first);
                    rest = tail;
                }
            }
            String::from_utf8(bytes).unwrap()
        } else {
            body.to_owned()
        }
    }
}

pub struct MailCatcher {
    port: u16,
    caught: Arc<Mutex<Vec<Caught>>>,
    task: Option<JoinHandle<()>>,
}

impl MailCatcher {
    /// A free port, not listening yet: the mail server is down.
    pub async fn reserve() -> MailCatcher {
        let probe = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = probe.local_addr().unwrap().port();
        drop(probe);
        MailCatcher {
            port,
            caught: Arc::default(),
            task: None,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts listening (again) on the reserved port.
    pub async fn start(&mut self) {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        let caught = self.caught.clone();
        self.task = Some(tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let caught = caught.clone();
                tokio::spawn(async move {
                    let _ = converse(stream, caught).await;
                });
            }
        }));
    }

    /// Stops listening: connections are refused until `start`.
    pub async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    pub fn caught(&self) -> Vec<Caught> {
        self.caught.lock().unwrap().clone()
    }
}

async fn converse(stream: TcpStream, caught: Arc<Mutex<Vec<Caught>>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 catcher ESMTP\r\n").await?;
    let mut to = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            write.write_all(b"250-catcher\r\n250 8BITMIME\r\n").await?;
        } else if upper.starts_with("MAIL FROM") {
            to.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO") {
            let address = line
                .split_once('<')
                .and_then(|(_, rest)| rest.split_once('>'))
                .map(|(address, _)| address.to_owned())
                .unwrap_or_default();
            to.push(address);
            write.write_all(b"250 OK\r\n").await?;
        } else if upper == "DATA" {
            write.write_all(b"354 go on\r\n").await?;
            let mut data = String::new();
            while let Some(line) = lines.next_line().await? {
                if line == "." {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
                data.push('\n');
            }
            caught.lock().unwrap().push(Caught {
                to: std::mem::take(&mut to),
                data,
            });
            write.write_all(b"250 kept\r\n").await?;
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"250 OK\r\n").await?;
        }
    }
    Ok(())
}
