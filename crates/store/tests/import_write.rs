//! A list's rows written as cases on both backends: one batch per
//! transaction through the reception's own path, each history entry marked
//! with its file and line, nothing new when the same rows come again, and
//! nothing at all when a row of the batch is refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::import::columns::Mapping;
use haven_domain::import::rows::{read_row, Vocabulary};
use haven_store::import::ImportedCase;
use haven_store::StoreError;
use haven_testkit::fixtures::{person, reception, seed_org, today};

fn cells(row: &[&str]) -> Vec<String> {
    row.iter().map(|c| (*c).to_owned()).collect()
}

fn imported(line: usize, row: &[&str]) -> ImportedCase {
    let mapping = Mapping::suggested(&cells(&[
        "Họ và tên",
        "Năm sinh",
        "Quê quán",
        "Ngày tiếp nhận",
        "Hình thức trở về",
    ]));
    let words =
        Vocabulary::default().with_channels([("self_return", "Tự trở về"), ("rescue", "Giải cứu")]);
    let read = read_row(&mapping, line, &cells(row), &words).unwrap();
    let mut received = reception(&read.channel, read.received_on);
    received.circumstances = None;
    ImportedCase {
        line,
        fingerprint_text: read.fingerprint_text(),
        person: read.person,
        reception: received,
        existing_person: None,
        steps: Vec::new(),
    }
}

