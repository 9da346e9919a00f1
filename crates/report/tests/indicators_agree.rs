//! Every indicator, computed by Haven from the stored records, agrees with
//! a straightforward count written here over the same generated cases, on
//! SQLite and PostgreSQL. Cases are generated at random (several seeds):
//! each step is sent through the store's one write path, and only the
//! steps the store accepted are counted here.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use chrono::{Datelike, Days, Months, NaiveDate};
use haven_domain::case::command::{
    ConsentScope, Outcome, ProceedingsStage, Service, TraffickingDetails,
};
use haven_domain::case::consent::ConsentGiver;
use haven_domain::case::person::{Birth, Person, Residence, Sex};
use haven_domain::case::{Command, Reception};
use haven_domain::statistics::open_end;
use haven_report::compute::{Area, Geography, Report, Request};
use haven_report::{Catalogue, Period};
use haven_store::cases::statistics::FactsScope;
use haven_store::cases::Actor;
use haven_store::Store;
use haven_testkit::fixtures::{day, seed_org, today, Org};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

/// What the test knows it recorded, case by case.
#[derive(Debug, Default, Clone)]
struct Truth {
    received_on: Option<NaiveDate>,
    channel: String,
    sex: &'static str,
    birth_year: i32,
    province: String,
    /// Today's commune of the place of reception within that province
    /// (`01/00070`), `unknown` when the place lies elsewhere.
    commune: String,
    verification_started_on: Option<NaiveDate>,
    decision: Option<(Outcome, NaiveDate)>,
    destination: Option<String>,
    purposes: Vec<String>,
    needs: bool,
    consent: bool,
    services: Vec<(String, NaiveDate, i64, String)>,
    stays: Vec<(NaiveDate, Option<NaiveDate>)>,
    referrals: Vec<(NaiveDate, Option<(bool, NaiveDate)>)>,
    protections: Vec<(String, NaiveDate)>,
    proceedings: Vec<(&'static str, NaiveDate)>,
    returned_on: Option<NaiveDate>,
    follow_ups: Vec<NaiveDate>,
    closed_on: Option<NaiveDate>,
}

struct Writer<'a> {
    store: &'a Store,
    actor: Actor,
    number: String,
    version: i64,
}

impl Writer<'_> {
    /// Sends the step; whether the store accepted it.
    async fn step(&mut self, command: Command) -> bool {
        self.step_as(self.actor, command).await
    }

    /// Sends the step as another agency's worker (the shelter admitting her
    /// to the facility it runs).
    async fn step_as(&mut self, actor: Actor, command: Command) -> bool {
        match self
            .store
            .execute(actor, &self.number, self.version, &command, None, today())
            .await
        {
            Ok(case) => {
                self.version = case.version;
                true
            }
            Err(_) => false,
        }
    }
}

const CHANNELS: [&str; 5] = [
    "self_report",
    "rescue",
    "self_return",
    "border_gate_handover",
    "tip_police",
];
/// Where she was received (a case is held in the receiving agency's province, whatever the place).
const PLACES: [&str; 4] = [
    "2025/01/00070",
    "2025/15/02647",
    "legacy/26/243/08707",
    // Phúc Xá, Ba Đình before 2025: today in Hà Nội's commune 00097.
    "legacy/01/001/00001",
];
const SERVICES: [&str; 4] = ["food", "medical_care", "legal_aid", "vocational_training"];
const FUNDING: [&str; 3] = ["", "state_budget", "ngo"];
const PURPOSES: [&str; 3] = ["sexual_exploitation", "forced_labour", "forced_marriage"];
const DESTINATIONS: [Option<&str>; 4] = [Some("VN"), Some("CN"), Some("KH"), None];

