//! The list template to download: a sheet "Danh sách" with Haven's
//! columns as Vietnamese headers (required ones marked "(*)", each with a
//! note saying what it takes), drop-downs on the coded columns fed from
//! one sheet per code list (code, Vietnamese, English), and a sheet of
//! instructions. Its headers are the ones the import recognises, so a
//! filled template needs no mapping.

use super::plan::REQUIRED;
use haven_domain::import::columns::ImportColumn;
use rust_xlsxwriter::{DataValidation, Format, Formula, Note, Workbook, Worksheet, XlsxError};

/// Rows of the list sheet the drop-downs cover.
const ROWS_WITH_CHOICES: u32 = 5_000;

/// One code list's items: `(code, Vietnamese, English)`.
pub type Choices = Vec<(String, String, String)>;

/// The code lists the coded columns choose from.
pub struct TemplateLists {
    pub channels: Choices,
    pub ethnic_groups: Choices,
    pub countries: Choices,
    pub purposes: Choices,
    pub services: Choices,
}

/// What a column takes, for the header's note.
fn hint(column: ImportColumn) -> &'static str {
    match column {
        ImportColumn::FullName => "Họ và tên đầy đủ, có dấu. Full name.",
        ImportColumn::Sex => "Nữ hoặc Nam. Female or male.",
        ImportColumn::BirthDate => "Ngày/tháng/năm, ví dụ 05/03/1999. Day/month/year.",
        ImportColumn::BirthYear => "Năm sinh khi không rõ ngày, ví dụ 1999. Year only.",
        ImportColumn::IdentityNumber => "Số CCCD hoặc CMND. Identity card number.",
        ImportColumn::HomePlace | ImportColumn::CurrentPlace => {
            "Xã, huyện, tỉnh, ví dụ: xã Bản Lầu, huyện Mường Khương, tỉnh Lào Cai. Commune, district, province."
        }
        ImportColumn::ReceivedOn => "Ngày/tháng/năm tiếp nhận. Day/month/year received.",
        ImportColumn::Channel => "Chọn trong danh sách. Choose from the list.",
        ImportColumn::Nationality | ImportColumn::DestinationCountry => {
            "Tên nước, chọn trong danh sách. Country, from the list."
        }
        ImportColumn::Ethnicity => "Chọn trong danh sách. Choose from the list.",
        ImportColumn::Purposes => {
            "Một hoặc nhiều, cách nhau bằng dấu phẩy, theo trang «DM Mục đích». One or more, comma-separated."
        }
        ImportColumn::Identified => {
            "Có (là nạn nhân), Không (không phải nạn nhân) hoặc Chưa. Yes, no or not yet decided."
        }
        ImportColumn::IdentifiedBy => {
            "Tên cơ quan như trong danh bạ của Haven. The agency's name as Haven's directory has it."
        }
        ImportColumn::IdentificationDocument => {
            "Số giấy xác nhận hoặc văn bản xác định là nạn nhân. The document's number."
        }
        ImportColumn::IdentifiedOn => "Ngày/tháng/năm của văn bản. The document's date.",
        ImportColumn::Services => {
            "Một hoặc nhiều, cách nhau bằng dấu phẩy, theo trang «DM Hỗ trợ»; do cơ quan nhập danh sách hỗ trợ. One or more, given by the importing agency."
        }
        ImportColumn::SupportedOn => "Ngày/tháng/năm hỗ trợ; bắt buộc khi có hỗ trợ. Required with support.",
        ImportColumn::ReturnedHomeOn => {
            "Ngày bàn giao về gia đình; Haven ghi kèm một lần liên hệ gia đình cùng ngày. Day handed over to the family."
        }
        ImportColumn::HandoverRecord => "Số biên bản bàn giao; bắt buộc khi có ngày về địa phương. Required with the return.",
        ImportColumn::Escort => "Người đưa về; bắt buộc khi trẻ em được đưa về. Who brought her home; required for a child.",
        ImportColumn::Note => "Tùy ý, không ghi thông tin nhạy cảm không cần thiết. Optional.",
    }
}