haven_testkit::backend_tests! {
    async fn rows_become_cases_once_marked_with_their_line(store) {
        let org = seed_org(&store).await;
        let rows = vec![
            imported(2, &["Giả Lập Thị Một", "1999", "Lào Cai", "05/03/2021", "Tự trở về"]),
            imported(3, &["Giả Lập Thị Hai", "2001", "Lào Cai", "06/03/2021", "Giải cứu"]),
            // The same person typed again further down: one case.
            imported(4, &["GIA LAP THI MOT", "1999", "Lao Cai", "5/3/2021", "tu tro ve"]),
        ];
        let first = store.import_batch(org.commune, "danh-sach-2021.xlsx", &rows, today()).await.unwrap();
        assert_eq!((first.created, first.already_imported), (2, 1));
        let again = store.import_batch(org.commune, "danh-sach-2021 (copy).xlsx", &rows, today()).await.unwrap();
        assert_eq!((again.created, again.already_imported), (0, 3), "a list imported twice creates nothing new");
        let texts: Vec<String> = rows.iter().map(|r| r.fingerprint_text.clone()).collect();
        assert_eq!(store.imported_before(org.commune.agency_id, &texts).await.unwrap().len(), 2);
        assert!(store.imported_before(org.police.agency_id, &texts).await.unwrap().is_empty(), "by agency");

        let page = store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap();
        assert_eq!(page.total, 2);
        let history = store.case_history(&page.items[0].case_number).await.unwrap();
        assert_eq!(history[0].command, "receive");
        assert_eq!(history[0].payload["imported"]["file"], "danh-sach-2021.xlsx");
        assert!(history[0].payload["imported"]["line"] == 2 || history[0].payload["imported"]["line"] == 3);
        assert!(store.verify_histories().await.unwrap().is_empty(), "imported entries are chained and sealed like any other");
    }

    async fn a_batch_takes_its_numbers_and_ids_and_openings_after_it_go_on_from_them(store) {
        let org = seed_org(&store).await;
        let before = store.open_case(org.commune, &person("Giả Lập Thị Trước", 1998), &reception("self_return", chrono::NaiveDate::from_ymd_opt(2021, 1, 4).unwrap()), today()).await.unwrap();
        let rows: Vec<ImportedCase> = (0..7)
            .map(|i| imported(i + 2, &[&format!("Giả Lập Thị Số {i}"), "1999", "Lào Cai", "05/03/2021", "Tự trở về"]))
            .collect();
        assert_eq!(store.import_batch(org.commune, "lo.xlsx", &rows, today()).await.unwrap().created, 7);
        let after = store.open_case(org.commune, &person("Giả Lập Thị Sau", 1998), &reception("self_return", chrono::NaiveDate::from_ymd_opt(2021, 9, 4).unwrap()), today()).await.unwrap();

        let page = store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap();
        let mut numbers: Vec<String> = page.items.iter().map(|c| c.case_number.clone()).collect();
        numbers.sort();
        let series: Vec<String> = numbers.iter().map(|n| n.rsplit('-').next().unwrap().to_owned()).collect();
        assert_eq!(series, (1..=9).map(|n| format!("{n:06}")).collect::<Vec<_>>(), "one series, no gap, no number twice: {numbers:?}");
        assert!(after.id > before.id + 7, "the case opened after the batch takes an id after the batch's");
        let mut persons: Vec<i64> = Vec::new();
        for item in &page.items {
            persons.push(store.case_by_number(&item.case_number).await.unwrap().unwrap().person_id);
        }
        persons.sort_unstable();
        persons.dedup();
        assert_eq!(persons.len(), 9, "every case has its own person");
        assert!(store.verify_histories().await.unwrap().is_empty());
    }

    async fn an_imported_case_owes_nothing_from_its_reception_and_no_one_else_can_say_so(store) {
        let org = seed_org(&store).await;
        let rows = vec![imported(2, &["Giả Lập Thị Cũ", "1999", "Lào Cai", "05/03/2021", "Tự trở về"])];
        store.import_batch(org.commune, "cu.xlsx", &rows, today()).await.unwrap();
        // The same reception typed in, claiming to come from a list.
        let mut claimed = reception("self_return", chrono::NaiveDate::from_ymd_opt(2021, 3, 5).unwrap());
        claimed.imported = Some(haven_domain::case::command::ImportedFrom { file: "gia.xlsx".into(), line: 2, imported_on: None });
        let typed = store.open_case(org.commune, &person("Giả Lập Thị Gõ", 1999), &claimed, today()).await.unwrap();
        assert!(!typed.state.from_list, "only the import marks a case as from a list");
        let overdue = |state: &haven_domain::case::Case| store.rules().deadlines.due_items(state, today()).into_iter().filter(|i| i.overdue).count();
        assert_eq!(overdue(&typed.state), 1, "a case typed in owes its first verification");
        let page = store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap();
        let listed = page.items.iter().find(|c| c.case_number != typed.case_number).unwrap();
        let from_list = store.case_by_number(&listed.case_number).await.unwrap().unwrap();
        assert!(from_list.state.from_list);
        assert_eq!(overdue(&from_list.state), 0, "what was due from a 2021 reception is not Haven's to chase");
        let scan = store.notices().scan_deadlines(today(), 3, chrono::Utc::now()).await.unwrap();
        assert_eq!(scan.raised, 1, "one notice, for the case typed in");
        assert!(store.verify_histories().await.unwrap().is_empty(), "the mark replays from the history");
    }

    async fn several_agencies_batches_are_written_in_one_transaction_all_or_none(store) {
        let org = seed_org(&store).await;
        let commune_rows = vec![imported(2, &["Giả Lập Thị Xã", "1999", "Lào Cai", "05/03/2021", "Tự trở về"])];
        let police_rows = vec![
            imported(2, &["Giả Lập Thị Công An", "1998", "Lào Cai", "06/03/2021", "Giải cứu"]),
            imported(3, &["Giả Lập Văn Công An", "1990", "Lào Cai", "07/03/2021", "Giải cứu"]),
        ];
        let mut refused_rows = police_rows.clone();
        refused_rows[1].reception.received_on = today() + chrono::Duration::days(3);
        let batches = [(org.commune, commune_rows.as_slice()), (org.police, refused_rows.as_slice())];
        assert!(store.import_batches(&batches, "lo.xlsx", today()).await.is_err(), "a refused row in one agency's batch refuses them all");
        assert_eq!(store.count_cases().await.unwrap(), 0, "nothing of the other agency's batch either");
        let batches = [(org.commune, commune_rows.as_slice()), (org.police, police_rows.as_slice())];
        let written = store.import_batches(&batches, "lo.xlsx", today()).await.unwrap();
        assert_eq!((written.created, written.already_imported), (3, 0));
        let again = store.import_batches(&batches, "lo.xlsx", today()).await.unwrap();
        assert_eq!((again.created, again.already_imported), (0, 3), "each agency's rows are known by their fingerprints");
        for (actor, expected) in [(org.commune, 1), (org.police, 2)] {
            let page = store.list_cases(actor.agency_id, &haven_store::cases::CaseQuery { limit: 50, lead_only: true, ..Default::default() }).await.unwrap();
            assert_eq!(page.total, expected);
        }
        assert!(store.verify_histories().await.unwrap().is_empty());
    }

    async fn a_refused_row_stops_its_batch_whole(store) {
        let org = seed_org(&store).await;
        let mut late = imported(3, &["Giả Lập Thị Ba", "1999", "", "05/03/2021", "Tự trở về"]);
        late.reception.received_on = today() + chrono::Duration::days(3);
        let rows = vec![imported(2, &["Giả Lập Thị Bốn", "1999", "", "05/03/2021", "Tự trở về"]), late];
        let StoreError::Invalid(refused) = store.import_batch(org.commune, "x.csv", &rows, today()).await.unwrap_err() else { panic!() };
        assert_eq!(refused.0.iter().map(|v| (v.field.as_str(), v.rule)).collect::<Vec<_>>(), vec![("line 3: reception.received_on", "not_in_future")]);
        assert!(store.imported_before(org.commune.agency_id, &[rows[0].fingerprint_text.clone()]).await.unwrap().is_empty());
    }

    async fn a_list_s_later_steps_are_entries_of_their_own_with_their_days(store) {
        use haven_domain::case::command::Outcome;
        use haven_domain::import::steps::{ListIdentification, ListSteps, ReturnHome, StepParties};
        let org = seed_org(&store).await;
        let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2021, m, d).unwrap();
        let parties = StepParties {
            deciding_agency_id: Some(org.police.agency_id),
            importing_agency_id: org.commune.agency_id,
            importing_agency_name: "UBND xã".into(),
        };
        let steps = ListSteps {
            purposes: vec!["forced_marriage".into()],
            identification: Some(ListIdentification {
                outcome: Outcome::Victim,
                agency: Some("Công an".into()),
                document_number: Some("15/GXN".into()),
                document_date: Some(day(3, 20)),
            }),
            services: Some((vec!["medical_care".into(), "psychological_counselling".into()], day(4, 1))),
            returned_home: Some(ReturnHome { returned_on: day(4, 10), handover_record: Some("BB-12".into()), escort: None }),
        };
        let mut row = imported(2, &["Giả Lập Thị Năm", "1999", "Lào Cai", "05/03/2021", "Tự trở về"]);
        row.steps = steps.commands(Some("CN"), &parties);
        // Returned home without the handover's record: refused by the
        // journey's rule, named by the list's column, before anything is written.
        let mut unrecorded = imported(3, &["Giả Lập Thị Sáu", "2000", "Lào Cai", "06/03/2021", "Tự trở về"]);
        unrecorded.steps = ListSteps {
            returned_home: Some(ReturnHome { returned_on: day(4, 10), handover_record: None, escort: None }),
            ..ListSteps::default()
        }
        .commands(None, &parties);
        let refused = store.refused_rows(org.commune, &[row.clone(), unrecorded.clone()], today()).await.unwrap();
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert_eq!(refused[0].0, 3);
        assert_eq!(refused[0].1 .0[0].field, "steps.handover_record");
        let StoreError::Invalid(stopped) = store.import_batch(org.commune, "buoc.xlsx", &[row.clone(), unrecorded], today()).await.unwrap_err() else { panic!() };
        assert_eq!(stopped.0[0].field, "line 3: steps.handover_record");

        let done = store.import_batch(org.commune, "buoc.xlsx", std::slice::from_ref(&row), today()).await.unwrap();
        assert_eq!(done.created, 1);
        let page = store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap();
        let number = page.items[0].case_number.clone();
        let history = store.case_history(&number).await.unwrap();
        let commands: Vec<&str> = history.iter().map(|e| e.command.as_str()).collect();
        assert_eq!(commands, vec!["receive", "record_trafficking", "record_identification", "record_service", "record_service", "record_family_contact", "record_return"]);
        assert!(history[1..].iter().all(|e| e.reason.as_deref() == Some("Nhập từ danh sách «buoc.xlsx», dòng 2")), "each step is marked as imported");
        assert_eq!(history[2].payload["document_date"], "2021-03-20");
        assert_eq!(history[3].payload["delivered_on"], "2021-04-01");
        assert_eq!(history[3].payload["clause"], "b", "a service takes its clause as one typed in does");
        assert_eq!(history[1].payload["destination_country"], "CN");
        let case = store.case_by_number(&number).await.unwrap().unwrap();
        assert_eq!(case.version, 7, "the version is the last entry's");
        assert_eq!(case.state.identification, haven_domain::case::Identification::Victim);
        assert_eq!(case.state.phase, haven_domain::case::Phase::ReturnedHome);
        assert!(store.verify_histories().await.unwrap().is_empty(), "the steps are chained and sealed like any other");
        // What fell due from the 2021 steps before the import is not
        // Haven's to chase: no overdue follow-up, no allowance, no notice.
        let due = store.rules().deadlines.due_items(&case.state, today());
        assert!(due.is_empty(), "{due:?}");
        assert_eq!(store.notices().scan_deadlines(today(), 3, chrono::Utc::now()).await.unwrap().raised, 0);
        // A return the list records a month before the import still owes
        // the follow-ups that fall due after it.
        let mut recent = imported(4, &["Giả Lập Thị Bảy", "1999", "Lào Cai", "05/03/2021", "Tự trở về"]);
        let last_month = today() - chrono::Duration::days(31);
        recent.steps = ListSteps {
            returned_home: Some(ReturnHome { returned_on: last_month, handover_record: Some("BB-20".into()), escort: None }),
            ..ListSteps::default()
        }
        .commands(None, &parties);
        store.import_batch(org.commune, "buoc.xlsx", std::slice::from_ref(&recent), today()).await.unwrap();
        let page = store.list_cases(org.commune.agency_id, &haven_store::cases::CaseQuery { limit: 50, ..Default::default() }).await.unwrap();
        let mut owed = Vec::new();
        for item in &page.items {
            let state = store.case_by_number(&item.case_number).await.unwrap().unwrap().state;
            owed.extend(store.rules().deadlines.due_items(&state, today()).into_iter().map(|i| (i.kind, i.overdue)));
        }
        assert_eq!(owed.len(), 3, "the 3, 6 and 12-month follow-ups of the recent return: {owed:?}");
        assert!(owed.iter().all(|(_, overdue)| !overdue));
        // The case goes on in Haven from the version the list left it at.
        let noted = store.execute(org.commune, &number, 7, &haven_domain::case::Command::AddNote { text: "tiếp tục".into() }, None, today()).await.unwrap();
        assert_eq!(noted.version, 8);
        assert!(store.verify_histories().await.unwrap().is_empty());
        let ever = haven_store::cases::statistics::FactsScope {
            from: chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap(), to: haven_domain::statistics::open_end(), province: None, lead_agency_id: None,
        };
        let kept = store.kept_facts(&ever).await.unwrap();
        assert_eq!(kept, store.folded_facts().await.unwrap(), "the facts filed at the import, with its steps, are the histories' fold");
        assert!(kept.iter().any(|f| f.returned_on.is_some() && f.identified_on().is_some()), "{kept:?}");
    }
}