/// The place in today's communes (a legacy one through its primary
/// successor, looked up here one by one), when it lies in the province.
async fn today_commune(store: &Store, place: &str, province: &str) -> String {
    let today = if place.starts_with("legacy/") {
        store
            .primary_successor(place)
            .await
            .unwrap()
            .map(|unit| unit.id)
            .unwrap_or_default()
    } else {
        place.to_owned()
    };
    match today.strip_prefix("2025/").and_then(|u| u.split_once('/')) {
        Some((p, c)) if p == province => format!("{p}/{c}"),
        _ => "unknown".into(),
    }
}

async fn generate(store: &Store, org: &Org, seed: u64, count: usize) -> (Vec<Truth>, usize, usize) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut cases = Vec::new();
    let (mut sent, mut accepted) = (0, 0);
    for n in 0..count {
        let received_on = day(2025, 1, 1) + Days::new(rng.gen_range(0..640));
        let channel = CHANNELS[rng.gen_range(0..CHANNELS.len())];
        let sex = [Sex::Female, Sex::Male, Sex::Unknown][rng.gen_range(0..3)];
        let birth_year = rng.gen_range(1985..2014);
        let place = PLACES[rng.gen_range(0..PLACES.len())];
        // Social affairs in Hà Nội (01) or the border guard of Lào Cai (15) receives her.
        let (actor, province) = if rng.gen_bool(0.6) {
            (org.social_affairs, "01")
        } else {
            (org.border_guard, "15")
        };
        let person = Person {
            full_name: format!("Giả Lập Thống Kê {seed} {n}"),
            other_names: vec![],
            sex,
            birth: Some(Birth::Year { year: birth_year }),
            ethnicity: Some(if rng.gen_bool(0.7) { "01" } else { "03" }.into()),
            nationality: Some("VN".into()),
            identity_papers: vec![],
            permanent_residence: Residence {
                admin_unit_id: Some(place.into()),
                address_line: None,
            },
            current_residence: Residence::default(),
            languages: vec![],
            disability: None,
            contact: None,
            relatives: vec![],
        };
        let mut reception = Reception::new(channel, received_on);
        reception.place_unit_id = Some(place.into());
        let case = store
            .open_case(actor, &person, &reception, today())
            .await
            .expect("a case opens");
        let mut truth = Truth {
            received_on: Some(received_on),
            channel: channel.into(),
            sex: match sex {
                Sex::Female => "female",
                Sex::Male => "male",
                Sex::Unknown => "unknown",
            },
            birth_year,
            province: province.into(),
            commune: today_commune(store, place, province).await,
            ..Default::default()
        };
        let mut w = Writer {
            store,
            actor,
            number: case.case_number.clone(),
            version: case.version,
        };
        let mut on = received_on;
        let next = |rng: &mut StdRng, on: &mut NaiveDate| {
            *on = *on + Days::new(rng.gen_range(1..40));
            *on
        };
        macro_rules! try_step {
            ($command:expr) => {{
                sent += 1;
                let ok = w.step($command).await;
                accepted += usize::from(ok);
                ok
            }};
            (as $actor:expr, $command:expr) => {{
                sent += 1;
                let ok = w.step_as($actor, $command).await;
                accepted += usize::from(ok);
                ok
            }};
        }
        if rng.gen_bool(0.6)
            && try_step!(Command::StartVerification {
                agency_id: org.police.agency_id
            })
        {
            truth.verification_started_on = Some(chrono::Utc::now().date_naive());
        }
        if rng.gen_bool(0.5) {
            let purposes: Vec<String> = PURPOSES
                .iter()
                .filter(|_| rng.gen_bool(0.5))
                .map(|p| p.to_string())
                .collect();
            let destination = DESTINATIONS[rng.gen_range(0..DESTINATIONS.len())].map(str::to_owned);
            if !purposes.is_empty()
                && try_step!(Command::RecordTrafficking(TraffickingDetails {
                    purposes: purposes.clone(),
                    destination_country: destination.clone(),
                    destination_place: None,
                    period_from: None,
                    period_to: None,
                    recruitment: None,
                    means_of_control: vec![],
                    relation_to_recruiter: None,
                }))
            {
                truth.purposes = purposes;
                truth.destination = destination;
            }
        }
        if rng.gen_bool(0.7) {
            let outcome = [
                Outcome::Victim,
                Outcome::Victim,
                Outcome::NotVictim,
                Outcome::Unresolved,
            ][rng.gen_range(0..4)];
            let date = next(&mut rng, &mut on);
            if try_step!(Command::RecordIdentification {
                outcome,
                deciding_agency_id: Some(org.police.agency_id),
                document_number: Some(format!("QĐ-{n}")),
                document_date: Some(date)
            }) {
                truth.decision = Some((outcome, date));
            }
        }
        if rng.gen_bool(0.4)
            && try_step!(Command::AssessNeeds {
                assessed_on: next(&mut rng, &mut on),
                needs: vec!["a".into()],
                wishes: None
            })
        {
            truth.needs = true;
        }
        if rng.gen_bool(0.3)
            && try_step!(Command::RecordConsent {
                scope: ConsentScope::ReceiveServices,
                given: true,
                given_by: ConsentGiver::Person,
                on: next(&mut rng, &mut on)
            })
        {
            truth.consent = true;
        }
        for _ in 0..rng.gen_range(0..4) {
            let service_type = SERVICES[rng.gen_range(0..SERVICES.len())];
            let date = next(&mut rng, &mut on);
            let amount = if rng.gen_bool(0.7) {
                Some(rng.gen_range(1..2_000) * 1_000)
            } else {
                None
            };
            let funding = FUNDING[rng.gen_range(0..FUNDING.len())];
            if try_step!(Command::RecordService(Service {
                service_type: service_type.into(),
                clause: None,
                provider_agency_id: actor.agency_id,
                delivered_on: date,
                amount_vnd: amount,
                funding_source: (!funding.is_empty()).then(|| funding.to_owned()),
                outside_entitlement_reason: Some("thử nghiệm".into()),
            })) {
                truth.services.push((
                    service_type.into(),
                    date,
                    amount.unwrap_or(0),
                    if funding.is_empty() {
                        "unspecified".into()
                    } else {
                        funding.into()
                    },
                ));
            }
        }
        if rng.gen_bool(0.4) {
            let admitted = next(&mut rng, &mut on);
            // The shelter admits her to the facility it runs.
            if try_step!(as org.shelter, Command::AdmitToFacility {
                facility_id: org.shelter_facility_id,
                admitted_on: admitted
            }) {
                truth.stays.push((admitted, None));
                if rng.gen_bool(0.7) {
                    let left = next(&mut rng, &mut on);
                    if try_step!(Command::DischargeFromFacility {
                        discharged_on: left,
                        reason: None
                    }) {
                        truth.stays[0].1 = Some(left);
                    }
                }
            }
        }
        if rng.gen_bool(0.4) {
            let sent_on = next(&mut rng, &mut on);
            if try_step!(Command::SendReferral {
                to_agency_id: org.police.agency_id,
                to_facility_id: None,
                reason: "chuyển".into(),
                shared_fields: vec![],
                shared_with_roles: vec![],
                best_interest_reason: None,
                transfer_lead: false,
                sent_on
            }) {
                truth.referrals.push((sent_on, None));
                let answer = rng.gen_range(0..3);
                let answered_on = next(&mut rng, &mut on);
                let police = org.police;
                let command = if answer == 0 {
                    Some(Command::AcceptReferral {
                        referral_no: 1,
                        answered_on,
                    })
                } else if answer == 1 {
                    Some(Command::DeclineReferral {
                        referral_no: 1,
                        reason: "không phù hợp".into(),
                        answered_on,
                    })
                } else {
                    None
                };
                if let Some(command) = command {
                    sent += 1;
                    if let Ok(case) = store
                        .execute(police, &w.number, w.version, &command, None, today())
                        .await
                    {
                        accepted += 1;
                        w.version = case.version;
                        truth.referrals[0].1 = Some((answer == 0, answered_on));
                    }
                }
            }
        }
        if rng.gen_bool(0.4) {
            let measure = ["keep_identity_secret", "guard_residence"][rng.gen_range(0..2)];
            let from = next(&mut rng, &mut on);
            if try_step!(Command::ApplyProtection {
                measure: measure.into(),
                for_relative: None,
                from
            }) {
                truth.protections.push((measure.into(), from));
            }
        }
        if rng.gen_bool(0.3) {
            let (stage, code) = [
                (ProceedingsStage::Prosecution, "prosecution"),
                (ProceedingsStage::Trial, "trial"),
            ][rng.gen_range(0..2)];
            let date = next(&mut rng, &mut on);
            if try_step!(Command::RecordProceedings {
                stage,
                case_reference: format!("VA-{n}"),
                victim_role: "bị hại".into(),
                on: date
            }) {
                truth.proceedings.push((code, date));
            }
        }
        if rng.gen_bool(0.5) {
            let returned = next(&mut rng, &mut on);
            if try_step!(Command::RecordReturn {
                returned_on: returned,
                handover_record: format!("BB-{n}"),
                escort: None,
                to_unit_id: None
            }) {
                truth.returned_on = Some(returned);
                for _ in 0..rng.gen_range(0..4) {
                    let visited = next(&mut rng, &mut on);
                    if try_step!(Command::RecordFollowUp {
                        visited_on: visited,
                        situation: "ổn định".into(),
                        retrafficking_risk: haven_domain::case::command::RiskLevel::Low
                    }) {
                        truth.follow_ups.push(visited);
                    }
                }
            }
        }
        if rng.gen_bool(0.3) {
            let closed = next(&mut rng, &mut on);
            if try_step!(Command::Close {
                reason: "reintegrated".into(),
                closed_on: closed
            }) {
                truth.closed_on = Some(closed);
            }
        }
        cases.push(truth);
    }
    (cases, sent, accepted)
}

