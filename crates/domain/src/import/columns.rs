//! Which column of a list is which: headers recognised in Vietnamese with
//! or without diacritics, in the words offices use ("Họ và tên", "ho ten",
//! "Năm sinh", "Quê quán", …). A header nothing recognises stays unmapped
//! for the user to map; what the user confirms is kept for the next file of
//! the same shape (`shape_key`).

use crate::code_list::code_list;
use crate::matching::fold_name;
use crate::{Violation, Violations};

code_list!(
    /// A column Haven can take from a list.
    ImportColumn {
        /// Họ và tên.
        FullName => "full_name",
        /// Giới tính.
        Sex => "sex",
        /// Ngày sinh: a whole date, or only the year.
        BirthDate => "birth_date",
        /// Năm sinh.
        BirthYear => "birth_year",
        /// Số CCCD/CMND.
        IdentityNumber => "identity_number",
        /// Quê quán, nơi thường trú: the permanent residence.
        HomePlace => "home_place",
        /// Nơi ở hiện nay.
        CurrentPlace => "current_place",
        /// Ngày tiếp nhận.
        ReceivedOn => "received_on",
        /// Hình thức trở về / tiếp nhận: the reception channel.
        Channel => "channel",
        /// Quốc tịch.
        Nationality => "nationality",
        /// Dân tộc.
        Ethnicity => "ethnicity",
        /// Nước bị mua bán đến.
        DestinationCountry => "destination_country",
        /// Mục đích bị mua bán: one or more, as words.
        Purposes => "purposes",
        /// Xác định là nạn nhân: có / không / chưa.
        Identified => "identified",
        /// Cơ quan xác định: the deciding agency, by its name in Haven.
        IdentifiedBy => "identified_by",
        /// Số văn bản xác định.
        IdentificationDocument => "identification_document",
        /// Ngày văn bản xác định.
        IdentifiedOn => "identified_on",
        /// Hỗ trợ đã nhận: one or more services, as words.
        Services => "services",
        /// Ngày hỗ trợ.
        SupportedOn => "supported_on",
        /// Ngày về địa phương: handed over to her family at home.
        ReturnedHomeOn => "returned_home_on",
        /// Số biên bản bàn giao về địa phương.
        HandoverRecord => "handover_record",
        /// Người đưa về: who brought her home (required for a child).
        Escort => "escort",
        /// Ghi chú.
        Note => "note",
    }
);

impl ImportColumn {
    /// What the column holds, in Vietnamese and English, as the template's
    /// headers and the mapping's choices say it.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            ImportColumn::FullName => ("Họ và tên", "Full name"),
            ImportColumn::Sex => ("Giới tính", "Sex"),
            ImportColumn::BirthDate => ("Ngày sinh", "Date of birth"),
            ImportColumn::BirthYear => ("Năm sinh", "Year of birth"),
            ImportColumn::IdentityNumber => ("Số CCCD/CMND", "Identity card number"),
            ImportColumn::HomePlace => ("Quê quán", "Home (permanent residence)"),
            ImportColumn::CurrentPlace => ("Nơi ở hiện nay", "Current residence"),
            ImportColumn::ReceivedOn => ("Ngày tiếp nhận", "Date received"),
            ImportColumn::Channel => ("Hình thức trở về", "How she or he returned"),
            ImportColumn::Nationality => ("Quốc tịch", "Nationality"),
            ImportColumn::Ethnicity => ("Dân tộc", "Ethnic group"),
            ImportColumn::DestinationCountry => ("Nước bị mua bán đến", "Country trafficked to"),
            ImportColumn::Purposes => ("Mục đích bị mua bán", "Purpose of trafficking"),
            ImportColumn::Identified => ("Xác định là nạn nhân", "Identified as a victim"),
            ImportColumn::IdentifiedBy => ("Cơ quan xác định", "Identifying agency"),
            ImportColumn::IdentificationDocument => {
                ("Số văn bản xác định", "Identification document number")
            }
            ImportColumn::IdentifiedOn => ("Ngày văn bản xác định", "Identification document date"),
            ImportColumn::Services => ("Hỗ trợ đã nhận", "Support received"),
            ImportColumn::SupportedOn => ("Ngày hỗ trợ", "Date of support"),
            ImportColumn::ReturnedHomeOn => ("Ngày về địa phương", "Date returned home"),
            ImportColumn::HandoverRecord => ("Số biên bản bàn giao", "Handover record number"),
            ImportColumn::Escort => ("Người đưa về", "Escorted home by"),
            ImportColumn::Note => ("Ghi chú", "Note"),
        }
    }
}

