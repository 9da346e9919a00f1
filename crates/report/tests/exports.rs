//! A report's files: the XLSX opens with calamine and holds the official
//! layout and the figures; the CSV has one line per figure, hidden ones
//! marked and empty.
// Tests stop loudly: unwrapping and indexing are how they fail.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::wildcard_enum_match_arm
)]

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chrono::NaiveDate;
use haven_domain::case::command::{Command, Outcome};
use haven_domain::case::person::{Birth, Person, Residence, Sex};
use haven_report::compute::{Area, Geography, Request};
use haven_report::export::{self, Codes, Letterhead};
use haven_report::facts::{CaseFacts, CaseRecordForStatistics};
use haven_report::{Catalogue, Period};
use std::io::Cursor;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

/// Twelve women received in 2025 in Hà Nội, nine identified; two men in Lào Cai.
fn facts() -> Vec<CaseFacts> {
    let person = |sex| Person {
        full_name: "Giả Lập".into(),
        other_names: vec![],
        sex,
        birth: Some(Birth::Year { year: 1995 }),
        ethnicity: Some("01".into()),
        nationality: Some("VN".into()),
        identity_papers: vec![],
        permanent_residence: Residence::default(),
        current_residence: Residence::default(),
        languages: vec![],
        disability: None,
        contact: None,
        relatives: vec![],
    };
    (0..14)
        .map(|n| {
            let commands = if n < 9 {
                vec![(
                    day(3, 1),
                    Command::RecordIdentification {
                        outcome: Outcome::Victim,
                        deciding_agency_id: None,
                        document_number: None,
                        document_date: Some(day(3, 1)),
                    },
                )]
            } else {
                vec![]
            };
            CaseFacts::from_record(&CaseRecordForStatistics {
                case_id: n,
                lead_agency_id: 1,
                province: if n < 12 { "01".into() } else { "15".into() },
                place_unit_id: None,
                place_unit_today: None,
                channel: "self_return".into(),
                received_on: day(2, 1),
                person: Some(person(if n < 12 { Sex::Female } else { Sex::Male })),
                commands,
            })
        })
        .collect()
}

fn report(area: Area) -> haven_report::Report {
    let catalogue = Catalogue::built_in();
    let request = Request {
        catalogue: &catalogue,
        period: Period::Year { year: 2025 },
        area,
        geography: Geography::Today,
        as_of: NaiveDate::from_ymd_opt(2026, 1, 10).unwrap(),
        follow_up_months: vec![1, 3, 6, 12],
        places: vec!["01".into(), "15".into()],
    };
    haven_report::compute(&request, &facts())
}

