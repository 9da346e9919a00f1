//! `--import-rows N`: a generated list of N rows in the layout of a
//! provincial list (a title above the table; name, sex, year or date of
//! birth, home place written as text — legacy or 2025, with or without
//! diacritics — reception date day first, channel in words, destination,
//! for most rows the purposes and for some the support received and its day)
//! with realistic faults: about 2% of rows with a missing name or an
//! impossible date, 1% repeated. Times reading the file, the dry run and
//! the import on each database, and re-importing (which creates nothing).

use haven_server::imports;
use haven_server::{AppState, ServerSettings};
use haven_store::{DatabaseTarget, Store};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::fmt::Write as _;
use std::time::Instant;

pub async fn run(target: &DatabaseTarget, seed: u64, rows: usize) -> anyhow::Result<()> {
    let store = Store::open(target)
        .await?
        .with_audit_key(crate::bench_audit_key()?);
    store.migrate().await?;
    let org = haven_testkit::fixtures::seed_org(&store).await;
    let user = store
        .user_account(org.commune.user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no importing user"))?;
    let csv = generate(&store, seed, rows).await?;
    println!(
        "generated list: {rows} rows, {:.1} MB",
        csv.len() as f64 / 1e6
    );
    let state = AppState::new(store.clone(), ServerSettings::default());

    let started = Instant::now();
    let table =
        imports::read_table("danh-sach.csv", csv.as_bytes()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let read = started.elapsed();
    let started = Instant::now();
    let plan = imports::plan(&state, &user, "danh-sach.csv", table, None)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.body.message_en))?;
    let planned = started.elapsed();
    let mut kinds: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for problem in &plan.problems {
        *kinds
            .entry((problem.column.code(), problem.rule))
            .or_default() += 1;
    }
    let kinds: Vec<String> = kinds
        .iter()
        .map(|((column, rule), n)| format!("{column}/{rule}: {n}"))
        .collect();
    println!("problems by column and rule: {}", kinds.join(", "));
    println!(
        "read the file: {:.2} s; dry run: {:.2} s ({:.0} rows/s): {} ready, {} problems, {} repeated",
        read.as_secs_f64(),
        planned.as_secs_f64(),
        rows as f64 / planned.as_secs_f64(),
        plan.ready.len(),
        plan.problems.len(),
        plan.repeated.len()
    );
    let started = Instant::now();
    let outcome = imports::run(
        &state,
        &user,
        &plan,
        &std::collections::BTreeMap::new(),
        |_| std::future::ready(()),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{} {:?}", e.body.message_en, e.body.violations.first()))?;
    let written = started.elapsed();
    println!(
        "import: {} cases in {:.1} s — {:.0} rows/s written ({:.0} rows/s from file to cases)",
        outcome.created,
        written.as_secs_f64(),
        outcome.created as f64 / written.as_secs_f64(),
        rows as f64 / (read + planned + written).as_secs_f64()
    );
    let started = Instant::now();
    let again = imports::run(
        &state,
        &user,
        &plan,
        &std::collections::BTreeMap::new(),
        |_| std::future::ready(()),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{}", e.body.message_en))?;
    println!(
        "import again: {} created, {} passed over in {:.1} s",
        again.created,
        again.already_imported,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn pick<'a>(rng: &mut StdRng, words: &[&'a str]) -> &'a str {
    words.choose(rng).copied().unwrap_or_default()
}

/// The list, as CSV text.
async fn generate(store: &Store, seed: u64, rows: usize) -> anyhow::Result<String> {
    let mut rng = StdRng::seed_from_u64(seed);
    let places = place_texts(store).await?;
    let surnames = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Giàng", "Vàng", "Lý", "Thào", "Sùng",
    ];
    let middles = ["Thị", "Văn", "Thị Thu", "Thị Ngọc", "Mí", "A"];
    let givens = [
        "Mỷ", "Sua", "Dính", "Hoa", "Lan", "Mai", "Chi", "Pà", "Say", "Dợ", "Hương", "Nga",
    ];
    let channels = [
        "Tự trở về",
        "Giải cứu",
        "Trao trả",
        "tu tro ve",
        "Tiếp nhận tại cửa khẩu",
    ];
    let countries = ["Trung Quốc", "Campuchia", "Lào", "Trung Quoc", "Malaysia"];
    let purposes = [
        "bán làm vợ",
        "Bóc lột tình dục",
        "lao dong",
        "Cưỡng bức lao động, mại dâm",
    ];
    // What a presumed victim may have; an identified one more besides.
    let services = ["Y tế, tâm lý", "tu van phap ly", "Khám và chữa bệnh"];
    let services_identified = ["tro cap kho khan ban dau", "Học nghề, y tế"];
    let mut out = String::from("DANH SÁCH NẠN NHÂN BỊ MUA BÁN TRỞ VỀ;;;;;;;;;;\n;;;;;;;;;;\n");
    out.push_str("STT;Họ và tên;Giới tính;Năm sinh;Quê quán;Ngày tiếp nhận;Hình thức trở về;Nơi bị mua bán đến;Mục đích bị mua bán;Xác định là nạn nhân;Cơ quan xác định;Số văn bản xác định;Ngày văn bản xác định;Hỗ trợ đã nhận;Ngày hỗ trợ\n");
    let mut previous = String::new();
    for n in 1..=rows {
        if rng.gen_bool(0.01) && !previous.is_empty() {
            let _ = writeln!(out, "{n};{previous}");
            continue;
        }
        let mut name = format!(
            "{} {} {} {}",
            pick(&mut rng, &surnames),
            pick(&mut rng, &middles),
            pick(&mut rng, &givens),
            n
        );
        if rng.gen_bool(0.3) {
            name = haven_domain::matching::fold_name(&name).to_uppercase();
        }
        if rng.gen_bool(0.01) {
            name.clear();
        }
        let birth = if rng.gen_bool(0.7) {
            rng.gen_range(1975..2010).to_string()
        } else {
            format!(
                "{:02}/{:02}/{}",
                rng.gen_range(1..29),
                rng.gen_range(1..13),
                rng.gen_range(1975..2010)
            )
        };
        let day = chrono::NaiveDate::from_ymd_opt(
            rng.gen_range(2016..2026),
            rng.gen_range(1..13),
            rng.gen_range(1..29),
        )
        .unwrap_or_default();
        let received = if rng.gen_bool(0.01) {
            "31/02/2021".to_owned()
        } else {
            day.format("%-d/%-m/%Y").to_string()
        };
        // Most lists say what she was trafficked for; some what support she had.
        let purpose = if rng.gen_bool(0.6) {
            pick(&mut rng, &purposes)
        } else {
            ""
        };
        // A third identified by the police, some weeks after reception.
        let identified = rng.gen_bool(0.3);
        let identification = if identified {
            let on = day + chrono::Duration::days(rng.gen_range(5..40));
            format!(
                "Có;Công an Thành phố Hà Nội;{}/GXN;{}",
                rng.gen_range(1..900),
                on.format("%d/%m/%Y")
            )
        } else {
            ";;;".to_owned()
        };
        let (support, supported_on) = if rng.gen_bool(0.4) {
            let (words, on) = if identified {
                (
                    pick(&mut rng, &services_identified),
                    day + chrono::Duration::days(60),
                )
            } else {
                (
                    pick(&mut rng, &services),
                    day + chrono::Duration::days(rng.gen_range(0..60)),
                )
            };
            (words, on.format("%d/%m/%Y").to_string())
        } else {
            ("", String::new())
        };
        let place = places.choose(&mut rng).map_or("", String::as_str);
        let line = format!(
            "{name};{};{birth};{place};{received};{};{};{purpose};{identification};{support};{supported_on}",
            if rng.gen_bool(0.9) { "Nữ" } else { "Nam" },
            pick(&mut rng, &channels),
            pick(&mut rng, &countries),
        );
        let _ = writeln!(out, "{n};{line}");
        previous = line;
    }
    Ok(out)
}

/// Communes written as offices write them: legacy ones with their
/// district, today's with their province, some without diacritics.
async fn place_texts(store: &Store) -> anyhow::Result<Vec<String>> {
    let mut texts = Vec::new();
    for province in store
        .admin_units_under("legacy", None)
        .await?
        .into_iter()
        .take(20)
    {
        for district in store
            .admin_units_under("legacy", Some(&province.id))
            .await?
            .into_iter()
            .take(3)
        {
            for commune in store
                .admin_units_under("legacy", Some(&district.id))
                .await?
                .into_iter()
                .take(5)
            {
                texts.push(format!(
                    "{}, {}, {}",
                    commune.name, district.name, province.name
                ));
            }
        }
    }
    for province in store
        .admin_units_under("2025", None)
        .await?
        .into_iter()
        .take(20)
    {
        for commune in store
            .admin_units_under("2025", Some(&province.id))
            .await?
            .into_iter()
            .take(10)
        {
            let text = format!("{} - {}", commune.name, province.name);
            texts.push(haven_domain::matching::fold_name(&text));
            texts.push(text);
        }
    }
    Ok(texts)
}
