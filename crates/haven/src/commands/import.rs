//! `haven import FILE --user NAME [--dry-run]`: a list read, every row's
//! problems reported with its line and column, then — unless it is a dry
//! run — the rows that are ready written as cases of the user's agency, in
//! batches, with a progress bar. Run again, it creates nothing new.

use super::files::state_for;
use crate::config::Config;
use anyhow::{bail, Context};
use clap::Args;
use haven_domain::import::job::DuplicateDecision;
use haven_server::imports::{self, ImportPlan};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Problems printed; the count says how many more there are.
const PROBLEMS_SHOWN: usize = 50;

#[derive(Args)]
pub struct ImportArgs {
    /// The list: .xlsx, .xls, .ods or .csv (UTF-8 or Windows-1258).
    file: PathBuf,
    /// The login name the cases are opened by (their agency leads them).
    #[arg(long)]
    user: String,
    /// Report what would be imported, write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(config: &Config, args: ImportArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let table = imports::read_table(&file_name, &bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: {} / {}",
            args.file.display(),
            e.message_vi,
            e.message_en
        )
    })?;
    let (state, user) = state_for(config, &args.user).await?;
    let plan = imports::plan(&state, &user, &file_name, table, None)
        .await
        .map_err(|e| anyhow::anyhow!("{} / {}", e.body.message_vi, e.body.message_en))?;
    if !plan.missing.is_empty() {
        let missing: Vec<&str> = plan.missing.iter().map(|c| c.code()).collect();
        bail!(
            "{}: no column is recognised as {} (its headers: {}); name them as in the template (Họ và tên, Ngày tiếp nhận, Hình thức trở về)",
            args.file.display(),
            missing.join(", "),
            plan.headers.join(" | ")
        );
    }
    report(&plan);
    // A row that may be a person Haven knows needs a person's decision,
    // which the page asks for: the command line leaves it out.
    let (duplicates, cut) = imports::jobs::possible_duplicates(&state, &user, &plan)
        .await
        .map_err(|e| anyhow::anyhow!("{} / {}", e.body.message_vi, e.body.message_en))?;
    for duplicate in &duplicates {
        println!(
            "  line {}: may be a person Haven knows ({} found); left out — decide it on the page /admin/import.",
            duplicate.line,
            duplicate.candidates.len()
        );
    }
    if cut {
        println!("  More rows share a name with persons known than are searched: import this file from the page /admin/import.");
    }
    let decisions: BTreeMap<usize, DuplicateDecision> = duplicates
        .iter()
        .map(|d| (d.line, DuplicateDecision::Skip))
        .collect();
    if cut && !args.dry_run {
        bail!("too many possible duplicates to leave out: import this file from the page /admin/import");
    }
    if args.dry_run {
        println!(
            "Chạy thử: chưa ghi gì. / Dry run: nothing was written. Run without --dry-run to import the {} rows ready and not imported before.",
            plan.rows_to_write()
        );
        return Ok(());
    }
    let bar = indicatif::ProgressBar::new(u64::try_from(plan.ready.len()).unwrap_or(u64::MAX));
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows, {per_sec}, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let outcome = imports::run(&state, &user, &plan, &decisions, |done| {
        bar.set_position(u64::try_from(done.rows_done).unwrap_or(u64::MAX));
        std::future::ready(())
    })
    .await
    .map_err(|e| {
        let details: Vec<String> = e
            .body
            .violations
            .iter()
            .map(|v| format!("{} ({}): {}", v.field, v.rule, v.message_en))
            .collect();
        anyhow::anyhow!(
            "{} / {} {}",
            e.body.message_vi,
            e.body.message_en,
            details.join("; ")
        )
    })?;
    bar.finish_and_clear();
    println!(
        "Đã mở {} hồ sơ; bỏ qua {} dòng đã nhập trước đó, {} dòng có thể trùng. / Cases opened: {}; passed over {} rows imported before and {} possible duplicates. {} rows with problems were not imported.",
        outcome.created,
        outcome.already_imported,
        outcome.skipped,
        outcome.created,
        outcome.already_imported,
        outcome.skipped,
        plan.rows_read - plan.ready.len() - plan.repeated.len(),
    );
    Ok(())
}

fn report(plan: &ImportPlan) {
    let mapped: Vec<String> = plan
        .headers
        .iter()
        .zip(&plan.mapping.columns)
        .map(|(header, column)| match column {
            Some(column) => format!("{header} → {}", column.code()),
            None => format!("{header} → (not used)"),
        })
        .collect();
    println!("{}: {} rows read.", plan.file_name, plan.rows_read);
    println!("Columns: {}", mapped.join("; "));
    let rows_with_problems: std::collections::BTreeSet<usize> =
        plan.problems.iter().map(|p| p.line).collect();
    println!(
        "Ready: {}; with problems: {} rows; repeated in the file: {}; imported before: {}; later steps to write: {}.",
        plan.ready.len(),
        rows_with_problems.len(),
        plan.repeated.len(),
        plan.already_imported,
        plan.steps_to_write()
    );
    for problem in plan.problems.iter().take(PROBLEMS_SHOWN) {
        let header = plan
            .mapping
            .position(problem.column)
            .and_then(|at| plan.headers.get(at))
            .map_or(problem.column.code(), String::as_str);
        println!(
            "  line {}, {header}: {} — {} / {}",
            problem.line, problem.rule, problem.message_vi, problem.message_en
        );
    }
    if plan.problems.len() > PROBLEMS_SHOWN {
        println!(
            "  … and {} more problems.",
            plan.problems.len() - PROBLEMS_SHOWN
        );
    }
    for (line, first) in plan.repeated.iter().take(PROBLEMS_SHOWN) {
        println!("  line {line} repeats line {first}: imported once.");
    }
}
