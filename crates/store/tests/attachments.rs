//! Attachments on both databases: stored outside the database with their
//! checksum, recorded in the history, limited in size and type, and never
//! served once missing or altered.

use haven_domain::case::command::Attachment;
use haven_domain::case::Command;
use haven_store::attachments::{AttachmentLimits, FileProblem, Upload};
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

haven_testkit::backend_tests! {
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
        let small = store.clone().with_attachments(&dir, AttachmentLimits { max_bytes: 10, ..AttachmentLimits::default() });
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
}