/// Headers as offices write them, folded (no diacritics, lower case).
const ALIASES: &[(ImportColumn, &[&str])] = &[
    (
        ImportColumn::FullName,
        &[
            "ho va ten",
            "ho ten",
            "ho ten nan nhan",
            "ten nan nhan",
            "ho va ten nan nhan",
            "full name",
            "name",
        ],
    ),
    (
        ImportColumn::Sex,
        &["gioi tinh", "gioi", "nam nu", "nam/nu", "sex", "gender"],
    ),
    (
        ImportColumn::BirthDate,
        &[
            "ngay sinh",
            "ngay thang nam sinh",
            "ngay, thang, nam sinh",
            "sinh ngay",
            "date of birth",
        ],
    ),
    (ImportColumn::BirthYear, &["nam sinh", "year of birth"]),
    (
        ImportColumn::IdentityNumber,
        &[
            "so cccd",
            "cccd",
            "cmnd",
            "so cmnd",
            "so cmnd/cccd",
            "so cccd/cmnd",
            "so dinh danh",
            "so dinh danh ca nhan",
            "identity number",
        ],
    ),
    (
        ImportColumn::HomePlace,
        &[
            "que quan",
            "noi thuong tru",
            "dia chi thuong tru",
            "thuong tru",
            "noi cu tru",
            "dia chi",
            "home address",
        ],
    ),
    (
        ImportColumn::CurrentPlace,
        &[
            "noi o hien nay",
            "cho o hien nay",
            "noi o hien tai",
            "tam tru",
            "current address",
        ],
    ),
    (
        ImportColumn::ReceivedOn,
        &[
            "ngay tiep nhan",
            "ngay nhan",
            "thoi gian tiep nhan",
            "ngay tro ve",
            "ngay ve",
            "received on",
        ],
    ),
    (
        ImportColumn::Channel,
        &[
            "hinh thuc tro ve",
            "hinh thuc tiep nhan",
            "hinh thuc",
            "duong tro ve",
            "channel",
        ],
    ),
    (ImportColumn::Nationality, &["quoc tich", "nationality"]),
    (ImportColumn::Ethnicity, &["dan toc", "ethnicity"]),
    (
        ImportColumn::DestinationCountry,
        &[
            "noi bi mua ban den",
            "nuoc bi mua ban den",
            "bi mua ban sang",
            "bi ban sang",
            "quoc gia bi mua ban den",
            "destination country",
        ],
    ),
    (
        ImportColumn::Purposes,
        &[
            "muc dich bi mua ban",
            "muc dich mua ban",
            "hinh thuc bi mua ban",
            "bi mua ban de",
            "hinh thuc boc lot",
            "purpose of trafficking",
        ],
    ),
    (
        ImportColumn::Identified,
        &[
            "xac dinh la nan nhan",
            "da xac dinh la nan nhan",
            "ket qua xac dinh",
            "la nan nhan",
            "identified as a victim",
        ],
    ),
    (
        ImportColumn::IdentifiedBy,
        &[
            "co quan xac dinh",
            "co quan xac nhan",
            "don vi xac dinh",
            "identifying agency",
        ],
    ),
    (
        ImportColumn::IdentificationDocument,
        &[
            "so van ban xac dinh",
            "so giay xac nhan",
            "so quyet dinh",
            "giay xac nhan so",
            "identification document number",
        ],
    ),
    (
        ImportColumn::IdentifiedOn,
        &[
            "ngay van ban xac dinh",
            "ngay xac dinh",
            "ngay xac nhan",
            "ngay quyet dinh",
            "identification document date",
        ],
    ),
    (
        ImportColumn::Services,
        &[
            "ho tro da nhan",
            "cac hinh thuc ho tro",
            "che do ho tro",
            "noi dung ho tro",
            "ho tro",
            "support received",
        ],
    ),
    (
        ImportColumn::SupportedOn,
        &["ngay ho tro", "thoi gian ho tro", "date of support"],
    ),
    (
        ImportColumn::ReturnedHomeOn,
        &[
            "ngay ve dia phuong",
            "ngay ban giao ve dia phuong",
            "ngay ban giao ve gia dinh",
            "ngay ve gia dinh",
            "date returned home",
        ],
    ),
    (
        ImportColumn::HandoverRecord,
        &[
            "so bien ban ban giao",
            "bien ban ban giao",
            "handover record number",
        ],
    ),
    (
        ImportColumn::Escort,
        &[
            "nguoi dua ve",
            "nguoi dua tre ve",
            "nguoi ho tong",
            "escorted home by",
        ],
    ),
    (ImportColumn::Note, &["ghi chu", "note", "notes"]),
];

