//! `--report-cases N`: the yearly national report over N generated cases
//! as the server makes it (the year's kept facts read, then counted), next
//! to the old way (every history folded) and to hand-written SQL GROUP BYs
//! over the same rows, on each database. Figures, printed; nothing asserted.

use crate::synthetic;
use haven_report::{Area, Catalogue, Geography, Period, Request};
use haven_store::{DatabaseTarget, Store};
use sea_orm::{ConnectionTrait, Database, Statement};
use std::time::Instant;

pub async fn run(
    target: &DatabaseTarget,
    seed: u64,
    agencies: usize,
    cases: usize,
) -> anyhow::Result<()> {
    let store = Store::open(target)
        .await?
        .with_audit_key(crate::bench_audit_key()?);
    store.migrate().await?;
    synthetic::generate(&store, seed, agencies, 20).await?;
    let started = Instant::now();
    synthetic::generate_cases(&store, seed, cases).await?;
    println!(
        "generate {cases} cases through the write path: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let catalogue = Catalogue::built_in();
    let places: Vec<String> = store
        .admin_units_under("2025", None)
        .await?
        .into_iter()
        .map(|u| u.gso_code)
        .collect();
    let year = Period::Year { year: 2025 };
    let started = Instant::now();
    let folded = store.folded_facts().await?;
    println!(
        "every history folded (as reports read before the kept facts): {:.2} s for {} cases",
        started.elapsed().as_secs_f64(),
        folded.len()
    );
    drop(folded);
    for round in 1..=2 {
        let started = Instant::now();
        let facts = haven_report::source::facts_in(&store, &Area::National, year).await?;
        let loaded = started.elapsed();
        let request = Request {
            catalogue: &catalogue,
            period: Period::Year { year: 2025 },
            area: Area::National,
            geography: Geography::Today,
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
            follow_up_months: store.rules().deadlines.follow_up_months.clone(),
            places: places.clone(),
        };
        let computed_at = Instant::now();
        let report = haven_report::compute(&request, &facts);
        let computed = computed_at.elapsed();
        let received = report
            .indicators
            .iter()
            .find(|i| i.code == "received")
            .and_then(|i| i.by_place.figures.total)
            .unwrap_or(0);
        println!(
            "yearly national report (round {round}): {:.2} s = read the kept facts of {} cases {:.2} s + {} indicators {:.2} s ({received} received in 2025)",
            started.elapsed().as_secs_f64(),
            facts.len(),
            loaded.as_secs_f64(),
            report.indicators.len(),
            computed.as_secs_f64()
        );
    }
    // The anonymised CTDC export of the same cases, k = 10: the lattice
    // search reads every person once per combination of levels (144).
    let mut mapping = Vec::new();
    for list in ["trafficking_purpose", "means_of_control"] {
        for row in store.htcds_mapping(list).await? {
            mapping.push((row.list, row.code, row.htcds_value));
        }
    }
    let htcds = haven_report::ctdc::variables::HtcdsLookup::new(mapping);
    for period in [
        Period::Year { year: 2025 },
        Period::Years {
            first: 2021,
            last: 2025,
        },
    ] {
        let started = Instant::now();
        let facts = haven_report::source::facts_in(&store, &Area::National, period).await?;
        let microdata = haven_report::ctdc::microdata(&facts, &htcds, period, 10);
        let file = haven_report::ctdc::csv(&microdata)?;
        println!(
            "CTDC export {} (k=10): {:.2} s for {} persons, {} written, {} suppressed, generalised {:?}, {} KiB",
            period.code(),
            started.elapsed().as_secs_f64(),
            microdata.statement.persons,
            microdata.statement.written,
            microdata.statement.suppressed,
            microdata
                .statement
                .generalised
                .iter()
                .map(|g| format!("{}:{}", g.variable, g.level))
                .collect::<Vec<_>>(),
            file.len() / 1024
        );
    }
    // The statistics dashboard as the server makes it for the ministry: the
    // year to date, the same days of last year, and one report per month.
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 30).unwrap_or_default();
    let started = Instant::now();
    let mut periods = vec![
        Period::Custom {
            from: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
            to: today,
        },
        Period::Custom {
            from: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            to: chrono::NaiveDate::from_ymd_opt(2024, 11, 30).unwrap_or_default(),
        },
    ];
    for month in 1..=11u32 {
        let first = chrono::NaiveDate::from_ymd_opt(2025, month, 1).unwrap_or_default();
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(first)
            .min(today);
        periods.push(Period::Custom {
            from: first,
            to: last,
        });
    }
    let compute = async |period: Period, catalogue: &Catalogue| -> anyhow::Result<()> {
        let facts = haven_report::source::facts_in(&store, &Area::National, period).await?;
        let request = Request {
            catalogue,
            period,
            area: Area::National,
            geography: Geography::Today,
            as_of: today,
            follow_up_months: store.rules().deadlines.follow_up_months.clone(),
            places: places.clone(),
        };
        haven_report::compute(&request, &facts);
        Ok(())
    };
    for period in &periods {
        compute(*period, &catalogue).await?;
    }
    println!(
        "statistics dashboard, national, as {} whole reports (year to date, last year's same days, 11 months): {:.2} s",
        periods.len(),
        started.elapsed().as_secs_f64()
    );
    // As the server makes it: the year's whole report, then totals only.
    let key_totals = catalogue.totals_of(&[
        "received",
        "identified",
        "persons_supported",
        "returns_home",
    ]);
    let received_totals = catalogue.totals_of(&["received"]);
    let started = Instant::now();
    for (n, period) in periods.iter().enumerate() {
        match n {
            0 => compute(*period, &catalogue).await?,
            1 => compute(*period, &key_totals).await?,
            _ => compute(*period, &received_totals).await?,
        }
    }
    println!(
        "statistics dashboard, national, as the server makes it (1 whole report + {} of totals only): {:.2} s",
        periods.len() - 1,
        started.elapsed().as_secs_f64()
    );
    let url = match target {
        DatabaseTarget::Sqlite { path } => format!("sqlite://{}?mode=ro", path.display()),
        DatabaseTarget::Postgres { url } => url.clone(),
    };
    let db = Database::connect(url).await?;
    let baselines = [
        (
            "received in 2025 by province and channel",
            "SELECT province_code, channel, COUNT(*) FROM cases \
             WHERE received_on >= '2025-01-01' AND received_on <= '2025-12-31' \
             GROUP BY province_code, channel",
        ),
        (
            "the kept facts the report reads, by province",
            "SELECT province_code, COUNT(*), SUM(LENGTH(facts)) FROM case_facts \
             WHERE last_on >= '2025-01-01' AND first_on <= '2025-12-31' \
             GROUP BY province_code",
        ),
    ];
    for (what, sql) in baselines {
        for round in 1..=2 {
            let started = Instant::now();
            let rows = db
                .query_all(Statement::from_string(db.get_database_backend(), sql))
                .await?;
            println!(
                "one hand-written GROUP BY ({what}, round {round}): {:.1} ms ({} groups)",
                started.elapsed().as_secs_f64() * 1000.0,
                rows.len()
            );
        }
    }
    store.close().await?;
    Ok(())
}
