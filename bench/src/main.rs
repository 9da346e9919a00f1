//! `cargo run --release -p haven-bench` — measures what Haven's foundation
//! costs on this machine, on SQLite and (with HAVEN_BENCH_POSTGRES_URL, or
//! HAVEN_TEST_POSTGRES_URL) on PostgreSQL, and prints the figures.

mod bulk;
mod import;
mod load;
mod report;
mod synthetic;

use clap::{Parser, Subcommand};
use haven_store::{SessionPolicy, Store};
use haven_testkit::{with_database, Backend};
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Option<BenchCommand>,
    #[command(flatten)]
    args: Args,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Many users at once against a server on 127.0.0.1: latency per operation.
    Load {
        #[command(flatten)]
        load: load::LoadArgs,
        /// `sqlite`, `postgres` or `both`.
        #[arg(long, default_value = "both")]
        backend: String,
    },
}

#[derive(clap::Args, Clone, Copy)]
struct Args {
    /// Synthetic agencies to generate.
    #[arg(long, default_value_t = 300)]
    agencies: usize,
    /// Synthetic users to generate (each costs one argon2id hash).
    #[arg(long, default_value_t = 100)]
    users: usize,
    /// Synthetic cases to open (each through the write path, with 0–2 further steps).
    #[arg(long, default_value_t = 1000)]
    cases: usize,
    /// Session look-ups to time.
    #[arg(long, default_value_t = 2000)]
    lookups: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Only the statistics benchmark, over this many generated cases (e.g. 100000).
    #[arg(long)]
    report_cases: Option<usize>,
    /// Only the import benchmark, over a generated list of this many rows (e.g. 100000).
    #[arg(long)]
    import_rows: Option<usize>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let args = cli.args;
    if let Ok(url) = std::env::var("HAVEN_BENCH_POSTGRES_URL") {
        std::env::set_var(haven_testkit::POSTGRES_URL_VAR, url);
    }
    if let Some(BenchCommand::Load { load, backend }) = cli.command {
        let backends: Vec<Backend> = match backend.as_str() {
            "sqlite" => vec![Backend::Sqlite],
            "postgres" => vec![Backend::Postgres],
            "both" => vec![Backend::Sqlite, Backend::Postgres],
            other => anyhow::bail!("--backend {other}: sqlite, postgres or both"),
        };
        let failed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        for backend in backends {
            let failed = failed.clone();
            with_database(backend, |target| async move {
                println!("== {backend:?}");
                match load::run(&target, load).await {
                    Ok(true) => {}
                    Ok(false) => failed.store(true, std::sync::atomic::Ordering::Relaxed),
                    Err(e) => {
                        eprintln!("{backend:?}: {e:#}");
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            })
            .await;
        }
        if failed.load(std::sync::atomic::Ordering::Relaxed) {
            anyhow::bail!("the load run had errors");
        }
        return Ok(());
    }
    for backend in [Backend::Sqlite, Backend::Postgres] {
        with_database(backend, |target| async move {
            if let Err(e) = run(backend, &target, args).await {
                eprintln!("{backend:?}: {e}");
            }
        })
        .await;
    }
    Ok(())
}

async fn run(
    backend: Backend,
    target: &haven_store::DatabaseTarget,
    args: Args,
) -> anyhow::Result<()> {
    println!("== {backend:?}");
    if let Some(rows) = args.import_rows {
        return import::run(target, args.seed, rows).await;
    }
    if let Some(cases) = args.report_cases {
        return report::run(target, args.seed, args.agencies, cases).await;
    }
    let store = Store::open(target)
        .await?
        .with_audit_key(bench_audit_key()?);
    let (_, migrate) = timed(store.migrate()).await;
    println!(
        "migrate from empty (schema + {} reference rows): {}",
        reference_rows(&store).await?,
        ms(migrate)
    );

    let (generated, generate) = timed(synthetic::generate(
        &store,
        args.seed,
        args.agencies,
        args.users,
    ))
    .await;
    let generated = generated?;
    println!(
        "generate {} agencies + {} users: {} ({} per user, argon2id included)",
        generated.agencies,
        generated.users,
        ms(generate),
        ms(generate / generated.users.max(1) as u32)
    );

    let (_, login) = timed(store.check_login("synthetic.000000", "synthetic-password")).await;
    println!("one password login check: {}", ms(login));

    let policy = SessionPolicy::default();
    let secret = store.start_session(1, policy).await?;
    let started = Instant::now();
    for _ in 0..args.lookups {
        store.session_user(&secret, policy).await?;
    }
    let per = started.elapsed() / args.lookups as u32;
    println!(
        "session look-up (each request pays it): {} µs mean over {}",
        per.as_micros(),
        args.lookups
    );

    let (numbers, opened) = timed(synthetic::generate_cases(&store, args.seed, args.cases)).await;
    let numbers = numbers?;
    let history_rows = store
        .table_counts()
        .await?
        .iter()
        .find(|c| c.table == "case_history")
        .map(|c| c.rows)
        .unwrap_or(0);
    println!(
        "open {} cases with their first steps ({} history entries): {} ({:.2} ms per entry)",
        numbers.len(),
        history_rows,
        ms(opened),
        opened.as_secs_f64() * 1000.0 / history_rows.max(1) as f64
    );
    let (_, read) = timed(async {
        for number in numbers.iter().take(200) {
            let _ = store.case_by_number(number).await;
        }
    })
    .await;
    println!(
        "read a case by number: {} µs mean over 200",
        read.as_micros() / 200
    );
    let (tampered, verified) = timed(store.verify_histories()).await;
    println!(
        "audit verify over {} cases: {} ({} altered)",
        numbers.len(),
        ms(verified),
        tampered?.len()
    );
    let probe = haven_domain::case::person::Person {
        full_name: "Nguyen Thi Hoa".into(),
        other_names: vec![],
        sex: haven_domain::case::person::Sex::Female,
        birth: Some(haven_domain::case::person::Birth::Year { year: 1995 }),
        ethnicity: None,
        nationality: Some("VN".into()),
        identity_papers: vec![],
        permanent_residence: Default::default(),
        current_residence: Default::default(),
        languages: vec![],
        disability: None,
        contact: None,
        relatives: vec![],
    };
    let (candidates, searched) = timed(store.duplicate_candidates(&probe)).await;
    println!(
        "duplicate candidates among {} persons: {} ({} found)",
        numbers.len(),
        ms(searched),
        candidates?.len()
    );

    list_and_attach(&store, &numbers).await?;

    let other = haven_testkit::TestDatabase::create(Backend::Sqlite)
        .await
        .ok_or_else(|| anyhow::anyhow!("no SQLite target for the copy"))?;
    let copy_target = Store::open(&other.target).await?;
    let (counts, copy) = timed(store.copy_to(&copy_target)).await;
    let rows: u64 = counts?.iter().map(|c| c.rows).sum();
    println!(
        "copy-db to a fresh SQLite file: {} rows in {}",
        rows,
        ms(copy)
    );
    copy_target.close().await?;
    other.drop_database().await;
    store.close().await?;
    Ok(())
}

async fn reference_rows(store: &Store) -> anyhow::Result<u64> {
    Ok(store.table_counts().await?.iter().map(|c| c.rows).sum())
}

async fn timed<T>(future: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let out = future.await;
    (out, started.elapsed())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The case list as the busiest agency sees it, and attachments of 1 MiB.
async fn list_and_attach(store: &Store, numbers: &[String]) -> anyhow::Result<()> {
    use haven_store::cases::CaseQuery;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    let page = CaseQuery {
        limit: 50,
        ..CaseQuery::default()
    };
    let mut busiest = (0, 0);
    for user in store.users().await? {
        let total = store.list_cases(user.agency_id, &page).await?.total;
        if total > busiest.1 {
            busiest = (user.agency_id, total);
        }
    }
    let (agency, total) = busiest;
    let started = Instant::now();
    for _ in 0..20 {
        store.list_cases(agency, &page).await?;
    }
    println!(
        "case list, first page of 50 for the busiest agency ({total} cases): {} mean over 20",
        ms(started.elapsed() / 20)
    );
    let (overdue, took) = timed(store.list_cases(
        agency,
        &CaseQuery {
            overdue: Some((true, today)),
            ..page.clone()
        },
    ))
    .await;
    println!(
        "case list filtered by overdue deadlines ({} of {total}): {}",
        overdue?.total,
        ms(took)
    );
    let (by_unit, took) = timed(store.list_cases(
        agency,
        &CaseQuery {
            unit_id: Some("2025/01".into()),
            ..page.clone()
        },
    ))
    .await;
    println!(
        "case list filtered by province (Hà Nội, {} cases): {}",
        by_unit?.total,
        ms(took)
    );

    let dir = tempfile::tempdir()?;
    let store = store.clone().with_attachments(
        dir.path().join("attachments"),
        haven_store::attachments::KeyRing::open_or_create(&dir.path().join("attachments.key"))?,
        Default::default(),
    );
    let mut content = b"%PDF-1.7\n".to_vec();
    content.extend((0..1024 * 1024).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let Some(number) = numbers.first() else {
        return Ok(());
    };
    let actor = {
        let case = store
            .case_by_number(number)
            .await?
            .ok_or_else(|| anyhow::anyhow!("case {number}"))?;
        let user = store
            .users()
            .await?
            .into_iter()
            .find(|u| u.agency_id == case.lead_agency_id)
            .ok_or_else(|| anyhow::anyhow!("no user leads {number}"))?;
        haven_store::cases::Actor {
            user_id: user.id,
            agency_id: user.agency_id,
        }
    };
    let started = Instant::now();
    let mut case = None;
    for _ in 0..10 {
        let version = store
            .case_by_number(number)
            .await?
            .map(|c| c.version)
            .unwrap_or(0);
        let upload = haven_store::attachments::Upload {
            file_name: "scan.pdf",
            description: None,
            content: &content,
        };
        case = Some(store.attach(actor, number, version, upload, today).await?);
    }
    println!(
        "attach a 1 MiB file (encrypt, write, fsync, record): {} mean over 10",
        ms(started.elapsed() / 10)
    );
    if let Some(case) = case {
        let started = Instant::now();
        for no in 1..=10 {
            store.attachment_content(&case, no).await?;
        }
        println!(
            "read a 1 MiB attachment back (decrypt, checksum): {} mean over 10",
            ms(started.elapsed() / 10)
        );
    }
    Ok(())
}

/// The bench's own audit key, beside its databases (it seals what it writes).
pub fn bench_audit_key() -> anyhow::Result<haven_store::audit_key::AuditKey> {
    let path = std::env::temp_dir().join("haven-bench").join("audit.key");
    Ok(haven_store::audit_key::AuditKey::open_or_create(&path)?)
}