/// A header in the form compared: folded, punctuation at its ends and
/// doubled spaces dropped, `(*)` marks and trailing colons gone.
pub fn fold_header(header: &str) -> String {
    let folded = fold_name(&header.replace(['*', ':', '\n', '\r'], " "));
    folded
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The column a header names, if it is one of the known ways to say it.
pub fn recognise(header: &str) -> Option<ImportColumn> {
    let folded = fold_header(header);
    ALIASES
        .iter()
        .find(|(_, aliases)| aliases.contains(&folded.as_str()))
        .map(|(column, _)| *column)
}

/// What each column of a file is taken as: `None` for a column left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    pub columns: Vec<Option<ImportColumn>>,
}

impl Mapping {
    /// The mapping the headers suggest; the first of two columns that say
    /// the same thing wins, the second stays unmapped.
    pub fn suggested(headers: &[String]) -> Mapping {
        let mut taken = Vec::new();
        let columns = headers
            .iter()
            .map(|h| {
                let column = recognise(h).filter(|c| !taken.contains(c))?;
                taken.push(column);
                Some(column)
            })
            .collect();
        Mapping { columns }
    }

    /// The source column each Haven column comes from.
    pub fn position(&self, column: ImportColumn) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(column))
    }

    /// What is wrong with a mapping a user chose for `headers` columns:
    /// a Haven column taken from two of the file's (`column-N`, the second),
    /// a required one taken from none (`columns`), or a length that is not
    /// the file's.
    pub fn check(&self, headers: usize, required: &[ImportColumn]) -> Violations {
        let mut v = Violations::default();
        if self.columns.len() != headers {
            v.push(Violation::new(
                "columns",
                "column_count",
                "Số cột đã chọn không khớp với tệp: hãy tải lại trang.",
                "The columns chosen do not match the file: reload the page.",
            ));
            return v;
        }
        let mut seen = Vec::new();
        for (index, column) in self.columns.iter().enumerate() {
            let Some(column) = column else { continue };
            if seen.contains(column) {
                v.push(Violation::new(
                    format!("column-{index}"),
                    "column_twice",
                    "Cột này trùng với một cột đã chọn ở trên: mỗi thông tin chỉ lấy từ một cột.",
                    "This is the same as a column chosen above: each detail comes from one column.",
                ));
            } else {
                seen.push(*column);
            }
        }
        for missing in required.iter().filter(|c| !seen.contains(c)) {
            v.push(Violation::new(
                "columns",
                "column_required",
                format!(
                    "Chưa có cột nào cho thông tin bắt buộc «{}».",
                    missing.labels().0
                ),
                format!(
                    "No column is chosen for the required detail “{}”.",
                    missing.labels().1
                ),
            ));
        }
        v
    }
}