/// The template, as XLSX bytes.
pub fn template_xlsx(lists: &TemplateLists) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let mut list = Worksheet::new();
    list.set_name("Danh sách")?;
    let sheets = [
        ("DM Hình thức trở về", &lists.channels),
        ("DM Dân tộc", &lists.ethnic_groups),
        ("DM Quốc gia", &lists.countries),
        ("DM Mục đích", &lists.purposes),
        ("DM Hỗ trợ", &lists.services),
    ];
    for (index, column) in ImportColumn::ALL.iter().enumerate() {
        let col = u16::try_from(index).map_err(|_| XlsxError::RowColumnLimitError)?;
        let (label, _) = column.labels();
        let header = if REQUIRED.contains(column) {
            format!("{label} (*)")
        } else {
            label.to_owned()
        };
        list.write_string_with_format(0, col, &header, &bold)?;
        list.set_column_width(col, 22)?;
        if *column == ImportColumn::IdentityNumber {
            // Text, so a number's leading zeros stay (001301012345).
            list.set_column_format(col, &Format::new().set_num_format("@"))?;
        }
        list.insert_note(0, col, &Note::new(hint(*column)).set_author("Haven"))?;
        let source = match column {
            ImportColumn::Channel => Some(0),
            ImportColumn::Ethnicity => Some(1),
            ImportColumn::Nationality | ImportColumn::DestinationCountry => Some(2),
            ImportColumn::Sex | ImportColumn::Identified => {
                let words: &[&str] = if *column == ImportColumn::Sex {
                    &["Nữ", "Nam"]
                } else {
                    &["Có", "Không", "Chưa"]
                };
                let choices = DataValidation::new()
                    .allow_list_strings(words)?
                    .ignore_blank(true);
                list.add_data_validation(1, col, ROWS_WITH_CHOICES, col, &choices)?;
                None
            }
            ImportColumn::FullName
            | ImportColumn::BirthDate
            | ImportColumn::BirthYear
            | ImportColumn::IdentityNumber
            | ImportColumn::HomePlace
            | ImportColumn::CurrentPlace
            | ImportColumn::ReceivedOn
            // Several purposes or services go in one cell: their lists
            // are sheets to read, not drop-downs that take one.
            | ImportColumn::Purposes
            | ImportColumn::Services
            | ImportColumn::IdentifiedBy
            | ImportColumn::IdentificationDocument
            | ImportColumn::IdentifiedOn
            | ImportColumn::SupportedOn
            | ImportColumn::ReturnedHomeOn
            | ImportColumn::HandoverRecord
            | ImportColumn::Escort
            | ImportColumn::Note => None,
        };
        if let Some((sheet, items)) = source.and_then(|i| sheets.get(i)) {
            // The Vietnamese labels, in the code list's own sheet, column B.
            let last = items.len().max(1) + 1;
            let choices = DataValidation::new()
                .allow_list_formula(Formula::new(format!("='{sheet}'!$B$2:$B${last}")))
                .ignore_blank(true);
            list.add_data_validation(1, col, ROWS_WITH_CHOICES, col, &choices)?;
        }
    }
    list.set_freeze_panes(1, 0)?;
    workbook.push_worksheet(list);

    for (name, items) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        for (col, header) in ["Mã", "Tiếng Việt", "English"].iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)?;
            sheet.write_string_with_format(0, col, *header, &bold)?;
            sheet.set_column_width(col, 28)?;
        }
        for (row, (code, vi, en)) in items.iter().enumerate() {
            let row = u32::try_from(row + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            sheet.write_string(row, 0, code)?;
            sheet.write_string(row, 1, vi)?;
            sheet.write_string(row, 2, en)?;
        }
    }

    let guide = workbook.add_worksheet();
    guide.set_name("Hướng dẫn")?;
    guide.set_column_width(0, 110)?;
    let lines = [
        "Mỗi dòng của trang «Danh sách» là một người được tiếp nhận. One row per person received.",
        "Cột có dấu (*) là bắt buộc. Columns marked (*) are required.",
        "Ngày ghi theo ngày/tháng/năm (05/03/2021); năm sinh có thể ghi một mình. Dates are day/month/year.",
        "Nơi ở ghi xã, huyện, tỉnh như trên giấy tờ; tên cũ trước năm 2025 vẫn được nhận. Places as on papers; pre-2025 names are understood.",
        "Các cột có danh sách chọn nhận đúng chữ trong danh sách. Coded columns take the words of their list.",
        "Nhập lại cùng một tệp không tạo hồ sơ mới. Importing the same file again creates nothing new.",
        "Các bước sau tiếp nhận (mục đích, xác định, hỗ trợ, về địa phương) được ghi vào lịch sử hồ sơ với ngày của chúng, đánh dấu là nhập từ danh sách. Later steps are written to the case history with their own dates, marked as imported.",
    ];
    guide.write_string_with_format(
        0,
        0,
        "Hướng dẫn nhập danh sách / How to fill in the list",
        &bold,
    )?;
    for (row, line) in lines.iter().enumerate() {
        let row = u32::try_from(row + 2).map_err(|_| XlsxError::RowColumnLimitError)?;
        guide.write_string(row, 0, *line)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::imports::table::read_table;
    use haven_domain::import::columns::Mapping;

    #[test]
    fn the_template_reads_back_with_every_column_recognised() {
        let lists = TemplateLists {
            channels: vec![(
                "self_return".into(),
                "Tự trở về".into(),
                "Returned on their own".into(),
            )],
            ethnic_groups: vec![("01".into(), "Kinh".into(), "Kinh".into())],
            countries: vec![("CHN".into(), "Trung Quốc".into(), "China".into())],
            purposes: vec![(
                "forced_marriage".into(),
                "Cưỡng ép kết hôn".into(),
                "Forced marriage".into(),
            )],
            services: vec![(
                "medical_care".into(),
                "Khám và chữa bệnh".into(),
                "Medical care".into(),
            )],
        };
        let bytes = template_xlsx(&lists).unwrap();
        let table = read_table("mau.xlsx", &bytes).unwrap();
        assert!(table.rows.is_empty());
        let mapping = Mapping::suggested(&table.headers);
        assert_eq!(
            mapping.columns,
            ImportColumn::ALL
                .iter()
                .map(|c| Some(*c))
                .collect::<Vec<_>>(),
            "headers: {:?}",
            table.headers
        );
        assert!(mapping.check(table.headers.len(), REQUIRED).0.is_empty());
    }
}
