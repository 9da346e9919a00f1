//! `haven-bench load`: a dataset built through the bulk path, the real
//! server on 127.0.0.1, and many users of many agencies working at once for
//! a fixed time — case page, case API, list, overdue list, search by name,
//! duplicate check, dashboard, a yearly national report. Prints, per
//! operation, the count, errors, p50/p95/p99/max and throughput, and the
//! process's peak RSS (server and client together: they share a process).
//! Bounded in time and requests; talks only to the server it started.

use crate::synthetic;
use haven_domain::organisation::NewUser;
use haven_domain::role::Role;
use haven_server::{AppState, ServerSettings};
use haven_store::cases::{Actor, CaseQuery};
use haven_store::{DatabaseTarget, Store};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "synthetic-password";

#[derive(clap::Args, Clone, Copy, Debug)]
pub struct LoadArgs {
    /// Cases to build through the bulk path before the run.
    #[arg(long, default_value_t = 2_000)]
    pub cases: usize,
    /// Agencies to register.
    #[arg(long, default_value_t = 300)]
    pub agencies: usize,
    /// Agencies whose social worker logs in (the busiest among them).
    #[arg(long, default_value_t = 20)]
    pub users: usize,
    /// Connections working at once.
    #[arg(long, default_value_t = 200)]
    pub concurrency: usize,
    /// Length of the run, in seconds.
    #[arg(long, default_value_t = 30)]
    pub seconds: u64,
    /// Requests at most, whatever the time.
    #[arg(long, default_value_t = 2_000_000)]
    pub max_requests: u64,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Fail (exit status 1) when any request errs: for the CI smoke run.
    #[arg(long)]
    pub fail_on_errors: bool,
    /// Only this operation (to study one): case-page, case-api, list,
    /// overdue, search, duplicates, dashboard or report.
    #[arg(long, value_enum)]
    pub only: Option<Operation>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Operation {
    CasePage,
    CaseApi,
    List,
    #[value(name = "overdue")]
    Overdue,
    Search,
    #[value(name = "duplicates")]
    DuplicateCheck,
    Dashboard,
    Report,
}

impl Operation {
    /// The mix: (operation, weight out of 100).
    const MIX: [(Operation, u32); 8] = [
        (Operation::CasePage, 20),
        (Operation::CaseApi, 20),
        (Operation::List, 14),
        (Operation::Overdue, 5),
        (Operation::Search, 15),
        (Operation::DuplicateCheck, 10),
        (Operation::Dashboard, 15),
        (Operation::Report, 1),
    ];

    fn name(self) -> &'static str {
        match self {
            Operation::CasePage => "case page (HTML)",
            Operation::CaseApi => "case API",
            Operation::List => "case list",
            Operation::Overdue => "overdue list",
            Operation::Search => "search by name",
            Operation::DuplicateCheck => "duplicate check",
            Operation::Dashboard => "dashboard",
            Operation::Report => "yearly national report",
        }
    }

    fn pick(rng: &mut StdRng) -> Operation {
        let mut roll = rng.gen_range(0..100);
        for (operation, weight) in Operation::MIX {
            if roll < weight {
                return operation;
            }
            roll -= weight;
        }
        Operation::CaseApi
    }
}

/// A logged-in worker and what she works on.
struct Worker {
    http: reqwest::Client,
    case_numbers: Vec<String>,
    /// Two words of names in her agency's cases, as a user would type them.
    searches: Vec<String>,
}

#[derive(Default)]
struct Tally {
    micros: Vec<u64>,
    errors: BTreeMap<u16, u64>,
}