fn letterhead() -> Letterhead {
    Letterhead {
        issuing_body: "Cục Bảo trợ xã hội".into(),
        number: "15/BC-BTXH".into(),
        place: "Hà Nội".into(),
        date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        title: "Kết quả công tác tiếp nhận, hỗ trợ nạn nhân bị mua bán".into(),
        area_name: "Toàn quốc".into(),
    }
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn the_xlsx_has_the_official_layout_and_the_figures() {
    let report = report(Area::National);
    let bytes =
        export::xlsx::write(&report, &Catalogue::built_in(), &letterhead(), &Codes).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["Báo cáo", "Chương trình", "Chi tiết", "Theo tỉnh"]
    );
    let sheet = book.worksheet_range("Báo cáo").unwrap();
    assert_eq!(text(&sheet, 0, 0), "CỤC BẢO TRỢ XÃ HỘI");
    assert_eq!(text(&sheet, 0, 2), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(text(&sheet, 1, 2), "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(text(&sheet, 2, 0), "Số: 15/BC-BTXH");
    assert_eq!(text(&sheet, 2, 2), "Hà Nội, ngày 05 tháng 01 năm 2026");
    assert_eq!(text(&sheet, 4, 0), "BÁO CÁO");
    assert_eq!(text(&sheet, 6, 0), "Kỳ báo cáo: Năm 2025");
    assert_eq!(text(&sheet, 9, 1), "Chỉ tiêu");
    // The summary: indicator, unit and the national figure.
    let find = |name: &str| (0..sheet.height() as u32).find(|r| text(&sheet, *r, 1) == name);
    let received = find("Số người được tiếp nhận").expect("a row for persons received");
    assert_eq!(
        (
            text(&sheet, received, 2),
            sheet.get_value((received, 3)).cloned()
        ),
        ("người".to_string(), Some(Data::Float(14.0)))
    );
    let identified = find("Số người được xác định là nạn nhân").unwrap();
    assert_eq!(sheet.get_value((identified, 3)), Some(&Data::Float(9.0)));
    let signature = (0..sheet.height() as u32).any(|r| text(&sheet, r, 2) == "THỦ TRƯỞNG CƠ QUAN");
    assert!(signature, "a signature block");
    // By province: Lào Cai's two men are hidden, and so is a partner to protect them.
    let provinces = book.worksheet_range("Theo tỉnh").unwrap();
    assert_eq!(text(&provinces, 0, 1), "Số người được tiếp nhận");
    let lao_cai = (1..provinces.height() as u32)
        .find(|r| text(&provinces, *r, 0) == "15")
        .unwrap();
    assert_eq!(text(&provinces, lao_cai, 1), "—");
}

#[test]
fn the_csv_has_a_line_per_figure_and_marks_hidden_ones() {
    let report = report(Area::Province("15".into()));
    let bytes = export::csv::write(&report, &Codes).unwrap();
    let mut lines = csv::Reader::from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = lines.records().map(Result::unwrap).collect();
    let male = rows
        .iter()
        .find(|r| &r[2] == "received" && &r[4] == "sex" && &r[6] == "male")
        .expect("received by sex, male");
    assert_eq!(
        (&male[0], &male[1], &male[7], &male[8]),
        ("2025", "15", "", "yes"),
        "two men: hidden in a province"
    );
    let female = rows
        .iter()
        .find(|r| &r[2] == "received" && &r[4] == "sex" && &r[6] == "female")
        .unwrap();
    assert_eq!((&female[7], &female[8]), ("0", "no"), "zeros are shown");
}

/// The PDF's text as poppler's `pdftotext` reads it (the layout kept).
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils) reads the PDF back");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_pdf_prints_vietnamese_with_its_diacritics_and_the_figures() {
    let report = report(Area::National);
    let bytes = export::pdf::write(&report, &Catalogue::built_in(), &letterhead(), &Codes).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    if let Ok(dir) = std::env::var("HAVEN_KEEP_PDF") {
        std::fs::write(format!("{dir}/national.pdf"), &bytes).unwrap();
    }
    let text = pdf_text(&bytes);
    for expected in [
        "Nạn nhân",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-BTXH",
        "Hà Nội, ngày 05 tháng 01 năm 2026",
        "Kỳ báo cáo: Năm 2025",
        "THỦ TRƯỞNG CƠ QUAN",
        "Trang 1/",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    let line = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}"))
            .split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    // The summary row: number, name, unit, the national figure.
    let received = line("Số người được tiếp nhận");
    assert!(
        received.ends_with(&["người".to_string(), "14".to_string()]),
        "{received:?}"
    );
    let identified = line("Số người được xác định là nạn nhân");
    assert!(identified.contains(&"9".to_string()), "{identified:?}");
}

#[test]
fn a_province_pdf_and_workbook_hide_small_figures_and_list_communes() {
    let report = report(Area::Province("15".into()));
    let bytes = export::pdf::write(&report, &Catalogue::built_in(), &letterhead(), &Codes).unwrap();
    let text = pdf_text(&bytes);
    assert!(text.contains("Số nhỏ hơn 5"), "the reason is given: {text}");
    let received = text
        .lines()
        .find(|l| l.contains("Số người được tiếp nhận"))
        .unwrap();
    assert!(
        received.contains("—") && received.contains("Không công bố"),
        "{received}"
    );
    assert!(!text
        .lines()
        .any(|l| l.contains("Số người được tiếp nhận") && l.contains(" 2")));
    let bytes =
        export::xlsx::write(&report, &Catalogue::built_in(), &letterhead(), &Codes).unwrap();
    let book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["Báo cáo", "Chương trình", "Chi tiết", "Theo xã"]
    );
}
