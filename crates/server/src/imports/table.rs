//! A list file read into a header row and text cells: spreadsheets (XLSX,
//! XLS, ODS: the first sheet) and CSV (comma, semicolon or tab), in UTF-8
//! or the Windows-1258 encoding older offices save. A file in TCVN3 (the
//! ".VnTime" fonts) cannot be told from Windows-1258 by its bytes alone
//! with certainty: one that reads as TCVN3 is refused with what to do.
//! The header row is the first of the top rows that names known columns,
//! so a title above the table ("DANH SÁCH NẠN NHÂN …") is passed over.

use calamine::{Data, Reader};
use haven_domain::import::columns::recognise;

/// Rows looked at for the header.
const HEADER_WITHIN: usize = 15;
/// The most rows a list may have.
pub const MAX_ROWS: usize = 200_000;

/// A list as read: its headers and its rows, each with its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    /// `(line, cells)`: lines count from 1 as a spreadsheet shows them.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Why a file cannot be read, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message_en}")]
pub struct Unreadable {
    pub rule: &'static str,
    pub message_vi: String,
    pub message_en: String,
}

fn unreadable(rule: &'static str, vi: &str, en: &str) -> Unreadable {
    Unreadable {
        rule,
        message_vi: vi.to_owned(),
        message_en: en.to_owned(),
    }
}

/// Reads the file by its name's ending.
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table, Unreadable> {
    let lower = file_name.to_lowercase();
    let grid = if lower.ends_with(".csv") || lower.ends_with(".txt") {
        csv_grid(bytes)?
    } else if [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|ending| lower.ends_with(ending))
    {
        spreadsheet_grid(bytes)?
    } else {
        return Err(unreadable(
            "file_type",
            "Chỉ nhận tệp XLSX, XLS, ODS hoặc CSV.",
            "Only XLSX, XLS, ODS or CSV files are taken.",
        ));
    };
    table_of(grid)
}

fn table_of(grid: Vec<Vec<String>>) -> Result<Table, Unreadable> {
    let header_at = grid
        .iter()
        .take(HEADER_WITHIN)
        .position(|row| row.iter().filter(|cell| recognise(cell).is_some()).count() >= 2)
        .or_else(|| {
            grid.iter()
                .position(|row| row.iter().any(|c| !c.trim().is_empty()))
        })
        .ok_or_else(|| unreadable("empty", "Tệp không có dữ liệu.", "The file holds nothing."))?;
    let mut rows = grid.into_iter().enumerate().skip(header_at);
    let headers = rows
        .next()
        .map(|(_, row)| row.into_iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default();
    let rows: Vec<(usize, Vec<String>)> = rows
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .map(|(at, row)| (at + 1, row))
        .collect();
    if rows.len() > MAX_ROWS {
        return Err(unreadable(
            "max_rows",
            "Tệp có hơn 200.000 dòng: hãy chia thành nhiều tệp.",
            "The file has more than 200,000 rows: split it into several files.",
        ));
    }
    Ok(Table { headers, rows })
}

fn spreadsheet_grid(bytes: &[u8]) -> Result<Vec<Vec<String>>, Unreadable> {
    let broken = || {
        unreadable(
            "spreadsheet",
            "Không đọc được bảng tính: tệp hỏng hoặc không phải XLSX, XLS, ODS.",
            "The spreadsheet cannot be read: the file is damaged or not XLSX, XLS or ODS.",
        )
    };
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|_| broken())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| {
            unreadable(
                "empty",
                "Bảng tính không có trang nào.",
                "The spreadsheet has no sheet.",
            )
        })?
        .map_err(|_| broken())?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

/// A cell as text: whole numbers without ".0", dates as their day number
/// (which `domain::import::dates` reads).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        Data::Float(number) => number.to_string(),
        Data::Bool(flag) => flag.to_string(),
        Data::DateTime(when) => format!("{:.0}", when.as_f64().floor()),
    }
}

/// Letters only Vietnamese has: a text decoded right holds some.
const VIETNAMESE: &[char] = &[
    'ă', 'â', 'đ', 'ê', 'ô', 'ơ', 'ư', 'Ă', 'Â', 'Đ', 'Ê', 'Ô', 'Ơ', 'Ư',
];
/// What TCVN3 bytes look like read as Windows-1258: its letters sit where
/// Windows-1258 has signs and accented capitals Vietnamese does not use.
const TCVN3_SIGNS: &[char] = &[
    '¸', 'µ', '¶', '·', '¹', '¾', '»', '¼', '½', 'Æ', 'Ç', '¬', '®', '¦',
];