pub async fn run(target: &DatabaseTarget, args: LoadArgs) -> anyhow::Result<bool> {
    let store = Store::open(target)
        .await?
        .with_audit_key(crate::bench_audit_key()?);
    store.migrate().await?;
    store.refresh_kept_lookups().await?;
    let started = Instant::now();
    synthetic::generate(&store, args.seed, args.agencies.max(1), 0).await?;
    println!(
        "{} agencies registered in {:.1} s",
        args.agencies,
        started.elapsed().as_secs_f64()
    );

    let agencies = store.agencies().await?;
    let logged_in = args.users.clamp(1, agencies.len());
    let mut users = Vec::new();
    for (i, agency) in agencies.iter().take(logged_in).enumerate() {
        let user = store
            .add_user(&NewUser {
                username: format!("load.{i:04}"),
                display_name: format!("Cán bộ giả lập {i}"),
                agency_code: agency.code.clone(),
                roles: vec![Role::SocialWorker],
                password: PASSWORD.into(),
            })
            .await?;
        users.push(user);
    }
    let first = agencies
        .first()
        .ok_or_else(|| anyhow::anyhow!("no agencies"))?;
    store
        .add_user(&NewUser {
            username: "load.statistics".into(),
            display_name: "Thống kê giả lập".into(),
            agency_code: first.code.clone(),
            roles: vec![Role::Statistician],
            password: PASSWORD.into(),
        })
        .await?;
    let fallback_user = users.first().map(|u| u.id).unwrap_or(1);
    let actors: Vec<Actor> = agencies
        .iter()
        .map(|agency| Actor {
            agency_id: agency.id,
            user_id: users
                .iter()
                .find(|u| u.agency_id == agency.id)
                .map_or(fallback_user, |u| u.id),
        })
        .collect();
    crate::bulk::open_cases(&store, args.seed, &actors, args.cases).await?;

    let settings = ServerSettings {
        require_second_factor: false,
        national_agencies: vec![first.code.clone()],
        ..ServerSettings::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(haven_server::serve(
        listener,
        AppState::new(store.clone(), settings),
        async move {
            let _ = stopped.await;
        },
    ));

    let mut workers = Vec::new();
    for user in &users {
        let http = login(&base, &user.username).await?;
        let page = store
            .list_cases(
                user.agency_id,
                &CaseQuery {
                    limit: 200,
                    ..CaseQuery::default()
                },
            )
            .await?;
        let mut searches = Vec::new();
        for record in page.items.iter().take(20) {
            if let Some(person) = store.person(record.person_id).await? {
                let words: Vec<&str> = person.full_name.split(' ').collect();
                if let (Some(first), Some(last)) = (words.first(), words.last()) {
                    searches.push(format!("{first} {last}"));
                }
            }
        }
        workers.push(Worker {
            http,
            case_numbers: page.items.into_iter().map(|c| c.case_number).collect(),
            searches,
        });
    }
    let statistics = login(&base, "load.statistics").await?;
    let workers = Arc::new(workers);
    println!(
        "busiest agency: {} cases; running {} connections for {} s against {base}",
        store
            .list_cases(
                first.id,
                &CaseQuery {
                    limit: 1,
                    ..CaseQuery::default()
                }
            )
            .await?
            .total,
        args.concurrency,
        args.seconds
    );

    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let sent = Arc::new(AtomicU64::new(0));
    let report_year = chrono::Utc::now().date_naive().format("%Y").to_string();
    let mut tasks = Vec::new();
    for n in 0..args.concurrency.max(1) {
        let (workers, sent, base, statistics, report_year) = (
            workers.clone(),
            sent.clone(),
            base.clone(),
            statistics.clone(),
            report_year.clone(),
        );
        let seed = args.seed.wrapping_add(n as u64);
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(seed);
            let mut tallies: BTreeMap<Operation, Tally> = BTreeMap::new();
            while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < args.max_requests {
                let Some(worker) = workers.get(n % workers.len().max(1)) else { break };
                let mut operation = args.only.unwrap_or_else(|| Operation::pick(&mut rng));
                if worker.case_numbers.is_empty() && matches!(operation, Operation::CasePage | Operation::CaseApi) {
                    operation = Operation::List;
                }
                let number = worker.case_numbers.choose(&mut rng).cloned().unwrap_or_default();
                let request = match operation {
                    Operation::CasePage => worker.http.get(format!("{base}/cases/{number}")),
                    Operation::CaseApi => worker.http.get(format!("{base}/api/v1/cases/{number}")),
                    Operation::List => worker.http.get(format!("{base}/api/v1/cases?limit=50")),
                    Operation::Overdue => worker.http.get(format!("{base}/api/v1/cases?overdue=true&limit=50")),
                    Operation::Search => worker.http.post(format!("{base}/api/v1/cases/search")).json(
                        &json!({"q": worker.searches.choose(&mut rng).cloned().unwrap_or_else(|| "nguyen hoa".into()), "limit": 50}),
                    ),
                    Operation::DuplicateCheck => {
                        let name = worker.searches.choose(&mut rng).cloned().unwrap_or_else(|| "Nguyễn Hoa".into());
                        let probe = haven_domain::case::person::Person {
                            full_name: name,
                            birth: Some(haven_domain::case::person::Birth::Year { year: rng.gen_range(1970..2012) }),
                            nationality: Some("VN".into()),
                            ..crate::bulk::blank_person()
                        };
                        worker.http.post(format!("{base}/api/v1/persons/duplicates")).json(&json!({"person": probe}))
                    }
                    Operation::Dashboard => worker.http.get(format!("{base}/")),
                    Operation::Report => statistics.get(format!("{base}/api/v1/statistics/report?period={report_year}&area=VN")),
                };
                let began = Instant::now();
                let outcome = match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let read = response.bytes().await.is_ok();
                        (status < 400 && read).then_some(()).ok_or(status)
                    }
                    Err(_) => Err(0),
                };
                let tally = tallies.entry(operation).or_default();
                tally.micros.push(began.elapsed().as_micros() as u64);
                if let Err(status) = outcome {
                    *tally.errors.entry(status).or_default() += 1;
                }
            }
            tallies
        }));
    }
    let run_started = Instant::now();
    let mut all: BTreeMap<Operation, Tally> = BTreeMap::new();
    for task in tasks {
        for (operation, tally) in task.await? {
            let merged = all.entry(operation).or_default();
            merged.micros.extend(tally.micros);
            for (status, n) in tally.errors {
                *merged.errors.entry(status).or_default() += n;
            }
        }
    }
    let elapsed = run_started.elapsed().as_secs_f64();
    let _ = stop.send(());
    server.await??;

    println!("| operation | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut failed = false;
    for (operation, tally) in &mut all {
        tally.micros.sort_unstable();
        let errors: u64 = tally.errors.values().sum();
        failed |= errors > 0;
        let statuses: Vec<String> = tally
            .errors
            .iter()
            .map(|(s, n)| format!("{n}×{s}"))
            .collect();
        println!(
            "| {} | {} | {}{} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} |",
            operation.name(),
            tally.micros.len(),
            errors,
            if statuses.is_empty() {
                String::new()
            } else {
                format!(" ({})", statuses.join(", "))
            },
            percentile(&tally.micros, 50.0),
            percentile(&tally.micros, 95.0),
            percentile(&tally.micros, 99.0),
            percentile(&tally.micros, 100.0),
            tally.micros.len() as f64 / elapsed
        );
    }
    println!(
        "peak RSS of the process (server and client): {} MB",
        peak_rss_mb().unwrap_or(0)
    );
    store.close().await?;
    Ok(!failed || !args.fail_on_errors)
}

async fn login(base: &str, username: &str) -> anyhow::Result<reqwest::Client> {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(1_000)
        .build()?;
    let response = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "{username} could not log in: {}",
        response.status()
    );
    Ok(http)
}

fn percentile(sorted_micros: &[u64], p: f64) -> f64 {
    if sorted_micros.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted_micros.len() - 1) as f64).round() as usize;
    sorted_micros.get(rank).copied().unwrap_or_default() as f64 / 1000.0
}

/// The process's peak resident set (VmHWM), in MB.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
