//! Backups on both databases: taken while writers go on, a backup is the
//! database of one moment — restored into the other kind of database, every
//! history verifies, every attachment reads and the row counts are the
//! manifest's. An altered, cut or wrongly opened archive is refused.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use haven_domain::case::Command;
use haven_store::attachments::{KeyRing, Upload};
use haven_store::audit_key::AuditKey;
use haven_store::backup::archive::{self, ArchiveError, Opener, Protection};
use haven_store::backup::{self, CheckedBackup, DATABASE_FILE};
use haven_store::{Store, StoreError};
use haven_testkit::fixtures::{day, person, reception, seed_org, today};
use haven_testkit::{with_database, Backend};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

async fn back_up_while_writing(from: Backend, to: Backend) {
    let keys = tempfile::tempdir().unwrap();
    let audit_key = AuditKey::open_or_create(&keys.path().join("audit.key")).unwrap();
    let key_file = keys.path().join("attachments.key");
    let files = tempfile::tempdir().unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let (audit, key_ring) = (audit_key.clone(), key_file.clone());
    let (files_path, backup_path) = (files.path().to_path_buf(), backup_dir.path().to_path_buf());
    with_database(from, |source| async move {
        let store = Store::open_and_migrate(&source)
            .await
            .unwrap()
            .with_audit_key(audit.clone())
            .with_attachments(
                &files_path,
                KeyRing::open_or_create(&key_ring).unwrap(),
                Default::default(),
            );
        let org = seed_org(&store).await;
        let mut cases = Vec::new();
        for i in 0..4 {
            let case = store
                .open_case(
                    org.commune,
                    &person(&format!("Người Thứ {i}"), 1990 + i),
                    &reception("self_report", day(2026, 3, 1)),
                    today(),
                )
                .await
                .unwrap();
            cases.push(case.case_number);
        }
        let attached = store
            .attach(
                org.commune,
                &cases[0],
                1,
                Upload {
                    file_name: "quyết định.pdf",
                    description: None,
                    content: PDF,
                },
                today(),
            )
            .await
            .unwrap();
        assert_eq!(attached.version, 2);

        // Two writers add notes to their own cases until told to stop.
        let stop = Arc::new(AtomicBool::new(false));
        let mut writers = Vec::new();
        for (number, first_version) in [(cases[1].clone(), 1), (cases[2].clone(), 1)] {
            let (store, stop, actor) = (store.clone(), stop.clone(), org.commune);
            writers.push(tokio::spawn(async move {
                let mut version = first_version;
                while !stop.load(Ordering::Relaxed) {
                    let note = Command::AddNote {
                        text: format!("ghi chú {version}"),
                    };
                    version = store
                        .execute(actor, &number, version, &note, None, today())
                        .await
                        .unwrap()
                        .version;
                }
                version
            }));
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let manifest = store.back_up_into(&backup_path).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        stop.store(true, Ordering::Relaxed);
        let mut written = 0;
        for writer in writers {
            written += writer.await.unwrap();
        }
        let history_in_backup = manifest
            .tables
            .iter()
            .find(|t| t.table == "case_history")
            .unwrap()
            .rows;
        let history_now = store
            .table_counts()
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.table == "case_history")
            .unwrap()
            .rows;
        assert!(
            history_in_backup > 6,
            "notes were written before the backup: {history_in_backup}"
        );
        assert!(
            history_now > history_in_backup,
            "and after it: {history_now} > {history_in_backup} ({written})"
        );
        assert_eq!(manifest.attachment_files(), 1);
        // The folder holds the listed files and nothing else (no WAL of a
        // connection that closed late), and they still have their checksums.
        let mut present = Vec::new();
        for entry in walk(&backup_path) {
            present.push(
                entry
                    .strip_prefix(&backup_path)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
        present.sort();
        let mut listed: Vec<String> = manifest.files.iter().map(|f| f.path.clone()).collect();
        listed.push(backup::MANIFEST_FILE.to_owned());
        listed.sort();
        assert_eq!(present, listed);
        assert_eq!(
            CheckedBackup::check(&backup_path).unwrap().manifest(),
            &manifest
        );

        let (restore_from, audit_for_target, key_ring_for_target) =
            (backup_path.clone(), audit.clone(), key_ring.clone());
        with_database(to, |target| async move {
            let (backup_path, audit, key_ring) =
                (restore_from, audit_for_target, key_ring_for_target);
            let restored_files = tempfile::tempdir().unwrap();
            let target = Store::open(&target).await.unwrap();
            let checked = CheckedBackup::check(&backup_path).unwrap();
            let manifest_read = backup::restore(&checked, &target, restored_files.path())
                .await
                .unwrap();
            assert_eq!(manifest_read, manifest);
            let target = target.with_audit_key(audit.clone()).with_attachments(
                restored_files.path(),
                KeyRing::open_or_create(&key_ring).unwrap(),
                Default::default(),
            );
            assert!(
                target.verify_histories().await.unwrap().is_empty(),
                "every history verifies: the backup is of one moment"
            );
            assert!(
                target.verify_attachments().await.unwrap().is_empty(),
                "the attachment reads"
            );
            let counts: Vec<(String, u64)> = target
                .table_counts()
                .await
                .unwrap()
                .into_iter()
                .map(|c| (c.table.to_owned(), c.rows))
                .collect();
            let listed: Vec<(String, u64)> = manifest
                .tables
                .iter()
                .map(|c| (c.table.clone(), c.rows))
                .collect();
            assert_eq!(counts, listed);
            // Restoring twice is refused: the target is no longer empty.
            let again = backup::restore(&checked, &target, restored_files.path())
                .await
                .unwrap_err();
            assert!(matches!(again, StoreError::Refused(_)), "{again}");
            target.close().await.unwrap();
        })
        .await;

        // An altered file inside the backup is named.
        let database = backup_path.join(DATABASE_FILE);
        let mut content = std::fs::read(&database).unwrap();
        let middle = content.len() / 2;
        content[middle] ^= 0x20;
        std::fs::write(&database, content).unwrap();
        let refused = CheckedBackup::check(&backup_path).unwrap_err();
        assert!(
            refused.to_string().contains("haven.sqlite does not match"),
            "{refused}"
        );
        store.close().await.unwrap();
    })
    .await;
    drop((keys, files, backup_dir, audit_key, key_file));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sqlite_backup_taken_while_writing_restores_into_postgres() {
    back_up_while_writing(Backend::Sqlite, Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_postgres_backup_taken_while_writing_restores_into_sqlite() {
    back_up_while_writing(Backend::Postgres, Backend::Sqlite).await;
}

#[test]
fn an_archive_opens_only_with_its_key_and_only_whole() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("manifest.json"), b"{}").unwrap();
    std::fs::write(folder.path().join("data.bin"), vec![7u8; 300_000]).unwrap();
    let out = tempfile::tempdir().unwrap();
    let sealed = out.path().join("b.age");
    archive::seal(
        folder.path(),
        &sealed,
        Protection::Passphrase("một cụm mật khẩu dài".to_owned().into()),
    )
    .unwrap();
    let opened = tempfile::tempdir().unwrap();
    archive::open(
        &sealed,
        &Opener::Passphrase("một cụm mật khẩu dài".to_owned().into()),
        opened.path(),
    )
    .unwrap();
    assert_eq!(
        std::fs::read(opened.path().join("data.bin")).unwrap(),
        vec![7u8; 300_000]
    );

    let wrong = archive::open(
        &sealed,
        &Opener::Passphrase("một cụm mật khẩu sai".to_owned().into()),
        tempfile::tempdir().unwrap().path(),
    );
    assert!(matches!(wrong, Err(ArchiveError::WrongKey)), "{wrong:?}");
    let mut bytes = std::fs::read(&sealed).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&sealed, &bytes).unwrap();
    let altered = archive::open(
        &sealed,
        &Opener::Passphrase("một cụm mật khẩu dài".to_owned().into()),
        tempfile::tempdir().unwrap().path(),
    );
    assert!(
        matches!(altered, Err(ArchiveError::Damaged(_))),
        "{altered:?}"
    );
    std::fs::write(&sealed, &bytes[..bytes.len() - 1000]).unwrap();
    let cut = archive::open(
        &sealed,
        &Opener::Passphrase("một cụm mật khẩu dài".to_owned().into()),
        tempfile::tempdir().unwrap().path(),
    );
    assert!(matches!(cut, Err(ArchiveError::Damaged(_))), "{cut:?}");
    std::fs::write(&sealed, b"not an archive").unwrap();
    assert!(matches!(
        archive::open(&sealed, &Opener::Identities(vec![]), opened.path()),
        Err(ArchiveError::NotABackup(_))
    ));

    // For recipients: each one's secret key opens it, another does not.
    let alice = age::x25519::Identity::generate();
    let bob = age::x25519::Identity::generate();
    let keys = out.path().join("alice.key");
    std::fs::write(
        &keys,
        format!(
            "# created: today\n{}\n",
            age::secrecy::ExposeSecret::expose_secret(&alice.to_string())
        ),
    )
    .unwrap();
    let recipient = archive::recipient(&alice.to_public().to_string()).unwrap();
    archive::seal(
        folder.path(),
        &sealed,
        Protection::Recipients(vec![recipient]),
    )
    .unwrap();
    archive::open(
        &sealed,
        &Opener::Identities(archive::identities(&keys).unwrap()),
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap();
    let other = archive::open(
        &sealed,
        &Opener::Identities(vec![bob]),
        tempfile::tempdir().unwrap().path(),
    );
    assert!(matches!(other, Err(ArchiveError::WrongKey)), "{other:?}");
    assert!(matches!(
        archive::recipient("age1notakey"),
        Err(ArchiveError::BadRecipient(_))
    ));
}

/// Every file under `dir`, in its subfolders too.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