fn csv_grid(bytes: &[u8]) -> Result<Vec<Vec<String>>, Unreadable> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Text has no control characters but tabs and line ends: a PDF, a
    // spreadsheet or a picture renamed `.csv` has many.
    let controls = bytes
        .iter()
        .filter(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    if controls > 0 {
        return Err(unreadable(
            "file_type",
            "Tệp không phải là văn bản CSV (có thể là tệp khác được đổi tên). Hãy lưu danh sách dạng CSV hoặc XLSX.",
            "The file is not CSV text (perhaps another file renamed). Save the list as CSV or XLSX.",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let (decoded, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
            let signs = decoded.chars().filter(|c| TCVN3_SIGNS.contains(c)).count();
            let letters = decoded.chars().filter(|c| VIETNAMESE.contains(c)).count();
            if signs > letters {
                return Err(unreadable(
                    "encoding_tcvn3",
                    "Tệp dùng bảng mã TCVN3 (phông .VnTime). Hãy mở trong Excel, chuyển sang Unicode (Unikey: Công cụ chuyển mã) rồi lưu dạng CSV UTF-8 hoặc XLSX.",
                    "The file is in the TCVN3 encoding (.VnTime fonts). Open it in Excel, convert it to Unicode (Unikey's converter) and save it as CSV UTF-8 or XLSX.",
                ));
            }
            // Windows-1258 writes tones as combining marks: compose them.
            unicode_normalization::UnicodeNormalization::nfc(decoded.as_ref()).collect()
        }
    };
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first_line.matches(char::from(*d)).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| {
            record
                .map(|r| r.iter().map(str::to_owned).collect())
                .map_err(|_| {
                    unreadable(
                        "csv",
                        "Không đọc được tệp CSV: kiểm tra dấu ngoặc kép và dấu phân cách.",
                        "The CSV file cannot be read: check its quotes and separators.",
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_above_the_table_is_passed_over() {
        let csv = "DANH SÁCH NẠN NHÂN NĂM 2021;;\n;;\nSTT;Họ và tên;Năm sinh\n1;Giả Lập Thị Một;1999\n;;\n2;Giả Lập Thị Hai;2001\n";
        let table = read_table("ds.csv", csv.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(table.headers, vec!["STT", "Họ và tên", "Năm sinh"]);
        assert_eq!(
            table.rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
            vec![4, 6]
        );
    }

    #[test]
    fn windows_1258_is_read_and_tcvn3_refused() {
        // Windows-1258 writes the dot below as a combining mark.
        let (encoded, _, _) = encoding_rs::WINDOWS_1258
            .encode("Ho\u{323} và tên,Quê quán\nĐinh Thi\u{323} Ơn,Lào Cai\n");
        let table = read_table("cu.csv", &encoded).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(table.headers, vec!["Họ và tên", "Quê quán"]);
        assert_eq!(table.rows[0].1, vec!["Đinh Thị Ơn", "Lào Cai"]);
        // "Hä vµ tªn" is how "Họ và tên" looks in TCVN3 read as Windows-1258.
        let (tcvn3, _, _) =
            encoding_rs::WINDOWS_1258.encode("Hä vµ tªn,Quª qu¸n\n§inh Thi ¥n,Lµo Cai\n");
        assert_eq!(
            read_table("cu.csv", &tcvn3).map_err(|e| e.rule),
            Err("encoding_tcvn3")
        );
        assert_eq!(
            read_table("ds.pdf", b"%PDF").map_err(|e| e.rule),
            Err("file_type")
        );
        assert_eq!(
            read_table("ds.xlsx", b"not a spreadsheet").map_err(|e| e.rule),
            Err("spreadsheet")
        );
    }

    #[test]
    fn another_file_renamed_csv_is_refused() {
        for renamed in [
            &b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\x00"[..],
            b"PK\x03\x04\x14\x00\x06\x00",
            b"\x89PNG\r\n\x1a\n",
        ] {
            assert_eq!(
                read_table("ds.csv", renamed).map_err(|e| e.rule),
                Err("file_type")
            );
        }
        assert!(read_table(
            "ds.csv",
            "Họ và tên\tNăm sinh\r\nGiả Lập\t1999\r\n".as_bytes()
        )
        .is_ok());
    }
}
