//! One row of a list read into a person and her reception, or into the
//! problems that stop it — each with the row, the column, the rule and the
//! words in Vietnamese and English, so a dry run can show them all. Coded
//! columns are read by the words offices write ("Nữ", "Tự trở về",
//! "H'Mông", "Trung Quốc"), through a [`Vocabulary`] the store builds from
//! the code lists. Places stay text here: the store resolves them.

use super::columns::{ImportColumn, Mapping};
use super::dates::{parse_birth, parse_day, DateProblem};
use super::steps::{ListIdentification, ListSteps, ReturnHome, PURPOSE_WORDS, SERVICE_WORDS};
use crate::case::command::Outcome;
use crate::case::person::{Birth, IdentityPaper, Person, Residence, Sex};
use crate::matching::{fold_identity_number, fold_name};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The words of the coded columns, folded, and the codes they stand for.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub channels: HashMap<String, String>,
    pub ethnicities: HashMap<String, String>,
    pub countries: HashMap<String, String>,
    /// Purposes of trafficking (`trafficking_purpose`).
    pub purposes: HashMap<String, String>,
    /// Support services (`support_service_type`).
    pub services: HashMap<String, String>,
}

/// How lists name reception channels beside the code list's own labels.
const CHANNEL_WORDS: &[(&str, &str)] = &[
    ("tu tro ve", "self_return"),
    ("tu ve", "self_return"),
    ("giai cuu", "rescue"),
    ("duoc giai cuu", "rescue"),
    ("trao tra", "official_handover_diplomatic"),
    ("duoc trao tra", "official_handover_diplomatic"),
    ("tiep nhan tai cua khau", "border_gate_handover"),
    ("cua khau", "border_gate_handover"),
    ("tu den trinh bao", "self_report"),
    ("trinh bao", "self_report"),
];

impl Vocabulary {
    /// Adds a code list's labels (and the codes themselves) as words.
    pub fn with_channels<'a>(
        mut self,
        labelled: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        for (code, label) in labelled {
            self.channels.insert(fold_name(label), code.to_owned());
            self.channels.insert(code.to_owned(), code.to_owned());
        }
        for (words, code) in CHANNEL_WORDS {
            self.channels
                .entry((*words).to_owned())
                .or_insert_with(|| (*code).to_owned());
        }
        self
    }

    /// Purposes of trafficking by their labels, their codes and the words
    /// lists use ("bán làm vợ", "mại dâm").
    pub fn with_purposes<'a>(
        mut self,
        labelled: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Self {
        add_words(&mut self.purposes, labelled, PURPOSE_WORDS);
        self
    }

    /// Support services by their labels, their codes and the words lists
    /// use ("y tế", "học nghề").
    pub fn with_services<'a>(
        mut self,
        labelled: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Self {
        add_words(&mut self.services, labelled, SERVICE_WORDS);
        self
    }

    /// Ethnic groups by their Vietnamese and English names ("Kinh (Viet)").
    pub fn with_ethnicities<'a>(
        mut self,
        groups: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Self {
        for (code, name_vi, name_en) in groups {
            for name in [name_vi, name_en] {
                self.ethnicities.insert(fold_word(name), code.to_owned());
            }
        }
        self
    }

    /// Countries by their names in both languages and their ISO code.
    pub fn with_countries<'a>(
        mut self,
        countries: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Self {
        add_words(&mut self.countries, countries, &[]);
        self
    }
}

/// A code list's labels in both languages and its codes as words, then the
/// words lists use for codes the list has.
fn add_words<'a>(
    table: &mut HashMap<String, String>,
    labelled: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    common: &[(&str, &str)],
) {
    for (code, label_vi, label_en) in labelled {
        for name in [label_vi, label_en, code] {
            table.insert(fold_word(name), code.to_owned());
        }
    }
    let known: std::collections::HashSet<String> = table.values().cloned().collect();
    for (words, code) in common {
        if known.contains(*code) {
            table
                .entry((*words).to_owned())
                .or_insert_with(|| (*code).to_owned());
        }
    }
}

