//! The `haven` binary as an operator meets it: real processes, real ports,
//! real databases. Bad configuration must give one actionable line and a
//! non-zero exit, never a panic.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_testkit::{database_url, with_database, Backend};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn haven(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_haven"));
    command
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("HAVEN_CONFIG")
        .env("HAVEN_LOG", "warn");
    command
}

fn run(command: &mut Command) -> Output {
    command.stdin(Stdio::null()).output().expect("run haven")
}

/// Exactly one line on stderr, starting "haven: error:", and a failure exit.
fn assert_one_line_error(output: &Output, expected: &[&str]) -> String {
    assert!(!output.status.success(), "should fail");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line, got: {stderr}");
    assert!(lines[0].starts_with("haven: error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for needle in expected {
        assert!(stderr.contains(needle), "expected {needle:?} in {stderr}");
    }
    stderr
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn an_unknown_database_scheme_is_refused_with_the_accepted_forms() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        haven(&["migrate", "--data-dir", dir.path().to_str().unwrap()])
            .env("DATABASE_URL", "mysql://root@localhost/haven"),
    );
    assert_one_line_error(&output, &["'mysql'", "postgres://"]);
}

#[test]
fn an_unreachable_postgres_names_the_server_to_check_and_hides_the_password() {
    let port = free_port();
    let url = format!("postgres://haven:secret-pw@127.0.0.1:{port}/haven");
    let output = run(haven(&["migrate"]).env("DATABASE_URL", &url));
    let stderr = assert_one_line_error(
        &output,
        &[
            "cannot connect",
            &format!("127.0.0.1:{port}"),
            "DATABASE_URL",
        ],
    );
    assert!(!stderr.contains("secret-pw"));
}

#[test]
fn an_unwritable_data_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let data_dir = file.join("haven-data");
    let output = run(&mut haven(&[
        "migrate",
        "--data-dir",
        data_dir.to_str().unwrap(),
    ]));
    assert_one_line_error(&output, &["cannot create the data directory", "--data-dir"]);
}

#[test]
fn a_port_in_use_is_named() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let output = run(&mut haven(&[
        "serve",
        "--listen",
        &address,
        "--data-dir",
        &data_in(&dir),
    ]));
    assert_one_line_error(&output, &[&address, "already in use", "--listen"]);
}

#[test]
fn a_configuration_file_with_an_unknown_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("haven.toml");
    std::fs::write(&config, "listn = \"127.0.0.1:1\"\n").unwrap();
    let output = run(&mut haven(&[
        "--config",
        config.to_str().unwrap(),
        "migrate",
    ]));
    assert_one_line_error(&output, &["configuration", "listn"]);
    let output = run(&mut haven(&[
        "--config",
        dir.path().join("missing.toml").to_str().unwrap(),
        "migrate",
    ]));
    assert_one_line_error(&output, &["does not exist"]);
}

#[test]
fn configuration_comes_from_file_then_environment() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("from-file");
    let from_env = dir.path().join("from-env");
    let config = dir.path().join("haven.toml");
    std::fs::write(
        &config,
        format!("data_dir = {:?}\n", from_file.to_str().unwrap()),
    )
    .unwrap();
    let output = run(&mut haven(&[
        "--config",
        config.to_str().unwrap(),
        "migrate",
    ]));
    assert!(output.status.success(), "{output:?}");
    assert!(from_file.join("haven.sqlite").exists());
    let output =
        run(haven(&["--config", config.to_str().unwrap(), "migrate"])
            .env("HAVEN_DATA_DIR", &from_env));
    assert!(output.status.success(), "{output:?}");
    assert!(
        from_env.join("haven.sqlite").exists(),
        "HAVEN_DATA_DIR overrides the file"
    );
}