/// Files of the same shape — the same headers in the same order, however
/// they are accented — share a key, under which a confirmed mapping is kept
/// (the store keeps it by its digest).
pub fn shape_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| fold_header(h))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_mapping_names_each_detail_once_and_every_required_one() {
        use ImportColumn::*;
        let good = Mapping {
            columns: vec![Some(FullName), None, Some(ReceivedOn), Some(Channel)],
        };
        assert!(good.check(4, &[FullName, ReceivedOn, Channel]).0.is_empty());
        let twice = Mapping {
            columns: vec![Some(FullName), Some(FullName), Some(ReceivedOn)],
        };
        let found: Vec<(String, &str)> = twice
            .check(3, &[FullName, ReceivedOn, Channel])
            .0
            .into_iter()
            .map(|v| (v.field, v.rule))
            .collect();
        assert_eq!(
            found,
            vec![
                ("column-1".to_owned(), "column_twice"),
                ("columns".to_owned(), "column_required")
            ]
        );
        assert_eq!(good.check(5, &[]).0[0].rule, "column_count");
        // The template's own headers are recognised as the columns they label.
        let headers: Vec<String> = ImportColumn::ALL
            .iter()
            .map(|c| c.labels().0.to_owned())
            .collect();
        let suggested = Mapping::suggested(&headers);
        assert_eq!(
            suggested.columns,
            ImportColumn::ALL
                .iter()
                .map(|c| Some(*c))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn headers_are_recognised_with_or_without_diacritics() {
        for (header, column) in [
            ("Họ và tên", ImportColumn::FullName),
            ("HO TEN", ImportColumn::FullName),
            ("Họ tên (*)", ImportColumn::FullName),
            ("Ngày sinh:", ImportColumn::BirthDate),
            ("Năm sinh", ImportColumn::BirthYear),
            ("Quê quán", ImportColumn::HomePlace),
            ("que quan", ImportColumn::HomePlace),
            ("Nơi cư trú", ImportColumn::HomePlace),
            ("Hình thức trở về", ImportColumn::Channel),
            ("Ngày tiếp nhận", ImportColumn::ReceivedOn),
            ("Số CMND/CCCD", ImportColumn::IdentityNumber),
            ("Giới tính", ImportColumn::Sex),
        ] {
            assert_eq!(recognise(header), Some(column), "{header}");
        }
        assert_eq!(recognise("STT"), None);
        assert_eq!(recognise("Số thứ tự"), None);
    }

    #[test]
    fn a_suggested_mapping_takes_each_column_once() {
        let headers: Vec<String> = [
            "STT",
            "Họ và tên",
            "Năm sinh",
            "Quê quán",
            "Địa chỉ",
            "Ngày tiếp nhận",
        ]
        .iter()
        .map(|h| (*h).to_owned())
        .collect();
        let mapping = Mapping::suggested(&headers);
        assert_eq!(
            mapping.columns,
            vec![
                None,
                Some(ImportColumn::FullName),
                Some(ImportColumn::BirthYear),
                Some(ImportColumn::HomePlace),
                None,
                Some(ImportColumn::ReceivedOn)
            ]
        );
        assert_eq!(mapping.position(ImportColumn::ReceivedOn), Some(5));
    }

    #[test]
    fn files_of_one_shape_share_a_key() {
        let a: Vec<String> = vec!["Họ và tên".into(), "Năm sinh".into()];
        let b: Vec<String> = vec!["HO VA TEN".into(), "nam sinh ".into()];
        let c: Vec<String> = vec!["Năm sinh".into(), "Họ và tên".into()];
        assert_eq!(shape_key(&a), shape_key(&b));
        assert_ne!(shape_key(&a), shape_key(&c));
        assert_eq!(shape_key(&a), "ho va ten | nam sinh");
    }
}