fn age_band(truth: &Truth) -> &'static str {
    match truth.received_on.unwrap().year() - truth.birth_year {
        ..16 => "0-15",
        16..=17 => "16-17",
        _ => "18+",
    }
}

fn channel_group(channel: &str) -> &'static str {
    match channel {
        "self_report" => "self_reported",
        "rescue" | "tip_police" => "rescued",
        "self_return" => "self_return",
        _ => "official_handover",
    }
}

/// The plain count of each indicator over the recorded truth, in total and by one category.
fn expected(
    cases: &[Truth],
    period: &Period,
    as_of: NaiveDate,
) -> BTreeMap<(&'static str, String), i64> {
    let mut counts: BTreeMap<(&'static str, String), i64> = BTreeMap::new();
    let inside = |d: NaiveDate| period.from() <= d && d <= period.to();
    for c in cases {
        let received = c.received_on.unwrap();
        if inside(received) {
            for category in [
                format!("age:{}", age_band(c)),
                format!("channel:{}", channel_group(&c.channel)),
                format!("province:{}", c.province),
            ] {
                *counts.entry(("received", category)).or_default() += 1;
            }
        }
        let mut add = |indicator: &'static str, category: String, value: i64| {
            *counts.entry((indicator, "total".into())).or_default() += value;
            *counts.entry((indicator, category)).or_default() += value;
        };
        if inside(received) {
            add("received", format!("sex:{}", c.sex), 1);
            if c.destination.as_deref() == Some("VN") {
                add("trafficked_within_country", String::new(), 1);
            }
        }
        if c.verification_started_on.is_some_and(inside) {
            add("verification_started", String::new(), 1);
        }
        if let Some((outcome, on)) = c.decision {
            if inside(on) && outcome != Outcome::Unresolved {
                add("verification_completed", String::new(), 1);
            }
            if inside(on) && outcome == Outcome::Victim {
                add("identified", format!("sex:{}", c.sex), 1);
            }
        }
        let identified_on = c
            .decision
            .filter(|(o, _)| *o == Outcome::Victim)
            .map(|(_, on)| on);
        if c.services
            .iter()
            .any(|s| inside(s.1) && identified_on.is_none_or(|i| s.1 < i))
        {
            add("supported_before_identification", String::new(), 1);
        }
        if c.services.iter().any(|s| inside(s.1)) {
            add("persons_supported", String::new(), 1);
        }
        for (kind, on, amount, funding) in &c.services {
            if inside(*on) {
                add("services", format!("type:{kind}"), 1);
                add("support_amount_vnd", format!("funding:{funding}"), *amount);
            }
        }
        for (admitted, left) in &c.stays {
            if inside(*admitted) {
                add("shelter_admissions", String::new(), 1);
            }
            let mut nights = 0;
            let mut night = *admitted;
            let end = left.unwrap_or(as_of);
            while night < end {
                nights += i64::from(inside(night));
                night = night + Days::new(1);
            }
            if nights > 0 {
                add("shelter_nights", String::new(), nights);
            }
        }
        for (measure, from) in &c.protections {
            if inside(*from) {
                add("protection_measures", format!("measure:{measure}"), 1);
            }
        }
        for (sent_on, answer) in &c.referrals {
            if inside(*sent_on) {
                add("referrals_sent", String::new(), 1);
            }
            match answer {
                Some((true, on)) if inside(*on) => add("referrals_accepted", String::new(), 1),
                Some((false, on)) if inside(*on) => add("referrals_declined", String::new(), 1),
                _ => {}
            }
        }
        if c.returned_on.is_some_and(inside) {
            add("returns_home", String::new(), 1);
        }
        for visit in &c.follow_ups {
            if inside(*visit) {
                add("follow_ups_done", String::new(), 1);
            }
        }
        if let Some(returned) = c.returned_on {
            for (k, months) in [1u32, 3, 6, 12].iter().enumerate() {
                let due = returned + Months::new(*months);
                let counted =
                    inside(due) && due < as_of && c.closed_on.is_none_or(|closed| closed > due);
                let on_time = c.follow_ups.get(k).is_some_and(|v| *v <= due);
                if counted && !on_time {
                    add("follow_ups_overdue", String::new(), 1);
                }
            }
        }
        if c.closed_on.is_some_and(inside) {
            add("cases_closed", String::new(), 1);
        }
        for (stage, on) in &c.proceedings {
            if inside(*on) {
                add("proceedings", format!("stage:{stage}"), 1);
            }
        }
    }
    counts
}