/// Folded, with the apostrophes and hyphens of names like "H'Mông" or
/// "Ma-lai-xi-a" dropped.
fn fold_word(text: &str) -> String {
    fold_name(&text.replace(['\'', '’', '-'], " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A row read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    /// The row's line in the file (the header is line 1).
    pub line: usize,
    pub person: Person,
    pub received_on: NaiveDate,
    pub channel: String,
    /// Places as written; resolved by the store.
    pub home_place: Option<String>,
    pub current_place: Option<String>,
    /// ISO code of the country she was trafficked to.
    pub destination_country: Option<String>,
    pub note: Option<String>,
    /// What the list records after the reception.
    pub steps: ListSteps,
}

impl ListRow {
    /// What makes two rows the same record, however typed: the folded name,
    /// the birth, the reception day and channel, the place as written and
    /// the identity number. The store keeps its digest, so a file imported
    /// twice creates nothing new.
    pub fn fingerprint_text(&self) -> String {
        let birth = match self.person.birth {
            Some(Birth::Date { date }) => date.to_string(),
            Some(Birth::Year { year }) => year.to_string(),
            Some(Birth::EstimatedAge { years, on }) => format!("{years}@{on}"),
            None => String::new(),
        };
        let number = self
            .person
            .identity_papers
            .first()
            .map(|p| fold_identity_number(&p.number))
            .unwrap_or_default();
        [
            fold_name(&self.person.full_name),
            birth,
            self.received_on.to_string(),
            self.channel.clone(),
            self.home_place
                .as_deref()
                .map(fold_name)
                .unwrap_or_default(),
            number,
        ]
        .join("\u{1f}")
    }
}

/// Why a row cannot be taken, for one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub column: ImportColumn,
    pub rule: &'static str,
    pub message_vi: String,
    pub message_en: String,
}

/// The longest name taken from a list.
const NAME_MAX_CHARS: usize = 200;

/// Reads one row; every problem of the row at once.
pub fn read_row(
    mapping: &Mapping,
    line: usize,
    cells: &[String],
    words: &Vocabulary,
) -> Result<ListRow, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let cell = |column: ImportColumn| -> Option<&str> {
        mapping
            .position(column)
            .and_then(|at| cells.get(at))
            .map(|text| text.trim())
            .filter(|text| !text.is_empty())
    };
    let mut problem = |column: ImportColumn, rule: &'static str, vi: String, en: String| {
        problems.push(RowProblem {
            line,
            column,
            rule,
            message_vi: vi,
            message_en: en,
        });
    };

    let full_name = cell(ImportColumn::FullName).unwrap_or_default().to_owned();
    if full_name.is_empty() {
        problem(
            ImportColumn::FullName,
            "required",
            "Thiếu họ và tên.".into(),
            "The full name is missing.".into(),
        );
    } else if full_name.chars().count() > NAME_MAX_CHARS {
        problem(
            ImportColumn::FullName,
            "max_length",
            "Họ và tên dài quá 200 ký tự.".into(),
            "The full name is longer than 200 characters.".into(),
        );
    }
    let sex = match cell(ImportColumn::Sex).map(fold_name).as_deref() {
        None => Sex::Unknown,
        Some("nu" | "f" | "female" | "gai" | "be gai") => Sex::Female,
        Some("nam" | "m" | "male" | "trai" | "be trai") => Sex::Male,
        Some(_) => {
            problem(
                ImportColumn::Sex,
                "one_of",
                "Giới tính ghi là Nam hoặc Nữ.".into(),
                "Sex is written Nam (male) or Nữ (female).".into(),
            );
            Sex::Unknown
        }
    };
    let birth = match (cell(ImportColumn::BirthDate), cell(ImportColumn::BirthYear)) {
        (Some(text), _) => read_date(text, ImportColumn::BirthDate, parse_birth, &mut problem),
        (None, Some(text)) => read_date(text, ImportColumn::BirthYear, parse_birth, &mut problem),
        (None, None) => None,
    };
    let received_on = match cell(ImportColumn::ReceivedOn) {
        Some(text) => read_date(text, ImportColumn::ReceivedOn, parse_day, &mut problem),
        None => {
            problem(
                ImportColumn::ReceivedOn,
                "required",
                "Thiếu ngày tiếp nhận.".into(),
                "The date of reception is missing.".into(),
            );
            None
        }
    };
    let channel = match cell(ImportColumn::Channel) {
        Some(text) => {
            let found = words.channels.get(&fold_name(text)).cloned();
            if found.is_none() {
                problem(
                    ImportColumn::Channel,
                    "code_list",
                    format!("Không nhận ra hình thức tiếp nhận «{text}»."),
                    format!("The way of reception “{text}” is not one Haven knows."),
                );
            }
            found
        }
        None => {
            problem(
                ImportColumn::Channel,
                "required",
                "Thiếu hình thức tiếp nhận (tự trở về, giải cứu, trao trả, …).".into(),
                "The way of reception is missing (returned alone, rescued, handed over, …).".into(),
            );
            None
        }
    };
    let mut coded = |column: ImportColumn, table: &HashMap<String, String>, vi: &str, en: &str| {
        let text = cell(column)?;
        let found = table.get(&fold_word(text)).cloned();
        if found.is_none() {
            problem(
                column,
                "code_list",
                format!("Không nhận ra {vi} «{text}»."),
                format!("The {en} “{text}” is not one Haven knows."),
            );
        }
        found
    };
    let nationality = coded(
        ImportColumn::Nationality,
        &words.countries,
        "quốc tịch",
        "nationality",
    )
    .or_else(|| {
        cell(ImportColumn::Nationality)
            .is_none()
            .then(|| "VN".to_owned())
    });
    let ethnicity = coded(
        ImportColumn::Ethnicity,
        &words.ethnicities,
        "dân tộc",
        "ethnic group",
    );
    let destination_country = coded(
        ImportColumn::DestinationCountry,
        &words.countries,
        "nước bị mua bán đến",
        "country of destination",
    );
    let identity_papers = cell(ImportColumn::IdentityNumber)
        .map(|number| {
            let digits = fold_identity_number(number);
            let kind = if digits.len() == 12 {
                "citizen_id"
            } else {
                "legacy_id_card"
            };
            vec![IdentityPaper {
                kind: kind.into(),
                number: digits,
            }]
        })
        .unwrap_or_default();
    let home_place = cell(ImportColumn::HomePlace).map(str::to_owned);
    let current_place = cell(ImportColumn::CurrentPlace).map(str::to_owned);
    let note = cell(ImportColumn::Note).map(str::to_owned);

    let mut listed = |column: ImportColumn, table: &HashMap<String, String>, vi: &str, en: &str| {
        let mut codes: Vec<String> = Vec::new();
        for word in cell(column).map(split_words).unwrap_or_default() {
            match table.get(&fold_word(&word)) {
                Some(code) if !codes.contains(code) => codes.push(code.clone()),
                Some(_) => {}
                None => problem(
                    column,
                    "code_list",
                    format!("Không nhận ra {vi} «{word}»."),
                    format!("The {en} “{word}” is not one Haven knows."),
                ),
            }
        }
        codes
    };
    let purposes = listed(
        ImportColumn::Purposes,
        &words.purposes,
        "mục đích mua bán",
        "purpose of trafficking",
    );
    let services = listed(
        ImportColumn::Services,
        &words.services,
        "hình thức hỗ trợ",
        "support service",
    );
    let outcome = match cell(ImportColumn::Identified).map(fold_name).as_deref() {
        None => None,
        Some(answer) if VICTIM_ANSWERS.contains(&answer) => Some(Outcome::Victim),
        Some(answer) if NOT_VICTIM_ANSWERS.contains(&answer) => Some(Outcome::NotVictim),
        Some(answer) if PENDING_ANSWERS.contains(&answer) => None,
        Some(_) => {
            problem(
                ImportColumn::Identified,
                "one_of",
                "Ghi «Có» (là nạn nhân), «Không» (không phải nạn nhân) hoặc «Chưa» (chưa xác định).".into(),
                "Write Có (a victim), Không (not a victim) or Chưa (not yet decided).".into(),
            );
            None
        }
    };
    let identified_on = cell(ImportColumn::IdentifiedOn)
        .and_then(|text| read_date(text, ImportColumn::IdentifiedOn, parse_day, &mut problem));
    let documented = [
        ImportColumn::IdentifiedBy,
        ImportColumn::IdentificationDocument,
        ImportColumn::IdentifiedOn,
    ]
    .into_iter()
    .find(|column| cell(*column).is_some());
    if let (None, Some(column)) = (outcome, documented) {
        problem(
            column,
            "identification_pending",
            "Có văn bản xác định nhưng cột «Xác định là nạn nhân» không ghi «Có» hoặc «Không»: ghi kết quả, hoặc bỏ văn bản.".into(),
            "An identification document is given but “Identified as a victim” says neither Có nor Không: write the outcome, or leave the document out.".into(),
        );
    }
    let identification = outcome.map(|outcome| ListIdentification {
        outcome,
        agency: cell(ImportColumn::IdentifiedBy).map(str::to_owned),
        document_number: cell(ImportColumn::IdentificationDocument).map(str::to_owned),
        document_date: identified_on,
    });
    let supported_on = cell(ImportColumn::SupportedOn)
        .and_then(|text| read_date(text, ImportColumn::SupportedOn, parse_day, &mut problem));
    if !services.is_empty() && supported_on.is_none() && cell(ImportColumn::SupportedOn).is_none() {
        problem(
            ImportColumn::SupportedOn,
            "required",
            "Có hỗ trợ đã nhận thì phải ghi ngày hỗ trợ.".into(),
            "Support received needs the date of support.".into(),
        );
    }
    let returned_home = cell(ImportColumn::ReturnedHomeOn)
        .and_then(|text| read_date(text, ImportColumn::ReturnedHomeOn, parse_day, &mut problem))
        .map(|returned_on| ReturnHome {
            returned_on,
            handover_record: cell(ImportColumn::HandoverRecord).map(str::to_owned),
            escort: cell(ImportColumn::Escort).map(str::to_owned),
        });
    let return_detail = [ImportColumn::HandoverRecord, ImportColumn::Escort]
        .into_iter()
        .find(|column| cell(*column).is_some());
    if let (None, None, Some(column)) = (
        cell(ImportColumn::ReturnedHomeOn),
        &returned_home,
        return_detail,
    ) {
        problem(
            column,
            "return_day_missing",
            "Có biên bản hoặc người đưa về nhưng thiếu «Ngày về địa phương».".into(),
            "A handover record or escort is given without the “Date returned home”.".into(),
        );
    }

    match (received_on, channel, problems.is_empty()) {
        (Some(received_on), Some(channel), true) => Ok(ListRow {
            line,
            person: Person {
                full_name,
                other_names: Vec::new(),
                sex,
                birth,
                ethnicity,
                nationality,
                identity_papers,
                permanent_residence: Residence::default(),
                current_residence: Residence::default(),
                languages: Vec::new(),
                disability: None,
                contact: None,
                relatives: Vec::new(),
            },
            received_on,
            channel,
            home_place,
            current_place,
            destination_country,
            note,
            steps: ListSteps {
                purposes,
                identification,
                services: supported_on
                    .map(|on| (services, on))
                    .filter(|(codes, _)| !codes.is_empty()),
                returned_home,
            },
        }),
        (None, _, _) | (_, None, _) | (_, _, false) => Err(problems),
    }
}

