//! Attachments on both databases: stored outside the database with their
//! checksum, recorded in the history, limited in size and type, and never
//! served once missing or altered.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::command::Attachment;
use haven_domain::case::Command;
use haven_store::attachments::{rotation, AttachmentLimits, FileProblem, KeyRing, Upload};
use haven_store::StoreError;
use haven_testkit::fixtures::{day, person, reception, seed_org, today};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

fn upload<'a>(file_name: &'a str, content: &'a [u8]) -> Upload<'a> {
    Upload {
        file_name,
        description: Some("Quyết định xác định nạn nhân"),
        content,
    }
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => vec![],
    }
}

/// Makes a file look as if it had lain there for two hours.
fn age(path: &std::path::Path) {
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
}

haven_testkit::backend_tests! {
    async fn files_no_case_refers_to_are_listed_then_swept_once_settled(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Giả Lập Thị Tệp", 1990), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        store.attach(org.commune, &case.case_number, 1, upload("bb.pdf", PDF), today()).await.unwrap();
        let dir = store.attachment_dir().unwrap().to_owned();
        let kept = files_in(&dir);
        assert_eq!(kept.len(), 1);
        // A crash mid-write, and an upload whose record never committed.
        std::fs::write(dir.join(".0123456789abcdef0123456789abcdef.partial"), b"half").unwrap();
        std::fs::write(dir.join("fedcba9876543210fedcba9876543210"), b"sealed, never recorded").unwrap();
        assert_eq!(store.stray_attachment_files().await.unwrap(), vec![], "fresh files may be uploads in flight");
        for name in files_in(&dir) {
            age(&dir.join(name));
        }
        let strays = store.stray_attachment_files().await.unwrap();
        let kinds: Vec<_> = strays.iter().map(|s| (s.name.as_str(), s.kind)).collect();
        assert_eq!(kinds, vec![
            (".0123456789abcdef0123456789abcdef.partial", haven_store::attachments::StrayKind::Partial),
            ("fedcba9876543210fedcba9876543210", haven_store::attachments::StrayKind::Orphan),
        ]);
        assert_eq!(store.sweep_attachment_files().await.unwrap().len(), 2);
        assert_eq!(files_in(&dir), kept, "the case's own file stays");
        assert_eq!(store.verify_attachments().await.unwrap(), vec![]);
    }

    async fn a_file_is_kept_outside_the_database_and_read_back_verified(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Giả Lập Thị An", 1999), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let dir = store.attachment_dir().unwrap().to_owned();
        let attached = store.attach(org.commune, &case.case_number, 1, upload("quyết định số 12.pdf", PDF), today()).await.unwrap();
        assert_eq!(attached.version, 2);
        let kept = &attached.state.attachments[0];
        assert_eq!((kept.attachment.media_type.as_str(), kept.attachment.size_bytes), ("application/pdf", PDF.len() as i64));
        assert_eq!(kept.attachment.file_name, "quyết định số 12.pdf");
        assert_eq!(files_in(&dir), vec![kept.attachment.file_id.clone()], "one file, under a random name");
        let (_, content) = store.attachment_content(&attached, 1).await.unwrap();
        assert_eq!(content, PDF);
        let raw = std::fs::read(dir.join(&kept.attachment.file_id)).unwrap();
        assert!(!raw.windows(9).any(|w| w == b"/Catalog "), "encrypted at rest: no plaintext in the stored file");
        assert!(!raw.starts_with(b"%PDF"));
        let history = store.case_history(&case.case_number).await.unwrap();
        assert_eq!(history.last().unwrap().command, "attach_document");
        assert!(store.verify_histories().await.unwrap().is_empty());
        assert!(store.verify_attachments().await.unwrap().is_empty());
        assert!(matches!(store.attachment_content(&attached, 2).await, Err(StoreError::NotFound { .. })));
    }

    async fn refused_uploads_leave_no_file_behind(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Giả Lập Thị Bình", 1999), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let dir = store.attachment_dir().unwrap().to_owned();
        store.execute(org.commune, &case.case_number, 1, &Command::AddNote { text: "gọi điện".into() }, None, today()).await.unwrap();
        let stale = store.attach(org.commune, &case.case_number, 1, upload("a.pdf", PDF), today()).await;
        assert!(matches!(stale, Err(StoreError::StaleVersion { expected: 1, current: 2 })), "{stale:?}");
        let program = store.attach(org.commune, &case.case_number, 2, upload("a.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"), today()).await;
        match program {
            Err(StoreError::Invalid(v)) => assert_eq!((v.0[0].field.as_str(), v.0[0].rule), ("file", "file_type")),
            other => panic!("expected a type violation, got {other:?}"),
        }
        let keys_dir = tempfile::tempdir().unwrap();
        let keys = KeyRing::open_or_create(&keys_dir.path().join("attachments.key")).unwrap();
        let small = store.clone().with_attachments(&dir, keys, AttachmentLimits { max_bytes: 10, ..AttachmentLimits::default() });
        match small.attach(org.commune, &case.case_number, 2, upload("a.pdf", PDF), today()).await {
            Err(StoreError::Invalid(v)) => assert_eq!(v.0[0].rule, "max_size"),
            other => panic!("expected a size violation, got {other:?}"),
        }
        let forged = Command::AttachDocument(Attachment {
            file_id: "0".repeat(32), file_name: "x.pdf".into(), media_type: "application/pdf".into(),
            size_bytes: 1, sha256: "00".into(), description: None, attached_on: today(),
        });
        match store.execute(org.commune, &case.case_number, 2, &forged, None, today()).await {
            Err(StoreError::Rejected(r)) => assert_eq!(r.code, "attach_through_upload"),
            other => panic!("a hand-made attach command must be refused, got {other:?}"),
        }
        assert!(files_in(&dir).is_empty(), "no stored file: {:?}", files_in(&dir));
        assert_eq!(store.case_by_number(&case.case_number).await.unwrap().unwrap().version, 2);
    }

    async fn an_altered_or_missing_file_is_reported_not_served(store) {
        let org = seed_org(&store).await;
        let case = store.open_case(org.commune, &person("Giả Lập Thị Cúc", 1999), &reception("self_report", day(2025, 8, 1)), today()).await.unwrap();
        let dir = store.attachment_dir().unwrap().to_owned();
        store.attach(org.commune, &case.case_number, 1, upload("a.pdf", PDF), today()).await.unwrap();
        let case = store.attach(org.commune, &case.case_number, 2, upload("ghi chép.txt", "Biên bản làm việc".as_bytes()), today()).await.unwrap();
        let [first, second] = [0, 1].map(|i| case.state.attachments[i].attachment.file_id.clone());
        std::fs::write(dir.join(&first), b"%PDF-1.7 altered").unwrap();
        std::fs::remove_file(dir.join(&second)).unwrap();
        assert!(matches!(store.attachment_content(&case, 1).await, Err(StoreError::AttachmentUnavailable(FileProblem::Corrupted))));
        assert!(matches!(store.attachment_content(&case, 2).await, Err(StoreError::AttachmentUnavailable(FileProblem::Missing))));
        let damaged: Vec<(u32, FileProblem)> = store.verify_attachments().await.unwrap().into_iter().map(|d| (d.attachment_no, d.problem)).collect();
        assert_eq!(damaged, vec![(1, FileProblem::Corrupted), (2, FileProblem::Missing)]);
        let case = store.execute(org.commune, &case.case_number, 3, &Command::WithdrawAttachment { attachment_no: 1, reason: "nhầm hồ sơ".into() }, None, today()).await.unwrap();
        assert!(matches!(store.attachment_content(&case, 1).await, Err(StoreError::Withdrawn)));
        assert!(store.verify_histories().await.unwrap().is_empty());
    }

    async fn a_plans_documents_are_kept_like_a_cases_and_never_swept(store) {
        use haven_domain::ids::{AgencyId, PlanId};
        use haven_store::programme::Author;
        let org = seed_org(&store).await;
        let programme = store.programme();
        let social = Author { user_id: org.social_affairs.user_id, agency_id: AgencyId(org.social_affairs.agency_id) };
        let draft = haven_domain::programme::PlanDraft {
            number: "301/KH-UBND".into(), issued_on: day(2026, 1, 10), title: "Kế hoạch phòng, chống mua bán người".into(),
            first_year: 2026, last_year: 2030, orientation_year: None, parent_plan_id: None, summary: String::new(),
        };
        let plan = programme.create_plan(social, "01", &draft).await.unwrap();
        let dir = store.attachment_dir().unwrap().to_owned();

        // Refused: a type not allowed, a plan that does not exist; no file stays either way.
        let refused = programme.attach_plan_document(social, plan.id, upload("chạy.exe", b"MZ\x90\x00")).await.unwrap_err();
        assert!(matches!(refused, StoreError::Invalid(_)), "{refused}");
        let unknown = programme.attach_plan_document(social, PlanId(9999), upload("kh.pdf", PDF)).await.unwrap_err();
        assert!(matches!(unknown, StoreError::NotFound { .. }), "{unknown}");
        for description in ["x".repeat(501), "Kế hoạch\u{202E}fdp.exe".to_owned()] {
            let described = Upload { file_name: "kh.pdf", description: Some(&description), content: PDF };
            let refused = programme.attach_plan_document(social, plan.id, described).await.unwrap_err();
            assert!(matches!(&refused, StoreError::Invalid(v) if v.0[0].field == "description"), "{refused}");
        }
        assert_eq!(files_in(&dir), Vec::<String>::new());

        let document = programme.attach_plan_document(social, plan.id, upload("Kế hoạch 301.pdf", PDF)).await.unwrap();
        assert_eq!((document.file_name.as_str(), document.media_type.as_str(), document.size_bytes), ("Kế hoạch 301.pdf", "application/pdf", PDF.len() as i64));
        let (_, content) = programme.plan_document_content(plan.id, document.id).await.unwrap();
        assert_eq!(content, PDF);
        assert!(matches!(programme.plan_document_content(PlanId(plan.id.get() + 1), document.id).await, Err(StoreError::NotFound { .. })), "only under its own plan");
        // Its file is no stray, however old.
        for name in files_in(&dir) {
            age(&dir.join(name));
        }
        assert_eq!(store.stray_attachment_files().await.unwrap(), vec![]);
        let history = programme.plan_history(plan.id).await.unwrap();
        assert!(history.iter().any(|c| c.record_kind == "plan_document" && c.action == "attach" && c.after["file_name"] == "Kế hoạch 301.pdf"));

        // Altered on disk: reported by the verification and not served.
        let file = files_in(&dir).pop().unwrap();
        std::fs::write(dir.join(&file), b"tampered").unwrap();
        let damaged = store.verify_attachments().await.unwrap();
        assert_eq!(damaged.len(), 1);
        assert_eq!((damaged[0].case_number.clone(), damaged[0].attachment_no), (format!("plan/{}", plan.id.get()), document.id as u32));
        assert!(matches!(programme.plan_document_content(plan.id, document.id).await, Err(StoreError::AttachmentUnavailable(_))));

        // Withdrawn: listed still, no longer served, not withdrawn twice.
        let withdrawn = programme.withdraw_plan_document(social, plan.id, document.id).await.unwrap();
        assert!(withdrawn.withdrawn_at.is_some());
        assert_eq!(programme.plan_documents(plan.id).await.unwrap().len(), 1);
        assert!(matches!(programme.plan_document_content(plan.id, document.id).await, Err(StoreError::Withdrawn)));
        assert!(matches!(programme.withdraw_plan_document(social, plan.id, document.id).await, Err(StoreError::Withdrawn)));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_the_key_reencrypts_every_file_and_retires_the_old_key() {
    haven_testkit::with_store(haven_testkit::Backend::Sqlite, |store| async move {
        let org = seed_org(&store).await;
        let case = store
            .open_case(
                org.commune,
                &person("Giả Lập Thị Dung", 1999),
                &reception("self_report", day(2025, 8, 1)),
                today(),
            )
            .await
            .unwrap();
        let dir = store.attachment_dir().unwrap().to_owned();
        let mut version = 1;
        for name in ["a.pdf", "b.pdf", "c.pdf"] {
            version = store
                .attach(
                    org.commune,
                    &case.case_number,
                    version,
                    upload(name, PDF),
                    today(),
                )
                .await
                .unwrap()
                .version;
        }
        let key_file = dir.parent().unwrap().join("keys").join("attachments.key");
        let old_ring = KeyRing::open(&key_file).unwrap();
        let before: Vec<Vec<u8>> = files_in(&dir)
            .iter()
            .map(|f| std::fs::read(dir.join(f)).unwrap())
            .collect();

        // A rotation interrupted after the new key was added is finished by the next run.
        let mut interrupted = KeyRing::open(&key_file).unwrap();
        interrupted.add_current_key().unwrap();
        let done = rotation::rotate(&key_file, &dir).await.unwrap();
        assert_eq!((done.reencrypted, done.already_current), (3, 0));
        let again = rotation::rotate(&key_file, &dir).await.unwrap();
        assert_eq!(
            (again.reencrypted, again.already_current),
            (3, 0),
            "a second rotation makes another new key"
        );

        let new_ring = KeyRing::open(&key_file).unwrap();
        assert!(!new_ring.is_rotating());
        for (file, old) in files_in(&dir).iter().zip(&before) {
            let now = std::fs::read(dir.join(file)).unwrap();
            assert_ne!(&now, old);
            assert!(
                old_ring.open_sealed(file, &now).is_none(),
                "the old key no longer opens it"
            );
        }
        let reopened = store
            .clone()
            .with_attachments(&dir, new_ring, AttachmentLimits::default());
        let case = reopened
            .case_by_number(&case.case_number)
            .await
            .unwrap()
            .unwrap();
        for no in 1..=3 {
            assert_eq!(reopened.attachment_content(&case, no).await.unwrap().1, PDF);
        }
        assert!(reopened.verify_attachments().await.unwrap().is_empty());
    })
    .await;
}