const HIDDEN: i64 = -1;

/// The same figures read from Haven's report.
fn computed(report: &Report) -> BTreeMap<(&'static str, String), i64> {
    let mut figures = BTreeMap::new();
    let prefix = |d: &str| {
        match d {
            "sex" => "sex",
            "age_group" => "age",
            "channel_group" => "channel",
            "service_type" => "type",
            "funding_source" => "funding",
            "protection_measure" => "measure",
            "proceedings_stage" => "stage",
            other => other,
        }
        .to_owned()
    };
    for indicator in &report.indicators {
        let code: &'static str = Box::leak(indicator.code.clone().into_boxed_str());
        let total = indicator
            .by_place
            .figures
            .total
            .expect("national totals are published");
        figures.insert((code, "total".to_string()), total);
        for table in &indicator.breakdowns {
            let dimension = table.columns_by.map(|d| d.code()).unwrap_or_default();
            for (j, column) in table.columns.iter().enumerate() {
                let value = table.figures.cells[0][j].expect("national breakdowns are published");
                if value != 0 {
                    figures.insert((code, format!("{}:{column}", prefix(&dimension))), value);
                }
            }
        }
        // Provinces below national level: hidden ones are left out (they are checked by the suppression tests).
        for (i, place) in indicator.by_place.rows.iter().enumerate() {
            match indicator.by_place.figures.row_totals[i] {
                Some(value) if value != 0 => {
                    figures.insert((code, format!("province:{place}")), value);
                }
                None => {
                    figures.insert((code, format!("province:{place}")), HIDDEN);
                }
                _ => {}
            }
        }
    }
    figures
}