/// How lists answer "identified as a victim?", folded.
// Not "x": a tick in a column is too easily a mark of something else, and
// an identification cannot be taken back.
const VICTIM_ANSWERS: &[&str] = &[
    "co",
    "yes",
    "da xac dinh",
    "la nan nhan",
    "nan nhan",
    "da xac dinh la nan nhan",
];
const NOT_VICTIM_ANSWERS: &[&str] = &["khong", "no", "khong phai nan nhan", "khong phai"];
const PENDING_ANSWERS: &[&str] = &[
    "chua",
    "chua xac dinh",
    "dang xac minh",
    "dang xac dinh",
    "chua ro",
];

/// A cell naming several things: "Y tế, tâm lý; học nghề". Not "và":
/// labels hold it ("Tư vấn và cung cấp thông tin pháp lý").
fn split_words(text: &str) -> Vec<String> {
    text.split([',', ';', '/', '+', '\n'])
        .map(|part| part.trim().trim_end_matches('.').trim().to_owned())
        .filter(|part| !part.is_empty())
        .collect()
}

fn read_date<T>(
    text: &str,
    column: ImportColumn,
    parse: impl Fn(&str) -> Result<T, DateProblem>,
    problem: &mut impl FnMut(ImportColumn, &'static str, String, String),
) -> Option<T> {
    match parse(text) {
        Ok(value) => Some(value),
        Err(DateProblem::Empty) => None,
        Err(DateProblem::Unreadable) => {
            problem(
                column,
                "date",
                format!("«{text}» không phải là ngày (ghi ngày/tháng/năm, ví dụ 05/03/2021)."),
                format!("“{text}” is not a date (write day/month/year, e.g. 05/03/2021)."),
            );
            None
        }
        Err(DateProblem::NoSuchDay) => {
            problem(
                column,
                "date",
                format!("Không có ngày «{text}»."),
                format!("There is no such day as “{text}”."),
            );
            None
        }
        Err(DateProblem::YearOutOfRange) => {
            problem(
                column,
                "year_range",
                format!("Năm trong «{text}» phải từ 1900 đến 2100."),
                format!("The year in “{text}” must be from 1900 to 2100."),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Vocabulary {
        Vocabulary::default()
            .with_channels([("self_return", "Tự trở về"), ("rescue", "Giải cứu")])
            .with_ethnicities([("01", "Kinh", "Kinh (Viet)"), ("17", "H'Mông", "Hmong")])
            .with_countries([
                ("CN", "Trung Quốc", "China"),
                ("VN", "Việt Nam", "Viet Nam"),
            ])
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    fn mapping() -> Mapping {
        let headers = row(&[
            "STT",
            "Họ và tên",
            "Giới tính",
            "Năm sinh",
            "Dân tộc",
            "Quê quán",
            "Ngày tiếp nhận",
            "Hình thức trở về",
            "Nơi bị mua bán đến",
        ]);
        Mapping::suggested(&headers)
    }

    #[test]
    fn a_clean_row_is_a_person_and_her_reception() {
        let read = read_row(
            &mapping(),
            2,
            &row(&[
                "1",
                "Giàng Thị Mỷ",
                "Nữ",
                "2004",
                "H'Mông",
                "xã Bản Lầu, huyện Mường Khương, tỉnh Lào Cai",
                "05/03/2021",
                "Tự trở về",
                "Trung Quốc",
            ]),
            &words(),
        );
        let Ok(read) = read else {
            panic!("{read:?}");
        };
        assert_eq!(read.person.full_name, "Giàng Thị Mỷ");
        assert_eq!(read.person.sex, Sex::Female);
        assert_eq!(read.person.birth, Some(Birth::Year { year: 2004 }));
        assert_eq!(read.person.ethnicity.as_deref(), Some("17"));
        assert_eq!(
            read.person.nationality.as_deref(),
            Some("VN"),
            "a Vietnamese list: VN unless written"
        );
        assert_eq!(read.channel, "self_return");
        assert_eq!(read.destination_country.as_deref(), Some("CN"));
        assert_eq!(
            read.received_on,
            NaiveDate::from_ymd_opt(2021, 3, 5).unwrap_or_default()
        );
        assert_eq!(
            read.home_place.as_deref(),
            Some("xã Bản Lầu, huyện Mường Khương, tỉnh Lào Cai")
        );
        let retyped = read_row(
            &mapping(),
            9,
            &row(&[
                "7",
                "GIANG THI MY",
                "nu",
                "2004",
                "Hmong",
                "Xa Ban Lau, huyen Muong Khuong, tinh Lao Cai",
                "5/3/2021",
                "tu tro ve",
                "China",
            ]),
            &words(),
        );
        assert_eq!(
            retyped.map(|r| r.fingerprint_text()),
            Ok(read.fingerprint_text()),
            "typed without diacritics, the same record"
        );
    }

    #[test]
    fn every_problem_of_a_row_is_told_with_its_column_and_rule() {
        let problems = read_row(
            &mapping(),
            5,
            &row(&[
                "3",
                "",
                "Không rõ",
                "31/02/2001",
                "Người sao Hỏa",
                "",
                "",
                "đi bộ",
                "Atlantis",
            ]),
            &words(),
        )
        .unwrap_err();
        let seen: Vec<(usize, ImportColumn, &str)> = problems
            .iter()
            .map(|p| (p.line, p.column, p.rule))
            .collect();
        assert_eq!(
            seen,
            vec![
                (5, ImportColumn::FullName, "required"),
                (5, ImportColumn::Sex, "one_of"),
                (5, ImportColumn::BirthYear, "date"),
                (5, ImportColumn::ReceivedOn, "required"),
                (5, ImportColumn::Channel, "code_list"),
                (5, ImportColumn::Ethnicity, "code_list"),
                (5, ImportColumn::DestinationCountry, "code_list"),
            ]
        );
        assert!(problems
            .iter()
            .all(|p| !p.message_vi.is_empty() && !p.message_en.is_empty()));
    }

    #[test]
    fn the_later_steps_a_row_records_are_read_by_their_words() {
        let headers = row(&[
            "Họ và tên",
            "Ngày tiếp nhận",
            "Hình thức trở về",
            "Mục đích bị mua bán",
            "Xác định là nạn nhân",
            "Cơ quan xác định",
            "Số văn bản xác định",
            "Ngày văn bản xác định",
            "Hỗ trợ đã nhận",
            "Ngày hỗ trợ",
            "Ngày về địa phương",
            "Số biên bản bàn giao",
        ]);
        let mapping = Mapping::suggested(&headers);
        let words = words()
            .with_purposes([("forced_marriage", "Cưỡng ép kết hôn", "Forced marriage")])
            .with_services([
                ("medical_care", "Khám và chữa bệnh", "Medical care"),
                (
                    "vocational_training",
                    "Hỗ trợ học nghề",
                    "Vocational training",
                ),
            ]);
        let read = read_row(
            &mapping,
            4,
            &row(&[
                "Lò Thị Hoa",
                "05/03/2021",
                "Tự trở về",
                "bán làm vợ",
                "Có",
                "Công an huyện Mường Khương",
                "15/GXN",
                "20/03/2021",
                "Y tế; hoc nghe",
                "01/04/2021",
                "10/04/2021",
                "BB-12",
            ]),
            &words,
        );
        let Ok(read) = read else {
            panic!("{read:?}");
        };
        assert_eq!(read.steps.purposes, vec!["forced_marriage".to_owned()]);
        let identification = read.steps.identification.clone();
        assert_eq!(
            identification.map(|i| (i.outcome, i.agency, i.document_number)),
            Some((
                Outcome::Victim,
                Some("Công an huyện Mường Khương".to_owned()),
                Some("15/GXN".to_owned())
            ))
        );
        assert_eq!(
            read.steps.services.clone().map(|(codes, _)| codes),
            Some(vec![
                "medical_care".to_owned(),
                "vocational_training".to_owned()
            ])
        );
        assert_eq!(
            read.steps.returned_home.map(|r| r.handover_record),
            Some(Some("BB-12".to_owned()))
        );
        let problems = read_row(
            &mapping,
            5,
            &row(&[
                "Lò Thị Hoa",
                "05/03/2021",
                "Tự trở về",
                "đi chơi",
                "Có lẽ",
                "",
                "",
                "",
                "Y tế",
                "",
                "",
                "",
            ]),
            &words,
        )
        .unwrap_err();
        let seen: Vec<(ImportColumn, &str)> = problems.iter().map(|p| (p.column, p.rule)).collect();
        assert_eq!(
            seen,
            vec![
                (ImportColumn::Purposes, "code_list"),
                (ImportColumn::Identified, "one_of"),
                (ImportColumn::SupportedOn, "required"),
            ]
        );
    }
}