/// Starts `haven serve`, waits for /readyz, and returns the process, its base URL and the wait.
async fn start_serving(
    args: &[&str],
    database_url: Option<&str>,
) -> (std::process::Child, String, Duration) {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut command = haven(&[&["serve", "--listen", &listen], args].concat());
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://{listen}");
    let started = Instant::now();
    let http = reqwest::Client::new();
    loop {
        if let Ok(r) = http.get(format!("{base}/readyz")).send().await {
            if r.status() == 200 {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never became ready"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (child, base, started.elapsed())
}

fn terminate(child: &mut std::process::Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "graceful shutdown exits 0, got {exit:?}");
}

async fn serve_on(backend: Backend) {
    with_database(backend, |target| async move {
        let dir = tempfile::tempdir().unwrap();
        let url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(database_url(&target)),
        };
        let (mut child, base, waited) =
            start_serving(&["--data-dir", &data_in(&dir)], url.as_deref()).await;
        eprintln!("{backend:?}: /readyz green {waited:?} after start on an empty database");
        let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
        assert_eq!(health.status(), 200);
        let login = reqwest::get(format!("{base}/login"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !login.contains("haven-demo-2025"),
            "a normal start never shows demo passwords"
        );
        terminate(&mut child);
        if backend == Backend::Sqlite {
            assert!(dir.path().join("data").join("haven.sqlite").exists());
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_starts_on_an_empty_sqlite_directory_and_stops_on_sigterm() {
    serve_on(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_starts_on_an_empty_postgres_database_and_stops_on_sigterm() {
    serve_on(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_demo_loads_the_demo_and_lets_its_users_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, base, _) = start_serving(&["--demo", "--data-dir", &data_in(&dir)], None).await;
    let page = reqwest::get(format!("{base}/login"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("haven-demo-2025") && page.contains("border.guard"));
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let me = http
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": "border.guard", "password": "haven-demo-2025"}))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let agencies: Vec<serde_json::Value> = http
        .get(format!("{base}/api/v1/agencies"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(agencies.len() >= 10);
    terminate(&mut child);
    // A second start with --demo keeps the data and does not load it twice.
    let (mut child, base, _) = start_serving(&["--demo", "--data-dir", &data_in(&dir)], None).await;
    let page = reqwest::get(format!("{base}/login"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("haven-demo-2025"));
    terminate(&mut child);
}

#[test]
fn users_and_agencies_are_created_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = &data_in(&dir);
    let no_agency = run(&mut haven(&[
        "user",
        "add",
        "--data-dir",
        data,
        "--username",
        "lan",
        "--display-name",
        "Lan",
        "--agency",
        "HNI-SYT",
        "--role",
        "social_worker",
    ]));
    assert_one_line_error(&no_agency, &["HNI-SYT", "haven agency add"]);
    let agency = run(&mut haven(&[
        "agency",
        "add",
        "--data-dir",
        data,
        "--code",
        "HNI-SYT",
        "--name",
        "Sở Y tế Hà Nội",
        "--sector",
        "social_affairs",
        "--unit",
        "2025/01",
    ]));
    assert!(agency.status.success(), "{agency:?}");
    let bad_sector = run(&mut haven(&[
        "agency",
        "add",
        "--data-dir",
        data,
        "--code",
        "X-1",
        "--name",
        "X",
        "--sector",
        "bakery",
        "--unit",
        "2025/01",
    ]));
    assert_one_line_error(&bad_sector, &["sector", "known_code"]);
    let mut add = haven(&[
        "user",
        "add",
        "--data-dir",
        data,
        "--username",
        "lan",
        "--display-name",
        "Lan",
        "--agency",
        "HNI-SYT",
        "--role",
        "social_worker",
        "--password-stdin",
    ]);
    add.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = add.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("system_admin"),
        "the first user is an administrator: {stdout}"
    );
    assert!(!stdout.contains("a long enough password"));
    let second = run(&mut haven(&[
        "user",
        "add",
        "--data-dir",
        data,
        "--username",
        "minh",
        "--display-name",
        "Minh",
        "--agency",
        "HNI-SYT",
        "--role",
        "police_officer",
    ]));
    assert!(second.status.success());
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(stdout.contains("Password (shown once"), "{stdout}");
    assert!(!stdout.contains("system_admin"));
    let bad_role = run(&mut haven(&[
        "user",
        "add",
        "--data-dir",
        data,
        "--username",
        "hoa",
        "--display-name",
        "Hoa",
        "--agency",
        "HNI-SYT",
        "--role",
        "king",
    ]));
    assert_one_line_error(&bad_role, &["unknown role 'king'"]);
    let token = run(&mut haven(&[
        "user",
        "token",
        "--data-dir",
        data,
        "--username",
        "lan",
        "--name",
        "export",
    ]));
    assert!(String::from_utf8_lossy(&token.stdout)
        .trim()
        .starts_with("hvn_"));
    let revoke = run(&mut haven(&[
        "user",
        "revoke",
        "--data-dir",
        data,
        "--username",
        "lan",
    ]));
    assert!(revoke.status.success(), "{revoke:?}");
    assert!(
        String::from_utf8_lossy(&revoke.stdout)
            .contains("0 sessions ended and 1 API tokens revoked"),
        "{revoke:?}"
    );
    let reset = run(&mut haven(&[
        "user",
        "reset-password",
        "--data-dir",
        data,
        "--username",
        "lan",
        "--second-factor",
    ]));
    assert!(reset.status.success(), "{reset:?}");
    let stdout = String::from_utf8_lossy(&reset.stdout);
    assert!(
        stdout.contains("Temporary password (shown once"),
        "{stdout}"
    );
    assert!(stdout.contains("Second factor of lan removed"), "{stdout}");
    let unknown = run(&mut haven(&[
        "user",
        "revoke",
        "--data-dir",
        data,
        "--username",
        "nobody",
    ]));
    assert_one_line_error(&unknown, &["no user 'nobody'"]);
}

async fn copy_demo_to(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let data = &data_in(&dir);
    let demo = run(&mut haven(&["demo", "--data-dir", data]));
    assert!(demo.status.success(), "{demo:?}");
    let from = format!(
        "sqlite://{}",
        Path::new(data).join("haven.sqlite").display()
    );
    with_database(backend, |target| async move {
        let to = database_url(&target);
        let output = run(&mut haven(&["copy-db", "--from", &from, "--to", &to]));
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("identical in every table"), "{stdout}");
        assert!(
            stdout
                .lines()
                .any(|l| l.trim_start().starts_with("users") && l.contains(" 16 rows")),
            "{stdout}"
        );
        let again = run(&mut haven(&["copy-db", "--from", &from, "--to", &to]));
        assert_one_line_error(&again, &["not empty"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_db_moves_the_demo_from_sqlite_to_postgres() {
    copy_demo_to(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_db_moves_the_demo_from_sqlite_to_sqlite() {
    copy_demo_to(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_passes_on_the_demo_and_fails_on_a_tampered_database() {
    use sea_orm::{ConnectionTrait, Statement};
    let dir = tempfile::tempdir().unwrap();
    let data = &data_in(&dir);
    assert!(run(&mut haven(&["demo", "--data-dir", data]))
        .status
        .success());
    let verified = run(&mut haven(&["audit", "verify", "--data-dir", data]));
    assert!(verified.status.success(), "{verified:?}");
    let verified_out = String::from_utf8_lossy(&verified.stdout);
    assert!(verified_out.contains("9 case histories verified"));
    assert!(verified_out.contains("every attachment file matches its checksum"));
    let url = format!(
        "sqlite://{}",
        Path::new(data).join("haven.sqlite").display()
    );
    let db = sea_orm::Database::connect(&url).await.unwrap();
    db.execute(Statement::from_string(
        db.get_database_backend(),
        "UPDATE case_history SET reason = 'sửa ngoài Haven' WHERE case_id = 4 AND seq = 3",
    ))
    .await
    .unwrap();
    db.close().await.unwrap();
    let demo_file = std::fs::read_dir(Path::new(data).join("attachments"))
        .unwrap()
        .next()
        .expect("the demo has one attachment")
        .unwrap()
        .path();
    std::fs::remove_file(demo_file).unwrap();
    let tampered = run(&mut haven(&["audit", "verify", "--data-dir", data]));
    assert!(!tampered.status.success());
    let stdout = String::from_utf8_lossy(&tampered.stdout);
    assert!(
        stdout.contains("HNI-2026-000003: history altered at entry 3"),
        "{stdout}"
    );
    assert!(
        stdout.contains("LCI-2026-000001: attachment 1: file missing"),
        "{stdout}"
    );
    assert_one_line_error(
        &tampered,
        &["1 of 9 case histories were altered", "1 attachment files"],
    );
}

/// A data directory inside the test's temporary directory, so the key file
/// beside it (`<data>-keys/`) is removed with it.
fn data_in(dir: &tempfile::TempDir) -> String {
    dir.path().join("data").to_string_lossy().into_owned()
}

#[test]
fn attachments_are_encrypted_and_the_key_rotates() {
    let dir = tempfile::tempdir().unwrap();
    let data = &data_in(&dir);
    assert!(run(&mut haven(&["demo", "--data-dir", data]))
        .status
        .success());
    let key_file = dir.path().join("data-keys").join("attachments.key");
    assert!(
        key_file.exists(),
        "the key lives beside the data directory, not in it"
    );
    let stored = || {
        let entry = std::fs::read_dir(Path::new(data).join("attachments"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        std::fs::read(entry.path()).unwrap()
    };
    let before = stored();
    assert!(
        !String::from_utf8_lossy(&before).contains("BIÊN BẢN"),
        "no plaintext at rest"
    );
    let key_before = std::fs::read_to_string(&key_file).unwrap();
    let rotated = run(&mut haven(&["keys", "rotate", "--data-dir", data]));
    assert!(rotated.status.success(), "{rotated:?}");
    assert!(String::from_utf8_lossy(&rotated.stdout).contains("1 files re-encrypted"));
    assert_ne!(std::fs::read_to_string(&key_file).unwrap(), key_before);
    assert_ne!(stored(), before);
    let verified = run(&mut haven(&["audit", "verify", "--data-dir", data]));
    assert!(verified.status.success(), "{verified:?}");

    std::fs::remove_file(&key_file).unwrap();
    let output = run(&mut haven(&["audit", "verify", "--data-dir", data]));
    assert_one_line_error(&output, &["attachment key file", "is missing", "restore"]);
}

#[test]
fn the_audit_key_rotates_an_interrupted_rotation_finishes_and_a_wrong_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = &data_in(&dir);
    assert!(run(&mut haven(&["demo", "--data-dir", data]))
        .status
        .success());
    let key_file = dir.path().join("data-keys").join("audit.key");
    let old_key = std::fs::read_to_string(&key_file).unwrap();
    let rotated = run(&mut haven(&["keys", "rotate", "--data-dir", data]));
    assert!(rotated.status.success(), "{rotated:?}");
    assert!(
        String::from_utf8_lossy(&rotated.stdout).contains("9 case histories re-sealed"),
        "{rotated:?}"
    );
    let new_key = std::fs::read_to_string(&key_file).unwrap();
    assert_ne!(new_key, old_key);
    assert!(run(&mut haven(&["audit", "verify", "--data-dir", data]))
        .status
        .success());

    // The old key is not the one that sealed the histories: named and refused.
    std::fs::write(&key_file, &old_key).unwrap();
    let refused = run(&mut haven(&["audit", "verify", "--data-dir", data]));
    assert_one_line_error(&refused, &["is not the key that sealed", "restore"]);

    // As a rotation stopped after the database was re-sealed: the new key
    // still pending beside the old one is put in place at the next start.
    let pending = dir.path().join("data-keys").join("audit.key.next");
    std::fs::write(&pending, &new_key).unwrap();
    let finished = run(&mut haven(&["audit", "verify", "--data-dir", data]));
    assert!(finished.status.success(), "{finished:?}");
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), new_key);
    assert!(!pending.exists());

    // As a rotation stopped before the database was re-sealed: the pending key is dropped.
    std::fs::write(&pending, &old_key).unwrap();
    assert!(run(&mut haven(&["audit", "verify", "--data-dir", data]))
        .status
        .success());
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), new_key);
    assert!(!pending.exists());
}

/// `haven report` and `haven export ctdc` write the bytes the API gives the
/// same user, and refuse whom the API refuses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_and_ctdc_files_from_the_command_line_are_the_apis() {
    let dir = tempfile::tempdir().unwrap();
    let data = &data_in(&dir);
    let (mut child, base, _) = start_serving(&["--demo", "--data-dir", data], None).await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = http
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": "ministry", "password": "haven-demo-2025"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let mut from_api = Vec::new();
    for path in [
        "/api/v1/statistics/report.csv?period=2025-2026&area=VN",
        "/api/v1/statistics/report?period=2025-2026&area=01",
        "/api/v1/statistics/microdata.csv?period=2025&k=10",
    ] {
        let response = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        from_api.push(response.bytes().await.unwrap().to_vec());
    }
    terminate(&mut child);

    let out = dir.path().join("files");
    std::fs::create_dir(&out).unwrap();
    let file = |name: &str| out.join(name).to_string_lossy().into_owned();
    for (args, index) in [
        (
            vec![
                "report",
                "--period",
                "2025-2026",
                "--area",
                "VN",
                "--format",
                "csv",
                "--user",
                "ministry",
                "--out",
                &file("r.csv"),
            ],
            0,
        ),
        (
            vec![
                "export",
                "ctdc",
                "--period",
                "2025",
                "--user",
                "ministry",
                "--out",
                &file("c.csv"),
            ],
            2,
        ),
    ] {
        let output = run(haven(&args).args(["--data-dir", data]));
        assert!(output.status.success(), "{output:?}");
        let written = std::fs::read(args.last().unwrap()).unwrap();
        assert_eq!(written, from_api[index], "{args:?}");
        if index == 2 {
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(stdout.contains("k=10; persons="), "{stdout}");
        }
    }
    let json = run(haven(&[
        "report",
        "--period",
        "2025-2026",
        "--area",
        "01",
        "--format",
        "json",
        "--user",
        "ministry",
        "--out",
        &file("r.json"),
    ])
    .args(["--data-dir", data]));
    assert!(json.status.success(), "{json:?}");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(file("r.json")).unwrap()).unwrap();
    let served: serde_json::Value = serde_json::from_slice(&from_api[1]).unwrap();
    assert_eq!(written, served);
    for format in ["xlsx", "pdf"] {
        let name = file(&format!("r.{format}"));
        let output = run(haven(&[
            "report",
            "--period",
            "2026",
            "--format",
            format,
            "--user",
            "statistician",
            "--out",
            &name,
        ])
        .args(["--data-dir", data]));
        assert!(output.status.success(), "{output:?}");
        let bytes = std::fs::read(&name).unwrap();
        assert!(
            bytes.starts_with(if format == "pdf" { b"%PDF" } else { b"PK" }),
            "{format}"
        );
    }

    // Refused as the API refuses: a province's statistician, the country; anyone, microdata.
    let refused = run(haven(&[
        "report",
        "--period",
        "2026",
        "--area",
        "VN",
        "--format",
        "csv",
        "--user",
        "statistician",
        "--out",
        &file("x.csv"),
    ])
    .args(["--data-dir", data]));
    assert_one_line_error(&refused, &["may not"]);
    let refused = run(haven(&[
        "export",
        "ctdc",
        "--period",
        "2026",
        "--user",
        "statistician",
        "--out",
        &file("x.csv"),
    ])
    .args(["--data-dir", data]));
    assert_one_line_error(&refused, &["statistics readers of a national agency"]);
    let too_small = run(haven(&[
        "export",
        "ctdc",
        "--period",
        "2026",
        "--k",
        "3",
        "--user",
        "ministry",
        "--out",
        &file("x.csv"),
    ])
    .args(["--data-dir", data]));
    assert_one_line_error(&too_small, &["k must be from 10"]);
    let nobody = run(haven(&[
        "report",
        "--period",
        "2026",
        "--format",
        "csv",
        "--user",
        "nobody",
        "--out",
        &file("x.csv"),
    ])
    .args(["--data-dir", data]));
    assert_one_line_error(&nobody, &["no active user named nobody"]);
    assert!(
        !out.join("x.csv").exists(),
        "nothing is written when refused"
    );
}

/// `haven backup` of the demo on SQLite, restored into PostgreSQL with its
/// passphrase; a backup of that for an age key, restored into SQLite; the
/// counts and the audit hold each time, and a wrong passphrase, an altered
/// archive and missing keys are refused with one line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_restore_from_sqlite_to_postgres_and_back() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let data = &data_in(&dir);
    assert!(run(&mut haven(&["demo", "--data-dir", data]))
        .status
        .success());
    let with_stdin = |args: &[&str], input: &str, database: Option<&str>| {
        let mut command = haven(args);
        if let Some(url) = database {
            command.env("DATABASE_URL", url);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let archive = dir.path().join("haven.age").to_string_lossy().into_owned();
    let passphrase = "một cụm mật khẩu đủ dài\n";
    let short = with_stdin(
        &[
            "backup",
            "--data-dir",
            data,
            "--to",
            &archive,
            "--passphrase-stdin",
        ],
        "ngắn\n",
        None,
    );
    assert_one_line_error(&short, &["at least 12 characters"]);
    let taken = with_stdin(
        &[
            "backup",
            "--data-dir",
            data,
            "--to",
            &archive,
            "--passphrase-stdin",
        ],
        passphrase,
        None,
    );
    assert!(taken.status.success(), "{taken:?}");
    let said = String::from_utf8_lossy(&taken.stdout);
    assert!(
        said.contains("1 attachment files") && said.contains("The keys are not in it"),
        "{said}"
    );
    let keys = format!("{data}-keys");
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(
        beside.is_empty(),
        "no unencrypted copy beside the backup: {beside:?}"
    );
    let nowhere = dir
        .path()
        .join("no-such-data")
        .to_string_lossy()
        .into_owned();
    let mistyped = with_stdin(
        &[
            "backup",
            "--data-dir",
            &nowhere,
            "--to",
            &archive,
            "--passphrase-stdin",
        ],
        passphrase,
        None,
    );
    assert_one_line_error(&mistyped, &["does not exist", "check --data-dir"]);
    assert!(
        !Path::new(&nowhere).exists(),
        "a backup never creates an installation"
    );
    // `data/` is the same directory as `data`: its keys are `data-keys`.
    let slashed = format!("{data}/");
    let again = with_stdin(
        &[
            "backup",
            "--data-dir",
            &slashed,
            "--to",
            &format!("{archive}.2"),
            "--passphrase-stdin",
        ],
        passphrase,
        None,
    );
    assert!(again.status.success(), "{again:?}");
    assert!(!Path::new(data).join("-keys").exists());
    // Keys of another installation.
    let other = dir.path().join("other").to_string_lossy().into_owned();
    assert!(run(&mut haven(&["audit", "verify", "--data-dir", &other]))
        .status
        .success());
    let other_keys = format!("{other}-keys");

    with_database(Backend::Postgres, |target| async move {
        let url = database_url(&target);
        // On PostgreSQL too, a data directory that does not exist (where the
        // attachment files would be) is refused, not backed up without them.
        let mistyped = with_stdin(
            &[
                "backup",
                "--data-dir",
                &nowhere,
                "--to",
                &archive,
                "--passphrase-stdin",
            ],
            passphrase,
            Some(&url),
        );
        assert_one_line_error(&mistyped, &["does not exist", "check --data-dir"]);
        assert!(!Path::new(&nowhere).exists() && !Path::new(&format!("{nowhere}-keys")).exists());
        let restored = tempfile::tempdir().unwrap();
        let restored_data = &data_in(&restored);
        let no_keys = with_stdin(
            &[
                "restore",
                "--data-dir",
                restored_data,
                "--from",
                &archive,
                "--passphrase-stdin",
            ],
            passphrase,
            Some(&url),
        );
        assert_one_line_error(&no_keys, &["audit.key is missing"]);
        let restored_keys = format!("{restored_data}-keys");
        std::fs::create_dir_all(&restored_keys).unwrap();
        // The other installation's audit key, this one's attachment key.
        for (from, key) in [(&other_keys, "audit.key"), (&keys, "attachments.key")] {
            std::fs::copy(
                Path::new(from).join(key),
                Path::new(&restored_keys).join(key),
            )
            .unwrap();
        }
        let wrong_keys = with_stdin(
            &[
                "restore",
                "--data-dir",
                restored_data,
                "--from",
                &archive,
                "--passphrase-stdin",
            ],
            passphrase,
            Some(&url),
        );
        assert_one_line_error(&wrong_keys, &["do not verify under the audit key"]);
        assert!(
            !Path::new(restored_data).exists(),
            "refused before anything is written"
        );
        for key in ["audit.key", "attachments.key"] {
            std::fs::copy(
                Path::new(&keys).join(key),
                Path::new(&restored_keys).join(key),
            )
            .unwrap();
        }
        let wrong = with_stdin(
            &[
                "restore",
                "--data-dir",
                restored_data,
                "--from",
                &archive,
                "--passphrase-stdin",
            ],
            "không phải mật khẩu này\n",
            Some(&url),
        );
        assert_one_line_error(&wrong, &["does not open this backup"]);
        assert!(
            !Path::new(restored_data).exists(),
            "refused before anything is written"
        );
        let mut altered = std::fs::read(&archive).unwrap();
        let middle = altered.len() / 2;
        altered[middle] ^= 4;
        let altered_archive = format!("{archive}.altered");
        std::fs::write(&altered_archive, altered).unwrap();
        let refused = with_stdin(
            &[
                "restore",
                "--data-dir",
                restored_data,
                "--from",
                &altered_archive,
                "--passphrase-stdin",
            ],
            passphrase,
            Some(&url),
        );
        assert_one_line_error(&refused, &["damaged or was altered"]);
        let into_postgres = with_stdin(
            &[
                "restore",
                "--data-dir",
                restored_data,
                "--from",
                &archive,
                "--passphrase-stdin",
            ],
            passphrase,
            Some(&url),
        );
        assert!(into_postgres.status.success(), "{into_postgres:?}");
        let said = String::from_utf8_lossy(&into_postgres.stdout);
        assert!(
            said.contains("from sqlite") && said.contains("row counts match the manifest"),
            "{said}"
        );
        assert!(
            said.contains("9 case histories verified")
                && said.contains("every attachment file matches"),
            "{said}"
        );

        // From PostgreSQL, for an age key, back into SQLite.
        let identity = age::x25519::Identity::generate();
        let identity_file = restored.path().join("backup.key");
        std::fs::write(
            &identity_file,
            format!(
                "{}\n",
                age::secrecy::ExposeSecret::expose_secret(&identity.to_string())
            ),
        )
        .unwrap();
        let second = restored
            .path()
            .join("again.age")
            .to_string_lossy()
            .into_owned();
        let recipient = identity.to_public().to_string();
        let taken = run(haven(&[
            "backup",
            "--data-dir",
            restored_data,
            "--to",
            &second,
            "--recipient",
            &recipient,
        ])
        .env("DATABASE_URL", &url));
        assert!(taken.status.success(), "{taken:?}");
        let back = tempfile::tempdir().unwrap();
        let back_data = &data_in(&back);
        let back_keys = format!("{back_data}-keys");
        std::fs::create_dir_all(&back_keys).unwrap();
        for key in ["audit.key", "attachments.key"] {
            std::fs::copy(Path::new(&keys).join(key), Path::new(&back_keys).join(key)).unwrap();
        }
        let into_sqlite = run(&mut haven(&[
            "restore",
            "--data-dir",
            back_data,
            "--from",
            &second,
            "--identity",
            &identity_file.to_string_lossy(),
        ]));
        assert!(into_sqlite.status.success(), "{into_sqlite:?}");
        let said = String::from_utf8_lossy(&into_sqlite.stdout);
        assert!(
            said.contains("from postgresql") && said.contains("9 case histories verified"),
            "{said}"
        );
        let again = run(&mut haven(&[
            "restore",
            "--data-dir",
            back_data,
            "--from",
            &second,
            "--identity",
            &identity_file.to_string_lossy(),
        ]));
        assert_one_line_error(&again, &["not empty"]);
    })
    .await;
}

/// Polls the backups' status as the demo administrator until the day's run is over.
async fn day_run_over(http: &reqwest::Client, base: &str) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let status: serde_json::Value = http
            .get(format!("{base}/api/v1/admin/backups"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if status["runs"][0]["status"] == "done" || status["runs"][0]["status"] == "failed" {
            return status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the scheduled backup never finished: {status}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn demo_admin(base: &str) -> reqwest::Client {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = http
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": "admin", "password": "haven-demo-2025"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    http
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduled_backup_is_made_once_a_day_kept_n_deep_and_a_failure_told() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_in(&dir);
    assert!(run(&mut haven(&["demo", "--data-dir", &data]))
        .status
        .success());
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    for old in [
        "haven-2026-01-01.age",
        "haven-2026-01-02.age",
        "haven-2026-01-03.age",
        // Dated ahead by a wrong clock: it must not push out today's.
        "haven-2099-01-01.age",
        "notes.txt",
    ] {
        std::fs::write(backups.join(old), "an older file").unwrap();
    }
    let config = dir.path().join("haven.toml");
    let write_config = |folder: &Path| {
        std::fs::write(
            &config,
            format!(
                "[backups]\ndaily_at = \"00:00\"\nkeep = 2\ndir = \"{}\"\nrecipients = [\"{recipient}\"]\n",
                folder.display()
            ),
        )
        .unwrap();
    };
    // A schedule that cannot work is refused at the start, naming the key.
    std::fs::write(
        &config,
        "[backups]\ndaily_at = \"25:00\"\nrecipients = []\n",
    )
    .unwrap();
    let refused = run(&mut haven(&[
        "--config",
        config.to_str().unwrap(),
        "serve",
        "--data-dir",
        &data,
        "--listen",
        &format!("127.0.0.1:{}", free_port()),
    ]));
    assert_one_line_error(&refused, &["backups.daily_at"]);

    write_config(&backups);
    let (mut child, base, _) = start_serving(
        &[
            "--demo",
            "--data-dir",
            &data,
            "--config",
            config.to_str().unwrap(),
        ],
        None,
    )
    .await;
    let http = demo_admin(&base).await;
    let status = day_run_over(&http, &base).await;
    assert_eq!(status["runs"][0]["status"], "done", "{status}");
    assert_eq!(status["schedule"]["daily_at"], "00:00");
    assert_eq!(status["schedule"]["keep"], 2);
    assert_eq!(status["schedule"]["recipients"], 1);
    let day = status["runs"][0]["day"].as_str().unwrap().to_owned();
    let written = backups.join(format!("haven-{day}.age"));
    assert_eq!(status["runs"][0]["file"], written.display().to_string());
    assert_eq!(
        status["runs"][0]["bytes"].as_u64().unwrap(),
        std::fs::metadata(&written).unwrap().len()
    );
    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        vec![
            format!("haven-{day}.age"),
            "haven-2099-01-01.age".to_owned(),
            "notes.txt".to_owned()
        ],
        "today's and the newest other are kept, nothing else is touched"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&written).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the archive is Haven's user's alone");
    }
    terminate(&mut child);
    // Started again the same day: the day is done, no second backup.
    let (mut child, base, _) = start_serving(
        &[
            "--demo",
            "--data-dir",
            &data,
            "--config",
            config.to_str().unwrap(),
        ],
        None,
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let again: serde_json::Value = demo_admin(&base)
        .await
        .get(format!("{base}/api/v1/admin/backups"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["runs"].as_array().unwrap().len(), 1, "{again}");
    terminate(&mut child);

    // The scheduled archive restores with the key into a new installation.
    let identity_file = dir.path().join("backup.key");
    std::fs::write(
        &identity_file,
        format!(
            "{}\n",
            age::secrecy::ExposeSecret::expose_secret(&identity.to_string())
        ),
    )
    .unwrap();
    let restored = dir.path().join("restored").to_string_lossy().into_owned();
    copy_dir(
        Path::new(&format!("{data}-keys")),
        Path::new(&format!("{restored}-keys")),
    );
    let back = run(&mut haven(&[
        "restore",
        "--data-dir",
        &restored,
        "--from",
        written.to_str().unwrap(),
        "--identity",
        identity_file.to_str().unwrap(),
    ]));
    assert!(back.status.success(), "{back:?}");

    // A folder that cannot be written: the run fails and the administrators are told.
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "not a folder").unwrap();
    write_config(&blocked.join("backups"));
    let (mut child, base, _) = start_serving(
        &[
            "--demo",
            "--data-dir",
            &restored,
            "--config",
            config.to_str().unwrap(),
        ],
        None,
    )
    .await;
    let http = demo_admin(&base).await;
    let status = day_run_over(&http, &base).await;
    assert_eq!(status["runs"][0]["status"], "failed", "{status}");
    assert!(
        status["runs"][0]["error"]
            .as_str()
            .unwrap()
            .contains("a-file/backups"),
        "{status}"
    );
    let inbox: serde_json::Value = http
        .get(format!("{base}/api/v1/notifications"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let told: Vec<&str> = inbox["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "backup_failed")
        .map(|n| n["reference"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(told, vec![day.as_str()], "{inbox}");
    terminate(&mut child);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn a_list_is_imported_after_its_dry_run_and_again_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_in(&dir);
    assert!(run(&mut haven(&["demo", "--data-dir", &data]))
        .status
        .success());
    // A spreadsheet as a province keeps it: a title above the table, dates
    // as spreadsheet dates and as text, places with and without diacritics.
    let list = dir.path().join("danh-sach-2021.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write(0, 0, "DANH SÁCH NẠN NHÂN TIẾP NHẬN NĂM 2021")
        .unwrap();
    let headers = [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Quê quán",
        "Ngày tiếp nhận",
        "Hình thức trở về",
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet
            .write(2, u16::try_from(column).unwrap(), *header)
            .unwrap();
    }
    let rows: [[&str; 7]; 4] = [
        [
            "1",
            "Giả Lập Thị Nhập",
            "Nữ",
            "2004",
            "xã Bản Lầu, huyện Mường Khương, tỉnh Lào Cai",
            "",
            "Tự trở về",
        ],
        [
            "2",
            "Gia Lap Thi Hai",
            "nu",
            "2003",
            "Ban Lau, Lao Cai",
            "06/03/2021",
            "giai cuu",
        ],
        ["3", "", "Nữ", "2001", "Lào Cai", "12/13/2021", "Đi bộ"],
        [
            "4",
            "Giả Lập Thị Bốn",
            "Nữ",
            "2002",
            "xã Tân Lập",
            "07/03/2021",
            "Trao trả",
        ],
    ];
    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (at, row) in rows.iter().enumerate() {
        let line = u32::try_from(at).unwrap() + 3;
        for (column, value) in row.iter().enumerate() {
            sheet
                .write(line, u16::try_from(column).unwrap(), *value)
                .unwrap();
        }
    }
    let received = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 3, 5).unwrap();
    sheet
        .write_datetime_with_format(3, 5, &received, &date_format)
        .unwrap();
    book.save(&list).unwrap();
    let list = list.to_str().unwrap();

    let dry = run(&mut haven(&[
        "import",
        list,
        "--user",
        "social.worker",
        "--data-dir",
        &data,
        "--dry-run",
    ]));
    assert!(dry.status.success(), "{dry:?}");
    let said = String::from_utf8_lossy(&dry.stdout);
    assert!(
        said.contains("4 rows read") && said.contains("Ready: 2; with problems: 2 rows"),
        "{said}"
    );
    assert!(
        said.contains("line 6, Họ và tên: required"),
        "the line as the spreadsheet shows it: {said}"
    );
    assert!(said.contains("line 7, Quê quán: place_ambiguous"), "{said}");
    assert!(said.contains("nothing was written"), "{said}");

    let imported = run(&mut haven(&[
        "import",
        list,
        "--user",
        "social.worker",
        "--data-dir",
        &data,
    ]));
    assert!(imported.status.success(), "{imported:?}");
    let said = String::from_utf8_lossy(&imported.stdout);
    assert!(said.contains("Cases opened: 2; passed over 0"), "{said}");
    let again = run(&mut haven(&[
        "import",
        list,
        "--user",
        "social.worker",
        "--data-dir",
        &data,
    ]));
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(said.contains("Cases opened: 0; passed over 2"), "{said}");
    // A later list naming the same woman, received again: she may be a
    // person Haven knows, which needs a person's decision — left out here.
    let later = dir.path().join("later.csv");
    std::fs::write(
        &later,
        "Họ và tên;Năm sinh;Ngày tiếp nhận;Hình thức trở về\nGiả Lập Thị Nhập;2004;09/09/2022;Tự trở về\n",
    )
    .unwrap();
    let asked = run(&mut haven(&[
        "import",
        later.to_str().unwrap(),
        "--user",
        "social.worker",
        "--data-dir",
        &data,
    ]));
    let said = String::from_utf8_lossy(&asked.stdout);
    assert!(
        said.contains("line 2: may be a person Haven knows")
            && said.contains(
                "Cases opened: 0; passed over 0 rows imported before and 1 possible duplicates"
            ),
        "{said}"
    );

    let refused = run(&mut haven(&[
        "import",
        list,
        "--user",
        "statistician",
        "--data-dir",
        &data,
    ]));
    assert_one_line_error(&refused, &["Your role may not do this"]);
    let pdf = dir.path().join("list.pdf");
    std::fs::write(&pdf, "%PDF").unwrap();
    let wrong = run(&mut haven(&[
        "import",
        pdf.to_str().unwrap(),
        "--user",
        "social.worker",
        "--data-dir",
        &data,
    ]));
    assert_one_line_error(&wrong, &["Only XLSX, XLS, ODS or CSV"]);
    assert!(run(&mut haven(&["audit", "verify", "--data-dir", &data]))
        .status
        .success());
}