haven_testkit::backend_tests! {
    async fn every_indicator_agrees_with_a_plain_count_of_the_generated_records(store) {
        let mut all = Vec::new();
        let (mut sent, mut accepted) = (0, 0);
        // One organisation, cases from several seeds (a failure names its seed's cases by number).
        let org = seed_org(&store).await;
        for seed in [11, 12, 13] {
            let (cases, s, a) = generate(&store, &org, seed, 40).await;
            all.extend(cases);
            sent += s;
            accepted += a;
        }
        assert!(accepted * 2 > sent, "most generated steps are valid: {accepted} of {sent}");
        let catalogue = Catalogue::built_in();
        let folded = store.folded_facts().await.unwrap();
        assert_eq!(folded.len(), all.len());
        let ever = FactsScope { from: NaiveDate::MIN, to: open_end(), province: None, lead_agency_id: None };
        assert_eq!(store.kept_facts(&ever).await.unwrap(), folded, "the facts kept by the write path are the histories' fold");
        let as_of = today();
        let (mut compared, mut hidden) = (0, 0);
        for code in ["2025", "2026", "2025-Q3", "2026-H1", "2025-2026", "2025-05-10..2026-02-20"] {
            let period = Period::parse(code).unwrap();
            // What the server reads: the kept facts of the cases that can count in the period.
            let facts = haven_report::source::facts_in(&store, &Area::National, period).await.unwrap();
            assert!(facts.len() <= folded.len());
            let asked = |area: Area, catalogue| Request {
                catalogue,
                period,
                area,
                geography: Geography::Today,
                as_of,
                follow_up_months: vec![1, 3, 6, 12],
                places: vec![],
            };
            let request = asked(Area::National, &catalogue);
            let report = haven_report::compute(&request, &facts);
            let as_json = |report: &Report| serde_json::to_value(report).unwrap();
            let from_every_case = haven_report::compute(&asked(Area::National, &catalogue), &folded);
            assert_eq!(as_json(&report), as_json(&from_every_case), "{code}: the cases left unread count nothing");
            let province = Area::Province(all[0].province.clone());
            let in_province = haven_report::source::facts_in(&store, &province, period).await.unwrap();
            assert_eq!(
                as_json(&haven_report::compute(&asked(province.clone(), &catalogue), &in_province)),
                as_json(&haven_report::compute(&asked(province.clone(), &catalogue), &folded)),
                "{code}: a province's report reads its cases only"
            );
            // The dashboard's totals only (no breakdowns) are the whole report's totals.
            let totals = catalogue.totals_of(&["received", "identified", "persons_supported", "returns_home"]);
            let narrowed = haven_report::compute(&Request { catalogue: &totals, places: vec![], follow_up_months: vec![1, 3, 6, 12], ..request }, &facts);
            assert_eq!(narrowed.indicators.len(), 4);
            for indicator in &narrowed.indicators {
                let whole = report.indicators.iter().find(|i| i.code == indicator.code).unwrap();
                assert!(indicator.breakdowns.is_empty());
                assert_eq!(indicator.by_place.figures.total, whole.by_place.figures.total, "{code}: {}", indicator.code);
                assert_eq!(indicator.by_place.figures.row_totals, whole.by_place.figures.row_totals, "{code}: {}", indicator.code);
            }
            let got = computed(&report);
            let want = expected(&all, &period, as_of);
            for ((indicator, category), value) in &want {
                // An empty category only made the total.
                if category.is_empty() || (*value == 0 && category != "total") {
                    continue;
                }
                let key = (*indicator, category.clone());
                let figure = got.get(&key).copied().unwrap_or(0);
                if figure == HIDDEN {
                    hidden += 1;
                    continue;
                }
                assert_eq!(figure, *value, "{code}: {indicator} {category}");
                compared += 1;
            }
            // The targets' shares.
            let inside = |d: NaiveDate| period.from() <= d && d <= period.to();
            let mut shares = [(0u64, 0u64); 3];
            for c in &all {
                if inside(c.received_on.unwrap()) {
                    shares[0].1 += 1;
                    shares[0].0 += u64::from(c.verification_started_on.is_some() || c.decision.is_some());
                }
                if c.decision.is_some_and(|(o, on)| o == Outcome::Victim && inside(on)) && (c.needs || c.consent) {
                    shares[1].1 += 1;
                    shares[1].0 += u64::from(!c.services.is_empty());
                }
                if let Some(returned) = c.returned_on {
                    for (k, months) in [1u32, 3, 6, 12].iter().enumerate() {
                        let due = returned + Months::new(*months);
                        if inside(due) && due < as_of && c.closed_on.is_none_or(|closed| closed > due) {
                            shares[2].1 += 1;
                            shares[2].0 += u64::from(c.follow_ups.get(k).is_some_and(|v| *v <= due));
                        }
                    }
                }
            }
            for (target, (numerator, denominator)) in report.targets.iter().zip(shares) {
                let share = target.share.expect("national shares are published");
                assert_eq!((share.numerator, share.denominator), (numerator, denominator), "{code}: {:?}", target.code);
            }
            // And nothing counted that the plain count did not, for the breakdowns it makes.
            let prefix = |category: &str| category.split(':').next().unwrap_or("").to_owned();
            let covered: std::collections::BTreeSet<(&str, String)> = want.keys().map(|(i, c)| (*i, prefix(c))).collect();
            for ((indicator, category), value) in &got {
                if *value != 0 && *value != HIDDEN && covered.contains(&(*indicator, prefix(category))) {
                    assert!(want.contains_key(&(*indicator, category.clone())), "{code}: Haven counts {indicator} {category} = {value}, the plain count has nothing");
                }
            }
        }
        // A province's report lists its communes (the place of reception, mapped to today's).
        let period = Period::parse("2025-2026").unwrap();
        let mut communes_compared = 0;
        for province in ["01", "15"] {
            let request = Request {
                catalogue: &catalogue,
                period,
                area: Area::Province(province.into()),
                geography: Geography::Today,
                as_of,
                follow_up_months: vec![1, 3, 6, 12],
                places: vec![],
            };
            let report = haven_report::compute(&request, &folded);
            let received = report.indicators.iter().find(|i| i.code == "received").unwrap();
            let table = &received.by_place;
            assert_eq!(table.rows_by, Some(haven_report::dimension::Dimension::Commune));
            for (i, commune) in table.rows.iter().enumerate() {
                let want = all
                    .iter()
                    .filter(|c| c.province == province && &c.commune == commune && period.contains(c.received_on.unwrap()))
                    .count() as i64;
                match table.figures.row_totals[i] {
                    Some(got) => {
                        assert_eq!(got, want, "received in {commune}");
                        communes_compared += 1;
                    }
                    None => assert!(want > 0, "only figures are hidden, never an empty row"),
                }
            }
            let held = all.iter().filter(|c| c.province == province && period.contains(c.received_on.unwrap())).count() as i64;
            assert_eq!(table.figures.total, Some(held).filter(|n| *n >= 5), "the province's total");
        }
        assert!(communes_compared >= 4, "{communes_compared} commune figures compared");
        assert!(all.iter().any(|c| c.commune == "01/00097"), "a legacy place is counted in today's commune");
        assert!(compared > 200, "{compared} figures compared ({hidden} hidden provinces)");
        println!("{compared} figures agree; {hidden} small province figures hidden");
    }
}
